"""A library on a read-only medium or without write permission: every read command works, every
command that writes says plainly that the library is read-only (issue 20).

Two ways to make a library read-only, both real (nothing in jianghua is patched):
- a copy under `chmod -R a-w`, read by root without the capabilities that override file
  permissions (setpriv): what a user without write permission sees;
- a read-only bind mount of a copy (`mount -o remount,ro,bind`), read by plain root: a read-only
  share or a write-protected USB stick, where even root cannot write (EROFS).
Each runs every command in one interpreter (a batch of CliRunner calls), to pay the start-up once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from reliability.reliability_support import ROOT, SLOW_INDEXES, dump
from reliability.small_inputs import NO_OVERRIDE, TOPICS, permissions_hold, speech

from jianghua.library.indexes import update_all
from jianghua.library.store import Library
from jianghua.pipeline import ingest

# Runs each command of argv[1] (a JSON list of argument lists) and prints one JSON list of
# {code, out, err, crash}: crash is the exception that escaped the command, if any.
_BATCH = r"""
import json, sys
from typer.testing import CliRunner
from jianghua.cli import app
results = []
for args in json.loads(sys.argv[1]):
    r = CliRunner().invoke(app, args)
    crash = None
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        crash = f"{type(r.exception).__name__}: {r.exception}"
    results.append({"code": r.exit_code, "out": r.stdout, "err": r.stderr, "crash": crash})
print(json.dumps(results, ensure_ascii=False))
"""


def run_batch(commands: list[list[str]], prefix: tuple[str, ...] = ()) -> list[dict]:
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _BATCH, json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pristine")
    pages = folder / "pages"
    pages.mkdir()
    for topic in TOPICS[:4]:
        (pages / f"{topic}.txt").write_text(speech(topic), encoding="utf-8")
    with Library(folder / "lib") as lib:
        assert not ingest([pages], lib).failed
        update_all(lib, skip=SLOW_INDEXES)
        sid = next(r["id"] for r in lib.export_records() if "档案" in r["title"])
    draft = folder / "draft.txt"
    draft.write_text(speech("档案").split("\n", 3)[3], encoding="utf-8")
    new_page = folder / "new.txt"
    new_page.write_text(speech(TOPICS[5]), encoding="utf-8")
    return {"lib": folder / "lib", "id": sid, "draft": draft, "new": new_page}


def commands(lib, pristine, out) -> tuple[list[list[str]], list[list[str]]]:
    """(read commands, write commands) on library `lib`; read outputs go to folder `out`."""
    lib = str(lib)
    sid = pristine["id"]
    reads = [
        ["stats", "--library", lib],
        ["stats", "--library", lib, "--json"],
        ["search", "档案", "--library", lib, "--mode", "keyword", "--json"],
        ["search", "档案", "--library", lib],
        ["show", sid, "--library", lib],
        ["outline", sid, "--library", lib],
        ["facets", "--library", lib],
        ["similar", sid, "--library", lib],
        ["export", "--library", lib],
        ["export", "--library", lib, "--out", str(out / "all.jsonl")],
        ["export", "--library", lib, "--format", "parquet", "--out", str(out / "parquet")],
        ["check", str(pristine["draft"]), "--library", lib, "--json"],
        ["verify", "--library", lib, "--json", *[a for n in SLOW_INDEXES for a in ("--skip", n)]],
    ]
    writes = [
        ["ingest", str(pristine["new"]), "--library", lib, "--skip", "embeddings"],
        ["reindex", "--library", lib, "--only", "search"],
        ["repair", "--library", lib],
        ["remove", "1", "--library", lib],
    ]
    return reads, writes


# The web app over a read-only library: each page's status code and whether its text holds `needle`.
_WEB = r"""
import json, sys
from fastapi.testclient import TestClient
from jianghua.web.app import create_app
folder, sid = sys.argv[1], sys.argv[2]
client = TestClient(create_app(folder))
pages = {"/": "", "/search?q=档案": "档案工作会议", f"/speech/{sid}": "档案工作会议",
         f"/api/speeches/{sid}": "档案", f"/api/speeches/{sid}/original": "档案",
         "/check": ""}
out = {}
for url, needle in pages.items():
    r = client.get(url)
    out[url] = [r.status_code, needle in r.text]
