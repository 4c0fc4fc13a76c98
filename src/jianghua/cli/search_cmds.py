"""Search commands: search (keyword, semantic, hybrid; filters; JSON) and similar."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.text import Text

from jianghua import labels
from jianghua.cli.common import LibraryOption, app, console, err, open_library
from jianghua.errors import LibraryError, NotFound


def _highlighted(text: str, spans: list[list[int]]) -> Text:
    out = Text(text)
    for start, end in spans:
        out.stylize("bold yellow", start, end)
    return out


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help='Words (all must occur); "quoted phrase" as written.'),
    library: Path = LibraryOption,
    mode: str = typer.Option("hybrid", "--mode", "-m", help="keyword, semantic or hybrid."),
    sector: str | None = typer.Option(None, "--sector"),
    genre: str | None = typer.Option(None, "--genre"),
    scope: str | None = typer.Option(None, "--scope"),
    place: str | None = typer.Option(None, "--place"),
    role: str | None = typer.Option(
        None, "--role", help="Search only inside sections with this outline role (e.g. tasks)."
    ),
    year_from: int | None = typer.Option(None, "--from", help="First year."),
    year_to: int | None = typer.Option(None, "--to", help="Last year."),
    all_copies: bool = typer.Option(
        False, "--all", help="Every family member, not only the canonical one."
    ),
    page: int = typer.Option(1, "--page", min=1),
    per_page: int = typer.Option(10, "--per-page", "-n", min=1, max=100),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Search the library: hits grouped per speech with the best paragraphs highlighted."""
    from jianghua.library.search import MODES, QueryError, search

    if mode not in MODES:
        err.print(f"[red]error:[/red] --mode must be one of {', '.join(MODES)}, not {mode!r}")
        raise typer.Exit(2)
    filters = {
        "sector": sector,
        "genre": genre,
        "scope": scope,
        "place": place,
        "role": role,
        "year_from": year_from,
        "year_to": year_to,
        "canonical_only": not all_copies,
    }
    with open_library(library) as lib:
        try:
            result = search(  # the facets only for --json: the listing prints none
                lib,
                query,
                mode=mode,
                filters=filters,
                page=page,
                per_page=per_page,
                facets=as_json,
            )
        except (QueryError, LibraryError) as exc:
            err.print(f"错误：{exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    mode_label = labels.MODE_LABELS.get(result["mode"], result["mode"])
    console.print(f"共 {result['total']} 篇（{mode_label}检索）", markup=False)
    for notice in result.get("notices", []):
        console.print(f"提示：{notice}", markup=False, soft_wrap=True)
    for hit in result["hits"]:
        info = " · ".join(
            labels.value_label(k, hit[k])
            for k in ("sector", "genre", "date", "place")
            if hit.get(k) is not None
        )
        console.rule()
        console.print(
            Text(f"{hit['id']}  {hit.get('label') or hit['title'] or '（无标题）'}", style="bold")
            + Text(f"  [{hit['score']:.4f}]")
            + Text(f"  同族 {hit['copies']} 篇" if hit.get("copies", 1) > 1 else "")
        )
        if info:
            console.print(info, markup=False)
        for para in hit["paragraphs"]:
            console.print(
                # ¶ counts paragraphs from 1, as the web's results and reader (#p-<index>)
                Text(f"¶{para['index'] + 1} ") + _highlighted(para["text"], para["highlights"])
            )


@app.command("similar")
def similar_cmd(
    speech_id: str = typer.Argument(..., help="Speech id."),
    library: Path = LibraryOption,
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Speeches most like this one (other families)."""
    from jianghua.library.search import QueryError, similar

    with open_library(library) as lib:
        try:
            found = similar(lib, speech_id, limit=limit)
        except (NotFound, QueryError, LibraryError) as exc:
            err.print(f"错误：{exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from exc
    if as_json:
        print(json.dumps(found, ensure_ascii=False))
        return
    for item in found:
        console.print(
            f"{item['id']}  {item['score']:.4f}  {item['title'] or '（无标题）'}", markup=False
        )
