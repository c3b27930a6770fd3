"""How long the response dashboard takes for a traject with many stories, on SQLite and PostgreSQL.

Fills a fresh database (migrated as in production) with one traject of N stories spread over 26 weeks,
80 links and a realistic number of answers per story, next to a small second traject. Then times:
  * baselines, measured in the same run: a plain SELECT COUNT(*) of the traject's stories, and the
    counting as it was before any store (grouped queries per link, prompt and day, counted from scratch);
  * counting alone, every dashboard view (response page, its CSV, targets page; as a coalition member,
    suppressed, and as a facilitator, exact) through the app as a browser gets it, and the view models
    alone, each after:
      store empty  no counts kept (response_days emptied) and new database connections: the first
                   view of a traject after the store was emptied (as right after it was made),
      unchanged    nothing changed since the last view (any worker's, on any machine: nothing is kept
                   in a process, so this is every usual view),
      +25 new      25 stories shared today since the last view,
      withdrawn    the newest story withdrawn through delete_stories() (with a new one shared: SQLite
                   reuses the id),
      old gone     a story of weeks ago withdrawn through delete_stories(), which puts its day right,
      stale day    a story deleted by hand, behind the store's back: its day is counted again;
  * delete_stories() itself for one old story (the withdrawal's share of the work).
Each line gives the median and the maximum and the median as a multiple of the two baselines.
With --try-indexes the cold counting is timed again after adding a candidate index on the answers (a
migration would add it; this shows what it would bring).
Goal: under 300 ms per dashboard view on this machine. Prints figures; asserts nothing.

    .venv/bin/python bench/dashboard.py [--stories 100000] [--database-url URL | --no-pg] [--try-indexes]

PostgreSQL: --database-url, else BENCH_DATABASE_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/
bench_coalition; the script drops and creates that database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard_data import PASSWORD, fill, second_traject  # noqa: E402  (beside this script)
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, delete, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from vertelpunt import create_app, database  # noqa: E402
from vertelpunt.extensions import db  # noqa: E402

DEFAULT_PG = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_coalition"
)


def fresh_postgres(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def timed(fn, repeat: int, before=None) -> tuple[float, float]:
    """Median and maximum in ms of `repeat` runs of fn, each after `before` (not timed)."""
    if before is None:
        fn()  # warm the database's and Python's caches, as a running server has them
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def old_counts(traject_id: int) -> int:
    """The counting as it was before: grouped per link, prompt and day, and per answer and day."""
    from collections import Counter, defaultdict

    from vertelpunt.coalition.counts import ANSWER_DIMENSIONS, monday
    from vertelpunt.models import Story, StoryAnswer

    by_link: dict = defaultdict(Counter)
    by_prompt: dict = defaultdict(Counter)
    rows = db.session.execute(
        select(Story.link_id, Story.prompt, Story.submitted_on, func.count(), func.max(Story.id))
        .where(Story.traject_id == traject_id, Story.id > 0)
        .group_by(Story.link_id, Story.prompt, Story.submitted_on)
    )
    for link_id, prompt, day, n, _top in rows:
        by_link[link_id][monday(day)] += n
        by_prompt[prompt][monday(day)] += n
    answers: dict = defaultdict(Counter)
    rows = db.session.execute(
        select(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on, func.count())
        .join(Story, Story.id == StoryAnswer.story_id)
        .where(Story.traject_id == traject_id, Story.id > 0, StoryAnswer.question_id.in_(ANSWER_DIMENSIONS))
        .group_by(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on)
    )
    for question_id, option_id, day, n in rows:
        answers[(question_id, option_id)][monday(day)] += n
    return sum(sum(w.values()) for w in by_link.values())


def _new_stories(traject_id: int, n: int, rng: random.Random) -> None:
    """Stories arriving between two dashboard views, as they do while a traject runs."""
    from vertelpunt.models import Link, Story, StoryAnswer

    link_ids = db.session.scalars(db.select(Link.id).where(Link.traject_id == traject_id)).all()
    for _ in range(n):
        story = Story(
            traject_id=traject_id,
            link_id=rng.choice(link_ids),
            framework_version=1,
            language="nl",
            prompt="helped",
            title="Nieuw",
            text="Een nieuw verhaal.",
            submitted_on=dt.date.today(),
            submission_key=f"new-{rng.random()}",
        )
        story.answers = [StoryAnswer(question_id="perspective", option_id="youth")]
        db.session.add(story)
    db.session.commit()


def _withdraw_newest(traject_id: int, rng: random.Random) -> None:
    """The newest story taken back with its code, and another one shared: SQLite gives it the same id."""
    from vertelpunt.models import Story
    from vertelpunt.stories import delete_stories

    delete_stories([db.session.scalar(select(func.max(Story.id)).where(Story.traject_id == traject_id))])
    db.session.commit()
    _new_stories(traject_id, 1, rng)


def _old_ids(traject_id: int) -> list[int]:
    from vertelpunt.models import Story

    return db.session.scalars(
        select(Story.id).where(Story.traject_id == traject_id).order_by(Story.id).limit(2000)
    ).all()


def _withdraw_old(traject_id: int, rng: random.Random) -> None:
    """A story from weeks ago taken back: delete_stories() counts its day again."""
    from vertelpunt.stories import delete_stories

    delete_stories([rng.choice(_old_ids(traject_id))])
    db.session.commit()


def _delete_by_hand(traject_id: int, rng: random.Random) -> None:
    """A story from weeks ago deleted outside the app: the store learns it from its day's count."""
    from vertelpunt.models import Story

    db.session.execute(delete(Story).where(Story.id == rng.choice(_old_ids(traject_id))))
    db.session.commit()


