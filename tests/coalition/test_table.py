"""The organisation table round trip: upload, check every row, mint links, give the table back, re-import."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from linkgen import table as tables
from tests.coalition.conftest import add_story, post_form
from vertelpunt.coalition import organisation_table, services
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Link, Organisation, Story

HEADER = "Organisatie;Contactpersoon;Doelgroep;Leeftijdsgroep;Gemeente;Soort organisatie;Kanaal"
GOOD = [
    "Basisschool De Linde;Intern begeleider;Ouders;4 tot 12 jaar;Almelo;School;nieuwsbrief",
    "Basisschool De Linde;Intern begeleider;Professionals;4 tot 12 jaar;Almelo;School;e-mail",
    "Jeugdhulp Noord;Gezinscoach;youth;age_12_18;hengelo;care_provider;whatsapp",
    "Huisartsenpraktijk Oost;;Ouders;;;Huisarts;flyer",
]


def csv_bytes(lines, encoding="utf-8") -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding)


def org_links(traject) -> int:
    return db.session.scalar(
        select(func.count(Link.id)).where(Link.traject_id == traject.id, Link.organisation_id.is_not(None))
    )


def test_a_good_table_mints_one_link_per_row_and_prefills_from_it(traject):
    report = organisation_table.import_table(traject, csv_bytes(GOOD), "tabel.csv")
    db.session.commit()
    assert report.imported and not report.problems
    assert (report.organisations_created, report.links_created) == (3, 4)
    linde = db.session.scalar(select(Organisation).where(Organisation.name == "Basisschool De Linde"))
    assert (linde.organisation_type, linde.municipality_code, linde.contact_person) == (
        "school",
        "almelo",
        "Intern begeleider",
    )
    parents = next(link for link in linde.links if link.audience == "parent")
    assert parents.prefill == {
        "age_group": "age_4_12",
        "organisation_type": "school",
        "municipality": "almelo",
    }
    assert parents.channel == "nieuwsbrief"
    gp = db.session.scalar(select(Organisation).where(Organisation.name == "Huisartsenpraktijk Oost"))
    assert gp.links[0].prefill == {"organisation_type": "gp"}


def test_one_wrong_row_imports_nothing_and_names_every_problem(traject):
    lines = [
        *GOOD,
        "Wijkteam West;;Ouders;;Amsterdam;Wijkteam;",  # not a municipality of this traject
        "Sportclub;;Opa's;;;Sportclub of vereniging;",  # unknown audience
        ";;Ouders;;;School;",  # no organisation
        "Basisschool De Linde;Intern begeleider;Ouders;4 tot 12 jaar;Almelo;School;nieuwsbrief",  # row 2 again
        "Basisschool De Linde;Intern begeleider;Jongeren;;Almelo;Gemeente;",  # other type than row 2
    ]
    report = organisation_table.import_table(traject, csv_bytes(lines), "tabel.csv")
    db.session.rollback()
    assert not report.imported
    found = {(row, column) for row, column, _message in report.problems}
    assert found == {
        (6, "Gemeente"),
        (7, "Doelgroep"),
        (8, "Organisatie"),
        (9, "Organisatie"),
        (10, "Soort organisatie"),
    }
    messages = " ".join(m for _r, _c, m in report.problems)
    assert "'Amsterdam' is geen gemeente van dit traject" in messages
    assert "Rij 2 vraagt al om dezelfde link" in messages
    assert org_links(traject) == 0
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_the_valid_rows_can_be_imported_on_explicit_request(traject):
    lines = [*GOOD, "Wijkteam West;;Ouders;;Amsterdam;Wijkteam;"]
    report = organisation_table.import_table(traject, csv_bytes(lines), "tabel.csv", valid_only=True)
    db.session.commit()
    assert report.imported and report.rows_done == 4 and report.rows_skipped == 1
    assert org_links(traject) == 4
    assert db.session.scalar(select(Organisation.id).where(Organisation.name == "Wijkteam West")) is None


def test_a_windows_1252_csv_from_excel_keeps_its_accents(traject):
    data = csv_bytes(["Kindcentrum Ré;Zorgcoördinator;Ouders;;Enschede;School;"], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    organisation_table.import_table(traject, data, "excel.csv")
    db.session.commit()
    org = db.session.scalar(select(Organisation).where(Organisation.traject_id == traject.id))
    assert (org.name, org.contact_person) == ("Kindcentrum Ré", "Zorgcoördinator")


def test_comma_separated_utf16_and_english_headers_are_read_too(traject):
    text = "organisation,audience,organisation type,municipality\r\nClub Één,Youth,Sports club or association,Hengelo\r\n"
    for data in (text.encode("utf-8-sig"), text.encode("utf-16")):
        (row,) = tables.validate_rows(
            tables.read_table(data, "t.csv"), organisation_table.allowed_values(traject)
        )
        assert (row.organisation, row.audience, row.organisation_type, row.municipality) == (
            "Club Één",
            "youth",
            "sports_club",
            "hengelo",
        )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "geen rijen"),
        (b"Naam;Telefoon\r\nA;1\r\n", "Deze kolommen ontbreken"),
        (b"PK\x03\x04 not really a workbook", "geen tabel die we kunnen lezen"),
        (b"\x00\x01\x02binary", "geen tabel die we kunnen lezen"),
    ],
)
def test_unreadable_files_get_one_clear_message(traject, data, expected):
    with pytest.raises(InputError) as info:
        organisation_table.import_table(traject, data, "t.csv")
    assert expected in info.value.errors["file"]


def test_export_and_reimport_updates_rows_instead_of_duplicating(traject):
    organisation_table.import_table(traject, csv_bytes(GOOD), "tabel.csv")
    db.session.commit()
    exported = tables.write_csv(organisation_table.table_rows(traject))
    # The same table again, as it came back: nothing new.
    report = organisation_table.import_table(traject, exported, "terug.csv")
    db.session.commit()
    assert report.imported and (
        report.links_created,
        report.links_replaced,
        report.organisations_created,
    ) == (
        0,
        0,
        0,
    )
    assert org_links(traject) == 4
    # Edited: a new contact, another channel, and one row now for youths instead of professionals.
    text = exported.decode("utf-8-sig")
    text = text.replace("Gezinscoach", "Teamleider jeugd").replace(";whatsapp;", ";instagram;")
    text = text.replace("Professionals;4 tot 12 jaar", "Jongeren;4 tot 12 jaar")
    pros = db.session.scalar(select(Link).where(Link.audience == "professional"))
    story = add_story(pros)
    report = organisation_table.import_table(traject, text.encode("utf-8-sig"), "bewerkt.csv")
    db.session.commit()
    assert (report.links_created, report.links_replaced, report.links_updated) == (0, 1, 1)
    assert report.organisations_updated == 1
    assert db.session.scalar(
        select(Organisation.contact_person).where(Organisation.name == "Jeugdhulp Noord")
    ) == ("Teamleider jeugd")
    assert db.session.scalar(
        select(Link.channel).where(Link.audience == "youth", Link.channel == "instagram")
    )
    db.session.refresh(pros)
    assert pros.status == "closed" and pros.replaced_by.audience == "youth"
    assert db.session.get(Story, story.id).link_id == pros.id  # the story stays with its link
    assert org_links(traject) == 5  # four live links and the closed one
    assert len(organisation_table.table_rows(traject)) == 4


def test_a_link_of_another_organisation_or_traject_is_refused(traject, users):
    organisation_table.import_table(traject, csv_bytes(GOOD), "tabel.csv")
    db.session.commit()
    rows = organisation_table.table_rows(traject)
    linde_link = next(r["link"] for r in rows if r["organisation"] == "Basisschool De Linde")
    elders = services.trajecten()[0]
    elders_link = db.session.scalar(select(Link).where(Link.traject_id != traject.id))
    lines = [
        f"Jeugdhulp Noord;;Jongeren;;Hengelo;Jeugdhulp of zorgaanbieder;;{linde_link}",
        f"Nieuw;;Ouders;;;School;;http://vertel.test/{elders_link.token}",
        "Nog een;;Ouders;;;School;;niet-een-link",
    ]
    header = HEADER + ";Link"
    data = ("\r\n".join([header, *lines]) + "\r\n").encode()
    report = organisation_table.import_table(traject, data, "t.csv")
    db.session.rollback()
    assert not report.imported and elders.slug in ("elders", "testregio")
    assert [(r, c) for r, c, _m in report.problems] == [(2, "Link"), (3, "Link"), (4, "Link")]
    assert "hoort bij een andere organisatie" in report.problems[0][2]


def test_xlsx_upload_and_round_trip_keep_formula_like_text_as_text(traject):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Organisatie", "Contactpersoon", "Doelgroep", "Leeftijdsgroep", "Gemeente", "Soort organisatie"]
    )
    sheet.append(["Esrand College", "@mentor", "Jongeren", "12 tot 18 jaar", "Enschede", "School"])
    sheet.append(["Wijkteam Zuid", None, "Ouders", None, "Hengelo", "Wijkteam"])
    out = io.BytesIO()
    book.save(out)
    report = organisation_table.import_table(traject, out.getvalue(), "tabel.xlsx")
    assert report.imported and report.links_created == 2, report.problems
    # A CSV cell is never a formula, but the same text in a spreadsheet would be: it goes out escaped.
    organisation_table.import_table(traject, csv_bytes(["=HYPERLINK(1);+31 6;Ouders;;;School;"]), "t.csv")
    db.session.commit()
    data = tables.write_xlsx(organisation_table.table_rows(traject))
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [tables.HEADERS[c] for c in tables.COLUMNS]
    # Typed string cells, never formulas, with the quote-prefix style that keeps them text when edited.
    formula_cells = next(row for row in sheet.iter_rows() if "HYPERLINK" in str(row[0].value))[:2]
    assert [c.value for c in formula_cells] == ["=HYPERLINK(1)", "+31 6"]
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_cells)
    assert all(str(v[7]).startswith("http://vertel.test/") for v in values[1:])
    again = organisation_table.import_table(traject, data, "terug.xlsx")
    assert again.imported and again.links_created == 0 and again.organisations_created == 0
    assert db.session.scalar(
        select(Organisation.contact_person).where(Organisation.name == "=HYPERLINK(1)")
    ) == ("+31 6")
    assert db.session.scalar(
        select(Organisation.contact_person).where(Organisation.name == "Esrand College")
    ) == ("@mentor")


def test_table_page_upload_errors_and_downloads(client, users, traject):
    from tests.conftest import login

    login(client, "coalitie")
    bad = csv_bytes([*GOOD, "Wijkteam West;;Ouders;;Amsterdam;Wijkteam;"])
    response = post_form(
        client,
        "/staff/trajecten/testregio/table",
        {"file": (io.BytesIO(bad), "tabel.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Er is niets ingelezen" in page and "Amsterdam" in page
    assert org_links(traject) == 0
    response = post_form(
        client,
        "/staff/trajecten/testregio/table",
        {"file": (io.BytesIO(bad), "tabel.csv"), "valid_only": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and org_links(traject) == 4
    csv_download = client.get("/staff/trajecten/testregio/table.csv")
    assert csv_download.headers["Content-Type"].startswith("text/csv")
    rows = csv_download.data.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Organisatie;Contactpersoon") and len(rows) == 5
    xlsx = client.get("/staff/trajecten/testregio/table.xlsx")
    assert load_workbook(io.BytesIO(xlsx.data)).active.max_row == 5
    response = post_form(client, "/staff/trajecten/testregio/table", {}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Kies een bestand" in response.get_data(as_text=True)


def test_flask_links_import_and_export(app, traject, tmp_path):
    runner = app.test_cli_runner()
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes([*GOOD, "X;;Ouders;;Amsterdam;School;"]))
    result = runner.invoke(args=["links", "import", "testregio", str(bad)])
    assert (
        result.exit_code != 0 and "row 6, Gemeente" in result.output and "Nothing imported" in result.output
    )
    assert org_links(traject) == 0
    result = runner.invoke(args=["links", "import", "testregio", str(bad), "--valid-rows"])
    assert result.exit_code == 0, result.output
    assert "links: 4 new" in result.output
    for suffix in ("csv", "xlsx"):
        target = tmp_path / f"terug.{suffix}"
        result = runner.invoke(args=["links", "export", "testregio", str(target)])
        assert result.exit_code == 0 and "Wrote 4 row(s)" in result.output
        result = runner.invoke(args=["links", "import", "testregio", str(target)])
        assert result.exit_code == 0 and "links: 0 new, 0 replaced" in result.output, result.output
    assert org_links(traject) == 4
