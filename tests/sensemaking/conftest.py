from pathlib import Path

import pytest

from sensemaking.evaluate import read_tsv
from sensemaking.vectors import VectorCache, model_blocks

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def vector_cache():
    """One in-memory cache for the session: a text is embedded once however many tests read it."""
    return VectorCache()


@pytest.fixture(scope="session")
def heldout():
    """Our own labelled Dutch texts (8 themes, 10 each), written apart from the shared tuning files."""
    return read_tsv(DATA / "heldout_nl.tsv")


@pytest.fixture(scope="session")
def small_set(heldout, vector_cache):
    """Four clearly different themes, 40 texts, with their vectors computed once for the session."""
    texts, cats = heldout
    keep = [i for i, c in enumerate(cats) if c in {"wachtlijst", "scheiding", "online", "lichamelijk"}]
    texts = [texts[i] for i in keep]
    cats = [cats[i] for i in keep]
    return texts, cats, model_blocks(texts, cache=vector_cache)
