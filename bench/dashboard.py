"""How long the response dashboard takes for a traject with many stories, on SQLite and PostgreSQL.

Fills a fresh database (migrated as in production) with one traject of N stories spread over 26 weeks,
80 links and a realistic number of answers per story, then times, as a coalition member (suppressed
numbers) and as a facilitator (exact numbers):
  * the aggregation alone (two grouped queries),
  * the dashboard's whole view model (aggregation, suppression, targets, quiet links),
  * the whole page through the app (view model, plotly figures, template), as a browser gets it.
Goal: under 300 ms per dashboard view on this machine. Prints figures; asserts nothing.

    .venv/bin/python bench/dashboard.py [--stories 100000] [--pg-url URL | --no-pg]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from vertelpunt import create_app  # noqa: E402
from vertelpunt.extensions import db  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_coalition"
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
    fn()  # warm the database's and Python's caches, as a running server has them
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


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


def line(label: str, what: str, times: tuple[float, float], extra: str = "") -> None:
    print(f"{label:10} {what:58} median {times[0]:6.0f} ms   max {times[1]:6.0f} ms {extra}")


def run(label: str, url: str, stories: int, repeat: int) -> None:
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
    cache = app.extensions.setdefault("coalition_counts", {})
    rng = random.Random(5)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        fill(stories)
        print(f"{label:10} filled {stories} stories in {time.perf_counter() - started:.1f} s")
        from vertelpunt.coalition import counts, dashboard, figures
        from vertelpunt.staff.services import traject_by_slug

        traject = traject_by_slug("bench")
        line(
            label,
            "counting from scratch (first view of a process)",
            timed(lambda: (cache.clear(), counts.count_responses(traject)), repeat),
        )
        line(label, "counting again, no new story", timed(lambda: counts.count_responses(traject), repeat))
        line(
            label,
            "counting again after 25 new stories",
            timed(
                lambda: counts.count_responses(traject),
                repeat,
                before=lambda: _new_stories(traject.id, 25, rng),
            ),
        )
        for exact in (False, True):
            who = "facilitator, exact" if exact else "coalition, suppressed"
            board = dashboard.build(traject, exact)
            line(
                label,
                f"view model ({who})",
                timed(lambda exact=exact: dashboard.build(traject, exact), repeat),
                f"hidden cells: {board.hidden_any}",
            )
            line(
                label,
                f"plotly figures ({who})",
                timed(
                    lambda board=board: (
                        [figures.breakdown_figure(b) for b in board.breakdowns]
                        + [figures.weekly_figure(board)]
                    ),
                    repeat,
                ),
            )
        db.session.remove()
    for user in ("bench-coalition", "bench-facilitator"):
        client = app.test_client()
        client.post("/login", data={"username": user, "password": PASSWORD})
        response = client.get("/staff/trajecten/bench/response")
        assert response.status_code == 200, response.status_code
        kib = f"({len(response.data) // 1024} KiB)"
        line(
            label,
            f"whole page as {user}, after 25 new stories",
            timed(
                lambda client=client: client.get("/staff/trajecten/bench/response"),
                repeat,
                before=lambda: _in_app(app, lambda: _new_stories(1, 25, rng)),
            ),
            kib,
        )
        line(
            label,
            f"whole page as {user}, counting from scratch",
            timed(
                lambda client=client: client.get("/staff/trajecten/bench/response"),
                repeat,
                before=cache.clear,
            ),
        )
    with app.app_context():
        db.engine.dispose()


def _in_app(app, fn):
    with app.app_context():
        fn()
        db.session.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="a database this script may drop and create")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", f"sqlite:///{tmp}/bench.db", args.stories, args.repeat)
    if not args.no_pg:
        fresh_postgres(args.pg_url)
        run("postgresql", args.pg_url, args.stories, args.repeat)


if __name__ == "__main__":
    main()
