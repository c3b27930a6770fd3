"""Synthetic Dutch stories for the Twente demo traject (focus: children in divorce situations).

All texts are written for this project; no story is real and none names a person, school, address or
phone number. A story is put together from fragments of one theme (an opening, an event, sometimes
context, a feeling and an ending), seen from one of three perspective groups. Keeping a story inside
one theme gives the realistic topical clusters that the grouping engine should find, and drawing the
answers from the same theme and valence makes the signification correlate with the text, so pattern
statistics have something true to discover.

Fragments can carry tags (perspective or age group ids, or "4+" for every age group but the youngest)
and placeholders such as {het_kind} or {ex}. A fragment is only used when its tags fit the story and
every placeholder has a value, which is how a grandparent never speaks of "mijn ex" and a toddler
never has a mentor.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from importlib import resources

import yaml

from vertelpunt.demo.organisations import TWENTE_MUNICIPALITIES
from vertelpunt.demo.story_words import GROUP, context_for

Fragment = str | tuple[str, str]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YOUNG = "child youth young_adult"
OLDER = "parent relative other"
PROS = "pro_care pro_education pro_community"
AGES = ("age_0_4", "age_4_12", "age_12_18", "age_18_23", "unknown")
_NOT_TODDLER = ("age_4_12", "age_12_18", "age_18_23", "unknown")

AUDIENCE = {"young": "youth", "older": "parent", "pro": "professional"}


def _data(name: str) -> dict:
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


_WEIGHTS = _data("story_weights.yaml")
PERSPECTIVE_WEIGHTS = _WEIGHTS["perspective_weights"]
AGE_WEIGHTS = _WEIGHTS["age_weights"]
YOUNG_AGE = _WEIGHTS["young_age"]
PROMPT_WEIGHTS = _WEIGHTS["prompt_weights"]
MUNICIPALITY_WEIGHTS = _WEIGHTS["municipality_weights"]
DEFAULT_MUNICIPALITY_WEIGHT = _WEIGHTS["default_municipality_weight"]
ELSEWHERE_SHARE = _WEIGHTS["elsewhere_share"]
LIVING_WEIGHTS = _WEIGHTS["living_weights"]
WHEN_WEIGHTS = _WEIGHTS["when_weights"]
FEELING_WEIGHTS = _WEIGHTS["feeling_weights"]


@dataclass(frozen=True)
class Theme:
    """One topical cluster: which prompts lead to it, its texts, and how its answers tend to fall."""

    key: str
    prompts: dict[str, int]
    negative: float
    who: dict[str, int]
    organisations: dict[str, int]
    should_know: dict[str, int]
    focus: tuple[float, float, float]
    duration: dict[str, int]
    titles: dict[str, list[Fragment]]
    text: dict[str, dict[str, list[Fragment]]]
    ages: tuple[str, ...] = AGES
    about_divorce: bool = False
    frightening: bool = False
    living: dict[str, dict[str, int]] | None = None


def _fragments(items) -> list[Fragment]:
    return [tuple(item) if isinstance(item, list) else item for item in items]


def _by_tone(table) -> dict[str, list[Fragment]]:
    return {tone: _fragments(items) for tone, items in table.items()}


def _load_texts():
    """The fragments live as data beside this module (story_texts.yaml), not as code."""
    raw = _data("story_texts.yaml")
    themes = []
    for theme in raw["themes"]:
        fields = dict(theme)
        fields["focus"] = tuple(fields["focus"])
        if "ages" in fields:
            fields["ages"] = tuple(fields["ages"])
        fields["titles"] = _by_tone(fields["titles"])
        fields["text"] = {part: _by_tone(table) for part, table in fields["text"].items()}
        themes.append(Theme(**fields))
    tables = {
        name: {key: _by_tone(table) for key, table in raw[name].items()}
        for name in ("context", "feelings", "endings")
    }
    return tuple(themes), tables["context"], tables["feelings"], tables["endings"]


THEMES, CONTEXT, FEELINGS, ENDINGS = _load_texts()
_FORMATTER = string.Formatter()
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _sample(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys, drawn by weight."""
    pool = dict(weights)
    chosen = []
    while pool and len(chosen) < k:
        key = _weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


def _fields(text: str) -> list[str]:
    return [name for _literal, name, _spec, _conv in _FORMATTER.parse(text) if name]


def _fits(fragment: Fragment, ctx: dict[str, str], perspective: str, age: str) -> bool:
    text, tags = (fragment, "") if isinstance(fragment, str) else fragment
    tokens = tags.split()
    perspectives = [t for t in tokens if t in GROUP]
    ages = [t for t in tokens if t in AGES or t == "4+"]
    if perspectives and perspective not in perspectives:
        return False
    if ages and age not in ages and not ("4+" in ages and age != "age_0_4"):
        return False
    return all(name in ctx for name in _fields(text))


def usable(fragments: list[Fragment], ctx: dict[str, str], perspective: str, age: str) -> list[str]:
    """The texts of the fragments that fit this narrator, child and set of placeholder values."""
    return [f if isinstance(f, str) else f[0] for f in fragments if _fits(f, ctx, perspective, age)]


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


