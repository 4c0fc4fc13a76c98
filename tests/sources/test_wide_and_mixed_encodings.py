"""UTF-16 and UTF-32 pages (Windows Notepad's "Unicode", with or without a BOM), and GB18030 pages
with a line of UTF-8 in them, decoded line by line with an edit (issue 20)."""

import codecs

import pytest
from reliability.small_inputs import speech

from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.sources import read_page
from jianghua.sources.encoding import decode_bytes, decode_with_notes

PAGE = speech("档案") + "附件：2024 年工作要点（ASCII 与全角混排）\n"
ENGLISH = "Minutes of the meeting\nAttendance: 12\nNext meeting: Monday\n" * 3

WIDE = {
    "utf-16 with BOM (Notepad)": (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16"),
    "utf-16 big-endian with BOM": (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16"),
    "utf-16-le without BOM": (PAGE.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be without BOM": (PAGE.encode("utf-16-be"), "utf-16-be"),
    "utf-32 with BOM": (codecs.BOM_UTF32_LE + PAGE.encode("utf-32-le"), "utf-32"),
    "utf-32-be with BOM": (codecs.BOM_UTF32_BE + PAGE.encode("utf-32-be"), "utf-32"),
    "utf-32-le without BOM": (PAGE.encode("utf-32-le"), "utf-32-le"),
    "utf-32-be without BOM": (PAGE.encode("utf-32-be"), "utf-32-be"),
}


@pytest.mark.parametrize("case", WIDE)
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_wide_unicode_pages_are_read_as_text(case, suffix, tmp_path):
    data, encoding = WIDE[case]
    path = tmp_path / f"page{suffix}"
    path.write_bytes(data)
    page = read_page(path)
    assert page.encoding == encoding
    assert "\n".join(page.original) + "\n" == PAGE
    assert any("档案工作会议" in line.text for line in page.lines)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_english_wide_text_without_bom(codec):
    assert decode_bytes(ENGLISH.encode(codec), "a.txt") == (ENGLISH, codec)


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("gb18030"),  # must stay GB18030, not become UTF-16 mojibake
        PAGE.encode("big5", "replace"),
        PAGE.encode("utf-8"),
    ],
)
def test_narrow_encodings_are_not_taken_for_wide_ones(data):
    _text, encoding = decode_bytes(data, "a.txt")
    assert not encoding.startswith(("utf-16", "utf-32"))


def test_binary_is_still_refused():
    data = bytes(range(256)) * 40
    with pytest.raises(SourceError, match="binary"):
        decode_bytes(data, "a.txt")


FOOTER = "版权所有：某某市人民政府办公室　联系电话 0797-1234567"


def mixed_page() -> tuple[bytes, list[str]]:
    lines = PAGE.splitlines()
    data = b"".join(
        (FOOTER if i == 4 else line).encode("utf-8" if i == 4 else "gb18030") + b"\n"
        for i, line in enumerate(lines)
    )
    return data, [FOOTER if i == 4 else line for i, line in enumerate(lines)]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_utf8_line_in_a_gb18030_page_is_decoded_alone_with_an_edit(suffix, tmp_path):
    data, expected = mixed_page()
    path = tmp_path / f"page{suffix}"
    path.write_bytes(data)
    page = read_page(path)
    assert page.encoding == "gb18030"
    assert list(page.original) == expected  # every line right, the UTF-8 one included
    edits = [e for e in page.edits if e.kind == "encoding"]
    assert len(edits) == 1
    edit = edits[0]
    assert edit.line == 5 and page.original[edit.line - 1] == edit.after == FOOTER
    assert edit.before == data.split(b"\n")[4].decode("gb18030", "replace")
    assert "UTF-8" in edit.reason and "gb18030" in edit.reason
    assert "\ufffd" in edit.before or edit.before != edit.after


def test_utf8_lines_that_read_as_gb18030_mojibake_are_found_too():
    """你好欢迎访问本站 in UTF-8 is valid GB18030 (浣犲ソ娆㈣繋…): strictness alone cannot tell."""
    line = "你好欢迎访问本站"
    assert line.encode("utf-8").decode("gb18030", "strict")  # the trap
    data = PAGE.encode("gb18030") + line.encode("utf-8") + b"\n"
    text, encoding = decode_bytes(data, "a.txt")
    assert encoding == "gb18030" and text.splitlines()[-1] == line


def test_a_gb18030_line_in_a_utf8_page_is_decoded_alone_with_an_edit(tmp_path):
    lines = PAGE.splitlines()
    data = b"".join(
        line.encode("gb18030" if i == 6 else "utf-8") + b"\n" for i, line in enumerate(lines)
    )
    (tmp_path / "p.txt").write_bytes(data)
    page = read_page(tmp_path / "p.txt")
    assert page.encoding == "utf-8" and list(page.original) == lines
    [edit] = page.edits
    assert (edit.kind, edit.line, edit.after) == ("encoding", 7, lines[6])
    assert "gb18030" in edit.reason and "\ufffd" in edit.before


def test_every_other_line_odd_still_reads_right_with_an_edit_per_minority_line():
    lines = PAGE.splitlines()
    data = b"".join(
        line.encode("gb18030" if i % 2 else "utf-8") + b"\n" for i, line in enumerate(lines)
    )
    text, encoding, notes = decode_with_notes(data, "a.txt")
    assert text.splitlines() == lines
    odd = "gb18030" if encoding == "utf-8" else "UTF-8"
    assert [n[0] for n in notes] == [
        i + 1 for i in range(len(lines)) if (i % 2) == (odd != "UTF-8")
    ]
    assert {n[3] for n in notes} == {odd}


def test_the_encoding_edit_is_stored(tmp_path):
    data, _ = mixed_page()
    (tmp_path / "p.txt").write_bytes(data)
    with Library(tmp_path / "lib") as lib:
        assert not ingest([tmp_path / "p.txt"], lib).failed
        rows = lib.db.execute("SELECT line, after FROM edits WHERE kind = 'encoding'").fetchall()
    assert [tuple(r) for r in rows] == [(5, FOOTER)]
