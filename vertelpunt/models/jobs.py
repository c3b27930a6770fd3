"""The dead-letter list: jobs that failed after every retry, for administrators to see and send again.
The job's name and the ids it carried, the kind of error and when: never a text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db
from vertelpunt.models.access import _now


class FailedJob(db.Model):
    __tablename__ = "failed_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    ids: Mapped[str] = mapped_column(String(200), default="")  # "12" or "" : what the job was about
    error: Mapped[str] = mapped_column(String(120))  # the exception's class name only
    failed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
