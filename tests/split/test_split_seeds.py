"""The five seed pages through strip_noise and split_page, as the pipeline will run them.

Counts and line ranges were measured on the current code and checked by reading the files.
"""

from __future__ import annotations

import re
from functools import cache

import opencc
import pytest
from pages import SAMPLES, SEEDS, text_page

from jianghua.clean.noise import classify, strip_noise
from jianghua.records import Page
from jianghua.split import split_page


def raw_lines(seed: str) -> list[str]:
    text = (SAMPLES / SEEDS[seed]).read_text(encoding="utf-8")
    texts = text.split("\n")
    if text.endswith("\n"):
        texts = texts[:-1]
    return texts


@cache
def page(seed: str) -> Page:
    texts = raw_lines(seed)
    if seed == "001":
        converter = opencc.OpenCC("t2s")
        texts = [converter.convert(t) for t in texts]
    path = SAMPLES / SEEDS[seed]
    return text_page(texts, name=path.name, path=str(path))


@cache
def cleaned(seed: str) -> Page:
    return strip_noise(page(seed))


@cache
def speeches(seed: str):
    return split_page(cleaned(seed))


def ranges(seed):
    return [(s.first_line, s.last_line) for s in speeches(seed)]


# --- noise on the seeds --------------------------------------------------------------------

