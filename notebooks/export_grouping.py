# %% [markdown]
# # Grouping the stories of a research export
#
# The sensemaking engine's suggested groups of the exported (redacted) stories, as `flask sensemaking
# cluster` gives them: key terms, typical stories and the "past nergens" pile. Then the themes the
# sessions made, with how many observations and stories are behind each.
# Set `STORYCYCLE_EXPORT` to the zip or JSON file; without it, a demo export is made first.

# %%
import os
import tempfile

from storycycle_export import demo_export, load

from sensemaking.grouping import group_texts

path = os.environ.get("STORYCYCLE_EXPORT") or demo_export(f"{tempfile.mkdtemp()}/demo.zip")
export = load(path)
stories = export["stories"]
texts = [f"{t}. {x}" if t else x for t, x in zip(stories.title, stories.text, strict=True)]
print(len(texts), "verhalen")

# %% [markdown]
# ## Suggested groups
# The engine chooses the number of groups; the same input gives the same groups.

# %%
grouping = group_texts(texts)
print(f"{len(stories)} verhalen, {len(grouping.groups)} groepen voorgesteld.")
for group in grouping.groups:
    primary = [m for m in group.members if m.primary]
    print(f"## {group.name}: {len(primary)} verhalen; kernwoorden: {', '.join(group.key_terms) or '-'}")
    for i in group.typical[:3]:
        print(f"   - #{stories.story_id.iloc[i]} {texts[i][:90]}")
print("Past nergens:", len(grouping.unassigned))

# %% [markdown]
# ## Themes from the sessions
# What the groups in the duidingssessies made of it, per session.

# %%
themes, observations, links = export["themes"], export["observations"], export["observation_stories"]
sessions = export["sessions"].set_index("session_id")
placed = observations.dropna(subset=["theme_id"]).merge(links, on="observation_id", how="left")
per_theme = placed.groupby("theme_id").agg(
    observations=("observation_id", "nunique"), stories=("story_id", "nunique")
)
summary = themes.merge(per_theme, left_on="theme_id", right_index=True, how="left").fillna(
    {"observations": 0, "stories": 0}
)
for row in summary.itertuples():
    session = sessions.loc[row.session_id]
    print(
        f"{session.title} ({session.held_on:%Y-%m-%d}): {row.name} - {int(row.observations)} observaties, {int(row.stories)} verhalen"
    )
print(len(themes), "thema's in", len(sessions), "sessies")
