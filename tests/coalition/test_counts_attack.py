"""One attacker for every count a coalition member can reach (issue 13, point 3; spec 4.4).

Hypothesis draws a traject's stories (groups small and large, on closed days and today) and targets.
A coalition member logs in and fetches every GET page of the coalition blueprint, found in app.url_map
so a new view is covered without a new test, with the session report and the traject plan beside them:
pages, CSV, spreadsheet and the digest. The attacker reads every count shown (a count element with its
bounds, a CSV cell, a line of the Markdown report), every target's verdict, and knows how the groups
add up (links within organisations within kinds, links within audiences, every breakdown and the weeks
adding up to the total, the first digest's new counts equal to the counts). Then:

a. no count from 1 to N-1 is shown as a number;
b. solving everything together in whole numbers pins no hidden count to a single value (except where
   the page's words alone do so: see test_suppression.assert_safe_with_display);
c. no target says met or not met unless what the reader sees of its count decides it;
d. storing stories today changes no page: the figures cover closed days only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from tests.coalition.conftest import add_story
from tests.conftest import PASSWORD, login
from vertelpunt.auth.services import create_user
from vertelpunt.coalition import counts, digest, services
from vertelpunt.core.assets import is_asset
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, SessionStory
from vertelpunt.staff import services as staff

TODAY = dt.date.today()
INF = np.inf
TYPES = ("school", "neighbourhood_team", "care_provider")
AUDIENCES = ("youth", "parent", "professional")
PERSPECTIVES = ("youth", "parent", "pro_care", None)
AGES = ("age_4_12", "age_12_18", None)
PROMPTS = ("helped", "school")
# Besides the coalition blueprint: what else a coalition member reads that holds story counts.
EXTRA_ENDPOINTS = ("sessions.report_page", "sessions.report_markdown", "evolve.plan_page")

group_size = st.one_of(st.integers(0, 4), st.integers(0, 12))


@st.composite
def stories_of_a_group(draw):
    """(perspective, age group, municipality, prompt, days ago) per story; days ago 0 is today."""
    n = draw(group_size)
    return [
        (
            draw(st.sampled_from(PERSPECTIVES)),
            draw(st.sampled_from(AGES)),
            draw(st.sampled_from(("enschede", "hengelo", None))),
            draw(st.sampled_from(PROMPTS)),
            draw(st.sampled_from((0, 1, 3, 8, 15))),
        )
        for _ in range(n)
    ]


@st.composite
def worlds(draw):
    orgs = []
    for _ in range(draw(st.integers(1, 3))):
        audiences = draw(st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=2, unique=True))
        orgs.append(
            {
                "type": draw(st.sampled_from(TYPES)),
                "links": [(a, draw(stories_of_a_group())) for a in audiences],
            }
        )
    target = st.tuples(
        st.sampled_from(("perspective", "audience", "age_group", "municipality")),
        st.one_of(st.integers(1, 15), st.none()),
        st.one_of(st.sampled_from((10, 25, 40, 60)), st.none()),
    ).filter(lambda t: t[1] is not None or t[2] is not None)
    return {
        "threshold": draw(st.sampled_from((5, 6, 7))),
        "orgs": orgs,
        "general": draw(stories_of_a_group()),
        "targets": draw(st.lists(target, max_size=3, unique_by=lambda t: t[0])),
    }


# Building a world ----------------------------------------------------------------------------------------


class World:
    """The traject made from a drawn world, and the true counts of its closed days (the attacker's
    answer key, counted here from what was stored, apart from the implementation)."""

    def __init__(self, drawn: dict, number: int):
        self.threshold = drawn["threshold"]
        self.slug = f"aanval-{number}"
        self.traject = staff.create_traject(
            slug=self.slug,
            name=f"Aanval {number}",
            region="Twente",
            focus="Hulp",
            opens_on=TODAY - dt.timedelta(days=30),
            closes_on=TODAY + dt.timedelta(days=30),
            municipalities=["Enschede", "Hengelo"],
        )
        # The app's threshold is 5; a traject may raise its own (disclosure.threshold_for).
        self.traject.anonymity_threshold = self.threshold if self.threshold > 5 else None
        self.general = staff.general_link(self.traject)
        self.org_of, self.audience_of, self.type_of = {}, {}, {}
        self.links = [self.general]
        stored = [(self.general, s) for s in drawn["general"]]
        for i, org in enumerate(drawn["orgs"]):
            made = staff.create_organisation(
                self.traject, name=f"Organisatie {number}-{i}", organisation_type=org["type"]
            )
            self.type_of[made.id] = org["type"]
            for audience, stories in org["links"]:
                link = staff.create_link(self.traject, organisation=made, audience=audience)
                link.created_on = TODAY - dt.timedelta(days=40)
                self.org_of[link.id], self.audience_of[link.id] = made.id, audience
                self.links.append(link)
                stored += [(link, s) for s in stories]
        self.general.created_on = TODAY - dt.timedelta(days=40)
        self.truth: Counter = Counter()
        self.stories = []
        for link, (perspective, age, town, prompt, days_ago) in stored:
            day = TODAY - dt.timedelta(days=days_ago)
            story = add_story(
                link, prompt=prompt, day=day, perspective=perspective, age_group=age, municipality=town
            )
            self.stories.append(story)
            if days_ago > 0:
                self.count(link, perspective, age, town, prompt, day)
        for dimension, value, share in drawn["targets"]:
            chosen = {"perspective": "youth", "audience": "parent", "age_group": "age_12_18"}
            staff_value = "*" if dimension == "municipality" else chosen[dimension]
            services.add_target(
                self.traject,
                dimension=dimension,
                value=staff_value,
                min_count=value or None,
                min_share=share or None,
            )
        self.targets = drawn["targets"]
        self.user = f"coalitie-{number}"
        create_user(self.user, PASSWORD, memberships=[(self.slug, "coalition")])
        # A session whose story set the report counts: stories the redaction worker finished.
        self.session = DuidingSession(
            traject_id=self.traject.id, title="Sessie", held_on=TODAY, join_code=f"AANVAL{number:04d}"
        )
        db.session.add(self.session)
        db.session.flush()
        self.report_truth: Counter = Counter()
        for story, (_link, drawn_story) in list(zip(self.stories, stored, strict=True))[::2]:
            story.redaction = "full"
            db.session.add(SessionStory(session_id=self.session.id, story_id=story.id))
            self.report_truth[drawn_story[0]] += 1
        self.session.selection_kind = "manual"
        db.session.commit()

    def count(self, link, perspective, age, town, prompt, day) -> None:
        t = self.truth
        t["total"] += 1
        t[f"week:{counts.monday(day).isoformat()}"] += 1
        if link.id == self.general.id:
            t["general"] += 1
        else:
            t[f"link:{link.id}"] += 1
            t[f"organisation:{self.org_of[link.id]}"] += 1
            t[f"organisation_type:{self.type_of[self.org_of[link.id]]}"] += 1
            t[f"audience:{self.audience_of[link.id]}"] += 1
        t[f"perspective:{perspective or 'unanswered'}"] += 1
        t[f"age_group:{age or 'unanswered'}"] += 1
        t[f"municipality:{town or 'unanswered'}"] += 1
        t[f"prompt:{prompt}"] += 1

    def relations(self, cells: set[str]) -> list[tuple[str, list[str]]]:
        """What every reader knows of how the counts add up: (total, parts) for each sum."""
        sums = [("general", [f"link:{self.general.id}"])] if f"link:{self.general.id}" in cells else []
        for dimension in ("link", "organisation", "organisation_type", "audience"):
            parts = sorted(c for c in cells if c.startswith(dimension + ":"))
            sums.append(("total", [*parts, "general"]))
        for dimension in ("perspective", "age_group", "municipality", "prompt", "week"):
            sums.append(("total", sorted(c for c in cells if c.startswith(dimension + ":"))))
        links_of: dict[str, list[str]] = {}
        for link_id, org_id in self.org_of.items():
            links_of.setdefault(f"organisation:{org_id}", []).append(f"link:{link_id}")
            links_of.setdefault(f"audience:{self.audience_of[link_id]}", []).append(f"link:{link_id}")
        for org_id, kind in self.type_of.items():
            links_of.setdefault(f"organisation_type:{kind}", []).append(f"organisation:{org_id}")
        for total, parts in links_of.items():
            sums.append((total, parts))
        for cell in cells:  # groups that nothing reaches hold nothing
            if cell.split(":")[0] in ("organisation_type", "audience") and cell not in links_of:
                sums.append((cell, []))
        return sums


# Reading what a coalition member sees ----------------------------------------------------------------------

COUNT = re.compile(r'<span class="count[^"]*"([^>]*)>([^<]*)</span>')
ATTRIBUTE = re.compile(r'data-(cell|low|high)="([^"]*)"')
TARGET_ROW = re.compile(r'<(?:tr|li) [^>]*data-cell="([^"]+)" data-state="([^"]+)"')


class Seen:
    """Everything the attacker learned: bounds per cell, target verdicts, texts per view."""

    def __init__(self, threshold: int):
        self.threshold = threshold
        self.bounds: dict[str, tuple[float, float]] = {}
        self.verdicts: list[tuple[str, str]] = []
        self.small_numbers: list[str] = []
        self.equal: list[tuple[str, str]] = []

    def learn(self, cell: str, low: float, high: float, where: str) -> None:
        if low == high and 1 <= low < self.threshold:
            self.small_numbers.append(f"{where}: {cell} = {low}")
        old = self.bounds.get(cell, (0, INF))
        self.bounds[cell] = (max(old[0], low), min(old[1], high))

    def words(self, text: str) -> tuple[float, float] | None:
        text = text.strip()
        if text.isdigit():
            return int(text), int(text)
        if text == f"minder dan {self.threshold}":
            return 1, self.threshold - 1
        if text == "verborgen":
            return self.threshold, INF
        return None

    def read_html(self, page: str, where: str, prefix: str = "", cells_are_counts: bool = True) -> None:
        for attributes, text in COUNT.findall(page):
            found = dict(ATTRIBUTE.findall(attributes))
            low = int(found["low"])
            high = int(found["high"]) if found.get("high") else INF
            assert self.words(text) == (low, high), f"{where}: '{text}' says other bounds than its data"
            if low == high and 1 <= low < self.threshold:
                self.small_numbers.append(f"{where}: {found.get('cell')} = {low}")
            if found.get("cell"):
                self.learn(prefix + found["cell"], low, high, where)
        self.verdicts += TARGET_ROW.findall(page)
        # Any other number alone in a table cell would be a count that did not go through the rule.
        # (The report's tables hold ratings and figures of its sources, not counts of stories.)
        rest = COUNT.sub("", page) if cells_are_counts else ""
        for number in re.findall(r"<td[^>]*>\s*(\d+)\s*</td>", rest):
            if 1 <= int(number) < self.threshold:
                self.small_numbers.append(f"{where}: a table cell holds {number}")

    def read_csv(self, body: str, where: str, labels: dict[tuple[str, str], str]) -> None:
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
        for row in rows:
            for cell in row:
                if cell.isdigit() and 1 <= int(cell) < self.threshold:
                    self.small_numbers.append(f"{where}: {row[:2]} holds {cell}")
            if len(row) >= 3 and (row[0], row[1]) in labels and self.words(row[2]):
                self.learn(labels[(row[0], row[1])], *self.words(row[2]), where)
            elif len(row) >= 3 and row[0] == "Totaal":
                self.learn("total", *self.words(row[2]), where)
            elif row and row[0] == "Per week" and rows:
                for week, text in zip(rows[0][3:], row[3:], strict=False):
                    self.learn(f"week:{week}", *self.words(text), where)

    def read_markdown(self, body: str, where: str) -> None:
        body = body.replace("\\", "")
        for text in re.findall(r"Verhalen: ([^.]+)\.", body):
            self.learn("report:total", *self.words(text), where)
        section = body.split("## Verhalenset", 1)[1].split("\n## ", 1)[0]
        for label, text in re.findall(r"^- (.+): (.+)$", section, re.M):
            self.learn(f"report:perspective:{label}", *self.words(text), where)


def dashboard_labels(page: str) -> dict[tuple[str, str], str]:
    """(breakdown title, group label) -> cell, from the dashboard's tables, to read the CSV with."""
    labels = {}
    for table in re.findall(r"<table class=\"numbers\">(.*?)</table>", page, re.S):
        head = re.search(r"<thead><tr><th>([^<]+)</th>", table)
        for label, attributes in re.findall(
            r"<tr[^>]*><td>([^<]*)</td><td><span class=\"count[^\"]*\"([^>]*)>", table
        ):
            cell = dict(ATTRIBUTE.findall(attributes)).get("cell")
            if head and cell:
                labels[(_unescape(head.group(1)), _unescape(label))] = cell
    return labels


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def coalition_urls(app, world: World) -> list[str]:
    """Every GET page of the coalition blueprint (library files aside) and the extra readings."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or is_asset(rule.endpoint) or rule.endpoint == "coalition.plotly_js":
            continue
        if not (rule.endpoint.startswith("coalition.") or rule.endpoint in EXTRA_ENDPOINTS):
            continue
        values = {"slug": world.slug, "session_id": world.session.id}
        with app.test_request_context():
            if "link_id" in rule.arguments:
                for link in world.links:
                    urls.append(app.url_for(rule.endpoint, **values, link_id=link.id))
            else:
                urls.append(app.url_for(rule.endpoint, **{k: values[k] for k in rule.arguments}))
    return sorted(urls)


def fetch_all(client, urls: list[str]) -> dict[str, tuple[str, bytes]]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = (response.mimetype, response.data)
    return pages


def read_everything(world: World, pages: dict) -> Seen:
    seen = Seen(world.threshold)
    response_page = next(b.decode() for u, (m, b) in pages.items() if u.endswith("/response"))
    labels = dashboard_labels(response_page)
    for url, (mimetype, body) in pages.items():
        if mimetype == "text/html":
            report = "/sessies/" in url
            seen.read_html(body.decode(), url, "report:" if report else "", cells_are_counts=not report)
        elif mimetype == "text/csv":
            seen.read_csv(body.decode("utf-8-sig"), url, labels)
        elif mimetype == "text/markdown":
            seen.read_markdown(body.decode(), url)
        elif "spreadsheet" in mimetype:
            from openpyxl import load_workbook

            for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, int) and 1 <= value < world.threshold:
                        seen.small_numbers.append(f"{url}: a spreadsheet cell holds {value}")
    return seen


# Solving ---------------------------------------------------------------------------------------------------


def solve(names: list[str], bounds: dict, sums: list, extra: list) -> dict[str, tuple[float, float]]:
    """Each cell's smallest and largest value in whole numbers, given bounds, sums (total = parts)
    and extra linear constraints (coefficients by name, low, high)."""
    column = {k: i for i, k in enumerate(names)}
    rows, lows, highs = [], [], []
    for total, parts in sums:
        row = np.zeros(len(names))
        row[column[total]] += 1
        for p in parts:
            row[column[p]] -= 1
        rows.append(row)
        lows.append(0)
        highs.append(0)
    for coefficients, low, high in extra:
        row = np.zeros(len(names))
        for name, c in coefficients.items():
            row[column[name]] += c
        rows.append(row)
        lows.append(low)
        highs.append(high)
    constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
    box = Bounds([bounds[k][0] for k in names], [bounds[k][1] for k in names])
    found = {}
    for i, name in enumerate(names):
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(names))
            objective[i] = sign
            result = milp(objective, constraints=constraints, integrality=np.ones(len(names)), bounds=box)
            assert result.status in (0, 3, 4), result.message
            ends.append(result.x[i] if result.status == 0 else sign * -INF)
        found[name] = (round(ends[0]), ends[1] if ends[1] == INF else round(ends[1]))
    return found


def target_facts(world: World, verdicts, names, total_low: float) -> list:
    """What a verdict tells: met means every minimum holds; not met with one minimum, that it fails."""
    facts = []
    wanted = {}
    for dimension, value, share in world.targets:
        wanted[dimension] = (value, share)
    for cell, state in set(verdicts):
        dimension = cell.split(":")[0]
        if cell not in names or dimension not in wanted:
            continue
        value, share = wanted[dimension]
        if state == "met":
            if value is not None:
                facts.append(({cell: 1}, value, INF))
            if share is not None:
                facts.append(({cell: 100, "total": -share}, 0, INF))
        elif state == "not_met" and (value is None) != (share is None):
            if value is not None:
                facts.append(({cell: 1}, -INF, value - 1))
            elif total_low > 0:  # with no stories at all a share is not met either
                facts.append(({cell: 100, "total": -share}, -INF, -1))
    return facts


def display_of(value: int, threshold: int, hidden: bool) -> tuple[float, float]:
    if not hidden or value == 0:
        return value, value
    return (1, threshold - 1) if value < threshold else (threshold, INF)


def check(world: World, seen: Seen) -> None:
    n = world.threshold
    # a. No count from 1 to N-1 as a number, anywhere.
    assert not seen.small_numbers, seen.small_numbers
    dashboard_cells = {c for c in seen.bounds if not c.startswith(("report:", "new:"))}
    sums = world.relations(dashboard_cells)
    for cell in [c for c in seen.bounds if c.startswith("new:")]:
        sums.append((cell[4:], [cell]))  # the first digest's new counts are the counts
    report = sorted(c for c in seen.bounds if c.startswith("report:perspective:"))
    if "report:total" in seen.bounds and report:
        sums.append(("report:total", report))
    names = sorted({*seen.bounds, *(t for t, _p in sums), *(p for _t, ps in sums for p in ps)})
    bounds = {k: seen.bounds.get(k, (0, INF)) for k in names}
    # The answer key agrees with every count shown (the attacker's model of the sums is right).
    for cell in dashboard_cells:
        low, high = seen.bounds[cell]
        assert low <= world.truth[cell] <= high, f"{cell}: truth {world.truth[cell]} not in [{low}, {high}]"
    facts = target_facts(world, seen.verdicts, names, seen.bounds["total"][0])
    found = solve(names, bounds, sums, facts)
    # b. Nothing hidden is pinned, beyond what the words alone pin with every non-zero count hidden.
    pinned = {k for k, (low, high) in found.items() if low == high and bounds[k][0] != bounds[k][1]}
    if pinned:
        everything = {k: display_of(world.truth[k], n, True) for k in dashboard_cells}
        inherent_found = solve(sorted(everything), everything, world.relations(set(everything)), [])
        inherent = {
            k for k, (low, high) in inherent_found.items() if low == high and everything[k][0] != high
        }
        assert {k for k in pinned if not k.startswith(("report:", "new:"))} <= inherent, pinned
        assert {k for k in pinned if k.startswith("report:")} <= report_inherent(world, report), pinned
    # c. A verdict follows from what the page says of the count and of the total, and is right.
    wanted = {d: (v, s) for d, v, s in world.targets}
    total_low, total_high = seen.bounds["total"]
    for cell, state in set(seen.verdicts):
        value, share = wanted[cell.split(":")[0]]
        low, high = seen.bounds[cell]

        def met(x, t, value=value, share=share):
            t = 10**9 if t == INF else t
            return (value is None or x >= value) and (share is None or (t > 0 and 100 * x >= share * t))

        best, worst = met(high, total_low), met(low, total_high)
        said = {"met": True, "not_met": False, "unknown": None}[state]
        assert said == (best if best == worst else None), f"{cell}: '{state}' for [{low}, {high}]"
        if said is not None:
            assert said == met(world.truth[cell], world.truth["total"]), f"{cell}: '{state}' is wrong"


def report_inherent(world: World, cells: list[str]) -> set:
    """Report counts that the words alone pin, with every non-zero count of the story set hidden."""
    from vertelpunt.framework import get_framework

    question = get_framework()["perspective"]
    ids = {question.option(p).label("nl"): p for p in question.option_ids()}
    truth = {c: world.report_truth[ids.get(c.split(":", 2)[2])] for c in cells}
    truth["report:total"] = sum(world.report_truth.values())
    everything = {k: display_of(v, world.threshold, True) for k, v in truth.items()}
    found = solve(sorted(everything), everything, [("report:total", cells)], [])
    return {k for k, (low, high) in found.items() if low == high and everything[k][0] != high}


def normalised(pages: dict) -> dict:
    """The pages as a reader compares them: form tokens aside, a spreadsheet by its cells (the file
    itself carries the time it was written)."""
    out = {}
    for url, (mimetype, body) in pages.items():
        if "spreadsheet" in mimetype:
            from openpyxl import load_workbook

            out[url] = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
        else:
            out[url] = re.sub(rb'name="csrf_token" value="[^"]+"', b"", body)
    return out


NUMBER = iter(range(1, 10**6))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(drawn=worlds())
def test_no_view_a_coalition_member_reaches_gives_a_hidden_count_away(make_app, tmp_path, drawn):
    app = make_app(ANONYMITY_THRESHOLD=5, SMTP_HOST="", DIGEST_OUTBOX=str(tmp_path / "outbox"))
    with app.app_context():
        world = World(drawn, next(NUMBER))
        digest.send(world.traject, TODAY)
        db.session.commit()
        client = app.test_client()
        assert login(client, world.user).status_code == 302
        urls = coalition_urls(app, world)
        assert any(u.endswith("/response.csv") for u in urls) and any("/digest" in u for u in urls)
        pages = fetch_all(client, urls)
        check(world, read_everything(world, pages))
        # d. Stories told today change nothing a coalition member sees, however often they look.
        for link in world.links[:2]:
            add_story(link, perspective="youth")
        db.session.commit()
        assert normalised(fetch_all(client, urls)) == normalised(pages)
        db.session.remove()
