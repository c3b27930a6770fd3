"""Synthetic Dutch stories for the Twente demo traject (focus: children in divorce situations).

All texts are written for this project; no story is real and none names a person, school, address or
phone number. A story is put together from fragments of one theme (an opening, an event, sometimes
context, a feeling and an ending), seen from one of three perspective groups. Keeping a story inside
one theme gives the realistic topical clusters that the grouping engine should find, and drawing the
answers from the same theme and valence makes the signification correlate with the text, so pattern
statistics have something true to discover.

Fragments can carry tags (perspective or age group ids, or "4+" for every age group but the youngest)
and placeholders such as {het_kind} or {ex}. A fragment is only used when its tags fit the story and
every placeholder has a value, which is how a grandparent never speaks of "mijn ex" and a toddler
never has a mentor.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

from vertelpunt.demo.organisations import TWENTE_MUNICIPALITIES

Fragment = str | tuple[str, str]

YOUNG = "child youth young_adult"
OLDER = "parent relative other"
PROS = "pro_care pro_education pro_community"
AGES = ("age_0_4", "age_4_12", "age_12_18", "age_18_23", "unknown")
_NOT_TODDLER = ("age_4_12", "age_12_18", "age_18_23", "unknown")

GROUP = {
    "child": "young",
    "youth": "young",
    "young_adult": "young",
    "parent": "older",
    "relative": "older",
    "other": "older",
    "pro_care": "pro",
    "pro_education": "pro",
    "pro_community": "pro",
}
AUDIENCE = {"young": "youth", "older": "parent", "pro": "professional"}

# Parents are the largest group and youths the hardest to reach, as in the 2020-2021 pilot.
PERSPECTIVE_WEIGHTS = {
    "child": 3,
    "youth": 15,
    "young_adult": 7,
    "parent": 34,
    "relative": 6,
    "other": 3,
    "pro_care": 14,
    "pro_education": 9,
    "pro_community": 9,
}
AGE_WEIGHTS = {
    "parent": {"age_0_4": 8, "age_4_12": 38, "age_12_18": 34, "age_18_23": 6, "unknown": 14},
    "relative": {"age_0_4": 10, "age_4_12": 45, "age_12_18": 30, "unknown": 15},
    "other": {"age_4_12": 50, "age_12_18": 50},
    "pro": {"age_0_4": 5, "age_4_12": 30, "age_12_18": 35, "age_18_23": 8, "unknown": 22},
}
YOUNG_AGE = {"child": "age_4_12", "youth": "age_12_18", "young_adult": "age_18_23"}

# Parents pick the focus prompt more often than professionals do; that difference is one of the
# patterns the pattern view is expected to surface.
PROMPT_WEIGHTS = {
    "young": {"helped": 25, "focus": 22, "school": 20, "safe": 15, "ordinary_life": 12, "other": 6},
    "older": {"helped": 28, "focus": 38, "school": 10, "safe": 8, "ordinary_life": 10, "other": 6},
    "pro": {"helped": 34, "focus": 20, "school": 12, "safe": 10, "ordinary_life": 14, "other": 10},
}

MUNICIPALITY_WEIGHTS = {
    "enschede": 24,
    "hengelo": 15,
    "almelo": 12,
    "borne": 4,
    "dinkelland": 3,
    "haaksbergen": 4,
    "hellendoorn": 5,
    "hof-van-twente": 5,
    "losser": 3,
    "oldenzaal": 5,
    "rijssen-holten": 5,
    "tubbergen": 3,
    "twenterand": 5,
    "wierden": 4,
}
DEFAULT_MUNICIPALITY_WEIGHT = 4
ELSEWHERE_SHARE = 0.02

LIVING_WEIGHTS = {
    "age_0_4": {"home": 90, "foster": 8, "other": 2},
    "age_4_12": {"home": 85, "foster": 9, "residential": 4, "other": 2},
    "age_12_18": {"home": 75, "foster": 9, "residential": 9, "sheltered": 4, "other": 3},
    "age_18_23": {"home": 45, "independent": 30, "sheltered": 15, "residential": 5, "other": 5},
    "unknown": {"home": 85, "foster": 8, "residential": 4, "other": 3},
}
WHEN_WEIGHTS = {"this_week": 3, "this_month": 6, "months_ago": 8, "years_ago": 3}

FEELING_WEIGHTS = {
    "pos": {"happy": 4, "relieved": 4, "surprised": 1},
    "mixed": {"relieved": 3, "sad": 2, "happy": 1, "surprised": 1, "angry": 1, "indifferent": 1},
    "neg": {"angry": 4, "sad": 4, "afraid": 1, "indifferent": 1},
}

NUMBER_WORDS = {
    1: "een",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
    11: "elf",
    12: "twaalf",
    13: "dertien",
    14: "veertien",
    15: "vijftien",
    16: "zestien",
    17: "zeventien",
    18: "achttien",
    19: "negentien",
    20: "twintig",
    21: "eenentwintig",
    22: "tweeëntwintig",
}
AGE_RANGE = {
    "age_0_4": (2, 3),
    "age_4_12": (5, 11),
    "age_12_18": (12, 17),
    "age_18_23": (18, 22),
    "unknown": (6, 15),
}
SPORTS = ("voetbal", "hockey", "handbal", "judo", "korfbal", "turnen", "zwemmen", "basketbal")


@dataclass(frozen=True)
class Theme:
    """One topical cluster: which prompts lead to it, its texts, and how its answers tend to fall."""

    key: str
    prompts: dict[str, int]
    negative: float
    who: dict[str, int]
    organisations: dict[str, int]
    should_know: dict[str, int]
    focus: tuple[float, float, float]
    duration: dict[str, int]
    titles: dict[str, list[Fragment]]
    text: dict[str, dict[str, list[Fragment]]]
    ages: tuple[str, ...] = AGES
    about_divorce: bool = False
    frightening: bool = False
    living: dict[str, dict[str, int]] | None = None


THEMES: tuple[Theme, ...] = (
    Theme(
        key="waiting_list",
        prompts={"helped": 3, "focus": 1, "other": 1},
        negative=0.7,
        who={"care_provider": 3, "neighbourhood_team": 2, "gp": 2},
        organisations={"care_provider": 3, "neighbourhood_team": 1, "gp": 1},
        should_know={"care_provider": 3, "municipality": 3, "neighbourhood_team": 1},
        focus=(0.3, 0.25, 0.45),
        duration={"weeks": 2, "months": 4, "years": 1},
        titles={
            "pos": [
                "Eindelijk aan de beurt",
                "Het wachten was het waard",
                "Een tussenoplossing die werkte",
                "Toch sneller dan gedacht",
            ],
            "neg": [
                "Wachten, wachten, wachten",
                "Negen maanden op een lijst",
                "Niemand belde terug",
                "Tussen wal en schip",
            ],
        },
        text={
            "young": {
                "open": [
                    "Ik had hulp nodig, maar ik kwam eerst op een wachtlijst.",
                    "Ik sliep al weken slecht en {mam} vond dat ik met iemand moest praten.",
                    "Op school ging het niet goed met me, dus ik werd aangemeld bij de jeugdhulp.",
                    "Iedereen zei dat ik hulp zou krijgen, maar niemand kon zeggen wanneer.",
                ],
                "pos": [
                    "In de tussentijd mocht ik elke week even bij {mentor} langs, en dat hielp meer dan ik "
                    "dacht.",
                    "Na zes weken werd {mam} gebeld dat ik eerder terecht kon. De eerste keer was spannend, "
                    "maar {hulpverlener} was heel rustig en aardig.",
                    "Het wachten duurde lang, maar toen ik eenmaal begon, klikte het meteen.",
                ],
                "neg": [
                    "Het duurde vier maanden voordat ik een eerste gesprek had. In die tijd ging het steeds "
                    "slechter en niemand vroeg hoe het met me ging.",
                    "Elke keer als {mam} belde, zeiden ze dat we nog even geduld moesten hebben. Toen heb "
                    "ik maar besloten dat ik het zelf wel oplos.",
                    "Toen ik eindelijk aan de beurt was, was het ergste al voorbij. Ik had het gewoon alleen "
                    "moeten doen.",
                ],
            },
            "older": {
                "open": [
                    "Voor {een_kind} zochten we hulp, omdat {hij} steeds vaker boos en verdrietig was.",
                    "Via de huisarts werd {een_kind} aangemeld voor jeugdhulp.",
                    "We hadden eindelijk een verwijzing voor {een_kind}, maar toen begon het wachten.",
                ],
                "pos": [
                    "Het wijkteam regelde dat we in de tussentijd een paar gesprekken met een gezinscoach "
                    "kregen. Daardoor hielden we het vol tot de echte hulp begon.",
                    "Na zeven weken werden we gebeld dat er een plek vrij was gekomen. {Het_kind} voelde "
                    "zich vanaf het eerste gesprek op {zijn} gemak.",
                    "Ik bleef bellen, en uiteindelijk kregen we een plek bij een andere aanbieder die wel "
                    "ruimte had.",
                ],
                "neg": [
                    "De wachtlijst bleek negen maanden te zijn. Niemand vertelde ons wat we in de tussentijd "
                    "konden doen.",
                    "In een half jaar heb ik vier keer opnieuw ons hele verhaal moeten vertellen, en nog "
                    "steeds was er geen hulp.",
                    "Toen we eindelijk aan de beurt waren, zei de intaker dat we bij een andere organisatie "
                    "moesten zijn. Daar begon het wachten opnieuw.",
                ],
            },
            "pro": {
                "open": [
                    "Als {rol} meldde ik {een_kind} aan voor specialistische hulp.",
                    (
                        "Ik begeleid {een_kind} die na de scheiding van de ouders in een sombere periode "
                        "terechtkwam.",
                        "4+",
                    ),
                    "In mijn werk als {rol} zie ik steeds vaker dat kinderen maanden moeten wachten. Zo ook "
                    "{een_kind} over wie ik hier vertel.",
                ],
                "pos": [
                    "Samen met het wijkteam hebben we een overbruggingsaanbod geregeld, zodat {het_kind} "
                    "niet met lege handen bleef zitten.",
                    "Door kort te schakelen met een collega van een andere aanbieder kon {het_kind} binnen "
                    "drie weken starten.",
                    "We spraken af dat ik elke twee weken contact hield met het gezin tot de behandeling "
                    "begon. Dat gaf {het_kind} en de ouders houvast.",
                ],
                "neg": [
                    "De wachttijd was ruim een half jaar. Ik kon niets anders doen dan {het_kind} en de "
                    "ouders vragen om vol te houden.",
                    "Tijdens het wachten escaleerde de situatie thuis, en uiteindelijk was er een crisisplek "
                    "nodig. Met tijdige hulp was dat waarschijnlijk niet gebeurd.",
                    "De aanmelding bleek ergens tussen twee organisaties te zijn blijven hangen. Niemand "
                    "voelde zich verantwoordelijk.",
                ],
            },
        },
    ),
    Theme(
        key="being_heard",
        prompts={"helped": 3, "focus": 2, "safe": 1, "other": 1},
        negative=0.55,
        who={"care_provider": 3, "neighbourhood_team": 2, "police_justice": 1, "school": 1},
        organisations={"care_provider": 3, "neighbourhood_team": 2, "certified_institution": 2},
        should_know={"care_provider": 3, "everyone": 2, "police_justice": 1, "neighbourhood_team": 1},
        focus=(0.6, 0.2, 0.2),
        duration={"days": 2, "weeks": 2, "months": 2},
        ages=_NOT_TODDLER,
        titles={
            "pos": [
                ("Eindelijk mocht ik zelf praten", YOUNG),
                "Iemand die echt luisterde",
                ("Aan tafel bij mijn eigen gesprek", YOUNG),
                "Gehoord",
                ("Het kind aan het woord", f"{OLDER} {PROS}"),
            ],
            "neg": [
                "Over mij, zonder mij",
                ("Niemand vroeg wat ik wilde", YOUNG),
                "Praten tegen een muur",
                "Ze luisterden alleen naar de volwassenen",
            ],
        },
        text={
            "young": {
                "open": [
                    "Er waren steeds gesprekken over mij, maar meestal zat ik er niet bij.",
                    "Na de scheiding moest er besloten worden bij wie ik zou gaan wonen.",
                    "Ik moest een gesprek hebben met {hulpverlener} over hoe het thuis ging.",
                    "Bij de jeugdhulp hadden ze een plan voor mij gemaakt.",
                ],
                "pos": [
                    "{Hulpverlener} vroeg eerst wat ik zelf wilde, en schreef dat ook echt op. Later zag ik "
                    "dat mijn woorden in het plan stonden.",
                    "Ik mocht zelf kiezen of mijn ouders erbij waren. Ik koos alleen, en toen durfde ik "
                    "eindelijk alles te zeggen.",
                    "Ze vroegen of ik het liever tijdens een wandeling wilde doen in plaats van in zo'n "
                    "kamertje. Dat praatte veel makkelijker.",
                ],
                "neg": [
                    "Ze praatten alleen met mijn ouders, en daarna kreeg ik te horen wat er besloten was.",
                    "Ik zei dat ik niet elk weekend naar {pap} wilde, maar in het plan stond gewoon iets "
                    "anders. Het maakte dus niet uit wat ik zei.",
                    "Ik werd heel vaak hetzelfde gevraagd, maar er veranderde nooit iets. Na een tijdje zei "
                    "ik maar gewoon dat het goed ging.",
                ],
            },
            "older": {
                "open": [
                    "Er werd veel over {een_kind} gepraat, maar zelden met {hem}.",
                    "Bij het opstellen van het ouderschapsplan moest ook {een_kind} gehoord worden.",
                    "{Een_kind} had een gesprek bij de jeugdhulp, en ik was benieuwd of {hij} echt {zijn} "
                    "verhaal kwijt kon.",
                ],
                "pos": [
                    "De hulpverlener nam {het_kind} apart en gaf {hem} de tijd. Thuis zei {hij}: die mevrouw "
                    "snapt me.",
                    "Voor het eerst zat {het_kind} zelf aan tafel, en alle volwassenen luisterden. Ik zag "
                    "{hem} zichtbaar groeien.",
                    (
                        "Er werd een kindgesprek gedaan waarin {het_kind} mocht tekenen wat {hij} voelde. "
                        "Daardoor begreep ik zelf ook veel beter wat er speelde.",
                        "age_4_12 unknown",
                    ),
                    (
                        "In het gesprek mocht {het_kind} in eigen woorden vertellen wat {hij} nodig had, en "
                        "dat kwam ook echt in het plan.",
                        "age_12_18 age_18_23",
                    ),
                ],
                "neg": [
                    "Het gesprek duurde tien minuten en ging vooral over de regels. {Het_kind} kwam stil "
                    "naar buiten en wilde er niet meer over praten.",
                    "Alles wat {het_kind} vertelde, kwam later verdraaid in het verslag terecht. {Hij} "
                    "voelde zich verraden.",
                    ("Alleen {ex} en ik werden gehoord; naar {het_kind} vroeg niemand.", "parent"),
                ],
            },
            "pro": {
                "open": [
                    "In een overleg over {een_kind} merkte ik dat iedereen het over {hem} had, maar niemand "
                    "met {hem}.",
                    "Als {rol} voerde ik een gesprek met {een_kind} over de situatie thuis.",
                    "Bij een scheiding werd mij gevraagd de stem van {een_kind} in beeld te brengen.",
                ],
                "pos": [
                    "We hebben het overleg omgegooid en {het_kind} mocht het eerste kwartier zelf "
                    "vertellen. De ouders waren er stil van.",
                    "Ik liet {het_kind} zelf een brief schrijven voor de ouders. Die brief heeft meer in "
                    "beweging gezet dan al onze verslagen samen.",
                    "Door gewoon naast {het_kind} te gaan zitten en de tijd te nemen, kwam er een heel ander "
                    "verhaal dan in het dossier stond.",
                ],
                "neg": [
                    "Het gesprek was ingepland op een tijd dat {het_kind} op school zat, dus het ging weer "
                    "zonder {hem}.",
                    "Ik heb de wens van {het_kind} doorgegeven, maar in het uiteindelijke besluit werd er "
                    "niets mee gedaan.",
                    "Er was simpelweg geen tijd om rustig met {het_kind} te praten. We hadden een half uur "
                    "voor het hele gezin.",
                ],
            },
        },
    ),
    Theme(
        key="caseworker_switch",
        prompts={"helped": 3, "other": 2, "focus": 1},
        negative=0.7,
        who={"care_provider": 4, "neighbourhood_team": 1},
        organisations={"care_provider": 3, "certified_institution": 2, "neighbourhood_team": 1},
        should_know={"care_provider": 4, "municipality": 2, "everyone": 1},
        focus=(0.35, 0.2, 0.45),
        duration={"months": 3, "years": 3},
        titles={
            "pos": [
                "Eén vast gezicht",
                "Ze bleef gewoon",
                "Een goede overdracht",
            ],
            "neg": [
                "Weer een nieuwe",
                "Vijf hulpverleners in twee jaar",
                "Steeds opnieuw beginnen",
                "Mijn verhaal, telkens opnieuw",
            ],
        },
        text={
            "young": {
                "open": [
                    "In twee jaar heb ik vijf verschillende hulpverleners gehad.",
                    "Ik had eindelijk een begeleider bij wie ik me op mijn gemak voelde.",
                    "Ik kreeg te horen dat ik een nieuwe hulpverlener zou krijgen.",
                ],
                "pos": [
                    "Mijn oude begeleider kwam de nieuwe zelf aan mij voorstellen. We hebben met zijn "
                    "drieën iets gedronken en dat maakte het veel makkelijker.",
                    "Ik mocht zeggen dat ik bij dezelfde persoon wilde blijven, en dat is ook gelukt.",
                    "De nieuwe begeleider had alles goed gelezen, dus ik hoefde niet alles opnieuw te "
                    "vertellen.",
                ],
                "neg": [
                    "Elke keer moest ik mijn hele verhaal opnieuw vertellen. Op een gegeven moment had ik er "
                    "gewoon geen zin meer in.",
                    "Mijn begeleider ging weg zonder afscheid te nemen. Ik hoorde het pas toen er opeens "
                    "iemand anders voor de deur stond.",
                    "De nieuwe wist niks van mij en vroeg dingen die ik al tien keer had verteld.",
                ],
            },
            "older": {
                "open": [
                    "{Een_kind} heeft in korte tijd heel wat hulpverleners versleten.",
                    "We waren net gewend aan onze gezinscoach toen we hoorden dat ze ander werk ging doen.",
                    "In het dossier van {een_kind} staan inmiddels zes verschillende begeleiders.",
                ],
                "pos": [
                    "De oude en de nieuwe hulpverlener kwamen samen bij ons thuis voor een warme overdracht. "
                    "{Het_kind} vond het zichtbaar minder eng.",
                    "De organisatie regelde dat we dezelfde contactpersoon hielden, ook al verhuisden we "
                    "naar een andere gemeente.",
                    "We kregen een nieuwe begeleider, maar die nam de tijd om eerst kennis te maken voordat "
                    "er iets veranderde.",
                ],
                "neg": [
                    "Elke nieuwe hulpverlener begon met een nieuwe intake en nieuwe doelen. Na een jaar "
                    "waren we nog geen stap verder.",
                    "Niemand liet ons weten dat de begeleider weg was. We kwamen er pas achter toen "
                    "afspraken niet doorgingen.",
                    (
                        "{Het_kind} heeft nu besloten dat {hij} niemand meer vertrouwt, en ik kan het {hem} "
                        "eerlijk gezegd niet kwalijk nemen.",
                        "4+",
                    ),
                ],
            },
            "pro": {
                "open": [
                    "Ik nam de begeleiding van {een_kind} over van een collega die vertrok.",
                    "Als {rol} ben ik al de vierde hulpverlener in het leven van {een_kind}.",
                    "In ons team was veel verloop, en dat merkten de gezinnen die we begeleidden. Zo ook het "
                    "gezin van {een_kind}.",
                ],
                "pos": [
                    "Ik heb bewust de eerste weken alleen geluisterd en niets nieuws opgezet. Langzaam "
                    "kreeg ik het vertrouwen van het gezin.",
                    "Mijn collega en ik hebben een paar weken samen opgetrokken voordat ik het overnam. Dat "
                    "was achteraf goud waard.",
                    "We hebben afgesproken dat er één vaste contactpersoon bleef, ook al wisselde de "
                    "hulpverlener. Zo bleef er een rode draad voor {het_kind}.",
                ],
                "neg": [
                    (
                        "{Het_kind} keek me aan en zei: jij gaat straks toch ook weer weg. Daar had ik "
                        "eerlijk gezegd geen goed antwoord op.",
                        "4+",
                    ),
                    "Het dossier was onvolledig en ik moest het gezin opnieuw alles laten vertellen. Ik zag "
                    "de moeheid bij de ouders.",
                    "Door het personeelstekort heb ik het gezin maandenlang maar één keer per maand kunnen "
                    "zien.",
                ],
            },
        },
    ),
    Theme(
        key="school_mentor",
        prompts={"school": 4, "helped": 2, "focus": 1},
        negative=0.3,
        who={"school": 5, "family_friends": 1, "care_provider": 1},
        organisations={"school": 6},
        should_know={"school": 4, "everyone": 2},
        focus=(0.65, 0.15, 0.2),
        duration={"weeks": 2, "months": 3, "years": 1},
        ages=_NOT_TODDLER,
        titles={
            "pos": [
                ("Mijn mentor zag het", "youth young_adult"),
                ("Een juf die doorvroeg", "child age_4_12"),
                "Even naar de mentor",
                "Een veilige plek op school",
                ("Dankzij school", f"{OLDER} {PROS}"),
            ],
            "neg": [
                "Niemand op school wist het",
                "Te druk voor mij",
                "Alleen maar over cijfers",
            ],
        },
        text={
            "young": {
                "open": [
                    "Toen mijn ouders uit elkaar gingen, kon ik me op school niet meer concentreren.",
                    "{Mentor} zag dat ik stiller was dan normaal.",
                    "Op school had ik het heel moeilijk in de periode dat het thuis misging.",
                ],
                "pos": [
                    "{Mentor} vroeg na de les of alles goed ging. Ik begon te huilen en toen mocht ik "
                    "gewoon even blijven zitten.",
                    "Ik kreeg een kaartje waarmee ik de klas uit mocht als het even niet ging. Ik heb het "
                    "maar twee keer gebruikt, maar het idee alleen al hielp.",
                    "{Mentor} zorgde dat mijn toetsen even werden uitgesteld en vroeg elke week kort hoe het "
                    "ging.",
                    "{Mentor} zei dat veel anderen in mijn klas ook gescheiden ouders hebben. Daardoor "
                    "voelde ik me minder raar.",
                ],
                "neg": [
                    "Ik kreeg alleen maar opmerkingen over mijn cijfers en dat ik beter mijn best moest "
                    "doen. Niemand vroeg waarom het ineens zo slecht ging.",
                    (
                        "{Mentor} had het te druk en zei dat ik maar naar de zorgcoördinator moest. Daar "
                        "ben ik nooit heen gegaan.",
                        "youth young_adult",
                    ),
                    "Iedereen in de klas wist ervan voordat ik het zelf had verteld, omdat {mentor} het in "
                    "de klas had gezegd.",
                ],
            },
            "older": {
                "open": [
                    "Tijdens de scheiding ging het op school ineens veel minder met {een_kind}.",
                    "Ik had {mentor} van {een_kind} op de hoogte gebracht van de situatie thuis.",
                    "{Een_kind} kwam steeds vaker met buikpijn thuis van school.",
                ],
                "pos": [
                    (
                        "{Mentor} belde ons allebei apart, zodat we geen ruzie hoefden te maken over wie "
                        "wat wist. Dat gaf zoveel rust.",
                        "parent",
                    ),
                    "{Mentor} hield {het_kind} extra in de gaten en mailde mij elke vrijdag kort hoe de "
                    "week was gegaan.",
                    "School regelde een paar gesprekken met de schoolmaatschappelijk werker. {Het_kind} ging "
                    "daarna weer met plezier naar school.",
                ],
                "neg": [
                    "Pas bij het rapport hoorde ik dat het al maanden niet goed ging. Niemand had ons eerder "
                    "gebeld.",
                    (
                        "School gaf alle informatie alleen aan {ex}, omdat die het contact altijd had "
                        "gedaan. Ik stond er helemaal buiten.",
                        "parent",
                    ),
                    "{Mentor} vond dat thuisproblemen niet bij school hoorden. {Het_kind} voelde zich daar "
                    "niet gezien.",
                ],
            },
            "pro": {
                "open": [
                    ("In mijn klas zit {een_kind} van wie de ouders net uit elkaar zijn.", "pro_education"),
                    ("Als {rol} merkte ik dat {een_kind} zich steeds meer terugtrok.", "pro_education"),
                    (
                        "Vanuit mijn werk als {rol} had ik contact met de mentor van {een_kind}.",
                        "pro_care pro_community",
                    ),
                    (
                        "Ik werd gebeld door school over {een_kind}, die steeds vaker afwezig was.",
                        "pro_care pro_community",
                    ),
                ],
                "pos": [
                    "We maakten samen met {het_kind} een plan: een vaste plek om even tot rust te komen en "
                    "elke week een kort gesprek. Binnen een maand zag ik {hem} weer lachen.",
                    "Ik heb beide ouders apart uitgenodigd, zodat ze allebei op de hoogte bleven zonder dat "
                    "het een strijd werd.",
                    (
                        "De mentor en ik spraken af dat we elkaar elke twee weken kort zouden bellen. "
                        "Daardoor konden we snel bijsturen.",
                        "pro_care pro_community",
                    ),
                ],
                "neg": [
                    "Het rooster liet geen ruimte voor extra gesprekken, en de zorgcoördinator had een "
                    "wachtlijst van weken.",
                    "School mocht van een van de ouders niets delen met de hulpverlening. Daardoor werkten "
                    "we langs elkaar heen.",
                    (
                        "Met dertig leerlingen in de klas kon ik {het_kind} niet de aandacht geven die "
                        "{hij} nodig had.",
                        "pro_education",
                    ),
                ],
            },
        },
    ),
    Theme(
        key="parents_fighting",
        prompts={"focus": 4, "safe": 3, "other": 1},
        negative=0.75,
        who={"family_friends": 3, "police_justice": 1, "neighbourhood_team": 1, "care_provider": 1},
        organisations={"neighbourhood_team": 2, "care_provider": 2, "other": 2},
        should_know={"family_friends": 2, "everyone": 2, "neighbourhood_team": 1, "care_provider": 1},
        focus=(0.45, 0.45, 0.1),
        duration={"months": 3, "years": 4},
        about_divorce=True,
        frightening=True,
        titles={
            "pos": [
                "De ruzies stopten",
                "Eindelijk rust",
                "Ouders die het samen deden",
                ("Ze kozen voor mij", YOUNG),
            ],
            "neg": [
                "Midden in de ruzie",
                ("Boodschapper tussen twee huizen", YOUNG),
                ("Ik hoorde alles", YOUNG),
                "Schreeuwen aan de voordeur",
                "Tussen twee vuren",
            ],
        },
        text={
            "young": {
                "open": [
                    "Mijn ouders hebben heel vaak ruzie, ook nu ze uit elkaar zijn.",
                    "Bij het wisselen aan de deur ging het bijna altijd mis.",
                    "Ik moest vaak berichtjes doorgeven van {mam} aan {pap}.",
                    "'s Avonds lag ik in bed en hoorde ik ze beneden schreeuwen.",
                ],
                "pos": [
                    "Toen ik een keer zei dat ik er buikpijn van kreeg, zijn ze samen naar een mediator "
                    "gegaan. Sindsdien doen ze in ieder geval normaal als ik erbij ben.",
                    "{Mentor} hielp me een brief te schrijven aan allebei mijn ouders. Ze hebben hem echt "
                    "gelezen, en daarna werd het rustiger.",
                    "We spraken af dat ze niet meer via mij zouden communiceren. Dat scheelt echt heel veel.",
                ],
                "neg": [
                    "Ik sta er altijd tussenin en moet kiezen, ook al zeggen ze dat dat niet hoeft.",
                    "Een keer stond de politie voor de deur omdat de buren hadden gebeld. Ik schaamde me "
                    "kapot.",
                    "Als ik bij {pap} ben, vraagt hij alles over {mam}, en andersom. Ik zeg maar gewoon "
                    "niks meer.",
                ],
            },
            "older": {
                "open": [
                    (
                        "{Ex} en ik konden na de scheiding geen normaal woord meer met elkaar wisselen.",
                        "parent",
                    ),
                    ("De ruzies tussen mij en {ex} gingen ook na de scheiding gewoon door.", "parent"),
                    "Ik zag aan {een_kind} dat de spanning tussen de ouders {hem} zwaar viel.",
                    (
                        "Ik zie {een_kind} klem zitten tussen twee ouders die elkaar niets gunnen.",
                        "relative other",
                    ),
                ],
                "pos": [
                    (
                        "Via het wijkteam kwamen we bij een mediator terecht. Voor het eerst praatten we "
                        "over wat {het_kind} nodig had in plaats van over elkaar.",
                        "parent",
                    ),
                    (
                        "We volgden een cursus voor gescheiden ouders. Het was confronterend, maar "
                        "{het_kind} merkt echt het verschil.",
                        "parent",
                    ),
                    "De overdracht gaat nu via de opvang of school, zodat de ouders elkaar bijna niet meer "
                    "zien. {Het_kind} is daar zichtbaar rustiger van geworden.",
                    (
                        "Toen ik de ouders vertelde wat {het_kind} bij ons had gezegd, schrokken ze "
                        "allebei. Sindsdien houden ze de ruzies bij {hem} weg.",
                        "relative other",
                    ),
                ],
                "neg": [
                    (
                        "De hulpverlening koos volgens mij steeds de kant van {ex}, en daardoor werd de "
                        "strijd alleen maar groter.",
                        "parent",
                    ),
                    (
                        "{Het_kind} begon 's nachts weer in bed te plassen en wilde niet meer naar de "
                        "overdracht.",
                        "age_0_4 age_4_12",
                    ),
                    (
                        "{Het_kind} sloot zich steeds vaker op in {zijn} kamer en zei nauwelijks nog iets.",
                        "age_12_18 age_18_23 unknown",
                    ),
                    "Ik vroeg hulp bij het wijkteam, maar daar zeiden ze dat ze niets konden doen zolang de "
                    "ouders er samen niet uitkwamen.",
                ],
            },
            "pro": {
                "open": [
                    "Ik begeleid een gezin waarin de ouders al jaren strijd voeren. {Een_kind} zit er "
                    "middenin.",
                    "Als {rol} zag ik hoe {een_kind} steeds onrustiger werd naarmate de ruzies tussen de "
                    "ouders toenamen.",
                    (
                        "Tijdens een huisbezoek werd ik getuige van een hevige ruzie tussen de ouders van "
                        "{een_kind}.",
                        "pro_care pro_community",
                    ),
                ],
                "pos": [
                    "We hebben de ouders apart gesproken en hen laten horen wat {het_kind} ons had verteld. "
                    "Dat was voor beide ouders een keerpunt.",
                    "Met een ouderschapsplan dat echt vanuit het kind was geschreven, kwam er eindelijk wat "
                    "rust.",
                    "Door de overdracht via school of opvang te laten lopen, hoefden de ouders elkaar niet "
                    "meer te zien. De spanning bij {het_kind} nam direct af.",
                ],
                "neg": [
                    "Beide ouders schakelden advocaten in, en ik zag hoe {het_kind} ondertussen steeds "
                    "verder wegzakte.",
                    "Iedere professional had een eigen deel van het verhaal, maar niemand overzag het "
                    "geheel. Ondertussen ging het thuis van kwaad tot erger.",
                    "Ik heb de situatie besproken met Veilig Thuis, maar het bleef bij een advies. Voor "
                    "{het_kind} veranderde er niets.",
                ],
            },
        },
    ),
    Theme(
        key="two_houses",
        prompts={"focus": 4, "ordinary_life": 3, "other": 1},
        negative=0.45,
        who={"family_friends": 3, "school": 1},
        organisations={"other": 3, "school": 1, "neighbourhood_team": 1},
        should_know={"family_friends": 3, "school": 1, "everyone": 2},
        focus=(0.6, 0.3, 0.1),
        duration={"months": 2, "years": 4},
        ages=("age_0_4", "age_4_12", "age_12_18", "unknown"),
        about_divorce=True,
        titles={
            "pos": [
                "Twee huizen, één thuis",
                ("Mijn eigen plek bij allebei", YOUNG),
                "Een schema dat werkt",
                "Gewoon twee thuizen",
            ],
            "neg": [
                ("Altijd mijn spullen vergeten", YOUNG),
                "Leven uit een tas",
                "Elke week verhuizen",
                "Nergens echt thuis",
            ],
        },
        text={
            "young": {
                "open": [
                    "Ik woon de ene week bij {mam} en de andere week bij {pap}.",
                    "Sinds de scheiding heb ik twee huizen, twee slaapkamers en twee keer zoveel regels.",
                    "Op vrijdag ga ik altijd van het ene huis naar het andere.",
                ],
                "pos": [
                    "Bij allebei heb ik nu een eigen kamer met mijn eigen spullen, dus ik hoef niet meer "
                    "alles mee te slepen.",
                    "Mijn ouders hebben dezelfde regels afgesproken over bedtijd en telefoon. Daardoor "
                    "voelt het minder alsof ik steeds ergens anders woon.",
                    "Ik mocht zelf meedenken over het schema. Nu kan ik gewoon op dinsdag naar {sport}, wat "
                    "er ook gebeurt.",
                ],
                "neg": [
                    "Ik ben altijd wel iets vergeten, mijn gymspullen of mijn oplader. Dan krijg ik op "
                    "school weer een opmerking.",
                    "Bij {pap} woon ik te ver van mijn vrienden, dus die weken zit ik vooral alleen op mijn "
                    "kamer.",
                    "Niemand heeft me gevraagd hoe ik het wilde. Het schema werd gewoon door de advocaten "
                    "gemaakt.",
                ],
            },
            "older": {
                "open": [
                    (
                        "{Een_kind} woont sinds de scheiding om de week bij mij en om de week bij {ex}.",
                        "parent",
                    ),
                    "Na de scheiding kwam er een co-ouderschapsregeling voor {een_kind}.",
                    "Het heen en weer gaan tussen twee huizen was voor {een_kind} in het begin erg zwaar.",
                ],
                "pos": [
                    (
                        "Er is nu één gezamenlijk rooster met alle afspraken, zodat {het_kind} niet steeds "
                        "hoeft uit te leggen waar {hij} is.",
                        "4+",
                    ),
                    "{Het_kind} heeft nu in beide huizen een eigen kamer en eigen spullen. Het wisselen gaat "
                    "daardoor een stuk makkelijker.",
                    (
                        "De ouders wonen bewust dicht bij elkaar, zodat {het_kind} vrienden en school niet "
                        "kwijtraakt.",
                        "4+",
                    ),
                    (
                        "De ouders wonen bewust dicht bij elkaar, zodat {het_kind} gewoon naar dezelfde "
                        "opvang kan blijven gaan.",
                        "age_0_4",
                    ),
                ],
                "neg": [
                    "Elke wissel eindigt in tranen, en ik weet niet goed hoe ik {het_kind} kan helpen.",
                    (
                        "De regels bij {ex} zijn totaal anders dan bij mij, en {het_kind} wordt daar heel "
                        "onrustig van.",
                        "parent",
                    ),
                    "Het schema was gemaakt voor de volwassenen, niet voor {het_kind}. {Hij} is doodmoe van "
                    "het heen en weer reizen.",
                ],
            },
            "pro": {
                "open": [
                    "Ik spreek regelmatig {een_kind} die in een co-ouderschap opgroeit.",
                    "Als {rol} zie ik elke week hoe kinderen tussen twee huizen pendelen, zoals {een_kind}.",
                    ("In een gesprek met {een_kind} ging het vooral over het leven in twee huizen.", "4+"),
                ],
                "pos": [
                    (
                        "De ouders hebben op mijn advies een gezamenlijke agenda gemaakt die ook op school "
                        "ligt. {Het_kind} hoeft niet langer de planner van het gezin te zijn.",
                        "4+",
                    ),
                    "We hebben de ouders laten uitzoeken wat {het_kind} nodig had om zich in beide huizen "
                    "thuis te voelen. Ze hebben dat allebei opgepakt.",
                    "Met een eenvoudige wisselmap tussen de huizen verdween veel gedoe over vergeten "
                    "spullen en afspraken.",
                ],
                "neg": [
                    "Het schema was juridisch rond, maar paste helemaal niet bij het leven van {het_kind}. "
                    "Daar was niemand naar gevraagd.",
                    (
                        "{Het_kind} vertelde dat {hij} in het ene huis niet over het andere huis mocht "
                        "praten. Dat houdt een kind niet lang vol.",
                        "4+",
                    ),
                    "Omdat de ouders in verschillende gemeenten wonen, wist niemand wie de hulp moest "
                    "betalen.",
                ],
            },
        },
    ),
    Theme(
        key="court",
        prompts={"focus": 3, "helped": 2, "safe": 1},
        negative=0.65,
        who={"police_justice": 4, "care_provider": 2},
        organisations={"certified_institution": 5, "other": 1},
        should_know={"police_justice": 3, "care_provider": 2, "municipality": 1},
        focus=(0.3, 0.2, 0.5),
        duration={"months": 3, "years": 3},
        ages=("age_0_4", "age_4_12", "age_12_18", "unknown"),
        about_divorce=True,
        frightening=True,
        titles={
            "pos": [
                ("De rechter luisterde naar mij", YOUNG),
                "Een jeugdbeschermer die bleef",
                "Duidelijkheid na lange tijd",
                "Eindelijk een besluit",
            ],
            "neg": [
                ("Mijn leven in een rapport", YOUNG),
                "Van zitting naar zitting",
                "Onder toezicht, niet gezien",
                "Het dossier klopte niet",
            ],
        },
        text={
            "young": {
                "open": [
                    "Mijn ouders konden het niet eens worden over mij, dus het ging naar de rechter.",
                    "Ik moest een gesprek hebben met de kinderrechter.",
                    "Er kwam iemand van de Raad voor de Kinderbescherming bij ons thuis.",
                    "Sinds vorig jaar heb ik een jeugdbeschermer.",
                ],
                "pos": [
                    "De rechter was veel aardiger dan ik dacht. Ze vroeg wat ik wilde en zei eerlijk wat ze "
                    "wel en niet kon doen.",
                    "Mijn jeugdbeschermer legde alles uit in normale woorden en belde me na de zitting zelf "
                    "op.",
                    "Ik mocht een brief schrijven voor de rechter in plaats van te praten. Dat vond ik veel "
                    "fijner.",
                ],
                "neg": [
                    "Ik heb het rapport later gelezen, en er stonden dingen in die ik nooit gezegd had.",
                    "Het ging maar door, zitting na zitting, en ik wist nooit wanneer er eindelijk een "
                    "besluit kwam.",
                    "Niemand legde me uit wat een ondertoezichtstelling was. Ik dacht dat ik uit huis werd "
                    "geplaatst en was doodsbang.",
                ],
            },
            "older": {
                "open": [
                    ("Onze scheiding eindigde uiteindelijk bij de rechter.", "parent"),
                    "Na een melding kwam de Raad voor de Kinderbescherming langs voor {een_kind}.",
                    "{Een_kind} staat sinds anderhalf jaar onder toezicht van een jeugdbeschermer.",
                ],
                "pos": [
                    "De jeugdbeschermer zette {het_kind} centraal en liet zich niet meeslepen in de strijd. "
                    "Achteraf ben ik daar heel dankbaar voor.",
                    "De raadsonderzoeker sprak ook met school en met de grootouders, en kwam met een eerlijk "
                    "rapport. Het hielp iedereen om te accepteren wat nodig was.",
                    "Na de uitspraak kwam er eindelijk duidelijkheid, en sindsdien gaat het met {het_kind} "
                    "een stuk beter.",
                ],
                "neg": [
                    "Het rapport stond vol fouten, maar tegen de tijd dat die waren verbeterd, was het "
                    "besluit al genomen.",
                    "In anderhalf jaar hebben we drie verschillende jeugdbeschermers gehad. Elke keer "
                    "moesten we weer uitleggen wie we waren.",
                    "De zittingen werden steeds uitgesteld. {Het_kind} leefde al die tijd in onzekerheid.",
                ],
            },
            "pro": {
                "open": [
                    ("Als jeugdbeschermer werd ik betrokken bij het gezin van {een_kind}.", "pro_care"),
                    "Bij {een_kind} werd een raadsonderzoek gestart na een vastgelopen scheiding.",
                    (
                        "Ik leverde informatie aan voor een raadsonderzoek naar {een_kind}.",
                        "pro_education pro_community",
                    ),
                ],
                "pos": [
                    (
                        "We hebben {het_kind} goed voorbereid op het kindgesprek bij de rechter. Na afloop "
                        "zei {hij} dat {hij} zich voor het eerst serieus genomen voelde.",
                        "4+",
                    ),
                    "Doordat school, wijkteam en jeugdbescherming samen één beeld gaven, kon de rechter "
                    "snel een besluit nemen.",
                    (
                        "Na de uitspraak heb ik met {het_kind} een ijsje gegeten en alles nog eens in "
                        "gewone taal uitgelegd.",
                        "pro_care 4+",
                    ),
                ],
                "neg": [
                    (
                        "Mijn caseload was zo hoog dat ik {het_kind} maar eens per zes weken zag. Dat is "
                        "geen bescherming.",
                        "pro_care",
                    ),
                    "Het juridische traject duurde meer dan een jaar. In die tijd konden we inhoudelijk "
                    "bijna niets doen.",
                    "De adviezen uit het rapport werden niet uitgevoerd, omdat er geen plek was bij de "
                    "aangewezen hulp.",
                ],
            },
        },
    ),
    Theme(
        key="neighbourhood_team",
        prompts={"helped": 4, "focus": 1, "ordinary_life": 1, "other": 1},
        negative=0.4,
        who={"neighbourhood_team": 5, "municipality": 2},
        organisations={"neighbourhood_team": 5, "municipality": 1},
        should_know={"neighbourhood_team": 3, "municipality": 3},
        focus=(0.3, 0.5, 0.2),
        duration={"weeks": 3, "months": 3},
        titles={
            "pos": [
                "De wijkcoach kwam gewoon langs",
                "Hulp om de hoek",
                "Iemand die meedacht",
                "Een wijkteam dat doorpakte",
            ],
            "neg": [
                "Van het kastje naar de muur",
                "Niet onze gemeente",
                "Formulieren in plaats van hulp",
            ],
        },
        text={
            "young": {
                "open": [
                    "{Wijkcoach} kwam een keer bij ons thuis praten.",
                    "{Mam} had hulp gevraagd bij het wijkteam omdat het thuis niet meer ging.",
                    "Ik kende het wijkteam eigenlijk niet, tot {mentor} zei dat ze me konden helpen.",
                ],
                "pos": [
                    "{Wijkcoach} ging met mij wandelen in plaats van aan de keukentafel te zitten. Daardoor "
                    "durfde ik veel meer te vertellen.",
                    "Via het wijkteam mocht ik op {sport}, ook al konden we dat eerst niet betalen.",
                    "{Wijkcoach} kwam gewoon elke week, ook als het goed ging. Dat gaf rust.",
                ],
                "neg": [
                    "{Wijkcoach} praatte alleen met {mam} en ik moest naar mijn kamer.",
                    "Ze zeiden steeds dat iemand anders het moest oppakken, en uiteindelijk gebeurde er "
                    "niks.",
                    "Na drie gesprekken was het traject opeens klaar, terwijl er voor mij nog niks was "
                    "veranderd.",
                ],
            },
            "older": {
                "open": [
                    "Na lang twijfelen heb ik zelf het wijkteam gebeld over {een_kind}.",
                    ("Via school kwamen we in contact met {wijkcoach}.", "4+"),
                    ("Via het consultatiebureau kwamen we in contact met {wijkcoach}.", "age_0_4"),
                    (
                        "Toen ik er alleen voor stond met {een_kind}, zocht ik hulp bij het wijkteam.",
                        "parent",
                    ),
                ],
                "pos": [
                    "{Wijkcoach} kwam binnen een week langs en dacht mee zonder te oordelen. Er kwam "
                    "eindelijk lucht.",
                    (
                        "Het wijkteam regelde niet alleen hulp voor {het_kind}, maar ook voor mij. Daardoor "
                        "kon ik weer een betere {ouder_rol} zijn.",
                        "parent",
                    ),
                    "Ze keken naar het hele gezin: geld, school, de scheiding. Voor het eerst hoefde niet "
                    "alles apart geregeld te worden.",
                ],
                "neg": [
                    "Ik werd doorverwezen naar het wijkteam, en het wijkteam verwees me weer terug naar de "
                    "huisarts.",
                    (
                        "Omdat {ex} in een andere gemeente woont, wist niemand wie er verantwoordelijk was.",
                        "parent",
                    ),
                    "Het wijkteam had vooral formulieren, en na drie maanden wachten kwam er een brief dat "
                    "de hulp was afgewezen.",
                ],
            },
            "pro": {
                "open": [
                    ("Als {rol} kreeg ik een aanmelding voor het gezin van {een_kind}.", "pro_community"),
                    "Ik werk samen met het wijkteam rond {een_kind} en {zijn} moeder.",
                    "Bij het wijkteam kwam een melding binnen over {een_kind}, die vaak alleen thuis was.",
                ],
                "pos": [
                    "We zijn meteen op huisbezoek gegaan en hebben met het hele gezin gekeken wat nodig was. "
                    "Binnen een maand was er structuur en rust.",
                    "Door de schuldhulp en de opvoedondersteuning tegelijk op te starten, konden de ouders "
                    "weer aandacht hebben voor {het_kind}.",
                    "Ik heb geen nieuw traject gestart, maar een buurvrouw en de opa van {het_kind} "
                    "gevraagd om mee te helpen. Dat netwerk bleek sterker dan welke hulp ook.",
                ],
                "neg": [
                    "We kregen de opdracht het binnen acht gesprekken af te ronden. Daarna stond het gezin "
                    "weer alleen.",
                    "Ik wilde specialistische hulp inzetten, maar de beschikking liet weken op zich wachten.",
                    "Omdat de ouders in twee gemeenten wonen, hebben we weken gediscussieerd over wie de "
                    "hulp moest betalen.",
                ],
            },
        },
    ),
    Theme(
        key="money",
        prompts={"ordinary_life": 3, "focus": 2, "other": 1, "helped": 1},
        negative=0.6,
        who={"municipality": 2, "neighbourhood_team": 2, "family_friends": 1},
        organisations={"municipality": 3, "neighbourhood_team": 2},
        should_know={"municipality": 4, "everyone": 2},
        focus=(0.3, 0.6, 0.1),
        duration={"months": 3, "years": 3},
        titles={
            "pos": [
                ("Toch mee op kamp", "4+"),
                "Hulp met de rekeningen",
                "Er was een potje voor",
                "Gewoon meedoen",
            ],
            "neg": [
                ("Geen geld voor sport", "4+"),
                "Twee huishoudens, één inkomen",
                "Schaamte",
                ("Nee zeggen tegen verjaardagen", YOUNG),
            ],
        },
        text={
            "young": {
                "open": [
                    "Sinds de scheiding is er bij {mam} weinig geld.",
                    "Ik merk dat er thuis veel stress is over geld.",
                    "Mijn vrienden gingen allemaal op {sport}, maar voor mij was er geen geld.",
                ],
                "pos": [
                    (
                        "Via {mentor} hoorde ik dat er een fonds was voor kinderen zoals ik. Nu kan ik "
                        "gewoon mee op kamp.",
                        "child youth",
                    ),
                    "{Wijkcoach} hielp {mam} met de rekeningen. Sindsdien is er minder stress en lachen we "
                    "weer meer.",
                    "Ik kreeg een tweedehands laptop via school, zodat ik mijn huiswerk gewoon kon maken.",
                ],
                "neg": [
                    "Ik zeg maar dat ik geen zin heb als vrienden iets gaan doen, want ik weet dat het toch "
                    "niet kan.",
                    "Ik schaam me als ik weer zeg dat ik niet mee kan. Niemand op school weet waarom.",
                    "{Mam} en {pap} maken ruzie over wie wat moet betalen, en ik hoor alles.",
                ],
            },
            "older": {
                "open": [
                    ("Na de scheiding stond ik er financieel alleen voor.", "parent"),
                    ("Met één inkomen en twee kinderen is elke maand spannend.", "parent"),
                    "Lange tijd durfde niemand toe te geven dat er schulden waren, ook niet tegenover "
                    "{een_kind}.",
                    "Sinds de scheiding is er thuis bij {een_kind} weinig geld.",
                ],
                "pos": [
                    (
                        "Het wijkteam hielp de weg te vinden naar de regelingen van de gemeente. {Het_kind} "
                        "kon daardoor gewoon op {sport} blijven.",
                        "4+",
                    ),
                    (
                        "Een budgetcoach ging met me aan tafel zonder me een slechte ouder te laten voelen. "
                        "Inmiddels is er weer overzicht.",
                        "parent",
                    ),
                    (
                        "Via het kindpakket van de gemeente kreeg {het_kind} een fiets om naar school te "
                        "gaan. Zo'n klein ding, maar het betekende alles.",
                        "4+",
                    ),
                    "Via de voedselbank en een potje van de gemeente kwam er weer wat lucht. Voor "
                    "{het_kind} kon er eindelijk weer eens iets leuks af.",
                ],
                "neg": [
                    (
                        "De aanvraag voor bijzondere bijstand duurde maanden. In de tussentijd moest "
                        "{het_kind} stoppen met {sport}.",
                        "4+",
                    ),
                    "Elke instantie wilde andere papieren. Het overzicht raakte zoek en de schulden werden "
                    "alleen maar groter.",
                    (
                        "Ik schaamde me zo dat ik niet naar de gemeente durfde. Niemand vroeg door toen ik "
                        "zei dat het wel ging.",
                        "parent",
                    ),
                    (
                        "{Ex} betaalt de alimentatie niet, en ik moet kiezen tussen boodschappen en een "
                        "uitje voor {het_kind}.",
                        "parent",
                    ),
                ],
            },
            "pro": {
                "open": [
                    ("Ik merkte dat {een_kind} nooit meeging met uitjes van de klas.", "pro_education 4+"),
                    (
                        "Als {rol} kom ik bij veel gezinnen waar na een scheiding het geld op is. Zo ook bij "
                        "{een_kind}.",
                        "pro_care pro_community",
                    ),
                    (
                        "In een gesprek met {een_kind} kwam naar voren dat er thuis geen geld was voor eten.",
                        "4+",
                    ),
                    (
                        "Bij een huisbezoek voor {een_kind} zag ik de stapel ongeopende post op tafel "
                        "liggen.",
                        "pro_care pro_community",
                    ),
                    (
                        "Via de peuteropvang hoorde ik dat er in het gezin van {een_kind} geen geld meer "
                        "was voor de opvang.",
                        "age_0_4",
                    ),
                ],
                "pos": [
                    (
                        "We hebben via de gemeente snel een bijdrage geregeld, zodat {het_kind} toch mee "
                        "kon op kamp.",
                        "4+",
                    ),
                    "Door de schuldhulp direct aan tafel te vragen, hoefde de moeder haar verhaal niet drie "
                    "keer te doen.",
                    "Ik heb zonder veel papierwerk een voedselpakket en een bijdrage voor de kinderopvang "
                    "geregeld. Soms is snel handelen het belangrijkste.",
                ],
                "neg": [
                    "De regels van de regeling lieten geen ruimte voor een gezin met twee woonadressen.",
                    "De vader wilde niet meebetalen, en de moeder kwam net boven de grens voor "
                    "ondersteuning. {Het_kind} betaalde de prijs.",
                    "Ik heb drie verschillende loketten gebeld voordat iemand wist welke regeling hier gold.",
                ],
            },
        },
    ),
    Theme(
        key="grandparent",
        prompts={"safe": 4, "focus": 2, "ordinary_life": 1},
        negative=0.15,
        who={"family_friends": 5},
        organisations={"other": 3, "neighbourhood_team": 1},
        should_know={"family_friends": 3, "everyone": 2},
        focus=(0.55, 0.4, 0.05),
        duration={"days": 1, "months": 2, "years": 3},
        titles={
            "pos": [
                ("Veilig bij {oma}", YOUNG),
                ("Het huis van {oma}", YOUNG),
                "Een rustige plek",
                "Opa en oma als vaste haven",
            ],
            "neg": [
                ("Niet meer naar {oma}", YOUNG),
                "Ook opa en oma kwijt",
                "Kiezen tussen families",
            ],
        },
        text={
            "young": {
                "open": [
                    "Toen het thuis heel onrustig was, ging ik vaak naar {oma}.",
                    "Bij {oma} is alles altijd hetzelfde, en dat vind ik fijn.",
                    "Na school fiets ik vaak naar {oma}.",
                ],
                "pos": [
                    "Daar hoef ik niks uit te leggen. We spelen een spelletje of kijken televisie, en dan "
                    "voel ik me weer rustig.",
                    "{Oma} vraagt nooit naar de ruzies, maar {oma_ze} weet het wel. Als ik daar ben, voel "
                    "ik me gewoon veilig.",
                    "Toen ik een keer midden in de nacht niet meer thuis wilde zijn, mocht ik meteen komen. "
                    "Dat vergeet ik nooit.",
                ],
                "neg": [
                    "Sinds de scheiding mag ik niet meer naar {oma}, omdat mijn ouders ruzie hebben met "
                    "elkaars familie.",
                    "Niemand heeft gevraagd of ik {oma} wilde blijven zien. Dat was voor mij de "
                    "belangrijkste persoon.",
                ],
            },
            "older": {
                "open": [
                    ("Opa en oma zijn voor {een_kind} altijd een veilige plek geweest.", "parent other"),
                    (
                        "In de zwaarste periode van de scheiding logeerde {een_kind} vaak bij mijn ouders.",
                        "parent",
                    ),
                    ("{Een_kind} logeert elke woensdag bij ons.", "relative"),
                    ("Als grootouder zie ik hoe zwaar de scheiding voor {een_kind} is.", "relative"),
                ],
                "pos": [
                    (
                        "Daar is het rustig, en er wordt niet over de ruzies gepraat. {Het_kind} komt altijd "
                        "ontspannen terug.",
                        "parent other",
                    ),
                    (
                        "De hulpverlener vroeg ook opa en oma om mee te denken over het plan. Dat voelde als "
                        "erkenning van hoe belangrijk ze zijn.",
                        "parent other",
                    ),
                    (
                        "We hebben bewust gezorgd dat {het_kind} altijd bij ons terechtkan, wat er ook "
                        "gebeurt. {Hij} heeft zelfs een eigen sleutel.",
                        "relative 4+",
                    ),
                    (
                        "Bij ons hoeft {het_kind} nergens uit te kiezen. We bakken pannenkoeken, gaan naar "
                        "de eendjes, en {hij} mag gewoon kind zijn.",
                        "relative",
                    ),
                    (
                        "De hulpverlener vroeg ons om mee te denken over het plan. Voor het eerst voelden "
                        "we ons als grootouders serieus genomen.",
                        "relative",
                    ),
                ],
                "neg": [
                    (
                        "Door de ruzie met de familie van {ex} zag {het_kind} opa en oma ineens niet meer. "
                        "Niemand dacht aan wat dat voor {hem} betekende.",
                        "parent",
                    ),
                    (
                        "Sinds de scheiding zien we {het_kind} bijna niet meer. Als grootouders hebben we "
                        "nergens iets over te zeggen.",
                        "relative",
                    ),
                    (
                        "Toen {het_kind} bij ons logeerde, hoorden we dingen die ons ongerust maakten. We "
                        "wisten niet bij wie we terechtkonden.",
                        "relative",
                    ),
                    (
                        "De hulpverlening zag opa en oma alleen als oppas, niet als de vaste plek die ze "
                        "voor {het_kind} zijn.",
                        "parent other",
                    ),
                ],
            },
            "pro": {
                "open": [
                    "In het netwerk van {een_kind} bleek de oma een belangrijke rol te spelen.",
                    (
                        "Als {rol} vroeg ik {een_kind} wie {hij} het meest vertrouwde. Het antwoord was: "
                        "mijn opa.",
                        "4+",
                    ),
                    "Bij een huisbezoek bij {een_kind} was de opa ook aanwezig.",
                ],
                "pos": [
                    "We hebben de grootouders een vaste plek in het plan gegeven, met een logeerweekend per "
                    "maand. Dat werd het anker voor {het_kind}.",
                    "Toen het thuis onveilig werd, kon {het_kind} direct bij de grootouders terecht. Dat "
                    "voorkwam een plaatsing bij vreemden.",
                ],
                "neg": [
                    "Door de strijd tussen de ouders mocht {het_kind} de grootouders niet meer zien. "
                    "Juridisch konden we daar weinig aan doen.",
                    "De grootouders wilden helpen, maar werden door geen enkele instantie als "
                    "gesprekspartner gezien.",
                ],
            },
        },
    ),
    Theme(
        key="sports_coach",
        prompts={"ordinary_life": 3, "safe": 2, "helped": 1},
        negative=0.25,
        who={"other": 3, "family_friends": 1},
        organisations={"sports_club": 6},
        should_know={"other": 2, "family_friends": 1, "everyone": 2},
        focus=(0.7, 0.2, 0.1),
        duration={"weeks": 1, "months": 3, "years": 2},
        ages=_NOT_TODDLER,
        titles={
            "pos": [
                ("Mijn trainer", YOUNG),
                ("Tijdens de training vergeet ik alles", YOUNG),
                "Elke week even weg",
                "Een coach die meer zag",
            ],
            "neg": [
                "Gestopt met sporten",
                "Geen plek in het team",
                "De trainer wist van niks",
            ],
        },
        text={
            "young": {
                "open": [
                    "Ik zit al jaren op {sport}.",
                    "Toen het thuis slecht ging, was {sport} het enige wat nog normaal voelde.",
                    "Mijn trainer bij {sport} merkte dat ik anders was dan normaal.",
                ],
                "pos": [
                    "Mijn trainer vroeg na de training of alles goed ging. Ik vertelde over de scheiding, en "
                    "vanaf toen mocht ik altijd eerder komen om even te praten.",
                    "Tijdens de training denk ik nergens aan. Twee uur per week ben ik gewoon een van de "
                    "groep.",
                    "Toen {pap} me niet meer kon brengen, regelde de trainer dat ik met een teamgenoot mee "
                    "kon rijden.",
                ],
                "neg": [
                    "Omdat ik om de week bij {pap} woon, mis ik de helft van de trainingen. Nu sta ik steeds "
                    "reserve.",
                    "Ik moest stoppen omdat mijn ouders het niet eens werden over wie de contributie "
                    "betaalde.",
                    "Mijn trainer werd boos omdat ik zo vaak te laat was, maar wist niet waarom.",
                ],
            },
            "older": {
                "open": [
                    "{Een_kind} zit op {sport} en heeft daar een trainer die veel voor {hem} betekent.",
                    "In de moeilijkste maanden was {sport} de plek waar {een_kind} zichzelf kon zijn.",
                    "Ik heb de trainer van {een_kind} verteld wat er thuis speelde.",
                ],
                "pos": [
                    "De trainer hield {het_kind} een beetje extra in de gaten en stuurde soms een berichtje "
                    "als het goed ging. Dat deed me goed.",
                    "De club regelde vervoer toen het door werk niet meer lukte om op tijd te zijn. Zo kon "
                    "{het_kind} gewoon blijven sporten.",
                    "Bij {sport} zag ik {het_kind} weer lachen, voor het eerst in weken.",
                ],
                "neg": [
                    "Door het wisselschema miste {het_kind} de helft van de wedstrijden, en de trainer zette "
                    "{hem} daarom vaak op de bank.",
                    (
                        "{Ex} wilde niet meebetalen aan de contributie, en uiteindelijk moest {het_kind} "
                        "stoppen.",
                        "parent",
                    ),
                    "De club wist niet hoe ze moesten omgaan met twee ouders die elkaar niet langs de lijn "
                    "wilden zien.",
                ],
            },
            "pro": {
                "open": [
                    (
                        "Als buurtsportcoach leerde ik {een_kind} kennen tijdens een sportactiviteit in de "
                        "wijk.",
                        "pro_community",
                    ),
                    "Via een trainer hoorde ik dat {een_kind} het thuis moeilijk had.",
                    "Ik raadde de ouders van {een_kind} aan om {hem} op een sport te laten gaan.",
                ],
                "pos": [
                    "De trainer werd een belangrijke bondgenoot. Hij zag {het_kind} vaker dan wij en belde "
                    "als er iets opviel.",
                    "Via het jeugdfonds kon {het_kind} gratis sporten. Binnen een paar maanden had {hij} een "
                    "nieuwe vriendengroep.",
                    "We hebben de training opgenomen in het plan als vaste rustplek. Het werd het meest "
                    "stabiele onderdeel van de week.",
                ],
                "neg": [
                    "Sportclubs worden zelden betrokken, terwijl de trainer vaak als eerste ziet dat het "
                    "niet goed gaat.",
                    "Omdat het wisselschema niet aansloot bij de trainingen, viel {het_kind} uiteindelijk "
                    "uit het team.",
                ],
            },
        },
    ),
    Theme(
        key="gp_referral",
        prompts={"helped": 4, "other": 1},
        negative=0.45,
        who={"gp": 5, "care_provider": 2},
        organisations={"gp": 5, "care_provider": 1},
        should_know={"gp": 4, "care_provider": 2},
        focus=(0.5, 0.2, 0.3),
        duration={"days": 2, "weeks": 3, "months": 2},
        titles={
            "pos": [
                "De huisarts nam de tijd",
                "Een verwijzing die klopte",
                "Meer dan buikpijn",
                "De praktijkondersteuner",
            ],
            "neg": [
                "Tien minuten",
                "Alleen een verwijsbrief",
                "Terug naar af",
            ],
        },
        text={
            "young": {
                "open": [
                    "Ik had al weken hoofdpijn en buikpijn, dus {mam} ging met me naar de huisarts.",
                    "Ik ging naar de huisarts omdat ik niet meer kon slapen.",
                    (
                        "Via de huisarts kwam ik terecht bij de praktijkondersteuner voor jongeren.",
                        "youth young_adult",
                    ),
                ],
                "pos": [
                    "De huisarts vroeg ook hoe het thuis ging, en toen kwam het hele verhaal eruit. Ze zei "
                    "dat het logisch was dat mijn lijf zo reageerde.",
                    "Ik mocht een paar keer praten met de praktijkondersteuner. Dat was dichtbij en ik "
                    "hoefde niet meteen naar een instelling.",
                    "De huisarts legde uit dat stress ook pijn kan doen. Daardoor voelde ik me niet meer "
                    "gek.",
                ],
                "neg": [
                    "Ik kreeg alleen een verwijzing mee en moest daarna zelf maar zien. Ik had geen idee "
                    "wat er ging gebeuren.",
                    "De huisarts praatte de hele tijd tegen {mam} en keek mij nauwelijks aan.",
                    "Er werd alleen naar mijn buikpijn gekeken. Niemand vroeg hoe het met mij ging.",
                ],
            },
            "older": {
                "open": [
                    "Ik ging met {een_kind} naar de huisarts, omdat {hij} al weken slecht sliep.",
                    "{Een_kind} had steeds klachten waar geen oorzaak voor te vinden was.",
                    "Via de huisarts kwamen we met {een_kind} terecht bij de praktijkondersteuner jeugd.",
                ],
                "pos": [
                    "De huisarts nam de tijd en vroeg door naar de situatie thuis. Binnen twee weken zaten "
                    "we bij de praktijkondersteuner, dicht bij huis.",
                    "De praktijkondersteuner kon zelf een paar gesprekken voeren, zodat we niet eerst op een "
                    "wachtlijst hoefden.",
                    "De huisarts belde zelf met de jeugdhulp om te zorgen dat de verwijzing goed aankwam.",
                ],
                "neg": [
                    "We kregen een verwijsbrief en daarmee moesten we het zelf uitzoeken. Niemand kon "
                    "zeggen waar we het snelst terechtkonden.",
                    (
                        "De huisarts verwees door zonder met {ex} te overleggen, en daarna kwam er geen "
                        "toestemming. Alles lag weer stil.",
                        "parent",
                    ),
                    "Het consult duurde tien minuten. Over de scheiding werd niets gevraagd.",
                ],
            },
            "pro": {
                "open": [
                    (
                        "Als praktijkondersteuner jeugd zag ik {een_kind} met steeds terugkerende klachten.",
                        "pro_care",
                    ),
                    "Ik kreeg een verwijzing van de huisarts binnen voor {een_kind}.",
                    "De huisarts van {een_kind} belde mij om te overleggen.",
                ],
                "pos": [
                    "Door een paar gesprekken in de praktijk te voeren, konden we zwaardere hulp voorkomen.",
                    "De huisarts en ik hebben samen met de ouders besproken wat {het_kind} nodig had. Geen "
                    "eindeloze verwijzingen, maar een plan in één gesprek.",
                ],
                "neg": [
                    "De verwijzing was summier: alleen de klacht, niets over de scheiding. We moesten "
                    "helemaal opnieuw beginnen.",
                    "De huisarts verwees naar ons, maar wij hadden een wachtlijst van maanden. Niemand hield "
                    "{het_kind} ondertussen in de gaten.",
                ],
            },
        },
    ),
    Theme(
        key="new_partner",
        prompts={"focus": 3, "ordinary_life": 1, "safe": 1, "other": 1},
        negative=0.55,
        who={"family_friends": 5, "care_provider": 1},
        organisations={"other": 3, "care_provider": 1},
        should_know={"family_friends": 3, "everyone": 2},
        focus=(0.5, 0.45, 0.05),
        duration={"months": 3, "years": 3},
        ages=_NOT_TODDLER,
        about_divorce=True,
        titles={
            "pos": [
                "Een nieuw gezin",
                ("Ik mocht er de tijd voor nemen", YOUNG),
                "Samen aan tafel",
            ],
            "neg": [
                ("Niemand vroeg het mij", YOUNG),
                "Te snel",
                "Een vreemde aan de ontbijttafel",
                ("Stiefouder zonder stem", "other"),
            ],
        },
        text={
            "young": {
                "open": [
                    "{Pap} heeft sinds een paar maanden een nieuwe vriendin.",
                    "{Mam} is gaan samenwonen met haar nieuwe vriend en zijn twee kinderen.",
                    "Ik hoorde pas dat {pap} een nieuwe relatie had toen ik haar bij hem thuis tegenkwam.",
                ],
                "pos": [
                    "In het begin vond ik het helemaal niks, maar er werd niks geforceerd. Nu kunnen we best "
                    "samen lachen.",
                    "We hebben samen afspraken gemaakt over wat wel en niet mocht in huis. Daardoor voelde "
                    "ik dat het ook mijn huis bleef.",
                    "Ik mocht altijd zeggen als ik iets moeilijk vond, en er werd ook echt geluisterd.",
                ],
                "neg": [
                    "Het ging allemaal heel snel en niemand vroeg wat ik ervan vond. Opeens moest ik mijn "
                    "kamer delen.",
                    "Als die nieuwe partner erbij is, voelt het niet meer als mijn thuis.",
                    "Ik durf niet te zeggen dat ik het moeilijk vind, want ik wil niet dat er weer ruzie "
                    "komt.",
                ],
            },
            "older": {
                "open": [
                    ("Toen ik een nieuwe partner kreeg, was dat voor {een_kind} een flinke stap.", "parent"),
                    (
                        "{Ex} had binnen een paar maanden een nieuw gezin, en {een_kind} moest daar ineens "
                        "in meedraaien.",
                        "parent",
                    ),
                    ("Ik ben stiefouder van {een_kind}, en dat is een rol die je moet leren.", "other"),
                    "Het samengestelde gezin vroeg veel van {een_kind}.",
                ],
                "pos": [
                    "Het is heel langzaam opgebouwd, eerst samen een dagje uit en pas na een half jaar "
                    "samenwonen. {Het_kind} kreeg de tijd.",
                    "Een gezinscoach hielp om de rollen duidelijk te maken: wie voedt op, wie is er gewoon. "
                    "Dat gaf veel rust.",
                    "{Het_kind} heeft nu een goede band met de nieuwe kinderen in huis, iets wat ik nooit "
                    "had durven hopen.",
                ],
                "neg": [
                    "{Het_kind} voelde zich buitengesloten in het nieuwe gezin, en niemand van de "
                    "hulpverlening vroeg daarnaar.",
                    "De spanningen tussen {het_kind} en de nieuwe partner liepen zo hoog op dat {hij} niet "
                    "meer wilde komen.",
                    (
                        "Als stiefouder word ik nergens bij betrokken. School en hulpverlening praten "
                        "alleen met de ouders.",
                        "other",
                    ),
                ],
            },
            "pro": {
                "open": [
                    "Ik sprak met {een_kind} over {zijn} nieuwe, samengestelde gezin.",
                    "Bij {een_kind} speelde na de scheiding vooral de komst van een nieuwe partner in huis.",
                ],
                "pos": [
                    "We hebben een gezinsgesprek georganiseerd met ook de nieuwe partner erbij. Voor het "
                    "eerst werd uitgesproken wat iedereen verwachtte.",
                    "{Het_kind} kreeg een eigen plek in het nieuwe huis en een vast moment alleen met {zijn} "
                    "eigen ouder. Dat maakte het verschil.",
                ],
                "neg": [
                    "Nieuwe partners worden in onze werkwijzen nauwelijks meegenomen, terwijl ze een grote "
                    "rol spelen.",
                    "{Het_kind} voelde zich in beide huizen een gast. Wij zijn daar veel te laat achter "
                    "gekomen.",
                ],
            },
        },
    ),
    Theme(
        key="school_struggle",
        prompts={"school": 4, "focus": 2, "other": 1},
        negative=0.6,
        who={"school": 5, "care_provider": 1, "family_friends": 1, "municipality": 1},
        organisations={"school": 5, "care_provider": 1},
        should_know={"school": 4, "everyone": 1, "municipality": 1},
        focus=(0.6, 0.2, 0.2),
        duration={"weeks": 2, "months": 4, "years": 1},
        ages=_NOT_TODDLER,
        titles={
            "pos": [
                "Weer naar school",
                "Een plan op maat",
                ("Rust in mijn hoofd", YOUNG),
                ("Beide ouders op de ouderavond", f"{OLDER} {PROS}"),
            ],
            "neg": [
                "Blijven zitten",
                "Verzuim zonder vragen",
                "Geen plek in de klas",
                "Thuiszitten",
            ],
        },
        text={
            "young": {
                "open": [
                    "Sinds de scheiding kan ik me op school bijna niet meer concentreren.",
                    "Ik heb een tijd bijna niet op school gezeten.",
                    "Mijn cijfers gingen heel erg omlaag toen het thuis misging.",
                ],
                "pos": [
                    "Samen met school en {mam} maakten we een plan: eerst halve dagen, daarna steeds meer. "
                    "Nu zit ik weer gewoon de hele week op school.",
                    "Ik mocht mijn toetsen later maken en kreeg een vaste plek waar ik rustig kon werken.",
                    (
                        "Ik mocht even naar de zorgcoördinator als het te veel werd. Dat hielp me de dag "
                        "door.",
                        "youth",
                    ),
                ],
                "neg": [
                    "Ik kreeg alleen maar brieven over verzuim. Niemand vroeg waarom ik niet kwam.",
                    ("Ik ben blijven zitten, terwijl iedereen wist wat er thuis speelde.", "child youth"),
                    "Ik zat maanden thuis omdat geen enkele school een plek voor me had.",
                ],
            },
            "older": {
                "open": [
                    "Sinds de scheiding gaat het op school steeds slechter met {een_kind}.",
                    "{Een_kind} weigerde op een gegeven moment nog naar school te gaan.",
                    (
                        "Ik vond het lastig dat school alleen met {ex} communiceerde over {een_kind}.",
                        "parent",
                    ),
                    "Het rapport van {een_kind} liet een grote terugval zien.",
                ],
                "pos": [
                    "School nodigde beide ouders uit voor één gesprek, met duidelijke afspraken. Daarna "
                    "hoefde er niet meer via {het_kind} gecommuniceerd te worden.",
                    "Er kwam een plan van school en jeugdhulp samen, waardoor {het_kind} stap voor stap "
                    "terug kon naar de klas.",
                    "De leerplichtambtenaar dacht echt mee in plaats van te dreigen. Dat maakte alle "
                    "verschil.",
                ],
                "neg": [
                    "Uiteindelijk zat {het_kind} vier maanden thuis, en niemand voelde zich "
                    "verantwoordelijk.",
                    "Er kwam een dreigbrief over verzuim, terwijl we juist hulp zochten.",
                    "Informatie van school kwam alleen bij één ouder terecht, en de ander wist van niets.",
                ],
            },
            "pro": {
                "open": [
                    ("Als {rol} zag ik de cijfers van {een_kind} in korte tijd instorten.", "pro_education"),
                    "Ik begeleid {een_kind} die na de scheiding van de ouders veel school heeft gemist.",
                    (
                        "Vanuit mijn werk als {rol} werd ik betrokken bij {een_kind}, die al weken niet "
                        "naar school ging.",
                        "pro_care pro_community",
                    ),
                ],
                "pos": [
                    "Met school, ouders en {het_kind} samen hebben we een opbouwschema gemaakt. Na zes "
                    "weken zat {het_kind} weer volledig in de klas.",
                    "We hebben afgesproken dat beide ouders dezelfde informatie krijgen, via één vaste "
                    "route. Dat haalde een hoop spanning weg.",
                    "Door {het_kind} een vaste begeleider en een rustige werkplek te geven, kwam de "
                    "motivatie langzaam terug.",
                ],
                "neg": [
                    "School en jeugdhulp wachtten op elkaar, en ondertussen zat {het_kind} maandenlang "
                    "thuis.",
                    "Er was geen passende plek te vinden. Het onderwijs en de zorg spreken nog steeds een "
                    "andere taal.",
                    "De ouders waren het niet eens over de hulp, dus kon school niets inzetten zonder "
                    "toestemming van allebei.",
                ],
            },
        },
    ),
    Theme(
        key="peer_group",
        prompts={"focus": 3, "helped": 2, "ordinary_life": 2, "school": 1, "other": 1},
        negative=0.2,
        who={"other": 2, "care_provider": 2, "school": 1, "family_friends": 2},
        organisations={"care_provider": 2, "school": 2, "other": 1},
        should_know={"school": 2, "everyone": 3, "care_provider": 1},
        focus=(0.7, 0.15, 0.15),
        duration={"weeks": 3, "months": 2},
        ages=_NOT_TODDLER,
        about_divorce=True,
        titles={
            "pos": [
                ("Niet de enige", YOUNG),
                "Een groep voor kinderen zoals ik",
                "Er zijn er meer zoals ik",
                "Praten met lotgenoten",
            ],
            "neg": [
                "Niemand die het begreep",
                "Alleen in de klas",
                "Een groep die te laat kwam",
            ],
        },
        text={
            "young": {
                "open": [
                    "Ik dacht lang dat ik de enige was met gescheiden ouders.",
                    "Via school mocht ik meedoen met een groep voor kinderen met gescheiden ouders.",
                    "Over de scheiding vertelde ik het eerst aan {vriend}.",
                ],
                "pos": [
                    "We waren met acht kinderen en iedereen had een eigen verhaal. Ik voelde me voor het "
                    "eerst niet raar.",
                    "{Vriend} zei niet veel, maar bleef gewoon naast me zitten. Dat was precies wat ik "
                    "nodig had.",
                    "In de groep leerden we dat het niet onze schuld is. Dat zinnetje zit nog steeds in mijn "
                    "hoofd.",
                ],
                "neg": [
                    "Ik werd in de klas gepest omdat ik twee adressen heb. Niemand greep in.",
                    "De groep begon pas een jaar later. Toen had ik er eigenlijk geen behoefte meer aan.",
                    "Als ik erover begon, veranderden mijn vrienden van onderwerp. Daarna hield ik het maar "
                    "voor me.",
                ],
            },
            "older": {
                "open": [
                    "Op de school van {een_kind} werd een groep gestart voor kinderen met gescheiden ouders.",
                    "Ik zocht iets waar {een_kind} kinderen kon ontmoeten die hetzelfde meemaakten.",
                    "{Een_kind} praatte thuis nauwelijks over de scheiding.",
                ],
                "pos": [
                    "Na de eerste bijeenkomst kwam {het_kind} thuis en zei: er zijn er meer zoals ik. Dat "
                    "moment vergeet ik niet.",
                    "In de groep leerde {het_kind} woorden te geven aan wat {hij} voelde. Thuis praten we "
                    "nu veel meer.",
                    (
                        "Via de groep leerde ik ook andere ouders kennen. We steunen elkaar nog steeds.",
                        "parent",
                    ),
                ],
                "neg": [
                    ("{Ex} gaf geen toestemming voor deelname, dus {het_kind} kon niet meedoen.", "parent"),
                    "De groep was vol, en de volgende startte pas na de zomer.",
                    "Er was alleen een groep in een andere gemeente, en dat was met het openbaar vervoer "
                    "niet te doen.",
                ],
            },
            "pro": {
                "open": [
                    (
                        "Ik begeleid op school groepen voor kinderen met gescheiden ouders. Een van hen was "
                        "{een_kind}.",
                        "pro_education pro_care",
                    ),
                    "Als {rol} heb ik {een_kind} aangemeld voor een lotgenotengroep.",
                ],
                "pos": [
                    "Na een paar bijeenkomsten durfde {het_kind} voor het eerst te vertellen hoe het thuis "
                    "echt ging. De groep gaf {hem} moed.",
                    "Het mooiste was om te zien hoe de kinderen elkaar tips gaven. Daar kan geen "
                    "hulpverlener tegenop.",
                ],
                "neg": [
                    "Voor deelname was toestemming van beide ouders nodig. Juist bij de kinderen die het het "
                    "hardst nodig hebben, lukt dat niet.",
                    "De groep kreeg geen vaste financiering en stopte na één jaar, terwijl de vraag juist "
                    "groeide.",
                ],
            },
        },
    ),
    Theme(
        key="turning_18",
        prompts={"ordinary_life": 3, "helped": 2, "other": 1},
        negative=0.6,
        who={"care_provider": 2, "municipality": 2, "neighbourhood_team": 1},
        organisations={"care_provider": 2, "municipality": 2, "neighbourhood_team": 1},
        should_know={"municipality": 3, "care_provider": 2},
        focus=(0.55, 0.1, 0.35),
        duration={"months": 3, "years": 2},
        ages=("age_12_18", "age_18_23"),
        living={
            "age_12_18": {"home": 5, "foster": 2, "residential": 2, "sheltered": 1},
            "age_18_23": {"independent": 3, "sheltered": 3, "home": 2, "residential": 1},
        },
        titles={
            "pos": [
                ("Achttien en toch niet alleen", "age_18_23"),
                "Hulp die doorliep",
                ("Op mezelf, met steun", "young_adult"),
                ("Op tijd een plan", "age_12_18"),
            ],
            "neg": [
                ("Van de ene dag op de andere volwassen", "age_18_23"),
                "Achttien en het houdt op",
                "Zoek het zelf maar uit",
            ],
        },
        text={
            "young": {
                "open": [
                    ("Toen ik achttien werd, stopte mijn jeugdhulp.", "age_18_23"),
                    ("Ik woon sinds kort op mezelf, na jaren in een leefgroep.", "age_18_23"),
                    (
                        "Over een paar maanden word ik achttien, en niemand weet wat er dan met mijn "
                        "begeleiding gebeurt.",
                        "age_12_18",
                    ),
                ],
                "pos": [
                    (
                        "Mijn begeleider bleef nog een jaar betrokken, ook al hoefde dat officieel niet "
                        "meer. Daardoor stond ik er niet ineens alleen voor.",
                        "age_18_23",
                    ),
                    (
                        "Samen met {wijkcoach} regelde ik mijn zorgverzekering, toeslagen en een "
                        "bankrekening. Zonder die hulp was het nooit gelukt.",
                        "age_18_23",
                    ),
                    (
                        "Ik kreeg een plek bij begeleid wonen en een vast aanspreekpunt bij de gemeente.",
                        "age_18_23",
                    ),
                    (
                        "Mijn begeleider maakt nu al met mij een plan voor als ik achttien ben. Daardoor "
                        "ben ik er minder bang voor.",
                        "age_12_18",
                    ),
                ],
                "neg": [
                    (
                        "Ik kreeg een brief dat de hulp was afgelopen en dat was het. Ik wist niet eens hoe "
                        "ik toeslagen moest aanvragen.",
                        "age_18_23",
                    ),
                    (
                        "Binnen een paar maanden had ik schulden, omdat niemand me had uitgelegd hoe het "
                        "allemaal werkt.",
                        "age_18_23",
                    ),
                    (
                        "Ik moest opnieuw op een wachtlijst voor volwassenenzorg, terwijl ik al jaren hulp "
                        "had.",
                        "age_18_23",
                    ),
                    (
                        "Als ik vraag wat er straks gebeurt, zegt iedereen dat het nog niet duidelijk is. "
                        "Ik lig daar best wakker van.",
                        "age_12_18",
                    ),
                ],
            },
            "older": {
                "open": [
                    ("De jeugdhulp van {het_kind} stopte op {zijn} achttiende verjaardag.", "age_18_23"),
                    (
                        "{Een_kind} wordt binnenkort achttien, en daarmee stopt een groot deel van de hulp.",
                        "age_12_18",
                    ),
                ],
                "pos": [
                    (
                        "De hulpverlener begon al een jaar van tevoren met een toekomstplan. Toen het zover "
                        "was, lag alles klaar.",
                        "age_18_23",
                    ),
                    (
                        "De gemeente zorgde dat de begeleiding gewoon doorliep, ook al viel het onder een "
                        "andere wet.",
                        "age_18_23",
                    ),
                    (
                        "De hulpverlener is nu al begonnen met een toekomstplan, samen met {het_kind}. Dat "
                        "geeft vertrouwen.",
                        "age_12_18",
                    ),
                ],
                "neg": [
                    (
                        "Op {zijn} achttiende verjaardag stopte alles. Als ouder mocht ik ineens niets meer "
                        "weten, en {het_kind} kon het nog niet alleen.",
                        "age_18_23 parent",
                    ),
                    (
                        "Er was geen overdracht naar de volwassenenzorg. We begonnen weer helemaal onderaan "
                        "een wachtlijst.",
                        "age_18_23",
                    ),
                    (
                        "Niemand kan ons vertellen wat er na {zijn} achttiende verjaardag gebeurt. Ik maak "
                        "me daar grote zorgen over.",
                        "age_12_18",
                    ),
                ],
            },
            "pro": {
                "open": [
                    ("Ik begeleid {een_kind} in de overgang naar volwassenheid.", "age_18_23"),
                    ("Als {rol} zag ik {een_kind} naderen tot de grens van achttien jaar.", "age_12_18"),
                ],
                "pos": [
                    (
                        "We zijn een jaar van tevoren begonnen met een toekomstplan, samen met de gemeente "
                        "en de volwassenenzorg. De overgang verliep vrijwel naadloos.",
                        "age_18_23",
                    ),
                    (
                        "Door de jeugdhulp te verlengen tot {zijn} eenentwintigste kreeg {het_kind} de tijd "
                        "om op eigen benen te leren staan.",
                        "age_18_23",
                    ),
                    (
                        "We zijn ruim op tijd begonnen met een toekomstplan, samen met de gemeente. "
                        "{Het_kind} weet nu wat {hem} te wachten staat.",
                        "age_12_18",
                    ),
                ],
                "neg": [
                    (
                        "De hulp moest stoppen op {zijn} achttiende, terwijl iedereen zag dat {het_kind} er "
                        "nog niet klaar voor was.",
                        "age_18_23",
                    ),
                    (
                        "Binnen een half jaar na het stoppen van de jeugdhulp zat {het_kind} in de schulden.",
                        "age_18_23",
                    ),
                    (
                        "Voor de zorg na {zijn} achttiende is nog niets geregeld, omdat de volwassenenzorg "
                        "pas dan een aanmelding aanneemt.",
                        "age_12_18",
                    ),
                ],
            },
        },
    ),
    Theme(
        key="crisis",
        prompts={"safe": 4, "focus": 1, "helped": 1},
        negative=0.5,
        who={"police_justice": 3, "care_provider": 2, "family_friends": 1, "neighbourhood_team": 1},
        organisations={"certified_institution": 2, "care_provider": 2, "other": 1},
        should_know={"police_justice": 2, "care_provider": 2, "everyone": 2},
        focus=(0.55, 0.25, 0.2),
        duration={"days": 4, "weeks": 2, "months": 1},
        ages=("age_0_4", "age_4_12", "age_12_18", "unknown"),
        frightening=True,
        titles={
            "pos": [
                "Een veilige nacht",
                "Iemand die meteen kwam",
                "Eindelijk veilig",
                "De agent die bleef",
            ],
            "neg": [
                "Niemand greep in",
                ("Bang in mijn eigen huis", YOUNG),
                "Weer naar huis gestuurd",
                "Niet veilig",
            ],
        },
        text={
            "young": {
                "open": [
                    "Op een avond liep het thuis helemaal uit de hand.",
                    "Ik voelde me thuis al een tijd niet meer veilig.",
                    "Er was een avond dat ik echt bang was voor wat er ging gebeuren.",
                ],
                "pos": [
                    "Er kwam een agent die heel rustig met mij praatte terwijl de anderen met mijn ouders "
                    "bezig waren. Ik mocht die nacht bij {oma} slapen.",
                    "Ik vertelde het de volgende ochtend aan {mentor}, en binnen een dag was er iemand van "
                    "de jeugdhulp. Ik werd niet meer alleen gelaten.",
                    "Ik mocht een tijdje bij een pleeggezin wonen. Dat was raar, maar ik kon eindelijk weer "
                    "slapen.",
                ],
                "neg": [
                    "De politie kwam, praatte met mijn ouders en ging weer weg. Niemand vroeg of ik me "
                    "veilig voelde.",
                    "Ik had het aan school verteld, maar er gebeurde niks. Ik denk dat ze niet wisten wat ze "
                    "moesten doen.",
                    "Ik sliep weken met mijn deur op slot en niemand wist het.",
                ],
            },
            "older": {
                "open": [
                    "Het moment van de overdracht liep een keer volledig uit de hand.",
                    ("Na de scheiding voelde ik me in mijn eigen huis niet meer veilig.", "parent"),
                    ("Ik maakte me grote zorgen over de veiligheid van {een_kind} bij {ex}.", "parent"),
                    ("Ik maakte me grote zorgen over hoe veilig {een_kind} thuis nog was.", "relative other"),
                ],
                "pos": [
                    "Veilig Thuis pakte het snel op, en er kwam een veiligheidsplan waarin ook {het_kind} "
                    "een stem had.",
                    "De wijkagent en het wijkteam werkten goed samen. Binnen een week waren er duidelijke "
                    "afspraken en voelde het weer veilig.",
                    "{Het_kind} kon meteen bij opa en oma terecht, en de hulpverlening zorgde dat dit een "
                    "vaste plek bleef zolang dat nodig was.",
                ],
                "neg": [
                    "Er werd een melding gedaan, maar die werd afgedaan als een conflict tussen ouders. "
                    "Ondertussen was {het_kind} wel bang.",
                    "Pas na de derde keer dat de politie kwam, werd er echt iets gedaan.",
                    "Het contact werd gewoon doorgezet, ook al liet {het_kind} duidelijk merken dat {hij} "
                    "bang was.",
                ],
            },
            "pro": {
                "open": [
                    (
                        "Ik kreeg 's avonds een telefoontje over {een_kind} na een escalatie thuis.",
                        "pro_care pro_community",
                    ),
                    (
                        "{Een_kind} vertelde mij in de pauze dat {hij} niet meer naar huis durfde.",
                        "pro_education 4+",
                    ),
                    "Bij een gesprek over {een_kind} voelde ik meteen dat het thuis niet veilig was.",
                ],
                "pos": [
                    "Binnen een paar uur hadden we een veilige plek bij familie geregeld, en de volgende dag "
                    "zaten we met iedereen om tafel.",
                    (
                        "We hebben samen met {het_kind} een veiligheidsplan gemaakt in {zijn} eigen woorden. "
                        "Daardoor wist {hij} precies wie {hij} kon bellen.",
                        "age_12_18",
                    ),
                    "School, politie en jeugdhulp pakten het samen op. Zo snel heb ik het zelden zien gaan.",
                ],
                "neg": [
                    "De melding bleef twee weken liggen bij de triage. Voor een kind dat bang is, is dat een "
                    "eeuwigheid.",
                    "Er was geen crisisplek beschikbaar in de regio, dus {het_kind} moest de nacht "
                    "doorbrengen op een noodplek ver weg.",
                    "Omdat de ouders elkaar beschuldigden, wist niemand wie er gelijk had. Het kind zelf "
                    "werd nauwelijks gehoord.",
                ],
            },
        },
    ),
)

# Context sentences. "self" says who the narrator is; "divorce" ties a story to the regional focus.
CONTEXT: dict[str, dict[str, list[Fragment]]] = {
    "young": {
        "self": [
            ("Ik ben {leeftijd} jaar.", "child youth"),
            ("Ik ben {leeftijd} en zit in {klas}.", "child youth"),
            ("Ik ben {leeftijd} en woon in Twente.", "youth young_adult"),
            ("Ik ben nu {leeftijd}.", "young_adult"),
            ("Ik ben {leeftijd} en doe een opleiding op het mbo.", "young_adult"),
        ],
        "divorce": [
            "Mijn ouders zijn gescheiden toen ik {scheiding_leeftijd} was.",
            "{Mam} en {pap} zijn uit elkaar sinds ik {scheiding_leeftijd} was.",
            "Mijn ouders gingen vorig jaar uit elkaar.",
            "Mijn ouders zijn al lang gescheiden, maar het is nog steeds niet rustig.",
        ],
    },
    "older": {
        "self": [
            ("Ik ben {ouder_rol} van {aantal} kinderen.", "parent"),
            ("Ik sta er als {ouder_rol} grotendeels alleen voor.", "parent"),
            ("Ik ben {grootouder} en zie {het_kind} bijna elke week.", "relative"),
            ("Ik ben stiefouder en woon samen met mijn partner en {het_kind}.", "other"),
        ],
        "divorce": [
            ("{Ex} en ik zijn {jaren} geleden uit elkaar gegaan.", "parent"),
            ("De scheiding van {ex} en mij verliep allesbehalve soepel.", "parent"),
            ("Na een relatie van twaalf jaar gingen {ex} en ik uit elkaar.", "parent"),
            ("De ouders van {het_kind} zijn {jaren} geleden gescheiden.", "relative other"),
            (
                "De scheiding van de ouders ligt {jaren} achter ons, maar de gevolgen voelen we nog elke "
                "dag.",
                "relative other",
            ),
        ],
    },
    "pro": {
        "self": [
            "Ik werk als {rol} in Twente.",
            "Ik ben {rol} en werk al een aantal jaren met kinderen en hun ouders.",
            "Ik werk nu {werkjaren} als {rol}.",
        ],
        # Said after the opening, where the child has already been introduced.
        "divorce": [
            "{Zijn} ouders waren kort daarvoor uit elkaar gegaan.",
            "De ouders lagen op dat moment midden in een vechtscheiding.",
            "Er speelde een scheiding die al jaren voortsleepte.",
            "Sinds de scheiding van de ouders was er veel onrust in het gezin.",
        ],
    },
}

FEELINGS: dict[str, dict[str, list[Fragment]]] = {
    "young": {
        "pos": [
            "Ik voelde me voor het eerst echt gehoord.",
            "Het voelde alsof er een steen van mijn hart viel.",
            "Ik was er eigenlijk best trots op.",
            "Ik had niet gedacht dat het zo fijn zou voelen.",
            "Eindelijk had ik het gevoel dat iemand aan mijn kant stond.",
        ],
        "neg": [
            "Ik voelde me echt niet serieus genomen.",
            "Ik was boos, maar vooral moe.",
            "Ik voelde me heel alleen.",
            "Soms huilde ik 's avonds in bed zonder dat iemand het wist.",
            "Het voelde alsof het niemand iets uitmaakte.",
            "Ik durfde er daarna niet meer over te beginnen.",
        ],
        "mixed": [
            "Ik ben blij dat het nu beter gaat, maar ik vind het nog steeds oneerlijk hoe lang het duurde.",
            "Het was fijn en moeilijk tegelijk.",
            "Ik weet nog steeds niet goed wat ik ervan moet vinden.",
        ],
    },
    "older": {
        "pos": [
            "Ik merkte hoe de spanning uit mijn schouders zakte.",
            "Voor het eerst in maanden sliep ik weer een hele nacht door.",
            "Ik was zo opgelucht dat ik in de auto even heb zitten huilen.",
            "Het gaf me weer vertrouwen dat het goed kan komen.",
        ],
        "neg": [
            "Ik voelde me machteloos en niet serieus genomen.",
            ("Als ouder wil je je kind beschermen, en dat lukte niet.", "parent other"),
            ("Als grootouder sta je erbij en kijk je ernaar, en dat doet pijn.", "relative"),
            "Ik was boos, maar vooral heel verdrietig.",
            "Ik heb me nog nooit zo alleen gevoeld.",
            "Het kostte me enorm veel energie, naast mijn werk en alles thuis.",
        ],
        "mixed": [
            "Ik ben dankbaar voor wat er nu is, maar de weg ernaartoe was zwaar.",
            "Het voelde dubbel: opluchting, maar ook verdriet om alles wat eraan voorafging.",
            "Ik ben blij, maar ik blijf op mijn hoede.",
        ],
    },
    "pro": {
        "pos": [
            "Dit zijn de momenten waarvoor ik dit werk doe.",
            "Het liet me zien hoeveel verschil korte lijnen maken.",
            "Ik was trots op hoe we dit samen hebben aangepakt.",
            "Het gaf mij als professional ook weer energie.",
        ],
        "neg": [
            "Ik voelde me machteloos.",
            "Het systeem werkte hier tegen het kind in, en ik kon daar weinig aan veranderen.",
            "Ik heb daar 's avonds nog lang over liggen piekeren.",
            "Het frustreert me dat we dit als professionals niet beter kunnen regelen.",
        ],
        "mixed": [
            "Het is goed afgelopen, maar eerlijk gezegd meer door geluk dan door ons systeem.",
            "Ik ben tevreden over het resultaat, maar niet over de weg ernaartoe.",
        ],
    },
}

ENDINGS: dict[str, dict[str, list[Fragment]]] = {
    "young": {
        "pos": [
            "Ik zou willen dat elk kind zo iemand heeft.",
            "Als iemand dit leest: praat erover, het helpt echt.",
            "Nu gaat het een stuk beter met me.",
            "Ik hoop dat ze dit bij andere kinderen ook zo doen.",
        ],
        "neg": [
            "Ik hoop dat volwassenen vaker gewoon vragen wat wij willen.",
            "Luister gewoon naar kinderen, wij weten ook wat goed voor ons is.",
            "Ik wil dat andere kinderen dit niet ook mee hoeven te maken.",
            "Eigenlijk wil ik gewoon een normaal leven, net als mijn vrienden.",
            "Ik snap nog steeds niet waarom het zo moest gaan.",
        ],
        "mixed": [
            "Het is nu beter, maar het had veel sneller gekund.",
            "Ik heb er veel van geleerd, maar ik had het liever anders gehad.",
        ],
    },
    "older": {
        "pos": [
            "Zo zou het wat mij betreft altijd moeten gaan.",
            "Ik gun elk gezin zo'n hulpverlener.",
            "Het gaat nu stap voor stap beter met ons.",
            "Ik wil iedereen die hieraan heeft meegewerkt hartelijk bedanken.",
        ],
        "neg": [
            "Ik zou willen dat er één vast aanspreekpunt is voor gezinnen zoals wij.",
            "Ik hoop dat de gemeente hier iets mee doet.",
            "Kijk niet alleen naar de regels, maar naar wat een kind nodig heeft.",
            "We zijn nu verder, maar het vertrouwen in de hulpverlening is weg.",
        ],
        "mixed": [
            "Het is nu beter, maar het had niet zo lang hoeven duren.",
            "We zijn er nog niet, maar er is in ieder geval beweging.",
        ],
    },
    "pro": {
        "pos": [
            "Dit laat zien dat we als netwerk veel kunnen als we elkaar weten te vinden.",
            "Ik zou graag zien dat deze werkwijze standaard wordt in de regio.",
            "Kleine dingen maken soms het grootste verschil.",
        ],
        "neg": [
            "We moeten dit als regio echt anders organiseren.",
            "Wat mij betreft zit het kind altijd aan tafel, ook in een ingewikkelde scheiding.",
            "Zolang de financiering per organisatie loopt, blijven kinderen tussen wal en schip vallen.",
            "Ik hoop dat dit verhaal bij de juiste mensen terechtkomt.",
        ],
        "mixed": [
            "Het resultaat is goed, maar we moeten leren van hoe lang het duurde.",
            "Er gaat veel goed, maar de overdracht tussen organisaties blijft een zwakke plek.",
        ],
    },
}

ROLES = {
    "pro_care": ("jeugdhulpverlener", "gezinsbehandelaar", "ambulant hulpverlener", "gezinscoach"),
    "pro_community": ("wijkcoach", "jongerenwerker", "consulent jeugd", "medewerker van het wijkteam"),
}
# Who works in education depends on the age of the child: a toddler has no mentor.
EDUCATION_ROLES = {
    "age_0_4": ("pedagogisch medewerker",),
    "age_4_12": ("leerkracht", "intern begeleider"),
    "age_12_18": ("mentor", "zorgcoördinator"),
    "age_18_23": ("studieloopbaanbegeleider", "docent"),
    "unknown": ("leerkracht", "intern begeleider", "mentor", "zorgcoördinator"),
}
# The child's teacher as a parent or professional calls them.
CHILD_TEACHER = {
    "age_0_4": ("de pedagogisch medewerker",),
    "age_4_12": ("de juf", "de meester", "de leerkracht"),
    "age_12_18": ("de mentor",),
    "age_18_23": ("de mentor", "de studieloopbaanbegeleider"),
    "unknown": ("de leerkracht",),
}
SINCE = ((1, "een jaar"), (2, "twee jaar"), (3, "drie jaar"), (5, "vijf jaar"))
SCHOOL_YEAR = {
    12: "de brugklas",
    13: "de tweede",
    14: "de derde",
    15: "de vierde",
    16: "de vijfde",
    17: "de zesde",
}

# How a professional first introduces the child (girl, boy), and how they refer to the child after that.
PRO_CHILD = {
    "age_0_4": (("een meisje", "het meisje"), ("een jongetje", "het jongetje")),
    "age_4_12": (("een meisje", "het meisje"), ("een jongen", "de jongen")),
    "age_12_18": (("een meisje", "het meisje"), ("een jongen", "de jongen")),
    "age_18_23": (("een jonge vrouw", "de jonge vrouw"), ("een jongeman", "de jongeman")),
}
PRO_CHILD_UNKNOWN_AGE = (
    ("een kind uit een gezin met drie kinderen", "het kind"),
    ("de oudste uit een gezin met vier kinderen", "de oudste"),
    ("het middelste kind uit een groot gezin", "het kind"),
)

_FORMATTER = string.Formatter()
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _sample(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys, drawn by weight."""
    pool = dict(weights)
    chosen = []
    while pool and len(chosen) < k:
        key = _weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


