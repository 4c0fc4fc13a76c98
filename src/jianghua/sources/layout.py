"""Pages of positioned lines (a PDF's text layer, OCR, OFD) into a `Page` of paragraphs.

Why this exists: a PDF or a scan holds lines placed on pages, not paragraphs. A printed speech has
a running header ("某某市人民政府办公室文件") and a page number ("— 3 —", "第3页 共9页") on every page,
its paragraphs wrapped at the right margin and broken at the foot of one page to go on at the top
of the next. Read line by line, every wrapped line would be cut into a paragraph of its own (the
cleaning step rejoins only lines broken mid-word) and the page furniture would sit inside the text.

Here, per page:
- Page numbers and running headers/footers are removed as noise with their reason (an Edit of
  kind 'noise', as clean/noise.py records), but only in the top or bottom two lines of a page: a
  running line is one whose text, digits masked, recurs at the same edge of at least two pages and
  of half the pages; on any page, a first line set in type at most 0.8 times the body's is one.
- Lines are joined into paragraphs by geometry: a line goes on in the next when it reaches the
  right edge of the text block and the next line starts at the left edge (a new paragraph is
  indented, or follows a short line, or a wider gap). The last line of a page goes on at the top
  of the next page by the same test, recorded as an Edit 'join' ("line broken at the page edge").

Provenance: as for .docx, source line numbers are paragraph numbers (1-based, in reading order
across the pages, noise lines counted as their own entries); `original` holds each entry's text.
`page.meta["layout"]["where"]` gives, per entry (index = source line - 1), the pieces it was made
of: [page, line on that page, column in the entry where the piece starts, x0, y0, x1, y1,
confidence] (page and line 1-based; the box from the page's top left in its units: points for a
PDF text layer, pixels of the image for OCR (a scanned PDF page rendered at 144 dpi), millimetres
for OFD; confidence None for a text layer). `layout.source_page` gives a source line's page, and
the reader's "显示原文" shows it. With OCR, `page.meta["layout"]["low"]` lists [source line, start, end]:
character ranges of an entry whose recognition confidence is below ocr.LOW_CONFIDENCE.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from jianghua.records import Edit, Line, Page

_PAGE_NUMBER = re.compile(
    r"^[-－—–一_\s]*\d{1,4}[-－—–一_\s]*$"  # "— 3 —", "- 3 -", "3" (OCR reads — as 一)
    r"|^第\s*\d{1,4}\s*页\s*[,，/／]?\s*(共\s*\d{1,4}\s*页)?$"  # "第3页 共9页", "第 3 页"
    r"|^\d{1,4}\s*[/／]\s*\d{1,4}$"  # "3/9"
    r"|^(page|Page|PAGE)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$"
)
_DIGITS = re.compile(r"\d+")
_EDGE = 2  # lines at the top and at the bottom of a page that may be a running header/footer


@dataclass
class TextLine:
    """One line on a page: its text and box (page units, origin at the top left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None  # recognition confidence of the line (OCR), None for a text layer
    char_conf: list[float] | None = None  # one per character of `text` (OCR)


@dataclass
class PageLines:
    lines: list[TextLine]
    number: int  # 1-based page number in the file
    ocr: bool = False


@dataclass
class _Entry:
    pieces: list[tuple[int, int, TextLine]] = field(default_factory=list)  # (page, line, line)
    noise: str | None = None
    page_join: bool = False


def _running_keys(pages: list[PageLines]) -> set[tuple[str, str]]:
    """(edge, text with digits masked) of lines that recur at a page's top or bottom."""
    counts: Counter = Counter()
    for page in pages:
        seen = set()
        for edge, chosen in (("top", page.lines[:_EDGE]), ("bottom", page.lines[-_EDGE:])):
            for line in chosen:
                seen.add((edge, _DIGITS.sub("#", line.text.strip())))
        counts.update(seen)
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed and key[1]}


