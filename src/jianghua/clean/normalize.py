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
_PARENS = re.compile(r"[(（)）]")
_STRAY_STOP = re.compile(r"([:：])\s*[。.]\s*$")


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


# Changes a step made to a line, as columns: offsets into the text it received, the old and the
# new characters at each.
Changes = tuple[list[int], list[str], list[str]]
_NO_CHANGES: Changes = ((), (), ())  # type: ignore[assignment]  # shared, so immutable

# The general rule below visits marks one by one in Python; on a line without brackets or
# straight quotes (nearly all of them) the same rule is a regex per mark that starts with the mark,
# so the engine jumps from mark to mark and substitutes in C: a mark between two ASCII word
# characters stays (1,000 · 3:2 · a,b), and !? after a Latin letter (a Latin sentence).
_W = r"[A-Za-z0-9%.\-_/+&']"  # an ASCII word character: letters, digits, %.-_/+&'


def _mark_rule(mark: str) -> str:
    rule = rf"{re.escape(mark)}(?:(?<!{_W}.)|(?!{_W}))"
    if mark in "!?":
        rule = rf"{re.escape(mark)}(?<![A-Za-z].)(?:(?<!{_W}.)|(?!{_W}))"
    return rule


_CONVERTED = re.compile("|".join(_mark_rule(m) for m in ",:;!?"))
_CONVERT = {m: re.compile(_mark_rule(m)) for m in ",:;!?"}


def _full_width(text: str) -> tuple[str, Changes]:
    """full_width_punct's result and its changes.

    Substitutions are one for one, so offsets hold; only the stray 。 after a final colon is
    dropped, as the last change."""
    if not _chinese_context(text):
        return text, _NO_CHANGES
    if "(" in text or ")" in text or '"' in text:
        out, (offsets, olds, news) = _with_brackets(text)
    else:
        olds = _CONVERTED.findall(text)
        offsets = [m.start() for m in _CONVERTED.finditer(text)] if olds else []
        news = [_FULL[c] for c in olds]
        out = text
        for mark in set(olds):
            out = _CONVERT[mark].sub(_FULL[mark], out)
    # "同志们:。" — a stray full stop after a colon at the end of a line.
    stray = _STRAY_STOP.search(out) if _ends_with_stop_after_colon(out) else None
    if stray:
        cut = stray.start(1) + 1
        offsets, olds, news = [*offsets, cut], [*olds, text[cut:]], [*news, ""]
        out = out[:cut]
    return out, (offsets, olds, news)


def _ends_with_stop_after_colon(text: str) -> bool:
    """_STRAY_STOP's test without a scan for colons over the whole line (\\s and str.strip agree
    on what is white space)."""
    end = text.rstrip()
    return end[-1:] in ("。", ".") and end[:-1].rstrip()[-1:] in (":", "：")


def _with_brackets(text: str) -> tuple[str, Changes]:
    """_full_width of a line with brackets or straight quotes, but for the stray full stop: the
    marks by the same rule, a pair of brackets becomes full-width around or beside Chinese text,
    straight quotes become “” when they pair up. The line is cut at the changes and joined once."""
    n = len(text)
    new = {m.start(): _FULL[m.group()] for m in _CONVERTED.finditer(text)}
    pairs = sorted(_paren_pairs(text).items())
    for (start, end), chinese_inside in zip(pairs, _holds_cjk(text, pairs), strict=True):
        if text[start] != "(" and text[end] != ")":
            continue
        before = text[start - 1] if start > 0 else ""
        after = text[end + 1] if end + 1 < n else ""
        if chinese_inside or is_cjk(before) or is_cjk(after) or not before:
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
    return "".join(pieces), _columns(changes)


def _holds_cjk(text: str, pairs: list[tuple[int, int]]) -> list[bool]:
    """For each bracket pair (start, end), by start: does a Chinese character lie between them?
    One pass over the Chinese characters for all pairs: a test of each pair's inside was
    quadratic in nested brackets (a line of 32,000 nested pairs took 7 s)."""
    found = _CJK.finditer(text)
    cjk = next(found, None)
    out = []
    for start, end in pairs:
        while cjk is not None and cjk.start() <= start:
            cjk = next(found, None)
        out.append(cjk is not None and cjk.start() < end)
    return out


def _columns(changes: list[tuple[int, str, str]]) -> Changes:
    if not changes:
        return _NO_CHANGES
    offsets, olds, news = zip(*changes, strict=True)
    return list(offsets), list(olds), list(news)


def full_width_punct(text: str) -> str:
    """ASCII ,:;!?() become full-width in Chinese text, except inside numbers and Latin words."""
    return _full_width(text)[0]


def _collapse(text: str) -> tuple[str, Changes]:
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
        return text, _NO_CHANGES
    last = 0
    for start, run, new in changes:
        out.append(text[last:start] + new)
        last = start + len(run)
    out.append(text[last:])
    return "".join(out), _columns(changes)


def collapse_spaces(text: str) -> str:
    """Remove padding and spaces inside Chinese words; keep one space between Latin words."""
    return _collapse(text)[0]


def _edit(kind: str, line: int, changes: Changes) -> Edit:
    """One edit per line and kind that lists only what changed, not the whole paragraph twice."""
    offsets, olds, news = changes
    return Edit(kind, line, "".join(olds), "".join(news), "at " + ",".join(map(str, offsets)))


def normalize_line(text: str, line: int) -> tuple[str, list[Edit]]:
    """The normalised line and its edits: at most one 'space' and one 'punct' edit, each naming
    the characters changed and their offsets in the text the step received."""
    edits = []
    spaced, space_changes = _collapse(text)
    if space_changes[0]:
        edits.append(_edit("space", line, space_changes))
    punct, punct_changes = _full_width(spaced)
    if punct_changes[0]:
        edits.append(_edit("punct", line, punct_changes))
    return punct, edits