def _fields(text: str) -> list[str]:
    return [name for _literal, name, _spec, _conv in _FORMATTER.parse(text) if name]


def _fits(fragment: Fragment, ctx: dict[str, str], perspective: str, age: str) -> bool:
    text, tags = (fragment, "") if isinstance(fragment, str) else fragment
    tokens = tags.split()
    perspectives = [t for t in tokens if t in GROUP]
    ages = [t for t in tokens if t in AGES or t == "4+"]
    if perspectives and perspective not in perspectives:
        return False
    if ages and age not in ages and not ("4+" in ages and age != "age_0_4"):
        return False
    return all(name in ctx for name in _fields(text))


def usable(fragments: list[Fragment], ctx: dict[str, str], perspective: str, age: str) -> list[str]:
    """The texts of the fragments that fit this narrator, child and set of placeholder values."""
    return [f if isinstance(f, str) else f[0] for f in fragments if _fits(f, ctx, perspective, age)]


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def _with_capitals(values: dict[str, str]) -> dict[str, str]:
    # Fragments write {Het_kind} at the start of a sentence and {het_kind} elsewhere.
    out = dict(values)
    for key, value in values.items():
        out[key[:1].upper() + key[1:]] = value[:1].upper() + value[1:]
    return out


def _child_words(rng: random.Random, perspective: str, age: str, years: int) -> dict[str, str]:
    """How the narrator refers to the child the story is about, with matching pronouns."""
    girl = rng.random() < 0.5
    pronouns = {
        "hij": "zij" if girl else "hij",
        "zijn": "haar" if girl else "zijn",
        "hem": "haar" if girl else "hem",
    }
    number = NUMBER_WORDS[years]
    if GROUP[perspective] == "pro":
        if age == "unknown":
            first, later = rng.choice(PRO_CHILD_UNKNOWN_AGE)
        else:
            noun, later = PRO_CHILD[age][0 if girl else 1]
            first = f"{noun} van {number}"
        return {"een_kind": first, "het_kind": later, **pronouns}
    if perspective == "relative":
        # Relatives are grandparents here: the grandparent fragments speak as "wij, opa en oma".
        noun = "kleindochter" if girl else "kleinzoon"
    elif perspective == "other":
        noun = "stiefdochter" if girl else "stiefzoon"
    else:
        noun = "dochter" if girl else "zoon"
    if age == "unknown":
        if perspective == "relative":
            first = rng.choice(["mijn oudste kleinkind", "mijn jongste kleinkind"])
        else:
            first = rng.choice(["mijn oudste", "mijn jongste", "onze middelste"])
        return {"een_kind": first, "het_kind": first, **pronouns}
    if age == "age_0_4" and perspective == "parent":
        noun = "dochtertje" if girl else "zoontje"
    return {"een_kind": f"mijn {noun} van {number}", "het_kind": f"mijn {noun}", **pronouns}


