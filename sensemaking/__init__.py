"""The sensemaking engine: plain data in, plain data out; importable without Flask.

- `dutch`: tokens, lemmas (spaCy lookup and rule tables, no tagger), stop words, and the content-word
  reduction of a Dutch text (other languages keep their words).
- `vectors`: text vectors from offline multilingual models shipped in PyPI packages (USE v3, e5-small),
  on the text and on its content-word lemmas, TF-IDF as fallback, with a cache so a text is embedded once;
  `session_space` centres them on a session's cards and places theme names in the same space.
- `clustering`: deterministic consensus clustering and the choice of the number of groups (`k_range`).
- `grouping`: `group_texts`: groups with readable names, key terms, typical members, second memberships
  and a "does not fit" set, keeping what people decided (`HumanGroup`).
- `suggest`: `Suggester`: up to three themes per card with calibrated confidence ("waarschijnlijk" or
  "weet niet"), updated at once by every placement and theme name, and the order of cards to place.
- `calibration`: the fitted confidence model; `python -m sensemaking.calibration` refits it on shared data.
- `stacking`: `stacks`: cards that say the same thing, stacked (people can take one off).
- `placement`: `place`: proposals for every card after people placed a few per theme (seeded k-means).
- `keyterms`: class-based TF-IDF on lemmas, and names from a group's most typical card.
- `patterns`: `pattern_statements`: tested, corrected, neutral Dutch statements on answers.
- `trials`: simulated sessions on a labelled file (the room plays the labels).
- `evaluate`: `python -m sensemaking.evaluate PATH.tsv` prints the figures for a labelled file.
"""
