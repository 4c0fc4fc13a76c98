"""Punctuation and spacing rules, one hand-made line per rule."""

import re

import pytest

from jianghua.clean.normalize import collapse_spaces, full_width_punct, normalize_line
from jianghua.records import Edit
from jianghua.text import is_cjk


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


def _reference_full_width(text):
    """The rule as first written, one mark at a time in Python: the oracle for the regexes."""
    if not re.search(r'[,:;!?()"]|[。.]\s*$', text) or not any(is_cjk(c) for c in text):
        return text, []
    word = lambda c: c.isascii() and (c.isalnum() or c in "%.-_/+&'")  # noqa: E731
    n, new = len(text), {}
    for i, ch in enumerate(text):
        if ch not in ",:;!?":
            continue
        prev, nxt = text[i - 1] if i else "", text[i + 1] if i + 1 < n else ""
        if prev and nxt and word(prev) and word(nxt):
            continue
        if ch in "!?" and prev and prev.isascii() and prev.isalpha():
            continue
        new[i] = "，：；！？"[",:;!?".index(ch)]
    stack = []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            start = stack.pop()
            if text[start] != "(" and ch != ")":
                continue
            inside, before = text[start + 1 : i], text[start - 1] if start else ""
            after = text[i + 1] if i + 1 < n else ""
            if any(map(is_cjk, inside)) or is_cjk(before) or is_cjk(after) or not before:
                new[start], new[i] = "（", "）"
    quotes = [i for i, ch in enumerate(text) if ch == '"']
    if quotes and len(quotes) % 2 == 0:
        new.update({i: "“”"[k % 2] for k, i in enumerate(quotes)})
    changes = [(i, text[i], c) for i, c in sorted(new.items()) if text[i] != c]
    out = "".join(new.get(i, ch) for i, ch in enumerate(text))
    stray = re.search(r"([:：])\s*[。.]\s*$", out)
    if stray:
        cut = stray.start(1) + 1
        changes.append((cut, text[cut:], ""))
        out = out[:cut]
    return out, changes


def test_full_width_agrees_with_the_rule_written_char_by_char():
    # _full_width applies the rule with regexes (one per mark, substituted in C); on every seed
    # line and on lines built to sit at the rule's edges it must give the same text and changes.
    from pages import SAMPLES

    from jianghua.clean.normalize import _collapse, _full_width
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
        "关于(试行)的通知,(a)(b),(（混合）),((中",
        '他说"好",对"',
        '他说"好",对',
        "只有英文, no Chinese here",
        "纯中文没有标点",
        "",
    ]
    assert len(lines) > 1000
    for line in lines:
        line = _collapse(line)[0]
        out, (offsets, olds, news) = _full_width(line)
        assert (out, list(zip(offsets, olds, news, strict=True))) == _reference_full_width(line), (
            line
        )
