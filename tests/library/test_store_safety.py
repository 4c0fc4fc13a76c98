"""Idempotent ingest, failures that leave the library unchanged, hostile inputs."""

import sqlite3
import zipfile

import pytest
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library import store as store_module
from jianghua.library.store import Library
from jianghua.pipeline import ingest

SPEECH = "同志们：\n这次全县工作会议的主要任务是总结去年工作，部署今年任务。\n一、充分肯定成绩\n去年全县经济社会发展取得新成效。\n谢谢大家！\n"


def dump(folder):
    """Every row of every table: what 'unchanged' means."""
    db = sqlite3.connect(folder / store_module.DB_NAME)
    tables = [
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    ]
    out = {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}"))) for t in tables}
    out["sources"] = [r.split(", '20")[0] for r in out["sources"]]  # ignore ingested_at
    db.close()
    return out


@pytest.fixture
def seeded(tmp_path):
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        ingest(["samples/004_ff2848a0e228d2d6.txt"], lib)
    return folder


def test_same_file_twice_changes_nothing(seeded, tmp_path):
    before = dump(seeded)
    copy = tmp_path / "renamed_copy.txt"  # same bytes under another name: still the same source
    copy.write_bytes(open("samples/004_ff2848a0e228d2d6.txt", "rb").read())
    with Library(seeded) as lib:
        report = ingest(["samples/004_ff2848a0e228d2d6.txt", copy], lib)
    assert [f.result.skipped for f in report.files] == [True, True]
    assert dump(seeded) == before


def test_failure_in_the_middle_of_a_file_leaves_the_library_unchanged(
    seeded, tmp_path, monkeypatch
):
    before = dump(seeded)
    page = tmp_path / "two.txt"
    page.write_text(SPEECH + SPEECH.replace("全县", "全市"), encoding="utf-8")
    calls = []
    real = Library._add_speech

    def failing(self, *args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(self, *args)

    monkeypatch.setattr(Library, "_add_speech", failing)
    with Library(seeded) as lib, pytest.raises(RuntimeError):
        ingest([page], lib)
    assert len(calls) == 2  # the first speech had been written inside the transaction
    assert dump(seeded) == before


def make_bad_files(folder):
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(folder / "nodoc.docx", "w") as z:
        z.writestr("hello.txt", "no document here")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def test_bad_files_get_clear_errors_and_the_library_is_unchanged(seeded, tmp_path):
    before = dump(seeded)
    bad = make_bad_files(tmp_path / "bad")
    with Library(seeded) as lib:
        report = ingest(
            [
                bad / n
                for n in ("empty.txt", "binary.txt", "broken.docx", "nodoc.docx", "image.png")
            ],
            lib,
        )
    errors = {f.path.split("/")[-1]: f.error for f in report.files}
    assert errors["empty.txt"] == "empty file"
    assert errors["binary.txt"] == "binary file, not text"
    assert (
        "not a valid .docx" in errors["broken.docx"] and "not a valid .docx" in errors["nodoc.docx"]
    )
    assert "not a readable image" in errors["image.png"]
    assert dump(seeded) == before


def test_gbk_file_and_html_with_script_give_correct_results(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(SPEECH.encode("gbk"))
    body = SPEECH.replace("全县", "全省").splitlines()
    body.insert(3, "会上要讨论<img src=x onerror=alert(1)>&lt;script&gt;的问题。")
    html = "<html><head><title>t</title><script>alert('x')</script></head><body>"
    html += "".join(f"<p>{line}</p>\n" for line in body) + "</body></html>"
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        report = ingest([tmp_path / "gbk.txt", tmp_path / "page.html"], lib)
        assert not report.failed
        records = list(lib.export_records())
    texts = {r["sources"][0]["file"]: r["text"] for r in records}
    assert texts["gbk.txt"].startswith("同志们：\n这次全县工作会议的主要任务是")
    assert "alert" not in texts["page.html"] and texts["page.html"].startswith(
        "同志们：\n这次全省工作会议"
    )
    assert "会上要讨论<script>的问题。" in texts["page.html"]  # escaped text stays text


def test_cli_ingest_stats_export_show(tmp_path):
    runner = CliRunner()
    lib = str(tmp_path / "lib")
    result = runner.invoke(app, ["ingest", "samples/004_ff2848a0e228d2d6.txt", "--library", lib])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["stats", "--json", "--library", lib])
    assert '"speeches": 5' in result.output
    out = tmp_path / "out.jsonl"
    assert (
        runner.invoke(
            app, ["export", "--format", "jsonl", "--out", str(out), "--library", lib]
        ).exit_code
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    first_id = lines[0].split('"id": "')[1].split('"')[0]
    shown = runner.invoke(app, ["show", first_id, "--library", lib])
    assert shown.exit_code == 0 and "004_ff2848a0e228d2d6.txt 第4–30行" in shown.output
    missing = runner.invoke(app, ["show", "nope", "--library", lib])
    assert missing.exit_code == 1 and "no speech with id 'nope'" in missing.output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(bad), "--library", lib])
    assert result.exit_code == 1 and "文件是空的" in result.output


def test_cli_refuses_a_missing_library(tmp_path):
    result = CliRunner().invoke(app, ["stats", "--library", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no library at" in result.output


def test_every_command_has_help_text():
    runner = CliRunner()
    for command in ("ingest", "stats", "export", "show"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100
