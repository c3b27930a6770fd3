"""The data of bench/dashboard.py: one traject of N stories over 26 weeks with 80 links and their answers,
and a small second traject whose stories must never be counted in the first."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, text

from vertelpunt import database
from vertelpunt.extensions import db

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


def fill(
    stories: int,
    seed: int = 11,
    slug: str = "bench",
    first_id: int = 1,
    accounts: bool = True,
    analyze: bool = True,
) -> None:
    """One traject `slug` of `stories` stories with ids from first_id (bench/national.py makes many)."""
    from vertelpunt.auth.services import create_user
    from vertelpunt.coalition import services as coalition
    from vertelpunt.models import Story, StoryAnswer
    from vertelpunt.staff import services

    rng = random.Random(seed)
    today = dt.date.today()
    traject = services.create_traject(
        slug=slug,
        name=slug.title(),
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
    coalition.add_target(traject, dimension="perspective", value="youth", min_share=30)
    coalition.add_target(traject, dimension="municipality", value="*", min_count=1)
    coalition.add_target(traject, dimension="audience", value="parent", min_count=50)
    if accounts:
        create_user("bench-admin", PASSWORD, admin=True)
        create_user("bench-coalition", PASSWORD, memberships=[(slug, "coalition")])
        create_user("bench-facilitator", PASSWORD, memberships=[(slug, "facilitator")])
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
        for story_id in range(first_id + start, first_id + min(stories, start + chunk)):
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
                    "submission_key": f"{slug}-{story_id}",
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
        if not database.is_sqlite(db.engine):  # PostgreSQL
            _copy("stories", story_rows)
            _copy("story_answers", answer_rows)
        else:
            db.session.execute(insert(Story), story_rows)
            db.session.execute(insert(StoryAnswer), answer_rows)
            db.session.commit()
    if not analyze:
        return
    if not database.is_sqlite(db.engine):
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


def second_traject() -> None:
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