THEME_BY_KEY = {theme.key: theme for theme in THEMES}


def _themes_for(prompt: str, age: str) -> list[Theme]:
    return [t for t in THEMES if prompt in t.prompts and age in t.ages]


def _age_group(rng: random.Random, perspective: str) -> str:
    if perspective in YOUNG_AGE:
        return YOUNG_AGE[perspective]
    table = AGE_WEIGHTS["pro"] if GROUP[perspective] == "pro" else AGE_WEIGHTS[perspective]
    return _weighted(rng, table)


def _valence(rng: random.Random, theme: Theme, group: str) -> str:
    # Youths tell slightly more negative stories, professionals slightly fewer, as in the pilot.
    shift = {"young": 0.08, "older": 0.0, "pro": -0.05}[group]
    if rng.random() < min(0.95, max(0.05, theme.negative + shift)):
        return "neg"
    return "mixed" if rng.random() < 0.25 else "pos"


def _compose(
    rng: random.Random,
    theme: Theme,
    perspective: str,
    age: str,
    prompt: str,
    valence: str,
    ctx: dict[str, str],
) -> tuple[str, str]:
    group = GROUP[perspective]

    def pick(fragments: list[Fragment]) -> str:
        return rng.choice(usable(fragments, ctx, perspective, age)).format_map(ctx)

    raw_opening = rng.choice(usable(theme.text[group]["open"], ctx, perspective, age))
    opening = raw_opening.format_map(ctx)
    event = pick(theme.text[group]["neg" if valence == "neg" else "pos"])
    before: list[str] = []
    after_opening: list[str] = []
    # A role named twice ("Ik werk als mentor. Als mentor ...") reads clumsy, so skip the introduction then.
    if "{rol}" not in raw_opening and rng.random() < {"young": 0.35, "older": 0.2, "pro": 0.25}[group]:
        before.append(pick(CONTEXT[group]["self"]))
    # Every focus story must be about a divorce, so themes that are not about one by themselves get a
    # sentence that makes it so.
    if (prompt == "focus" and not theme.about_divorce) or rng.random() < 0.15:
        sentence = pick(CONTEXT[group]["divorce"])
        # A professional's context uses the child's pronoun, so it must follow the child's introduction.
        (after_opening if group == "pro" or rng.random() < 0.5 else before).append(sentence)
    closing: list[str] = []
    if valence == "mixed":
        # The mixed feeling and ending both say "good, but"; one of them is enough and is needed.
        closing.append(pick((FEELINGS if rng.random() < 0.5 else ENDINGS)[group][valence]))
    else:
        if rng.random() < 0.55:
            closing.append(pick(FEELINGS[group][valence]))
        if rng.random() < 0.6:
            closing.append(pick(ENDINGS[group][valence]))
    text = " ".join([*before, opening, *after_opening, event, *closing])
    title = pick(theme.titles["neg" if valence == "neg" else "pos"])
    return title, text


def _dirichlet(rng: random.Random, centre: tuple[float, float, float], concentration: float) -> tuple:
    draws = [rng.gammavariate(concentration * c + 0.3, 1.0) for c in centre]
    total = sum(draws)
    # Whole thousandths keep the three weights readable and summing to exactly one thousand.
    first = round(1000 * draws[0] / total)
    second = min(1000 - first, round(1000 * draws[1] / total))
    return (first / 1000, second / 1000, (1000 - first - second) / 1000)


def _focus_of_help(rng: random.Random, theme: Theme, group: str) -> tuple[float, float, float] | None:
    if rng.random() < 0.12:
        return None
    tilt = {"young": (0.15, 0.0, 0.0), "older": (0.0, 0.15, 0.0), "pro": (0.0, 0.0, 0.15)}[group]
    centre = [c + t for c, t in zip(theme.focus, tilt, strict=True)]
    total = sum(centre)
    return _dirichlet(rng, (centre[0] / total, centre[1] / total, centre[2] / total), 10.0)


def _feelings(rng: random.Random, theme: Theme, group: str, valence: str) -> list[str]:
    count = rng.choices([0, 1, 2], weights=[10, 45, 45])[0]
    weights = dict(FEELING_WEIGHTS[valence])
    if theme.frightening and valence != "pos":
        weights["afraid"] = 4
    if group == "young" and valence == "neg":
        weights["angry"] += 2
    return _sample(rng, weights, count)


def _slider(rng: random.Random, mean: float, spread: float) -> int:
    return max(0, min(100, round(rng.gauss(mean, spread))))


def _tone(rng: random.Random, valence: str) -> int | None:
    if rng.random() < 0.1:
        return None
    low, high, mode = {"pos": (60, 100, 85), "mixed": (30, 70, 50), "neg": (0, 40, 15)}[valence]
    return round(rng.triangular(low, high, mode))


