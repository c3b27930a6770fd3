"""The fast rules: every kind with examples, the BSN 11-test, what must stay, and hostile input."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vertelpunt.privacy import KINDS, Finding, bsn_valid, find_personal_details

PACKAGE = Path(__file__).resolve().parents[2] / "vertelpunt" / "privacy"
TWENTE = (
    "Almelo, Borne, Dinkelland, Enschede, Haaksbergen, Hellendoorn, Hengelo, Hof van Twente, Losser, "
    "Oldenzaal, Rijssen-Holten, Tubbergen, Twenterand en Wierden"
)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal_details(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names: lists, diminutives, cues, titles, double and particle surnames
        ("Ik heb Fatima gebeld.", ("name", "Fatima")),
        ("Toen kwam Daantje thuis.", ("name", "Daantje")),
        ("Ik sprak Sanneke op de groep.", ("name", "Sanneke")),
        ("Mijn zoon Kyano is stil.", ("name", "Kyano")),
        ("Gisteren belde juf Sanne.", ("name", "Sanne")),
        ("Meneer De Vries hielp ons.", ("name", "De Vries")),
        ("Ik mailde mevrouw Jansen.", ("name", "Jansen")),
        ("Tante Ria haalde me op.", ("name", "Ria")),
        ("Mijn ex Mark van den Berg kwam niet.", ("name", "Mark van den Berg")),
        ("De moeder, mevrouw Van der Meer-Kok, wilde niet.", ("name", "Van der Meer-Kok")),
        ("Ik ben Hanneke Oude Luttikhuis, hulpverlener.", ("name", "Hanneke Oude Luttikhuis")),
        ("Ik heet Zoë en ik ben 13.", ("name", "Zoë")),
        ("Ik sprak gisteren Maryse Oosterveld van leerplicht.", ("name", "Maryse Oosterveld")),
        ("Ik overlegde met Gert-Jan over de zorg.", ("name", "Gert-Jan")),
        ("De leerling, Daniël, kwam niet.", ("name", "Daniël")),
        ("Onze dochter Lieve had een moeilijke start.", ("name", "Lieve")),
        ("Bel (053) 480 12 34 op werkdagen.", ("phone", "(053) 480 12 34")),
        ("We wonen op de Van Heeckerenstraat 14 boven de bakker.", ("address", "Van Heeckerenstraat 14")),
        ("Het huisbezoek was op Oude Markt 3.", ("address", "Oude Markt 3")),
        ("Ik zat op het Assinkcollege.", ("school", "Assinkcollege")),
        # phones
        ("Bel 06-12345678 maar.", ("phone", "06-12345678")),
        ("Bel 0612345678 maar.", ("phone", "0612345678")),
        ("Bel +31 6 1234 5678 maar.", ("phone", "+31 6 1234 5678")),
        ("Bel 053-1234567 maar.", ("phone", "053-1234567")),
        ("Bel 06 12 34 56 78 maar.", ("phone", "06 12 34 56 78")),
        ("Bel 0031 6 2345 6789 maar.", ("phone", "0031 6 2345 6789")),
        # e-mail
        ("Mail naar marieke.jansen@gmail.com graag.", ("email", "marieke.jansen@gmail.com")),
        ("Mail anneke@vandijk-advies.nl.", ("email", "anneke@vandijk-advies.nl")),
        # addresses and postcodes
        ("Wij wonen op Kerkstraat 12a sinds mei.", ("address", "Kerkstraat 12a")),
        ("Ik woon aan de Hengelosestraat 105 in Enschede.", ("address", "Hengelosestraat 105")),
        ("Ik woon aan de Hengelosestraat, vlak bij school.", ("address", "Hengelosestraat")),
        ("Postadres: Postbus 123.", ("address", "Postbus 123")),
        ("Het is 7511 AB Enschede.", ("postcode", "7511 AB")),
        ("Het is 7461AB Rijssen.", ("postcode", "7461AB")),
        # dates of birth and exact dates
        ("Ze is geboren op 3 maart 2011 in Almelo.", ("birth_date", "3 maart 2011")),
        ("Geboortedatum: 12-04-2009.", ("birth_date", "12-04-2009")),
        ("Hij is geb. 05-06-2011.", ("birth_date", "05-06-2011")),
        ("Op 14 februari 2023 werd hij opgenomen.", ("date", "14 februari 2023")),
        # schools
        ("Ik zat op basisschool De Regenboog.", ("school", "De Regenboog")),
        ("Ik zat op OBS De Vlinder in Hengelo.", ("school", "OBS De Vlinder")),
        ("Op het Zonnebloem College snapte niemand het.", ("school", "Zonnebloem College")),
        ("Ik zit op 't Kompas.", ("school", "'t Kompas")),
        # handles
        ("Volg @lisa_2009 maar.", ("handle", "@lisa_2009")),
        ("Mijn insta: daantje.gaming, kijk maar.", ("handle", "daantje.gaming")),
        ("Mijn snap is noortje_xo als je wil.", ("handle", "noortje_xo")),
        # BSN
        ("Zijn BSN is 628194821.", ("bsn", "628194821")),
        ("Nummer 1015.56.780 stond erop.", ("bsn", "1015.56.780")),
    ],
)
def test_each_kind_is_found(text, expected):
    assert expected in found(text)


def test_findings_point_into_the_text_and_never_overlap():
    text = (
        "Mijn zoon Daan Jansen (geb. 12-04-2009) woont op Kerkstraat 12a, 7511 AB Enschede; bel 06-12345678."
    )
    findings = find_personal_details(text)
    assert {f.kind for f in findings} == {"name", "birth_date", "address", "postcode", "phone"}
    for f in findings:
        assert isinstance(f, Finding) and f.kind in KINDS
        assert text[f.start : f.end] == f.text
    for a, b in pairwise(findings):
        assert a.end <= b.start


@pytest.mark.parametrize(
    "number", ["628194821", "252760189", "507529170", "121547280", "111222333", "123456782", "10150018"]
)
def test_bsn_eleven_test_accepts_valid_numbers(number):
    assert bsn_valid(number)


@pytest.mark.parametrize(
    "number", ["628194822", "123456789", "000000000", "12345678901", "12345", "abcdefghi"]
)
def test_bsn_eleven_test_rejects_invalid_numbers(number):
    assert not bsn_valid(number)


def test_nine_digits_are_a_bsn_only_when_valid_or_called_one():
    assert found("Dossier 123456789 is dicht.") == []
    assert found("Dossier 123456782 is dicht.") == [("bsn", "123456782")]
    # The narrator may mistype their BSN; named as one it is still personal.
    assert found("Mijn BSN is 123456789.") == [("bsn", "123456789")]


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben 14 en ik woon bij mijn moeder in Enschede.",
        "Veilig Thuis kwam pas na drie meldingen.",
        "De Raad voor de Kinderbescherming deed onderzoek.",
        "Jeugdzorg en het Wijkteam werkten langs elkaar heen.",
        "In maart kregen we een gesprek, vorig jaar niet.",
        "Op maandag 4 maart was er een overleg.",
        "Roos is mijn lievelingsbloem.",
        "Mijn hamster heet Koekje.",
        "Lieve hulpverleners, luister naar ons.",
        "Bij de Sociale Verzekeringsbank kregen we geld, het Rode Kruis hielp ook.",
        "Mijn vader spreekt Frans en Duits.",
        "Het Kenniscentrum Kinder- en Jeugdpsychiatrie gaf een advies.",
        "Gelukkig had ik mijn hond nog.",
        "Om 07.30 uur moest hij in de taxi; we belden 112.",
        "Ik zit in groep 8 en kreeg een 8 voor mijn werkstuk.",
        f"De gemeenten {TWENTE} werken samen.",
    ],
)
def test_ordinary_story_sentences_are_left_alone(text):
    assert found(text) == []


def test_a_5000_character_story_takes_milliseconds():
    story = (
        "Mijn zoon Daan zit op basisschool De Regenboog in Enschede. Ik ben 14 en woon in Hengelo. "
        "Bel 06-12345678 of mail ouder@example.nl. Veilig Thuis kwam in maart. Juf Sanne hielp ons. "
    )
    story = (story * (5000 // len(story) + 1))[:5000]
    find_personal_details(story)
    timings = []
    for _ in range(15):
        t0 = time.perf_counter()
        find_personal_details(story)
        timings.append(time.perf_counter() - t0)
    # About 4 ms on the project's machine; the bound leaves room for a slow CI runner.
    assert sorted(timings)[len(timings) // 2] < 0.03


HOSTILE = {
    "letters": "a" * 100_000,
    "capitals": "A" * 100_000,
    "digits": "1" * 100_000,
    "at signs": "@" * 100_000,
    "dashes and zeros": "06-" * 33_000,
    "names": "Daan " * 20_000,
    "cued names": "mijn zoon Daan " * 7_000,
    "dates": "12-04-2009 " * 9_000,
    "handle cues": "insta: " * 14_000,
    "school suffixes": " College" * 12_000,
    "particles": "Jan van " * 12_000,
    "html": "<script>alert('Daan')</script><b onclick=x>06-12345678</b>" * 1_800,
    "control characters": "\x00\x01\x1b[31m\u202e\u200b\r\n\t" * 10_000,
    "emoji": "😀👨‍👩‍👧 Daan 🏳️‍🌈 " * 6_000,
    "local part": "x" * 99_990 + "@gmail.com",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_never_crashes_and_stays_fast(name):
    text = HOSTILE[name]
    t0 = time.perf_counter()
    findings = find_personal_details(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"
    for f in findings:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize("value", [None, 42, b"06-12345678", ""])
def test_non_text_input_gives_nothing(value):
    assert find_personal_details(value) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_consistent_findings(text):
    findings = find_personal_details(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.text
    for a, b in pairwise(findings):
        assert a.end <= b.start


def test_package_needs_neither_flask_nor_the_rest_of_vertelpunt():
    for source in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in ("flask", "flask_babel", "vertelpunt"), (source.name, name)
    # Loaded on its own, as a worker or notebook outside the app could, it works without Flask.
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('privacy', {str(PACKAGE / '__init__.py')!r},"
        f" submodule_search_locations=[{str(PACKAGE)!r}])\n"
        "mod = importlib.util.module_from_spec(spec); sys.modules['privacy'] = mod; spec.loader.exec_module(mod)\n"
        "assert mod.find_personal_details('Bel 06-12345678')[0].kind == 'phone'\n"
        "assert 'flask' not in sys.modules and 'vertelpunt' not in sys.modules\n"
        "assert 'deduce' not in sys.modules, 'deduce must load lazily'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