def _context(rng: random.Random, perspective: str, age: str, theme: Theme) -> dict[str, str]:
    """Placeholder values for one story, chosen once so that every fragment in it agrees."""
    group = GROUP[perspective]
    low, high = AGE_RANGE[age]
    if theme.key == "turning_18" and age == "age_12_18":
        low = 17  # only someone close to eighteen talks about turning eighteen
    if perspective == "child":
        low = 8  # younger children rarely write their own story
    years = rng.randint(low, high)
    # A separation cannot lie further back than the child was born.
    since = [words for count, words in SINCE if count < max(2, years)]
    values: dict[str, str] = {"sport": rng.choice(SPORTS), "jaren": rng.choice(since)}
    if group == "young":
        small = perspective == "child"
        values["leeftijd"] = NUMBER_WORDS[years]
        values["scheiding_leeftijd"] = NUMBER_WORDS[rng.randint(3, max(3, years - 2))]
        # One register per story: "mama en papa", "mijn moeder en mijn vader" or "mam en pap".
        values["mam"], values["pap"] = (
            ("mama", "papa")
            if small
            else rng.choice([("mijn moeder", "mijn vader"), ("mijn moeder", "mijn vader"), ("mam", "pap")])
        )
        if small:
            values["mentor"] = rng.choice(["de juf", "de meester", "mijn juf", "mijn meester"])
            values["klas"] = f"groep {NUMBER_WORDS[years - 3]}"
            values["hulpverlener"] = rng.choice(["de mevrouw van de jeugdhulp", "de meneer van de jeugdhulp"])
        else:
            values["mentor"] = (
                "mijn mentor"
                if perspective == "youth"
                else rng.choice(["mijn mentor", "mijn studieloopbaanbegeleider"])
            )
            values["klas"] = SCHOOL_YEAR.get(years, "de bovenbouw")
            values["hulpverlener"] = rng.choice(
                [
                    "mijn begeleider",
                    "mijn hulpverlener",
                    "de vrouw van de jeugdhulp",
                    "de man van de jeugdhulp",
                ]
            )
        values["vriend"] = rng.choice(
            [
                "mijn beste vriendin",
                "mijn beste vriend",
                "een meisje uit mijn klas",
                "een jongen uit mijn klas",
            ]
        )
        values["wijkcoach"] = rng.choice(
            ["de wijkcoach", "iemand van het wijkteam", "de vrouw van het wijkteam"]
        )
        values["oma"], values["oma_ze"] = rng.choice([("mijn oma", "ze"), ("mijn opa", "hij")])
        return _with_capitals(values)
    values.update(_child_words(rng, perspective, age, years))
    values["mentor"] = rng.choice(CHILD_TEACHER[age])
    values["wijkcoach"] = rng.choice(
        ["de wijkcoach", "iemand van het wijkteam", "de medewerker van het wijkteam"]
    )
    if group == "pro":
        roles = EDUCATION_ROLES[age] if perspective == "pro_education" else ROLES[perspective]
        values["rol"] = rng.choice(roles)
        values["werkjaren"] = rng.choice(["twee jaar", "vijf jaar", "tien jaar", "ruim twintig jaar"])
        return _with_capitals(values)
    if perspective == "parent":
        mother = rng.random() < 0.7
        values["ouder_rol"] = "moeder" if mother else "vader"
        values["ex"] = rng.choice(["mijn ex", "mijn ex", "mijn ex-man" if mother else "mijn ex-vrouw"])
        values["aantal"] = rng.choice(["twee", "twee", "drie", "vier"])
    elif perspective == "relative":
        values["grootouder"] = rng.choice(["oma", "opa"])
    return _with_capitals(values)


