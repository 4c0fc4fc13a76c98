"""Collocations of a term within a window of words, and keyness of one period against another.

Words are rjieba's (as search cuts a query), read from each family's skeleton text (quotes and
顿号 dropped, as counts are made), punctuation left out. For a node term, its window is the
`window` words on each side of every hit; a word position inside two windows counts once and the
node's own words never count. Per candidate word w, the 2×2 table is

    O11 = positions in the windows holding w       O12 = window positions - O11
    O21 = positions of w outside the windows       O22 = all positions - the three others

over all word positions of the families (node positions excluded). E_ij = row_i × col_j / N;
PMI = log2(O11 / E11); log-likelihood G² = 2 Σ O_ij ln(O_ij / E_ij) (0 ln 0 = 0). Only words
found more often than expected (O11 > E11) are collocates.

Keyness compares the word frequencies of the families of two periods: G² over the 2×2 table
(word / other words × period A / period B), and the log ratio log2((a/N_A) / (b/N_B)) with 0.5
added to a zero count, as corpus linguists report it (Hardie's log ratio).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import rjieba

from jianghua.research.corpus import Corpus, Family
from jianghua.research.terms import Term, TermError

WORD = re.compile(r"[^\W_]+")
MAX_WINDOW = 20


def words(skel: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word of `skel`, punctuation and spaces left out."""
    return [(w, s, e) for w, s, e in rjieba.tokenize(skel) if WORD.fullmatch(w)]


def _counts(corpus: Corpus, fam: Family) -> Counter:
    cache = corpus.__dict__.setdefault("_word_counts", {})
    found = cache.get(fam.doc.id)
    if found is None:
        found = cache[fam.doc.id] = Counter(w for w, _s, _e in words(fam.skeleton))
    return found


def g2(o11: float, o12: float, o21: float, o22: float) -> float:
    """Log-likelihood G² of a 2×2 contingency table."""
    n = o11 + o12 + o21 + o22
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    total = 0.0
    for o, r, c in ((o11, 0, 0), (o12, 0, 1), (o21, 1, 0), (o22, 1, 1)):
        if o > 0:
            total += o * math.log(o / (rows[r] * cols[c] / n))
    return 2 * total


@dataclass
class Collocate:
    word: str
    together: int  # O11
    word_total: int  # the word's positions in the corpus (node positions excluded)
    expected: float
    pmi: float
    ll: float

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "expected": round(self.expected, 4),
            "pmi": round(self.pmi, 4),
            "ll": round(self.ll, 4),
        }


def collocates(
    corpus: Corpus,
    term: Term,
    window: int = 5,
    min_count: int = 2,
    limit: int = 50,
    sort: str = "ll",
) -> dict:
    """{"term", "window", "hits", "window_positions", "positions", "collocates": [...]}."""
    if not 1 <= window <= MAX_WINDOW:
        raise TermError(f"窗口应在 1 到 {MAX_WINDOW} 个词之间")
    if sort not in ("ll", "pmi"):
        raise TermError("排序应为 ll（对数似然）或 pmi（点互信息）")
    inside: Counter = Counter()
    node_words: Counter = Counter()
    hits = 0
    counts = corpus.counts(term)
    for fam in corpus.families:
        if not counts[fam.index]:
            continue
        skel = fam.skeleton
        spans = term.matches(skel)
        toks = words(skel)
        node, near = set(), set()
        for s, e in spans:
            hits += 1
            covered = [i for i, (_w, ts, te) in enumerate(toks) if ts < e and te > s]
            if not covered:
                continue
            node.update(covered)
            first, last = covered[0], covered[-1]
            near.update(range(max(0, first - window), first))
            near.update(range(last + 1, min(len(toks), last + 1 + window)))
        node_words.update(toks[i][0] for i in node)
        inside.update(toks[i][0] for i in near - node)
    total: Counter = Counter()
    for fam in corpus.families:
        total.update(_counts(corpus, fam))
    n = sum(total.values()) - sum(node_words.values())
    in_window = sum(inside.values())
    out = []
    for word, o11 in inside.items():
        if o11 < min_count:
            continue
        c1 = total[word] - node_words[word]
        o12, o21 = in_window - o11, c1 - o11
        o22 = n - in_window - o21
        expected = in_window * c1 / n if n else 0.0
        if expected <= 0 or o11 <= expected:
            continue
        out.append(
            Collocate(word, o11, c1, expected, math.log2(o11 / expected), g2(o11, o12, o21, o22))
        )
    out.sort(key=lambda c: (-(c.ll if sort == "ll" else c.pmi), c.word))
    return {
        "term": term.label,
        "window": window,
        "hits": hits,
        "window_positions": in_window,
        "positions": n,
        "collocates": [c.as_dict() for c in out[:limit]],
    }


def period_of(corpus: Corpus, first: int, last: int) -> list[Family]:
    return [f for f in corpus.families if f.doc.year is not None and first <= f.doc.year <= last]


def keyness(
    corpus: Corpus,
    a: tuple[int, int],
    b: tuple[int, int],
    min_count: int = 3,
    limit: int = 50,
) -> dict:
    """Words most characteristic of period `a` (first, last year) against period `b`, and the
    other way round: {"a", "b", "a_words", "b_words", "a_families", "b_families", "key": [...]}."""
    fa, fb = period_of(corpus, *a), period_of(corpus, *b)
    if not fa or not fb:
        raise TermError("两个时期都须有注明年份的讲话")
    ca, cb = Counter(), Counter()
    for fam in fa:
        ca.update(_counts(corpus, fam))
    for fam in fb:
        cb.update(_counts(corpus, fam))
    na, nb = sum(ca.values()), sum(cb.values())
    rows = []
    for word in ca.keys() | cb.keys():
        x, y = ca[word], cb[word]
        if x + y < min_count:
            continue
        ratio = math.log2(((x or 0.5) / na) / ((y or 0.5) / nb))
        rows.append(
            {
                "word": word,
                "a": x,
                "b": y,
                "a_per10k": round(x / na * 10_000, 3),
                "b_per10k": round(y / nb * 10_000, 3),
                "ll": round(g2(x, y, na - x, nb - y), 4),
                "log_ratio": round(ratio, 4),
                "key_in": "a" if x / na > y / nb else "b",
            }
        )
    rows.sort(key=lambda r: (-r["ll"], r["word"]))
    return {
        "a": list(a),
        "b": list(b),
        "a_words": na,
        "b_words": nb,
        "a_families": len(fa),
        "b_families": len(fb),
        "key": [r for r in rows if r["key_in"] == "a"][:limit]
        + [r for r in rows if r["key_in"] == "b"][:limit],
    }
