"""Write a speech as DOCX laid out to GB/T 9704-2012 (党政机关公文格式).

`write_docx(path, title, blocks, sources=None)` is the one entry point; blocks are
``(level, text)`` pairs, level 0 for a body paragraph and 1..4 for headings, optionally with a third
item (the numbers, 1-based, of the entries in `sources` the paragraph borrows from, printed as a
superscript ``[1,2]`` when ``markers=True``) and a fourth (the paragraph's kind, e.g. "salutation").
`write_sources_docx` writes the sources alone, the sheet that goes beside a clean copy for print.

Layout taken from the standard:
- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 156 mm × 225 mm text block.
- 22 lines × 28 characters: a line grid (docGrid type="lines") of 225 mm / 22 = 579 twips, and
  every paragraph at that exact line spacing, so Word and LibreOffice both set 22 lines a page
  (python-docx's default 1.15 "multiple" spacing gave about 24). 28 characters of 3号 (16 pt)
  are 448 pt and the block is 442 pt wide, so body runs are condensed by 0.25 pt a character
  (Word's 紧缩), which fits exactly 28 and not 29 in either program; a character grid
  (linesAndChars) would do the same in Word only, LibreOffice lays 14 characters on it.
- Title 2号 (22 pt) 小标宋, broken between words into lines of balanced length (at most 20
  characters of 22 pt fit a line); body 3号 仿宋; headings 一、 黑体, （一） 楷体, 1. 仿宋 bold,
  （1） 仿宋, each kept with the next paragraph and on one page; the salutation flush left.
- Page numbers 4号 (14 pt) 宋体 "— N —", the dashes 7 mm below the text block, right on odd pages
  and left on even pages, one character in from the edge.
- Digits and Latin letters in Times New Roman: every run names its fonts in all four rFonts slots
  (ascii, hAnsi and cs Times New Roman, eastAsia the Chinese font) with the eastAsia hint, so that
  neither the theme nor a machine set up differently picks another font, and shared punctuation
  (“” — …) stays in the Chinese font.

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are not installed everywhere, so the
font table gives each one an ``altName`` (宋体, 仿宋, 楷体) that Word and LibreOffice substitute when
the first is absent, and ``fonts="common"`` writes the widely installed names directly.
File properties say what wrote the file and when: author and application jianghua, the real time,
no template thumbnail (python-docx's template says "python-docx", 2013, Microsoft Word).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from jianghua.compose.ooxml import (
    LATIN_FONT,
    PPR_ORDER,
    RPR_ORDER,
    _doc_defaults,
    _exact_spacing,
    _indent,
    _keep_with_next,
    _set_child,
    _style_fonts,
    set_run_font,
)
from jianghua.compose.titles import TITLE_CHARS_PER_LINE, title_lines
from jianghua.structure.parts import ADDRESS, ADDRESS_WORD
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
AUTHOR = "jianghua"

# Points of the Chinese size names used by the standard.
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
TWIPS_PER_MM = 1440 / 25.4
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

# The page number line: 4号 at an exact 14 pt line, its dashes (drawn at the middle of the em box)
# 7 mm below the text block. Word anchors a footer's last line at footer_distance from the edge.
PAGE_NUMBER_LINE_TWIPS = int(SIZE_4HAO * 20)
PAGE_NUMBER_DROP_MM = 7.0
PAGE_NUMBER_LINE_MM = SIZE_4HAO * 25.4 / 72
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - PAGE_NUMBER_DROP_MM - PAGE_NUMBER_LINE_MM / 2

HEADING_STYLE = {  # level -> (font role, bold)
    1: ("h1", False),
    2: ("h2", False),
    3: ("body", True),
    4: ("body", False),
}

SOURCES_HEADING = "附：引文来源"
# A block of kind "runin<level>:<n>" is a heading run into its paragraph: its first n characters
# are the heading, set in the heading's font, the rest body text.
RUNIN = re.compile(r"^runin[1-4]:(\d+)$")


def grid_pitches(
    lines_per_page: int = LINES_PER_PAGE,
    chars_per_line: int = CHARS_PER_LINE,
    font_pt: float = SIZE_3HAO,
):
    """(linePitch in twips, charSpace in 1/4096 pt) that fit the grid into the text block.

    Word lays out `chars_per_line` characters when each is `font_pt` + charSpace/4096 points wide;
    22 × 28 gives the familiar official-template values 579 and -849.
    """
    height_twips = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * TWIPS_PER_MM
    width_pt = TEXT_WIDTH_MM * 72 / 25.4
    line_pitch = int(height_twips / lines_per_page)
    char_space = int((width_pt / chars_per_line - font_pt) * 4096)
    return line_pitch, char_space


def condense_twentieths(chars_per_line: int = CHARS_PER_LINE, font_pt: float = SIZE_3HAO) -> int:
    """Character spacing (w:spacing, 1/20 pt, negative = condensed) that fits `chars_per_line`
    characters of `font_pt` into the text block and not one more."""
    width_pt = TEXT_WIDTH_MM * 72 / 25.4
    pitch = width_pt / chars_per_line
    twentieths = math.floor((pitch - font_pt) * 20)
    return min(0, twentieths)


def is_salutation(text: str) -> bool:
    """An address line: 同志们： / 各位代表、同志们： (structure.parts' rule, ending in a colon)."""
    text = text.strip()
    return (
        len(text) <= 45
        and text.endswith(("：", ":"))
        and bool(ADDRESS.match(text))
        and bool(ADDRESS_WORD.search(text))
    )


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


def _page_setup(section, lines_per_page: int) -> None:
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})
        sect_pr.append(grid)
    line_pitch, _ = grid_pitches(lines_per_page)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))


