"""Repair a speech's lines into paragraphs: split glued headings, rejoin broken lines.

- A heading glued to its body with only a space between ("一、统一认识,客观评价…成效 今年以来,…",
  seed 004 line 5; seed 001 line 51) is split where the space is; without a space nothing is split,
  since it is not clear where the heading ends.
- 范文 sites turn keywords into links, and scraping the link breaks the sentence with a stray "。" on
  each side: "签订了《防治市区大气污染。" / "责任书。" / "》,督促其…" (seed 000 lines 334-336). Such a
  two-to-six character line between two lines is joined back, dropping the spurious "。".
- A line that stops mid-word and goes on in the very next line ("…明确工" / "作重点,…", seed 004
  lines 34-35) is joined unless the next line starts a heading or addresses the audience.
Each split and join is recorded as an Edit with the source lines involved.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from jianghua.records import Edit, Paragraph
from jianghua.split.cues import is_closing, is_exhortation, is_salutation
from jianghua.text import CLOSING_PUNCT, OPENING_QUOTES, SENTENCE_END, is_cjk, is_heading

_SPACE = re.compile(r"[ \u3000\xa0]+")
_LINK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}。$")


def split_glued_heading(p: Paragraph) -> tuple[list[Paragraph], list[Edit]]:
    """Split '一、标题 正文…' at the space that ends the heading, when that is clear."""
    text = p.text.strip()
    marker = re.match(r"^\s*\S{1,6}?[、)）.．]\s*|^\s*第[一二三四五六七八九十]+[,，、]\s*", text)
    if not is_heading(text) or not marker:
        return [p], []
    for m in _SPACE.finditer(text, marker.end()):
        head, body = text[: m.start()], text[m.end() :]
        if m.start() > 60 or re.search(r"[。！？!?]", head):
            break
        if (
            len(head) >= 6
            and len(body) >= 10
            and is_cjk(head[-1])
            and is_cjk(body[0])
            and head[-1] not in OPENING_QUOTES
        ):
            edit = Edit("split", p.first_line, text, f"{head}\n{body}", "heading glued to body")
            # columns as offsets into the paragraph's text, which starts at first_col of its line
            head_end = p.first_col + m.start() if p.first_line == p.last_line else p.last_col
            return [
                replace(p, text=head, last_line=p.first_line, last_col=head_end),
                replace(p, text=body, first_col=p.first_col + m.end()),
            ], [edit]
    return [p], []


def _typical_gap(paragraphs: list[Paragraph]) -> int:
    """1 when paragraphs sit on consecutive lines, 2 when a blank line separates them."""
    gaps = Counter(
        b.first_line - a.last_line for a, b in zip(paragraphs, paragraphs[1:], strict=False)
    )
    return gaps.most_common(1)[0][0] if gaps else 1


def _is_link_word(text: str) -> bool:
    return bool(_LINK_WORD.match(text)) and not is_closing(text) and not is_heading(text)


def _breaks_mid_sentence(tail: str, length: int, b: str) -> bool:
    """Whether a paragraph of `length` characters ending in `tail` goes on in line b. `tail` is
    the whole paragraph when it has at most 50 characters (a short one may be a heading, told by
    its start), else any end of it: only its last character matters then."""
    if length < 15 or tail[-1] in SENTENCE_END or is_heading(b) or is_salutation(b):
        return False
    if is_exhortation(b) or re.match(r"^(同志们|各位|朋友们)", b):
        return False
    if length <= 50 and is_heading(tail):
        return False  # a heading without final punctuation
    return is_cjk(tail[-1]) and (is_cjk(b[0]) or b[0] in "”’」』》）),，、")


class _Joined:
    """A paragraph being joined from lines: its pieces are joined once, at the end. Joining the
    text as it grew, and recording it whole in an edit per join, was quadratic in the lines of a
    paragraph, and a page without punctuation wrapped every 30 characters is one paragraph."""

    def __init__(self, p: Paragraph):
        self.first_line, self.last_line = p.first_line, p.last_line
        self.first_col, self.last_col = p.first_col, p.last_col
        self.pieces = [p.text]
        self.length = len(p.text)
        self.lines = [p.text]  # the lines as they were, for the edit
        self.reasons: list[str] = []

    def tail(self) -> str:
        """The text when it is short, else its last piece (see _breaks_mid_sentence)."""
        if self.length <= 50:
            return "".join(self.pieces)
        return next(piece for piece in reversed(self.pieces) if piece)

    def drop_last(self) -> None:
        """Drop the text's last character (a link's spurious "。")."""
        while not self.pieces[-1]:
            self.pieces.pop()
        self.pieces[-1] = self.pieces[-1][:-1]
        self.length -= 1

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.length += len(text)

    def paragraph(self, edits: list[Edit]) -> Paragraph:
        """The joined paragraph; its joins are one edit, from the lines as they were to it."""
        text = "".join(self.pieces)
        if self.reasons:
            reason = ", ".join(dict.fromkeys(self.reasons))
            edits.append(Edit("join", self.first_line, "\n".join(self.lines), text, reason))
        return Paragraph(text, self.first_line, self.last_line, self.first_col, self.last_col)


def rejoin(
    paragraphs: list[Paragraph], starts: set[int] = frozenset()
) -> tuple[list[Paragraph], list[Edit]]:
    """Join lines broken by keyword links or mid-sentence; linear in the characters of the lines.
    The joins that make one paragraph are one edit (seeds and samples: every paragraph joined
    is joined from two lines, or three around a keyword link). `starts`: the source lines that
    open a paragraph by their indent, never joined to the line above."""
    gap = _typical_gap(paragraphs)
    out: list[Paragraph] = []
    edits: list[Edit] = []
    i, n = 0, len(paragraphs)
    while i < n:
        cur = _Joined(paragraphs[i])
        i += 1
        while i < n and paragraphs[i].first_line - cur.last_line <= gap:
            nxt = paragraphs[i]
            if cur.tail().endswith("。") and _is_link_word(nxt.text):
                used = 1
                after = paragraphs[i + 1] if i + 1 < n else None
                if (
                    after
                    and after.first_line - nxt.last_line <= gap
                    and after.text[0] in CLOSING_PUNCT
                ):
                    used = 2
                cur.drop_last()
                cur.add(nxt.text[:-1] + after.text if used == 2 else nxt.text)
                cur.reasons.append("keyword link broke the line")
            elif (
                nxt.first_line == cur.last_line + 1
                and nxt.first_line not in starts
                and _breaks_mid_sentence(cur.tail(), cur.length, nxt.text)
            ):
                used = 1
                cur.add(nxt.text)
                cur.reasons.append("line broken mid-sentence")
            else:
                break
            cur.lines += [p.text for p in paragraphs[i : i + used]]
            cur.last_line = paragraphs[i + used - 1].last_line
            cur.last_col = paragraphs[i + used - 1].last_col
            i += used
        out.append(cur.paragraph(edits))
    return out, edits
