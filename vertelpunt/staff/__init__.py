"""Staff pages for trajecten, organisations and links."""

from vertelpunt.staff.routes import bp

__all__ = ["bp"]
