"""Exact copies and near-duplicate families.

Exact copies: texts equal after removing punctuation, spaces and case (`dedup_key`) are one speech.
Near duplicates: containment of 8-character shingles, |A ∩ B| / min(|A|, |B|), so that a shortened
copy inside a longer one counts. Measured on the seeds (bench/README has the table): the one true
near-duplicate pair (seed 000 lines 88-92, the 4-paragraph copy masked with "x", and seed 003, the
文库 copy with digits kept) has containment 0.77; the highest pair of different speeches (seed 000
line 293 and seed 001 line 519, two environment speeches sharing stock paragraphs) has 0.12. The
threshold is 0.5, far from both.

To find candidates without comparing every pair, each speech keeps a sample of its shingle hashes:
those with hash % SAMPLE == 0 (mod-p sampling keeps containment estimates unbiased). The library
stores the samples in an index and looks up only speeches that share samples. A sample shared by
more than MAX_SHARED speeches is a stock formulation ("以习近平同志为核心的党中央"), not evidence
of copying: it is not looked up, which keeps the work per speech constant as the library grows.
Texts shorter than MIN_CHARS (page fragments, lists of links) never join a family: containment in
a 30-character fragment says nothing, and such fragments chained unrelated speeches in the bench.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE = 8
# One shingle in 16: a 200-character speech still has ~12 samples, a near copy (containment
# >= 0.5) shares about half of them, and the index costs half of what 1 in 8 did (the store's
# CPU time on the 5 MB bench: 1.24 s at 8, 0.79 s at 16).
SAMPLE = 16
assert SAMPLE & (SAMPLE - 1) == 0, "samples() takes h % SAMPLE as a bit mask"
THRESHOLD = 0.5
CANDIDATE = 0.25  # estimated containment worth an exact check
MIN_CHARS = 200
MAX_SHARED = 8
# Speeches run to a few ten thousand characters; a pathological page (one 20 MB line) is compared on
# its first 200,000 characters so that memory stays bounded.
MAX_CHARS = 200_000

_NOT_WORD = re.compile(r"[\W_]+")


def key_by_regex(text: str) -> str:
    """The text with punctuation, spaces and case removed: the rule dedup_key follows."""
    return _NOT_WORD.sub("", text).lower()


_KEEP: np.ndarray | None = None  # per BMP code point: is it a word character (kept in the key)
_LOWER: np.ndarray | None = None  # its lower case, or 0 when str.lower() of it is not 1 char


def _tables() -> tuple[np.ndarray, np.ndarray]:
    global _KEEP, _LOWER
    if _KEEP is None:
        chars = [chr(c) for c in range(0x10000)]
        text = "".join(c if 0xD800 > ord(c) or ord(c) > 0xDFFF else " " for c in chars)
        kept = _NOT_WORD.sub("", text)  # the key's own rule, applied once to every char
        keep = np.zeros(0x10000, dtype=bool)
        keep[[ord(c) for c in kept]] = True
        lower = np.zeros(0x10000, dtype=np.uint32)
        for c in kept:
            low = c.lower()
            if len(low) == 1 and c != "\u03a3":  # capital sigma lowers by context (final ς)
                lower[ord(c)] = ord(low)
        _KEEP, _LOWER = keep, lower
    return _KEEP, _LOWER


def dedup_key(text: str) -> str:
    """The text with punctuation, spaces and case removed: equal keys are the same speech.

    key_by_regex's rule, applied with per-code-point numpy tables made from that rule (half the
    time of the regex on speech texts); texts with characters the tables cannot decide (outside
    the BMP, context-dependent lower case) go to key_by_regex itself."""
    keep, lower = _tables()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and codes.max() > 0xFFFF:
        return key_by_regex(text)
    codes = lower[codes[keep[codes]]]
    if codes.size and not codes.all():
        return key_by_regex(text)
    return codes.tobytes().decode("utf-32-le")


def speech_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def shingles(key: str, k: int = SHINGLE) -> set[str]:
    """The k-character shingles of a key, for exact containment within one process."""
    key = key[:MAX_CHARS]
    if len(key) < k:
        return {key} if key else set()
    return {key[i : i + k] for i in range(len(key) - k + 1)}


# A polynomial hash of the k code points of each shingle, h_i = sum_j c[i+j] * B^(k-1-j) mod 2^64
# (uint64 arithmetic wraps, which is the modulus), then mixed so that every bit depends on every
# character. All shingles at once from prefix sums: with P[m] = sum_{t<m} c[t] * B^-t (B is odd, so
# invertible mod 2^64), h_i = (P[i+k] - P[i]) * B^(i+k-1): four passes over the text whatever k is,
# instead of 2k. Hashing 8-character strings one by one with crc32 was a third of the time a worker
# spent on a page.
_BASE = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_POWERS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _powers(k: int) -> tuple[np.ndarray, np.ndarray]:
    """(B^-t, B^(t+k-1)) for t < MAX_CHARS, as uint64."""
    if k not in _POWERS:
        inverse = np.uint64(pow(int(_BASE), -1, 2**64))
        down = np.full(MAX_CHARS, inverse, dtype=np.uint64)
        down[0] = 1
        up = np.full(MAX_CHARS, _BASE, dtype=np.uint64)
        up[0] = pow(int(_BASE), k - 1, 2**64)
        _POWERS[k] = (np.cumprod(down), np.cumprod(up))
    return _POWERS[k]


def shingle_hashes(key: str, k: int = SHINGLE) -> np.ndarray:
    """Stable 32-bit hashes of every k-character shingle of `key` (first MAX_CHARS characters),
    in text order; the same shingle always gets the same hash, in any process."""
    codes = np.frombuffer(key[:MAX_CHARS].encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    down, up = _powers(k)
    prefix = np.empty(len(codes) + 1, dtype=np.uint64)
    prefix[0] = 0
    np.cumsum(codes * down[: len(codes)], out=prefix[1:])
    h = prefix[k:] - prefix[:n]
    h *= up[:n]
    h ^= h >> np.uint64(29)
    h *= _MIX
    h ^= h >> np.uint64(32)
    h &= np.uint64(0xFFFFFFFF)
    return h


def samples(key: str) -> np.ndarray:
    """Stable hashes of a 1/SAMPLE sample of the key's shingles, sorted, each once."""
    h = shingle_hashes(key)
    return np.unique(h[(h & np.uint64(SAMPLE - 1)) == 0])  # SAMPLE is a power of two


