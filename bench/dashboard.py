"""How long the response dashboard takes for a traject with many stories, on SQLite and PostgreSQL.

Fills a fresh database (migrated as in production) with one traject of N stories spread over 26 weeks,
80 links and a realistic number of answers per story, next to a small second traject. Then times:
  * baselines, measured in the same run: a plain SELECT COUNT(*) of the traject's stories, and the
    counting as it was before (grouped queries per link, prompt and day, counted from scratch);
  * counting alone: from scratch, and kept counts after each kind of change;
  * every dashboard view (response page, its CSV, targets page; as a coalition member, suppressed,
    and as a facilitator, exact) through the app as a browser gets it, and the view models alone:
      cold, nothing persisted
                   the counts kept by the process dropped, no counts kept in the database
                   (response_days emptied) and new database connections: the first view of a new
                   process before any process kept the counts of past days,
      cold, persisted
                   the same, with the counts of past days kept in the database (as a process that
                   counted writes them): the first view of a new process in the usual case,
      warm         nothing changed since the last view,
      +25 new      25 stories shared since the last view,
      withdrawn    the newest story withdrawn (with a new one shared: SQLite reuses the id),
      old gone     an old story withdrawn (not among the newest the process remembers),
      refresh      the kept counts older than counts.REFRESH_SECONDS (one week counted again),
      warmed up    a new process whose counts.warm_up() ran before the first view (as a
                   gunicorn post_worker_init hook would run it; with the past days kept).
Each line gives the median and the maximum and the median as a multiple of the two baselines.
With --try-indexes the cold counting is timed again after adding candidate indexes (a migration
would add them; this shows what they would bring).
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

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, delete, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from vertelpunt import create_app  # noqa: E402
from vertelpunt.extensions import db  # noqa: E402

DEFAULT_PG = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_coalition"
)
PASSWORD = "bench password 123"  # noqa: S105 - a throwaway account in a throwaway database
TYPES = ("school", "neighbourhood_team", "care_provider", "municipality", "gp", "sports_club")
MUNICIPALITIES = ["Almelo", "Borne", "Dinkelland", "Enschede", "Haaksbergen", "Hellendoorn", "Hengelo"]
MUNICIPALITIES += [
    "Hof van Twente",
    "Losser",
    "Oldenzaal",
    "Rijssen-Holten",
    "Tubbergen",
    "Twenterand",
    "Wierden",
]


def fresh_postgres(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def fill(stories: int, seed: int = 11) -> None:
    from vertelpunt.auth.services import create_user
    from vertelpunt.coalition import services as coalition
    from vertelpunt.models import Story, StoryAnswer
    from vertelpunt.staff import services

    rng = random.Random(seed)
    today = dt.date.today()
    traject = services.create_traject(
        slug="bench",
        name="Bench",
        region="Twente",
        focus="Kinderen en scheiding",
        opens_on=today - dt.timedelta(days=182),
        closes_on=today + dt.timedelta(days=30),
        municipalities=MUNICIPALITIES,
    )
    codes = [m.code for m in traject.municipalities]
    links = []
    for i in range(40):
        org = services.create_organisation(
            traject,
            name=f"Organisatie {i:02d}",
            organisation_type=TYPES[i % len(TYPES)],
            municipality_code=codes[i % 14],
        )
        for audience, age in (("parent", "age_4_12"), (("youth", "professional")[i % 2], "age_12_18")):
            links.append(
                services.create_link(traject, organisation=org, audience=audience, prefill={"age_group": age})
            )
    links.append(services.general_link(traject))
    coalition.add_target(traject, dimension="perspective", value="youth", min_share="30")
    coalition.add_target(traject, dimension="municipality", value="*", min_count="1")
    coalition.add_target(traject, dimension="audience", value="parent", min_count="50")
    create_user("bench-admin", PASSWORD, admin=True)
    create_user("bench-coalition", PASSWORD, memberships=[("bench", "coalition")])
    create_user("bench-facilitator", PASSWORD, memberships=[("bench", "facilitator")])
    db.session.commit()

    perspectives = [
        "child",
        "youth",
        "young_adult",
        "parent",
        "relative",
        "pro_care",
        "pro_education",
        "other",
    ]
    prompts = ["helped", "safe", "ordinary_life", "school", "focus", "other"]
    ages = ["age_0_4", "age_4_12", "age_12_18", "age_18_23", "unknown"]
    feelings = ["happy", "relieved", "angry", "sad", "afraid", "surprised"]
    chunk = 10_000
    for start in range(0, stories, chunk):
        story_rows, answer_rows = [], []
        for story_id in range(start + 1, min(stories, start + chunk) + 1):
            link = rng.choice(links)
            story_rows.append(
                {
                    "id": story_id,
                    "traject_id": traject.id,
                    "link_id": link.id,
                    "organisation_id": link.organisation_id,
                    "framework_version": 1,
                    "language": "nl",
                    "prompt": rng.choice(prompts),
                    "title": "Titel",
                    "text": "Een verhaal van een paar zinnen over wat er gebeurde en wat het betekende.",
                    "submitted_on": today - dt.timedelta(days=rng.randrange(182)),
                    "submission_key": f"bench-{story_id}",
                }
            )
            answers = [
                ("perspective", rng.choice(perspectives), None),
                ("age_group", rng.choice(ages), None),
                ("municipality", rng.choice(codes), None),
                ("when", "months_ago", None),
                ("duration", "weeks", None),
                ("living", "home", None),
                ("organisation_type", rng.choice(TYPES), None),
                ("tone", None, float(rng.randrange(101))),
                ("heard", None, float(rng.randrange(101))),
                *(("feeling", f, None) for f in rng.sample(feelings, 2)),
                *(("focus_of_help", c, 1 / 3) for c in ("child", "family", "professionals")),
            ]
            if rng.random() < 0.1:
                answers = answers[1:]  # some narrators skip a question
            answer_rows.extend(
                {
                    "story_id": story_id,
                    "question_id": q,
                    "option_id": o,
                    "number": n,
                    "not_applicable": False,
                    "prefilled": False,
                }
                for q, o, n in answers
            )
        if db.engine.dialect.name == "postgresql":
            _copy("stories", story_rows)
            _copy("story_answers", answer_rows)
        else:
            db.session.execute(insert(Story), story_rows)
            db.session.execute(insert(StoryAnswer), answer_rows)
            db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(text("SELECT setval('stories_id_seq', (SELECT max(id) FROM stories))"))
            conn.commit()
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _copy(table: str, rows: list[dict]) -> None:
    """PostgreSQL's COPY: row-by-row INSERTs would make filling take longer than the measuring."""
    columns = list(rows[0])
    connection = db.engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        connection.commit()
    finally:
        connection.close()


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

    newest = db.session.scalar(select(func.max(Story.id)).where(Story.traject_id == traject_id))
    _delete_story(db.session.get(Story, newest))
    db.session.commit()
    _new_stories(traject_id, 1, rng)


