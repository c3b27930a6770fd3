"""All models, imported here so that Alembic sees the whole schema."""

from vertelpunt.models.access import AccountToken, PresenterLink, SentMail
from vertelpunt.models.accounts import LoginSession, LoginThrottle, Membership, User
from vertelpunt.models.actions import Action, ActionReview
from vertelpunt.models.audit import AuditEntry
from vertelpunt.models.coalition import CoalitionSettings, Digest, ShareText, Target
from vertelpunt.models.evidence import IndicatorValue, SessionIndicator, Source
from vertelpunt.models.jobs import FailedJob
from vertelpunt.models.links import Link, Organisation
from vertelpunt.models.plan import (
    CoalitionMember,
    CyclePhase,
    Milestone,
    ReleasedQuote,
    SuccessCriterion,
    TrajectCycle,
)
from vertelpunt.models.receipts import CodeSlot
from vertelpunt.models.response_days import ResponseDay
from vertelpunt.models.sessions import (
    DissentRemark,
    DissentRound,
    DuidingSession,
    Observation,
    SessionEvaluation,
    SessionParticipant,
    SessionStory,
    Theme,
)
from vertelpunt.models.storage import ScrubRequest
from vertelpunt.models.stories import Story, StoryAnswer, StoryReceipt
from vertelpunt.models.trajecten import Municipality, Traject

__all__ = [
    "AccountToken",
    "Action",
    "ActionReview",
    "AuditEntry",
    "CoalitionMember",
    "CoalitionSettings",
    "CodeSlot",
    "CyclePhase",
    "Digest",
    "DissentRemark",
    "DissentRound",
    "DuidingSession",
    "IndicatorValue",
    "Link",
    "LoginSession",
    "LoginThrottle",
    "Membership",
    "Milestone",
    "Municipality",
    "Observation",
    "Organisation",
    "PresenterLink",
    "ReleasedQuote",
    "ResponseDay",
    "SentMail",
    "SessionEvaluation",
    "SessionIndicator",
    "SessionParticipant",
    "SessionStory",
    "FailedJob",
    "ScrubRequest",
    "ShareText",
    "Source",
    "Story",
    "StoryAnswer",
    "StoryReceipt",
    "SuccessCriterion",
    "Target",
    "Theme",
    "Traject",
    "TrajectCycle",
    "User",
]
