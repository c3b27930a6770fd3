"""Staff accounts: login with an optional second factor, expiring logins, invitations, password
resets, and the administrators' account pages."""

from vertelpunt.auth.routes import bp

__all__ = ["bp"]
