"""`ingest_dask`: the Dask engine of `jianghua ingest --engine dask`.

1. process  the input is cut into partitions of work items (by default four per worker, at most
            PARTITION_BYTES each, so memory per worker stays bounded); each partition
            runs jianghua.pipeline.process_page on a worker and is written to one Parquet file
            (temp name + rename: a retried partition replaces its file, never adds to it);
2. load     this process stores the partitions in input order through Library.add_page, starting
            as soon as the first partition is done, so the library is written by one process
            exactly as the in-process engine writes it;
3. near-duplicates  the library's texts go to Parquet parts and the cluster finds families
            (jianghua.engine.neardup); they are stored in one transaction.

A worker lost mid-run costs only its partition: Dask runs it again elsewhere. The work folder must
be reachable under the same path by the workers and by this process (a shared file system when the
workers run on other machines).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.engine.inputs import partitions, work_items
from jianghua.engine.load import apply_near_duplicates, export_texts, load_partition
from jianghua.engine.neardup import near_duplicates
from jianghua.engine.process import process_partition
from jianghua.library.store import Library
from jianghua.pipeline import FileReport, IngestReport

PARTITION_BYTES = 16 << 20  # input bytes per partition, at most
MIN_PARTITION_BYTES = 64 << 10


@dataclass
class DaskIngestReport(IngestReport):
    partitions: int = 0
    candidates: int = 0  # candidate pairs checked exactly
    near_duplicate_pairs: int = 0
    families: int = 0  # near-duplicate families (two or more speeches) in the library
    work_dir: Path | None = None  # this run's own folder inside the work folder
    seconds: dict[str, float] = field(default_factory=dict)


def local_cluster(workers: int | None = None):
    """A LocalCluster of worker processes, one thread each (the pipeline is pure Python)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )


def ingest_dask(
    paths: Iterable[str | Path],
    library: Library,
    *,
    client=None,
    scheduler: str | None = None,
    workers: int | None = None,
    work_dir: str | Path | None = None,
    partition_bytes: int | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    on_step: Callable[[str], None] | None = None,
    keep_work: bool = False,
) -> DaskIngestReport:
    """Ingest files, folders, globs and JSONL/Parquet page dumps on a Dask cluster: `client`, or
    the scheduler at `scheduler` (tcp://host:port), or a local cluster of `workers` processes.
    The library ends up exactly as `jianghua.pipeline.ingest` leaves it. Each run works in its
    own folder under `work_dir` (default <library>/dask-work), removed at the end unless
    `keep_work` (then `report.work_dir` names it, partition files included)."""
    say = on_step or (lambda step: None)
    report = DaskIngestReport()
    items = work_items(paths)
    run_dir = Path(work_dir or library.folder / "dask-work").resolve() / uuid.uuid4().hex[:12]
    run_dir.mkdir(parents=True)
    report.work_dir = run_dir
    with ExitStack() as stack:
        if client is None:
            from distributed import Client

            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(Client(cluster))
        if partition_bytes is None:
            # Enough partitions to keep every worker busy (four each), none above PARTITION_BYTES.
            workers_now = max(1, len(client.scheduler_info().get("workers", {})))
            total = sum(item.size for item in items)
            partition_bytes = max(
                MIN_PARTITION_BYTES, min(PARTITION_BYTES, total // (4 * workers_now))
            )
        parts = partitions(items, partition_bytes)
        report.partitions = len(parts)
        try:
            _run(client, parts, library, run_dir, report, on_file, say, keep_work)
        finally:
            if not keep_work:
                shutil.rmtree(run_dir, ignore_errors=True)
    return report


def _run(client, parts, library, run_dir: Path, report, on_file, say, keep_work) -> None:
    t0 = time.perf_counter()
    say("process")
    futures = [
        client.submit(process_partition, i, part, str(run_dir), pure=False, retries=2)
        for i, part in enumerate(parts)
    ]
    for i, fut in enumerate(futures):
        meta = fut.result()
        futures[i] = None  # released: nothing asks Dask for it again
        fut.release()
        load_partition(library, meta["path"], report, on_file)
        if not keep_work:  # stored now: the disk it takes is freed during the run
            Path(meta["path"]).unlink(missing_ok=True)
    t1 = time.perf_counter()
    report.seconds["process and load"] = t1 - t0
    say("near-duplicates")
    text_dir = run_dir / "texts"
    text_dir.mkdir()
    part_paths, ids, rowids = export_texts(library, text_dir)
    sample_dir = run_dir / "samples"
    sample_dir.mkdir()
    result = near_duplicates(client, part_paths, len(ids), str(sample_dir), on_step=say)
    t2 = time.perf_counter()
    report.seconds["near-duplicates"] = t2 - t1
    report.candidates = result["candidates"]
    report.near_duplicate_pairs = len(result["edges"])
    report.families = apply_near_duplicates(library, result, ids, rowids)
    report.seconds["store families"] = time.perf_counter() - t2
