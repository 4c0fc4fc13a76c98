"""Cut run-on lines at their paragraph marks.

Why this exists: scrapers often write a whole article as one line, its paragraphs marked only by
the indent that began each of them ("　　", two ideographic spaces, or a run of spaces). Kept whole,
such a line is one paragraph holding the caption, the news lead, the title, the salutation and the
speech: nothing after it could tell them apart. Each piece becomes a line of its own, with the
same source line and its columns in it, so provenance stays exact; the cut is one edit per line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jianghua.records import Edit, Line, Page

# Two or more ideographic spaces (the indent of a paragraph), or four or more spaces / nbsp.
_MARK = re.compile(r"[\u3000]{2,}|[\u3000 \xa0]{4,}")
MIN_CHARS = 200  # a line shorter than this is a paragraph, whatever its spacing
MIN_MARKS = 3  # marks needed before a line counts as run-on text


def cut_line(line: Line) -> list[Line]:
    """The pieces of a run-on line between its paragraph marks (the line itself otherwise)."""
    text = line.text
    if len(text) < MIN_CHARS:
        return [line]
    marks = [m for m in _MARK.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if len(marks) < MIN_MARKS:
        return [line]
    pieces, start = [], 0
    for m in [*marks, None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            stop = line.col + end if m else line.end  # the last piece ends where the line did
            pieces.append(replace(line, text=piece.strip(), col=line.col + start + lead, end=stop))
        start = m.end() if m else len(text)
    return pieces


def split_run_on(page: Page) -> Page:
    """The page with every run-on line cut into its paragraphs."""
    if not any(len(line.text) >= MIN_CHARS for line in page.lines):
        return page
    lines: list[Line] = []
    edits: list[Edit] = []
    for line in page.lines:
        pieces = cut_line(line)
        if len(pieces) > 1:
            after = "\n".join(p.text for p in pieces)
            reason = "run-on line cut at its paragraph marks"
            edits.append(Edit("split", line.source_line, line.text, after, reason))
        lines += pieces
    return page.with_lines(lines, edits) if edits else page