def _heard(rng: random.Random, theme: Theme, group: str, age: str, valence: str) -> int | None:
    skip = 0.1 + (0.35 if age == "age_0_4" else 0.0) + (0.05 if group == "pro" else 0.0)
    if rng.random() < skip:
        return None
    mean = {"pos": 72, "mixed": 50, "neg": 25}[valence]
    # Youths feel less heard than the adults around them say they were: a pattern worth finding.
    mean += {"young": -12, "older": -3, "pro": 6}[group]
    if theme.key == "being_heard":
        mean += 10 if valence != "neg" else -10
    return _slider(rng, mean, 12)


def _who_involved(rng: random.Random, theme: Theme, perspective: str) -> list[str]:
    if rng.random() < 0.1:
        return []
    weights = dict(theme.who)
    own = {"pro_education": "school", "pro_community": "neighbourhood_team", "pro_care": "care_provider"}
    if perspective in own:
        weights[own[perspective]] = weights.get(own[perspective], 0) + 2
    else:
        weights["family_friends"] = weights.get("family_friends", 0) + 1
    return _sample(rng, weights, rng.choice([1, 1, 2, 2, 3]))


def _should_know(rng: random.Random, theme: Theme, valence: str) -> list[str]:
    if rng.random() < 0.13:
        return []
    weights = dict(theme.should_know)
    if valence == "pos":
        weights["everyone"] = weights.get("everyone", 0) + 1
    return _sample(rng, weights, rng.choice([1, 1, 2]))


def _maybe(rng: random.Random, weights: dict[str, float], skip: float) -> str | None:
    return None if rng.random() < skip else _weighted(rng, weights)


def _days_ago(rng: random.Random) -> int:
    # Most stories arrive in the weeks after the links go out; a long tail trickles in later.
    while True:
        days = int(rng.expovariate(1 / 30))
        if days <= 120:
            return days


def _story(rng: random.Random, municipality_weights: dict[str, float]) -> dict:
    perspective = _weighted(rng, PERSPECTIVE_WEIGHTS)
    group = GROUP[perspective]
    age = _age_group(rng, perspective)
    prompts = {p: w for p, w in PROMPT_WEIGHTS[group].items() if _themes_for(p, age)}
    prompt = _weighted(rng, prompts)
    candidates = _themes_for(prompt, age)
    theme = THEME_BY_KEY[_weighted(rng, {t.key: t.prompts[prompt] for t in candidates})]
    valence = _valence(rng, theme, group)
    ctx = context_for(rng, perspective, age, theme)
    title, text = _compose(rng, theme, perspective, age, prompt, valence, ctx)
    when = dict(WHEN_WEIGHTS)
    if perspective == "young_adult":
        when["years_ago"] += 4
    living = (theme.living or {}).get(age) or LIVING_WEIGHTS[age]
    if municipality_weights and rng.random() >= ELSEWHERE_SHARE:
        municipality = _weighted(rng, municipality_weights)
    else:
        municipality = "elsewhere"
    return {
        "prompt": prompt,
        "title": title,
        "story": text,
        "perspective": perspective,
        "age_group": age,
        "living": _maybe(rng, living, 0.05),
        "when": _maybe(rng, when, 0.05),
        "duration": _maybe(rng, theme.duration, 0.06),
        "organisation_type": _maybe(rng, theme.organisations, 0.05),
        "municipality": municipality,
        "feeling": _feelings(rng, theme, group, valence),
        "tone": _tone(rng, valence),
        "heard": _heard(rng, theme, group, age, valence),
        "focus_of_help": _focus_of_help(rng, theme, group),
        "who_involved": _who_involved(rng, theme, perspective),
        "should_know": _should_know(rng, theme, valence),
        "days_ago": _days_ago(rng),
        "audience_hint": AUDIENCE[group],
        # Not a framework answer: the theme the story was written from, a reference label for checking
        # what the grouping engine proposes on the demo data.
        "theme": theme.key,
    }


def generate_stories(n: int = 300, seed: int = 2021, municipalities: list[str] | None = None) -> list[dict]:
    """n distinct synthetic stories with their answers; the same arguments give the same stories.

    municipalities are the traject's municipality codes (default: the 14 of Twente); a few stories
    answer "elsewhere", as real narrators do. Besides the answers, each story has "days_ago" (when it
    was sent), "audience_hint" (youth, parent or professional, to match it to a link) and "theme" (the
    cluster it was written from, a reference for what the grouping engine should find).
    """
    if n < 0:
        raise ValueError("n must not be negative")
    rng = random.Random(seed)
    codes = (
        [code for code, _name in TWENTE_MUNICIPALITIES] if municipalities is None else list(municipalities)
    )
    weights = {code: MUNICIPALITY_WEIGHTS.get(code, DEFAULT_MUNICIPALITY_WEIGHT) for code in codes}
    seen: set[str] = set()
    stories: list[dict] = []
    while len(stories) < n:
        for _attempt in range(200):
            story = _story(rng, weights)
            if story["story"] not in seen:
                break
        else:
            raise ValueError(f"the fragment pool cannot make {n} distinct stories")
        seen.add(story["story"])
        stories.append(story)
    return stories