THEME_BY_KEY = {theme.key: theme for theme in THEMES}


def _themes_for(prompt: str, age: str) -> list[Theme]:
    return [t for t in THEMES if prompt in t.prompts and age in t.ages]


def _age_group(rng: random.Random, perspective: str) -> str:
    if perspective in YOUNG_AGE:
        return YOUNG_AGE[perspective]
    table = AGE_WEIGHTS["pro"] if GROUP[perspective] == "pro" else AGE_WEIGHTS[perspective]
    return _weighted(rng, table)


def _valence(rng: random.Random, theme: Theme, group: str) -> str:
    # Youths tell slightly more negative stories, professionals slightly fewer, as in the pilot.
    shift = {"young": 0.08, "older": 0.0, "pro": -0.05}[group]
    if rng.random() < min(0.95, max(0.05, theme.negative + shift)):
        return "neg"
    return "mixed" if rng.random() < 0.25 else "pos"


def _compose(
    rng: random.Random,
    theme: Theme,
    perspective: str,
    age: str,
    prompt: str,
    valence: str,
    ctx: dict[str, str],
) -> tuple[str, str]:
    group = GROUP[perspective]

    def pick(fragments: list[Fragment]) -> str:
        return rng.choice(usable(fragments, ctx, perspective, age)).format_map(ctx)

    raw_opening = rng.choice(usable(theme.text[group]["open"], ctx, perspective, age))
    opening = raw_opening.format_map(ctx)
    event = pick(theme.text[group]["neg" if valence == "neg" else "pos"])
    before: list[str] = []
    after_opening: list[str] = []
    # A role named twice ("Ik werk als mentor. Als mentor ...") reads clumsy, so skip the introduction then.
    if "{rol}" not in raw_opening and rng.random() < {"young": 0.35, "older": 0.2, "pro": 0.25}[group]:
        before.append(pick(CONTEXT[group]["self"]))
    # Every focus story must be about a divorce, so themes that are not about one by themselves get a
    # sentence that makes it so.
    if (prompt == "focus" and not theme.about_divorce) or rng.random() < 0.15:
        sentence = pick(CONTEXT[group]["divorce"])
        # A professional's context uses the child's pronoun, so it must follow the child's introduction.
        (after_opening if group == "pro" or rng.random() < 0.5 else before).append(sentence)
    closing: list[str] = []
    if valence == "mixed":
        # The mixed feeling and ending both say "good, but"; one of them is enough and is needed.
        closing.append(pick((FEELINGS if rng.random() < 0.5 else ENDINGS)[group][valence]))
    else:
        if rng.random() < 0.55:
            closing.append(pick(FEELINGS[group][valence]))
        if rng.random() < 0.6:
            closing.append(pick(ENDINGS[group][valence]))
    text = " ".join([*before, opening, *after_opening, event, *closing])
    title = pick(theme.titles["neg" if valence == "neg" else "pos"])
    return title, text


