"""A title broken into lines the way GB/T 9704 asks: between words, lines of balanced length.

"回行时，要做到词意完整，排列对称，长短适宜": words come from rjieba's segmentation, a line never
starts with punctuation, and of the splits into the fewest lines that fit, the one with the
smallest spread (longest minus shortest line) wins.
"""

from __future__ import annotations

import math

import rjieba

TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt) characters in the 156 mm text block


def title_lines(title: str, width: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """`title` cut between words (rjieba) into the fewest lines of at most `width` characters,
    as even in length as possible; never before a punctuation mark. A word longer than a line is
    cut where it must be."""
    title = title.strip()
    if len(title) <= width:
        return [title]
    words = rjieba.cut(title)
    cuts = [0]
    for w in words:
        cuts.append(cuts[-1] + len(w))
    # allowed break positions: word boundaries not followed by punctuation
    allowed = [c for c in cuts[1:-1] if not _is_punct(title[c])]
    n = math.ceil(len(title) / width)
    while n <= len(title):
        best = _balanced(title, allowed, n, width)
        if best is not None:
            return best
        n += 1
    return [title[i : i + width] for i in range(0, len(title), width)]


def _is_punct(ch: str) -> bool:
    return ch in "，、。；：？！”’）》〕」』,.;:?!)"


def _balanced(title: str, allowed: list[int], n: int, width: int) -> list[str] | None:
    """The split into `n` lines at `allowed` positions with the smallest spread (longest minus
    shortest line), ties broken toward a longer first line; None when no split fits."""
    best: tuple[int, list[int]] | None = None

    def walk(start: int, left: int, chosen: list[int]) -> None:
        nonlocal best
        if left == 1:
            if len(title) - start <= width:
                bounds = [0, *chosen, len(title)]
                lengths = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
                key = max(lengths) - min(lengths)
                if best is None or key < best[0]:
                    best = (key, list(chosen))
            return
        for pos in allowed:
            if start < pos <= start + width and len(title) - pos <= width * (left - 1):
                walk(pos, left - 1, [*chosen, pos])

    if len(allowed) > 60:  # a title is a line or two; bound the search on hostile input
        allowed = allowed[:60]
    walk(0, n, [])
    if best is None:
        return None
    bounds = [0, *best[1], len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
