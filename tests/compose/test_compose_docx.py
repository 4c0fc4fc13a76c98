"""The DOCX writer, checked by reading the file back with python-docx."""

from __future__ import annotations

import datetime
import zipfile

import pytest
import rjieba
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from jianghua.compose.docx import (
    FOOTER_DISTANCE_MM,
    PPR_ORDER,
    RPR_ORDER,
    SOURCES_HEADING,
    condense_twentieths,
    grid_pitches,
    title_lines,
    write_docx,
    write_sources_docx,
)
from jianghua.compose.render import to_pdf, to_png, tools_available

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
TNR = "Times New Roman"


def run_fonts(run) -> dict[str, str]:
    rfonts = run._element.rPr.find(qn("w:rFonts"))
    return {slot: rfonts.get(qn(f"w:{slot}")) for slot in SLOTS}


def chinese_and_latin(run, chinese: str, latin: str = TNR) -> bool:
    """eastAsia names the Chinese font, the three Latin slots Times New Roman: all four set."""
    fonts = run_fonts(run)
    return fonts == {"ascii": latin, "hAnsi": latin, "cs": latin, "eastAsia": chinese}


HEADINGS = ["一、充分肯定成绩", "（一）组织建设不断加强", "1.健全组织网络", "（1）乡镇关工委"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "draft.docx"
    write_docx(
        path,
        "在全县关心下一代工作会议暨表彰大会上的讲话",
        [
            (0, "同志们："),
            (1, HEADINGS[0]),
            (0, "过去一年，全县关工委工作取得了新成效。", [1]),
            (2, HEADINGS[1]),
            (3, HEADINGS[2]),
            (4, HEADINGS[3]),
            (0, "全县共有【数字】个基层关工委。", [1, 2]),
        ],
        ["示例来源甲 第1—3行", "示例来源乙 第9行"],
        subtitle=["县委书记　【姓名】", "（【日期】）"],
    )
    return path, Document(str(path))


def test_page_size_margins_and_22_line_grid(written):
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
    assert grid.get(qn("w:type")) == "lines"
    pitch = int(grid.get(qn("w:linePitch")))
    assert pitch == 579
    # 22 lines of the pitch fill the 225 mm text block to within one twip per line.
    assert abs(pitch * 22 - 225 * 1440 / 25.4) < 22


def test_every_paragraph_has_the_exact_line_pitch(written):
    _, doc = written
    spacing = doc.styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert spacing.get(qn("w:line")) == "579"
    assert (spacing.get(qn("w:before")), spacing.get(qn("w:after"))) == ("0", "0")
    for p in doc.paragraphs:  # nothing overrides it with python-docx's 1.15 multiple
        own = p._element.pPr.find(qn("w:spacing")) if p._element.pPr is not None else None
        assert own is None or own.get(qn("w:lineRule")) == "exact"


def test_body_runs_condensed_to_28_characters_a_line():
    # 156 mm = 442.2 pt; 28 characters of 16 pt fit only condensed by 0.25 pt, 29 never.
    step = condense_twentieths(28) / 20
    assert step == -0.25
    width_pt = 156 * 72 / 25.4
    assert 28 * (16 + step) <= width_pt < 29 * (16 + step)


def test_standard_22_line_grid_gives_the_official_template_values():
    line_pitch, char_space = grid_pitches(22, 28)
    assert line_pitch == 579
    assert abs(char_space - (-849)) <= 3


def test_headings_keep_with_next_and_keep_lines(written):
    _, doc = written
    by_text = {p.text.split("[")[0]: p for p in doc.paragraphs if p.text}
    for text in HEADINGS:
        ppr = by_text[text]._element.pPr
        assert ppr.find(qn("w:keepNext")) is not None, text
        assert ppr.find(qn("w:keepLines")) is not None, text
    body = by_text["过去一年，全县关工委工作取得了新成效。"]._element.pPr
    assert body.find(qn("w:keepNext")) is None


def test_paragraph_properties_in_schema_order(written):
    """Word refuses a file whose pPr/rPr children are out of the schema's order."""
    _, doc = written
    section = doc.sections[0]
    footers = [*section.footer.paragraphs, *section.even_page_footer.paragraphs]
    for p in [*doc.paragraphs, *footers]:
        if p._element.pPr is None:
            continue
        names = [c.tag.split("}")[1] for c in p._element.pPr]
        ranks = [PPR_ORDER.index(n) for n in names]
        assert ranks == sorted(ranks), names
        for run in p.runs:
            names = [c.tag.split("}")[1] for c in run._element.rPr]
            ranks = [RPR_ORDER.index(n) for n in names]
            assert ranks == sorted(ranks), names
    for style in (doc.styles["Normal"],):
        names = [c.tag.split("}")[1] for c in style.element.rPr]
        assert [RPR_ORDER.index(n) for n in names] == sorted(RPR_ORDER.index(n) for n in names)


def test_salutation_flush_left_body_and_headings_indented_two_characters(written):
    _, doc = written
    by_text = {p.text.split("[")[0]: p for p in doc.paragraphs if p.text}
    ind = by_text["同志们："]._element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "0" and ind.get(qn("w:firstLine")) == "0"
    for text in (HEADINGS[0], "过去一年，全县关工委工作取得了新成效。"):
        ind = by_text[text]._element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"
        assert ind.get(qn("w:firstLine")) == "640"  # two 16 pt characters, for LibreOffice


def test_title_and_body_fonts_in_all_four_slots(written):
    _, doc = written
    paragraphs = [p for p in doc.paragraphs if p.text]
    by_text = {p.text.split("[")[0]: p for p in paragraphs}
    title = paragraphs[0]
    for run in title.runs:
        assert chinese_and_latin(run, "方正小标宋简体")
        assert run.font.size == Pt(22)
    expected = {
        HEADINGS[0]: ("黑体", False),
        HEADINGS[1]: ("楷体_GB2312", False),
        HEADINGS[2]: ("仿宋_GB2312", True),
        HEADINGS[3]: ("仿宋_GB2312", False),
        "过去一年，全县关工委工作取得了新成效。": ("仿宋_GB2312", False),
    }
    for text, (font, bold) in expected.items():
        run = by_text[text].runs[0]
        assert chinese_and_latin(run, font), text
        assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"
        assert run.font.size == Pt(16), text
        assert bool(run.font.bold) is bold, text


def test_title_broken_between_words_into_balanced_lines(written):
    _, doc = written
    title = doc.paragraphs[0]
    lines = [r.text.lstrip("\n") for r in title.runs]
    assert lines == ["在全县关心下一代工作", "会议暨表彰大会上的讲话"]
    assert [len(r._element.findall(qn("w:br"))) for r in title.runs] == [0, 1]


def test_title_lines_fit_and_never_cut_a_word():
    title = "在中国共产党于都县第十五届委员会第三次全体会议上的讲话"
    lines = title_lines(title)
    assert "".join(lines) == title and all(len(line) <= 20 for line in lines)
    words = rjieba.cut(title)
    bounds = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    assert len(lines[0]) in bounds
    assert abs(len(lines[0]) - len(lines[1])) <= 3
    assert title_lines("在全县关工委工作会议上的讲话") == ["在全县关工委工作会议上的讲话"]
    # never a line that starts with punctuation
    assert not any(line[0] in "，、" for line in title_lines("解放思想、独立思考，" * 4))


def test_normal_style_and_defaults_name_the_body_font_without_theme_fonts(written):
    _, doc = written
    rpr = doc.styles["Normal"].element.rPr
    rfonts = rpr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert {rfonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs")} == {TNR}
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rfonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert not [a for a in rfonts.attrib if "heme" in a]
    assert doc.styles["Normal"].font.size == Pt(16)


def test_file_properties_are_honest(written):
    path, doc = written
    cp = doc.core_properties
    assert cp.author == cp.last_modified_by == "jianghua"
    now = datetime.datetime.now(datetime.UTC)
    assert abs((cp.created - now).total_seconds()) < 600
    assert cp.modified == cp.created
    assert cp.title == "在全县关心下一代工作会议暨表彰大会上的讲话"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        app_xml = z.read("docProps/app.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
        rels = z.read("_rels/.rels").decode("utf-8")
    assert "python-docx" not in core and "2013" not in core
    assert "<Application>jianghua</Application>" in app_xml and "Microsoft" not in app_xml
    assert "docProps/thumbnail.jpeg" not in names and "thumbnail" not in rels


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
        # 4号半角宋体阿拉伯数字: the digits too, so all four slots name 宋体
        assert set(run_fonts(p.runs[1]).values()) == {"宋体"}
        assert p.runs[1].font.size == Pt(14)
        side = "right" if align == "right" else "left"
        ind = p._element.pPr.find(qn("w:ind"))
        assert ind.get(qn(f"w:{side}Chars")) == "100" and ind.get(qn(f"w:{side}")) == "280"
        spacing = p._element.pPr.find(qn("w:spacing"))
        assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("280", "exact")
    # The footer's 14 pt line ends footer_distance above the page edge; its dashes, at the middle
    # of the line, sit 7 mm below the text block (35 mm margin).
    line_mm = 14 * 25.4 / 72
    assert abs(section.footer_distance.mm - FOOTER_DISTANCE_MM) < 0.02
    assert abs(35 - (section.footer_distance.mm + line_mm / 2) - 7) < 0.05


def test_clean_copy_has_no_markers_and_no_appendix(tmp_path):
    blocks = [(0, "同志们：", [], "salutation"), (1, "一、甲"), (0, "正文。", [1])]
    doc = Document(str(write_docx(tmp_path / "p.docx", "标题", blocks, markers=False)))
    texts = [p.text for p in doc.paragraphs]
    assert "正文。" in texts and SOURCES_HEADING not in texts
    assert not any("[" in t for t in texts)
    assert not [r for p in doc.paragraphs for r in p.runs if r.font.superscript]
    sheet = Document(
        str(
            write_sources_docx(
                tmp_path / "s.docx", "标题", ["来源甲 第1行"], paragraphs=[("正文。", [1])]
            )
        )
    )
    texts = [p.text for p in sheet.paragraphs]
    assert "[1] 来源甲 第1行" in texts and "[1] 正文。" in texts
    assert sheet.core_properties.author == "jianghua"


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
    fonts = [run_fonts(p.runs[0])["eastAsia"] for p in doc.paragraphs if p.text]
    assert fonts == ["宋体", "黑体", "仿宋"]


def test_bad_blocks_are_refused(tmp_path):
    with pytest.raises(ValueError, match="level"):
        write_docx(tmp_path / "x.docx", "t", [(7, "x")])
    with pytest.raises(ValueError, match="cites source 2"):
        write_docx(tmp_path / "x.docx", "t", [(0, "x", [2])], ["only one"])
    with pytest.raises(ValueError, match="font profile"):
        write_docx(tmp_path / "x.docx", "t", [], fonts="fancy")


@pytest.mark.skipif(not tools_available(), reason="LibreOffice/poppler not installed")
def test_libreoffice_renders_22_lines_of_28_and_the_page_number_7mm_below(tmp_path):
    """The layout survives a real renderer: A4, 22 lines of 28 characters, — N — footers with
    their dashes 7 mm below the text block, odd right and even left, the appendix at the end."""
    import subprocess

    from PIL import Image

    body = "各级关工委要把关心下一代工作摆上重要议事日程切实抓紧抓好" * 12  # 28 characters
    # one long paragraph, so no widow or orphan control moves a line to the next page
    blocks = [(0, "同志们："), (1, "一、提高认识"), (0, body * 6)]
    blocks += [(1, "二、抓好落实"), (0, body, [1])]
    path = write_docx(tmp_path / "r.docx", "在全县关心下一代工作会议上的讲话", blocks, ["来源"])
    pdf = to_pdf(path, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.8" in info  # A4 in points
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = text.split("\f")
    for n in range(1, pages + 1):
        assert f"—{n}—" in page_texts[n - 1].replace(" ", ""), n
    assert "附：引文来源" in page_texts[pages - 1].replace(" ", "")
    # page 2 holds body text only: 22 lines, each full line 28 characters
    lines = [line.strip() for line in page_texts[1].splitlines() if line.strip()]
    body_lines = [line for line in lines if "—" not in line]
    assert len(body_lines) == 22, body_lines
    assert {len(line) for line in body_lines} == {28}
    png = to_png(pdf, tmp_path / "page", pages=2, dpi=150)
    mm = 150 / 25.4
    for n, image in enumerate(png[:2], 1):
        im = Image.open(image).convert("L")
        px, (width, height) = im.load(), im.size
        # the dash rows: the longest horizontal ink runs below the text block (262 mm)
        below = range(int(262 * mm), height)
        dash = max(below, key=lambda y: sum(px[x, y] < 128 for x in range(width)))
        assert abs(dash / mm - 262 - 7) < 0.7, (n, dash / mm)
        ink = [x for x in range(width) if px[x, dash] < 128]
        if n == 1:  # odd: right, one 4号 character (4.9 mm) in from the block's edge at 184 mm
            assert abs(184 - ink[-1] / mm - 4.9) < 1.2, ink[-1] / mm
        else:
            assert abs(ink[0] / mm - 28 - 4.9) < 1.2, ink[0] / mm


def test_a_title_line_holds_as_many_2hao_characters_as_the_block_is_wide():
    from jianghua.compose.docx import TEXT_WIDTH_MM
    from jianghua.compose.titles import TITLE_CHARS_PER_LINE

    assert TITLE_CHARS_PER_LINE == int(TEXT_WIDTH_MM * 72 / 25.4 // 22) == 20


def test_a_pasted_text_as_title_is_cut_to_lines_without_a_search():
    lines = title_lines("在全县关心下一代工作会议上的讲话" * 30)
    assert all(len(line) <= 20 for line in lines) and "".join(lines).startswith("在全县")
