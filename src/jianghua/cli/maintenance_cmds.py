"""Maintenance commands: verify (store and derived-index consistency), reindex (rebuild them) and
repair (restore what an older version lost)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import typer

from jianghua.cli.common import LibraryOption, app, console, err, open_library
from jianghua.library.lock import IngestLock, LibraryLocked

LOCKED_EXIT = 3  # distinct from 1 (some files failed) and 2 (bad usage / no library)


@contextlib.contextmanager
def writer_lock(folder: Path) -> Iterator[IngestLock]:
    """Hold the library's ingest lock for a command that writes, or exit with a clear message."""
    lock = IngestLock(folder)
    try:
        lock.acquire()
    except LibraryLocked as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(LOCKED_EXIT) from exc
    if lock.stale:
        err.print(
            f"note: the previous ingest (pid {lock.stale.get('pid')}, since "
            f"{lock.stale.get('started')}) did not finish; its work is resumed",
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
            f"error: unknown index {', '.join(unknown)} (known: {', '.join(known) or 'none'})",
            markup=False,
        )
        raise typer.Exit(2)
    with open_library(library) as lib, writer_lock(library):
        skip = [name for name in known if only and name not in only]
        for index in open_indexes(lib, skip):
            count = index.rebuild()
            console.print(f"index {index.name}: rebuilt, {count} speeches")
    if not known:
        console.print("no derived indexes registered; nothing to rebuild")


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
