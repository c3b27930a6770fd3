"""The StoryCycle web application."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

from vertelpunt import database
from vertelpunt.clients import trust_proxies
from vertelpunt.config import ROOT, Defaults, from_environment
from vertelpunt.database import configure_engine
from vertelpunt.extensions import babel, csrf, db, limiter, login_manager, migrate
from vertelpunt.logs import install_log_filters, mark_request

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ConfigError(RuntimeError):
    """The app cannot start safely with these settings."""


def create_app(config: Mapping | None = None) -> Flask:
    """Build the app. No migrations, network or prompts happen here."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
        instance_path=None,
    )
    app.config.from_object(Defaults)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    _check_config(app)
    trust_proxies(app)

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, write_gate=app.config.get("SQLITE_WRITE_GATE", True))
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    install_log_filters()

    from vertelpunt import auth, cli, security, share, staff

    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    from vertelpunt import evolve, sessions

    sessions.init_app(app)  # the facilitator's steps and the live board (sessions.board)
    evolve.init_app(app)
    app.register_blueprint(share.bp)  # last: it owns the catch-all /<token>
    cli.init_app(app)
    from vertelpunt import coalition

    coalition.init_app(app)
    from vertelpunt import sensemaking_cli

    sensemaking_cli.init_app(app)
    from vertelpunt import jobs

    jobs.init_app(app)
    _register_request_hooks(app)
    from vertelpunt.core import transaction
    from vertelpunt.core.ids import refuse_impossible_ids

    transaction.init_app(app)
    # An id in an address that no row can have is no page, on every blueprint (a 404, not a 500).
    app.url_value_preprocessor(refuse_impossible_ids)
    security.init_app(app)
    from vertelpunt.core.assets import init_compression

    init_compression(app)
    from vertelpunt import errors

    errors.init_app(app)
    return app


def _check_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        if not app.config.get("TESTING"):
            raise ConfigError("SECRET_KEY is not set. Set it in the environment (see README).")
        app.config["SECRET_KEY"] = "test-only-secret"  # noqa: S105 - tests only, refused elsewhere
    if app.config.get("PRODUCTION"):
        if app.config.get("DEBUG") or app.config.get("TESTING"):
            raise ConfigError("DEBUG and TESTING cannot be on in production.")
        if len(app.config["SECRET_KEY"]) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
    floor = 5
    if int(app.config["ANONYMITY_THRESHOLD"]) < floor:
        raise ConfigError(f"ANONYMITY_THRESHOLD may not be below {floor}.")


def _select_locale() -> str:
    if not has_request_context():
        return "nl"
    wanted = request.args.get("lang") or session.get("lang")
    return wanted if wanted in ("nl", "en") else "nl"


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def _mark_request():
        database.request_writes(request.method not in READ_METHODS)
        mark_request(narrator=request.blueprint == "share")
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"] and session.get("lang") != lang:
            session["lang"] = lang

    @app.teardown_request
    def _end_transaction(_error):
        # A request commits once or not at all; whatever it left open ends with it, also when a
        # test or command keeps the app context (and so the session) alive across requests.
        db.session.rollback()
        # The request's write intent ends with it: work done after it in the same thread (a test, a
        # command) must not begin a deferred transaction that then cannot take the write lock.
        database.request_writes(True)
