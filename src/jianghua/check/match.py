"""From shared passages to a report: exact runs, edited chains, common formulations.

Everything here works on keys (`keys.py`) and is shared by the indexed check and the naive
baseline, so the two differ only in how they find the exact runs.

  run     a maximal exact passage D[a:b] == S[c:d] of the draft key D and a speech key S, b - a >= m
  chain   runs of one speech joined across small edits: from each run, extend right and left past a
          gap of at most GAP key characters on each side when the next ANCHOR characters match
          again, then exactly as far as they go; a chain that bridged a gap is `edited`
  common  a draft key position covered by exact runs of at least `common` different near-duplicate
          families. A chain whose exact runs have fewer than m positions outside the common
          positions is a stock formulation (perhaps with chance matches around it), not copying;
          the common positions not inside a copying chain are reported as common spans.
  stock   a draft key position inside a K-gram that more than STOCK_SPEECHES speeches keep as a
          fingerprint (a stock phrase such as 把党的政治建设摆在首位, even one shorter than m):
          it never counts towards copying either, so an 11-character formula plus two chance
          characters is not reported as copied from whichever speech has them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from jianghua.check.fingerprint import K, codes, kgram_hashes, sorted_unique

GAP = 10
ANCHOR = 5
COMMON_FAMILIES = 5
STOCK_SPEECHES = 48
_FILTER_SIZE = 1 << 24


class Coverage:
    """How many different families have an exact run covering each draft key position."""

    def __init__(self, n: int):
        self.count = np.zeros(n, dtype=np.int32)
        self._by_family: dict[str, np.ndarray] = {}

    def add(self, family: str, a: int, b: int) -> None:
        mine = self._by_family.get(family)
        if mine is None:
            mine = self._by_family[family] = np.zeros(len(self.count), dtype=bool)
        self.count[a:b] += ~mine[a:b]
        mine[a:b] = True

    def add_found(self, found: Found, docs) -> None:
        for doc in docs:
            for r in found.runs[doc]:
                self.add(found.families[doc], r.a, r.b)


@dataclass(frozen=True, order=True)
class Run:
    a: int
    b: int
    c: int
    d: int


@dataclass(frozen=True)
class Chain:
    doc: str  # speech id
    a: int
    b: int
    c: int
    d: int
    edited: bool


class DraftSeeds:
    """The draft key's K-gram hashes, to find seeds in a speech key."""

    def __init__(self, key: str):
        self.key = key
        self.hashes = kgram_hashes(codes(key))
        self.positions: dict[int, list[int]] = defaultdict(list)
        for i, h in enumerate(self.hashes.tolist()):
            self.positions[h].append(i)
        self.distinct = sorted_unique(self.hashes)
        # a 2**24-bit filter on the hashes' low bits: most K-grams of a speech are rejected by one
        # vectorised gather, only the few that pass are binary-searched
        self.filter = np.zeros(_FILTER_SIZE, dtype=bool)
        self.filter[self.distinct & np.uint64(_FILTER_SIZE - 1)] = True


def exact_runs(seeds: DraftSeeds, s: str, m: int) -> list[Run]:
    """Every maximal exact passage of >= m (>= K) key characters shared by the draft and `s`."""
    d_key = seeds.key
    sh = kgram_hashes(codes(s))
    if not len(sh) or not len(seeds.distinct):
        return []
    maybe = np.nonzero(seeds.filter[sh & np.uint64(_FILTER_SIZE - 1)])[0]
    at = np.minimum(np.searchsorted(seeds.distinct, sh[maybe]), len(seeds.distinct) - 1)
    hit = maybe[seeds.distinct[at] == sh[maybe]]
    runs: set[Run] = set()
    done: dict[int, list[tuple[int, int]]] = defaultdict(list)  # diagonal → draft intervals found
    shl = sh.tolist()
    for j in hit.tolist():
        for i in seeds.positions[shl[j]]:
            diag = j - i
            if any(a <= i < b for a, b in done[diag]):
                continue
            if d_key[i : i + K] != s[j : j + K]:
                continue  # hash collision
            a, c = i, j
            while a > 0 and c > 0 and d_key[a - 1] == s[c - 1]:
                a -= 1
                c -= 1
            b, d = i + K, j + K
            while b < len(d_key) and d < len(s) and d_key[b] == s[d]:
                b += 1
                d += 1
            done[diag].append((a, b))
            if b - a >= m:
                runs.add(Run(a, b, c, d))
    return sorted(runs)


def _anchor(d_key: str, s: str, b: int, d: int, step: int) -> tuple[int, int] | None:
    """The nearest (gap in draft, gap in speech) after (step=1) or before (step=-1) the
    positions b, d where ANCHOR characters match again, smallest total gap first."""
    for total in range(1, 2 * GAP + 1):
        for gd in range(max(0, total - GAP), min(GAP, total) + 1):
            gs = total - gd
            if step > 0:
                i, j = b + gd, d + gs
                if i + ANCHOR <= len(d_key) and j + ANCHOR <= len(s):
                    if d_key[i : i + ANCHOR] == s[j : j + ANCHOR]:
                        return gd, gs
            else:
                i, j = b - gd, d - gs
                if i - ANCHOR >= 0 and j - ANCHOR >= 0:
                    if d_key[i - ANCHOR : i] == s[j - ANCHOR : j]:
                        return gd, gs
    return None


