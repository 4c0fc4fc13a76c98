"""Removing a source, a file that changed since it was ingested, a file still being written, and
sources named by their path under the folder ingested (issue 20)."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
from reliability.reliability_support import SLOW_INDEXES
from reliability.small_inputs import speech
from typer.testing import CliRunner

from jianghua.check import CheckIndex, check_text
from jianghua.cli import app
from jianghua.library.indexes import update_all
from jianghua.library.search import search
from jianghua.library.store import Library
from jianghua.library.verify import verify
from jianghua.pipeline import STILL_WRITTEN, ingest

runner = CliRunner()
EXTRA = (
    "二是要加强档案信息化建设，推进数字档案馆建设，提升档案资源开发利用水平，更好服务全县中心工作。"
)


def run(*args):
    result = runner.invoke(app, [*map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def library(tmp_path):
    """Three pages: 档案 (also a longer near-duplicate of it in another folder), 防汛 (also an exact
    copy inside shared.txt with 消防)."""
    pages = tmp_path / "pages"
    (pages / "a").mkdir(parents=True)
    (pages / "b").mkdir()
    (pages / "a" / "index.txt").write_text(speech("档案"), encoding="utf-8")
    (pages / "b" / "index.txt").write_text(speech("档案", EXTRA), encoding="utf-8")
    (pages / "防汛.txt").write_text(speech("防汛"), encoding="utf-8")
    (pages / "shared.txt").write_text(speech("防汛") + "\n" + speech("消防"), encoding="utf-8")
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        assert not ingest([pages], lib).failed
        update_all(lib, skip=SLOW_INDEXES)
    return {"pages": pages, "lib": folder}


def records(folder) -> list[dict]:
    with Library(folder, create=False) as lib:
        return list(lib.export_records())


def files_of(folder) -> dict[str, list[str]]:
    """title -> the files it is found in."""
    return {r["title"]: sorted(s["file"] for s in r["sources"]) for r in records(folder)}


def assert_consistent(folder) -> None:
    with Library(folder, create=False) as lib:
        report = verify(lib, SLOW_INDEXES)
    assert report.ok, report.as_dict()


def keyword_hits(folder, query: str) -> list[str]:
    with Library(folder, create=False) as lib:
        return [h["title"] for h in search(lib, query, mode="keyword")["hits"]]


def test_sources_are_named_by_their_path_under_the_folder(library):
    names = {s["file"] for r in records(library["lib"]) for s in r["sources"]}
    assert names == {"a/index.txt", "b/index.txt", "防汛.txt", "shared.txt"}


def test_remove_takes_the_speeches_only_it_held_from_store_and_indexes(library):
    lib = library["lib"]
    assert keyword_hits(lib, "消防") == ["在全县消防工作会议上的讲话"]
    draft = speech("消防").split("\n", 2)[2]
    [gone] = [r["id"] for r in records(lib) if "消防" in r["title"]]
    with Library(lib, create=False) as opened:
        found = check_text(opened, draft, index=CheckIndex(opened)).spans
        assert gone in {s.source_id for s in found}
    result = run(
        "remove", library["pages"] / "shared.txt", "--library", lib, "--skip", "embeddings"
    )
    assert result.exit_code == 0, result.output
    assert "删除只出自它的讲话 1 篇，保留另有出处的讲话 1 篇" in result.stdout
    titles = files_of(lib)
    assert "在全县消防工作会议上的讲话" not in titles  # only shared.txt held it
    assert titles["在全县防汛工作会议上的讲话"] == ["防汛.txt"]  # held by 防汛.txt too: kept
    assert keyword_hits(lib, "消防") == []  # gone from the full-text index
    with Library(lib, create=False) as opened:
        found = check_text(opened, draft, index=CheckIndex(opened)).spans
        assert found and gone not in {s.source_id for s in found}  # and from 查重
    assert_consistent(lib)


def test_remove_is_idempotent_and_by_id_or_name(library):
    lib = library["lib"]
    with Library(lib, create=False) as opened:
        sid = opened.db.execute("SELECT id FROM sources WHERE name = '防汛.txt'").fetchone()[0]
    assert run("remove", sid, "--library", lib, "--skip", "embeddings").exit_code == 0
    again = run("remove", sid, "--library", lib, "--skip", "embeddings")
    assert again.exit_code == 0 and "未做任何改动" in again.stdout
    assert "防汛.txt" not in {f for fs in files_of(lib).values() for f in fs}
    # by the name the library shows (its path under the folder ingested)
    assert run("remove", "shared.txt", "--library", lib, "--skip", "embeddings").exit_code == 0
    assert "在全县防汛工作会议上的讲话" not in files_of(lib)  # its last source is gone too
    assert_consistent(lib)


def test_removing_a_family_member_settles_the_family(library):
    lib = library["lib"]
    fams = {r["title"] + str(r["chars"]): r for r in records(lib) if "档案" in r["title"]}
    assert len(fams) == 2 and len({r["family"] for r in fams.values()}) == 1
    longer = max(fams.values(), key=lambda r: r["chars"])
    assert longer["canonical"]  # the longer copy leads the family...
    assert run("remove", "b/index.txt", "--library", lib, "--skip", "embeddings").exit_code == 0
    [left] = [r for r in records(lib) if "档案" in r["title"]]
    assert left["canonical"] and left["family"] == left["id"]  # ...and its removal hands it on
    assert_consistent(lib)


def test_a_changed_file_replaces_its_old_version(library):
    lib = library["lib"]
    page = library["pages"] / "a" / "index.txt"
    page.write_text(speech("林业"), encoding="utf-8")  # re-saved with other content
    with Library(lib, create=False) as opened:
        report = ingest([library["pages"]], opened)
        update_all(opened, skip=SLOW_INDEXES)
        sources = opened.stats()["sources"]
    [changed] = [f for f in report.files if f.path == str(page)]
    assert [r.name for r in changed.result.replaced] == ["a/index.txt"]
    assert sources == 4  # replaced, not added beside the old version
    titles = files_of(lib)
    assert titles["在全县林业工作会议上的讲话"] == ["a/index.txt"]
    # the old 档案 speech was a/index.txt's alone: gone; its near-duplicate in b/ stays
    assert [t for t in titles if "档案" in t] == ["在全县档案工作会议上的讲话"]
    assert titles["在全县档案工作会议上的讲话"] == ["b/index.txt"]
    assert_consistent(lib)
    # the CLI says so
    page.write_text(speech("养老"), encoding="utf-8")
    result = run("ingest", library["pages"], "--library", lib, "--skip", "embeddings")
    assert result.exit_code == 0, result.output
    assert "替换了此文件的旧版本" in result.stdout


def test_a_file_still_being_written_is_refused_then_ingested_next_time(tmp_path):
    page = tmp_path / "downloading.txt"
    text = speech("税务")
    page.write_text(text * 200, encoding="utf-8")  # large enough to be read while it grows
    stop = threading.Event()

    def keep_writing() -> None:
        with page.open("a", encoding="utf-8") as f:
            while not stop.is_set():
                f.write(text)
                f.flush()
                time.sleep(0.001)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        time.sleep(0.05)
        with Library(tmp_path / "lib") as lib:
            report = ingest([page], lib)
    finally:
        stop.set()
        writer.join()
    [f] = report.files
    assert f.error == STILL_WRITTEN
    with Library(tmp_path / "lib", create=False) as lib:
        assert lib.stats()["sources"] == 0  # nothing half-written was stored
        again = ingest([page], lib)
        assert not again.failed and lib.stats()["sources"] == 1


def test_the_cli_reports_a_file_still_being_written(tmp_path, monkeypatch):
    """What the user reads, and exit code 1, for a file that changes under the read."""
    page = tmp_path / "p.txt"
    page.write_text(speech("税务"), encoding="utf-8")
    import jianghua.pipeline as pipeline

    real = pipeline.process_file

    def grow_while_read(path, stored=None):
        out = real(path, stored)
        with open(path, "a", encoding="utf-8") as f:  # the download goes on after the read
            f.write("续")
        return out

    monkeypatch.setattr(pipeline, "process_file", grow_while_read)
    result = run("ingest", page, "--library", tmp_path / "lib", "--skip", "embeddings")
    assert result.exit_code == 1
    assert "仍在变化" in result.stderr and "写完后再导入" in result.stderr
    monkeypatch.setattr(pipeline, "process_file", real)
    result = run("ingest", page, "--library", tmp_path / "lib", "--skip", "embeddings")
    assert result.exit_code == 0, result.output
    assert json.loads(run("stats", "--library", tmp_path / "lib", "--json").stdout)["sources"] == 1


def test_removed_speeches_leave_the_embeddings(library):
    """The vectors of a removed speech are dropped from the parts that hold them. The parts are
    written here with stand-in vectors (every speech embedded already, so no model runs)."""
    from jianghua.library import embeddings
    from jianghua.library import search_index as si

    lib = library["lib"]
    with Library(lib, create=False) as opened:
        index = embeddings.EmbeddingIndex(opened)
        ids = opened.speech_ids()
        for tier in (index.fast, index.e5):  # both tiers hold every speech
            tier.folder.mkdir(parents=True, exist_ok=True)
            for number, part in enumerate((ids[:2], ids[2:]), 1):  # two parts
                keys = [si.speech_key(sid) for sid in part for _ in range(3)]
                tier._write(
                    number,
                    speeches=np.array([si.speech_key(sid) for sid in part], dtype=np.uint64),
                    keys=np.array(keys, dtype=np.uint64),
                    paras=np.array([0, 1, 2] * len(part), dtype=np.int32),
                    vectors=np.ones((len(keys), embeddings.DIM), dtype=np.float32),
                )
            tier.index()
        assert index.verify() == [] and index.pending() == 0
        [gone] = [r["id"] for r in opened.export_records() if "消防" in r["title"]]
    assert run("remove", "shared.txt", "--library", lib).exit_code == 0  # embeddings not skipped
    with Library(lib, create=False) as opened:
        index = embeddings.EmbeddingIndex(opened)
        assert index.verify() == [] and index.pending() == 0
        for tier in ("fast", "e5"):
            vectors = embeddings.load(opened, tier)
            assert not vectors.has(si.speech_key(gone)) and len(vectors) == 3 * (len(ids) - 1)
        assert index.e5.stray() == set()
