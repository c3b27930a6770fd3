"""The organisation table of the Twente demo traject.

Every organisation here is invented; any likeness to a real organisation is accidental. Contacts are
roles, never people, so the demo can be shown to anyone without exposing a name. A name may appear on
more than one row with another audience or age group (one link each), as a coalition would fill it in;
such rows keep the same type, municipality and contact, because they describe the same organisation.
"""

from __future__ import annotations

TWENTE_MUNICIPALITIES: list[tuple[str, str]] = [
    ("almelo", "Almelo"),
    ("borne", "Borne"),
    ("dinkelland", "Dinkelland"),
    ("enschede", "Enschede"),
    ("haaksbergen", "Haaksbergen"),
    ("hellendoorn", "Hellendoorn"),
    ("hengelo", "Hengelo"),
    ("hof-van-twente", "Hof van Twente"),
    ("losser", "Losser"),
    ("oldenzaal", "Oldenzaal"),
    ("rijssen-holten", "Rijssen-Holten"),
    ("tubbergen", "Tubbergen"),
    ("twenterand", "Twenterand"),
    ("wierden", "Wierden"),
]


def _org(name, contact_person, audience, age_group, municipality, organisation_type, channel):
    return {
        "name": name,
        "contact_person": contact_person,
        "audience": audience,
        "age_group": age_group,
        "municipality": municipality,
        "organisation_type": organisation_type,
        "channel": channel,
    }


# The three cities get most rows, as most families and providers in Twente are there.
DEMO_ORGANISATIONS: list[dict[str, str]] = [
    # Enschede
    _org("Kindcentrum De Klimopboog", "Intern begeleider", "parent", "age_4_12", "enschede", "school",
         "nieuwsbrief"),
    _org("Kindcentrum De Klimopboog", "Intern begeleider", "professional", "age_4_12", "enschede", "school",
         "e-mail"),
    _org("Esrand College", "Zorgcoördinator", "youth", "age_12_18", "enschede", "school", "whatsapp"),
    _org("Esrand College", "Zorgcoördinator", "parent", "age_12_18", "enschede", "school", "nieuwsbrief"),
    _org("Jeugdhulp Zonnedauw", "Gezinsbehandelaar", "parent", "age_4_12", "enschede", "care_provider",
         "e-mail"),
    _org("Jeugdhulp Zonnedauw", "Gezinsbehandelaar", "youth", "age_12_18", "enschede", "care_provider",
         "whatsapp"),
    _org("Buurtteam Roombeekzijde", "Wijkcoach jeugd", "parent", "unknown", "enschede",
         "neighbourhood_team", "flyer"),
    # Hengelo
    _org("Tichelwerk Lyceum", "Mentor leerjaar 3", "youth", "age_12_18", "hengelo", "school", "flyer"),
    _org("Wijkteam Esdoornhof", "Teamleider jeugd", "professional", "unknown", "hengelo",
         "neighbourhood_team", "e-mail"),
    _org("Stichting Overstag Jeugd en Gezin", "Praktijkopleider", "professional", "unknown", "hengelo",
         "care_provider", "intranet"),
    # An information site with a separate button per age group, each its own link.
    _org("Thuis in Twee Huizen", "Redacteur website", "youth", "age_4_12", "hengelo", "other", "website"),
    _org("Thuis in Twee Huizen", "Redacteur website", "youth", "age_12_18", "hengelo", "other", "website"),
    _org("Thuis in Twee Huizen", "Redacteur website", "parent", "unknown", "hengelo", "other", "website"),
    # Almelo
    _org("Basisschool Het Wilgenhof", "Leerkracht groep 7", "parent", "age_4_12", "almelo", "school",
         "whatsapp"),
    _org("Jeugdbescherming Twentse Poort", "Teamleider jeugdbescherming", "professional", "unknown", "almelo",
         "certified_institution", "e-mail"),
    _org("Woonbegeleiding Het Kanaalhuis", "Woonbegeleider", "youth", "age_18_23", "almelo", "care_provider",
         "whatsapp"),
    _org("Jeugdloket Kanaalzone", "Consulent jeugd", "parent", "unknown", "almelo", "municipality",
         "e-mail"),
    # The rest of the region
    _org("Huisartsenpraktijk Aan de Regge", "Praktijkondersteuner jeugd", "parent", "unknown", "hellendoorn",
         "gp", "flyer"),
    _org("Gezondheidshuis Buurserbeek", "Huisarts", "professional", "unknown", "haaksbergen", "gp", "e-mail"),
    _org("Voetbalvereniging Dinkelvogels", "Jeugdcoördinator", "youth", "age_12_18", "dinkelland",
         "sports_club", "whatsapp"),
    _org("Voetbalvereniging Dinkelvogels", "Jeugdcoördinator", "parent", "age_4_12", "dinkelland",
         "sports_club", "nieuwsbrief"),
    _org("Jeugdpunt Holterberg", "Beleidsmedewerker jeugd", "parent", "unknown", "rijssen-holten",
         "municipality", "website"),
    _org("Oudervereniging Tweeklank", "Voorzitter", "parent", "unknown", "borne", "other", "nieuwsbrief"),
    _org("Jongerenpanel Luister Mee", "Jongerenwerker", "youth", "age_12_18", "twenterand", "other",
         "whatsapp"),
    _org("Kinderopvang Het Krullebolletje", "Pedagogisch coach", "parent", "age_0_4", "losser", "other",
         "flyer"),
    _org("Mbo-campus Wierdense Veld", "Studieloopbaanbegeleider", "youth", "age_18_23", "wierden", "school",
         "website"),
    _org("Kindcentrum Het Veldboeket", "Directeur", "parent", "age_4_12", "tubbergen", "school", "whatsapp"),
    _org("Sociaal Team Hofkwartier", "Wijkcoach", "parent", "unknown", "hof-van-twente",
         "neighbourhood_team", "flyer"),
    _org("Gezinspunt Kroonpad", "Gezinscoach", "professional", "unknown", "oldenzaal", "care_provider",
         "e-mail"),
]