def chains(doc: str, d_key: str, s: str, runs: list[Run]) -> list[Chain]:
    """Join the runs of one speech across small edits (see module docstring)."""
    out: list[Chain] = []
    for r in sorted(runs):
        if any(ch.a <= r.a and r.b <= ch.b and ch.c <= r.c and r.d <= ch.d for ch in out):
            continue
        a, b, c, d = r.a, r.b, r.c, r.d
        edited = False
        while (gap := _anchor(d_key, s, b, d, 1)) is not None:
            b, d = b + gap[0], d + gap[1]
            while b < len(d_key) and d < len(s) and d_key[b] == s[d]:
                b += 1
                d += 1
            edited = True
        while (gap := _anchor(d_key, s, a, c, -1)) is not None:
            a, c = a - gap[0], c - gap[1]
            while a > 0 and c > 0 and d_key[a - 1] == s[c - 1]:
                a -= 1
                c -= 1
            edited = True
        out.append(Chain(doc, a, b, c, d, edited))
    return out


@dataclass
class Found:
    """What a search found: exact runs per speech, with the speeches' keys and families."""

    runs: dict[str, list[Run]]
    keys: dict[str, str]
    families: dict[str, str]
    # draft key positions inside a K-gram kept as a fingerprint by more than STOCK_SPEECHES
    # speeches (None: no such K-gram)
    stock: np.ndarray | None = None


@dataclass(frozen=True)
class Segment:
    """A reported passage in key positions: copying from `doc` or a common formulation."""

    a: int
    b: int
    doc: str
    c: int
    d: int
    common: bool
    edited: bool


def stock_positions(hashes: np.ndarray, stock_hashes: np.ndarray, n: int) -> np.ndarray | None:
    """Draft key positions covered by a K-gram whose hash is in the sorted `stock_hashes`."""
    if not len(stock_hashes):
        return None
    at = np.minimum(np.searchsorted(stock_hashes, hashes), len(stock_hashes) - 1)
    mask = np.zeros(n, dtype=bool)
    for i in np.nonzero(stock_hashes[at] == hashes)[0].tolist():
        mask[i : i + K] = True
    return mask


def classify(
    found: Found, d_key: str, m: int, common: int = COMMON_FAMILIES
) -> tuple[list[Segment], np.ndarray]:
    """Reported segments (copying chains, then common spans) and the common-position mask."""
    n = len(d_key)
    coverage = Coverage(n)
    coverage.add_found(found, sorted(found.runs))
    is_common = coverage.count >= common
    copying: list[Segment] = []
    covered = np.zeros(n, dtype=bool)
    for doc in sorted(found.runs):
        for ch in _outermost(chains(doc, d_key, found.keys[doc], found.runs[doc])):
            # copying needs >= m characters of the speech's exact runs outside stock formulations:
            # bridged gaps and short pieces found while extending never count on their own
            exact = np.zeros(n, dtype=bool)
            for r in found.runs[doc]:
                if ch.a <= r.a and r.b <= ch.b and ch.c <= r.c and r.d <= ch.d:
                    exact[r.a : r.b] = True
            own = exact & ~is_common
            if found.stock is not None:
                own &= ~found.stock
            own = int(own.sum())
            if own >= m:
                copying.append(Segment(ch.a, ch.b, doc, ch.c, ch.d, False, ch.edited))
                covered[ch.a : ch.b] = True
    segments = sorted(copying, key=lambda s: (s.a, s.b, s.doc, s.c))
    rest = is_common & ~covered
    p = 0
    while p < n:
        if not rest[p]:
            p += 1
            continue
        q = p
        while q < n and rest[q]:
            q += 1
        segments.append(_representative(found, p, q))
        p = q
    segments.sort(key=lambda s: (s.a, s.b, s.common, s.doc, s.c))
    return segments, is_common


def _outermost(found: list[Chain]) -> list[Chain]:
    """Drop a chain whose draft passage lies inside a longer chain of the same speech (the
    passage repeated elsewhere in that speech adds nothing to the report)."""
    ordered = sorted(found, key=lambda ch: (ch.a, -(ch.b - ch.a), ch.c))
    kept: list[Chain] = []
    for ch in ordered:
        if not any(k.a <= ch.a and ch.b <= k.b for k in kept):
            kept.append(ch)
    return kept


def _representative(found: Found, p: int, q: int) -> Segment:
    """A common span [p, q) with the speech whose run overlaps it most (then the smallest id)."""
    best = None
    for doc in sorted(found.runs):
        for r in found.runs[doc]:
            overlap = min(q, r.b) - max(p, r.a)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, doc, r)
    assert best is not None
    _, doc, r = best
    lo, hi = max(p, r.a), min(q, r.b)
    return Segment(p, q, doc, r.c + (lo - r.a), r.c + (hi - r.a), True, False)
