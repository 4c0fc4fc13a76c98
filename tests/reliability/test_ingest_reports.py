"""`jianghua ingest` says what it did with every file and what it passed over (issue 20): hostile
file names are printed escaped, never as markup or raw control bytes; an unreadable sub-folder,
unsupported files and a folder with nothing to ingest are named; piped output has a line per file.
"""

from __future__ import annotations

import io
import json

import pytest
from reliability.small_inputs import NO_OVERRIDE, TOPICS, cli, permissions_hold, speech
from rich.console import Console
from typer.testing import CliRunner

from jianghua.cli import app, ingest_report, library_cmds
from jianghua.library.store import Library

# Names that broke the run or reached the terminal raw: rich markup (a closing tag with nothing
# open is a MarkupError: here the file red]x.txt in a folder named "["), a screen-clearing ESC
# sequence, a newline that forges a line of output, a bell and a right-to-left override.
HOSTILE = [
    "[/red]x.txt",
    "[bold]粗体.txt",
    "clear\x1b[2J\x1b[Hscreen.txt",
    "two\nlines.txt",
    "bell\x07\u202eevil.txt",
]


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[").mkdir()
    for name, topic in zip(HOSTILE, TOPICS, strict=False):
        (folder / name).write_text(speech(topic), encoding="utf-8")
    return folder


def test_hostile_names_piped_a_line_per_file_nothing_raw(hostile, tmp_path):
    done = cli("ingest", hostile, "--library", tmp_path / "lib", "--skip", "embeddings")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    lines = [line for line in done.stdout.splitlines() if "已导入" in line]
    assert len(lines) == len(HOSTILE)  # one line per file, the newline in a name escaped
    assert any("clear\\x1b[2J\\x1b[Hscreen.txt" in line for line in lines)
    assert any("two\\x0alines.txt" in line for line in lines)
    assert any("[/red]x.txt" in line for line in lines)
    with Library(tmp_path / "lib", create=False) as lib:
        names = sorted(r["sources"][0]["file"] for r in lib.export_records())
    assert names == sorted(HOSTILE)  # the library keeps the names as they are


def test_hostile_names_in_the_terminal_table(hostile, tmp_path, monkeypatch):
    """On a terminal the files are a table, every cell of which rich would read as markup."""
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=300, color_system=None)
    monkeypatch.setattr(ingest_report, "console", terminal)
    monkeypatch.setattr(library_cmds, "console", terminal)
    result = CliRunner().invoke(
        app, ["ingest", str(hostile), "--library", str(tmp_path / "lib"), "--skip", "embeddings"]
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    shown = screen.getvalue()
    assert "\x1b[2J" not in shown and "\x07" not in shown
    assert "[/red]x.txt" in shown and "[bold]粗体.txt" in shown
    assert "screen.txt" in shown and "clear\\x1b[2J" in shown
    assert shown.count("已导入") == len(HOSTILE)


def test_an_unreadable_sub_folder_is_named_and_fails_the_run(tmp_path):
    if not permissions_hold(tmp_path):
        pytest.skip("setpriv cannot drop root's permission override here")
    folder = tmp_path / "in"
    (folder / "open").mkdir(parents=True)
    (folder / "locked").mkdir()
    (folder / "open" / "a.txt").write_text(speech(TOPICS[0]), encoding="utf-8")
    (folder / "locked" / "b.txt").write_text(speech(TOPICS[1]), encoding="utf-8")
    (folder / "locked").chmod(0o000)
    lib = tmp_path / "lib"
    try:
        done = cli("ingest", folder, "--library", lib, "--skip", "embeddings", prefix=NO_OVERRIDE)
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"无法读取文件夹 {folder / 'locked'}（没有权限）" in done.stderr
    assert "Traceback" not in done.stderr
    with Library(lib, create=False) as lib_:
        assert [r["sources"][0]["file"] for r in lib_.export_records()] == ["open/a.txt"]


def test_a_folder_of_unsupported_files_names_them_and_fails(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("报告.xlsx", "通知.pptx", "讲话.mp3", "另一个.xlsx", "README"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 not a page")
    done = cli("ingest", folder, "--library", tmp_path / "lib")
    assert done.returncode == 1
    assert "未导入 5 个不支持的文件" in done.stderr
    assert ".xlsx 2 个" in done.stderr and ".pptx 1 个" in done.stderr
    assert ".mp3 1 个" in done.stderr and "（无扩展名） 1 个" in done.stderr
    for name in ("报告.xlsx", "通知.pptx", "讲话.mp3", "README"):
        assert str(folder / name) in done.stderr
    assert "没有可导入的文件" in done.stderr and "Traceback" not in done.stderr


def test_unsupported_files_beside_pages_are_reported_and_the_run_succeeds(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "讲话.txt").write_text(speech(TOPICS[2]), encoding="utf-8")
    (folder / "统计表.xlsx").write_bytes(b"PK\x03\x04")
    done = cli("ingest", folder, "--library", tmp_path / "lib", "--skip", "embeddings")
    assert done.returncode == 0, done.stderr
    assert "未导入 1 个不支持的文件（.xlsx 1 个" in done.stderr
    assert str(folder / "统计表.xlsx") in done.stderr
    assert sum("已导入" in line for line in done.stdout.splitlines()) == 1


def test_a_missing_path_is_named(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(speech(TOPICS[3]), encoding="utf-8")
    done = cli("ingest", page, tmp_path / "不存在.txt", "--library", tmp_path / "lib")
    assert done.returncode == 1
    assert f"{tmp_path / '不存在.txt'}：文件或文件夹不存在" in done.stderr
    stats = cli("stats", "--library", tmp_path / "lib", "--json")
    assert json.loads(stats.stdout)["sources"] == 1


def test_escape_helpers_cover_every_control_character():
    from jianghua.cli.common import plain, shown

    every = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    assert not any(ch in plain(every) for ch in every)
    assert plain("a\x1bb") == "a\\x1bb" and plain("中\u2066文") == "中\\u2066文"
    assert shown("[/red]x") == "\\[/red]x"


def test_show_outline_and_check_print_hostile_names_and_titles(tmp_path):
    """Titles can come from file names, and file names reach show's sources and check's table."""
    from jianghua.library.indexes import update_all
    from jianghua.pipeline import ingest

    folder = tmp_path / "in"
    (folder / "[").mkdir(parents=True)
    page = folder / "[/red]x.txt"
    body = speech(TOPICS[0]).split("\n", 1)[1]  # no title line: the title is the file name's
    page.write_text(body, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        assert not ingest([folder], lib).failed
        update_all(lib, skip=("embeddings",))
        [record] = list(lib.export_records())
    lib_arg = ["--library", str(tmp_path / "lib")]
    for command in (["show", record["id"]], ["outline", record["id"]], ["check", str(page)]):
        result = CliRunner().invoke(app, [*command, *lib_arg])
        assert result.exit_code == 0, (command, result.output, result.exception)
        assert "\x1b" not in result.output
    shown = CliRunner().invoke(app, ["show", record["id"], *lib_arg]).output
    assert "来源：[/red]x.txt 第" in shown
    assert "[/red]x.txt" in CliRunner().invoke(app, ["check", str(page), *lib_arg]).output