def _withdraw_old(traject_id: int, rng: random.Random) -> None:
    """A story from weeks ago taken back: not among the newest the process remembers."""
    from vertelpunt.models import Story

    ids = db.session.scalars(
        select(Story.id).where(Story.traject_id == traject_id).order_by(Story.id).limit(2000)
    ).all()
    _delete_story(db.session.get(Story, rng.choice(ids)))
    db.session.commit()


def _delete_story(story) -> None:
    """As share.services.withdraw() does it: the counts kept for the story's day go with it."""
    from vertelpunt.models import ResponseDay

    db.session.execute(
        delete(ResponseDay).where(
            ResponseDay.traject_id == story.traject_id, ResponseDay.day == story.submitted_on
        )
    )
    db.session.delete(story)


def _age_counts(app) -> None:
    """Make every kept week older than REFRESH_SECONDS, as after hours without a view."""
    from vertelpunt.coalition import counts

    for kept in app.extensions.get(counts.CACHE_KEY, {}).values():
        for week in kept.weeks.values():
            week.counted_at -= counts.REFRESH_SECONDS + 1


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


CANDIDATE_INDEXES = {
    "sqlite": (
        "CREATE INDEX bench_stories_counting ON stories (traject_id, submitted_on, link_id, prompt)",
        "CREATE INDEX bench_answers_counting ON story_answers (question_id, story_id, option_id)",
    ),
    "postgresql": (
        "CREATE INDEX bench_stories_counting ON stories (traject_id, submitted_on, link_id, prompt, id)",
        "CREATE INDEX bench_answers_counting ON story_answers (question_id, story_id, option_id)",
    ),
}