def _dirichlet(rng: random.Random, centre: tuple[float, float, float], concentration: float) -> tuple:
    draws = [rng.gammavariate(concentration * c + 0.3, 1.0) for c in centre]
    total = sum(draws)
    # Whole thousandths keep the three weights readable and summing to exactly one thousand.
    first = round(1000 * draws[0] / total)
    second = min(1000 - first, round(1000 * draws[1] / total))
    return (first / 1000, second / 1000, (1000 - first - second) / 1000)


def _focus_of_help(rng: random.Random, theme: Theme, group: str) -> tuple[float, float, float] | None:
    if rng.random() < 0.12:
        return None
    tilt = {"young": (0.15, 0.0, 0.0), "older": (0.0, 0.15, 0.0), "pro": (0.0, 0.0, 0.15)}[group]
    centre = [c + t for c, t in zip(theme.focus, tilt, strict=True)]
    total = sum(centre)
    return _dirichlet(rng, (centre[0] / total, centre[1] / total, centre[2] / total), 10.0)


def _feelings(rng: random.Random, theme: Theme, group: str, valence: str) -> list[str]:
    count = rng.choices([0, 1, 2], weights=[10, 45, 45])[0]
    weights = dict(FEELING_WEIGHTS[valence])
    if theme.frightening and valence != "pos":
        weights["afraid"] = 4
    if group == "young" and valence == "neg":
        weights["angry"] += 2
    return _sample(rng, weights, count)


