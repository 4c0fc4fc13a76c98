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


def _breaks_mid_sentence(a: str, b: str) -> bool:
    if len(a) < 15 or a[-1] in SENTENCE_END or is_heading(b) or is_salutation(b):
        return False
    if is_exhortation(b) or re.match(r"^(同志们|各位|朋友们)", b):
        return False
    if is_heading(a) and len(a) <= 50:
        return False  # a heading without final punctuation
    return is_cjk(a[-1]) and (is_cjk(b[0]) or b[0] in "”’」』》）),，、")


def rejoin(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Edit]]:
    """Join lines broken by keyword links or mid-sentence; linear in the number of lines."""
    gap = _typical_gap(paragraphs)
    out: list[Paragraph] = []
    edits: list[Edit] = []
    i, n = 0, len(paragraphs)
    while i < n:
        cur = paragraphs[i]
        i += 1
        while i < n and paragraphs[i].first_line - cur.last_line <= gap:
            nxt = paragraphs[i]
            if cur.text.endswith("。") and _is_link_word(nxt.text):
                joined, last, used = cur.text[:-1] + nxt.text, nxt.last_line, 1
                after = paragraphs[i + 1] if i + 1 < n else None
                if (
                    after
                    and after.first_line - nxt.last_line <= gap
                    and after.text[0] in CLOSING_PUNCT
                ):
                    joined, last, used = (
                        cur.text[:-1] + nxt.text[:-1] + after.text,
                        after.last_line,
                        2,
                    )
                before = "\n".join(p.text for p in [cur, *paragraphs[i : i + used]])
                edits.append(
                    Edit("join", cur.first_line, before, joined, "keyword link broke the line")
                )
            elif nxt.first_line == cur.last_line + 1 and _breaks_mid_sentence(cur.text, nxt.text):
                # Only lines with no blank between: where blank lines separate paragraphs, a line
                # without final punctuation usually lost it (seed 002 line 1002), it was not broken.
                joined, last, used = cur.text + nxt.text, nxt.last_line, 1
                edits.append(
                    Edit(
                        "join",
                        cur.first_line,
                        f"{cur.text}\n{nxt.text}",
                        joined,
                        "line broken mid-sentence",
                    )
                )
            else:
                break
            end = paragraphs[i + used - 1]
            cur = replace(cur, text=joined, last_line=last, last_col=end.last_col)
            i += used
        out.append(cur)
    return out, edits
