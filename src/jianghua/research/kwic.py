"""Concordance (KWIC): every hit of a term with its left and right context, one line per hit.

Hits are found in the families' skeleton texts (one per family, as counts are made) and mapped
back to character offsets of the stored speech text, so `text[start:end]` is the hit as written
(with its quotes or 顿号). Context is ±N characters, or ±N words cut by rjieba as search cuts
queries. Sorting by left context sorts on the characters nearest the hit first (read right to
left), as concordancers do; sorting only needs the skeleton, so only the page shown reads texts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass

import numpy as np
import rjieba

from jianghua.library import research_queries as rq
from jianghua.research.corpus import _IGNORED, LEVELS, Corpus
from jianghua.research.terms import Term, TermError

SORTS = ("doc", "year", "left", "right", "level")
SORT_LABELS = {"doc": "文库顺序", "year": "年份", "left": "左文", "right": "右文", "level": "层级"}
UNITS = ("char", "word")
MAX_WIDTH = 80
_WORD_SPAN = 4  # characters read per context word before cutting (Chinese words are 1-4 chars)


@dataclass
class Line:
    speech: str  # speech id (the family's canonical speech)
    family: str
    title: str
    year: int | None
    level: str
    start: int  # offsets in the speech's stored text
    end: int
    paragraph: int  # 0-based, as the reader numbers them (/speech/ID#p-N)
    hit: str
    left: str
    right: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Concordance:
    term: str
    total: int  # hits in all families
    families: int  # families with a hit
    page: int
    per_page: int
    lines: list[Line]


def _sort_key(sort: str, fam, skel: str, s: int, e: int, width: int, order: int):
    doc = fam.doc
    if sort == "year":
        return (doc.year is None, doc.year or 0, order, s)
    if sort == "left":
        return (skel[max(0, s - width) : s][::-1], order, s)
    if sort == "right":
        return (skel[e : e + width], order, s)
    if sort == "level":
        rank = LEVELS.index(doc.level) if doc.level in LEVELS else len(LEVELS)
        return (rank, order, s)
    return (order, s)


def concordance(
    corpus: Corpus,
    db,
    term: Term,
    width: int = 20,
    unit: str = "char",
    sort: str = "doc",
    page: int = 1,
    per_page: int = 50,
    descending: bool = False,
) -> Concordance:
    """One page of the concordance of `term`; `db` reads the texts of that page's speeches."""
    if sort not in SORTS:
        raise TermError(f"不能按“{sort}”排序（可选：{'、'.join(SORT_LABELS.values())}）")
    if unit not in UNITS:
        raise TermError("上下文单位应为字（char）或词（word）")
    if not 1 <= width <= MAX_WIDTH:
        raise TermError(f"上下文宽度应在 1 到 {MAX_WIDTH} 之间")
    page, per_page = max(1, page), max(1, min(per_page, 500))
    counts = corpus.counts(term)
    total, families = sum(counts), len(corpus.hit_families(term))
    # the library's order needs the spans of the pages up to this one only
    enough = page * per_page if sort == "doc" and not descending else None
    key_width = width if unit == "char" else width * _WORD_SPAN
    if corpus.indexed and key_width <= MAX_WIDTH:
        fams, starts, ends = corpus.spans(term)
        order = _indexed_order(corpus, fams, starts, ends, sort, key_width, descending)
        pick = order[(page - 1) * per_page : page * per_page]
        chosen = [
            (None, corpus.families[f], s, e)
            for f, s, e in zip(
                fams[pick].tolist(), starts[pick].tolist(), ends[pick].tolist(), strict=True
            )
        ]
    else:
        found = []
        for order, spans in _hits(corpus, term, enough):
            fam = corpus.families[order]
            skel = fam.skeleton if sort in ("left", "right") else ""
            for s, e in spans:
                found.append((_sort_key(sort, fam, skel, s, e, key_width, order), fam, s, e))
            if enough is not None and len(found) >= enough:
                break
        found.sort(key=lambda x: x[0], reverse=descending)
        chosen = found[(page - 1) * per_page : page * per_page]
    texts = rq.texts(db, sorted({fam.doc.id for _k, fam, _s, _e in chosen}))
    maps: dict[str, list[int]] = {}
    lines = []
    for _key, fam, s, e in chosen:
        text = texts[fam.doc.id]
        gaps = maps.get(fam.doc.id)
        if gaps is None:
            gaps = maps[fam.doc.id] = _gaps(text)
        start = s + bisect_right(gaps, s)
        last = e - 1 + bisect_right(gaps, e - 1)
        start, end = _balance_quotes(text, start, last + 1)
        left, right = _context(text, start, end, width, unit)
        doc = fam.doc
        lines.append(
            Line(
                doc.id,
                doc.family,
                doc.title,
                doc.year,
                doc.level,
                start,
                end,
                text.count("\n", 0, start),
                text[start:end],
                left,
                right,
            )
        )
    return Concordance(term.label, total, families, page, per_page, lines)


