"""Clustering on vectors: deterministic, with the number of groups given or chosen.

Small sets (a session's stories or observations) use a consensus of several clusterings: spectral
clustering on whitened projections of the models' joined vectors, with several numbers of dimensions
and of neighbours, combined through how often two texts end up together. Single runs swing by
0.05-0.10 ARI with those two settings; their consensus is steadier and rarely worse than the best
single run (k-means members and per-model views made it worse in trials). Large sets use k-means."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans, SpectralClustering
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

CONSENSUS_MAX = 3000
SILHOUETTE_SAMPLE = 1500
SEED = 0


def single_threaded():
    """Many short runs: OpenMP's two spinning threads made one small k-means 50-100 times slower here
    when other work shared the cores, while one thread loses little on sizes like these."""
    return threadpool_limits(1)


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def project(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Principal components, half-whitened (divided by the square root of their spread), normalised.

    Whitening keeps a few dominant directions (length, style) from drowning the topical ones; full
    whitening also blows noise directions up to the size of real ones and lost clearly separated
    groups in trials, half-whitening kept both."""
    n, width = vectors.shape
    dims = max(1, min(dims, n - 1, width))
    if dims < 2:
        return normalise(vectors)
    solver = "full" if n <= 5000 else "randomized"
    pca = PCA(dims, random_state=SEED, svd_solver=solver)
    reduced = pca.fit_transform(vectors)
    spread = np.sqrt(np.maximum(pca.explained_variance_, 1e-12))
    return normalise(reduced / np.sqrt(spread))


CONSENSUS_DIMS = (8, 10, 12, 14, 16)
# Neighbours in the graph, as shares of the square root of the expected group size n / k: a graph with a
# fixed 10-30 neighbours joins whole groups of ten texts to each other, and the same counts are too few
# for 1,000 texts in 7 groups. Measured (k given, ARI of the consensus): 99 sentences 0.11 -> 0.22, our
# held-out check set 0.21 -> 0.25, 701 sentences unchanged (0.41).
CONSENSUS_NEIGHBOURS = (0.5, 0.75, 1.0, 1.5)
MIN_NEIGHBOURS = 3
CHOOSE_NEIGHBOURS = 15


