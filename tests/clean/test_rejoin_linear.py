"""rejoin builds each paragraph from its pieces once and records its joins as one edit; it must
give the paragraphs (and, where a paragraph is joined from one break, the edits) that the former
rejoin gave, kept here as the reference, on the seeds and on random lines."""

import random
import re
from pathlib import Path

import pytest

from jianghua.clean.noise import strip_noise
from jianghua.clean.normalize import normalize_line
from jianghua.clean.repair import _is_link_word, _typical_gap, rejoin, split_glued_heading
from jianghua.clean.script import convert_page
from jianghua.records import Edit, Paragraph
from jianghua.sources import read_page
from jianghua.split import split_page
from jianghua.split.cues import is_exhortation, is_salutation
from jianghua.text import CLOSING_PUNCT, SENTENCE_END, is_cjk, is_heading

SEEDS = sorted(Path("samples").glob("*.txt")) + sorted(Path("../shared/seeds").glob("*.txt"))


def _old_breaks_mid_sentence(a: str, b: str) -> bool:
    if len(a) < 15 or a[-1] in SENTENCE_END or is_heading(b) or is_salutation(b):
        return False
    if is_exhortation(b) or re.match(r"^(同志们|各位|朋友们)", b):
        return False
    if is_heading(a) and len(a) <= 50:
        return False
    return is_cjk(a[-1]) and (is_cjk(b[0]) or b[0] in "”’」』》）),，、")


def rejoin_by_concatenation(paragraphs):
    """The former rejoin: the text joined as it grows, an edit per join."""
    gap = _typical_gap(paragraphs)
    out, edits = [], []
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
                    joined = cur.text[:-1] + nxt.text[:-1] + after.text
                    last, used = after.last_line, 2
                before = "\n".join(p.text for p in [cur, *paragraphs[i : i + used]])
                edits.append(
                    Edit("join", cur.first_line, before, joined, "keyword link broke the line")
                )
            elif nxt.first_line == cur.last_line + 1 and _old_breaks_mid_sentence(
                cur.text, nxt.text
            ):
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
            cur = Paragraph(joined, cur.first_line, last)
            i += used
        out.append(cur)
    return out, edits


def seed_paragraphs(path):
    """Each speech's lines as clean_speech hands them to rejoin."""
    page = strip_noise(convert_page(read_page(path)))
    for speech in split_page(page):
        paragraphs = []
        for p in speech.paragraphs:
            for part in split_glued_heading(p)[0]:
                text, _ = normalize_line(part.text, part.first_line)
                if text:
                    paragraphs.append(Paragraph(text, part.first_line, part.last_line))
        yield paragraphs


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seeds_are_rejoined_as_they_were(path):
    joins = 0
    for paragraphs in seed_paragraphs(path):
        expected = rejoin_by_concatenation(paragraphs)
        assert rejoin(paragraphs) == expected
        joins += len(expected[1])
    if path.name.startswith(("000", "004")):
        assert joins  # seed 000 lines 334-336, seed 004 lines 34-35


PIECES = [
    "这次会议的主要任务是总结经验进一步统一思想明确工",
    "作重点",
    "改进领导方式。",
    "责任书。",
    "》，督促其按时完成。",
    "。",
    "三是城市经营初见成效。",
    "同志们：",
    "一、加强领导",
    "签订了《防治市区大气污染。",
    "短",
    "，并且要抓紧落实各项任务",
]


def test_random_lines_give_the_same_paragraphs():
    rng = random.Random(14)
    multi = 0
    for _ in range(500):
        line, paragraphs = 1, []
        for _ in range(rng.randint(1, 12)):
            line += rng.choice([1, 1, 1, 2])
            paragraphs.append(Paragraph(rng.choice(PIECES), line, line))
        out, edits = rejoin(paragraphs)
        old_out, old_edits = rejoin_by_concatenation(paragraphs)
        assert out == old_out
        by_line = {}
        for e in old_edits:
            by_line.setdefault(e.line, []).append(e)
        if all(len(es) == 1 for es in by_line.values()):
            assert edits == old_edits
            continue
        multi += 1
        # a paragraph joined from several breaks: one edit, from its lines to the paragraph
        assert [e.line for e in edits] == list(by_line)
        for e, p in zip(edits, [p for p in out if p.first_line in by_line], strict=True):
            assert e.after == p.text == by_line[e.line][-1].after
            lines = [q.text for q in paragraphs if p.first_line <= q.first_line <= p.last_line]
            assert e.before == "\n".join(lines)
    assert multi  # the random lines do make longer chains


def test_a_page_of_broken_lines_is_joined_in_linear_time():
    # 3 MB of text without punctuation, wrapped every 30 characters: one paragraph of 10^5 lines
    text = "各级党组织要切实加强领导认真落实工作责任确保各项任务落到实处" * 3500
    lines = [
        Paragraph(text[i : i + 30], k + 1, k + 1) for k, i in enumerate(range(0, len(text), 30))
    ]
    out, edits = rejoin(lines)
    assert [p.text for p in out] == [text]
    assert len(edits) == 1 and edits[0].before == "\n".join(p.text for p in lines)
