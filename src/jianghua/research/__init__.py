"""Research mode: 提法 over time, concordance, collocations and tidy exports, counted per family.

Each function here takes an open Library and returns plain data (dicts and lists): the CLI prints
it, the web page renders it and its JSON twin returns it as is.
"""

from __future__ import annotations

from pathlib import Path

from jianghua import lexicon as lexicon_mod
from jianghua.research import collocates as colloc
from jianghua.research import counts, kwic, mining
from jianghua.research.corpus import LEVELS, UNKNOWN, Corpus, load
from jianghua.research.terms import Term, TermError, resolve, split_terms


def lexicon(lib) -> lexicon_mod.Lexicon:
    """The library's lexicon; a broken tifa.tsv is a TermError naming the file and line."""
    try:
        return lexicon_mod.load(lib.folder)
    except lexicon_mod.LexiconError as exc:
        raise TermError(str(exc)) from exc


def terms_of(lib, asked, variants: bool = True) -> list[Term]:
    return resolve(asked, lexicon(lib), variants)


def _term_info(t: Term) -> dict:
    return {"label": t.label, "asked": t.asked, "group": t.group, "variants": list(t.keys)}


def trend(lib, asked, by: str = "year", variants: bool = True, where: dict | None = None) -> dict:
    """Counts of the terms asked per value of `by`: {"by", "terms", "values", "totals", "rows",
    "library"}; rows are the tidy panel (research.counts)."""
    corpus = load(lib)
    terms = terms_of(lib, asked, variants)
    panel = counts.panel(corpus, terms, by, where)
    return {
        "by": by,
        "where": where or {},
        "terms": [_term_info(t) for t in terms],
        "values": panel.values,
        "totals": [
            {"value": v, "families": panel.totals[v].families, "chars": panel.totals[v].chars}
            for v in panel.values
        ],
        "rows": panel.rows(),
        "library": library_size(corpus),
    }


def library_size(corpus: Corpus) -> dict:
    size = corpus.__dict__.get("_size")
    if size is None:
        size = corpus.__dict__["_size"] = {
            "speeches": len(corpus.docs),
            "families": len(corpus.families),
            "copies": sum(f.copies for f in corpus.families),
            "chars": sum(f.doc.chars for f in corpus.families),
        }
    return dict(size)


def evidence(lib, asked: str, by: str, value: str, variants: bool = True) -> dict:
    """The families counted in one cell of a trend: {"term", "by", "value", "families": [...]}."""
    corpus = load(lib)
    terms = terms_of(lib, [asked], variants)
    panel = counts.panel(corpus, terms, by)
    rows = counts.evidence(corpus, panel, terms[0].label, value)
    return {"term": _term_info(terms[0]), "by": by, "value": value, "families": rows}


def concordance(lib, asked: str, variants: bool = True, **options) -> dict:
    """One page of KWIC lines: {"term", "total", "families", "page", "per_page", "lines"}."""
    corpus = load(lib)
    term = terms_of(lib, [asked], variants)[0]
    result = kwic.concordance(corpus, lib.db, term, **options)
    return {
        "term": _term_info(term),
        "total": result.total,
        "families": result.families,
        "page": result.page,
        "per_page": result.per_page,
        "lines": [line.as_dict() for line in result.lines],
    }


def collocations(lib, asked: str, variants: bool = True, **options) -> dict:
    corpus = load(lib)
    term = terms_of(lib, [asked], variants)[0]
    return colloc.collocates(corpus, term, **options)


def keyness(lib, a: tuple[int, int], b: tuple[int, int], **options) -> dict:
    return colloc.keyness(load(lib), a, b, **options)


def suggestions(lib, limit: int = 16) -> list[dict]:
    """Some 提法 of the lexicon to try, one per variant group, with their era."""
    groups = lexicon(lib).groups()
    out = []
    for group, entries in groups.items():
        head = next((e for e in entries if e.term == group), entries[0])
        if head.first or head.last:
            out.append({"term": head.term, "first": head.first, "last": head.last})
    return out[:limit]


def tifa(lib, mine: bool = True, min_families: int = mining.MIN_FAMILIES) -> list[dict]:
    """The lexicon (shipped, the library's tifa.tsv, and with `mine` the mined 提法), each entry
    with its families, copies, mentions and first/last year seen in the library. Remembered
    until the store or the library's tifa.tsv changes: the survey reads every text."""
    corpus = load(lib)
    edited = Path(lib.folder) / lexicon_mod.FILE_NAME
    key = (mine, min_families, edited.stat().st_mtime_ns if edited.exists() else 0)
    cache = corpus.__dict__.setdefault("_tifa", {})
    if key not in cache:
        lex = lexicon(lib)
        if mine:
            lex = mining.mine(lib.db, lex, min_families)
        cache[key] = mining.survey(corpus, lex)
    return [dict(row) for row in cache[key]]


__all__ = [
    "LEVELS",
    "UNKNOWN",
    "TermError",
    "collocations",
    "concordance",
    "evidence",
    "keyness",
    "split_terms",
    "tifa",
    "trend",
]
