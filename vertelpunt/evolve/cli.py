"""flask export SLUG --out PATH [--format zip|json]: the research export from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from vertelpunt.core.access import traject_by_slug
from vertelpunt.evolve import research_export


@click.command("export")
@click.argument("slug")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@click.option(
    "--format", "fmt", type=click.Choice(["zip", "json"]), default=None, help="Default: from --out."
)
@with_appcontext
def export_command(slug: str, out: Path, fmt: str | None) -> None:
    """Write the research export of a traject (redacted stories, answers, themes, actions) to a file."""
    traject = traject_by_slug(slug)
    if traject is None:
        raise click.ClickException(f"No traject '{slug}'.")
    fmt = fmt or ("json" if out.suffix.lower() == ".json" else "zip")
    data = research_export.build(traject)
    out.write_bytes(research_export.to_json(data) if fmt == "json" else research_export.to_zip(data))
    counts = ", ".join(f"{name} {n}" for name, n in data.meta["counts"].items())
    click.echo(f"{out}: {counts}")
