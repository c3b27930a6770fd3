# %% [markdown]
# # Response overview and pattern statements from a research export
#
# Reads a traject's research export (`flask export SLUG --out export.zip`, or the download on the
# traject's *Onderzoek* page) and reproduces the response overview of the dashboard (exact counts:
# this is facilitator data) and the neutral pattern statements of `flask sensemaking patterns`.
# Set `STORYCYCLE_EXPORT` to the zip or JSON file; without it, a demo export of the Twente demo
# traject is made first. `PATTERN_MIN_GROUP` changes the smallest group compared (default 10).

# %%
import os
import tempfile

import pandas as pd
from storycycle_export import demo_export, load, option_labels, story_records

from sensemaking import patterns
from vertelpunt.sensemaking_cli import AUDIENCE_LABELS, PLURAL, SHORT_LABELS, SPLITS, TARGETS

path = os.environ.get("STORYCYCLE_EXPORT") or demo_export(f"{tempfile.mkdtemp()}/demo.zip")
export = load(path)
stories, answers = export["stories"], export["answers"]
print(len(stories), "verhalen uit", export.meta["traject"]["name"])

# %% [markdown]
# ## Response overview
# Stories per week (weeks start on Monday) and per group, as on the response dashboard.

# %%
weeks = stories.groupby(stories.submitted_on.dt.to_period("W-SUN").dt.start_time).size()
print("verhalen in totaal:", len(stories))
print("per week:")
for week, n in weeks.items():
    print(f"  {week:%Y-%m-%d}: {n}")


def single_choice(question_id):
    chosen = answers[(answers.question_id == question_id) & answers.option_id.notna()]
    return chosen.drop_duplicates("story_id").set_index("story_id").option_id.reindex(stories.story_id)


def overview(title, values, labels):
    counts = values.fillna("(niet ingevuld)").map(lambda v: labels.get(v, v)).value_counts()
    print(f"per {title}:")
    for label, n in counts.items():
        print(f"  {label}: {n}")
    return counts


prompt_counts = overview("onderwerp", stories.prompt, option_labels(export, "prompt"))
overview("doelgroep van de link", stories.audience, AUDIENCE_LABELS)
for qid, title in (("perspective", "perspectief"), ("age_group", "leeftijd"), ("municipality", "gemeente")):
    overview(title, pd.Series(single_choice(qid).values), option_labels(export, qid))

# %% [markdown]
# ## Pattern statements
# The same questions, labels and settings as `flask sensemaking patterns`: every split (audience,
# perspective, age group) against every target question, tested per pair of groups and corrected for
# the number of tests, with a minimum group and cell size.

# %%
records = story_records(export)


def question(qid):
    if qid == "audience":
        return patterns.Question("audience", SHORT_LABELS[qid], "choice", AUDIENCE_LABELS, PLURAL["audience"])
    q = export.questions
    kind = q[(q.question_id == qid) & (q.entry == "question")].type.iloc[0]
    qtype = "number" if kind == "slider" else "choice"
    label = SHORT_LABELS.get(qid) or q[(q.question_id == qid) & (q.entry == "question")].text_nl.iloc[0]
    return patterns.Question(qid, label, qtype, option_labels(export, qid), PLURAL.get(qid, {}))


pairs = [(question(by), question(q)) for by in SPLITS for q in TARGETS if by != q]
settings = patterns.Settings(min_group=int(os.environ.get("PATTERN_MIN_GROUP", "10")))
statements = patterns.pattern_statements(records, pairs, settings)
for statement in statements:
    print("-", statement.text, f"[{len(statement.story_ids)} verhalen]")
print(len(statements), "patronen")