def _slider(rng: random.Random, mean: float, spread: float) -> int:
    return max(0, min(100, round(rng.gauss(mean, spread))))


def _tone(rng: random.Random, valence: str) -> int | None:
    if rng.random() < 0.1:
        return None
    low, high, mode = {"pos": (60, 100, 85), "mixed": (30, 70, 50), "neg": (0, 40, 15)}[valence]
    return round(rng.triangular(low, high, mode))


def _heard(rng: random.Random, theme: Theme, group: str, age: str, valence: str) -> int | None:
    skip = 0.1 + (0.35 if age == "age_0_4" else 0.0) + (0.05 if group == "pro" else 0.0)
    if rng.random() < skip:
        return None
    mean = {"pos": 72, "mixed": 50, "neg": 25}[valence]
    # Youths feel less heard than the adults around them say they were: a pattern worth finding.
    mean += {"young": -12, "older": -3, "pro": 6}[group]
    if theme.key == "being_heard":
        mean += 10 if valence != "neg" else -10
    return _slider(rng, mean, 12)


def _who_involved(rng: random.Random, theme: Theme, perspective: str) -> list[str]:
    if rng.random() < 0.1:
        return []
    weights = dict(theme.who)
    own = {"pro_education": "school", "pro_community": "neighbourhood_team", "pro_care": "care_provider"}
    if perspective in own:
        weights[own[perspective]] = weights.get(own[perspective], 0) + 2
    else:
        weights["family_friends"] = weights.get("family_friends", 0) + 1
    return _sample(rng, weights, rng.choice([1, 1, 2, 2, 3]))


