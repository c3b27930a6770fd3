"""Monitoring figures: import with row checks (all or nothing), re-import, encodings, CLI, charts;
and sources."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest
from sqlalchemy import func, select

from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import IndicatorValue, Source
from vertelpunt.sessions import monitoring, sources

KENNISPUNT = Path(__file__).resolve().parents[2] / "vertelpunt" / "demo" / "kennispunt_twente_jeugdhulp.csv"
HEADER = "indicator,eenheid,periode,waarde,bron,peildatum"


def values(traject) -> int:
    return db.session.scalar(
        select(func.count(IndicatorValue.id)).where(IndicatorValue.traject_id == traject.id)
    )


def test_the_kennispunt_file_imports_and_again_updates_without_doubling(traject):
    data = KENNISPUNT.read_bytes()
    rows = len(data.decode().strip().splitlines()) - 1
    report = monitoring.import_figures(traject, data)
    db.session.commit()
    assert report.imported and (report.created, report.updated) == (rows, 0)
    assert values(traject) == rows
    again = monitoring.import_figures(traject, data.replace(b"627848", b"627900"))
    db.session.commit()
    assert (again.created, again.updated) == (0, rows) and values(traject) == rows
    inwoners = db.session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator == "inwoners", IndicatorValue.period == "2018")
    )
    assert inwoners.value == 627900 and inwoners.reference_date == "2021-01"
    assert inwoners.source.startswith("Twentse Monitor")


def test_one_bad_row_imports_nothing_and_each_row_is_named_in_dutch(app, traject):
    lines = [
        HEADER,
        "inwoners,personen,2018,627848,Kennispunt,2021-01",
        ",personen,2019,100,,",
        "inwoners,,2019,veel,,",
        "inwoners,personen,vorig jaar,12,,",
        "inwoners,personen,2018,1,,",
    ]
    with app.test_request_context("/?lang=nl"):
        report = monitoring.import_figures(traject, "\n".join(lines).encode())
    db.session.rollback()
    assert not report.imported and values(traject) == 0
    assert [line for line, _m in report.problems] == [3, 4, 5, 6]
    text = " ".join(m for _l, m in report.problems)
    assert "Regel 3" in text and "indicator is leeg" in text
    assert "'veel' is geen getal" in text
    assert "'vorig jaar'" in text
    assert "regel 2" in text  # the same indicator, unit and period twice


def test_windows_1252_semicolons_decimal_commas_and_bom_are_read(traject):
    cp1252 = "indicator;eenheid;periode;waarde;bron;peildatum\r\nkosten_per_jeugdige;€;2019;1.234,5;Bron é;2020\r\n"
    report = monitoring.import_figures(traject, cp1252.encode("cp1252"))
    assert report.imported
    value = db.session.scalar(select(IndicatorValue))
    assert (value.unit, value.value, value.source) == ("€", 1234.5, "Bron é")
    bom = ("\ufeff" + HEADER + "\nwachttijd,weken,2020-Q3,7,,\n").encode("utf-8")
    assert monitoring.import_figures(traject, bom).imported


@pytest.mark.parametrize(
    "data",
    [b"", b"naam,getal\nx,1\n", (HEADER + "\n\n").encode(), b"\xff\xfe\x00\x00\x81"],
)
def test_files_that_are_no_figure_table_are_refused(traject, data):
    with pytest.raises(InputError):
        monitoring.import_figures(traject, data)


def test_the_cli_imports_and_refuses_bad_rows(app, traject, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["figures", "import", "testregio", str(KENNISPUNT)])
    assert result.exit_code == 0, result.output
    assert "new" in result.output and values(traject) > 30
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\ninwoners,personen,2018,abc,,\n")
    result = runner.invoke(args=["figures", "import", "testregio", str(bad)])
    assert result.exit_code != 0
    result = runner.invoke(args=["figures", "import", "nergens", str(KENNISPUNT)])
    assert result.exit_code != 0


def test_session_indicators_and_their_charts_are_valid_plotly(traject):
    from tests.sessions.conftest import make_session

    monitoring.import_figures(traject, KENNISPUNT.read_bytes())
    session = make_session(traject)
    assert (
        monitoring.set_session_indicators(session, ["jeugdigen_met_indicatie|personen", "inwoners|personen"])
        == 2
    )
    db.session.commit()
    chosen = monitoring.session_indicators(session)
    assert [e["indicator"] for e in chosen] == ["inwoners", "jeugdigen_met_indicatie"]
    assert [v.period for v in chosen[1]["values"]] == ["2018", "2019", "2020-H1"]
    for entry in chosen:
        go.Figure(monitoring.chart_spec(entry))  # raises on anything plotly.js would reject
    html = str(monitoring.chart(chosen[0], "fig-0"))
    assert 'data-chart="fig-0"' in html and '<script type="application/json"' in html
    with pytest.raises(InputError):
        monitoring.set_session_indicators(session, ["verzonnen|personen"])


def test_a_name_in_an_upload_cannot_end_the_data_block(traject):
    monitoring.import_figures(traject, (HEADER + "\n</script><b>x,personen,2019,1,,\n").encode())
    entry = monitoring.indicators(traject)[0]
    assert "</script><b>" not in str(monitoring.chart(entry, "fig-0"))


def test_numbers_are_read_and_shown_the_dutch_way():
    assert monitoring.number("12,5") == 12.5
    assert monitoring.number("1,234.5") == 1234.5
    assert monitoring.number("€ 1.000,00") == 1000
    assert monitoring.number("nan") is None and monitoring.number("") is None
    assert monitoring.format_value(627848) == "627.848"
    assert monitoring.format_value(12.5) == "12,5"


def test_sources_are_checked_listed_by_importance_and_attached(traject):
    from tests.sessions.conftest import make_session

    low = sources.create_source(traject, {"title": "Oud rapport", "year": "2015", "importance": "low"})
    high = sources.create_source(
        traject,
        {
            "title": "Scheiding op school",
            "author": "Op Tijd Dichtbij",
            "year": "2019",
            "url": "https://example.org/rapport",
            "importance": "high",
        },
    )
    db.session.commit()
    assert sources.sources_of(traject) == [high, low]
    for bad, field in (
        ({"title": ""}, "title"),
        ({"title": "X", "year": "1800"}, "year"),
        ({"title": "X", "url": "javascript:alert(1)"}, "url"),
        ({"title": "X", "importance": "urgent"}, "importance"),
    ):
        with pytest.raises(InputError) as caught:
            sources.create_source(traject, bad)
        assert field in caught.value.errors
    session = make_session(traject)
    sources.set_session_sources(session, [str(high.id)])
    db.session.commit()
    assert session.sources == [high]
    sources.delete_source(traject, high.id)
    db.session.commit()
    db.session.expire_all()
    assert session.sources == [] and db.session.scalar(select(func.count(Source.id))) == 1
