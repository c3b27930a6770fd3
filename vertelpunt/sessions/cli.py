"""flask figures import SLUG FILE: monitoring figures for a traject from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from vertelpunt.core.access import traject_by_slug
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.sessions import monitoring

figures_cli = AppGroup("figures", help="Monitoring figures (hard data) per traject.")


@figures_cli.command("import")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(slug: str, path: Path) -> None:
    """Import a CSV with the columns indicator, eenheid, periode, waarde, bron, peildatum."""
    traject = traject_by_slug(slug)
    if traject is None:
        raise click.ClickException(f"No traject '{slug}'.")
    try:
        report = monitoring.import_figures(traject, path.read_bytes())
    except InputError as exc:
        db.session.rollback()
        raise click.ClickException(" ".join(exc.errors.values())) from None
    if not report.imported:
        db.session.rollback()
        for _line, message in report.problems:
            click.echo(message, err=True)
        raise click.ClickException(f"Nothing imported: {len(report.problems)} row(s) with problems.")
    db.session.commit()
    click.echo(f"Imported figures: {report.created} new, {report.updated} updated.")