print(json.dumps(out, ensure_ascii=False))
"""


def assert_web_works(lib, pristine, prefix: tuple[str, ...] = ()) -> None:
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _WEB, str(lib), pristine["id"]],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    pages = json.loads(done.stdout)
    assert all(status == 200 and found for status, found in pages.values()), pages


def assert_reads_work(results, pristine) -> None:
    for r in results:
        assert r["crash"] is None and r["code"] == 0, r
    stats = json.loads(results[1]["out"])
    assert stats["speeches"] == 4 and stats["sources"] == 4
    found = json.loads(results[2]["out"])
    assert [h["id"] for h in found["hits"]] == [pristine["id"]]
    assert "在全县档案工作会议上的讲话" in results[4]["out"]
    assert len(results[8]["out"].splitlines()) == 4
    report = json.loads(results[11]["out"])
    assert report["sources"][0]["id"] == pristine["id"] and report["copied_share"] > 0.5
    assert json.loads(results[12]["out"])["ok"]


def assert_writes_refused(results) -> None:
    for r in results:
        assert r["crash"] is None and r["code"] != 0, r
        assert "只读" in r["err"] and "Traceback" not in r["err"] + r["out"], r


def read_only_copy(pristine, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(pristine["lib"], lib)
    return lib


def test_without_write_permission(pristine, tmp_path):
    if not permissions_hold(tmp_path):
        pytest.skip("setpriv cannot drop root's permission override here")
    lib = read_only_copy(pristine, tmp_path)
    before = dump(lib)
    subprocess.run(["chmod", "-R", "a-w", str(lib)], check=True)
    out = tmp_path / "out"
    out.mkdir()
    try:
        reads, writes = commands(lib, pristine, out)
        results = run_batch(reads + writes, prefix=NO_OVERRIDE)
        assert_reads_work(results[: len(reads)], pristine)
        assert_writes_refused(results[len(reads) :])
        assert (out / "all.jsonl").read_text(encoding="utf-8") == results[8]["out"]
        assert sorted(p.name for p in (out / "parquet").iterdir())[:1] == ["families.parquet"]
        assert_web_works(lib, pristine, prefix=NO_OVERRIDE)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(lib)], check=True)
    assert dump(lib) == before
    assert not list(lib.glob("*-wal")) and not list(lib.glob("ingest.lock.*"))


def test_on_a_read_only_mount(pristine, tmp_path):
    source = read_only_copy(pristine, tmp_path)
    before = dump(source)
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    bind = subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"no bind mount here: {bind.stderr.decode(errors='replace')}")
    try:
        ro = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(mounted)], capture_output=True, check=False
        )
        if ro.returncode != 0:
            pytest.skip("cannot remount read-only here")
        out = tmp_path / "out"
        out.mkdir()
        reads, writes = commands(mounted, pristine, out)
        results = run_batch(reads + writes)  # plain root: only the mount stops the writes
        assert_reads_work(results[: len(reads)], pristine)
        assert_writes_refused(results[len(reads) :])
        assert_web_works(mounted, pristine)
    finally:
        subprocess.run(["umount", "-l", str(mounted)], check=False)
    assert dump(source) == before


def test_a_copy_with_unmerged_journal_is_refused_not_read_stale(pristine, tmp_path):
    """A library copied while it was being written holds commits in its -wal file. Without its
    -shm file a read-only medium cannot read them: refused with the reason, never read stale."""
    if not permissions_hold(tmp_path):
        pytest.skip("setpriv cannot drop root's permission override here")
    lib = read_only_copy(pristine, tmp_path)
    import sqlite3

    writer = sqlite3.connect(lib / "jianghua.sqlite")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE speeches SET title = title || '（改）'")
    writer.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("jianghua.sqlite", "jianghua.sqlite-wal"):  # the -shm file lost in the copy
        shutil.copy(lib / name, copy / name)
    writer.close()
    subprocess.run(["chmod", "-R", "a-w", str(copy)], check=True)
    try:
        [result] = run_batch([["stats", "--library", str(copy)]], prefix=NO_OVERRIDE)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(copy)], check=True)
    assert result["code"] == 2 and result["crash"] is None
    assert "未并入的写入" in result["err"]
