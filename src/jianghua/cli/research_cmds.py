"""Research commands: `trend`, `kwic`, `collocates`, `keyness`, `tifa` and `tidy` (exports)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from jianghua.cli.common import LibraryOption, app, console, err, open_library

# The research package loads numpy, rjieba and opencc: it is imported by the commands that run,
# not when the CLI starts. Option help names the values; the package checks them (a test keeps
# these in step with research.counts.FACETS and research.kwic.SORTS/UNITS).
FACETS = ("year", "level", "sector", "genre", "speaker")
SORTS = ("doc", "year", "left", "right", "level")
UNITS = ("char", "word")

VariantsOption = typer.Option(
    True, "--variants/--exact", help="Count a 提法's whole variant group, or the phrase only."
)
JsonOption = typer.Option(False, "--json", help="Print JSON (the web API's answer).")


def _fail(exc: Exception) -> None:
    err.print(f"错误：{exc}", markup=False, soft_wrap=True)
    raise typer.Exit(2) from exc


def _print_rows(rows: list[dict], columns: tuple[str, ...], fmt: str) -> None:
    if fmt == "csv":
        from jianghua.research import export

        sys.stdout.write(export.to_csv(rows, columns))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)


@app.command("trend")
def trend_cmd(
    terms: list[str] = typer.Argument(..., help="提法 or phrases (each counted per family)."),
    library: Path = LibraryOption,
    by: str = typer.Option("year", "--by", help=f"One of {', '.join(FACETS)}."),
    where: list[str] = typer.Option(
        [], "--where", help="Only families with FACET=VALUE, e.g. --where level=县 (repeatable)."
    ),
    variants: bool = VariantsOption,
    fmt: str = typer.Option("table", "--format", help="table or csv."),
    as_json: bool = JsonOption,
) -> None:
    """Mentions, speeches (families), copies, per-10k and share of each term per year (or level,
    sector, genre, speaker)."""
    from jianghua import research
    from jianghua.research import export

    with open_library(library) as lib:
        try:
            result = research.trend(lib, terms, by=by, variants=variants, where=_where(where))
        except research.TermError as exc:
            _fail(exc)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    _print_rows(result["rows"], export.PANEL_COLUMNS, fmt)


def _where(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        facet, sep, value = item.partition("=")
        if not sep or facet not in FACETS or not value:
            _fail(ValueError(f"--where takes FACET=VALUE with FACET one of {', '.join(FACETS)}"))
        out[facet] = value
    return out


@app.command("kwic")
def kwic_cmd(
    term: str = typer.Argument(..., help="A 提法 or phrase."),
    library: Path = LibraryOption,
    width: int = typer.Option(20, "--width", "-w", min=1, max=80, help="Context on each side."),
    unit: str = typer.Option("char", "--unit", help=f"{' or '.join(UNITS)} (words: rjieba)."),
    sort: str = typer.Option("doc", "--sort", help=f"One of {', '.join(SORTS)}."),
    descending: bool = typer.Option(False, "--desc"),
    page: int = typer.Option(1, "--page", min=1),
    per_page: int = typer.Option(50, "--per-page", min=1, max=500),
    variants: bool = VariantsOption,
    as_json: bool = JsonOption,
) -> None:
    """Concordance: each hit with its left and right context, one speech per family."""
    from jianghua import research

    with open_library(library) as lib:
        try:
            result = research.concordance(
                lib, term, variants, width=width, unit=unit, sort=sort, page=page,
                per_page=per_page, descending=descending,
            )  # fmt: skip
        except research.TermError as exc:
            _fail(exc)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    console.print(f"{result['total']} hits in {result['families']} families", markup=False)
    for line in result["lines"]:
        left, right = (line[k].replace("\n", "⏎") for k in ("left", "right"))  # one hit a line
        # plain print: one hit a line, never wrapped at the terminal's width
        print(
            f"{line['speech']} {line['year'] or '----'} {left:>{width}} 【{line['hit']}】 {right}"
        )


@app.command("collocates")
def collocates_cmd(
    term: str = typer.Argument(..., help="A 提法 or phrase."),
    library: Path = LibraryOption,
    window: int = typer.Option(5, "--window", min=1, max=20, help="Words on each side."),
    min_count: int = typer.Option(2, "--min-count", min=1),
    sort: str = typer.Option("ll", "--sort", help="ll (log-likelihood) or pmi."),
    limit: int = typer.Option(30, "--limit", "-n", min=1, max=500),
    variants: bool = VariantsOption,
    fmt: str = typer.Option("table", "--format", help="table or csv."),
    as_json: bool = JsonOption,
) -> None:
    """Words found near a term more often than chance, by log-likelihood or PMI."""
    from jianghua import research

    with open_library(library) as lib:
        try:
            result = research.collocations(
                lib, term, variants, window=window, min_count=min_count, sort=sort, limit=limit
            )
        except research.TermError as exc:
            _fail(exc)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    columns = ("word", "together", "word_total", "expected", "ll", "pmi")
    _print_rows(result["collocates"], columns, fmt)


@app.command("keyness")
def keyness_cmd(
    period_a: str = typer.Argument(..., help="First period, e.g. 2012-2016."),
    period_b: str = typer.Argument(..., help="Second period, e.g. 2017-2021."),
    library: Path = LibraryOption,
    min_count: int = typer.Option(3, "--min-count", min=1),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=500),
    as_json: bool = JsonOption,
) -> None:
    """Words characteristic of one period against another (log-likelihood, log ratio)."""
    from jianghua import research

    try:
        a, b = _period(period_a), _period(period_b)
    except ValueError as exc:
        _fail(exc)
    with open_library(library) as lib:
        try:
            result = research.keyness(lib, a, b, min_count=min_count, limit=limit)
        except research.TermError as exc:
            _fail(exc)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    columns = ("word", "key_in", "a", "b", "a_per10k", "b_per10k", "ll", "log_ratio")
    _print_rows(result["key"], columns, "table")


def _period(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    if not (first.isdigit() and (not last or last.isdigit())):
        raise ValueError(f"a period is YEAR or YEAR-YEAR, not {text!r}")
    return int(first), int(last or first)


@app.command("tifa")
def tifa_cmd(
    library: Path = LibraryOption,
    mine: bool = typer.Option(True, "--mine/--no-mine", help="Add 提法 mined from the library."),
    min_families: int = typer.Option(2, "--min-families", min=1),
    used: bool = typer.Option(False, "--used", help="Only entries found in the library."),
    fmt: str = typer.Option("table", "--format", help="table or csv."),
    as_json: bool = JsonOption,
) -> None:
    """The 提法 lexicon (shipped, the library's tifa.tsv, mined) with first/last year seen."""
    from jianghua import research

    with open_library(library) as lib:
        try:
            rows = research.tifa(lib, mine=mine, min_families=min_families)
        except research.TermError as exc:
            _fail(exc)
    if used:
        rows = [r for r in rows if r["families"]]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    columns = ("term", "group", "kind", "origin", "families", "copies", "mentions")
    _print_rows(rows, (*columns, "first_seen", "last_seen", "era_first", "era_last"), fmt)


@app.command("tidy")
def tidy_cmd(
    what: str = typer.Argument(..., help="documents, hits or panel."),
    terms: list[str] = typer.Argument(None, help="Terms (for hits and panel)."),
    library: Path = LibraryOption,
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    fmt: str = typer.Option("csv", "--format", help="csv or parquet."),
    by: str = typer.Option("year", "--by", help=f"Panel facet: {', '.join(FACETS)}."),
    width: int = typer.Option(20, "--width", min=1, max=80, help="Hit context on each side."),
    variants: bool = VariantsOption,
) -> None:
    """Tidy exports for R, pandas or DuckDB: documents, hits or the panel, as CSV or Parquet."""
    from jianghua import research
    from jianghua.research import export

    if fmt not in export.FORMATS:
        _fail(ValueError(f"--format must be csv or parquet, not {fmt!r}"))
    with open_library(library) as lib:
        try:
            from jianghua.research.corpus import load
            from jianghua.research.counts import panel

            corpus = load(lib)
            if what == "documents":
                rows, columns = export.documents(corpus), export.DOC_COLUMNS
            elif what in ("hits", "panel"):
                found = research.terms_of(lib, terms or [], variants)
                if what == "hits":
                    rows, columns = export.hits(corpus, lib.db, found, width), export.HIT_COLUMNS
                else:
                    rows = export.panel_rows(panel(corpus, found, by))
                    columns = export.PANEL_COLUMNS
            else:
                raise research.TermError(f"what to export: documents, hits or panel, not {what!r}")
        except research.TermError as exc:
            _fail(exc)
    try:
        export.write(rows, columns, out, fmt)
    except OSError as exc:
        _fail(OSError(f"{out}: cannot write ({exc.strerror or exc})"))
    err.print(f"{len(rows)} rows → {out}", markup=False)
