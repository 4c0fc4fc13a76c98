"""A full disk: `jianghua ingest` (and an export) say so plainly, exit non-zero, and the library
holds what it held before (issue 20). The disk is a real one: a small tmpfs mounted for the test
(skipped where mounting is not allowed), filled up to a few pages."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from reliability.reliability_support import SLOW_INDEXES, dump
from reliability.small_inputs import TOPICS, cli, speech

from jianghua.library.indexes import update_all
from jianghua.library.store import Library
from jianghua.pipeline import ingest


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk, leave: int) -> None:
    """Fill the disk until only about `leave` bytes are free."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as f:
        f.write(b"\0" * max(free - leave, 0))


def test_ingest_on_a_full_disk_says_so_and_changes_nothing(small_disk, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "first.txt").write_text(speech(TOPICS[0]), encoding="utf-8")
    lib = small_disk / "lib"
    with Library(lib) as opened:
        assert not ingest([pages / "first.txt"], opened).failed
        update_all(opened, skip=SLOW_INDEXES)
    before = dump(lib)
    big = tmp_path / "big"
    big.mkdir()
    for i, topic in enumerate(TOPICS[1:]):  # ~0.5 MB of speeches: far more than the room left
        text = "\n".join(speech(topic, f"第{n}条，{topic}工作要求{n}。" * 20) for n in range(20))
        (big / f"{i}.txt").write_text(text, encoding="utf-8")
    fill(small_disk, 48 * 1024)
    done = cli("ingest", big, "--library", lib, "--skip", "embeddings", "--workers", "1")
    assert done.returncode != 0
    assert "磁盘已满" in done.stderr and "正在写入的那一批已撤销" in done.stderr, done.stderr[
        -2000:
    ]
    assert "Traceback" not in done.stderr + done.stdout
    (small_disk / "filler").unlink()
    assert dump(lib) == before
    # with room again, the same command does the work
    done = cli("ingest", big, "--library", lib, "--skip", "embeddings", "--workers", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    verified = cli("verify", "--library", lib, "--skip", "embeddings")
    assert verified.returncode == 0, verified.stdout


def test_export_to_a_full_disk_says_so(small_disk, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for topic in TOPICS:
        (pages / f"{topic}.txt").write_text(speech(topic) * 3, encoding="utf-8")
    lib = tmp_path / "lib"
    with Library(lib) as opened:
        assert not ingest([pages], opened).failed
    fill(small_disk, 0)
    done = cli("export", "--library", lib, "--out", small_disk / "all.jsonl")
    assert done.returncode == 1
    assert "磁盘已满" in done.stderr and str(small_disk / "all.jsonl") in done.stderr
    assert "Traceback" not in done.stderr