def _page_number_paragraph(paragraph, font: str, odd: bool) -> None:
    """'— N —' with a PAGE field; odd pages right, even pages left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    ppr = paragraph._element.get_or_add_pPr()
    _set_child(ppr, "w:snapToGrid", {"w:val": "0"})
    _exact_spacing(ppr, PAGE_NUMBER_LINE_TWIPS)
    # 空一字: one 4号 character in, in characters for Word and twips for LibreOffice.
    side = "right" if odd else "left"
    _set_child(ppr, "w:ind", {f"w:{side}Chars": "100", f"w:{side}": str(PAGE_NUMBER_LINE_TWIPS)})
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
    # 4号半角宋体阿拉伯数字: the page number's digits stay in 宋体 (all four slots).
    for r in paragraph.runs:
        set_run_font(r, font, SIZE_4HAO, latin=font)


def _marker_text(refs: Sequence[int]) -> str:
    return "[" + ",".join(str(r) for r in refs) + "]"


def _normalise_block(block) -> tuple[int, str, tuple[int, ...], str]:
    if not 2 <= len(block) <= 4:
        raise ValueError(f"a block is (level, text[, source numbers[, kind]]), got {block!r}")
    level, text = block[0], block[1]
    refs = tuple(int(r) for r in (block[2] if len(block) > 2 else ()) or ())
    kind = str(block[3]) if len(block) > 3 and block[3] else ""
    level = int(level)
    if level not in (0, 1, 2, 3, 4):
        raise ValueError(f"block level must be 0 (body) or 1..4 (heading), got {level}")
    return level, str(text), refs, kind


def _honest_properties(doc, title: str) -> None:
    """Core and app properties that say jianghua wrote the file now; no template thumbnail."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = AUTHOR
    cp.created = cp.modified = now
    cp.revision = 1
    cp.title = xml_safe(title)[:255]
    cp.subject = cp.keywords = cp.comments = cp.category = ""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            part = rel.target_part
            ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
            root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
            etree.SubElement(root, f"{{{ns}}}Application").text = AUTHOR
            etree.SubElement(root, f"{{{ns}}}DocSecurity").text = "0"
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def _new_document(font_map: dict[str, tuple[str, str]], lines_per_page: int, chars_per_line: int):
    doc = Document()
    body_font = font_map["body"][0]
    _doc_defaults(doc, body_font)
    normal = doc.styles["Normal"]
    _style_fonts(normal, body_font, SIZE_3HAO, condense_twentieths(chars_per_line))
    line_pitch, _ = grid_pitches(lines_per_page, chars_per_line)
    _exact_spacing(normal.element.get_or_add_pPr(), line_pitch)
    _font_table(doc, font_map)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_setup(section, lines_per_page)
    _page_number_paragraph(section.footer.paragraphs[0], font_map["page"][0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], font_map["page"][0], odd=False)
    return doc


