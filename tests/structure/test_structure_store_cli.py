"""The structure fields in the store's reading side, `jianghua show`, `outline` and `facets`."""

from __future__ import annotations

import json

import pytest
from structure_seeds import SAMPLES
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library.store import Library
from jianghua.pipeline import ingest

EXPORT_FIELDS = {"outline", "salutation", "opening", "closing", "meta", "flags", "formulations"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structure-lib")
    with Library(folder) as lib:
        assert not ingest([SAMPLES], lib).failed
    return folder


@pytest.fixture(scope="module")
def records(folder):
    with Library(folder, create=False) as lib:
        return list(lib.export_records())


def by_title(records, title):
    return next(r for r in records if r["title"] == title)


def test_export_has_the_structure_fields(records):
    for r in records:
        assert EXPORT_FIELDS <= set(r)
        assert isinstance(r["outline"], list) and isinstance(r["meta"], dict)
        for flag in r["flags"]:
            assert set(flag) == {"kind", "detail", "start", "end"}
            assert 0 <= flag["start"] <= flag["end"] <= len(r["text"])
        for node in r["outline"]:
            assert {"level", "marker", "heading", "role", "role_confidence", "start", "end"} <= set(
                node
            )
            assert node["role"] in (
                "review",
                "problems",
                "situation",
                "goals",
                "tasks",
                "guarantee",
                "other",
            )
            assert r["text"][node["start"] :].startswith(node["heading"][:4])


def test_offsets_point_into_the_text(records):
    r = by_title(records, "李炎同志在全县开学工作会上的讲话")  # seed 004 lines 85-116
    assert r["text"][r["salutation"]["start"] : r["salutation"]["end"]] == "同志们："
    assert r["text"][r["closing"]["start"] : r["closing"]["end"]] == "谢谢大家！"
    assert [n["heading"] for n in r["outline"]] == [
        "一、过去的工作",
        "二、得到的启示",
        "三、反思之不足",
        "四、新学期的安排",
    ]
    assert r["meta"]["date"]["value"] == "2011-08-25"  # 004 line 84


def test_formulations_count_the_speeches_using_them(records):
    # 000 lines 24-33 and its copies are one speech: the count is of distinct speeches
    counts = {}
    for r in records:
        for f in r["formulations"]:
            counts.setdefault(f["text"], set()).add(r["id"])
    for r in records:
        for f in r["formulations"]:
            assert f["speeches"] == len(counts[f["text"]])
    assert any(len(ids) > 1 for ids in counts.values())


def test_speech_keeps_line_meta_and_clean_flags(folder, records):
    r = by_title(records, "杨建华同志在第四季度工作推进会上的讲话")  # seed 004 line 59
    with Library(folder, create=False) as lib:
        speech = lib.speech(r["id"])
    assert speech["line_meta"]["published"] == "2009-12-01"  # 004 line 57: 发表时间:2009-12-01
    assert speech["clean_flags"] == []
    assert speech["meta"]["date"]["source"] == "文库 metadata"


def test_show_prints_outline_and_metadata(folder, records):
    r = by_title(records, "李炎同志在全县开学工作会上的讲话")
    out = CliRunner().invoke(app, ["show", r["id"], "--library", str(folder)])
    assert out.exit_code == 0, out.output
    assert "一、过去的工作" in out.output and "（六）坚守招生工作" in out.output
    assert "2011-08-25" in out.output and "│ 会议 " in out.output  # meeting_type, in Chinese
    assert "meeting_type" not in out.output and "(untitled)" not in out.output


def test_outline_command(folder, records):
    r = by_title(records, "在市政协十一届二十二次常委会议上的讲话")
    out = CliRunner().invoke(app, ["outline", r["id"], "--library", str(folder), "--json"])
    assert out.exit_code == 0, out.output
    assert [n["heading"] for n in json.loads(out.output)] == [
        "一、关于政协协商成果转化工作",
        "二、关于政协提案办理工作",
    ]
    out = CliRunner().invoke(app, ["outline", "nope", "--library", str(folder)])
    assert out.exit_code == 1


def test_facets_command(folder, records):
    out = CliRunner().invoke(app, ["facets", "--library", str(folder), "--json"])
    assert out.exit_code == 0, out.output
    counts = json.loads(out.output)
    assert set(counts) == {"sector", "genre", "scope", "year", "roles"}
    canonical = [r for r in records if r["canonical"]]  # one per family, as a search lists
    for facet in counts.values():
        assert sum(facet.values()) >= len(canonical)  # a speech may name two sectors
    for name in ("genre", "year", "roles"):
        assert sum(counts[name].values()) == len(canonical)
    assert counts["sector"]["关工委"] == 9  # seed 002's ten 关工委 speeches hold one copy
    assert counts["year"]["2011"] >= 1
    text = CliRunner().invoke(app, ["facets", "--library", str(folder)]).output
    assert "关工委" in text
