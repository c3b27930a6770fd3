"""Settings read from the environment, so one code base serves a laptop, CI and production."""

import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def from_environment() -> dict:
    """The settings a deployment can change, read at app creation (never at import)."""
    instance = Path(os.environ.get("STORYCYCLE_INSTANCE", ROOT / "instance"))
    production = os.environ.get("STORYCYCLE_ENV", "development") == "production"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'storycycle.db'}",
        "PRODUCTION": production,
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI")
        or os.environ.get("REDIS_URL")
        or "memory://",
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        # Writers of the SQLite file queue on a file lock that wakes them at once (see database.py).
        "SQLITE_WRITE_GATE": _bool(os.environ.get("SQLITE_WRITE_GATE"), True),
        # How many reverse proxies (nginx: 1) put the client address in X-Forwarded-For; 0 trusts none.
        "PROXY_HOPS": _int("PROXY_HOPS", 0),
        # Per client address. A class of 30 shares one school address: the limit leaves room for all of
        # them and a second try each, and still stops a script (tests/test_proxy_limits.py).
        "STORY_RATE_LIMIT": os.environ.get("STORY_RATE_LIMIT", "90 per 10 minutes"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "20 per 10 minutes"),
        "JOIN_RATE_LIMIT": os.environ.get("JOIN_RATE_LIMIT", "10 per 10 minutes"),
        "JOIN_DEVICE_LIMIT": os.environ.get("JOIN_DEVICE_LIMIT", "120 per 10 minutes"),
        "BOARD_GROUPING_MODELS": os.environ.get("BOARD_GROUPING_MODELS", "auto"),
        "SESSION_COOKIE_SECURE": production or _bool(os.environ.get("SESSION_COOKIE_SECURE")),
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "STORYCYCLE_INSTANCE": str(instance),
        # Ids of deleted stories, outside the database and its backups (tombstones.py), and where
        # `flask backup` writes and how long it keeps what it wrote (ops/backup.py).
        "DELETIONS_LOG": os.environ.get("DELETIONS_LOG", str(instance / "deleted-ids.log")),
        "BACKUP_DIR": os.environ.get("BACKUP_DIR", str(instance / "backups")),
        "BACKUP_KEEP_DAYS": _int("BACKUP_KEEP_DAYS", 14),
        # The job queue (vertelpunt/jobs): Redis when REDIS_URL (or JOBS_REDIS_URL) is set, else this file.
        "JOBS_REDIS_URL": os.environ.get("JOBS_REDIS_URL"),
        "JOBS_DB": os.environ.get("JOBS_DB", str(instance / "jobs.db")),
        "TRUSTED_HOSTS": _trusted_hosts(production),
        # A staff login ends after this long without a request, and in any case this long after it began.
        "SESSION_IDLE_MINUTES": _int("SESSION_IDLE_MINUTES", 60),
        "SESSION_MAX_HOURS": _int("SESSION_MAX_HOURS", 12),
        # Roles that must log in with a second factor (admin, facilitator, coalition), comma-separated.
        "TOTP_REQUIRED_ROLES": _names(os.environ.get("TOTP_REQUIRED_ROLES", "")),
        "INVITE_VALID_HOURS": _int("INVITE_VALID_HOURS", 72),
        "RESET_VALID_MINUTES": _int("RESET_VALID_MINUTES", 60),
        # The longest a projector's presenter link may be made for.
        "PRESENTER_MAX_HOURS": _int("PRESENTER_MAX_HOURS", 24),
    }


def _names(raw: str) -> tuple[str, ...]:
    return tuple(sorted({part.strip().lower() for part in raw.split(",") if part.strip()}))


def _trusted_hosts(production: bool) -> list[str] | None:
    """Host names the app answers to; in production at least the public one, so a forged Host header
    cannot put another site's name into links and e-mails."""
    raw = os.environ.get("TRUSTED_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if production and not hosts:
        hosts = [urlsplit(os.environ.get("PUBLIC_BASE_URL", "")).hostname or "localhost"]
    return hosts or None


class Defaults:
    """Values that hold unless the environment or the caller says otherwise."""

    # An error message must never carry a statement's parameters: they are story texts and names.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # A story can take an hour to write; the form must not expire under the narrator's hands.
    WTF_CSRF_TIME_LIMIT = 6 * 3600
    WTF_CSRF_SSL_STRICT = True
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    MAX_CONTENT_LENGTH = 256 * 1024
    # Static files (one stylesheet, one script, the preview image) may be reused for an hour.
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    # When Redis is down, count in memory per worker rather than refuse every narrator.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    # Counted over the last minute (hour), not per clock minute: a fixed window lets twice the limit
    # through around its boundary, and made the limit tests fail when a run crossed a whole minute.
    RATELIMIT_STRATEGY = "moving-window"
    ANONYMITY_THRESHOLD = 10
    # Seconds a user must wait after the n-th failed login in a row (n counted from LOGIN_FREE_TRIES on).
    LOGIN_FREE_TRIES = 3
    LOGIN_MAX_DELAY = 15 * 60
    DEBUG = False
    TESTING = False
