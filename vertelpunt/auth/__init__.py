"""Staff login and logout."""

from vertelpunt.auth.routes import bp

__all__ = ["bp"]
