"""`jianghua format`: a writer's own draft laid out to GB/T 9704 (title, salutation, headings)."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.compose.layout import format_file, lay_out
from jianghua.web.app import create_app

DRAFT = [
    "在全县关心下一代工作会议暨表彰大会上的讲话",
    "县委书记　张三",
    "（2025年3月1日）",
    "同志们：",
    "今天召开全县关心下一代工作会议，主要任务是总结工作、部署任务。",
    "一、提高认识，增强做好关心下一代工作的责任感",
    "关心下一代工作是一项长期的战略任务。",
    "（一）加强组织建设。全县要健全县、乡、村三级关工委组织网络，做到机构、人员、经费三落实。",
    "1.健全工作网络",
    "（1）乡镇关工委",
    "各乡镇要配齐配强关工委班子。",
    "二、突出重点，扎实推进",
    "同志们，让我们携起手来，共同开创关心下一代工作新局面！",
]


def write_plain_docx(path, lines):
    """A draft as a writer types it in Word: one plain paragraph a line, default styles."""
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    doc.save(str(path))
    return path


def test_lay_out_finds_title_subtitle_salutation_and_heading_levels():
    text = "\n".join(DRAFT)
    laid = lay_out(text)
    assert laid.title == DRAFT[0]
    assert laid.subtitle == DRAFT[1:3]
    kinds = [(b[0], b[3].split(":")[0]) for b in laid.blocks]
    assert kinds == [
        (0, "salutation"),
        (0, ""),
        (1, "heading"),
        (0, ""),
        (2, "runin2"),  # （一）加强组织建设。 run into its paragraph
        (3, "heading"),
        (4, "heading"),
        (0, ""),
        (1, "heading"),
        (0, ""),
    ]
    runin = laid.blocks[4]
    cut = int(runin[3].split(":")[1])
    assert runin[1][:cut] == "（一）加强组织建设。"
    # every block is the slice of its paragraph in the text
    for block, (start, end) in zip(laid.blocks, laid.spans, strict=True):
        assert text[start:end] == block[1]
    assert laid.counts()["1级标题"] == 2 and laid.counts()["称谓"] == 1


def test_a_title_the_writer_broke_over_two_lines_is_joined():
    laid = lay_out("在全县关心下一代工作\n会议上的讲话\n（2025年3月1日）\n同志们：\n正文。")
    assert laid.title == "在全县关心下一代工作会议上的讲话"
    assert laid.subtitle == ["（2025年3月1日）"]


def test_no_salutation_and_no_title_are_said_not_invented():
    laid = lay_out("一、提高认识\n关心下一代工作是一项长期的战略任务。")
    assert laid.title == "【标题】"
    assert any("称谓" in n for n in laid.notes) and any("标题" in n for n in laid.notes)
    assert [b[0] for b in laid.blocks] == [1, 0]
    with pytest.raises(ValueError, match="empty"):
        lay_out("\n \n")


def test_format_file_writes_the_standard_layout(tmp_path):
    src = write_plain_docx(tmp_path / "mine.docx", DRAFT)
    out = tmp_path / "out.docx"
    format_file(src, out)
    doc = Document(str(out))
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    paragraphs = {p.text: p for p in doc.paragraphs if p.text}
    assert doc.paragraphs[0].runs[0].font.size.pt == 22
    ind = paragraphs["同志们："]._element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "0"
    for heading, font in (
        ("一、提高认识，增强做好关心下一代工作的责任感", "黑体"),
        ("1.健全工作网络", "仿宋_GB2312"),
        ("（1）乡镇关工委", "仿宋_GB2312"),
    ):
        p = paragraphs[heading]
        assert p._element.pPr.find(qn("w:keepNext")) is not None
        assert p.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == font
    runin = next(p for t, p in paragraphs.items() if t.startswith("（一）"))
    fonts = [r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runin.runs]
    assert [r.text for r in runin.runs][0] == "（一）加强组织建设。"
    assert fonts == ["楷体_GB2312", "仿宋_GB2312"]
    assert runin._element.pPr.find(qn("w:keepNext")) is None  # it holds body text
    # nothing reworded: every line of the draft is in the output
    texts = [p.text.replace("\n", "") for p in doc.paragraphs]
    assert all(line in texts for line in DRAFT)


def test_a_composed_draft_laid_out_again_keeps_its_title_and_headings(county_draft_text):
    draft, text = county_draft_text
    laid = lay_out(text)
    assert laid.title == draft.title
    headings = [(p.level, p.text) for p in draft.paragraphs if p.level]
    found = [(b[0], b[1]) for b in laid.blocks if b[3] == "heading"]
    assert found == headings


@pytest.fixture(scope="module")
def county_draft_text(profiles):
    from jianghua.compose.export import render_text
    from jianghua.compose.spec import ComposeSpec
    from jianghua.compose.workbench import Composer

    spec = ComposeSpec(occasion="全县关工委工作会议", year=2025, place="于都县")
    composer = Composer(profiles=profiles)
    draft = composer.draft(spec, composer.auto_choices(spec))
    text = render_text(draft)
    # the plain-text export's appendix and [n] markers are not part of the speech
    text = text.split("\n附：引文来源")[0].replace("　　", "")
    return draft, re.sub(r"\[\d+(?:,\d+)*\]$", "", text, flags=re.M)


def test_cli_format(tmp_path):
    src = write_plain_docx(tmp_path / "mine.docx", DRAFT)
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(app, ["format", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert "1级标题 2" in result.output and out.exists()
    missing = CliRunner().invoke(app, ["format", str(tmp_path / "nope.docx"), str(out)])
    assert missing.exit_code == 2 and "nope.docx" in missing.output
    assert "not found" in missing.output
    wrong = CliRunner().invoke(app, ["format", str(src), str(tmp_path / "out.pdf")])
    assert wrong.exit_code == 2 and ".docx" in wrong.output


def test_web_format_form_and_upload(seed_library, tmp_path):
    client = TestClient(create_app(seed_library.folder))
    page = client.get("/compose/format")
    assert page.status_code == 200 and 'action="/compose/format"' in page.text
    assert "GB/T 9704" in page.text
    src = write_plain_docx(tmp_path / "mine.docx", DRAFT)
    r = client.post(
        "/compose/format",
        files={"file": ("我的讲话.docx", src.read_bytes())},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"] == 'attachment; filename="formatted.docx"'
    import io

    doc = Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text.replace("\n", "") == DRAFT[0]
    bad = client.post("/compose/format", files={"file": ("x.pdf", b"%PDF")})
    assert bad.status_code == 415 and "x.pdf" in bad.text


def test_format_refuses_a_damaged_or_unknown_file_naming_it(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(app, ["format", str(broken), str(out)])
    assert result.exit_code == 2 and "broken.docx" in result.output
    assert not out.exists()
    odd = tmp_path / "mine.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(app, ["format", str(odd), str(out)])
    assert result.exit_code == 2 and "mine.pdf" in result.output and "unsupported" in result.output


def test_a_dash_led_subtitle_under_a_main_title():
    laid = lay_out(
        "凝心聚力 奋力开创关心下一代工作新局面\n——在全县关心下一代工作会议上的讲话\n"
        "县委书记　张三\n同志们：\n正文。"
    )
    assert laid.title == "凝心聚力 奋力开创关心下一代工作新局面"
    assert laid.subtitle == ["——在全县关心下一代工作会议上的讲话", "县委书记　张三"]
