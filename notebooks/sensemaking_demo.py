# %% [markdown]
# # Sensemaking on the Twente demo traject
#
# The engine (`sensemaking/`) on the demo stories: suggested groups with their key terms, typical
# stories and a "past nergens" pile; placement of every other story after a person placed two per
# theme; and neutral pattern statements on the answers, each with the stories behind it.
# It runs on a fresh SQLite file with the demo seeded (nothing is downloaded). Set
# `SENSEMAKING_DEMO_STORIES` for a smaller demo, or `DATABASE_URL` to read an existing database.

# %%
import os
import tempfile
from collections import Counter

from flask_migrate import upgrade

from sensemaking import patterns
from sensemaking.grouping import HumanGroup, group_texts
from sensemaking.placement import place
from sensemaking.vectors import join, model_blocks
from vertelpunt import create_app
from vertelpunt.core.access import traject_by_slug
from vertelpunt.demo.seed import seed_demo
from vertelpunt.extensions import db
from vertelpunt.sensemaking_cli import SPLITS, TARGETS, _question, _stories, story_records

STORIES = int(os.environ.get("SENSEMAKING_DEMO_STORIES", "300"))
url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/demo.db"
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "notebook-only", "TESTING": True})
context = app.app_context()
context.push()
upgrade()
if traject_by_slug("twente") is None:
    seed_demo(story_count=STORIES)
stories = _stories(traject_by_slug("twente"))
texts = [f"{s.title}. {s.text}" for s in stories]
print(len(stories), "verhalen")

# %% [markdown]
# ## Suggested groups
# The number of groups is chosen by the engine. Vectors are computed once and reused below.

# %%
blocks = model_blocks(texts)
grouping = group_texts(texts, blocks=blocks)
for group in grouping.groups:
    primary = [m for m in group.members if m.primary]
    print(f"{group.name}: {len(primary)} verhalen; kernwoorden: {', '.join(group.key_terms)}")
    for i in group.typical[:2]:
        print("   ", texts[i][:100])
print("Past nergens:", len(grouping.unassigned))

# %% [markdown]
# ## A person confirms a theme and moves a card
# The confirmed group keeps its name and members; the card stays where it was put.

# %%
first = grouping.groups[0]
moved = grouping.groups[1].typical[0]
human = [HumanGroup(first.key, first.typical + [moved], name="Bevestigd door de groep", confirmed=True)]
again = group_texts(texts, blocks=blocks, human=human)
kept = again.by_key(first.key)
print(kept.name, len(kept.indices), "verhalen; verplaatste kaart erin:", moved in kept.indices)

# %% [markdown]
# ## Placement from two cards per theme
# Here the themes are the prompts the narrators chose: a person places two stories per prompt, the
# engine proposes the rest (or "past nergens").

# %%
prompts = [s.prompt for s in stories]
placed = {}
for prompt in sorted(set(prompts)):
    for i in [i for i, p in enumerate(prompts) if p == prompt][:2]:
        placed[i] = prompt
proposals = place(join(blocks), placed)
right = sum(p.theme == prompts[p.index] for p in proposals)
print(f"{right} van {len(proposals)} goed geplaatst; past nergens: {sum(p.theme is None for p in proposals)}")
print(Counter(p.theme for p in proposals).most_common())

# %% [markdown]
# ## Pattern statements
# Tested per pair of groups, corrected for the number of tests, with a minimum group and cell size.

# %%
records = story_records(stories)
pairs = [(_question(by), _question(q)) for by in SPLITS for q in TARGETS if by != q]
settings = patterns.Settings(min_group=max(5, min(10, STORIES // 30)))
statements = patterns.pattern_statements(records, pairs, settings)
for statement in statements[:10]:
    print("-", statement.text, f"[{len(statement.story_ids)} verhalen]")
print(len(statements), "patronen")

# %%
db.session.remove()
db.engine.dispose()
context.pop()
