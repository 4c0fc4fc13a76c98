"""研究 pages: 提法 trends over years with the speeches per year, bars by level and sector, KWIC,
collocations, the lexicon with first/last year seen; each table as CSV, each page with a JSON twin
under /api/research that returns the page's data as is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from jianghua import research
from jianghua.research import charts, export
from jianghua.research.counts import FACET_LABELS
from jianghua.research.kwic import SORT_LABELS
from jianghua.web.deps import LibraryDep
from jianghua.web.redact import public
from jianghua.web.templating import render

router = APIRouter()

METRICS = {"per10k": "每万字次数", "share": "讲话占比", "mentions": "次数", "speeches": "篇数"}
KWIC_PREVIEW = 20
Terms = Annotated[str, Query(max_length=500, description="提法, separated by commas or spaces")]
Term = Annotated[str, Query(max_length=60, description="One 提法 or phrase")]
Exact = Annotated[bool, Query(description="Count the phrase only, not its variant group")]


def page_data(lib, terms: str, exact: bool = False) -> dict:
    """What the 研究 page shows: the trend by year, by level and by sector, and the first KWIC
    lines of the first term."""
    asked = research.split_terms(terms)
    variants = not exact
    by_year = research.trend(lib, asked, "year", variants)
    return {
        "terms": by_year["terms"],
        "library": by_year["library"],
        "year": by_year,
        "level": research.trend(lib, asked, "level", variants),
        "sector": research.trend(lib, asked, "sector", variants),
        "kwic": research.concordance(lib, asked[0], variants, per_page=KWIC_PREVIEW),
    }


def _csv(rows: list[dict], columns: tuple[str, ...], name: str) -> Response:
    return Response(
        export.to_csv(rows, columns).encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/research", response_class=HTMLResponse, include_in_schema=False)
def research_page(
    request: Request,
    lib: LibraryDep,
    terms: Terms = "",
    exact: Exact = False,
    metric: str = "per10k",
):
    metric = metric if metric in METRICS else "per10k"
    data, problem = None, None
    if terms.strip():
        try:
            data = page_data(lib, terms, exact)
        except research.TermError as exc:
            problem = public(str(exc))
    # the lexicon's groups, not counted: counting every 提法 reads every text (see /research/tifa)
    suggestions = []
    if data is None:
        try:
            suggestions = research.suggestions(lib)
        except research.TermError as exc:
            problem = public(str(exc))
    charts_ = {}
    if data:
        charts_ = {
            "year": charts.trend_chart(data["year"], metric),
            "level": charts.bar_chart(data["level"], metric),
            "sector": charts.bar_chart(data["sector"], metric),
        }
    return render(
        request,
        "research.html",
        terms=terms,
        exact=exact,
        metric=metric,
        metrics=METRICS,
        data=data,
        charts=charts_,
        problem=problem,
        suggestions=suggestions,
        facet_labels=FACET_LABELS,
    )


@router.get("/research/panel.csv", include_in_schema=False)
def panel_csv(lib: LibraryDep, terms: Terms, by: str = "year", exact: Exact = False):
    result = research.trend(lib, research.split_terms(terms), by, not exact)
    return _csv(result["rows"], export.PANEL_COLUMNS, f"jianghua-panel-{by}.csv")


@router.get("/research/evidence", response_class=HTMLResponse, include_in_schema=False)
def evidence_page(
    request: Request,
    lib: LibraryDep,
    term: Term,
    value: str,
    by: str = "year",
    exact: Exact = False,
):
    data = research.evidence(lib, term, by, value, not exact)
    return render(
        request, "research_evidence.html", data=data, by_label=FACET_LABELS.get(by, by), exact=exact
    )


def _kwic_options(width: int, unit: str, sort: str, desc: bool, page: int) -> dict:
    return {"width": width, "unit": unit, "sort": sort, "descending": desc, "page": page}


KwicWidth = Annotated[int, Query(ge=1, le=80)]
KwicPage = Annotated[int, Query(ge=1, le=100_000)]


@router.get("/research/kwic", response_class=HTMLResponse, include_in_schema=False)
def kwic_page(
    request: Request,
    lib: LibraryDep,
    term: Term,
    width: KwicWidth = 20,
    unit: str = "char",
    sort: str = "doc",
    desc: bool = False,
    page: KwicPage = 1,
    exact: Exact = False,
):
    options = _kwic_options(width, unit, sort, desc, page)
    data = research.concordance(lib, term, not exact, per_page=50, **options)
    pages = (data["total"] + data["per_page"] - 1) // data["per_page"]
    return render(
        request, "research_kwic.html", data=data, term=term, exact=exact, pages=pages,
        sorts=SORT_LABELS, **options,
    )  # fmt: skip


@router.get("/research/kwic.csv", include_in_schema=False)
def kwic_csv(
    lib: LibraryDep, term: Term, width: KwicWidth = 20, unit: str = "char", sort: str = "doc",
    desc: bool = False, exact: Exact = False,
):  # fmt: skip
    data = research.concordance(
        lib, term, not exact, per_page=100_000, **_kwic_options(width, unit, sort, desc, 1)
    )
    rows = [{"term": data["term"]["label"], **line} for line in data["lines"]]
    return _csv(rows, export.HIT_COLUMNS, "jianghua-kwic.csv")


@router.get("/research/collocates", response_class=HTMLResponse, include_in_schema=False)
def collocates_page(
    request: Request,
    lib: LibraryDep,
    term: Term,
    window: Annotated[int, Query(ge=1, le=20)] = 5,
    sort: str = "ll",
    exact: Exact = False,
):
    data = research.collocations(lib, term, not exact, window=window, sort=sort, limit=50)
    return render(
        request,
        "research_collocates.html",
        data=data,
        term=term,
        window=window,
        sort=sort,
        exact=exact,
    )


Year = Annotated[int, Query(ge=1900, le=2100)]


@router.get("/research/keyness", response_class=HTMLResponse, include_in_schema=False)
def keyness_page(
    request: Request,
    lib: LibraryDep,
    a_from: Year = 2003,
    a_to: Year = 2012,
    b_from: Year = 2013,
    b_to: Year = 2025,
):
    data, problem = None, None
    try:
        data = research.keyness(lib, (a_from, a_to), (b_from, b_to), limit=30)
    except research.TermError as exc:
        problem = public(str(exc))
    periods = {"a_from": a_from, "a_to": a_to, "b_from": b_from, "b_to": b_to}
    return render(request, "research_keyness.html", data=data, problem=problem, **periods)


@router.get("/research/tifa", response_class=HTMLResponse, include_in_schema=False)
def tifa_page(request: Request, lib: LibraryDep, used: bool = True):
    rows = research.tifa(lib)
    if used:
        rows = [r for r in rows if r["families"]]
    return render(request, "research_tifa.html", rows=rows, used=used)


@router.get("/research/tifa.csv", include_in_schema=False)
def tifa_csv(lib: LibraryDep):
    rows = research.tifa(lib)
    columns = ("term", "group", "kind", "origin", "families", "copies", "mentions", "first_seen")
    return _csv(rows, (*columns, "last_seen", "era_first", "era_last"), "jianghua-tifa.csv")


# -- JSON twins ----------------------------------------------------------------------------


@router.get("/api/research", tags=["research"], summary="The 研究 page's data")
def api_research(lib: LibraryDep, terms: Terms, exact: Exact = False) -> dict:
    """Trend by year, level and sector of the terms, and the first KWIC lines of the first."""
    return page_data(lib, terms, exact)


Facet = Annotated[str, Query(max_length=60, description="Only families with this value")]


@router.get("/api/research/trend", tags=["research"], summary="Counts per family by facet")
def api_trend(
    lib: LibraryDep,
    terms: Terms,
    by: str = "year",
    exact: Exact = False,
    year: Facet = "",
    level: Facet = "",
    sector: Facet = "",
    genre: Facet = "",
    speaker: Facet = "",
) -> dict:
    """Per term and value of `by` (year, level, sector, genre, speaker): mentions, speeches
    (families with a hit), copies, families, chars, per10k, share; over the families with the
    facet values given (e.g. by=year&level=县)."""
    where = {"year": year, "level": level, "sector": sector, "genre": genre, "speaker": speaker}
    where = {k: v for k, v in where.items() if v}
    return research.trend(lib, research.split_terms(terms), by, not exact, where=where)


@router.get("/api/research/evidence", tags=["research"], summary="The families behind one count")
def api_evidence(
    lib: LibraryDep, term: Term, value: str, by: str = "year", exact: Exact = False
) -> dict:
    return research.evidence(lib, term, by, value, not exact)


@router.get("/api/research/kwic", tags=["research"], summary="Concordance lines")
def api_kwic(
    lib: LibraryDep,
    term: Term,
    width: KwicWidth = 20,
    unit: str = "char",
    sort: str = "doc",
    desc: bool = False,
    page: KwicPage = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
    exact: Exact = False,
) -> dict:
    """Hits with left/right context; `start`/`end` are offsets in the speech's text."""
    options = _kwic_options(width, unit, sort, desc, page)
    return research.concordance(lib, term, not exact, per_page=per_page, **options)


@router.get("/api/research/collocates", tags=["research"], summary="Collocations (LL, PMI)")
def api_collocates(
    lib: LibraryDep,
    term: Term,
    window: Annotated[int, Query(ge=1, le=20)] = 5,
    min_count: Annotated[int, Query(ge=1)] = 2,
    sort: str = "ll",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    exact: Exact = False,
) -> dict:
    return research.collocations(
        lib, term, not exact, window=window, min_count=min_count, sort=sort, limit=limit
    )


@router.get("/api/research/keyness", tags=["research"], summary="Keyness of one period")
def api_keyness(
    lib: LibraryDep,
    a_from: Year,
    a_to: Year,
    b_from: Year,
    b_to: Year,
    min_count: Annotated[int, Query(ge=1)] = 3,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    return research.keyness(lib, (a_from, a_to), (b_from, b_to), min_count=min_count, limit=limit)


@router.get("/api/research/tifa", tags=["research"], summary="The 提法 lexicon with years seen")
def api_tifa(lib: LibraryDep, mine: bool = True) -> list[dict]:
    return research.tifa(lib, mine=mine)
