"""WordprocessingML helpers for the DOCX writer: fonts in all four slots, paragraph properties
in the schema's order (Word refuses a file whose children are out of order), exact spacing,
indents in characters and twips, keep-with-next.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt

BODY_PT = 16.0  # 3号: the body size, and the character an indent of "two characters" counts in
LATIN_FONT = "Times New Roman"  # digits and Latin letters


def set_run_font(
    run, font: str, size_pt: float | None = None, bold: bool | None = None, latin: str | None = None
) -> None:
    """Name `font` (and `latin` for digits and Latin letters) in all four rFonts slots of `run`."""
    rpr = run._element.get_or_add_rPr()
    _set_rfonts(rpr, font, latin)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.font.bold = bold


def _set_rfonts(rpr, font: str, latin: str | None = None) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    # Theme attributes override explicit names; drop them so the named font is used.
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    latin = latin or font
    for slot in ("ascii", "hAnsi", "cs"):
        rfonts.set(qn(f"w:{slot}"), latin)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:hint"), "eastAsia")


# The schema's order of the children of w:pPr and w:rPr that this module writes or that
# python-docx may have written; Word refuses a file whose children are out of order.
PPR_ORDER = tuple(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange".split()
)
RPR_ORDER = tuple(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split()
)


def _set_child(parent, tag: str, attrs: dict[str, str]) -> None:
    """Set `tag` (w:name) under `parent` (a w:pPr or w:rPr) with exactly `attrs`, creating it
    in its schema position when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = parent.makeelement(qn(tag), {})
        name = tag.split(":")[1]
        order = PPR_ORDER if parent.tag == qn("w:pPr") else RPR_ORDER
        later = set(order[order.index(name) + 1 :])
        anchor = next(
            (c for c in parent if isinstance(c.tag, str) and c.tag.split("}")[1] in later), None
        )
        if anchor is not None:
            anchor.addprevious(el)
        else:
            parent.append(el)
    el.attrib.clear()
    for k, v in attrs.items():
        el.set(qn(k), v)


def _exact_spacing(ppr, line_twips: int) -> None:
    _set_child(
        ppr,
        "w:spacing",
        {"w:before": "0", "w:after": "0", "w:line": str(line_twips), "w:lineRule": "exact"},
    )


def _style_fonts(style, font: str, size_pt: float, condense: int = 0) -> None:
    rpr = style.element.get_or_add_rPr()
    _set_rfonts(rpr, font, LATIN_FONT)
    style.font.size = Pt(size_pt)
    style.font.bold = False
    if condense:
        _set_child(rpr, "w:spacing", {"w:val": str(condense)})
    _set_child(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"})


def _doc_defaults(doc, font: str) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr, font, LATIN_FONT)
    sz = rpr.find(qn("w:sz"))
    if sz is not None:
        sz.set(qn("w:val"), str(int(BODY_PT * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _indent(paragraph, first_line_chars: int) -> None:
    """First line indented by whole characters (200 = two, Word's 首行缩进); 0 = flush left."""
    ppr = paragraph._element.get_or_add_pPr()
    # Both units: Word reads firstLineChars, LibreOffice only the twips of firstLine (3号 = 320).
    attrs = {
        "w:firstLineChars": str(first_line_chars),
        "w:firstLine": str(round(first_line_chars / 100 * BODY_PT * 20)),
    }
    _set_child(ppr, "w:ind", attrs)


def _keep_with_next(paragraph) -> None:
    """A heading stays on the page of the paragraph it introduces, and is never split."""
    ppr = paragraph._element.get_or_add_pPr()
    for tag in ("w:keepNext", "w:keepLines"):
        _set_child(ppr, tag, {})
