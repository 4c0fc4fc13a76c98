"""Write a speech as DOCX in the body style of GB/T 9704-2012 (党政机关公文格式).

`write_docx(path, title, blocks, sources=None)` is the one entry point; blocks are
``(level, text)`` pairs, level 0 for a body paragraph and 1..4 for headings, optionally with a third
item: the numbers (1-based) of the entries in `sources` that paragraph borrows from, printed as a
superscript marker ``[1,2]`` so every borrowed sentence stays traceable to the appendix.

Layout taken from the standard: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
(a 156 mm × 225 mm text block); title 2号 (22 pt) 小标宋; body 3号 (16 pt) 仿宋; level-1 headings 黑体,
level-2 楷体, level-3 仿宋 bold, level-4 仿宋; page numbers 4号 (14 pt) 宋体 "— 1 —" in the footer,
right on odd pages and left on even pages, one character in from the edge. The page grid
(docGrid linesAndChars) defaults to 28 lines × 28 characters as the project asked; the standard's
own default is 22 lines, pass ``lines_per_page=22`` for that.

Fonts: every run names its font in all four slots (ascii, hAnsi, eastAsia, cs) so that neither the
theme nor the Latin font wins on a machine set up differently. The official fonts (方正小标宋简体,
仿宋_GB2312, 楷体_GB2312) are not installed everywhere, so the font table gives each one an
``altName`` (宋体, 仿宋, 楷体) that Word and LibreOffice substitute when the first is absent, and
``fonts="common"`` writes the widely installed names directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from jianghua.text import xml_safe

# Font roles -> (font written in the runs, fallback written as altName in the font table).
OFFICIAL_FONTS = {
    "title": ("方正小标宋简体", "宋体"),
    "body": ("仿宋_GB2312", "仿宋"),
    "h1": ("黑体", "SimHei"),
    "h2": ("楷体_GB2312", "楷体"),
    "page": ("宋体", "SimSun"),
}
# Names installed with every Chinese Windows since Vista and in most Linux CJK font packages' aliases.
COMMON_FONTS = {
    "title": ("宋体", "SimSun"),
    "body": ("仿宋", "FangSong"),
    "h1": ("黑体", "SimHei"),
    "h2": ("楷体", "KaiTi"),
    "page": ("宋体", "SimSun"),
}
FONT_PROFILES = {"official": OFFICIAL_FONTS, "common": COMMON_FONTS}

# Points of the Chinese size names used by the standard.
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TWIPS_PER_MM = 1440 / 25.4

HEADING_STYLE = {  # level -> (font role, bold)
    1: ("h1", False),
    2: ("h2", False),
    3: ("body", True),
    4: ("body", False),
}

SOURCES_HEADING = "附：引文来源"


def grid_pitches(lines_per_page: int, chars_per_line: int, font_pt: float = SIZE_3HAO):
    """(linePitch in twips, charSpace in 1/4096 pt) that fit the grid into the text block.

    Word lays out `chars_per_line` characters when each is `font_pt` + charSpace/4096 points wide;
    22 × 28 gives the familiar official-template values 579 and -849.
    """
    height_twips = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * TWIPS_PER_MM
    width_pt = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * 72 / 25.4
    line_pitch = int(height_twips / lines_per_page)
    char_space = int((width_pt / chars_per_line - font_pt) * 4096)
    return line_pitch, char_space


def set_run_font(run, font: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Name `font` in all four rFonts slots of `run` (a python-docx Run or an rPr owner)."""
    rpr = run._element.get_or_add_rPr()
    _set_rfonts(rpr, font)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold


def _set_rfonts(rpr, font: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    # Theme attributes override explicit names; drop them so the named font is used.
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), font)


