"""The words that fill a demo story's placeholders: how old the child is and in which class, who the
teacher or the professional is, and how each perspective speaks of the child ({het_kind}, {mentor})."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vertelpunt.demo.stories import Theme

# The three perspective groups whose stories sound alike.
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


def _with_capitals(values: dict[str, str]) -> dict[str, str]:
    # Fragments write {Het_kind} at the start of a sentence and {het_kind} elsewhere.
    out = dict(values)
    for key, value in values.items():
        out[key[:1].upper() + key[1:]] = value[:1].upper() + value[1:]
    return out


def child_words(rng: random.Random, perspective: str, age: str, years: int) -> dict[str, str]:
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


def context_for(rng: random.Random, perspective: str, age: str, theme: Theme) -> dict[str, str]:
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
    values.update(child_words(rng, perspective, age, years))
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
