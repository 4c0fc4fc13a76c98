"""Placeholders and heading markers."""

import pytest

from jianghua.text import is_heading, placeholders


def test_placeholders_are_found_with_offsets():
    text = "20xx年，x旗委召开会议，**同志、××同志和XX出席，党的xx届六中全会，“”精神。"
    found = placeholders(text)
    assert [p for _, _, p in found] == ["20xx", "x", "**", "××", "XX", "xx", "“”"]
    for start, end, p in found:
        assert text[start:end] == p


@pytest.mark.parametrize(
    "text", ["4×100混合泳接力", "iso14000认证", "RCEP签署", "2020年", "Mx会", "1x2", "xa"]
)
def test_not_placeholders(text):
    assert placeholders(text) == []


def test_a_lone_x_at_either_end_of_a_text_is_a_placeholder():
    assert placeholders("x") == [(0, 1, "x")]
    assert placeholders("x旗") == [(0, 1, "x")]
    assert placeholders("在×县") == [(1, 2, "×")]
    assert placeholders("在X") == [(1, 2, "X")]


@pytest.mark.parametrize(
    "text",
    [
        "一、统一认识",
        "（一）抓班子",
        "(二)要抓好",
        "1、强化责任",
        "2.开展活动",
        "⒈以重点工程",
        "（1）加强",
        "第一，要提高站位",
        "第二个问题，明确任务",
        "一是加强学习",
        "三要聚合力量",
        "首先，谈一谈",
        "最后，讲一讲",
    ],
)
def test_heading_markers(text):
    assert is_heading(text)


@pytest.mark.parametrize(
    "text", ["同志们：", "2020年是极不平凡的一年。", "一年来，我们紧紧围绕", "10.5亿元"]
)
def test_not_heading_markers(text):
    assert not is_heading(text)


def test_count_placeholders_counts_what_placeholders_finds():
    from pages import SAMPLES

    from jianghua.sources import read_page
    from jianghua.text import count_placeholders

    lines = [line for path in sorted(SAMPLES.iterdir()) for line in read_page(path).original]
    lines += ["20xx年xx“ ”《》x", "2020xx", "x", "ax", "1x2", "××", "**x", "“”《 》"]
    total = 0
    for line in lines:
        assert count_placeholders(line) == len(placeholders(line)), line
        total += count_placeholders(line)
    assert total > 50
