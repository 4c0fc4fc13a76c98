"""Normalise punctuation and spacing of one line of Chinese text, recording what changed.

Scraped pages mix half-width ASCII punctuation into Chinese text (every seed writes "同志们:" and
"," with ASCII characters), pad words with spaces ("“ 一带一路 ”", "39 个", seed 001), and carry a
scraper's stray "。" after a salutation ("同志们:。", seed 000 line 24). Output uses full-width
Chinese punctuation; numbers, ratios and Latin words keep theirs ("1,000", "3:2", "RCEP").
"""

from __future__ import annotations

import re

from jianghua.records import Edit
from jianghua.text import is_cjk, is_cjk_punct

_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_WHITESPACE = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u200b]+")


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PUNCT = re.compile(r"[,:;!?]")
_PARENS = re.compile(r"[(（)）]")
_STRAY_STOP = re.compile(r"([:：])\s*[。.]\s*$")
# Characters full_width_punct may change; the rest of a line is never looked at one by one.
_CHANGEABLE = re.compile(r'[,:;!?()"]|[。.]\s*$')


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.-_/+&'")


def _chinese_context(text: str) -> bool:
    return _CJK.search(text) is not None


def _paren_pairs(text: str) -> dict[int, int]:
    pairs, stack = {}, []
    for m in _PARENS.finditer(text):
        if m.group() in "(（":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _full_width(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """full_width_punct's result and its changes as (offset, old, new), offsets into `text`.

    Substitutions are one for one, so offsets hold; only the stray 。 after a final colon is
    dropped, as the last change. The line is cut at the changed characters and joined once."""
    if not _CHANGEABLE.search(text) or not _chinese_context(text):
        return text, []
    n = len(text)
    new: dict[int, str] = {}
    for m in _PUNCT.finditer(text):
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if prev and nxt and _ascii_word(prev) and _ascii_word(nxt):
            continue  # 1,000 · 10:30 · 3:2 · a,b
        if ch in "!?" and prev and prev.isascii() and prev.isalpha():
            continue  # a Latin sentence
        new[i] = _FULL[ch]
    if "(" in text or ")" in text:
        for start, end in _paren_pairs(text).items():
            if text[start] != "(" and text[end] != ")":
                continue
            inside = text[start + 1 : end]
            before = text[start - 1] if start > 0 else ""
            after = text[end + 1] if end + 1 < n else ""
            if _chinese_context(inside) or is_cjk(before) or is_cjk(after) or not before:
                new[start], new[end] = "（", "）"
    quotes = text.count('"')
    if quotes and quotes % 2 == 0:
        i = -1
        for k in range(quotes):
            i = text.index('"', i + 1)
            new[i] = "“" if k % 2 == 0 else "”"
    changes = [(i, text[i], c) for i, c in sorted(new.items()) if text[i] != c]
    pieces, last = [], 0
    for i, _, c in changes:
        pieces += (text[last:i], c)
        last = i + 1
    pieces.append(text[last:])
    out = "".join(pieces)
    # "同志们:。" — a stray full stop after a colon at the end of a line.
    stray = _STRAY_STOP.search(out)
    if stray:
        cut = stray.start(1) + 1
        changes.append((cut, text[cut:], ""))
        out = out[:cut]
    return out, changes


def full_width_punct(text: str) -> str:
    """ASCII ,:;!?() become full-width in Chinese text, except inside numbers and Latin words."""
    return _full_width(text)[0]


def _collapse(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Collapsed text and its changes as (offset, old run, new run)."""
    out: list[str] = []
    changes: list[tuple[int, str, str]] = []
    for m in _WHITESPACE.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        keep = (
            before
            and after
            and before.isascii()
            and after.isascii()
            and not (is_cjk_punct(before) or is_cjk_punct(after))
        )
        if m.group(0) != (" " if keep else ""):
            changes.append((m.start(), m.group(0), " " if keep else ""))
    if not changes:
        return text, []
    last = 0
    for start, run, new in changes:
        out.append(text[last:start] + new)
        last = start + len(run)
    out.append(text[last:])
    return "".join(out), changes


def collapse_spaces(text: str) -> str:
    """Remove padding and spaces inside Chinese words; keep one space between Latin words."""
    return _collapse(text)[0]


def _edit(kind: str, line: int, changes: list[tuple[int, str, str]]) -> Edit:
    """One edit per line and kind that lists only what changed, not the whole paragraph twice."""
    offsets = ",".join(str(offset) for offset, _, _ in changes)
    return Edit(
        kind,
        line,
        "".join(old for _, old, _ in changes),
        "".join(new for _, _, new in changes),
        f"at {offsets}",
    )


def normalize_line(text: str, line: int) -> tuple[str, list[Edit]]:
    """The normalised line and its edits: at most one 'space' and one 'punct' edit, each naming
    the characters changed and their offsets in the text the step received."""
    edits = []
    spaced, space_changes = _collapse(text)
    if space_changes:
        edits.append(_edit("space", line, space_changes))
    punct, punct_changes = _full_width(spaced)
    if punct_changes:
        edits.append(_edit("punct", line, punct_changes))
    return punct, edits
