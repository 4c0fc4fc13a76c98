"""Library commands: ingest, stats, export, show."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from jianghua import labels
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
from jianghua.cli.maintenance_cmds import writer_lock
from jianghua.cli.structure_cmds import print_structure
from jianghua.scan import scan

if TYPE_CHECKING:
    from jianghua.pipeline import FileReport


@app.command("ingest")
def ingest_cmd(
    paths: list[Path] = typer.Argument(
        ...,
        help="Files (.txt .html .docx .doc .wps .pdf .ofd .png .jpg .tif) or folders.",
    ),
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

    from jianghua.cli.ingest_report import print_line, print_passed_over, print_table
    from jianghua.engine.cli import check_engine, ingest_on_dask, is_pattern
    from jianghua.library.indexes import update_all
    from jianghua.pipeline import SUPPORTED, ingest, is_page_asset
    from jianghua.sources import ocr

    check_engine(engine, scheduler, work_dir, keep_work)
    found = scan([p for p in paths if not is_pattern(p, engine)], SUPPORTED, is_page_asset)
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

        def ocr_page(name: str, done: int, total: int) -> None:
            # called in the process reading the file (a worker, with --workers > 1): a line each
            # page, as the bar of the parent process cannot be moved from there
            bar = "█" * (20 * done // total) + "░" * (20 - 20 * done // total)
            err.print(f"识别 {plain(name[:40])} {bar} 第 {done}/{total} 页", markup=False)

        ocr.progress = ocr_page

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
        if "embeddings" not in skip and wait_e5:
            from jianghua.library import background

            background.run(library, on_progress=lambda d, t: index_progress("e5", d, t))
    if not piped:
        print_table(report.files)
    for name, count in indexed.items():
        console.print(f"索引 {name}：新增 {count} 篇讲话", markup=False)
    if "embeddings" not in skip and not wait_e5:
        start_e5(library)
    for f in report.failed:
        reason = labels.error_text(f.error)
        err.print(f"错误：{plain(f.path)}：{plain(reason)}", markup=False, soft_wrap=True)
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


def start_e5(library: Path) -> None:
    """Start the background e5 embedding if speeches lack it, and say so."""
    from jianghua.library import background
    from jianghua.library.embeddings import EmbeddingIndex

    with open_library(library) as lib:
        pending = EmbeddingIndex(lib).pending_e5()
    if not pending:
        return
    if os.environ.get("JIANGHUA_E5_BACKGROUND") == "off":
        console.print(f"e5 语义向量：{pending} 篇待计算（运行 jianghua embed）", markup=False)
        return
    pid = background.start(library)
    which = f"进程 {pid}" if pid else "已在运行"
    console.print(
        f"e5 语义向量：{pending} 篇在后台计算（{which}）；其间检索使用快速向量。"
        "进度：jianghua embed --status",
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
    table = Table("项目", "数量")
    for key, value in numbers.items():
        if key == "e5_vectors":
            state = "，后台计算中" if value["running"] else ""
            value = f"已计算 {value['done']} / {value['total']} 篇{state}"
        elif isinstance(value, dict):  # flags: {kind: count}
            value = "，".join(f"{labels.flag_label(k)} {n}" for k, n in value.items()) or "无"
        table.add_row(labels.STATS_LABELS.get(key, key.replace("_", " ")), str(value))
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
        err.print(f"错误：不支持的格式 {plain(fmt)}（可用 jsonl 或 parquet）", markup=False)
        raise typer.Exit(2)
    if fmt == "parquet":
        from jianghua.library.parquet import default_folder

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
    from jianghua.library.parquet import export_parquet

    if folder.exists() and not folder.is_dir():
        err.print(f"错误：{plain(folder)} 不是文件夹", markup=False, soft_wrap=True)
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
    console.rule(shown(speech["title"] or "（无标题）"))
    script = {"simplified": "简体", "traditional": "繁体（已转简体）"}.get(
        speech["script"], speech["script"]
    )
    flags = "、".join(labels.flag_label(f) for f in speech["clean_flags"]) or "无"
    console.print(
        f"编号 {speech['id']} · 文本族 {speech['family']} · "
        f"{'代表文本' if speech['canonical'] else '非代表文本'} · {speech['chars']} 字 · "
        f"隐去的内容 {speech['placeholders']} 处 · {script} · 标记：{flags}",
        markup=False,
    )
    for src in speech["sources"]:
        console.print(
            f"来源：{plain(src['file'])} 第{src['lines'][0]}–{src['lines'][1]}行", markup=False
        )
    for line, text in speech["header"]:
        console.print(f"页眉（第{line}行）：{text}", markup=False)
    print_structure(speech)
    console.rule("正文")
    console.print(speech["text"], markup=False)
    console.rule(f"修改（{len(speech['edit_list'])} 处）")
    for e in speech["edit_list"]:
        # the summary of a punctuation or space edit names the changes; a removed line has no
        # "after"; every other edit shows the text before and after
        change = ""
        if e["kind"] == "noise":
            change = f"：{e['before']!r}"
        elif e["kind"] not in ("punct", "space"):
            change = f"：{e['before']!r} → {e['after']!r}"
        console.print(f"第 {e['line']} 行 {labels.edit_summary(e)}{change}", markup=False)
