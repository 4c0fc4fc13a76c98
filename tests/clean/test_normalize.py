"""Punctuation and spacing rules, one hand-made line per rule."""

import pytest

from jianghua.clean.normalize import collapse_spaces, full_width_punct, normalize_line
from jianghua.records import Edit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("同志们:", "同志们："),
        ("各位领导,同志们:", "各位领导，同志们："),
        ("同志们:。", "同志们："),  # seed 000 line 24: a scraper's stray 。 after the colon
        ("要抓好三件事;一是学习!", "要抓好三件事；一是学习！"),
        ("(2009年10月30日)", "（2009年10月30日）"),
        ("区域全面经济伙伴关系协定(RCEP)签署", "区域全面经济伙伴关系协定（RCEP）签署"),
        ('开展"两级三关"活动', "开展“两级三关”活动"),
    ],
)
def test_ascii_punctuation_becomes_full_width_in_chinese_text(raw, expected):
    assert full_width_punct(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "投资达1,000万元",  # inside a number
        "比例为3:2左右",  # a ratio
        "会议于10:30开始",  # a time
        "See you later, Bob!",  # Latin text
    ],
)
def test_numbers_ratios_and_latin_keep_their_punctuation(raw):
    assert full_width_punct(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "国家实施 “ 一带一路 ” 、长江经济带",
            "国家实施“一带一路”、长江经济带",
        ),  # seed 001 line 67
        ("市委已出台 39 个专项改革方案", "市委已出台39个专项改革方案"),
        ("一是要自觉接受党的领导。 坚持党的领导", "一是要自觉接受党的领导。坚持党的领导"),
        (
            "\u3000\u3000二、努力抓好校外教育阵地建设",
            "二、努力抓好校外教育阵地建设",
        ),  # seed 003 line 99
        ("请 同志们务必深刻领会", "请同志们务必深刻领会"),
        ("New York 的经验", "New York的经验"),
    ],
)
def test_padding_and_inner_spaces_are_removed(raw, expected):
    assert collapse_spaces(raw) == expected


def test_normalize_line_records_one_edit_per_kind_with_source_line():
    raw = "市委已出台 39 个方案,要抓落实。"
    text, edits = normalize_line(raw, 65)
    assert text == "市委已出台39个方案，要抓落实。"
    # only the changed characters and their offsets, not the whole paragraph twice
    assert edits == [
        Edit("space", 65, "  ", "", "at 5,8"),
        Edit("punct", 65, ",", "，", "at 10"),
    ]
    assert raw[5] == raw[8] == " " and "市委已出台39个方案,要抓落实。"[10] == ","


def test_stray_full_stop_after_colon_is_listed_as_removed():
    text, edits = normalize_line("同志们:。", 24)
    assert text == "同志们："
    assert edits == [Edit("punct", 24, ":。", "：", "at 3,4")]


def test_clean_line_gives_no_edits():
    assert normalize_line("同志们：", 4) == ("同志们：", [])


def test_fast_path_agrees_with_the_general_rule_on_every_seed_line_and_awkward_cases():
    # _full_width substitutes with one regex per mark on lines without brackets or straight
    # quotes; it must give exactly what the general rule gives, changes included.
    from pages import SAMPLES

    from jianghua.clean.normalize import _collapse, _full_width, _full_width_general
    from jianghua.sources import read_page

    lines = [line for path in sorted(SAMPLES.iterdir()) for line in read_page(path).original]
    lines += [
        "同志们,大家好!",
        ",开头的逗号,中间,结尾,",
        "增长3,5个百分点,达到1,000亿元,比例3:2,好!",
        "OK!很好?对吗?a!",
        "他说:好。",
        "同志们:。",
        "同志们: 。 ",
        "同志们：.",
        "RCEP,中国,WTO,",
        "a,中",
        "中,a",
        "100%,增长",
        "中文;a;b;c",
        "只有英文, no Chinese here",
        "纯中文没有标点",
        "",
    ]
    assert len(lines) > 1000
    for line in lines:
        line = _collapse(line)[0]
        fast, slow = _full_width(line), _full_width_general(line)
        assert fast[0] == slow[0] and list(map(list, fast[1])) == list(map(list, slow[1])), line
