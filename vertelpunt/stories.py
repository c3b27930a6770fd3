"""Deleting stories: the one way stories leave the database, for a narrator's withdrawal and for the
retention purge alike, so that nothing kept about them outlives them.

Answers, the withdrawal receipt and a story's places in session sets go with it by the database's
cascades. The dashboard's kept counts of the stories' days (response_days) are counted again in the
same transaction: a day's number of stories and highest id alone cannot show a story deleted and
another stored with its id. The same transaction asks for the deleted rows to be scrubbed from the
database files (a ScrubRequest, honoured by retention.scrub_requested after the commit)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from vertelpunt import jobs, tombstones
from vertelpunt.coalition.days import recount_kept
from vertelpunt.extensions import db
from vertelpunt.models import ScrubRequest, Story

# Ids per statement: well below every database's limit on bound parameters.
BATCH = 500


def delete_stories(story_ids: Iterable[int]) -> int:
    """Delete these stories with everything that hangs on them, in the caller's transaction (flushed;
    the caller commits). Ids of stories that are gone already are passed over. Returns how many went."""
    ids = sorted(set(story_ids))
    touched: set = set()
    deleted = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        touched.update(
            db.session.execute(
                select(Story.traject_id, Story.submitted_on).where(Story.id.in_(chunk)).distinct()
            ).all()
        )
        result = db.session.execute(
            delete(Story).where(Story.id.in_(chunk)).execution_options(synchronize_session="fetch")
        )
        deleted += result.rowcount
    recount_kept(touched)
    if deleted:
        tombstones.record("story", ids)
        request_scrub()
    db.session.flush()
    return deleted


def request_scrub(whole_database: bool = False, soon: bool = True) -> None:
    """Ask for the database files to be scrubbed once this transaction commits: by a job at once, or
    (soon=False, for text replaced rather than deleted) by the worker's sweep within minutes, since a
    scrub on PostgreSQL rewrites the story tables and must not follow every redacted story."""
    db.session.add(ScrubRequest(whole_database=whole_database))
    if soon:
        jobs.enqueue_after_commit("scrub_files")
