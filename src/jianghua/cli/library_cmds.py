"""Library commands: ingest, stats, export, show."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jianghua.cli.common import (
    LibraryOption,
    app,
    console,
    disk_full_message,
    err,
    open_library,
    output_file,
    plain,
    read_speech,
    shown,
    writing,
)
from jianghua.cli.ingest_report import print_line, print_passed_over, print_table
from jianghua.cli.maintenance_cmds import writer_lock
from jianghua.cli.structure_cmds import print_structure
from jianghua.engine.cli import check_engine, ingest_on_dask, is_pattern
from jianghua.library.indexes import update_all
from jianghua.library.parquet import default_folder, export_parquet
from jianghua.pipeline import SUPPORTED, FileReport, ingest
from jianghua.scan import scan


@app.command("ingest")
def ingest_cmd(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .html, .docx) or folders."),
    library: Path = LibraryOption,
    workers: int = typer.Option(
        os.cpu_count() or 1, "--workers", "-w", help="Processes that read and clean pages."
    ),
    skip: list[str] = typer.Option(
        [], "--skip", help="Derived index not to update now (e.g. embeddings); repeatable."
    ),
    engine: str = typer.Option("inprocess", "--engine", help="inprocess, or dask (a cluster)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler tcp://HOST:PORT (default: local cluster)."
    ),
    work_dir: Path | None = typer.Option(
        None,
        "--work-dir",
        help="Dask work folder, reachable under the same path by the workers and this process"
        " (a shared file system when workers run on other machines); default <library>/dask-work.",
    ),
    keep_work: bool = typer.Option(
        False,
        "--keep-work",
        help="Keep the Dask run's work files (partitions, texts) and say where.",
    ),
) -> None:
    """Ingest scraped pages: clean, split into speeches, de-duplicate, store."""
    check_engine(engine, scheduler, work_dir, keep_work)
    found = scan([p for p in paths if not is_pattern(p, engine)], SUPPORTED)
    piped = not console.is_terminal
    with (
        writer_lock(library),  # before opening: a second ingest must not wait on the first's writes
        open_library(library, create=True) as lib,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress,
        disk_full_message(library),
    ):
        task = progress.add_task("导入中", total=len(found.files))

        def advance(report: FileReport) -> None:
            progress.update(task, advance=1, description=shown(Path(report.path).name[:40]))
            if piped:
                print_line(report)

        if engine == "dask":
            named = [p for p in paths if p not in found.missing]
            report = ingest_on_dask(
                named, lib, scheduler, workers, advance, work_dir=work_dir, keep_work=keep_work
            )
        else:
            report = ingest(found, lib, on_file=advance, workers=workers)

        tasks: dict[str, int] = {}

        def index_progress(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(f"索引 {name}", total=total)
            progress.update(tasks[name], completed=done)

        indexed = update_all(lib, skip=skip, on_progress=index_progress)
    if not piped:
        print_table(report.files)
    for name, count in indexed.items():
        console.print(f"索引 {name}：新增 {count} 篇讲话", markup=False)
    for f in report.failed:
        err.print(f"错误：{plain(f.path)}：{plain(f.error)}", markup=False, soft_wrap=True)
    print_passed_over(found)
    if not report.files and engine != "dask":
        err.print(
            f"错误：没有可导入的文件（支持的类型：{' '.join(sorted(SUPPORTED))}）",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    if report.failed or found.missing or found.unreadable:
        raise typer.Exit(1)


@app.command()
def stats(library: Path = LibraryOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts: speeches, families, copies, sources, noise lines removed, conversions, flags."""
    with open_library(library) as lib:
        numbers = lib.stats()
    if as_json:
        print(json.dumps(numbers, ensure_ascii=False))
        return
    table = Table("what", "count")
    for key, value in numbers.items():
        table.add_row(
            key.replace("_", " "),
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value),
        )
    console.print(table)


@app.command()
def export(
    library: Path = LibraryOption,
    fmt: str = typer.Option(
        "jsonl", "--format", help="jsonl, or parquet (three files for `jianghua sql`)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="jsonl: output file (default: standard output);"
        " parquet: output folder (default: <library>/parquet, where `jianghua sql` looks).",
    ),
) -> None:
    """One JSON object per distinct speech, or Parquet files of speeches, occurrences, families."""
    if fmt not in ("jsonl", "parquet"):
        err.print(f"[red]error:[/red] unknown format {fmt!r} (expected jsonl or parquet)")
        raise typer.Exit(2)
    if fmt == "parquet":
        export_parquet_folder(library, out or default_folder(library))
        return
    output_file(out, "导出文件")
    with open_library(library) as lib, writing(out or Path("-"), "导出文件"):
        stream = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            for record in lib.export_records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out:
                stream.close()


def export_parquet_folder(library: Path, folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        err.print(f"error: {folder} is not a folder", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    # A folder of output: made if missing (the default one lives in the library; on a read-only
    # library, --out must name another place).
    with open_library(library) as lib, writing(folder, "导出文件夹"):
        counts = export_parquet(lib, folder)
    console.print(
        f"{folder}: " + ", ".join(f"{name} {rows}" for name, rows in counts.items()),
        markup=False,
        soft_wrap=True,
    )


@app.command()
def show(
    speech_id: str = typer.Argument(..., help="Speech id (see export)."),
    library: Path = LibraryOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """One speech: clean text, its sources and line ranges, the edits made."""
    speech = read_speech(library, speech_id)
    if as_json:
        print(json.dumps(speech, ensure_ascii=False))
        return
    console.rule(shown(speech["title"] or "(untitled)"))
    console.print(
        f"id {speech['id']} · family {speech['family']} · canonical {speech['canonical']} · "
        f"{speech['chars']} chars · placeholders {speech['placeholders']} · script {speech['script']} · "
        f"flags {', '.join(speech['clean_flags']) or '-'}"
    )
    for src in speech["sources"]:
        console.print(
            f"source: {plain(src['file'])} lines {src['lines'][0]}-{src['lines'][1]}", markup=False
        )
    for line, text in speech["header"]:
        console.print(f"header (line {line}): {text}", markup=False)
    print_structure(speech)
    console.rule("text")
    console.print(speech["text"], markup=False)
    console.rule(f"edits ({len(speech['edit_list'])})")
    for e in speech["edit_list"]:
        console.print(
            f"line {e['line']} {e['kind']} {e['reason']}: {e['before']!r} -> {e['after']!r}",
            markup=False,
        )
