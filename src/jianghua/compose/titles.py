"""A title broken into lines the way GB/T 9704 asks: between words, lines of balanced length.

"回行时，要做到词意完整，排列对称，长短适宜": words come from rjieba's segmentation, a line never
starts with punctuation, and of the splits into the fewest lines that fit, the one with the
smallest spread (longest minus shortest line) wins.
"""

from __future__ import annotations

import math

import rjieba

TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt) characters in the 156 mm text block
MAX_LINES = 8  # past this a "title" is pasted text; its lines are cut without the search


def title_lines(title: str, width: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """`title` cut between words (rjieba) into the fewest lines of at most `width` characters,
    as even in length as possible; never before a punctuation mark. A word longer than a line is
    cut where it must be."""
    title = title.strip()
    if len(title) <= width:
        return [title]
    if len(title) > MAX_LINES * width:  # no title: cut it to lines and let the writer see it
        return [title[i : i + width] for i in range(0, len(title), width)]
    words = rjieba.cut(title)
    cuts = [0]
    for w in words:
        cuts.append(cuts[-1] + len(w))
    # allowed break positions: word boundaries not followed by punctuation
    allowed = [c for c in cuts[1:-1] if not _is_punct(title[c])]
    n = math.ceil(len(title) / width)
    for lines in range(n, n + 3):  # a word-true split needs at most a line or two more
        best = _balanced(title, allowed, lines, width)
        if best is not None:
            return best
    return [title[i : i + width] for i in range(0, len(title), width)]


def _is_punct(ch: str) -> bool:
    return ch in "，、。；：？！”’）》〕」』,.;:?!)"


def _balanced(title: str, allowed: list[int], n: int, width: int) -> list[str] | None:
    """The split into `n` lines of at most `width` at `allowed` positions whose lengths are
    closest to even (least sum of squared differences from len/n; ties: the earlier break);
    None when no split fits. Dynamic programming over the break positions: linear in them."""
    size = len(title)
    points = [0, *allowed, size]
    ideal = size / n
    # cost[k][j]: best cost of k lines ending at points[j]; back[k][j]: where line k starts
    cost = [[math.inf] * len(points) for _ in range(n + 1)]
    back = [[-1] * len(points) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for k in range(1, n + 1):
        lo = 0
        for j in range(1, len(points)):
            while points[j] - points[lo] > width:
                lo += 1
            for i in range(lo, j):
                if cost[k - 1][i] == math.inf:
                    continue
                c = cost[k - 1][i] + (points[j] - points[i] - ideal) ** 2
                if c < cost[k][j]:
                    cost[k][j], back[k][j] = c, i
    if cost[n][-1] == math.inf:
        return None
    bounds, j = [], len(points) - 1
    for k in range(n, 0, -1):
        bounds.append(points[j])
        j = back[k][j]
    bounds.append(0)
    bounds.reverse()
    return [title[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