def _should_know(rng: random.Random, theme: Theme, valence: str) -> list[str]:
    if rng.random() < 0.13:
        return []
    weights = dict(theme.should_know)
    if valence == "pos":
        weights["everyone"] = weights.get("everyone", 0) + 1
    return _sample(rng, weights, rng.choice([1, 1, 2]))


def _maybe(rng: random.Random, weights: dict[str, float], skip: float) -> str | None:
    return None if rng.random() < skip else _weighted(rng, weights)


def _days_ago(rng: random.Random) -> int:
    # Most stories arrive in the weeks after the links go out; a long tail trickles in later.
    while True:
        days = int(rng.expovariate(1 / 30))
        if days <= 120:
            return days


def _story(rng: random.Random, municipality_weights: dict[str, float]) -> dict:
    perspective = _weighted(rng, PERSPECTIVE_WEIGHTS)
    group = GROUP[perspective]
    age = _age_group(rng, perspective)
    prompts = {p: w for p, w in PROMPT_WEIGHTS[group].items() if _themes_for(p, age)}
    prompt = _weighted(rng, prompts)
    candidates = _themes_for(prompt, age)
    theme = THEME_BY_KEY[_weighted(rng, {t.key: t.prompts[prompt] for t in candidates})]
    valence = _valence(rng, theme, group)
    ctx = _context(rng, perspective, age, theme)
    title, text = _compose(rng, theme, perspective, age, prompt, valence, ctx)
    when = dict(WHEN_WEIGHTS)
    if perspective == "young_adult":
        when["years_ago"] += 4
    living = (theme.living or {}).get(age) or LIVING_WEIGHTS[age]
    if municipality_weights and rng.random() >= ELSEWHERE_SHARE:
        municipality = _weighted(rng, municipality_weights)
    else:
        municipality = "elsewhere"
    return {
        "prompt": prompt,
        "title": title,
        "story": text,
        "perspective": perspective,
        "age_group": age,
        "living": _maybe(rng, living, 0.05),
        "when": _maybe(rng, when, 0.05),
        "duration": _maybe(rng, theme.duration, 0.06),
        "organisation_type": _maybe(rng, theme.organisations, 0.05),
        "municipality": municipality,
        "feeling": _feelings(rng, theme, group, valence),
        "tone": _tone(rng, valence),
        "heard": _heard(rng, theme, group, age, valence),
        "focus_of_help": _focus_of_help(rng, theme, group),
        "who_involved": _who_involved(rng, theme, perspective),
        "should_know": _should_know(rng, theme, valence),
        "days_ago": _days_ago(rng),
        "audience_hint": AUDIENCE[group],
        # Not a framework answer: the theme the story was written from, a reference label for checking
        # what the grouping engine proposes on the demo data.
        "theme": theme.key,
    }


