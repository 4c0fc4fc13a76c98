"""The hostile-input corpus of bench/hostile.py, smaller, ingested into a library of seed 004.

Every kind of bad file is generated (the 50 MB line, the 1 M empty lines and the 1 GB zip bomb
scaled down to 2%): each gets a clear per-file error or the right speech, and the failures leave
the library exactly as ingesting only the good files does.
"""

import os

import pytest
from reliability.reliability_support import SAMPLES, dump, load_bench_module

from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.sources import printable

hostile = load_bench_module("hostile")
BASE = SAMPLES / "004_ff2848a0e228d2d6.txt"
# a sentence of the marker speech that survives every cleaning step
KEY = "扎实开展安全生产专项整治三年行动"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return hostile.generate(tmp_path_factory.mktemp("hostile") / "files", scale=0.02)


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lib")
    with Library(folder) as lib:
        ingest([BASE], lib)
    before = dump(folder)
    with Library(folder) as lib:
        report = ingest([entry["path"] for entry in corpus], lib)
    return folder, before, report


def outcomes(report) -> dict[str, dict]:
    return {
        f.path: {"error": f.error, "speeches": f.result.speeches if f.result else 0}
        for f in report.files
    }


def test_the_corpus_has_every_kind(corpus):
    kinds = {entry["kind"] for entry in corpus}
    assert len(corpus) >= 100
    for kind in (
        "random bytes",
        "truncated UTF-8",
        "GBK invalid sequences",
        "50 MB single line",
        "zip bomb",
        "deeply nested HTML",
        "1 M empty lines",
        "NUL bytes",
        "odd name",
        "name not UTF-8",
        "FIFO",
    ):
        assert kind in kinds


def test_every_file_gets_a_clear_error_or_a_result(corpus, ingested):
    _, _, report = ingested
    got = outcomes(report)
    # one report per file, none lost, the run went to the end (a folder is searched, not read)
    assert set(got) == {e["path"] for e in corpus if not os.path.isdir(e["path"])}
    nothing = {"error": None, "speeches": 0}
    wrong = {
        entry["path"]: problem
        for entry in corpus
        if (problem := hostile.judge(entry, got.get(entry["path"], nothing)))
    }
    assert wrong == {}


def test_good_files_hold_the_marker_speech(corpus, ingested):
    folder, _, _ = ingested
    with Library(folder, create=False) as lib:
        found = {
            path
            for (path,) in lib.db.execute(
                "SELECT DISTINCT r.path FROM occurrences o JOIN sources r ON r.id = o.source_id"
                " JOIN speeches s ON s.id = o.speech_id WHERE instr(s.text, ?) > 0",
                (KEY,),
            )
        }
    expected = [printable(e["path"]) for e in corpus if e["expect"] == "speech"]
    assert [p for p in expected if p not in found] == []
    assert any("latin1_\\xe9\\xff.txt" in p for p in found)  # the bytes of the name, shown


def test_no_external_entity_was_read(ingested):
    folder, _, _ = ingested
    with Library(folder, create=False) as lib:
        texts = [r[0] for r in lib.db.execute("SELECT text FROM speeches")]
    assert not any("root:x:0" in text for text in texts)


def test_failures_leave_the_library_as_the_good_files_alone_do(corpus, ingested, tmp_path):
    folder, before, report = ingested
    good = [f.path for f in report.files if not f.error]
    failed = [f.path for f in report.files if f.error]
    assert len(failed) >= 50
    clean = tmp_path / "clean"
    with Library(clean) as lib:
        ingest([BASE], lib)
        ingest(good, lib)
    assert dump(folder) == dump(clean)
    with Library(folder, create=False) as a, Library(clean, create=False) as b:
        assert list(a.export_records()) == list(b.export_records())
    # and ingesting the failures alone changes nothing at all
    with Library(clean) as lib:
        again = ingest(failed, lib)
    assert all(f.error for f in again.files)
    assert dump(clean) == dump(folder)
    assert before != dump(folder)  # the good files did add something