class Report:
    def __init__(self, label: str) -> None:
        self.label = label
        self.baselines: dict[str, float] = {}

    def line(self, what: str, times: tuple[float, float], extra: str = "") -> None:
        ratios = "".join(
            f"  {times[0] / base:6.2f}x {name}" for name, base in self.baselines.items() if base > 0
        )
        print(
            f"{self.label:10} {what:58} median {times[0]:6.0f} ms  max {times[1]:6.0f} ms{ratios} {extra}",
            flush=True,
        )


CANDIDATE_INDEXES = (
    "CREATE INDEX bench_answers_counting ON story_answers (question_id, story_id, option_id)",
)


def run(label: str, url: str, stories: int, repeat: int, try_indexes: bool) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PUBLIC_BASE_URL": "http://vertel.test",
        }
    )
    report = Report(label)
    rng = random.Random(5)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        fill(stories)
        second_traject()
        print(f"{label:10} filled {stories} stories in {time.perf_counter() - started:.1f} s", flush=True)
        from vertelpunt.coalition import counts, dashboard
        from vertelpunt.core.access import traject_by_slug
        from vertelpunt.models import ResponseDay, Story
        from vertelpunt.stories import delete_stories

        traject = traject_by_slug("bench")
        tid = traject.id

        def cold():
            db.session.remove()
            db.engine.dispose()

        def store_empty():
            cold()
            db.session.execute(delete(ResponseDay))
            db.session.commit()
            db.session.remove()

        count_star = timed(
            lambda: db.session.scalar(select(func.count()).where(Story.traject_id == tid)), repeat
        )
        old = timed(lambda: old_counts(tid), repeat, before=cold)
        report.line("baseline: SELECT COUNT(*) of the traject's stories", count_star)
        report.line("baseline: counting from scratch as before", old)
        report.baselines = {"old": old[0], "COUNT(*)": count_star[0]}
        scenarios = {
            "store empty": store_empty,
            "unchanged": None,
            "+25 new": lambda: _new_stories(tid, 25, rng),
            "withdrawn": lambda: _withdraw_newest(tid, rng),
            "old gone": lambda: _withdraw_old(tid, rng),
            "stale day": lambda: _delete_by_hand(tid, rng),
        }

        def delete_one_old():
            delete_stories([rng.choice(_old_ids(tid))])
            db.session.commit()

        counts.traject_counts(tid)  # the store filled, as any earlier view leaves it
        db.session.commit()
        report.line(
            "delete_stories() of one old story, committed (not a view)", timed(delete_one_old, repeat)
        )
        for name, before in scenarios.items():
            report.line(f"counting, {name}", timed(lambda: counts.traject_counts(tid), repeat, before))
        for exact in (False, True):
            who = "facilitator" if exact else "coalition"
            for name, before in scenarios.items():
                report.line(
                    f"view model as {who}, {name}",
                    timed(
                        lambda exact=exact: dashboard.build(traject_by_slug("bench"), exact), repeat, before
                    ),
                )
        db.session.remove()
    pages = ("response", "response.csv", "targets")
    for user in ("bench-coalition", "bench-facilitator"):
        client = app.test_client()
        client.post("/login", data={"username": user, "password": PASSWORD})
        for page in pages:
            url_path = f"/staff/trajecten/bench/{page}"
            response = client.get(url_path)
            assert response.status_code == 200, (url_path, response.status_code)
            for name, before in scenarios.items():
                report.line(
                    f"page {page} as {user.split('-')[1]}, {name}",
                    timed(
                        lambda client=client, url_path=url_path: client.get(url_path),
                        repeat,
                        None if before is None else lambda before=before: _in_app(app, before),
                    ),
                    f"({len(response.data) // 1024} KiB)" if name == "warm" else "",
                )
    if try_indexes:
        with app.app_context():
            for statement in CANDIDATE_INDEXES:
                db.session.execute(text(statement))
            db.session.commit()
            _analyze()
            report.line(
                "with candidate indexes: baseline as before", timed(lambda: old_counts(tid), repeat, cold)
            )
            report.line(
                "with candidate indexes: counting, store empty",
                timed(lambda: counts.traject_counts(tid), repeat, store_empty),
            )
            report.line(
                "with candidate indexes: view model as coalition, store empty",
                timed(lambda: dashboard.build(traject_by_slug("bench"), False), repeat, store_empty),
            )
            db.session.remove()
    with app.app_context():
        db.engine.dispose()


def _analyze() -> None:
    if database.is_sqlite(db.engine):
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def _in_app(app, fn):
    with app.app_context():
        fn()
        db.session.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--database-url",
        "--pg-url",
        dest="pg_url",
        default=DEFAULT_PG,
        help="a PostgreSQL database this script may drop and create",
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--try-indexes", action="store_true", help="also time cold counting with candidate indexes"
    )
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{tmp}/bench.db", args.stories, args.repeat, args.try_indexes)
    if not args.no_pg:
        fresh_postgres(args.pg_url)
        run("postgresql", args.pg_url, args.stories, args.repeat, args.try_indexes)


if __name__ == "__main__":
    main()
