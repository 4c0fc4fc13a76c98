"""The top level of every seed speech's outline, checked against the file by reading it.

Each row: seed, first line of the speech, the top-level markers, and the original line of each
top-level heading. Speeches without a marker anywhere (seed 000 lines 35-45, 88-92, 168-196: the
page lost every heading) have an empty outline.
"""

from __future__ import annotations

import pytest
from structure_seeds import raw_line, seed_speeches, speech_at

from jianghua.structure import analyze

FULL_WIDTH = str.maketrans("(),:", "（），：")
CN3 = ["（一）", "（二）", "（三）"]
TOP = [
    # 000 line 14 (一) … line 17 (四), then line 19 (一) again: the 一、二、 headings were lost
    ("000", 4, CN3 + ["（四）"] + CN3, [14, 15, 16, 17, 19, 20, 21]),
    ("000", 24, ["一要", "二要", "三要"], [29, 30, 31]),
    ("000", 35, [], []),
    ("000", 130, ["第一，", "第二，", "第三，"], [134, 135, 138]),
    # 000 lines 259 (一) 262 (二) 268 (三), then 278 (二): the (一) before it (line 276) is lost
    (
        "000",
        256,
        CN3 + ["（二）", "（三）", "（四）", "（五）"],
        [259, 262, 268, 278, 280, 282, 287],
    ),
    ("000", 238, [f"{n}、" for n in range(1, 9)], list(range(247, 255))),
    ("000", 300, ["一、", "二、", "三、"], [302, 305, 312]),
    ("000", 447, ["一、", "二、", "三、"], [451, 454, 460]),
    ("001", 9, ["一、", "二、", "三、", "四、"], [23, 27, 31, 35]),
    ("001", 229, ["第一个问题，", "第二个问题，"], [233, 253]),
    ("001", 399, ["首先", "其次"], [403, 405]),
    (
        "001",
        561,
        ["一、", "二、", "三、", "四、", "五、", "六、", "七、"],
        [563, 575, 581, 587, 597, 603, 611],
    ),
    ("001", 1167, ["1、", "2、", "3、"], [1169, 1171, 1173]),
    ("002", 133, ["一、", "二、", "三、", "四、"], [143, 147, 151, 155]),
    ("002", 194, ["一、", "二、", "三、"], [200, 230, 344]),
    ("002", 560, [], []),
    ("002", 636, CN3, [642, 662, 686]),  # inverted: 一、 lists under (二) and (三)
    ("002", 740, ["同志们、朋友们"] * 3 + ["同志们，朋友们"] * 2, [758, 776, 790, 806, 810]),
    ("002", 815, ["第一，", "第二，", "第三，", "第四，", "第五，"], [821, 823, 825, 827, 829]),
    ("002", 943, ["一要", "二要", "三要", "四要"], [951, 961, 971, 981]),
    ("002", 998, ["第一，", "第二，", "第三，"], [1006, 1010, 1014]),
    # 003: 一是…五是 of the first section (its 一、 heading lost), then 二、 三、 四、
    (
        "003",
        25,
        ["一是", "二是", "三是", "四是", "五是", "二、", "三、", "四、"],
        [27, 39, 55, 65, 73, 99, 133, 169],
    ),
    ("004", 4, ["一、", "二、", "三、", "四、"], [5, 17, 22, 27]),
    ("004", 85, ["一、", "二、", "三、", "四、"], [87, 94, 101, 107]),
    ("004", 120, ["一、"], [121]),  # the speech breaks off after its first section
]


def node_lines(speech, nodes):
    starts, pos = {}, 0
    for p in speech.paragraphs:
        starts[pos] = p.first_line
        pos += len(p.text) + 1
    return [starts[n["start"]] for n in nodes]


@pytest.mark.parametrize(("seed", "first", "markers", "lines"), TOP)
def test_top_level_matches_the_file(seed, first, markers, lines):
    speech = speech_at(seed, first)
    top = analyze(speech)["outline"]
    assert [n["marker"] or n["heading"] for n in top] == markers
    assert node_lines(speech, top) == lines
    for n, line in zip(top, lines, strict=True):
        # the heading is on that line of the original file (seed 001 is in Traditional script)
        raw = raw_line(seed, line).translate(FULL_WIDTH).replace(" ", "")
        assert raw.startswith((n["marker"] or "同志们")[: 1 if seed == "001" else None])
        if seed != "001":
            assert n["heading"][-4:] in raw


def test_every_seed_speech_with_markers_has_an_outline():
    for seed in ("001", "002", "003", "004"):
        for s in seed_speeches(seed):
            if s.first_line == 560:  # 002 line 560: a 致辞 without sections
                continue
            assert analyze(s)["outline"], (seed, s.first_line)


def test_seed_irregularities_are_flagged():
    kinds = lambda seed, first: [f["kind"] for f in analyze(speech_at(seed, first))["flags"]]  # noqa: E731
    assert "outline_restart" in kinds("000", 4)  # line 19: (一) again after (四)
    assert "outline_missing_level1" in kinds("000", 4)
    assert "outline_order" in kinds("000", 256)  # line 278: (二) after (三)
    assert "outline_skip" in kinds("004", 33)  # 004 line 43 3、 follows line 36 1、
    assert "outline_inverted" in kinds("002", 636)  # 002 line 668: 一、 under (二)
    assert "outline_missing_level1" in kinds("003", 25)


def test_seed_announced_counts():
    # 000 line 450 "下面，我讲三点意见：" then 一、二、三、
    announced = analyze(speech_at("000", 447))["announced"]
    assert [(a["count"], a["found"]) for a in announced] == [(3, 3)]
    # 002 line 821 "讲五点意见" then 第一…第五
    announced = analyze(speech_at("002", 815))["announced"]
    assert [(a["count"], a["found"]) for a in announced] == [(5, 5)]
