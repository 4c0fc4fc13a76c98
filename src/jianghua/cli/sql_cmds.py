"""`jianghua sql`: DuckDB queries over the library's Parquet export (jianghua.library.parquet)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from jianghua.cli.common import LibraryOption, app, console, err
from jianghua.errors import LibraryError


@app.command()
def sql(
    statement: str = typer.Argument(
        ..., help="SQL over the views speeches, occurrences and families."
    ),
    parquet: Path | None = typer.Option(
        None,
        "--parquet",
        help="Folder written by `jianghua export --format parquet` (default: <library>/parquet).",
    ),
    library: Path = LibraryOption,
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
) -> None:
    """Query the library with DuckDB (run `jianghua export --format parquet` first)."""
    if fmt not in PRINTERS:
        err.print(f"[red]error:[/red] unknown format {fmt!r} (expected table, jsonl or csv)")
        raise typer.Exit(2)
    import duckdb

    from jianghua.library.parquet import default_folder, query

    folder = parquet or default_folder(library)
    try:
        columns, rows = query(folder, statement)
        PRINTERS[fmt](columns, rows)
    except LibraryError as exc:
        out = f" --out {parquet}" if parquet else ""
        err.print(
            f"错误：{exc}；请先导出：jianghua export --format parquet --library {library}{out}",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(2) from exc
    except duckdb.Error as exc:
        err.print(f"错误：{exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc


def cell(value) -> str:
    """A value as text: lists and structs as JSON, NULL as the empty string."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def print_table(columns: list[str], rows) -> None:
    table = Table()
    for column in columns:
        table.add_column(Text(column))
    count = 0
    for row in rows:
        # Text, not str: a value holding [brackets] is data, never rich markup.
        table.add_row(*(Text("NULL", style="dim") if v is None else Text(cell(v)) for v in row))
        count += 1
    table.caption = f"{count} row{'s' * (count != 1)}"
    console.print(table)


def print_jsonl(columns: list[str], rows) -> None:
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        print(json.dumps(record, ensure_ascii=False, default=str))  # default: dates, decimals


def print_csv(columns: list[str], rows) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    writer.writerows([cell(value) for value in row] for row in rows)


PRINTERS = {"table": print_table, "jsonl": print_jsonl, "csv": print_csv}