def generate_stories(n: int = 300, seed: int = 2021, municipalities: list[str] | None = None) -> list[dict]:
    """n distinct synthetic stories with their answers; the same arguments give the same stories.

    municipalities are the traject's municipality codes (default: the 14 of Twente); a few stories
    answer "elsewhere", as real narrators do. Besides the answers, each story has "days_ago" (when it
    was sent), "audience_hint" (youth, parent or professional, to match it to a link) and "theme" (the
    cluster it was written from, a reference for what the grouping engine should find).
    """
    if n < 0:
        raise ValueError("n must not be negative")
    rng = random.Random(seed)
    codes = (
        [code for code, _name in TWENTE_MUNICIPALITIES] if municipalities is None else list(municipalities)
    )
    weights = {code: MUNICIPALITY_WEIGHTS.get(code, DEFAULT_MUNICIPALITY_WEIGHT) for code in codes}
    seen: set[str] = set()
    stories: list[dict] = []
    while len(stories) < n:
        for _attempt in range(200):
            story = _story(rng, weights)
            if story["story"] not in seen:
                break
        else:
            raise ValueError(f"the fragment pool cannot make {n} distinct stories")
        seen.add(story["story"])
        stories.append(story)
    return stories


def _perspective_ages(perspective: str) -> list[str]:
    if perspective in YOUNG_AGE:
        return [YOUNG_AGE[perspective]]
    return list(AGE_WEIGHTS["pro"] if GROUP[perspective] == "pro" else AGE_WEIGHTS[perspective])


def pool_gaps() -> list[str]:
    """Combinations of narrator, age and theme for which some fragment list has nothing that fits.

    Empty when the pool is complete; the tests keep it so whenever fragments are added or retagged.
    """
    gaps = []
    rng = random.Random(0)
    for perspective, group in GROUP.items():
        for age in _perspective_ages(perspective):
            for theme in THEMES:
                if age not in theme.ages:
                    continue
                ctx = _context(rng, perspective, age, theme)
                lists = {f"{theme.key}.{kind}": theme.text[group][kind] for kind in ("open", "pos", "neg")}
                lists.update({f"{theme.key}.title.{v}": theme.titles[v] for v in ("pos", "neg")})
                lists.update({f"context.{kind}": CONTEXT[group][kind] for kind in ("self", "divorce")})
                for valence in ("pos", "neg", "mixed"):
                    lists[f"feeling.{valence}"] = FEELINGS[group][valence]
                    lists[f"ending.{valence}"] = ENDINGS[group][valence]
                for name, fragments in lists.items():
                    if not usable(fragments, ctx, perspective, age):
                        gaps.append(f"{perspective}/{age}: nothing fits {name}")
                if group == "pro":
                    # A professional's event says "het meisje"; the opening must have introduced her.
                    for opening in usable(theme.text[group]["open"], ctx, perspective, age):
                        if "{een_kind}" not in opening and "{Een_kind}" not in opening:
                            gaps.append(
                                f"{perspective}/{age}: {theme.key} opening never introduces the child"
                            )
    return gaps
