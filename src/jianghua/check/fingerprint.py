"""K-character hashes and winnowing, vectorised with numpy.

Winnowing (Schleimer, Wilkerson & Aiken 2003) keeps, in every window of W consecutive K-gram hashes,
the smallest one. Any passage of W + K - 1 = 13 key characters shared by two texts contains one
whole window, whose minimum both texts keep: so a library speech sharing >= 13 characters with a
draft always shares a kept fingerprint with it, while only ~2/(W+1) of its K-grams are stored.
"""

from __future__ import annotations

import numpy as np

K = 8
W = 6
GUARANTEE = W + K - 1  # shared passages at least this long are always found

_P = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_NONE = np.uint64(0xFFFFFFFF)  # above every hash (they stop at 0xFFFFFFFE): never a minimum


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: numpy 2's hash-based np.unique is ~10x slower on millions of uint64."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def codes(key: str) -> np.ndarray:
    return np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def kgram_hashes(points: np.ndarray) -> np.ndarray:
    """32-bit hash (as uint64, at most 0xFFFFFFFE) of every K-gram of the code points; len(points) - K + 1 of them."""
    n = len(points) - K + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(K):
            h *= _P
            h += points[t : t + n]
        # splitmix64 finaliser: the polynomial hash's low bits alone are poorly mixed
        h ^= h >> np.uint64(30)
        h *= _M1
        h ^= h >> np.uint64(27)
        h *= _M2
        h ^= h >> np.uint64(31)
    return np.minimum(h & np.uint64(0xFFFFFFFF), np.uint64(0xFFFFFFFE))


def winnow(hashes: np.ndarray, windows: np.ndarray | None = None) -> np.ndarray:
    """Positions kept by winnowing (the leftmost minimum of every window of W hashes), from the
    windows whose start is True in `windows` if given."""
    n = len(hashes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n < W:
        return np.array([int(np.argmin(hashes))], dtype=np.int64)
    if n >= 1 << 32:
        raise ValueError("winnow: more than 2**32 hashes in one batch")
    starts = n - W + 1
    # (hash << 32 | position): the window minimum of these is the leftmost smallest hash
    keyed = (hashes << np.uint64(32)) | np.arange(n, dtype=np.uint64)
    low = keyed[:starts].copy()
    for t in range(1, W):
        np.minimum(low, keyed[t : t + starts], out=low)
    kept = (low & np.uint64(0xFFFFFFFF)).astype(np.int64)
    if windows is not None:
        kept = kept[windows]
    mask = np.zeros(n, dtype=bool)  # a mask, not np.unique: no sort needed
    mask[kept] = True
    return np.nonzero(mask)[0]


def batch_fingerprints(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, document index) of the kept fingerprints of many keys, deduplicated per document
    and sorted by (hash, document).

    The keys are hashed as one concatenation; K-grams and windows that straddle two documents are
    ignored, so each document keeps exactly what it would keep alone (a key shorter than
    W + K - 1 keeps nothing: it cannot share a passage of 13 characters).
    """
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    points = codes("".join(keys))
    hashes = kgram_hashes(points)
    if not len(hashes):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    doc = np.repeat(np.arange(len(keys)), lengths)[: len(hashes)]
    valid = np.arange(len(hashes)) + K <= bounds[doc + 1]
    hashes = np.where(valid, hashes, _NONE)
    if len(hashes) < W:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    # only windows inside one document: what a speech keeps must not depend on its neighbours
    # in the batch (the baseline and later updates batch differently)
    starts = np.arange(len(hashes) - W + 1)
    inside = valid[starts] & valid[starts + W - 1] & (doc[starts] == doc[starts + W - 1])
    kept = winnow(hashes, inside)
    pairs = sorted_unique((hashes[kept] << np.uint64(32)) | doc[kept].astype(np.uint64))
    return pairs >> np.uint64(32), (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
