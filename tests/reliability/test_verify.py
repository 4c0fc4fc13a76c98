"""`jianghua verify` finds each kind of damage, and `jianghua reindex` repairs derived indexes."""

import json
import shutil

import pytest
from reliability.reliability_support import SAMPLES, SLOW_INDEXES
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library.indexes import index_classes, update_all
from jianghua.library.store import Library
from jianghua.library.verify import check_store, verify
from jianghua.pipeline import ingest

runner = CliRunner()
SEEDS = [SAMPLES / "003_a3b6fd45c63e6c7c.txt", SAMPLES / "004_ff2848a0e228d2d6.txt"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pristine")
    with Library(folder) as lib:
        assert not ingest(SEEDS, lib).failed
        update_all(lib, skip=SLOW_INDEXES)
    return folder


@pytest.fixture
def library(pristine, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(pristine, folder)
    return folder


def run_verify(folder):
    result = runner.invoke(
        app, ["verify", "--library", str(folder), "--json", "--skip", "embeddings"]
    )
    return result.exit_code, json.loads(result.stdout)


def test_a_sound_library_verifies(library):
    code, report = run_verify(library)
    assert code == 0 and report["ok"] and report["store"] == []
    assert set(report["indexes"]) == {c.name for c in index_classes()} - set(SLOW_INDEXES)


@pytest.mark.parametrize(
    "damage, found",
    [
        (
            "DELETE FROM occurrences WHERE rowid = (SELECT MIN(rowid) FROM occurrences o2"
            " WHERE o2.speech_id = (SELECT speech_id FROM occurrences GROUP BY speech_id"
            " HAVING COUNT(*) = 1 LIMIT 1))",
            "every speech has at least one occurrence: 1 not",
        ),
        (  # one family of every speech, all of them still canonical
            "UPDATE speeches SET family = (SELECT MIN(id) FROM speeches)",
            "every family has exactly one canonical member: 1 not",
        ),
        (
            "UPDATE speeches SET canonical = 0 WHERE id = (SELECT MIN(id) FROM speeches)",
            "every family has exactly one canonical member: 1 not",
        ),
        ("UPDATE occurrences SET source_id = 999 WHERE rowid = 1", "existing source"),
        ("UPDATE occurrences SET last_line = 1000000 WHERE rowid = 1", "inside its source file"),
        (
            "UPDATE speeches SET family = 'ffffffffffff' WHERE id = (SELECT MIN(id) FROM speeches)",
            "named after one of its members",
        ),
        ("DELETE FROM fingerprint_counts WHERE rowid % 2 = 0", "fingerprint_counts"),
        ("DELETE FROM sources WHERE id = 1", "existing source"),
    ],
)
def test_store_damage_is_named(library, damage, found):
    with Library(library, create=False) as lib:
        lib.db.execute("PRAGMA foreign_keys = OFF")
        lib.db.execute(damage)
        lib.db.commit()
        problems = check_store(lib)
    assert any(found in p for p in problems), problems
    code, report = run_verify(library)
    assert code == 1 and not report["ok"] and report["store"] == problems


def test_a_lost_index_is_reported_and_rebuilt_by_reindex(library):
    shutil.rmtree(library / "search")  # the full-text index lost, as by a bad copy
    with Library(library, create=False) as lib:
        assert verify(lib, SLOW_INDEXES).indexes["search"] != []
    result = runner.invoke(app, ["reindex", "--library", str(library), "--only", "search"])
    assert result.exit_code == 0, result.output
    assert "索引 search：已重建" in result.stdout
    assert "索引 check" not in result.stdout  # --only: the others are left alone
    # progress, a line per batch when standard error is not a terminal
    with Library(library, create=False) as lib:
        total = lib.stats()["speeches"]
    assert f"重建索引 search：共 {total} 篇讲话" in result.stderr
    assert result.stderr.rstrip().endswith(f"重建索引 search：{total}/{total}")
    code, report = run_verify(library)
    assert code == 0 and report["ok"], report


def test_reindex_refuses_an_unknown_index(library):
    result = runner.invoke(app, ["reindex", "--library", str(library), "--only", "nope"])
    assert result.exit_code == 2
    assert "没有索引 nope" in result.output


def test_reading_a_speech_without_occurrence_flags_the_damage(library):
    """Before: an IndexError (a 500 on the web), then an error that stopped every export: such
    a speech (written by versions that lost a second speech on one line) is read, flagged."""
    with Library(library, create=False) as lib:
        sid = lib.speech_ids()[0]
        lib.db.execute("DELETE FROM occurrences WHERE speech_id = ?", (sid,))
        lib.db.commit()
        speech = lib.speech(sid)
        assert speech["sources"] == [] and "no_occurrence" in speech["clean_flags"]
        assert len(list(lib.export_records())) == len(lib.speech_ids())