NOISE_LINES = {
    "000": [1, 2, 77, 198, 292, 387, 494, 495, 496, 497, 498, 499, 500, 501],
    "001": [1, 3, 5, 11],
    "002": [1, 1030, 1033, 1035],
    "003": [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21, 23]
    + [229, 230, 231, 232, 234, 236, 238],
    "004": [54, 55, 56, 57, 60, 129],
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_noise_lines(seed):
    edits = cleaned(seed).edits
    assert [e.line for e in edits] == NOISE_LINES[seed]
    assert all(e.kind == "noise" and e.after == "" for e in edits)
    original = page(seed).original
    assert all(e.before == original[e.line - 1] for e in edits)


def test_seed_noise_reasons():
    reasons = {seed: {e.line: e.reason for e in cleaned(seed).edits} for seed in SEEDS}
    assert reasons["000"][1] == "collection title"
    assert {reasons["000"][n] for n in (2, 77, 198, 292, 387)} == {"collection blurb"}
    assert {reasons["000"][n] for n in range(494, 502)} == {"pagination"}
    assert reasons["001"] == {
        1: "navigation",
        3: "collection title",
        5: "article metadata",
        11: "collection title",
    }
    assert reasons["002"] == {
        1: "collection title",
        1030: "advertisement",
        1033: "prev/next link",
        1035: "文库 widget",
    }
    assert reasons["003"][3] == "文库 metadata"
    assert reasons["003"][4] == "文库 widget"
    assert reasons["003"][6] == "pagination"
    assert reasons["003"][21] == "文库 blurb"
    assert reasons["003"][236] == "copyright notice"
    assert reasons["003"][238] == "copyright notice"
    assert reasons["004"] == {
        54: "pagination",
        55: "pagination",
        56: "pagination",
        57: "pagination",
        60: "article metadata",
        129: "pagination",
    }


def test_seed_003_wenku_meta():
    assert cleaned("003").meta["wenku"] == {
        "doc_title": "2021年在关工委工作会议上的讲话范文稿Word文件下载",
        "uploader": "wei****016",
        "doc_id": "14566431",
        "uploaded": "2022-10-23",
        "format": "DOCX",
        "pages": "9",
        "size": "18.92KB",
    }


def test_seed_004_line_meta():
    assert cleaned("004").meta["line_meta"] == {
        60: {"published": "2009-12-01", "views": "95", "from": "仪陇县委办"}
    }


# --- 000: items with the collection's title, several speeches run together ------------------

ITEMS_000 = [
    ("篇一", 4, 22),
    ("篇二", 24, 33),
    ("篇三", 35, 45),
    ("篇四", 47, 75),
    ("篇五", 78, 87),
    ("篇五", 88, 92),
    ("篇五", 93, 100),
    ("篇五", 101, 111),
    ("篇五", 112, 122),
    ("篇六", 124, 128),
    ("篇七", 130, 141),
    ("篇八", 143, 166),
    ("篇九", 168, 196),
    ("篇十", 199, 210),
    ("篇十", 211, 220),
    ("篇十", 221, 231),
    ("篇十", 232, 236),
    ("篇十一", 238, 254),
    ("篇十二", 256, 290),
    ("篇十三", 293, 299),
    ("篇十三", 300, 317),
    ("篇十三", 318, 385),
    ("篇十四", 388, 411),
    ("篇十四", 412, 426),
    ("篇十四", 427, 445),
    ("篇十五", 447, 465),
    ("篇十六", 467, 493),
]


def assert_titles_from_occasion(found):
    """Untitled items (the collection's title repeated) get a title only where their opening
    names the meeting ("今天召开全市关工委工作会议" -> "在全市关工委工作会议上的讲话")."""
    assert any(s.title for s in found)
    for s in found:
        assert s.title_source in (None, "occasion")
        if s.title:
            meeting = s.title.removeprefix("在").removesuffix("上的讲话")
            assert meeting in "".join(p.text for p in s.paragraphs[:3])


def test_seed_000_speeches():
    found = speeches("000")
    assert len(found) == 27
    assert [(s.item, s.first_line, s.last_line) for s in found] == ITEMS_000
    assert_titles_from_occasion(found)
    assert all(s.header == [] for s in found)


def test_seed_000_run_together_speeches():
    def starts(label):
        return [s.first_line for s in speeches("000") if s.item == label]

    assert starts("篇五") == [78, 88, 93, 101, 112]
    assert starts("篇十三") == [293, 300, 318]
    assert starts("篇十四") == [388, 412, 427]


# --- 001: Traditional script, items '… 篇N' ------------------------------------------------

RANGES_001 = [
    (9, 41),
    (45, 129),
    (133, 209),
    (213, 225),
    (229, 305),
    (309, 395),
    (399, 423),
    (427, 473),
    (477, 515),
    (519, 557),
    (561, 619),
    (623, 673),
    (677, 759),
    (763, 791),
    (795, 881),
    (885, 969),
    (973, 1007),
    (1011, 1067),
    (1071, 1103),
    (1107, 1163),
    (1167, 1173),
    (1177, 1273),
]


def test_seed_001_speeches():
    found = speeches("001")
    assert len(found) == 22
    assert [s.item for s in found] == [f"篇{n}" for n in range(1, 23)]
    assert ranges("001") == RANGES_001
    assert_titles_from_occasion(found)
    first = found[0]
    assert first.first_line == 9
    assert [(p.text, p.first_line) for p in first.paragraphs[:2]] == [
        ("同志们:", 9),
        (page("001").original[12], 13),  # line 11 (the collection title) was removed
    ]
    assert first.paragraphs[1].text.startswith("这次会议的主要任务是")


# --- 002: table of contents of 59 titles, 19 bodies -----------------------------------------

RANGES_002 = [
    (123, 131),
    (133, 157),
    (160, 182),
    (185, 191),
    (194, 364),
    (367, 437),
    (440, 464),
    (467, 557),
    (560, 574),
    (577, 633),
    (636, 704),
    (707, 737),
    (740, 812),
    (815, 831),
    (834, 876),
    (879, 915),
    (918, 940),
    (943, 995),
    (998, 1026),
]


def toc_titles_002() -> list[str]:
    """The table of contents read straight from the file: lines 4, 6, … 120 are 'N。title'."""
    titles = []
    for n, line_no in enumerate(range(4, 121, 2), start=1):
        m = re.fullmatch(rf"{n}。(.+)", raw_lines("002")[line_no - 1].strip())
        assert m, line_no
        titles.append(m.group(1).strip())
    return titles


def test_seed_002_speeches():
    found = speeches("002")
    titles = toc_titles_002()
    assert len(titles) == 59
    assert len(found) == 19
    assert [s.title for s in found] == titles[:19]
    assert all(s.title_source == "toc" for s in found)
    assert [s.item for s in found] == [str(n) for n in range(1, 20)]
    assert ranges("002") == RANGES_002
    assert (found[1].first_line, found[1].title) == (133, "在市政协十一届二十一次常委会议上的讲话")
    assert (found[18].first_line, found[18].title) == (998, "在第十五届台商论坛上的致辞")


# --- 003: one speech on a 文库 page ----------------------------------------------------------


def test_seed_003_speech():
    found = speeches("003")
    assert len(found) == 1
    s = found[0]
    assert (s.first_line, s.last_line) == (25, 227)
    # the 文库 page's document title, without the words the site adds ("范文稿Word文件下载")
    assert (s.title, s.title_source) == ("2021年在关工委工作会议上的讲话", "文库")
    assert (s.item, s.header) == (None, [])
    assert [p.first_line for p in s.paragraphs] == list(range(25, 228, 2))


# --- 004: items '第N篇:<title>' with header blocks -------------------------------------------


def test_seed_004_speeches():
    found = speeches("004")
    assert len(found) == 5
    assert [(s.item, s.title, s.title_source) for s in found] == [
        ("第一篇", "杨钊同志在全区工会创新和亮点工作观摩会上的讲话", "item"),
        ("第二篇", "**同志在全市非公有制经济党建工作观摩座谈会上的讲话", "item"),
        ("第三篇", "杨建华同志在第四季度工作推进会上的讲话", "item"),
        ("第四篇", "李炎同志在全县开学工作会上的讲话", "item"),
        ("第五篇", "XX同志在全县党建工作会上的讲话", "item"),
    ]
    assert ranges("004") == [(4, 30), (33, 53), (61, 78), (85, 116), (120, 128)]
    assert [s.meta for s in found] == [
        {},
        {},
        {"published": "2009-12-01", "views": "95", "from": "仪陇县委办"},
        {},
        {},
    ]


def test_seed_004_headers():
    found = speeches("004")
    headers = [[(h.source_line, h.text) for h in s.header] for s in found]
    assert headers == [
        [(2, "杨钊同志在全区工会创新和亮点工作观摩会上的讲话"), (3, "(2009年10月30日)")],
        [(32, "**同志在全市非公有制经济党建工作观摩座谈会上的讲话"), (33, "(2005-07-07)")],
        [(59, "杨建华同志在第四季度工作推进会上的讲话")],
        [
            (80, "通江县教育局办公室 二0一一年八月三十日"),
            (81, "坚持不懈地做实做好教育教学质量大文章"),
            (82, "——在2011年秋学期开学工作会上的讲话"),
            (83, "李 炎"),
            (84, "(2011年8月25日)"),
        ],
        [
            (118, "加强执政能力建设 夯实团结奋进基础 努力为**经济社会快速发展提供坚强的保证"),
            (119, "——在全县党建工作会上的讲话"),
        ],
    ]
    # the date glued to the salutation on line 33 is split off
    assert (found[1].paragraphs[0].text, found[1].paragraphs[0].first_line) == ("同志们:", 33)
    header_4 = {h.text for h in found[3].header}
    assert {"李 炎", "(2011年8月25日)"} <= header_4
    assert not header_4 & {p.text for p in found[3].paragraphs}


# --- invariants over all seeds ---------------------------------------------------------------

# Lines that are in no speech (neither paragraph nor header): item markers and TOC entries.
UNPLACED = {
    "000": [3, 23, 34, 46, 76, 123, 129, 142, 167, 197, 237, 255, 291, 386, 446, 466],
    "001": [7, 43, 131, 211, 227, 307, 397, 425, 475, 517, 559, 621, 675, 761, 793, 883]
    + [971, 1009, 1069, 1105, 1165, 1175],
    "002": list(range(4, 121, 2)),
    "003": [],
    "004": [1, 31, 58, 79, 117],
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_every_line_is_placed_once(seed):
    placed = []
    for s in speeches(seed):
        placed += [p.first_line for p in s.paragraphs]
        placed += [h.source_line for h in s.header]
    # line 33 of 004 is split into a header date and a paragraph
    duplicates = sorted({n for n in placed if placed.count(n) > 1})
    assert duplicates == ([33] if seed == "004" else [])
    noise = {e.line for e in cleaned(seed).edits}
    unplaced = [
        line.source_line
        for line in page(seed).lines
        if line.text.strip() and line.source_line not in noise and line.source_line not in placed
    ]
    assert unplaced == UNPLACED[seed]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_speeches_in_page_order_with_source(seed):
    found = speeches(seed)
    assert all(s.source == SEEDS[seed] and s.source_sha256 == "x" for s in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.last_line < b.first_line
    for s in found:
        numbers = [p.first_line for p in s.paragraphs]
        assert numbers == sorted(numbers)
        assert all(p.first_line == p.last_line for p in s.paragraphs)
        assert all(p.text == page(seed).original[p.first_line - 1] for p in s.paragraphs[1:])


FORBIDDEN = ["精选", "本站小编", "上传人", "下一页", "代写"]


def test_no_noise_left_in_any_paragraph():
    noisy = []
    words = []
    for seed in sorted(SEEDS):
        for s in speeches(seed):
            for p in [*s.paragraphs, *s.header]:
                text = p.text
                line_no = getattr(p, "first_line", getattr(p, "source_line", None))
                if classify(text) is not None:
                    noisy.append((seed, line_no, classify(text)))
                words += [(seed, line_no, w) for w in FORBIDDEN if w in text]
    assert noisy == []
    # the only hit is content: the book title 《中国长芦盐务档案精选》 on line 245 of 000
    assert words == [("000", 245, "精选")]
    assert "《中国长芦盐务档案精选》" in page("000").original[244]
