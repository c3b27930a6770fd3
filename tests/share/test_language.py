"""Narrator texts in plain Dutch (B1): short sentences, common words; English complete."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from vertelpunt.framework import get_framework

ROOT = Path(__file__).resolve().parents[2]
NARRATOR_SOURCES = [
    *sorted((ROOT / "templates" / "share").glob("*.html")),
    ROOT / "templates" / "base_narrator.html",
    ROOT / "templates" / "errors" / "error.html",
    ROOT / "vertelpunt" / "share" / "routes.py",
    ROOT / "vertelpunt" / "share" / "messages.py",
    ROOT / "vertelpunt" / "forms" / "narrator.py",
    ROOT / "vertelpunt" / "errors.py",
]
CATALOGUE = ROOT / "vertelpunt" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
_VOWEL_GROUPS = re.compile(r"ij|ei|ui|ou|au|oe|ie|eu|aa|ee|oo|uu|[aeiouyëïéèöü]", re.IGNORECASE)


def _msgids(path: Path) -> list[str]:
    method = "jinja2" if path.suffix == ".html" else "python"
    return [
        message[1] if isinstance(message[1], str) else message[1][0]
        for message in extract_from_file(method, str(path), keywords={"_": None, "gettext": None})
    ]


def narrator_texts_nl(options: bool = True) -> list[str]:
    """Every Dutch text a narrator can see; answer options are labels, not sentences, so they can be left out."""
    catalogue = {m.id: m.string for m in read_po(CATALOGUE.open("rb")) if m.id}
    texts = [catalogue[msgid] for path in NARRATOR_SOURCES for msgid in _msgids(path)]
    for question in get_framework().questions:
        texts.append(question.text["nl"])
        texts.extend(question.help.values() and [question.help["nl"]])
        if options:
            texts.extend(o.text["nl"] for o in question.options)
    return [re.sub(r"%\(\w+\)s", "iets", t) for t in texts if t]


def sentences(texts: list[str]) -> list[list[str]]:
    result = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            words = re.findall(r"[A-Za-zÀ-ÿ0-9]+(?:['-][A-Za-zÀ-ÿ]+)*", sentence)
            if words:
                result.append(words)
    return result


def syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def flesch_douma(parts: list[list[str]]) -> float:
    words = [w for s in parts for w in s]
    return 206.835 - 0.93 * (len(words) / len(parts)) - 77 * (sum(map(syllables, words)) / len(words))


def test_narrator_sentences_are_short():
    parts = sentences(narrator_texts_nl(options=False))
    average = sum(map(len, parts)) / len(parts)
    assert len(parts) > 100
    assert average <= 12, f"average sentence length {average:.1f} words"
    longest = max(parts, key=len)
    assert len(longest) <= 20, " ".join(longest)


def test_narrator_texts_read_easily():
    score = flesch_douma(sentences(narrator_texts_nl(options=False)))
    # Flesch-Douma: 60-70 is "fairly easy", above 70 "easy"; B1 texts score above 60.
    assert score >= 65, f"Flesch-Douma {score:.0f}"


def test_readability_measure_on_known_texts():
    easy = sentences(["Ik ga naar school. De zon is fijn. We eten soep."])
    hard = sentences(
        [
            "De gemeentelijke beleidsverantwoordelijkheid betreffende jeugdhulpverlening "
            "vereist interorganisationele afstemmingsmechanismen."
        ]
    )
    assert flesch_douma(easy) > 90 > 20 > flesch_douma(hard)
    assert syllables("verhaal") == 2 and syllables("jeugdhulp") == 2 and syllables("kinderen") == 3


def test_english_pages_carry_no_dutch_left_over(client, traject):
    from vertelpunt.staff import services

    catalogue = {m.string for m in read_po(CATALOGUE.open("rb")) if m.id and len(m.string) > 14}
    token = services.general_link(traject).token
    pages = [
        client.get(f"/{token}?lang=en").get_data(as_text=True),
        client.get("/intrekken").get_data(as_text=True),
        client.get("/").get_data(as_text=True),
        client.get("/abcdefghjkmnpq").get_data(as_text=True),
    ]
    for page in pages:
        leftovers = [text for text in catalogue if text in page]
        assert leftovers == []
