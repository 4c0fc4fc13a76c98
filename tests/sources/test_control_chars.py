"""Control characters (form feed, VT, ESC, SUB… as copied from PDF and Word) are removed at read
time with an edit, and every DOCX writer writes any text, even one holding every C0 control."""

import io

import docx
import pytest
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.compose.docx import write_docx
from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.sources import read_page
from jianghua.text import CONTROL_CHARS
from jianghua.web import export, views

C0 = "".join(chr(c) for c in range(32) if chr(c) != "\n")
BODY = (
    "同志们：\n今天召开全县安全生产工作会议，\x0c主要任务是部署今年的安全生产工作。\n"
    f"各级各部门要压实责任{C0}，狠抓落实\x1b[2J，坚决遏制重特大事故发生\x1a。\x7f\x85\n"
    "\x0c\x0b\n谢谢大家！\n"
)
# Enough ordinary text around them that the file is text, not binary (under 1 % control bytes).
PADDED = BODY + "会议要求，各级各部门要以高度负责的态度抓好安全生产各项工作。\n" * 40


def test_controls_are_removed_at_read_time_with_an_edit_per_line(tmp_path):
    path = tmp_path / "pdf_copy.txt"
    path.write_text(PADDED, encoding="utf-8")
    page = read_page(path)
    assert not any(CONTROL_CHARS.search(line.text) for line in page.lines)
    assert [line.source_line for line in page.lines][:4] == [
        1,
        2,
        3,
        5,
    ]  # the all-control line 4 goes
    edits = [e for e in page.edits if e.kind == "control"]
    assert [e.line for e in edits] == [2, 3, 4]
    assert "U+000C" in edits[0].reason and "U+001B" in edits[1].reason
    assert page.original[1] == BODY.split("\n")[1]  # the original keeps what the file says
    assert page.lines[2].text.startswith("各级各部门要压实责任\t，狠抓落实[2J")


def test_html_and_docx_text_lose_their_controls_too(tmp_path):
    html = tmp_path / "page.html"
    filler = "<p>会议要求，各级各部门要以高度负责的态度抓好安全生产各项工作。</p>" * 40
    html.write_text(f"<p>第一段\x0c文字\x1a。</p><p>\x1b\x0b</p>{filler}", encoding="utf-8")
    texts = [line.text for line in read_page(html).lines]
    # in HTML a form feed is white space (a browser shows a space); SUB and ESC are dropped
    assert texts[0] == "第一段 文字。" and texts[1].startswith("会议要求")
    doc = docx.Document()
    doc.add_paragraph("会议要求。")
    target = tmp_path / "a.docx"
    doc.save(target)
    _insert_in_document_xml(target, "会议要求", "会议\x1b要求")
    # XML cannot hold ESC at all (Word writes a page break as w:br): such a .docx is corrupt,
    # and the reader says so, naming the file
    with pytest.raises(SourceError, match=r"a\.docx: not a valid \.docx .*invalid Char value 27"):
        read_page(target)


def test_every_docx_writer_writes_text_holding_every_c0_control(tmp_path):
    text = f"标题{C0}尾"
    out = write_docx(tmp_path / "draft.docx", text, [(0, text), (1, text)], [text], label=text)
    read = docx.Document(str(out))
    assert any("标题" in p.text and "尾" in p.text for p in read.paragraphs)

    # the library's reader download and the 查重 report, from a library holding such a page
    page = tmp_path / "pdf_copy.txt"
    page.write_text(PADDED, encoding="utf-8")
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        assert not ingest([page], lib).failed
        for sid in lib.speech_ids():
            assert not CONTROL_CHARS.search(lib.speech(sid)["text"].replace("\n", ""))
            body = export.as_docx(views.speech_view(lib, sid))
            assert docx.Document(io.BytesIO(body)).paragraphs

    draft = tmp_path / "draft.txt"
    draft.write_text(PADDED, encoding="utf-8")  # a draft keeps its controls: the report copes
    report_path = tmp_path / "report.docx"
    result = CliRunner().invoke(
        app, ["check", str(draft), "--docx", str(report_path), "--library", str(folder)]
    )
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(report_path)).paragraphs]
    assert any("各级各部门要压实责任" in p for p in paragraphs)


def _insert_in_document_xml(path, old: str, new: str) -> None:
    """Put raw control characters into a .docx's XML, as broken writers do (python-docx refuses)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