def _indexed_order(corpus: Corpus, fams, starts, ends, sort: str, width: int, descending: bool):
    """The order of the index's hits (already in library order) under `sort`, as _sort_key
    orders them, computed on arrays: contexts are compared as columns of character codes read
    from the index (0, below every character, past the speech's edge: a shorter context sorts
    first, as a shorter string does)."""
    if sort == "doc":
        order = np.arange(len(fams))
    else:
        ties = (starts, fams)  # np.lexsort: the last key is the first compared
        if sort == "year":
            year = _family_array(corpus, "year", lambda d: d.year or 0)
            unknown = _family_array(corpus, "no-year", lambda d: d.year is None)
            order = np.lexsort((*ties, year[fams], unknown[fams]))
        elif sort == "level":
            rank = _family_array(
                corpus,
                "level",
                lambda d: LEVELS.index(d.level) if d.level in LEVELS else len(LEVELS),
            )
            order = np.lexsort((*ties, rank[fams]))
        else:
            columns = corpus.families[0].texts.context(fams, starts, ends, width, sort)
            order = np.lexsort((*ties, *columns[::-1]))
    return order[::-1] if descending else order


def _family_array(corpus: Corpus, name: str, value):
    cache = corpus.__dict__.setdefault("_family_arrays", {})
    if name not in cache:
        cache[name] = np.array([value(f.doc) for f in corpus.families], dtype=np.int64)
    return cache[name]


def _hits(corpus: Corpus, term: Term, enough: int | None):
    """(family, [(start, end), ...]) per family with a hit, in library order: from the research
    index's hits, else found in each family's skeleton (only up to `enough` hits are needed)."""
    if corpus.indexed:
        fams, starts, ends = corpus.spans(term)
        if not len(fams):
            return
        cuts = np.flatnonzero(fams[1:] != fams[:-1]) + 1
        s_all, e_all = starts.tolist(), ends.tolist()
        bounds = [0, *cuts.tolist(), len(fams)]
        heads = fams[bounds[:-1]].tolist()
        for fam, a, b in zip(heads, bounds[:-1], bounds[1:], strict=True):
            yield fam, list(zip(s_all[a:b], e_all[a:b], strict=True))
        return
    for order in corpus.hit_families(term):
        yield order, term.matches(corpus.families[order].skeleton)


_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _gaps(text: str) -> list[int]:
    """For each ignored character (in order), the skeleton offset where it was dropped: the
    skeleton's character s is the text's character s + bisect_right(gaps, s)."""
    return [m.start() - j for j, m in enumerate(_IGNORED.finditer(text))]


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Take the quote marks of a quote half inside the hit: “三个代表”重要思想 whole, not
    三个代表”重要思想; 新时代“枫桥经验” with its closing mark."""
    inside = text[start:end]
    for open_, close in _CLOSE.items():
        opened, closed = inside.count(open_), inside.count(close)
        if opened > closed and end < len(text) and text[end] == close:
            end += 1
        elif closed > opened and start > 0 and text[start - 1] == open_:
            start -= 1
    return start, end


def _context(text: str, start: int, end: int, width: int, unit: str) -> tuple[str, str]:
    if unit == "char":
        return text[max(0, start - width) : start], text[end : end + width]
    span = width * _WORD_SPAN
    left_words = rjieba.cut(text[max(0, start - span) : start])
    right_words = rjieba.cut(text[end : end + span])
    return "".join(left_words[-width:]), "".join(right_words[:width])
