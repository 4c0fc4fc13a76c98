"""From shared passages to a report: exact runs, edited chains, common formulations.

Everything here works on keys (`keys.py`) and is shared by the indexed check and the naive
baseline, so the two differ only in how they find the exact runs.

  run     a maximal exact passage D[a:b] == S[c:d] of the draft key D and a speech key S, b - a >= m;
          a `short` run (seed) has K <= b - a < m key characters
  chain   the alignment of a passage: runs and seeds of one speech joined across substitutions,
          insertions and deletions. From each run or seed, extend right and left past a gap of at
          most GAP key characters on each side when the next ANCHOR characters match again, then
          exactly as far as they go; a chain that bridged a gap is `edited`, its identity is the
          share of its characters that matched. So a passage with one character in ten changed
          (exact pieces of 9-12 characters, no run of m) is one chain of ~90 % identity.
  copying a chain of >= MIN_LENGTH key characters and >= MIN_IDENTITY identity whose runs and seeds
          hold >= m positions outside common, stock and formulation positions (bridged gaps and
          short pieces found while extending never count on their own)
  common  a draft key position covered by exact runs of at least `common` different near-duplicate
          families, or by runs of at most SHORT_COMMON_CHARS characters of at least SHORT_COMMON
          families, or of at most BRIEF_COMMON_CHARS of BRIEF_COMMON families (a stock phrase of
          13-47 characters is common in a library of any size: 以习近平同志为核心的党中央 needs
          only two families holding it as a phrase, not five or 48 speeches). A chain
          whose runs have fewer than m positions outside the common positions is a stock
          formulation (perhaps with chance matches around it), not copying; the common positions
          not inside a copying chain are reported as common spans, and so are the formulations of
          the 提法 lexicon (`formula` positions) that some speech shares with the draft.
  stock   a draft key position inside a K-gram that more than STOCK_SPEECHES speeches keep as a
          fingerprint (a stock phrase such as 把党的政治建设摆在首位, even one shorter than m):
          it never counts towards copying either, so an 11-character formula plus two chance
          characters is not reported as copied from whichever speech has them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from jianghua.check.fingerprint import K, codes, kgram_hashes, sorted_unique

GAP = 10
ANCHOR = 5
COMMON_FAMILIES = 5
SHORT_COMMON = 3
SHORT_COMMON_CHARS = 48
BRIEF_COMMON = 2  # a clause of <= BRIEF_COMMON_CHARS shared by two families is a stock phrase
BRIEF_COMMON_CHARS = 18
STOCK_SPEECHES = 48
# measured on bench/data/check_drafts.json (bench/check_accuracy.py): the labelled passages with one
# character in 10-13 changed align at 0.91-0.94, synonyms at >= 0.85; at 0.7 a statistics sentence
# of another report (国内生产总值达到…比上年增长) aligned at 0.72 with original text. The shortest
# labelled passage has 40 characters.
MIN_IDENTITY = 0.8
MIN_LENGTH = 20
SEED_OWN = 2  # an alignment of seeds only needs 2 * m of their characters outside formulations
_FILTER_SIZE = 1 << 24


class Coverage:
    """How many different families have an exact run covering each draft key position."""

    def __init__(self, n: int):
        self.count = np.zeros(n, dtype=np.int32)
        self.short = np.zeros(n, dtype=np.int32)  # the same, by runs of <= SHORT_COMMON_CHARS
        self.brief = np.zeros(n, dtype=np.int32)  # and by runs of <= BRIEF_COMMON_CHARS
        self._seen: list[dict[str, np.ndarray]] = [{}, {}, {}]

    def add(self, family: str, a: int, b: int) -> None:
        counts = (
            (self.count, None),
            (self.short, SHORT_COMMON_CHARS),
            (self.brief, BRIEF_COMMON_CHARS),
        )
        for (count, longest), seen in zip(counts, self._seen, strict=True):
            if longest is not None and b - a > longest:
                continue
            mine = seen.get(family)
            if mine is None:
                mine = seen[family] = np.zeros(len(self.count), dtype=bool)
            count[a:b] += ~mine[a:b]
            mine[a:b] = True

    def common(self, families: int) -> np.ndarray:
        return (
            (self.count >= families)
            | (self.short >= min(families, SHORT_COMMON))
            | (self.brief >= min(families, BRIEF_COMMON))
        )

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
    matched: int = 0  # key characters of the chain that match exactly
    # the exact blocks (draft start, speech start, length) of the alignment, by draft start
    blocks: tuple[tuple[int, int, int], ...] = ()

    @property
    def identity(self) -> float:
        return self.matched / max(self.b - self.a, self.d - self.c, 1)


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
    # diagonal → the last draft interval found on it: hits come by increasing speech position,
    # so on one diagonal by increasing draft position, and a hit inside a run found already is
    # inside the last one (a passage with 900 changes has 900 runs on one diagonal)
    last: dict[int, tuple[int, int]] = {}
    shl = sh.tolist()
    for j in hit.tolist():
        for i in seeds.positions[shl[j]]:
            diag = j - i
            seen = last.get(diag)
            if seen is not None and seen[0] <= i < seen[1]:
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
            last[diag] = (a, b)
            if b - a >= m:
                runs.add(Run(a, b, c, d))
    return sorted(runs)


def _anchor(d_key: str, s: str, b: int, d: int, step: int) -> tuple[int, int] | None:
    """The nearest (gap in draft, gap in speech) after (step=1) or before (step=-1) the
    positions b, d where ANCHOR characters match again, smallest total gap first (then the
    smallest gap in the draft). One `find` per draft gap: the speech gap is where it is found."""
    best: tuple[int, int] | None = None
    if step > 0:
        window = s[d : d + GAP + ANCHOR]
        for gd in range(GAP + 1):
            if best is not None and gd >= sum(best):
                break
            piece = d_key[b + gd : b + gd + ANCHOR]
            if len(piece) < ANCHOR:
                break
            gs = window.find(piece)
            if gs >= 0 and gd + gs >= 1 and (best is None or gd + gs < sum(best)):
                best = (gd, gs)
    else:
        lo = max(0, d - GAP - ANCHOR)
        window = s[lo:d]
        for gd in range(GAP + 1):
            if best is not None and gd >= sum(best):
                break
            if b - gd - ANCHOR < 0:
                break
            at = window.rfind(d_key[b - gd - ANCHOR : b - gd])
            if at < 0:
                continue
            gs = d - (lo + at + ANCHOR)
            if gd + gs >= 1 and (best is None or gd + gs < sum(best)):
                best = (gd, gs)
    return best


NEAR_GAP = 2
NEAR_ANCHOR = 3


def _near(d_key: str, s: str, b: int, d: int, step: int) -> tuple[int, int] | None:
    """A substitution of 1-NEAR_GAP characters on both sides followed (step=1) or preceded
    (step=-1) by NEAR_ANCHOR matching characters: the last few characters of a passage with one
    character in ten changed (低位徘徊 after 持→续) are too few for an ANCHOR."""
    for g in range(1, NEAR_GAP + 1):
        if step > 0:
            i, j = b + g, d + g
            piece = d_key[i : i + NEAR_ANCHOR]
            if len(piece) == NEAR_ANCHOR and piece == s[j : j + NEAR_ANCHOR]:
                return g, g
        else:
            i, j = b - g, d - g
            if i - NEAR_ANCHOR >= 0 and j - NEAR_ANCHOR >= 0:
                if d_key[i - NEAR_ANCHOR : i] == s[j - NEAR_ANCHOR : j]:
                    return g, g
    return None


def chains(doc: str, d_key: str, s: str, runs: list[Run]) -> list[Chain]:
    """Align the runs and seeds of one speech across small edits (see module docstring)."""
    out: list[Chain] = []
    for r in sorted(runs):
        if any(ch.a <= r.a and r.b <= ch.b and ch.c <= r.c and r.d <= ch.d for ch in out):
            continue
        a, b, c, d = r.a, r.b, r.c, r.d
        blocks = [(a, c, b - a)]
        edited = False
        # a near gap only ends a passage already edited: after an exact copy it is chance
        while gap := _anchor(d_key, s, b, d, 1) or (edited and _near(d_key, s, b, d, 1)):
            b, d = b + gap[0], d + gap[1]
            start = b
            while b < len(d_key) and d < len(s) and d_key[b] == s[d]:
                b += 1
                d += 1
            blocks.append((start, d - (b - start), b - start))
            edited = True
        while gap := _anchor(d_key, s, a, c, -1) or (edited and _near(d_key, s, a, c, -1)):
            a, c = a - gap[0], c - gap[1]
            end = a
            while a > 0 and c > 0 and d_key[a - 1] == s[c - 1]:
                a -= 1
                c -= 1
            blocks.append((a, c, end - a))
            edited = True
        blocks.sort()
        matched = sum(n for _, _, n in blocks)
        out.append(Chain(doc, a, b, c, d, edited, matched, tuple(blocks)))
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
    short: dict[str, list[Run]] = field(default_factory=dict)  # seeds: K <= length < m

    def add(self, doc: str, family: str, key: str, runs: list[Run], m: int) -> None:
        """Record a speech's maximal runs of >= K characters: the long ones and the seeds."""
        long = [r for r in runs if r.b - r.a >= m]
        short = [r for r in runs if r.b - r.a < m]
        if not runs:
            return
        if long:
            self.runs[doc] = long
        if short:
            self.short[doc] = short
        self.keys[doc] = key
        self.families[doc] = family

    def docs(self) -> list[str]:
        return sorted(self.keys)


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
    identity: float = 1.0
    blocks: tuple[tuple[int, int, int], ...] = ()  # exact blocks (draft, speech, length)


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
    found: Found,
    d_key: str,
    m: int,
    common: int = COMMON_FAMILIES,
    formula: np.ndarray | None = None,
    min_identity: float = MIN_IDENTITY,
    min_length: int = MIN_LENGTH,
) -> tuple[list[Segment], np.ndarray]:
    """Reported segments (copying chains, then common spans) and the common-position mask.

    `formula`: draft key positions inside a formulation of the 提法 lexicon (never copying alone)."""
    n = len(d_key)
    coverage = Coverage(n)
    coverage.add_found(found, sorted(found.runs))
    is_common = coverage.common(common)
    not_own = is_common.copy()
    if found.stock is not None:
        not_own |= found.stock
    if formula is not None:
        not_own |= formula
    copying: list[Segment] = []
    covered = np.zeros(n, dtype=bool)
    shared = np.zeros(n, dtype=bool)  # inside a run or seed of some speech
    for doc in found.docs():
        runs = sorted(found.runs.get(doc, []) + found.short.get(doc, []))
        for r in runs:
            shared[r.a : r.b] = True
        long = found.runs.get(doc, [])
        for ch in _outermost(chains(doc, d_key, found.keys[doc], runs)):
            # copying needs >= m characters of the speech's exact runs outside stock
            # formulations (bridged gaps and pieces found while extending never count alone);
            # else an alignment of >= min_length characters and min_identity whose seeds hold
            # >= SEED_OWN * m such characters (one character in ten changed leaves no run of m)
            own = _own(ch, long, n, not_own)
            if own < m:
                if ch.b - ch.a < min_length or ch.identity < min_identity:
                    continue
                if _own(ch, runs, n, not_own) < SEED_OWN * m:
                    continue
            copying.append(
                Segment(
                    ch.a,
                    ch.b,
                    doc,
                    ch.c,
                    ch.d,
                    False,
                    ch.edited,
                    round(ch.identity, 3),
                    ch.blocks,
                )
            )
            covered[ch.a : ch.b] = True
    segments = sorted(copying, key=lambda s: (s.a, s.b, s.doc, s.c))
    rest = is_common & ~covered
    if formula is not None:
        rest |= formula & shared & ~covered
    p = 0
    while p < n:
        if not rest[p]:
            p += 1
            continue
        q = p
        while q < n and rest[q]:
            q += 1
        seg = _representative(found, p, q)
        if seg is not None:
            segments.append(seg)
        p = q
    segments.sort(key=lambda s: (s.a, s.b, s.common, s.doc, s.c))
    return segments, is_common


