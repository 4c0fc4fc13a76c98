"""Maintenance commands: verify (store and derived-index consistency), reindex (rebuild them) and
repair (restore what an older version lost)."""

from __future__ import annotations

import contextlib
import errno
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jianghua import labels
from jianghua.cli.common import (
    LibraryOption,
    app,
    console,
    disk_full_message,
    err,
    fail,
    open_library,
    plain,
)
from jianghua.errors import ReadOnlyLibrary, os_reason
from jianghua.library.lock import IngestLock, LibraryLocked
from jianghua.library.store import DB_NAME, writable

LOCKED_EXIT = 3  # distinct from 1 (some files failed) and 2 (bad usage / no library)


@contextlib.contextmanager
def writer_lock(folder: Path) -> Iterator[IngestLock]:
    """Hold the library's ingest lock for a command that writes, or exit with a clear message."""
    if (folder / DB_NAME).exists() and not writable(folder, folder / DB_NAME):
        fail(ReadOnlyLibrary(folder))
    lock = IngestLock(folder)
    try:
        lock.acquire()
    except LibraryLocked as exc:
        err.print(f"错误：{plain(labels.error_text(exc))}", markup=False, soft_wrap=True)
        raise typer.Exit(LOCKED_EXIT) from exc
    except OSError as exc:  # a folder that cannot be made or written: say which and why
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            fail(ReadOnlyLibrary(folder))
        fail(f"无法写入书库 {folder}：{os_reason(exc)}")
    if lock.stale:
        err.print(
            f"说明：上一次导入（进程 {lock.stale.get('pid')}，开始于 "
            f"{lock.stale.get('started')}）没有完成，现在接着做",
            markup=False,
            soft_wrap=True,
        )
    try:
        yield lock
    finally:
        lock.release()


@app.command("verify")
def verify_cmd(
    library: Path = LibraryOption,
    as_json: bool = typer.Option(False, "--json", help="One JSON object on standard output."),
    skip: list[str] = typer.Option([], "--skip", help="Derived index not to check; repeatable."),
) -> None:
    """Check the store's invariants and every derived index against it; exit 1 on differences."""
    from jianghua.library.verify import verify

    with open_library(library) as lib:
        report = verify(lib, tuple(skip))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for problem in report.store:
            console.print(f"store: {problem}", markup=False, soft_wrap=True)
        if not report.store:
            console.print("store: ok")
        for name, problems in report.indexes.items():
            for problem in problems:
                console.print(f"index {name}: {problem}", markup=False, soft_wrap=True)
            if not problems:
                console.print(f"index {name}: ok")
    if not report.ok:
        raise typer.Exit(1)


@app.command("reindex")
def reindex_cmd(
    library: Path = LibraryOption,
    only: list[str] = typer.Option([], "--only", help="Rebuild only this index; repeatable."),
) -> None:
    """Rebuild derived indexes (full-text, embeddings, 查重) from the store."""
    from jianghua.library.indexes import index_classes, open_indexes

    known = [cls.name for cls in index_classes()]
    unknown = [name for name in only if name not in known]
    if unknown:
        err.print(
            f"错误：没有索引 {'、'.join(unknown)}（已有：{'、'.join(known) or '无'}）",
            markup=False,
        )
        raise typer.Exit(2)
    with (
        open_library(library) as lib,
        writer_lock(library),
        index_progress() as on_progress,
        disk_full_message(library),
    ):
        skip = [name for name in known if only and name not in only]
        for index in open_indexes(lib, skip):
            count = index.rebuild(on_progress=on_progress(index.name, lib))
            console.print(f"索引 {index.name}：已重建，{count} 篇讲话", markup=False)
    if not known:
        console.print("no derived indexes registered; nothing to rebuild")


@contextlib.contextmanager
def index_progress() -> Iterator[Callable]:
    """A progress bar per index on standard error (shown on a terminal; a line per index when
    standard error is a pipe or a file, so that a log shows how far a long rebuild got)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:

        def start(name: str, lib) -> Callable[[int], None]:
            total = lib.db.execute("SELECT COUNT(*) FROM speeches").fetchone()[0]
            task = progress.add_task(f"重建索引 {name}", total=total)
            if not err.is_terminal:
                err.print(f"重建索引 {name}：共 {total} 篇讲话", markup=False)

            def step(n: int) -> None:
                progress.update(task, advance=n)
                if not err.is_terminal:
                    done = int(progress.tasks[task].completed)
                    err.print(f"重建索引 {name}：{done}/{total}", markup=False)

            return step

        yield start


@app.command("remove")
def remove_cmd(
    source: str = typer.Argument(
        ..., help="Source to remove: its id, the path it was ingested from, or its name."
    ),
    library: Path = LibraryOption,
    skip: list[str] = typer.Option(
        [], "--skip", help="Derived index not to update now (e.g. embeddings); repeatable."
    ),
) -> None:
    """Remove a source and the speeches only it held, from the store and every derived index."""
    from jianghua.library.indexes import update_all

    with (
        open_library(library) as lib,
        writer_lock(library),
        disk_full_message(library),
    ):
        removed = lib.remove(source)
        update_all(lib, skip=skip)
    if not removed:
        console.print(
            f"书库中没有来源 {plain(source)}（已删除，或从未导入）；未做任何改动",
            markup=False,
            soft_wrap=True,
        )
        return
    for r in removed:
        console.print(
            f"已删除来源 {r.source_id}（{plain(r.name)}）：删除只出自它的讲话 {len(r.speeches)} 篇，"
            f"保留另有出处的讲话 {r.kept} 篇",
            markup=False,
            soft_wrap=True,
        )


@app.command("repair")
def repair_cmd(library: Path = LibraryOption) -> None:
    """Restore what a damaged library lacks: speeches' missing occurrences (re-read from their
    source files), then every derived index that verify finds out of step; exit 1 if anything
    could not be restored."""
    from jianghua.library.indexes import open_indexes
    from jianghua.library.repair import repair
    from jianghua.library.verify import check_store

    with open_library(library) as lib, writer_lock(library):
        report = repair(lib)
        for sid in report.restored:
            console.print(f"store: occurrence restored for {sid}", markup=False, soft_wrap=True)
        for sid, why in report.unrepaired:
            err.print(f"store: cannot restore {sid}: {why}", markup=False, soft_wrap=True)
        for index in open_indexes(lib, ()):
            if list(index.verify()):
                count = index.rebuild()
                console.print(f"index {index.name}: rebuilt, {count} speeches")
        problems = check_store(lib)
    for problem in problems:
        err.print(f"store: {problem}", markup=False, soft_wrap=True)
    if not problems and report.ok:
        console.print("store: ok")
    if problems or not report.ok:
        raise typer.Exit(1)
