"""The Dask engine on a real two-process cluster gives the library the in-process engine gives:
same speeches, occurrences, families, canonical members, outlines and sample index."""

import json
import os
import signal
import sys
from pathlib import Path

import cloudpickle
import pytest
from distributed.diagnostics.plugin import WorkerPlugin

from jianghua import dedup
from jianghua.engine import ingest_dask
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SAMPLES = Path("samples")
SMALL_PARTS = 200_000  # bytes per partition: several partitions even on the seeds


def snapshot(lib: Library) -> dict:
    """Everything both engines must agree on."""
    rows = lambda sql: sorted(tuple(r) for r in lib.db.execute(sql))  # noqa: E731
    return {
        "records": list(lib.export_records()),
        "stats": lib.stats(),
        "speeches": rows(
            "SELECT id, family, canonical, title, structure, sample_size, flags FROM speeches"
        ),
        "occurrences": rows(
            "SELECT o.speech_id, s.sha256, o.first_line, o.last_line, o.item, o.header,"
            " o.paragraph_lines, o.edits FROM occurrences o JOIN sources s ON s.id = o.source_id"
        ),
        "sources": rows(
            "SELECT path, name, sha256, encoding, format, script, line_count, meta FROM sources"
        ),
        "fingerprints": rows("SELECT hash, speech_id FROM fingerprints"),
        "fingerprint_counts": rows("SELECT hash, speeches FROM fingerprint_counts"),
    }


@pytest.fixture(scope="module")
def in_process(tmp_path_factory, synthetic):
    with Library(tmp_path_factory.mktemp("inproc")) as lib:
        report = ingest([SAMPLES, synthetic], lib)
        assert not report.failed
        yield snapshot(lib)


def test_same_library_as_in_process_on_seeds_and_synthetic(client, synthetic, in_process, tmp_path):
    with Library(tmp_path / "lib") as lib:
        report = ingest_dask([SAMPLES, synthetic], lib, client=client, partition_bytes=SMALL_PARTS)
        got = snapshot(lib)
    assert report.partitions > 3 and not report.failed
    # The comparison is not vacuous: families of several members, outlines and stock formulations
    # (samples held by more than MAX_SHARED speeches, which the probe must skip) are all present.
    assert in_process["stats"]["near_duplicate_families"] >= 3
    assert max(c for _, c in in_process["fingerprint_counts"]) > dedup.MAX_SHARED
    assert any(json.loads(s[4]) for s in in_process["speeches"])
    assert report.families == in_process["stats"]["near_duplicate_families"]
    for part in in_process:
        assert got[part] == in_process[part], part


def test_adding_to_a_library_gives_the_in_process_result(client, synthetic, in_process, tmp_path):
    """Seeds stored in-process first, the synthetic corpus added on the cluster: the families are
    recomputed over the whole library in library order, as the in-process engine would have."""
    with Library(tmp_path / "lib") as lib:
        ingest([SAMPLES], lib)
        report = ingest_dask([synthetic, SAMPLES], lib, client=client, partition_bytes=SMALL_PARTS)
        got = snapshot(lib)
    skipped = [f for f in report.files if f.result and f.result.skipped]
    assert len(skipped) == 5  # the seeds, already in the library
    for part in in_process:
        assert got[part] == in_process[part], part


class KillOnce(WorkerPlugin):
    """Kills its worker process (SIGKILL, no clean-up) the first time a partition finishes on any
    worker: the partition's Parquet file is written but the scheduler never hears of it, so the
    partition runs again on the other worker and rewrites its file."""

    name = "kill-once"

    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish == "memory" and str(key).startswith("process_partition"):
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(client, synthetic, in_process, tmp_path):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "killed"
    pids_before = set(client.run(os.getpid).values())
    client.register_plugin(KillOnce(str(marker)))
    try:
        with Library(tmp_path / "lib") as lib:
            report = ingest_dask(
                [SAMPLES, synthetic], lib, client=client, partition_bytes=SMALL_PARTS
            )
            got = snapshot(lib)
    finally:
        client.unregister_worker_plugin(KillOnce.name)
    assert marker.exists()  # a worker was killed...
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != pids_before  # ...and its nanny started a new one
    assert len(report.files) == len({f.path for f in report.files})  # each page stored once
    assert not report.failed
    for part in in_process:
        assert got[part] == in_process[part], part
    assert not list((tmp_path / "lib").rglob("*.parquet"))  # the work folder is cleaned up
