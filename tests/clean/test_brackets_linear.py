"""_with_brackets finds the Chinese inside every bracket pair in one pass; it must give what the
test of each pair's inside gave (kept here as the reference), on every seed line and random ones."""

import random
from pathlib import Path

from jianghua.clean.normalize import (
    _CONVERTED,
    _FULL,
    _chinese_context,
    _columns,
    _paren_pairs,
    _with_brackets,
)
from jianghua.sources import read_page
from jianghua.text import is_cjk

SEEDS = sorted(Path("samples").glob("*.txt")) + sorted(Path("../shared/seeds").glob("*.txt"))


def brackets_by_slices(text):
    """The former _with_brackets."""
    n = len(text)
    new = {m.start(): _FULL[m.group()] for m in _CONVERTED.finditer(text)}
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
    return "".join(pieces), _columns(changes)


def test_seed_lines_agree():
    lines = [line for path in SEEDS for line in read_page(path).original]
    with_brackets = [line for line in lines if "(" in line or ")" in line]
    assert with_brackets
    for line in lines:
        assert _with_brackets(line) == brackets_by_slices(line)


def test_random_lines_agree():
    rng = random.Random(14)
    for _ in range(3000):
        text = "".join(rng.choice('()（）字a1 ,"') for _ in range(rng.randint(0, 25)))
        assert _with_brackets(text) == brackets_by_slices(text)


def test_nested_brackets_stay_linear():
    text = "字" + "(" * 200_000 + "a" + ")" * 200_000
    out, _ = _with_brackets(text)
    assert out == "字" + "（" + "(" * 199_999 + "a" + ")" * 199_999 + "）"
