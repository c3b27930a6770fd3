import numpy as np

from sensemaking import vectors
from sensemaking.vectors import VectorCache, embed_cached, text_vectors


class CountingEmbedder:
    name = "counting"

    def __init__(self):
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), t.count("e"), 1.0] for t in texts], dtype=np.float32)


def test_a_text_is_embedded_once(tmp_path):
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path / "vectors.sqlite")
    first = embed_cached(embedder, ["een", "twee", "een"], cache)
    again = embed_cached(embedder, ["twee", "drie"], cache)
    assert embedder.seen == ["een", "twee", "drie"]
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[1], again[0])
    # A new process reads the file instead of embedding again.
    fresh = VectorCache(tmp_path / "vectors.sqlite")
    other = CountingEmbedder()
    assert np.array_equal(embed_cached(other, ["een", "drie"], fresh), np.vstack([first[0], again[1]]))
    assert other.seen == []


def test_models_are_chosen_by_size():
    have = vectors.available_models()
    assert "use" in have and "e5q" in have
    assert vectors.choose_models(100) == have
    assert vectors.choose_models(vectors.SMALL_SET + 1) == ["use"]
    assert vectors.choose_models(10, "tfidf") == ["tfidf"]


def test_vectors_are_unit_rows_and_similar_texts_are_close():
    texts = [
        "Hij stond een jaar op de wachtlijst voor therapie.",
        "Ze wachtte maanden op een plek bij de jeugd-ggz.",
        "Het voetbalteam won de finale met drie doelpunten.",
    ]
    for content, width in ((False, 512), (True, 1024)):
        # With the content-word view the model reads every text twice: as written and as its lemmas.
        v = text_vectors(texts, "use", content=content)
        assert v.shape == (3, width)
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
        sims = v @ v.T
        assert sims[0, 1] > sims[0, 2]


def test_tfidf_fallback_works_without_models():
    texts = ["school en pesten", "pesten op school", "wachtlijst voor zorg", "zorg en wachtlijst"]
    v = text_vectors(texts, "tfidf")
    assert v.shape[0] == 4
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2]


def test_a_session_space_places_names_with_the_cards_centre():
    from sensemaking.vectors import session_space

    texts = [
        "Hij stond een jaar op de wachtlijst voor therapie.",
        "Ze wachtte maanden op een plek bij de jeugd-ggz.",
        "Het voetbalteam won de finale met drie doelpunten.",
        "Na school ging hij elke dag naar de voetbalclub.",
    ]
    for models in ("use", "tfidf"):
        space = session_space(texts, models)
        # A card's own text lands on its own row: names are measured against the same centre.
        again = space.project(texts[:2])
        assert np.allclose(again, space.vectors[:2], atol=1e-5)
        name = space.project(["wachtlijst"])[0]
        sims = space.vectors @ name
        assert sims[0] > sims[2] and sims[0] > sims[3]
    assert space.views == [("tfidf", False)]
    assert session_space(texts, "use").views == [("use", False), ("use", True)]


def test_other_languages_stay_with_their_dutch_theme(small_set, vector_cache):
    from sensemaking.vectors import session_space

    texts, cats, _blocks = small_set
    others = [
        ("We were on the waiting list for nine months before anyone saw our son.", "wachtlijst"),
        ("Après le divorce, elle devait changer de maison chaque semaine.", "scheiding"),
        ("Okulda sosyal medyada onunla dalga geçtiler ve fotoğraflarını paylaştılar.", "online"),
        ("Der Kinderarzt hat seine Schmerzen monatelang nicht ernst genommen.", "lichamelijk"),
    ]
    space = session_space(texts + [t for t, _c in others], cache=vector_cache)
    assert len(space.views) == 4  # the content-word view is on
    z = space.vectors / np.linalg.norm(space.vectors, axis=1, keepdims=True)
    themes = sorted(set(cats))
    centres = np.stack([z[[i for i, c in enumerate(cats) if c == theme]].mean(axis=0) for theme in themes])
    for j, (_text, theme) in enumerate(others):
        assert themes[int(np.argmax(centres @ z[len(texts) + j]))] == theme
