"""kill -9 at random points of `jianghua ingest` and of `jianghua reindex`, a consistency check
after each, then resume.

Each round starts an empty library and kills ingests of the seeds plus a few generated pages (txt,
html, GB18030, Traditional) at random moments, with random batch sizes (so kills land between and
inside store transactions) and 1 or 2 worker processes (so kills land while workers are busy), and
with the derived indexes (查重 and search) updated after the store, as `jianghua ingest` does.
After each kill: the store's invariants hold, no worker process survives, the lock is free, and each
index is either consistent or has work pending. Then the same ingest is run to the end and
`jianghua verify` must find nothing, and the export must equal a clean run's, without duplicates.
"""

import json
import random
import shutil

import pytest
from reliability.reliability_support import (
    SAMPLES,
    SLOW_INDEXES,
    ForkServer,
    dump,
    export,
    group_gone,
    kill_group,
    load_bench_module,
    skip_args,
)

from jianghua.library.indexes import index_classes, open_indexes
from jianghua.library.lock import IngestLock
from jianghua.library.store import Library
from jianghua.library.verify import check_store

KILLS = 20
PER_ROUND = 5
SEED = 20261125


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("runs"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    seeds = folder / "seeds"
    seeds.mkdir()
    for name in ("003_a3b6fd45c63e6c7c.txt", "004_ff2848a0e228d2d6.txt"):
        (seeds / name).write_bytes((SAMPLES / name).read_bytes())
    corpus = load_bench_module("corpus")
    # one page each: a GB18030 文库 page, a Traditional one, an HTML one, a GB18030 table of
    # contents, numbered items, items with header blocks (bench/corpus.py seeds 2, 4, 5, 6, 7, 9)
    for seed in (2, 4, 5, 6, 7, 9):
        corpus.make_corpus(folder / f"generated{seed}", 1, seed=seed)
    return folder


def ingest_args(inputs, library, workers):
    return ["ingest", inputs, "--library", library, "--workers", str(workers), *skip_args()]


@pytest.fixture(scope="module")
def clean(server, inputs, tmp_path_factory):
    library = tmp_path_factory.mktemp("clean")
    run = server.run(*ingest_args(inputs, library, 1))
    assert run["code"] == 0, run["output"]
    return {"seconds": run["seconds"], "export": export(library), "library": library}


def phase(library, files: int) -> str:
    """Where the kill landed, from what the store and the indexes hold."""
    if not (library / "jianghua.sqlite").exists():
        return "before the store existed"
    with Library(library, create=False) as lib:
        stored = lib.db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        if stored < files:
            return f"storing ({stored}/{files} files)"
        if any(index.pending() for index in open_indexes(lib, skip_args()[1::2])):
            return "updating the indexes"
        return "after the work was done"


def check_after_kill(library, run) -> None:
    assert group_gone(run["pid"]), "a worker process survived the kill of its ingest"
    with IngestLock(library) as lock:  # free again, though the file still names the dead ingest
        assert lock.stale is None or lock.stale["pid"] == run["pid"]
    if not (library / "jianghua.sqlite").exists():
        return
    with Library(library, create=False) as lib:
        assert check_store(lib) == []
        for index in open_indexes(lib, skip_args()[1::2]):
            problems = index.verify()
            assert not problems or index.pending() > 0, (index.name, problems)


def test_kill9_loop(server, inputs, clean, tmp_path):
    rng = random.Random(SEED)
    files = sum(1 for p in inputs.rglob("*") if p.is_file())
    phases: list[str] = []
    round_no = 0
    while len(phases) < KILLS:
        round_no += 1
        library = tmp_path / f"lib{round_no}"
        for _ in range(PER_ROUND):
            workers = rng.choice((1, 2))
            batch = rng.choice((1, 100_000, None))  # 1: a commit per file
            delay = rng.uniform(0.05, 0.9 * clean["seconds"])
            run = server.run(
                *ingest_args(inputs, library, workers), batch_chars=batch, kill_after=delay
            )
            try:
                if not run["killed"]:
                    assert run["code"] == 0, run["output"]
                    break  # it finished first: this round has no more to interrupt
                phases.append(phase(library, files))
                check_after_kill(library, run)
            finally:
                kill_group(run["pid"])
        resumed = server.run(*ingest_args(inputs, library, rng.choice((1, 2))))
        assert resumed["code"] == 0, resumed["output"]
        verified = server.run("verify", "--library", library, "--json", *skip_args())
        report = json.loads(verified["output"])
        assert verified["code"] == 0 and report["ok"], report
        assert export(library) == clean["export"]  # same speeches, sources, families: no duplicates
        with Library(library, create=False) as lib:
            assert lib.stats()["sources"] == files
    print(f"{len(phases)} kills in {round_no} rounds:", sorted(phases))
    assert any(p.startswith("storing") for p in phases)  # the kills did land inside the ingest


REINDEX_KILLS = 8


def test_kill9_reindex_loop(server, clean, tmp_path):
    """kill -9 at random points of `jianghua reindex`: the store is untouched (only the derived
    indexes' own tables change), no process or lock is left, each index is consistent or has work
    pending, and running the same reindex again ends with a library that verifies and exports as
    the clean run's."""
    rng = random.Random(SEED + 1)
    names = [cls.name for cls in index_classes() if cls.name not in SLOW_INDEXES]
    only = [a for name in names for a in ("--only", name)]
    timed = tmp_path / "timed"
    shutil.copytree(clean["library"], timed)
    full = server.run("reindex", "--library", timed, *only)
    assert full["code"] == 0, full["output"]
    assert all(f"索引 {name}：已重建" in full["output"] for name in names), full["output"]
    before = store_tables(clean["library"])
    cut_short = 0
    for round_no in range(REINDEX_KILLS):
        library = tmp_path / f"reindex{round_no}"
        shutil.copytree(clean["library"], library)
        delay = rng.uniform(0.05, 0.95 * full["seconds"])
        run = server.run("reindex", "--library", library, *only, kill_after=delay)
        try:
            if run["killed"]:
                cut_short += not all(f"索引 {name}：已重建" in run["output"] for name in names)
                check_after_kill(library, run)
            else:
                assert run["code"] == 0, run["output"]
            assert store_tables(library) == before
        finally:
            kill_group(run["pid"])
        again = server.run("reindex", "--library", library, *only)
        assert again["code"] == 0, again["output"]
        verified = server.run("verify", "--library", library, "--json", *skip_args())
        report = json.loads(verified["output"])
        assert verified["code"] == 0 and report["ok"], report
        assert export(library) == clean["export"]
    assert cut_short >= REINDEX_KILLS // 2  # the kills did land inside the rebuilds


def store_tables(library) -> dict:
    """The store's own tables: what a reindex must never change."""
    return {t: rows for t, rows in dump(library).items() if not t.startswith("check_")}