def _style_fonts(style, font: str, size_pt: float, bold: bool = False) -> None:
    rpr = style.element.get_or_add_rPr()
    _set_rfonts(rpr, font)
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _doc_defaults(doc, font: str) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr, font)
    sz = rpr.find(qn("w:sz"))
    if sz is not None:
        sz.set(qn("w:val"), str(int(SIZE_3HAO * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _first_line_chars(paragraph, hundredths: int) -> None:
    """Indent the first line by whole characters (200 = two characters), as Word's 首行缩进."""
    ppr = paragraph._element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ppr.makeelement(qn("w:ind"), {})
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(hundredths))


def _font_table(doc, fonts: dict[str, tuple[str, str]]) -> None:
    """Add each font with its altName to the font table so a missing font falls back sensibly."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for name, alt in {v for v in fonts.values()}:
        font = present.get(name)
        if font is None:
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
        for child in font.findall(qn("w:altName")):
            font.remove(child)
        alt_el = etree.Element(qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        font.insert(0, alt_el)
        for tag, val in (("charset", "86"), ("family", "modern"), ("pitch", "fixed")):
            if font.find(qn(f"w:{tag}")) is None:
                el = etree.SubElement(font, qn(f"w:{tag}"))
                el.set(qn("w:val"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(section, lines_per_page: int, chars_per_line: int) -> None:
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    # The standard puts the page number's baseline 7 mm below the text block.
    section.header_distance, section.footer_distance = Mm(15), Mm(28)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})
        sect_pr.append(grid)
    line_pitch, char_space = grid_pitches(lines_per_page, chars_per_line)
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def _page_number_paragraph(paragraph, font: str, odd: bool) -> None:
    """'— N —' with a PAGE field; odd pages right, even pages left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    ppr = paragraph._element.get_or_add_pPr()
    ind = ppr.makeelement(qn("w:ind"), {})
    ind.set(qn("w:rightChars" if odd else "w:leftChars"), "100")
    ppr.append(ind)
    for child in list(paragraph._element):
        if child.tag == qn("w:r"):
            paragraph._element.remove(child)
    paragraph.add_run("— ")
    run = paragraph.add_run()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for xml in (
        f'<w:fldChar xmlns:w="{w}" w:fldCharType="begin"/>',
        f'<w:instrText xmlns:w="{w}" xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar xmlns:w="{w}" w:fldCharType="separate"/>',
    ):
        run._element.append(parse_xml(xml))
    run._element.append(parse_xml(f'<w:t xmlns:w="{w}">1</w:t>'))
    run._element.append(parse_xml(f'<w:fldChar xmlns:w="{w}" w:fldCharType="end"/>'))
    paragraph.add_run(" —")
    for r in paragraph.runs:
        set_run_font(r, font, SIZE_4HAO)


def _marker_text(refs: Sequence[int]) -> str:
    return "[" + ",".join(str(r) for r in refs) + "]"


def _normalise_block(block) -> tuple[int, str, tuple[int, ...]]:
    if len(block) == 2:
        level, text = block
        refs: tuple[int, ...] = ()
    elif len(block) == 3:
        level, text, refs = block
        refs = tuple(int(r) for r in refs or ())
    else:
        raise ValueError(
            f"a block is (level, text) or (level, text, source numbers), got {block!r}"
        )
    level = int(level)
    if level not in (0, 1, 2, 3, 4):
        raise ValueError(f"block level must be 0 (body) or 1..4 (heading), got {level}")
    return level, str(text), refs


def write_docx(
    path: str | Path,
    title: str,
    blocks: Iterable[Sequence],
    sources: Sequence[str] | None = None,
    *,
    subtitle: Sequence[str] = (),
    fonts: str | dict[str, tuple[str, str]] = "official",
    lines_per_page: int = 28,
    chars_per_line: int = 28,
    label: str | None = None,
) -> Path:
    """Write `title` and `blocks` to `path` as a GB/T 9704-style DOCX and return the path.

    blocks: ``(level, text)`` or ``(level, text, source_numbers)``; level 0 = body paragraph,
    1..4 = heading levels (一、 / （一） / 1. / （1）, the marker is part of `text`).
    sources: appendix entries, printed numbered under "附：引文来源" on a new page; the numbers in
    blocks refer to them (1-based). subtitle: lines under the title (speaker, date), centred in 楷体.
    fonts: "official", "common" or a dict role -> (font, fallback) with roles title, body, h1, h2, page.
    label: a note printed in the appendix (e.g. that a section was rewritten by a model).
    """
    if isinstance(fonts, str):
        if fonts not in FONT_PROFILES:
            raise ValueError(f"unknown font profile {fonts!r}; use one of {sorted(FONT_PROFILES)}")
        font_map = dict(FONT_PROFILES[fonts])
    else:
        font_map = {**OFFICIAL_FONTS, **fonts}
    blocks = [_normalise_block(b) for b in blocks]
    sources = list(sources or [])
    for _, _, refs in blocks:
        for r in refs:
            if not 1 <= r <= len(sources):
                raise ValueError(f"block cites source {r} but only {len(sources)} sources given")

    doc = Document()
    body_font = font_map["body"][0]
    _doc_defaults(doc, body_font)
    _style_fonts(doc.styles["Normal"], body_font, SIZE_3HAO)
    normal_pf = doc.styles["Normal"].paragraph_format
    normal_pf.space_before = normal_pf.space_after = Pt(0)
    _font_table(doc, font_map)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_setup(section, lines_per_page, chars_per_line)
    _page_number_paragraph(section.footer.paragraphs[0], font_map["page"][0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], font_map["page"][0], odd=False)

    # Title: 2号 小标宋, centred; a blank line between title and text as the standard lays it out.
    title_p = doc.add_paragraph()
    title_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(title_p.add_run(xml_safe(title)), font_map["title"][0], SIZE_2HAO)
    for line in subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(xml_safe(line)), font_map["h2"][0], SIZE_3HAO)
    doc.add_paragraph()

    for level, text, refs in blocks:
        p = doc.add_paragraph()
        _first_line_chars(p, 200)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if level == 0:
            role, bold = "body", False
        else:
            role, bold = HEADING_STYLE[level]
        set_run_font(p.add_run(xml_safe(text)), font_map[role][0], SIZE_3HAO, bold)
        if refs:
            marker = p.add_run(_marker_text(refs))
            set_run_font(marker, font_map["body"][0], SIZE_3HAO)
            marker.font.superscript = True

    if sources or label:
        # A new page for the appendix so the speech itself prints clean.
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        head = doc.add_paragraph()
        set_run_font(head.add_run(SOURCES_HEADING), font_map["h1"][0], SIZE_3HAO)
        if label:
            p = doc.add_paragraph()
            set_run_font(p.add_run(xml_safe(label)), font_map["h2"][0], SIZE_3HAO)
        for i, source in enumerate(sources, 1):
            p = doc.add_paragraph()
            set_run_font(p.add_run(xml_safe(f"[{i}] {source}")), body_font, SIZE_3HAO)

    path = Path(path)
    doc.save(str(path))
    return path


__all__ = [
    "COMMON_FONTS",
    "OFFICIAL_FONTS",
    "SOURCES_HEADING",
    "grid_pitches",
    "set_run_font",
    "write_docx",
]
