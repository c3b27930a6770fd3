"""National scale: 100 trajecten of 10,000 stories each on one PostgreSQL, against one traject alone.

Fills a fresh PostgreSQL database (migrated as in production) traject by traject as bench/dashboard.py
fills one (80 links, about 13 answers per story, 26 weeks), then measures everything twice: first with
one traject in the database (the baseline, measured in the same run), then with all of them:
  * keeping the closed days' counts of every traject (the worker's nightly job),
  * every dashboard view of a sample of trajecten (response page as a coalition member and as a
    facilitator, its CSV, the targets page), through the app as a browser gets it: median of 5,
    the slowest view and traject shown,
  * the digest of every traject, composed and delivered to the outbox (`flask digest send`),
  * one traject's research export (built and zipped),
  * a session's grouping of 120 cards as the worker does it (models loaded, cards embedded on arrival).
Goals (issue 21): every dashboard view under 300 ms, all digests under 5 minutes, an export under 30 s,
grouping 120 cards under 3 s. Prints figures; asserts nothing.

    .venv/bin/python bench/national.py [--trajecten 100] [--stories 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import fresh_postgres, timed  # noqa: E402  (beside this script)
from dashboard_data import PASSWORD, fill  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from vertelpunt import create_app  # noqa: E402
from vertelpunt.extensions import db  # noqa: E402

DEFAULT_PG = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_national"
)
SHARED = ROOT.parent / "shared" / "data"
VIEWS = {
    "response (coalition)": ("coalition", "/staff/trajecten/{slug}/response"),
    "response (facilitator)": ("facilitator", "/staff/trajecten/{slug}/response"),
    "response CSV": ("coalition", "/staff/trajecten/{slug}/response.csv"),
    "targets": ("coalition", "/staff/trajecten/{slug}/targets"),
}


def slug_of(number: int) -> str:
    return f"regio-{number:03d}"


def card_texts(n: int = 120) -> list[str]:
    from sensemaking.evaluate import read_tsv

    texts = read_tsv(SHARED / "observaties_dev" / "observaties_dev.tsv")[0]
    texts += read_tsv(SHARED / "sib200_nld" / "dev.tsv")[0]
    return texts[:n]


def accounts(slugs: list[str]) -> None:
    from vertelpunt.auth.services import create_user

    for slug in slugs:
        create_user(f"{slug}-coalition", PASSWORD, memberships=[(slug, "coalition")])
        create_user(f"{slug}-facilitator", PASSWORD, memberships=[(slug, "facilitator")])
    db.session.commit()


def analyze() -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT setval('stories_id_seq', (SELECT max(id) FROM stories))"))
        conn.commit()
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def measure(app, sample: list[str], all_slugs: list[str]) -> dict[str, str]:
    from vertelpunt.coalition import digest
    from vertelpunt.coalition.days import keep_closed_days
    from vertelpunt.core.access import traject_by_slug
    from vertelpunt.evolve import research_export

    found: dict[str, str] = {}
    start = time.perf_counter()
    keep_closed_days()
    found["nightly counts, all trajecten"] = f"{time.perf_counter() - start:.1f} s"
    db.session.remove()

    for view, (role, pattern) in VIEWS.items():
        worst = (0.0, "")
        for slug in sample:
            client = app.test_client()
            client.post("/login", data={"username": f"{slug}-{role}", "password": PASSWORD})
            url = pattern.format(slug=slug)
            median, _ = timed(lambda c=client, u=url: c.get(u).status_code, repeat=5)
            worst = max(worst, (median, slug))
        found[f"{view}, slowest traject"] = f"{worst[0]:.0f} ms ({worst[1]})"

    start = time.perf_counter()
    for slug in all_slugs:
        digest.send(traject_by_slug(slug), dt.date.today())
        db.session.commit()
    seconds = time.perf_counter() - start
    found[f"digests of {len(all_slugs)} trajecten"] = (
        f"{seconds:.1f} s ({seconds / len(all_slugs):.2f} s each)"
    )

    start = time.perf_counter()
    size = len(research_export.to_zip(research_export.build(traject_by_slug(sample[0]), dt.date.today())))
    found["research export of one traject"] = f"{time.perf_counter() - start:.1f} s ({size / 1e6:.1f} MB zip)"
    db.session.remove()
    return found


def grouping_seconds() -> str:
    from sensemaking.grouping import group_texts
    from sensemaking.vectors import VectorCache, model_blocks

    texts = card_texts()
    # As the worker holds them: models loaded at its start, each card embedded by its job on arrival
    # (sessions/board/regroup.py); bench/board_grouping.py measures the cold paths.
    cache = VectorCache()
    model_blocks(texts, "auto", cache)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = group_texts(texts, models="auto", cache=cache)
        times.append(time.perf_counter() - start)
    return f"{statistics.median(times):.2f} s ({len(texts)} cards, {len(result.groups)} groups)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajecten", type=int, default=100)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--database-url", default=DEFAULT_PG)
    args = parser.parse_args()
    began = time.perf_counter()
    fresh_postgres(args.database_url)
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": args.database_url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "PUBLIC_BASE_URL": "http://vertel.test",
                "DIGEST_OUTBOX": f"{workdir}/outbox",
                "JOBS_DB": f"{workdir}/jobs.db",
                "DELETIONS_LOG": f"{workdir}/deleted.log",
                "REDIS_URL": None,
            }
        )
        slugs = [slug_of(i) for i in range(args.trajecten)]
        sample = sorted({slugs[0], slugs[len(slugs) // 2], slugs[-1]})
        with app.app_context():
            upgrade()
            fill(args.stories, seed=0, slug=slugs[0], first_id=1, accounts=False, analyze=False)
            accounts([slugs[0]])
            analyze()
            alone = measure(app, [slugs[0]], [slugs[0]])
            fill_started = time.perf_counter()
            for i, slug in enumerate(slugs[1:], start=1):
                fill(
                    args.stories,
                    seed=i,
                    slug=slug,
                    first_id=i * args.stories + 1,
                    accounts=False,
                    analyze=False,
                )
            accounts(sample[1:])
            analyze()
            filled = time.perf_counter() - fill_started
            everyone = measure(app, sample, slugs)
            stories = db.session.scalar(text("SELECT count(*) FROM stories"))
            answers = db.session.scalar(text("SELECT count(*) FROM story_answers"))
            size = db.session.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            db.session.remove()
            db.engine.dispose()
    grouping = grouping_seconds()

    print(f"National scale on PostgreSQL: {args.trajecten} trajecten x {args.stories:,} stories")
    print(f"  database: {stories:,} stories, {answers:,} answers, {size}; filled in {filled:.0f} s")
    print(f"  {'measure':44} {'1 traject (baseline)':>22} {f'{args.trajecten} trajecten':>22}")
    for key, value in everyone.items():
        baseline = alone.get(key.replace(f"of {args.trajecten} trajecten", "of 1 trajecten"), "")
        print(f"  {key:44} {baseline:>22} {value:>22}")
    print(f"  {'grouping of a session':44} {'':>22} {grouping:>22}")
    print(
        "  goals: every view under 300 ms; all digests under 5 min; an export under 30 s; 120 cards under 3 s"
    )
    print(f"({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
