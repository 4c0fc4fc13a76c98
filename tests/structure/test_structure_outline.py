"""Outline: every marker style, heading forms, levels and the irregularities that get flagged."""

from __future__ import annotations

import pytest

from jianghua.structure.outline import match_marker, outline


def tree(paragraphs):
    roots, _, flags, announcements = outline(paragraphs)
    return roots, flags, announcements


def shape(nodes):
    return [(n.marker, shape(n.children)) if n.children else n.marker for n in nodes]


def kinds(flags):
    return [f["kind"] for f in flags]


@pytest.mark.parametrize(
    ("text", "style", "number", "marker"),
    [
        ("一、总体要求", "cn_dun", 1, "一、"),
        ("十二、其他", "cn_dun", 12, "十二、"),
        ("(一)抓班子", "cn_paren", 1, "(一)"),
        ("（三）抓队伍", "cn_paren", 3, "（三）"),
        ("（二）、学校管理", "cn_paren", 2, "（二）、"),
        ("1、强化责任", "num", 1, "1、"),
        ("2.开展活动", "num", 2, "2."),
        ("3。加强管理", "num", 3, "3。"),
        ("4 、狠抓落实", "num", 4, "4 、"),
        ("⒉坚持科教兴林", "circ_dot", 2, "⒉"),
        ("(1)完善制度", "num_paren", 1, "(1)"),
        ("（12）其他", "num_paren", 12, "（12）"),
        ("第一，要提高站位", "di", 1, "第一，"),
        ("第二个问题，明确任务", "di", 2, "第二个问题，"),
        ("一是领导认识还不到位", "shi", 1, "一是"),
        ("三是要依法依章程开展工作", "shi", 3, "三是要"),
        ("二要聚力关心关爱", "yao", 2, "二要"),
        ("一方面，要选准题", "fangmian", 1, "一方面"),
        ("另一方面，要重融合", "fangmian", 2, "另一方面"),
        ("首先，谈一谈感受", "seq", 1, "首先"),
        ("其次，谈一谈认识", "seq", 2, "其次"),
        ("再次，加强环境保护", "seq", 3, "再次"),
    ],
)
def test_every_marker_style(text, style, number, marker):
    assert match_marker(text)[:3] == (style, number, marker)


@pytest.mark.parametrize(
    "text", ["1.5万名五老参与", "2020年是不平凡的一年", "一年来，我们", "一些地方", "第一次会议"]
)
def test_not_markers(text):
    assert match_marker(text) is None


def test_heading_alone_ending_a_sentence_and_glued():
    roots, flags, _ = tree(
        [
            "同志们：",
            "一、统一认识",
            "正文。",
            "二、明确任务。要抓好三件事，一是…",
            "（一）狠抓水污染防治工作，污染负荷大幅度降低1、认真贯彻落实了市政府53号文件，全面整治。",
        ]
    )
    assert [n.heading for n in roots] == ["一、统一认识", "二、明确任务"]
    assert roots[1].children[0].heading == "（一）狠抓水污染防治工作，污染负荷大幅度降低"
    assert flags == []


def test_levels_from_order_of_appearance_and_offsets():
    paragraphs = ["一、甲", "（一）子", "1、孙", "2、孙", "（二）子", "二、乙", "（一）子"]
    roots, flags, _ = tree(paragraphs)
    assert shape(roots) == [("一、", [("（一）", ["1、", "2、"]), "（二）"]), ("二、", ["（一）"])]
    assert [n.level for n in roots] == [1, 1]
    assert roots[0].children[0].children[0].level == 3
    text = "\n".join(paragraphs)
    assert text[roots[1].start : roots[1].end] == "二、乙\n（一）子"
    assert text[roots[0].start : roots[0].end] == "一、甲\n（一）子\n1、孙\n2、孙\n（二）子"
    assert flags == []


