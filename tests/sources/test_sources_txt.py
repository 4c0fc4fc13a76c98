"""Plain-text pages: line splitting and numbering, and every encoding scraped pages come in."""

import codecs
import hashlib

import pytest

from jianghua.errors import SourceError
from jianghua.records import Line
from jianghua.sources import read_page

SIMPLIFIED = "各位代表，同志们：现在，我代表市人民政府向大会报告工作，请予审议。"
TRADITIONAL = "各位代表，同志們：現在，我代表市人民政府向大會報告工作，請予審議。"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_lines_keep_empty_lines_and_strip_cr(tmp_path):
    data = "第一行\r\n\r\n  第三行 \n".encode()
    path = write(tmp_path, "a.txt", data)
    page = read_page(path)
    assert page.lines == (Line("第一行", 1), Line("", 2), Line("  第三行 ", 3))
    assert page.original == ("第一行", "", "  第三行 ")
    assert page.encoding == "utf-8"
    assert page.format == "txt"
    assert page.path == str(path)
    assert page.name == "a.txt"
    assert page.sha256 == hashlib.sha256(data).hexdigest()
    assert page.meta == {}
    assert page.edits == ()
    assert page.script == "simplified"


def test_last_line_without_newline_is_a_line(tmp_path):
    page = read_page(write(tmp_path, "a.txt", "一\n二\n\n三".encode()))
    assert page.lines == (Line("一", 1), Line("二", 2), Line("", 3), Line("三", 4))


def test_bare_cr_line_ends(tmp_path):
    page = read_page(write(tmp_path, "mac.txt", "一\r二\r".encode()))
    assert page.lines == (Line("一", 1), Line("二", 2))


def test_utf8_bom(tmp_path):
    page = read_page(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "标题\n正文".encode()))
    assert page.encoding == "utf-8-sig"
    assert page.lines == (Line("标题", 1), Line("正文", 2))


def test_utf16_with_bom(tmp_path):
    page = read_page(write(tmp_path, "u16.txt", f"{SIMPLIFIED}\n第二行".encode("utf-16")))
    assert page.encoding == "utf-16"
    assert page.original == (SIMPLIFIED, "第二行")


def test_gb18030(tmp_path):
    text = f"在全市工作会议上的讲话\n{SIMPLIFIED}\n"
    page = read_page(write(tmp_path, "gb.txt", text.encode("gb18030")))
    assert page.encoding == "gb18030"
    assert page.original == ("在全市工作会议上的讲话", SIMPLIFIED)


def test_gbk_bytes_read_as_gb18030(tmp_path):
    page = read_page(write(tmp_path, "gbk.txt", SIMPLIFIED.encode("gbk")))
    assert (page.encoding, page.original) == ("gb18030", (SIMPLIFIED,))


def test_big5_traditional(tmp_path):
    # Big5 bytes also decode as GB18030 without error; the common-character score must pick Big5.
    text = f"在全市工作會議上的講話\n{TRADITIONAL}"
    data = text.encode("big5")
    assert data.decode("gb18030") != text  # the trap this test is about
    page = read_page(write(tmp_path, "big5.txt", data))
    assert page.encoding == "big5"
    assert page.original == ("在全市工作會議上的講話", TRADITIONAL)


def test_short_big5(tmp_path):
    page = read_page(write(tmp_path, "tw.txt", "臺灣地區".encode("big5")))
    assert (page.encoding, page.original) == ("big5", ("臺灣地區",))


def test_big5_with_microsoft_extension_characters(tmp_path):
    text = "圍棋的碁字，還有裏面"  # 碁 and 裏 are only in the cp950 (ETEN) extension of Big5
    page = read_page(write(tmp_path, "cp950.txt", text.encode("cp950")))
    assert (page.encoding, page.original) == ("cp950", (text,))


def test_stray_nul_bytes_are_removed(tmp_path):
    data = SIMPLIFIED.encode() + b"\x00\n\x00" + "第二行".encode() + b"\x00"
    page = read_page(write(tmp_path, "nul.txt", data))
    assert page.original == (SIMPLIFIED, "第二行")
    assert page.sha256 == hashlib.sha256(data).hexdigest()  # of the raw bytes, NULs included


def test_truncated_last_character_is_replaced(tmp_path):
    data = SIMPLIFIED.encode("gb18030")[:-1]  # half of '。'
    page = read_page(write(tmp_path, "cut.txt", data))
    assert page.encoding == "gb18030"
    assert page.original == (SIMPLIFIED[:-1] + "\ufffd",)


def test_rare_bad_byte_in_long_text_is_tolerated(tmp_path):
    good = ("中文内容" * 1000).encode()
    page = read_page(write(tmp_path, "one_bad.txt", good + b"\xff" + good))
    assert page.encoding == "utf-8"
    assert page.original == ("中文内容" * 1000 + "\ufffd" + "中文内容" * 1000,)


def test_undecodable_text(tmp_path):
    good = ("中文内容" * 100).encode()
    path = write(tmp_path, "bad.txt", good + b"\xff" + good + b"\xff" + good)
    with pytest.raises(SourceError) as info:
        read_page(path)
    assert info.value.path == str(path)
    assert info.value.reason.startswith("not UTF-8, GB18030 or Big5 text")


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", codecs.BOM_UTF8, "\u3000\n".encode()])
def test_empty_file(tmp_path, data):
    with pytest.raises(SourceError) as info:
        read_page(write(tmp_path, "empty.txt", data))
    assert info.value.reason == "empty file"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 100, b"\x89PNG\r\n\x1a\n" + bytes(64), b"PK\x03\x04" + bytes(100)],
    ids=["all-bytes", "png", "zip"],
)
def test_binary_file(tmp_path, data):
    with pytest.raises(SourceError) as info:
        read_page(write(tmp_path, "image.txt", data))
    assert info.value.reason == "binary file, not text"


def test_20_mb_single_line(tmp_path):
    text = "中" * 7_000_000  # 21 MB of UTF-8, no line end
    page = read_page(write(tmp_path, "long.txt", text.encode()))
    assert len(page.lines) == 1
    assert page.lines[0].source_line == 1
    assert len(page.lines[0].text) == 7_000_000


def test_a_million_empty_lines(tmp_path):
    page = read_page(write(tmp_path, "blank.txt", "标题".encode() + b"\n" * 1_000_000 + b"x"))
    assert len(page.lines) == 1_000_001
    assert page.lines[0] == Line("标题", 1)
    assert page.lines[500_000] == Line("", 500_001)
    assert page.lines[-1] == Line("x", 1_000_001)