def _own(ch: Chain, runs: list[Run], n: int, not_own: np.ndarray) -> int:
    """Key characters of the chain inside its runs, outside the `not_own` positions."""
    exact = np.zeros(n, dtype=bool)
    for r in runs:
        if ch.a <= r.a and r.b <= ch.b and ch.c <= r.c and r.d <= ch.d:
            exact[r.a : r.b] = True
    return int((exact & ~not_own).sum())


def _outermost(found: list[Chain]) -> list[Chain]:
    """Drop a chain whose draft passage lies inside a longer chain of the same speech (the
    passage repeated elsewhere in that speech adds nothing to the report)."""
    ordered = sorted(found, key=lambda ch: (ch.a, -(ch.b - ch.a), ch.c))
    kept: list[Chain] = []
    for ch in ordered:
        if not any(k.a <= ch.a and ch.b <= k.b for k in kept):
            kept.append(ch)
    return kept


def _representative(found: Found, p: int, q: int) -> Segment | None:
    """A common span [p, q) with the speech whose run overlaps it most (then the smallest id)."""
    best = None
    for doc in found.docs():
        for r in found.runs.get(doc, []) + found.short.get(doc, []):
            overlap = min(q, r.b) - max(p, r.a)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, doc, r)
    if best is None:
        return None
    _, doc, r = best
    lo, hi = max(p, r.a), min(q, r.b)
    c = r.c + (lo - r.a)
    return Segment(p, q, doc, c, r.c + (hi - r.a), True, False, 1.0, ((lo, c, hi - lo),))
