"""The DOCX writer, checked by reading the file back with python-docx."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from jianghua.compose.docx import SOURCES_HEADING, grid_pitches, write_docx
from jianghua.compose.render import to_pdf, to_png, tools_available

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def run_fonts(run) -> dict[str, str]:
    rfonts = run._element.rPr.find(qn("w:rFonts"))
    return {slot: rfonts.get(qn(f"w:{slot}")) for slot in SLOTS}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "draft.docx"
    write_docx(
        path,
        "在全县关心下一代工作会议上的讲话",
        [
            (0, "同志们："),
            (1, "一、充分肯定成绩"),
            (0, "过去一年，全县关工委工作取得了新成效。", [1]),
            (2, "（一）组织建设不断加强"),
            (3, "1.健全组织网络"),
            (4, "（1）乡镇关工委"),
            (0, "全县共有【数字】个基层关工委。", [1, 2]),
        ],
        ["示例来源甲 第1—3行", "示例来源乙 第9行"],
        subtitle=["县委书记　【姓名】", "（【日期】）"],
    )
    return path, Document(str(path))


def test_page_size_margins_and_grid(written):
    _, doc = written
    section = doc.sections[0]
    # sectPr stores twips, so compare millimetres to a twentieth of a point.
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    for length, mm in zip(measured, (210, 297, 37, 35, 28, 26), strict=True):
        assert abs(length.mm - mm) < 0.02, (length.mm, mm)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch, char_space = grid_pitches(28, 28)
    assert int(grid.get(qn("w:linePitch"))) == line_pitch
    assert int(grid.get(qn("w:charSpace"))) == char_space
    # 28 lines of the pitch fill the 225 mm text block to within one twip per line.
    assert abs(line_pitch * 28 - 225 * 1440 / 25.4) < 28


def test_standard_22_line_grid_gives_the_official_template_values():
    line_pitch, char_space = grid_pitches(22, 28)
    assert line_pitch == 579
    assert abs(char_space - (-849)) <= 3


def test_title_body_and_heading_fonts_in_all_four_slots(written):
    _, doc = written
    paragraphs = [p for p in doc.paragraphs if p.text]
    by_text = {p.text.split("[")[0]: p for p in paragraphs}
    title = by_text["在全县关心下一代工作会议上的讲话"]
    assert set(run_fonts(title.runs[0]).values()) == {"方正小标宋简体"}
    assert title.runs[0].font.size == Pt(22)
    expected = {
        "一、充分肯定成绩": ("黑体", False),
        "（一）组织建设不断加强": ("楷体_GB2312", False),
        "1.健全组织网络": ("仿宋_GB2312", True),
        "（1）乡镇关工委": ("仿宋_GB2312", False),
        "过去一年，全县关工委工作取得了新成效。": ("仿宋_GB2312", False),
    }
    for text, (font, bold) in expected.items():
        run = by_text[text].runs[0]
        assert set(run_fonts(run).values()) == {font}, text
        assert run.font.size == Pt(16), text
        assert bool(run.font.bold) is bold, text
    # Body and headings are indented two characters like the standard's paragraphs.
    ind = by_text["一、充分肯定成绩"]._element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_normal_style_and_defaults_name_the_body_font_without_theme_fonts(written):
    _, doc = written
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {rfonts.get(qn(f"w:{s}")) for s in SLOTS} == {"仿宋_GB2312"}
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rfonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert not [a for a in rfonts.attrib if "heme" in a]
    assert doc.styles["Normal"].font.size == Pt(16)


def test_citation_markers_are_superscript(written):
    _, doc = written
    markers = [r for p in doc.paragraphs for r in p.runs if r.font.superscript]
    assert [m.text for m in markers] == ["[1]", "[1,2]"]
    assert markers[0]._element.getparent().xpath("string(.)").startswith("过去一年")


def test_page_numbers_in_odd_and_even_footers(written):
    _, doc = written
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        instr = p._element.findall(".//" + qn("w:instrText"))
        assert [i.text.strip() for i in instr] == ["PAGE"]
        assert p._element.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        assert set(run_fonts(p.runs[0]).values()) == {"宋体"}
        assert p.runs[0].font.size == Pt(14)


def test_sources_appendix_on_a_new_page(written):
    _, doc = written
    texts = [p.text for p in doc.paragraphs]
    i = texts.index(SOURCES_HEADING)
    assert texts[i + 1 :] == ["[1] 示例来源甲 第1—3行", "[2] 示例来源乙 第9行"]
    breaks = doc.paragraphs[i - 1]._element.findall(".//" + qn("w:br"))
    assert breaks and breaks[0].get(qn("w:type")) == "page"


def test_font_table_gives_fallbacks_for_official_fonts(written):
    path, _ = written
    with zipfile.ZipFile(path) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in table


def test_common_font_profile(tmp_path):
    doc = Document(
        str(write_docx(tmp_path / "c.docx", "标题", [(1, "一、甲"), (0, "正文")], fonts="common"))
    )
    fonts = [set(run_fonts(p.runs[0]).values()) for p in doc.paragraphs if p.text]
    assert fonts == [{"宋体"}, {"黑体"}, {"仿宋"}]


def test_bad_blocks_are_refused(tmp_path):
    with pytest.raises(ValueError, match="level"):
        write_docx(tmp_path / "x.docx", "t", [(7, "x")])
    with pytest.raises(ValueError, match="cites source 2"):
        write_docx(tmp_path / "x.docx", "t", [(0, "x", [2])], ["only one"])
    with pytest.raises(ValueError, match="font profile"):
        write_docx(tmp_path / "x.docx", "t", [], fonts="fancy")


@pytest.mark.skipif(not tools_available(), reason="LibreOffice/poppler not installed")
def test_libreoffice_renders_a4_pages_with_page_numbers(tmp_path):
    """The layout survives a real renderer: A4 pages, — N — footers, the appendix at the end."""
    import subprocess

    body = "各级关工委要把关心下一代工作摆上重要议事日程，切实抓紧抓好。" * 12
    blocks = [(1, "一、提高认识")] + [(0, body)] * 6 + [(1, "二、抓好落实"), (0, body, [1])]
    path = write_docx(tmp_path / "r.docx", "在全县关心下一代工作会议上的讲话", blocks, ["来源"])
    pdf = to_pdf(path, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.8" in info  # A4 in points
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = text.split("\f")
    for n in range(1, pages + 1):
        assert f"—{n}—" in page_texts[n - 1].replace(" ", ""), n
    assert "附：引文来源" in page_texts[pages - 1].replace(" ", "")
    assert to_png(pdf, tmp_path / "page", pages=1)