def _second_traject() -> None:
    """A small traject next to the big one: its stories must never be counted there."""
    from vertelpunt.share import services as sharing
    from vertelpunt.staff import services

    today = dt.date.today()
    other = services.create_traject(
        slug="elders",
        name="Elders",
        region="Elders",
        focus="Iets anders",
        opens_on=today - dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=30),
        municipalities=["Zwolle"],
    )
    link = services.general_link(other)
    db.session.commit()
    for i in range(50):
        sub = sharing.Submission(prompt="helped", title="Titel", text="Een verhaal elders.")
        sharing.store_submission(sub, link, f"elders-{i}", "nl", today=today - dt.timedelta(days=i))
    db.session.commit()


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
        _second_traject()
        print(f"{label:10} filled {stories} stories in {time.perf_counter() - started:.1f} s", flush=True)
        from vertelpunt.coalition import counts, dashboard
        from vertelpunt.core.access import traject_by_slug
        from vertelpunt.models import ResponseDay, Story

        traject = traject_by_slug("bench")
        tid = traject.id

        def cold():
            counts.forget(app)
            db.session.remove()
            db.engine.dispose()

        def cold_nothing_persisted():
            cold()
            db.session.execute(delete(ResponseDay))
            db.session.commit()
            db.session.remove()

        def cold_persisted():
            cold()
            counts.warm_up(app).join()  # a process that counted wrote the past days
            assert db.session.scalar(select(func.count()).select_from(ResponseDay)) > 0
            cold()

        count_star = timed(
            lambda: db.session.scalar(select(func.count()).where(Story.traject_id == tid)), repeat
        )
        old = timed(lambda: old_counts(tid), repeat, before=cold)
        report.line("baseline: SELECT COUNT(*) of the traject's stories", count_star)
        report.line("baseline: counting from scratch as before", old)
        report.baselines = {"old": old[0], "COUNT(*)": count_star[0]}
        scenarios = {
            "cold, nothing persisted": cold_nothing_persisted,
            "cold, persisted": cold_persisted,
            "warm": None,
            "+25 new": lambda: _new_stories(tid, 25, rng),
            "withdrawn": lambda: _withdraw_newest(tid, rng),
            "old gone": lambda: _withdraw_old(tid, rng),
            "refresh": lambda: _age_counts(app),
            "warmed up": lambda: (cold(), counts.warm_up(app).join()),
        }
        report.line(
            "warm_up() in the background, nothing persisted (not a view)",
            timed(lambda: counts.warm_up(app).join(), repeat, before=cold_nothing_persisted),
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
            dialect = db.engine.dialect.name
            for statement in CANDIDATE_INDEXES[dialect]:
                db.session.execute(text(statement))
            db.session.commit()
            _analyze(dialect)
            report.line(
                "with candidate indexes: baseline as before", timed(lambda: old_counts(tid), repeat, cold)
            )
            report.line(
                "with candidate indexes: counting, cold, nothing persisted",
                timed(lambda: counts.traject_counts(tid), repeat, cold_nothing_persisted),
            )
            report.line(
                "with candidate indexes: counting, old gone",
                timed(lambda: counts.traject_counts(tid), repeat, lambda: _withdraw_old(tid, rng)),
            )
            report.line(
                "with candidate indexes: view model as coalition, cold, nothing persisted",
                timed(
                    lambda: dashboard.build(traject_by_slug("bench"), False), repeat, cold_nothing_persisted
                ),
            )
            db.session.remove()
    with app.app_context():
        db.engine.dispose()


def _analyze(dialect: str) -> None:
    if dialect == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


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
