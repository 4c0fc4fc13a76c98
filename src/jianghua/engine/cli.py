"""The `--engine dask` branch of `jianghua ingest` (kept here so the command itself changes little)."""

from __future__ import annotations

import glob
from collections.abc import Callable
from pathlib import Path

import typer

from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import FileReport

ENGINES = ("inprocess", "dask")


def check_engine(
    engine: str, scheduler: str | None, work_dir: Path | None = None, keep_work: bool = False
) -> None:
    from jianghua.cli.common import err

    if engine not in ENGINES:
        err.print(f"[red]error:[/red] unknown engine {engine!r} (expected inprocess or dask)")
        raise typer.Exit(2)
    dask_only = {"--scheduler": scheduler, "--work-dir": work_dir, "--keep-work": keep_work}
    for option, value in dask_only.items():
        if value and engine != "dask":
            err.print(f"[red]error:[/red] {option} needs --engine dask")
            raise typer.Exit(2)


def is_pattern(path: Path, engine: str) -> bool:
    """A glob the Dask engine expands itself (when the shell did not)."""
    return engine == "dask" and glob.has_magic(str(path))


def ingest_on_dask(
    paths: list[Path],
    lib: Library,
    scheduler: str | None,
    workers: int,
    on_file: Callable[[FileReport], None],
    work_dir: Path | None = None,
    keep_work: bool = False,
):
    from jianghua.cli.common import err
    from jianghua.engine import ingest_dask

    try:
        report = ingest_dask(
            paths,
            lib,
            scheduler=scheduler,
            workers=workers,
            work_dir=work_dir,
            keep_work=keep_work,
            on_file=on_file,
            on_step=lambda step: err.print(f"dask: {step}"),
        )
    except SourceError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from exc
    err.print(
        f"dask: {report.partitions} partitions, {report.candidates} candidate pairs checked,"
        f" {report.near_duplicate_pairs} near-duplicate pairs, {report.families} families",
        markup=False,
    )
    if keep_work:
        err.print(f"dask: work folder kept: {report.work_dir}", markup=False, soft_wrap=True)
    return report