def _fonts(fonts: str | dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    if isinstance(fonts, str):
        if fonts not in FONT_PROFILES:
            raise ValueError(f"unknown font profile {fonts!r}; use one of {sorted(FONT_PROFILES)}")
        return dict(FONT_PROFILES[fonts])
    return {**OFFICIAL_FONTS, **fonts}


def _add_title(doc, title: str, subtitle: Sequence[str], font_map) -> None:
    # Title: 2号 小标宋, centred, broken between words; a blank line before the text.
    title_p = doc.add_paragraph()
    title_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent(title_p, 0)
    _keep_with_next(title_p)
    for i, line in enumerate(title_lines(xml_safe(title))):
        run = title_p.add_run(line)
        set_run_font(run, font_map["title"][0], SIZE_2HAO, latin=LATIN_FONT)
        _no_condense(run)
        if i:
            run._element.insert(1, run._element.makeelement(qn("w:br"), {}))
    for line in subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _indent(p, 0)
        _keep_with_next(p)
        set_run_font(p.add_run(xml_safe(line)), font_map["h2"][0], SIZE_3HAO, latin=LATIN_FONT)
    doc.add_paragraph()


def _no_condense(run) -> None:
    """The title keeps its full character width (the condensing fits 3号 body lines only)."""
    rpr = run._element.get_or_add_rPr()
    _set_child(rpr, "w:spacing", {"w:val": "0"})


def write_docx(
    path: str | Path,
    title: str,
    blocks: Iterable[Sequence],
    sources: Sequence[str] | None = None,
    *,
    subtitle: Sequence[str] = (),
    fonts: str | dict[str, tuple[str, str]] = "official",
    lines_per_page: int = LINES_PER_PAGE,
    chars_per_line: int = CHARS_PER_LINE,
    label: str | None = None,
    markers: bool = True,
) -> Path:
    """Write `title` and `blocks` to `path` as a GB/T 9704 DOCX and return the path.

    blocks: ``(level, text[, source_numbers[, kind]])``; level 0 = body paragraph, 1..4 = heading
    levels (一、 / （一） / 1. / （1）, the marker is part of `text`); kind "salutation" (or a
    body line that reads as an address, 同志们：) is set flush left.
    sources: appendix entries, printed numbered under "附：引文来源" on a new page; the numbers in
    blocks refer to them (1-based). markers=False with no sources is the clean copy for print.
    subtitle: lines under the title (speaker, date), centred in 楷体.
    fonts: "official", "common" or a dict role -> (font, fallback) with roles title, body, h1, h2, page.
    label: a note printed in the appendix (e.g. that a section was rewritten by a model).
    """
    font_map = _fonts(fonts)
    blocks = [_normalise_block(b) for b in blocks]
    sources = list(sources or [])
    for _, _, refs, _ in blocks:
        for r in refs:
            if not 1 <= r <= len(sources) and markers:
                raise ValueError(f"block cites source {r} but only {len(sources)} sources given")

    doc = _new_document(font_map, lines_per_page, chars_per_line)
    body_font = font_map["body"][0]
    _add_title(doc, title, subtitle, font_map)
    seen_heading = False
    for level, text, refs, kind in blocks:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if level == 0 and RUNIN.match(kind):
            raise ValueError(f"a run-in heading needs a heading level 1..4: {kind!r}")
        salutation = level == 0 and (
            kind == "salutation" or (not seen_heading and not kind and is_salutation(text))
        )
        _indent(p, 0 if salutation else 200)
        runin = RUNIN.match(kind)
        if runin:
            # a heading run into its paragraph: the heading part in the heading's font
            role, bold = HEADING_STYLE[level]
            cut = int(runin.group(1))
            seen_heading = True
            head = p.add_run(xml_safe(text[:cut]))
            set_run_font(head, font_map[role][0], SIZE_3HAO, bold, LATIN_FONT)
            rest = p.add_run(xml_safe(text[cut:]))
            set_run_font(rest, font_map["body"][0], SIZE_3HAO, False, LATIN_FONT)
        else:
            if level == 0:
                role, bold = "body", False
            else:
                role, bold = HEADING_STYLE[level]
                seen_heading = True
                _keep_with_next(p)
            run = p.add_run(xml_safe(text))
            set_run_font(run, font_map[role][0], SIZE_3HAO, bold, LATIN_FONT)
        if refs and markers:
            marker = p.add_run(_marker_text(refs))
            set_run_font(marker, body_font, SIZE_3HAO, latin=LATIN_FONT)
            marker.font.superscript = True

    if sources or label:
        # A new page for the appendix so the speech itself prints clean.
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _add_sources(doc, sources, label, font_map)
    _honest_properties(doc, title)
    path = Path(path)
    doc.save(str(path))
    return path


def _add_sources(doc, sources: Sequence[str], label: str | None, font_map) -> None:
    head = doc.add_paragraph()
    _indent(head, 0)
    _keep_with_next(head)
    set_run_font(head.add_run(SOURCES_HEADING), font_map["h1"][0], SIZE_3HAO, latin=LATIN_FONT)
    if label:
        p = doc.add_paragraph()
        set_run_font(p.add_run(xml_safe(label)), font_map["h2"][0], SIZE_3HAO, latin=LATIN_FONT)
    for i, source in enumerate(sources, 1):
        p = doc.add_paragraph()
        _indent(p, 0)
        set_run_font(
            p.add_run(xml_safe(f"[{i}] {source}")), font_map["body"][0], SIZE_3HAO, latin=LATIN_FONT
        )


def write_sources_docx(
    path: str | Path,
    title: str,
    sources: Sequence[str],
    *,
    label: str | None = None,
    fonts: str | dict[str, tuple[str, str]] = "official",
    paragraphs: Sequence[tuple[str, Sequence[int]]] = (),
) -> Path:
    """The sources of the draft `title` as a sheet of their own (beside the clean copy): the
    numbered list, then which paragraph (its first words) borrows from which entry."""
    font_map = _fonts(fonts)
    doc = _new_document(font_map, LINES_PER_PAGE, CHARS_PER_LINE)
    _add_title(doc, f"《{title}》引文来源", (), font_map)
    _add_sources(doc, sources, label, font_map)
    if paragraphs:
        head = doc.add_paragraph()
        _indent(head, 0)
        _keep_with_next(head)
        set_run_font(head.add_run("附：段落与来源"), font_map["h1"][0], SIZE_3HAO, latin=LATIN_FONT)
        for text, refs in paragraphs:
            if not refs:
                continue
            p = doc.add_paragraph()
            _indent(p, 0)
            line = f"{_marker_text(refs)} {text[:24]}{'…' if len(text) > 24 else ''}"
            set_run_font(
                p.add_run(xml_safe(line)), font_map["body"][0], SIZE_3HAO, latin=LATIN_FONT
            )
    _honest_properties(doc, f"《{title}》引文来源")
    path = Path(path)
    doc.save(str(path))
    return path


__all__ = [
    "PPR_ORDER",
    "RPR_ORDER",
    "TITLE_CHARS_PER_LINE",
    "COMMON_FONTS",
    "FOOTER_DISTANCE_MM",
    "OFFICIAL_FONTS",
    "SOURCES_HEADING",
    "grid_pitches",
    "is_salutation",
    "set_run_font",
    "title_lines",
    "write_docx",
    "write_sources_docx",
]
