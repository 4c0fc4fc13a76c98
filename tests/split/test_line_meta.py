"""Article metadata lines are handed to the speech below them by bisection; the result must be
what the scan of every metadata line per speech gave (kept here as the reference)."""

import copy
import random
from dataclasses import replace
from pathlib import Path

import pytest

from jianghua.clean.noise import strip_noise
from jianghua.clean.script import convert_page
from jianghua.records import Paragraph, Speech
from jianghua.sources import read_page
from jianghua.split import _attach_line_meta, split_page

SEEDS = sorted(Path("samples").glob("*.txt")) + sorted(Path("../shared/seeds").glob("*.txt"))


def attach_by_scan(page, speeches) -> None:
    """The former _attach_line_meta, with the lines within a speech and below the last one
    handed to it."""
    line_meta = page.meta.get("line_meta", {})
    previous_end = 0
    for speech in speeches:
        for line_no, values in line_meta.items():
            if previous_end < int(line_no) < speech.first_line:
                speech.meta.update(values)
        previous_end = speech.last_line
    for speech in speeches:  # what was removed from within a speech's own lines
        for line_no, values in line_meta.items():
            if speech.first_line <= int(line_no) <= speech.last_line:
                for key, value in values.items():
                    speech.meta.setdefault(key, value)
    for line_no, values in line_meta.items():
        if speeches and int(line_no) > previous_end:
            for key, value in values.items():
                speeches[-1].meta.setdefault(key, value)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seed_speeches_get_the_line_meta_they_got(path):
    page = strip_noise(convert_page(read_page(path)))
    speeches = split_page(page)
    expected = copy.deepcopy(speeches)
    for speech in expected:
        speech.meta = {}
    attach_by_scan(page, expected)
    # "announced" is the page's announced count (精选N篇) checked by split_page, not line meta
    got = [{k: v for k, v in s.meta.items() if k != "announced"} for s in speeches]
    assert got == [s.meta for s in expected]


def test_seed_004_hands_its_published_date_on():
    page = strip_noise(convert_page(read_page(Path("samples/004_ff2848a0e228d2d6.txt"))))
    assert any(s.meta.get("published") == "2009-12-01" for s in split_page(page))


def test_random_pages_agree():
    rng = random.Random(14)
    page = strip_noise(convert_page(read_page(Path("samples/004_ff2848a0e228d2d6.txt"))))
    for _ in range(200):
        lines, speeches = 1, []
        for _ in range(rng.randint(0, 8)):
            lines += rng.randint(0, 3)
            first, lines = lines, lines + rng.randint(0, 4)
            speeches.append(Speech("p", "0", [Paragraph("x", first, lines)]))
        keys = [rng.randint(0, lines + 2) for _ in range(rng.randint(0, 10))]
        line_meta = {rng.choice([k, str(k)]): {"v": rng.randint(0, 9), f"k{k}": k} for k in keys}
        with_meta = replace(page, meta={"line_meta": line_meta})
        expected = copy.deepcopy(speeches)
        attach_by_scan(with_meta, expected)
        _attach_line_meta(with_meta, speeches)
        assert [s.meta for s in speeches] == [s.meta for s in expected]
