"""The session report as PDF, drawn from its Markdown with fpdf2 (pure Python, from PyPI alone).

fpdf2 is optional: without it the report page offers printing to PDF from the browser instead. The
built-in Helvetica knows only Latin-1, so a few typographic characters are replaced by their plain
look-alikes and anything else unknown by '?'; no font file has to be shipped or downloaded."""

from __future__ import annotations

import re

from vertelpunt.sessions import report as reports

_PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u20ac": "EUR",
        "\u2022": "-",
        "\u00a0": " ",
    }
)
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]<>#|!.+-])")


def available() -> bool:
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return False
    return True


def _latin(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _plain(line: str) -> str:
    """A Markdown line as text: no emphasis marks, no escapes."""
    line = line.replace("**", "")
    return _latin(_UNESCAPE.sub(r"\1", line))


def render(built: reports.Report) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_latin(built.session.title))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for line in reports.markdown(built).split("\n"):
        pdf.set_x(pdf.l_margin)
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(width, 9, _plain(line[2:]))
        elif line.startswith("## "):
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 14)
            pdf.multi_cell(width, 8, _plain(line[3:]))
        elif line.startswith("### "):
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, _plain(line[4:]))
        elif line.startswith("|---"):
            continue
        elif line.startswith("| "):
            pdf.set_font("Helvetica", "", 10)
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            pdf.multi_cell(width, 5.5, _plain("  |  ".join(cells)))
        elif not line.strip():
            pdf.ln(2)
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(width, 6, _plain(line))
    return bytes(pdf.output())
