"""Counts a reviewer accepts: per family, by year, level, sector, genre or speaker, normalised.

For each term and each value of the facet (a year, a level…):
- mentions: hits in the families' canonical texts (a family counts once however often it was copied);
- speeches: families with at least one hit; copies: the pages those families were found on;
- families, chars: all families of that value and their characters (the denominators);
- per10k = mentions / chars × 10,000; share = speeches / families.
`evidence` lists the families behind a cell, most mentions first, so every number links to the
speeches it was counted in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jianghua.research.corpus import LEVELS, UNKNOWN, Corpus, Family
from jianghua.research.terms import Term, TermError

FACETS = ("year", "level", "sector", "genre", "speaker")
FACET_LABELS = {
    "year": "年份",
    "level": "层级",
    "sector": "领域",
    "genre": "文种",
    "speaker": "讲话人",
}


@dataclass
class Cell:
    term: str
    value: str
    mentions: int = 0
    speeches: int = 0  # families with a hit
    copies: int = 0  # pages of those families
    families: int = 0  # every family of this value
    chars: int = 0

    @property
    def per10k(self) -> float:
        return round(self.mentions / self.chars * 10_000, 3) if self.chars else 0.0

    @property
    def share(self) -> float:
        return round(self.speeches / self.families, 4) if self.families else 0.0

    def as_dict(self) -> dict:
        return {
            "term": self.term,
            "value": self.value,
            "mentions": self.mentions,
            "speeches": self.speeches,
            "copies": self.copies,
            "families": self.families,
            "chars": self.chars,
            "per10k": self.per10k,
            "share": self.share,
        }


@dataclass
class Panel:
    by: str
    terms: list[Term]
    values: list[str]  # facet values in display order
    cells: dict[tuple[str, str], Cell]  # (term label, value)
    totals: dict[str, Cell]  # per value: families and chars (term "")
    hits: dict[str, dict[str, int]] = field(default_factory=dict)  # term -> family id -> mentions

    def rows(self) -> list[dict]:
        """The tidy panel: one row per term and value."""
        return [
            {"by": self.by, **self.cells[(t.label, v)].as_dict()}
            for t in self.terms
            for v in self.values
        ]


def _order(by: str, values: set[str], totals: dict[str, Cell]) -> list[str]:
    known = sorted(v for v in values if v != UNKNOWN)
    if by == "year":
        known.sort(key=int)
    elif by == "level":
        known.sort(key=lambda v: LEVELS.index(v) if v in LEVELS else len(LEVELS))
    else:
        known.sort(key=lambda v: (-totals[v].families, v))
    return known + ([UNKNOWN] if UNKNOWN in values else [])


def panel(
    corpus: Corpus,
    terms: list[Term],
    by: str = "year",
    where: dict[str, str] | None = None,
    include_unknown: bool = True,
) -> Panel:
    """Counts of `terms` per value of facet `by`, over the families matching `where`
    ({facet: value}, e.g. {"level": "县"})."""
    if by not in FACETS:
        raise TermError(f"不能按“{by}”统计（可选：{'、'.join(FACET_LABELS.values())}）")
    values_of = corpus.values(by)
    if not where and include_unknown:
        keep: list[int] | range = range(len(corpus.families))
    else:
        keep = [
            i
            for i, (fam, value) in enumerate(zip(corpus.families, values_of, strict=True))
            if _keep(fam, where) and (include_unknown or value != UNKNOWN)
        ]
    cache = corpus.__dict__.setdefault("_totals", {})
    if isinstance(keep, range) and by in cache:  # the whole library: the same for every term
        totals = {v: Cell("", v, families=c.families, chars=c.chars) for v, c in cache[by].items()}
    else:
        totals = {}
        for i in keep:
            value = values_of[i]
            total = totals.get(value)
            if total is None:
                total = totals[value] = Cell("", value)
            total.families += 1
            total.chars += corpus.families[i].doc.chars
        if isinstance(keep, range):
            cache[by] = {
                v: Cell("", v, families=c.families, chars=c.chars) for v, c in totals.items()
            }
    values = _order(by, set(totals), totals)
    kept = None if len(keep) == len(corpus.families) else set(keep)
    cells: dict[tuple[str, str], Cell] = {}
    hits: dict[str, dict[str, int]] = {}
    for term in terms:
        for v in values:
            cells[(term.label, v)] = Cell(
                term.label, v, families=totals[v].families, chars=totals[v].chars
            )
        found = hits[term.label] = {}
        counts = corpus.counts(term)
        for i in corpus.hit_families(term):
            if kept is not None and i not in kept:
                continue
            fam, n = corpus.families[i], counts[i]
            found[fam.doc.id] = n
            cell = cells[(term.label, values_of[i])]
            cell.mentions += n
            cell.speeches += 1
            cell.copies += fam.copies
    return Panel(by, terms, values, cells, totals, hits)


def _keep(fam: Family, where: dict[str, str] | None) -> bool:
    return not where or all(fam.doc.value(k) == v for k, v in where.items() if v)


def evidence(corpus: Corpus, panel_: Panel, term: str, value: str) -> list[dict]:
    """The families counted in one cell: id, title, date, mentions, members and copies."""
    by_id = corpus.by_id()
    rows = []
    for fid, n in panel_.hits.get(term, {}).items():
        fam = by_id[fid]
        if fam.doc.value(panel_.by) == value:
            rows.append(
                {
                    "id": fid,
                    "title": fam.doc.title,
                    "date": fam.doc.date,
                    "level": fam.doc.level,
                    "sector": fam.doc.sector,
                    "mentions": n,
                    "members": fam.members,
                    "copies": fam.copies,
                }
            )
    rows.sort(key=lambda r: (-r["mentions"], r["date"], r["id"]))
    return rows
