"""The organisation table of the Twente demo traject.

Every organisation here is invented; any likeness to a real organisation is accidental. Contacts are
roles, never people, so the demo can be shown to anyone without exposing a name. An organisation may
have more than one link, one per audience or age group, as a coalition would fill in the table.
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

# Each organisation is written once with its links as (audience, age group, channel), so that the rows
# of one organisation cannot disagree about its type, municipality or contact. The three cities get the
# most organisations, as most families and providers in Twente are there.
_ORGANISATIONS: list[dict] = [
    # Enschede
    {
        "name": "Kindcentrum De Klimopboog",
        "organisation_type": "school",
        "municipality": "enschede",
        "contact_person": "Intern begeleider",
        "links": [("parent", "age_4_12", "nieuwsbrief"), ("professional", "age_4_12", "e-mail")],
    },
    {
        "name": "Esrand College",
        "organisation_type": "school",
        "municipality": "enschede",
        "contact_person": "Zorgcoördinator",
        "links": [("youth", "age_12_18", "whatsapp"), ("parent", "age_12_18", "nieuwsbrief")],
    },
    {
        "name": "Jeugdhulp Zonnedauw",
        "organisation_type": "care_provider",
        "municipality": "enschede",
        "contact_person": "Gezinsbehandelaar",
        "links": [("parent", "age_4_12", "e-mail"), ("youth", "age_12_18", "whatsapp")],
    },
    {
        "name": "Buurtteam Roombeekzijde",
        "organisation_type": "neighbourhood_team",
        "municipality": "enschede",
        "contact_person": "Wijkcoach jeugd",
        "links": [("parent", "unknown", "flyer")],
    },
    # Hengelo
    {
        "name": "Tichelwerk Lyceum",
        "organisation_type": "school",
        "municipality": "hengelo",
        "contact_person": "Mentor leerjaar 3",
        "links": [("youth", "age_12_18", "flyer")],
    },
    {
        "name": "Wijkteam Esdoornhof",
        "organisation_type": "neighbourhood_team",
        "municipality": "hengelo",
        "contact_person": "Teamleider jeugd",
        "links": [("professional", "unknown", "e-mail")],
    },
    {
        "name": "Stichting Overstag Jeugd en Gezin",
        "organisation_type": "care_provider",
        "municipality": "hengelo",
        "contact_person": "Praktijkopleider",
        "links": [("professional", "unknown", "intranet")],
    },
    # An information site with a button per age group, each its own link.
    {
        "name": "Thuis in Twee Huizen",
        "organisation_type": "other",
        "municipality": "hengelo",
        "contact_person": "Redacteur website",
        "links": [
            ("youth", "age_4_12", "website"),
            ("youth", "age_12_18", "website"),
            ("parent", "unknown", "website"),
        ],
    },
    # Almelo
    {
        "name": "Basisschool Het Wilgenhof",
        "organisation_type": "school",
        "municipality": "almelo",
        "contact_person": "Leerkracht groep 7",
        "links": [("parent", "age_4_12", "whatsapp")],
    },
    {
        "name": "Jeugdbescherming Twentse Poort",
        "organisation_type": "certified_institution",
        "municipality": "almelo",
        "contact_person": "Teamleider jeugdbescherming",
        "links": [("professional", "unknown", "e-mail")],
    },
    {
        "name": "Woonbegeleiding Het Kanaalhuis",
        "organisation_type": "care_provider",
        "municipality": "almelo",
        "contact_person": "Woonbegeleider",
        "links": [("youth", "age_18_23", "whatsapp")],
    },
    {
        "name": "Jeugdloket Kanaalzone",
        "organisation_type": "municipality",
        "municipality": "almelo",
        "contact_person": "Consulent jeugd",
        "links": [("parent", "unknown", "e-mail")],
    },
    # The rest of the region
    {
        "name": "Huisartsenpraktijk Aan de Regge",
        "organisation_type": "gp",
        "municipality": "hellendoorn",
        "contact_person": "Praktijkondersteuner jeugd",
        "links": [("parent", "unknown", "flyer")],
    },
    {
        "name": "Gezondheidshuis Buurserbeek",
        "organisation_type": "gp",
        "municipality": "haaksbergen",
        "contact_person": "Huisarts",
        "links": [("professional", "unknown", "e-mail")],
    },
    {
        "name": "Voetbalvereniging Dinkelvogels",
        "organisation_type": "sports_club",
        "municipality": "dinkelland",
        "contact_person": "Jeugdcoördinator",
        "links": [("youth", "age_12_18", "whatsapp"), ("parent", "age_4_12", "nieuwsbrief")],
    },
    {
        "name": "Jeugdpunt Holterberg",
        "organisation_type": "municipality",
        "municipality": "rijssen-holten",
        "contact_person": "Beleidsmedewerker jeugd",
        "links": [("parent", "unknown", "website")],
    },
    {
        "name": "Oudervereniging Tweeklank",
        "organisation_type": "other",
        "municipality": "borne",
        "contact_person": "Voorzitter",
        "links": [("parent", "unknown", "nieuwsbrief")],
    },
    {
        "name": "Jongerenpanel Luister Mee",
        "organisation_type": "other",
        "municipality": "twenterand",
        "contact_person": "Jongerenwerker",
        "links": [("youth", "age_12_18", "whatsapp")],
    },
    {
        "name": "Kinderopvang Het Krullebolletje",
        "organisation_type": "other",
        "municipality": "losser",
        "contact_person": "Pedagogisch coach",
        "links": [("parent", "age_0_4", "flyer")],
    },
    {
        "name": "Mbo-campus Wierdense Veld",
        "organisation_type": "school",
        "municipality": "wierden",
        "contact_person": "Studieloopbaanbegeleider",
        "links": [("youth", "age_18_23", "website")],
    },
    {
        "name": "Kindcentrum Het Veldboeket",
        "organisation_type": "school",
        "municipality": "tubbergen",
        "contact_person": "Directeur",
        "links": [("parent", "age_4_12", "whatsapp")],
    },
    {
        "name": "Sociaal Team Hofkwartier",
        "organisation_type": "neighbourhood_team",
        "municipality": "hof-van-twente",
        "contact_person": "Wijkcoach",
        "links": [("parent", "unknown", "flyer")],
    },
    {
        "name": "Gezinspunt Kroonpad",
        "organisation_type": "care_provider",
        "municipality": "oldenzaal",
        "contact_person": "Gezinscoach",
        "links": [("professional", "unknown", "e-mail")],
    },
]

DEMO_ORGANISATIONS: list[dict[str, str]] = [
    {
        "name": org["name"],
        "contact_person": org["contact_person"],
        "audience": audience,
        "age_group": age_group,
        "municipality": org["municipality"],
        "organisation_type": org["organisation_type"],
        "channel": channel,
    }
    for org in _ORGANISATIONS
    for audience, age_group, channel in org["links"]
]
