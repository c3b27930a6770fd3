"""Running a deployment: the version the platform reports, `flask doctor`, and /healthz."""

from __future__ import annotations

from importlib import metadata

from flask import Flask


def version() -> str:
    """The version in pyproject.toml, as installed: the one place it is written."""
    try:
        return metadata.version("storycycle")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def init_app(app: Flask) -> None:
    from vertelpunt.ops.backup import backup_command, restore_command
    from vertelpunt.ops.doctor import doctor
    from vertelpunt.ops.health import bp as health

    app.cli.add_command(doctor)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    # A static path: it wins over the narrator's catch-all /<token> whatever the order of registration.
    app.register_blueprint(health)
    app.jinja_env.globals["storycycle_version"] = version()