def fingerprints(key: str) -> set[int]:
    """samples() as a set, for the library's index."""
    return set(samples(key).tolist())


def shingle_set(key: str) -> np.ndarray:
    """The distinct shingle hashes of a key, sorted: containment in C instead of sets of strings
    (32-bit hashes of a few ten thousand shingles collide too rarely to move a ratio)."""
    h = np.sort(shingle_hashes(key))
    return h[np.concatenate(([True], h[1:] != h[:-1]))] if h.size else h


def set_containment(a: np.ndarray, b: np.ndarray) -> float:
    """containment() of two shingle_set()s."""
    if not a.size or not b.size:
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / min(a.size, b.size)


def containment(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def canonical_rank(chars: int, placeholders: int) -> float:
    """Higher is better: the most complete, least masked member leads its family."""
    return chars - 20 * placeholders


def speech_fingerprints(text: str) -> tuple[int, ...]:
    """The samples the library indexes for a speech's text (none for short texts), sorted."""
    return key_fingerprints(dedup_key(text))


def key_fingerprints(key: str) -> tuple[int, ...]:
    """speech_fingerprints of the text whose dedup_key is `key`. A tuple, not a set: it crosses
    from a worker process to the store, which wants them sorted, and a set cost as much to build
    as the samples themselves."""
    return tuple(samples(key).tolist()) if len(key) >= MIN_CHARS else ()
