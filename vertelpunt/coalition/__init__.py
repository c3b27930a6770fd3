"""Coalition: organisation table, share kit, response dashboard with targets, and the digest."""

from __future__ import annotations

import os

from flask import Flask

from vertelpunt.coalition.routes import bp

__all__ = ["bp", "init_app"]


def _mail_settings(app: Flask) -> None:
    # Read here rather than in config.py, so the coalition package brings its own settings.
    env = os.environ
    app.config.setdefault("SMTP_HOST", env.get("SMTP_HOST", ""))
    app.config.setdefault("SMTP_PORT", int(env.get("SMTP_PORT") or 25))
    app.config.setdefault("SMTP_USER", env.get("SMTP_USER", ""))
    app.config.setdefault("SMTP_PASSWORD", env.get("SMTP_PASSWORD", ""))
    app.config.setdefault("SMTP_STARTTLS", env.get("SMTP_STARTTLS", "").lower() in ("1", "true", "yes", "on"))
    app.config.setdefault("MAIL_FROM", env.get("MAIL_FROM", "storycycle@localhost"))
    app.config.setdefault(
        "DIGEST_OUTBOX",
        env.get("DIGEST_OUTBOX") or os.path.join(app.config["STORYCYCLE_INSTANCE"], "outbox"),
    )


def init_app(app: Flask) -> None:
    from vertelpunt.coalition.cli import digest_cli

    _mail_settings(app)
    app.register_blueprint(bp)
    app.cli.add_command(digest_cli)
