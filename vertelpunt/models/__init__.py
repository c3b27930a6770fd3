"""All models, imported here so that Alembic sees the whole schema."""

from vertelpunt.models.accounts import LoginSession, LoginThrottle, Membership, User
from vertelpunt.models.coalition import CoalitionSettings, Digest, ShareText, Target
from vertelpunt.models.links import Link, Organisation
from vertelpunt.models.stories import Story, StoryAnswer, StoryReceipt
from vertelpunt.models.trajecten import Municipality, Traject

__all__ = [
    "CoalitionSettings",
    "Digest",
    "LoginSession",
    "LoginThrottle",
    "Link",
    "Membership",
    "Municipality",
    "Organisation",
    "ShareText",
    "Story",
    "StoryAnswer",
    "StoryReceipt",
    "Target",
    "Traject",
    "User",
]