def _noise_reason(
    page: PageLines, index: int, running: set[tuple[str, str]], single: bool
) -> str | None:
    n = len(page.lines)
    at_top, at_bottom = index < _EDGE, index >= n - _EDGE
    if not (at_top or at_bottom):
        return None
    text = page.lines[index].text.strip()
    if _PAGE_NUMBER.match(text) and (not single or at_bottom):
        return "page number"
    key = _DIGITS.sub("#", text)
    if at_top and ("top", key) in running:
        return "running header"
    if index == 0 and n >= 5 and _small_type(page.lines):
        return "running header"
    if at_bottom and ("bottom", key) in running:
        return "running footer"
    return None


def _small_type(lines: list[TextLine]) -> bool:
    """The first line of a page is set in smaller type than the text under it (a running
    header: what tells it on a page of its own, where nothing recurs)."""
    heights = sorted(line.y1 - line.y0 for line in lines[1:])
    body = heights[len(heights) // 2]
    return 0 < lines[0].y1 - lines[0].y0 <= 0.8 * body


class _Geometry:
    """The text block of a page: its left and right edges, a character's width, a line's pitch."""

    def __init__(self, lines: list[TextLine]):
        heights = [max(line.y1 - line.y0, 1e-3) for line in lines] or [1.0]
        self.char = median(heights)
        lefts = Counter(round(line.x0 / (self.char / 2)) for line in lines)
        self.left = min(
            (k for k, c in lefts.items() if c >= max(2, len(lines) // 5)),
            default=min(lefts, default=0),
        ) * (self.char / 2)
        rights = sorted(line.x1 for line in lines)
        self.right = rights[int(len(rights) * 0.9)] if rights else 0.0
        pitches = [b.y0 - a.y0 for a, b in zip(lines, lines[1:], strict=False) if 0 < b.y0 - a.y0]
        self.pitch = median(pitches) if pitches else self.char * 1.6

    def full(self, line: TextLine) -> bool:
        """The line reaches the right edge of the block (it wraps on)."""
        return line.x1 >= self.right - 1.5 * self.char

    def flush_left(self, line: TextLine) -> bool:
        """The line starts at the left edge (not indented like a paragraph's first line)."""
        return line.x0 <= self.left + 0.8 * self.char


def _goes_on(a: TextLine, b: TextLine, ga: _Geometry, gb: _Geometry, same_page: bool) -> bool:
    if not a.text.strip() or not b.text.strip():
        return False
    if not ga.full(a) or not gb.flush_left(b) or a.text.rstrip()[-1:] in "：:":
        return False
    return not same_page or b.y0 - a.y0 <= 1.4 * ga.pitch


def assemble(
    pages: list[PageLines], path: str, name: str, sha256: str, fmt: str, encoding: str
) -> Page:
    """The Page of paragraphs made from positioned lines (see the module docstring)."""
    running = _running_keys(pages) if len(pages) > 1 else set()
    entries: list[_Entry] = []
    previous: tuple[TextLine, _Geometry] | None = None
    for page in pages:
        body = [
            (i, line)
            for i, line in enumerate(page.lines)
            if _noise_reason(page, i, running, len(pages) == 1) is None
        ]
        geometry = _Geometry([line for _, line in body])
        same_page = False
        for i, line in enumerate(page.lines):
            reason = _noise_reason(page, i, running, len(pages) == 1)
            if reason is not None:
                entries.append(_Entry([(page.number, i + 1, line)], noise=reason))
                continue
            if previous is not None:
                last = next(e for e in reversed(entries) if e.noise is None)
                if _goes_on(previous[0], line, previous[1], geometry, same_page):
                    last.pieces.append((page.number, i + 1, line))
                    last.page_join = last.page_join or not same_page
                    previous, same_page = (line, geometry), True
                    continue
            entries.append(_Entry([(page.number, i + 1, line)]))
            previous, same_page = (line, geometry), True
    return _page(entries, path, name, sha256, fmt, encoding, len(pages))


def _page(entries, path, name, sha256, fmt, encoding, page_count) -> Page:
    original, lines, edits, where, low = [], [], [], [], []
    for number, entry in enumerate(entries, 1):
        text, pieces = "", []
        for page_no, line_no, line in entry.pieces:
            piece = line.text.strip() if entry.noise is None else line.text
            start = len(text)
            pieces.append(
                [
                    page_no,
                    line_no,
                    start,
                    *(round(v, 1) for v in (line.x0, line.y0, line.x1, line.y1)),
                ]
                + [None if line.conf is None else round(line.conf, 3)]
            )
            low.extend([number, start + a, start + b] for a, b in _low_spans(line, piece))
            text += piece
        original.append(text)
        where.append(pieces)
        if entry.noise is not None:
            edits.append(Edit("noise", number, text, "", entry.noise))
            continue
        if entry.page_join:
            before = "\n".join(line.text.strip() for _, _, line in entry.pieces)
            edits.append(Edit("join", number, before, text, "line broken at the page edge"))
        if text.strip():
            lines.append(Line(text, number))
    layout = {"pages": page_count, "where": where}
    if low:
        layout["low"] = low
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding=encoding,
        format=fmt,
        lines=tuple(lines),
        original=tuple(original),
        meta={"layout": layout},
        edits=tuple(edits),
    )


def _low_spans(line: TextLine, piece: str) -> list[tuple[int, int]]:
    """Ranges of `piece` (the line's text stripped) whose characters were recognised with a
    confidence under ocr.LOW_CONFIDENCE."""
    from jianghua.sources.ocr import LOW_CONFIDENCE

    if not line.char_conf or len(line.char_conf) != len(line.text):
        return []
    offset = len(line.text) - len(line.text.lstrip())
    spans: list[tuple[int, int]] = []
    for k in range(len(piece)):
        if line.char_conf[offset + k] < LOW_CONFIDENCE:
            if spans and spans[-1][1] == k:
                spans[-1] = (spans[-1][0], k + 1)
            else:
                spans.append((k, k + 1))
    return spans


def source_page(page: Page, line: int) -> int | None:
    """The page (1-based) on which source line `line` of a laid-out page starts."""
    where = (page.meta.get("layout") or {}).get("where") or []
    if 1 <= line <= len(where) and where[line - 1]:
        return where[line - 1][0][0]
    return None


def low_confidence(page: Page, speeches) -> list[list[dict]]:
    """Per speech, the characters OCR recognised with low confidence: a located flag
    {"kind": "ocr_low_confidence", "start", "end", "detail"} per range, offsets into the speech's
    text, so that the reader marks them 【请核对】. A range the cleaning steps moved is looked up
    by its context in the paragraph; one that cannot be found is flagged without a place."""
    low = (page.meta.get("layout") or {}).get("low")
    found: list[list[dict]] = [[] for _ in speeches]
    if not low:
        return found
    by_line: dict[int, list[tuple[int, int]]] = {}
    for line, start, end in low:
        by_line.setdefault(line, []).append((start, end))
    for speech, flags in zip(speeches, found, strict=True):
        offset = 0
        for paragraph in speech.paragraphs:
            for line in range(paragraph.first_line, paragraph.last_line + 1):
                if line not in by_line or not 1 <= line <= len(page.original):
                    continue
                source = page.original[line - 1]
                for start, end in by_line[line]:
                    flags.append(_located(source, start, end, paragraph, offset, line))
            offset += len(paragraph.text) + 1
    return found


def _located(source: str, start: int, end: int, paragraph, offset: int, line: int) -> dict:
    chars = source[start:end]
    flag = {"kind": "ocr_low_confidence", "detail": f"识别置信度低：“{chars}”（原第{line}段）"}
    text = paragraph.text
    shift = start - paragraph.first_col if paragraph.first_line == line else None
    if shift is not None and text[shift : shift + len(chars)] == chars:
        at = shift
    else:
        context = source[max(0, start - 4) : end + 4]
        found = text.find(context) if context else -1
        at = found + (start - max(0, start - 4)) if found >= 0 else -1
    if at >= 0 and text[at : at + len(chars)] == chars:
        flag["start"], flag["end"] = offset + at, offset + at + len(chars)
    return flag
