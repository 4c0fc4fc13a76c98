"""Library commands: ingest, stats, export, show."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from jianghua.cli.common import LibraryOption, app, console, err, open_library, read_speech
from jianghua.cli.maintenance_cmds import writer_lock
from jianghua.cli.structure_cmds import print_structure

if TYPE_CHECKING:
    from jianghua.pipeline import FileReport


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
    wait_e5: bool = typer.Option(
        False,
        "--wait-e5",
        help="Compute the e5 vectors now instead of in the background after ingest.",
    ),
) -> None:
    """Ingest scraped pages: clean, split into speeches, de-duplicate, store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jianghua.engine.cli import check_engine, ingest_on_dask, is_pattern
    from jianghua.library.indexes import update_all
    from jianghua.pipeline import ingest, iter_files

    check_engine(engine, scheduler, work_dir, keep_work)
    missing = [p for p in paths if not p.exists() and not is_pattern(p, engine)]
    for p in missing:
        err.print(f"[red]error:[/red] {p}: no such file or folder")
    files = list(iter_files(p for p in paths if p.exists()))
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
    ):
        task = progress.add_task("ingesting", total=len(files))

        def advance(report: FileReport) -> None:
            progress.update(task, advance=1, description=Path(report.path).name[:40])

        if engine == "dask":
            named = [p for p in paths if p not in missing]
            report = ingest_on_dask(
                named, lib, scheduler, workers, advance, work_dir=work_dir, keep_work=keep_work
            )
        else:
            report = ingest(files, lib, on_file=advance, workers=workers)

        tasks: dict[str, int] = {}

        def index_progress(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(f"index: {name}", total=total)
            progress.update(tasks[name], completed=done)

        indexed = update_all(lib, skip=skip, on_progress=index_progress)
        if "embeddings" not in skip and wait_e5:
            from jianghua.library import background

            background.run(library, on_progress=lambda d, t: index_progress("e5", d, t))
    table = Table("file", "speeches", "new", "copies", "noise lines", "edits", "status")
    for f in report.files:
        r = f.result
        if f.error:
            table.add_row(f.path, "", "", "", "", "", f"[red]error: {f.error}[/red]")
        elif r.skipped:
            table.add_row(f.path, "", "", "", "", "", "already in library")
        else:
            status = "ok" + (
                f", families joined: {len(r.joined_families)}" if r.joined_families else ""
            )
            table.add_row(
                f.path,
                str(r.speeches),
                str(r.new),
                str(r.copies),
                str(r.removed_lines),
                str(r.edits),
                status,
            )
    console.print(table)
    for name, count in indexed.items():
        console.print(f"index {name}: {count} speeches added")
    if "embeddings" not in skip and not wait_e5:
        start_e5(library)
    for f in report.failed:
        err.print(f"error: {f.path}: {f.error}", markup=False, soft_wrap=True)
    if report.failed or missing:
        raise typer.Exit(1)


def start_e5(library: Path) -> None:
    """Start the background e5 embedding if speeches lack it, and say so."""
    from jianghua.library import background
    from jianghua.library.embeddings import EmbeddingIndex

    with open_library(library) as lib:
        pending = EmbeddingIndex(lib).pending_e5()
    if not pending:
        return
    if os.environ.get("JIANGHUA_E5_BACKGROUND") == "off":
        console.print(f"e5 vectors: {pending} speeches pending (`jianghua embed`)", markup=False)
        return
    pid = background.start(library)
    which = f"pid {pid}" if pid else "already running"
    console.print(
        f"e5 vectors: {pending} speeches, computed in the background ({which}); search uses the"
        " fast vectors meanwhile. Progress: `jianghua embed --status`",
        markup=False,
        soft_wrap=True,
    )


@app.command()
def stats(library: Path = LibraryOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts: speeches, families, copies, sources, noise lines removed, conversions, flags."""
    from jianghua.library import background

    with open_library(library) as lib:
        numbers = lib.stats()
    e5 = background.status(library)
    if e5:
        numbers["e5_vectors"] = {k: e5[k] for k in ("done", "total", "running")}
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
        from jianghua.library.parquet import default_folder

        export_parquet_folder(library, out or default_folder(library))
        return
    with open_library(library) as lib:
        stream = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            for record in lib.export_records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out:
                stream.close()


def export_parquet_folder(library: Path, folder: Path) -> None:
    from jianghua.library.parquet import export_parquet

    if folder.exists() and not folder.is_dir():
        err.print(f"error: {folder} is not a folder", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    with open_library(library) as lib:
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
    console.rule(speech["title"] or "(untitled)")
    console.print(
        f"id {speech['id']} · family {speech['family']} · canonical {speech['canonical']} · "
        f"{speech['chars']} chars · placeholders {speech['placeholders']} · script {speech['script']} · "
        f"flags {', '.join(speech['clean_flags']) or '-'}"
    )
    for src in speech["sources"]:
        console.print(f"source: {src['file']} lines {src['lines'][0]}-{src['lines'][1]}")
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
