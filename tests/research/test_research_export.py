"""Tidy exports (CSV and Parquet) and the CLI commands over the library of conftest."""

import csv
import io
import json

import pyarrow.parquet as pq
from research_lib import S1_NEAR, chars
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.research import export

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result


def test_documents_export_every_speech_with_its_family(lib_folder, tmp_path):
    out = tmp_path / "docs.parquet"
    run("tidy", "documents", "--library", str(lib_folder), "--out", str(out), "--format", "parquet")
    table = pq.read_table(out).to_pylist()
    assert len(table) == 6
    assert list(table[0]) == list(export.DOC_COLUMNS)
    near = next(r for r in table if r["chars"] == chars(S1_NEAR))
    members = [r for r in table if r["family"] == near["family"]]
    assert len(members) == 2 and sum(r["canonical"] for r in members) == 1
    assert {r["level"] for r in members} == {"县"} and near["year"] == 2015


def test_hits_export_offsets_and_panel_csv(lib_folder, tmp_path):
    hits = tmp_path / "hits.csv"
    run(
        "tidy", "hits", "三个代表", "--library", str(lib_folder), "--out", str(hits), "--width", "5"
    )
    rows = list(csv.DictReader(io.StringIO(hits.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5 and {r["term"] for r in rows} == {"三个代表重要思想"}
    shown = json.loads(
        run("show", rows[0]["speech"], "--library", str(lib_folder), "--json").output
    )
    assert shown["text"][int(rows[0]["start"]) : int(rows[0]["end"])] == rows[0]["hit"]
    panel = tmp_path / "panel.csv"
    run(
        "tidy", "panel", "三个代表", "科学发展观", "--library", str(lib_folder), "--out", str(panel)
    )
    rows = list(csv.DictReader(io.StringIO(panel.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 * 3  # two terms × (2015, 2016, 未知)
    cell = next(r for r in rows if r["term"] == "三个代表重要思想" and r["value"] == "2015")
    assert (cell["mentions"], cell["speeches"], cell["copies"]) == ("3", "1", "4")


def test_cli_trend_kwic_collocates_json(lib_folder):
    trend = json.loads(run("trend", "三个代表", "--library", str(lib_folder), "--json").output)
    assert sum(r["mentions"] for r in trend["rows"]) == 5
    kwic = json.loads(run("kwic", "三个代表", "--library", str(lib_folder), "--json").output)
    assert kwic["total"] == 5
    out = run("collocates", "三个代表", "--library", str(lib_folder), "--min-count", "1").output
    assert "word" in out
    county = json.loads(
        run(
            "trend", "三个代表", "--library", str(lib_folder), "--where", "level=县", "--json"
        ).output
    )
    assert [(r["value"], r["mentions"]) for r in county["rows"]] == [("2015", 3)]
    bad = runner.invoke(app, ["trend", "--library", str(lib_folder), "三个代表", "--by", "x"])
    assert bad.exit_code == 2 and "不能按" in bad.output


def test_an_unwritable_output_is_a_clear_error(lib_folder, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = blocker / "docs.csv"  # a folder that is a file
    result = runner.invoke(
        app, ["tidy", "documents", "--library", str(lib_folder), "--out", str(out)]
    )
    assert result.exit_code == 2 and "docs.csv" in result.output and "cannot write" in result.output
