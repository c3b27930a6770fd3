"""Step 8 of a session: its report as a page, as Markdown and as PDF. The coalition reads it too."""

from __future__ import annotations

from flask import Response, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from vertelpunt.core.access import FACILITATE, VIEW, may
from vertelpunt.models import DuidingSession
from vertelpunt.sessions import monitoring, pdf, report, sources
from vertelpunt.sessions.routes import BASE, bp, session_or_404


@bp.get(f"{BASE}/verslag")
def report_page(slug: str, session_id: int):
    session = session_or_404(slug, session_id, VIEW)
    built = report.build(session, protect_counts=_protect_counts(session))
    return render_template(
        "sessions/report.html",
        traject=session.traject,
        session=session,
        report=built,
        duration=report.duration,
        owner=report.owner,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
        status_labels=report.status_labels(),
        importance=sources.importance_labels(),
        charts=[(e, monitoring.chart(e, f"fig-{i}")) for i, e in enumerate(built.indicators)],
        format_value=monitoring.format_value,
        can_facilitate=may(current_user, session.traject, FACILITATE),
        has_pdf=pdf.available(),
        hidden_note=report.hidden_note,
    )


def _protect_counts(session: DuidingSession) -> bool:
    """Readers below facilitator level (the coalition) see story counts as on their dashboard."""
    return not may(current_user, session.traject, FACILITATE)


def _filename(session: DuidingSession, ext: str) -> str:
    return f"verslag-{session.traject.slug}-{session.held_on.isoformat()}-{session.id}.{ext}"


@bp.get(f"{BASE}/verslag.md")
def report_markdown(slug: str, session_id: int):
    session = session_or_404(slug, session_id, VIEW)
    body = report.markdown(report.build(session, protect_counts=_protect_counts(session)))
    return Response(
        body.encode("utf-8"),
        mimetype="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={_filename(session, 'md')}"},
    )


@bp.get(f"{BASE}/verslag.pdf")
def report_pdf(slug: str, session_id: int):
    session = session_or_404(slug, session_id, VIEW)
    if not pdf.available():
        # Without fpdf2 installed the browser makes the PDF: the printable page says how.
        flash(_("Use your browser's print function and choose 'Save as PDF'."))
        return report_page(slug, session_id)
    body = pdf.render(report.build(session, protect_counts=_protect_counts(session)))
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={_filename(session, 'pdf')}"},
    )
