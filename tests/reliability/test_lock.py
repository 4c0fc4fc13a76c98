"""The ingest lock: a second ingest at once is refused, a killed holder leaves no lock behind."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from reliability.reliability_support import (
    ROOT,
    SAMPLES,
    SLOW_INDEXES,
    dump,
    run_cli,
    skip_args,
    start_ingest,
)

from jianghua.library.lock import LOCK_NAME, IngestLock, LibraryLocked, read_holder
from jianghua.library.store import DB_NAME, Library
from jianghua.library.verify import verify

HOLD = (
    "import sys, time\n"
    "from jianghua.library.lock import IngestLock\n"
    "lock = IngestLock(sys.argv[1]).acquire()\n"
    "print('held', flush=True)\n"
    "time.sleep(60)\n"
)


def hold_lock(folder):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout.readline() == "held\n"
    return proc


def test_second_lock_is_refused_naming_the_holder(tmp_path):
    holder = hold_lock(tmp_path)
    try:
        with pytest.raises(LibraryLocked) as refused:
            IngestLock(tmp_path).acquire()
        assert f"pid {holder.pid}" in str(refused.value)
        assert str(tmp_path) in str(refused.value)
    finally:
        holder.kill()
        holder.wait()


def test_lock_of_a_killed_holder_is_stale_and_taken_over(tmp_path):
    holder = hold_lock(tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert read_holder(tmp_path)["pid"] == holder.pid  # the file still names the dead process
    with IngestLock(tmp_path) as lock:
        assert lock.stale["pid"] == holder.pid
        assert read_holder(tmp_path)["pid"] == os.getpid()
    assert (tmp_path / LOCK_NAME).read_text() == ""  # released cleanly: nothing stale next time
    with IngestLock(tmp_path) as lock:
        assert lock.stale is None


def test_lock_is_not_reentrant_in_one_process(tmp_path):
    with IngestLock(tmp_path), pytest.raises(LibraryLocked):
        IngestLock(tmp_path).acquire()


def test_forked_child_does_not_keep_the_lock(tmp_path):
    """Pool workers are forked while the lock is held; killing the parent must free it."""
    code = (
        "import os, sys, time\n"
        "from jianghua.library.lock import IngestLock\n"
        "IngestLock(sys.argv[1]).acquire()\n"
        "if os.fork() == 0:\n"  # the at-fork hooks have run once fork() returns in the child
        "    print('child', flush=True); time.sleep(60); os._exit(0)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        assert proc.stdout.readline() == "child\n"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with IngestLock(tmp_path) as lock:  # the child is still alive, yet the lock is free
            assert lock.stale["pid"] == proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGKILL)


def stored_sources(library) -> int:
    try:
        db = sqlite3.connect(f"file:{library / DB_NAME}?mode=ro", uri=True, timeout=0.1)
        try:
            return db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:  # not created yet, or being created
        return 0


def test_two_ingests_at_once_second_refused_library_unchanged(tmp_path):
    library = tmp_path / "lib"
    seeds = [SAMPLES / name for name in ("004_ff2848a0e228d2d6.txt", "002_6daea81426b11c94.txt")]
    first = start_ingest(seeds, library, batch_chars=20_000)
    try:
        deadline = time.monotonic() + 30
        while stored_sources(library) < 1:  # the first ingest holds the lock and has stored ...
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.02)
        assert read_holder(library)["pid"] == first.pid
        first.send_signal(signal.SIGSTOP)  # ... and stays mid-ingest while the second one runs
        before = dump(library)
        second = run_cli(
            "ingest", SAMPLES / "003_a3b6fd45c63e6c7c.txt", "--library", library, *skip_args()
        )
        assert second.returncode == 3
        assert f"another ingest is running on {library} (pid {first.pid}" in second.stderr
        assert dump(library) == before
        reindex = run_cli("reindex", "--library", library)
        assert reindex.returncode == 3 and f"pid {first.pid}" in reindex.stderr
        assert dump(library) == before
    finally:
        first.send_signal(signal.SIGCONT)
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    with Library(library, create=False) as lib:
        report = verify(lib, SLOW_INDEXES)
    assert report.ok, report
    with IngestLock(library) as lock:
        assert lock.stale is None  # the first ingest released it on its way out


def test_ingest_says_when_it_resumes_after_a_killed_ingest(tmp_path):
    from typer.testing import CliRunner

    from jianghua.cli import app

    library = tmp_path / "lib"
    library.mkdir()
    dead = {"pid": 2**22 + 1, "started": "2026-01-01T00:00:00+00:00"}  # above pid_max: not alive
    (library / LOCK_NAME).write_text(json.dumps(dead))
    result = CliRunner().invoke(
        app,
        ["ingest", str(SAMPLES / "003_a3b6fd45c63e6c7c.txt"), "--library", str(library)]
        + skip_args(),
    )
    assert result.exit_code == 0, result.output
    assert f"上一次导入（进程 {dead['pid']}" in result.output
    assert "没有完成，现在接着做" in result.output
    assert (library / LOCK_NAME).read_text() == ""