def _dims(n: int) -> list[int]:
    return sorted({max(2, min(d, n // 4)) for d in CONSENSUS_DIMS})


def neighbour_counts(n: int, k: int) -> list[int]:
    """The numbers of neighbours the consensus uses for n texts in k groups."""
    size = np.sqrt(n / max(k, 1))
    return sorted({max(MIN_NEIGHBOURS, int(round(size * share))) for share in CONSENSUS_NEIGHBOURS})


def _spectral(z: np.ndarray, k: int, neighbours: int = 15) -> np.ndarray:
    neighbours = max(2, min(neighbours, len(z) // max(k, 1), len(z) - 1))
    with warnings.catch_warnings():
        # A graph that is not fully connected still clusters; the warning says nothing useful here.
        warnings.simplefilter("ignore")
        model = SpectralClustering(
            k,
            affinity="nearest_neighbors",
            n_neighbors=neighbours,
            random_state=SEED,
            assign_labels="cluster_qr",
        )
        return model.fit_predict(z)


def _kmeans(z: np.ndarray, k: int, n_init: int | None = None) -> np.ndarray:
    if n_init is not None:
        return KMeans(k, random_state=SEED, n_init=n_init).fit_predict(z)
    if len(z) > 20000:
        return MiniBatchKMeans(k, random_state=SEED, n_init=3, batch_size=4096).fit_predict(z)
    return KMeans(k, random_state=SEED, n_init=4 if len(z) > CONSENSUS_MAX else 10).fit_predict(z)


def co_association(vectors: np.ndarray, k: int) -> np.ndarray:
    """Share of clusterings in which two texts are in one group."""
    n = len(vectors)
    together = np.zeros((n, n), dtype=np.float32)
    runs = 0
    for dims in _dims(n):
        z = project(vectors, dims)
        for neighbours in sorted({max(2, min(nb, n // max(k, 1), n - 1)) for nb in neighbour_counts(n, k)}):
            labels = _spectral(z, k, neighbours)
            together += labels[:, None] == labels[None, :]
            runs += 1
    return together / runs


def cluster(blocks: Sequence[np.ndarray], k: int) -> np.ndarray:
    """Labels 0..k-1 for the rows; `blocks` are the same texts seen by one or more models."""
    with single_threaded():
        return _cluster(blocks, k)


def _cluster(blocks: Sequence[np.ndarray], k: int) -> np.ndarray:
    n = len(blocks[0])
    if k <= 1 or n <= k:
        return np.zeros(n, dtype=int) if k <= 1 else np.arange(n) % max(k, 1)
    if n > CONSENSUS_MAX:
        return _kmeans(project(np.hstack(blocks), 16), k)
    together = co_association(np.hstack(blocks), k)
    labels = AgglomerativeClustering(k, metric="precomputed", linkage="average").fit_predict(1 - together)
    return canonical(labels)


def canonical(labels: np.ndarray) -> np.ndarray:
    """Renumber groups by size (largest first), ties by first member, so equal input gives equal ids."""
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], first[i]))
    mapping = {ids[i]: rank for rank, i in enumerate(order)}
    return np.array([mapping[v] for v in labels], dtype=int)


def k_range(n: int) -> tuple[int, int]:
    """The numbers of groups the automatic choice may pick for n texts: a range that fits a session.

    People work with a handful of themes: 40 cards give 5 to 10, never 2 (which told a room nothing
    new), and no collection gets more than 12 (many tiny groups move the work of grouping back to
    people). Measured with the content-word view (choice within the range): observations (96, 8 themes)
    chose 10, ARI 0.065 -> 0.194; sib200 dev (99, 7) 6, 0.182 -> 0.211; sib200 train (701, 7) 6,
    0.333 -> 0.439; 40-card sets drawn from the observations chose 5 to 10."""
    k_min = max(2, min(5, n // 8))
    return k_min, max(k_min, min(12, n // 4))


def choose_k(blocks: Sequence[np.ndarray], k_min: int | None = None, k_max: int | None = None) -> int:
    """The number of groups after the largest rise in cosine silhouette of spectral clustering, within
    `k_range` unless a range is given."""
    with single_threaded():
        return _choose_k(blocks, k_min, k_max)


def _choose_k(blocks: Sequence[np.ndarray], k_min: int | None, k_max: int | None) -> int:
    n = len(blocks[0])
    if n < 6:
        return 1
    low, high = k_range(n)
    k_min = low if k_min is None else k_min
    k_max = min(high if k_max is None else k_max, n - 1)
    k_min = min(k_min, k_max)
    z = project(np.hstack(blocks), 12)
    sample = z
    if n > SILHOUETTE_SAMPLE:
        # A fixed random sample: the silhouette costs n^2, and 1,500 texts show the shape well enough.
        sample = z[np.sort(np.random.default_rng(SEED).choice(n, SILHOUETTE_SAMPLE, replace=False))]
    scores: dict[int, float] = {}
    # One below the range too: a rise into the smallest allowed number is a rise like any other.
    for k in range(max(2, k_min - 1), k_max + 1):
        # A fixed number of neighbours here: with the consensus's counts (which follow k) the silhouette
        # curves of different k describe different graphs, and the choice got worse in trials.
        labels = (
            _spectral(sample, k, CHOOSE_NEIGHBOURS) if n <= CONSENSUS_MAX else _kmeans(sample, k, n_init=1)
        )
        if len(set(labels)) >= 2:
            scores[k] = float(silhouette_score(sample, labels, metric="cosine"))
    if not scores:
        return k_min
    # The silhouette of sentence vectors keeps creeping up with more groups, so its maximum says
    # little; the number of groups after its largest rise is where the texts' structure shows.
    rises = {k: scores[k] - scores[k - 1] for k in scores if k - 1 in scores and k >= k_min}
    if rises and max(rises.values()) > 0:
        return max(rises, key=lambda k: (rises[k], -k))
    return max((k for k in scores if k >= k_min), key=lambda k: (scores[k], -k), default=k_min)
