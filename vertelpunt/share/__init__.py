"""The narrator's way through the vertelpunt."""

from vertelpunt.share.routes import bp

__all__ = ["bp"]
