"""flask digest send, flask links import/export: the coalition's work from the command line."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click
from flask.cli import AppGroup

from linkgen import table as tables
from vertelpunt import jobs, mail
from vertelpunt.cli import links
from vertelpunt.coalition import digest, organisation_table, services
from vertelpunt.core.access import traject_by_slug
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db

digest_cli = AppGroup("digest", help="The twice-weekly update to the coalition.")
log = logging.getLogger(__name__)


def _traject(slug: str):
    traject = traject_by_slug(slug)
    if traject is None:
        raise click.ClickException(f"No traject '{slug}'.")
    return traject


@links.command("import")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--valid-rows", is_flag=True, help="Import the rows without problems, skip the others.")
def import_links(slug, path, valid_rows):
    """Import an organisation table (CSV or XLSX) and mint links for its rows."""
    traject = _traject(slug)
    try:
        report = organisation_table.import_table(traject, path.read_bytes(), path.name, valid_only=valid_rows)
    except InputError as exc:
        db.session.rollback()
        raise click.ClickException(" ".join(exc.errors.values())) from None
    for row, column, message in report.problems:
        click.echo(f"row {row}, {column}: {message}", err=True)
    if not report.imported:
        db.session.rollback()
        raise click.ClickException(
            f"Nothing imported: {len(report.problems)} problem(s). Fix them, or use --valid-rows."
        )
    db.session.commit()
    click.echo(
        f"Imported {report.rows_done} row(s), skipped {report.rows_skipped}; "
        f"organisations: {report.organisations_created} new, {report.organisations_updated} updated; "
        f"links: {report.links_created} new, {report.links_replaced} replaced, {report.links_updated} updated."
    )


@links.command("export")
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_links(slug, path):
    """Write the organisation table with its links (format from the extension: .csv or .xlsx)."""
    rows = organisation_table.table_rows(_traject(slug))
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(tables.write_xlsx(rows))
    elif path.suffix.lower() == ".csv":
        path.write_bytes(tables.write_csv(rows))
    else:
        raise click.ClickException("Give a file name ending in .csv or .xlsx.")
    click.echo(f"Wrote {len(rows)} row(s) to {path}")


@digest_cli.command("send")
@click.option("--traject", "slug", help="Only this traject (also outside its open period).")
@click.option(
    "--today",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="YYYY-MM-DD, for a late run or a test.",
)
@click.option("--queue", is_flag=True, help="Queue one job per traject for the worker instead (retried).")
def send_digest(slug, today, queue):
    """Build and send the digest of every open traject (SMTP when configured, else the outbox)."""
    day = today.date() if today else dt.date.today()
    chosen = [_traject(slug)] if slug else [t for t in services.trajecten() if digest.is_due(t, day)]
    if queue:
        missed = 0
        for traject in chosen:
            queued = jobs.enqueue("send_digest", traject.id, day.toordinal())
            missed += not queued
            click.echo(f"DIGEST {traject.slug} {'queued' if queued else 'NOT QUEUED'}")
        if missed:
            raise click.ClickException(f"{missed} digest(s) not queued: the job queue cannot be reached")
        return
    failures = 0
    for traject in chosen:
        # One traject's failure, or one refused address, stops nothing else: reported, and counted.
        slug_now = traject.slug
        try:
            with mail.collect() as records:
                made = digest.send(traject, day)
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            log.exception("digest for %s failed", slug_now)
            click.echo(f"DIGEST {slug_now} FAILED {type(exc).__name__}", err=True)
            failures += 1
            continue
        click.echo(f"DIGEST {slug_now} {made.delivery} {made.recipients or '-'}")
        for record in records:
            if record.status == "failed":
                click.echo(f"MAIL FAILED {slug_now} {record.recipient}: {record.error}", err=True)
                failures += 1
    if not chosen:
        click.echo("No traject is open; no digest sent.")
    if failures:
        raise click.ClickException(f"{failures} failure(s); every other digest and recipient was sent.")