def test_inverted_levels_are_kept_and_flagged():
    roots, flags, _ = tree(["（一）甲", "一、子", "二、子", "（二）乙", "一、子"])
    assert shape(roots) == [("（一）", ["一、", "二、"]), ("（二）", ["一、"])]
    assert kinds(flags) == ["outline_inverted", "outline_inverted"]


def test_skip_restart_order_and_late_start():
    _, flags, _ = tree(["一、甲", "二、乙", "四、丁"])
    assert kinds(flags) == ["outline_skip"]
    assert flags[0]["detail"] == "四、 follows 二、: 1 missing"
    _, flags, _ = tree(["（一）甲", "（二）乙", "（一）丙", "（二）丁"])
    assert kinds(flags) == ["outline_restart", "outline_missing_level1"]
    _, flags, _ = tree(["（一）甲", "（三）丙", "（二）乙"])
    assert kinds(flags) == ["outline_skip", "outline_order", "outline_missing_level1"]
    _, flags, _ = tree(["（二）乙", "（三）丙"])
    assert kinds(flags) == ["outline_start"]


def test_numbering_running_on_across_sections_is_not_flagged():
    roots, flags, _ = tree(["一、甲", "1、a", "2、b", "二、乙", "3、c", "4、d"])
    assert shape(roots) == [("一、", ["1、", "2、"]), ("二、", ["3、", "4、"])]
    assert flags == []


def test_a_list_starting_past_one_joins_the_outer_level():
    # seed 003 lines 27-99: 一是…五是 (the 一、 heading lost), 1、2、3、 under 五是, then 二、
    roots, flags, _ = tree(["一是甲", "二是乙", "1、a", "2、b", "二、丙", "一是丁", "二是戊"])
    assert shape(roots) == ["一是", ("二是", ["1、", "2、"]), ("二、", ["一是", "二是"])]
    assert kinds(flags) == ["outline_start", "outline_missing_level1"]


def test_soft_markers_need_a_series():
    roots, _, _ = tree(["一是个别党组织作用弱化，二是…", "（一）抓班子", "（二）抓队伍"])
    assert shape(roots) == ["（一）", "（二）"]
    roots, _, _ = tree(["首先，谈感受。", "其次，谈认识。", "第一，开局之年。", "第二，关键之年。"])
    assert shape(roots) == ["首先", ("其次", ["第一，", "第二，"])]


def test_closing_wish_is_not_the_last_item():
    roots, _, _ = tree(["首先，甲", "其次，乙", "最后，丙要落实", "最后，祝大家身体健康！"])
    assert shape(roots) == ["首先", "其次", "最后"]


def test_refrains_are_headings():
    paragraphs = [
        "同志们，朋友们！",
        "甲。",
        "同志们、朋友们！",
        "乙。",
        "同志们、朋友们！",
        "丙。",
    ]
    paragraphs += ["同志们，朋友们！", "丁。"]
    roots, _, _ = tree(paragraphs)
    assert [(n.style, n.heading) for n in roots] == [("refrain", "同志们、朋友们")] * 2 + [
        ("refrain", "同志们，朋友们")
    ]


@pytest.mark.parametrize(
    ("announcement", "count"),
    [
        ("下面，我讲三点意见：", 3),
        ("关于如何提升服务质量，我有三点想法：", 3),
        ("下面，我准备讲三个问题。", 3),
        ("我在这里再强调三点：", 3),
        ("下面，就近期关工委工作讲几点意见。", None),
    ],
)
def test_announced_count_is_read(announcement, count):
    _, _, announcements = tree(["同志们：", announcement, "一、甲", "二、乙", "三、丙"])
    assert [(a["count"], a["found"]) for a in announcements] == [(count, 3)]


def test_announced_count_mismatch_is_flagged():
    _, flags, announcements = tree(
        ["下面，我讲四点意见。", "一、甲", "（一）子", "二、乙", "三、丙"]
    )
    assert kinds(flags) == ["announced_count"]
    assert flags[0]["detail"] == "announced 4 (讲四点意见), found 3"
