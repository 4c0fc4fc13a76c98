"""Speech boundaries inside one block: one rule per test, positive and negative."""

from __future__ import annotations

import pytest
from pages import text_page

from jianghua.clean.noise import strip_noise
from jianghua.records import Line
from jianghua.split import split_page
from jianghua.split.segment import segment


def lines(*texts, start=1):
    return [Line(t, start + i) for i, t in enumerate(texts)]


def groups(parts):
    return [[line.source_line for line in part] for part in parts]


P1 = "今年以来,全县经济社会发展保持良好势头,各项工作取得明显成效。"
P2 = "一要进一步提高认识,切实增强做好工作的责任感和紧迫感。"
P3 = "二要进一步加强领导,确保各项工作任务落到实处。"
P4 = "三要进一步转变作风,以钉钉子精神抓好工作落实。"
CLOSING = "最后,祝大家身体健康、工作顺利!"
EXHORTATION = "同志们,让我们在市委的坚强领导下,开拓进取,为完成全年目标任务而努力奋斗!"
OPENING = "前不久,省政府召开了全省环保工作会议,对全年环保工作作了全面部署,下面我讲几点意见。"
PURPOSE = "今天,我们在这里召开专题常委会议,主要目的是听取和评议市卫健委的工作。"


def test_one_speech_is_not_split():
    assert groups(segment(lines("同志们:", P1, P2, P3, "谢谢大家!"))) == [[1, 2, 3, 4, 5]]


def test_empty_and_blank_input():
    assert segment([]) == []
    assert segment(lines("", "  ")) == []


def test_split_at_salutation_to_another_audience():
    ls = lines("同志们:", P1, P2, "各位领导、同志们:", P3, P4)
    assert groups(segment(ls)) == [[1, 2, 3], [4, 5, 6]]


def test_the_first_salutation_again_without_a_closing_is_the_same_speech():
    # "各位代表：" before each part of a government work report cut it into seven speeches
    ls = lines("各位代表:", P1, P2, "各位代表:", P3, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6]]


def test_a_toast_inside_a_speech_does_not_end_it():
    ls = lines("女士们、先生们:", P1, "祝中马友谊万古长青!", P2, P3, "谢谢大家!")
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6]]


def test_a_salutation_of_several_lines_opens_one_speech():
    ls = lines(
        "尊敬的阿齐兹总统,", "尊敬的潘迪卡尔议长,", "各位议员,", "女士们、先生们、朋友们:", P1, P2
    )
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6]]


def test_a_header_block_stays_with_its_speech():
    ls = lines(
        "顺应时代前进潮流 促进世界和平发展",
        "——在莫斯科国际关系学院的演讲",
        "(2013年3月23日,莫斯科)",
        "中华人民共和国主席 习近平",
        "尊敬的萨多夫尼奇校长,",
        "亲爱的同学们:",
        P1,
        P2,
    )
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6, 7, 8]]


def test_leading_salutations_do_not_split():
    # two salutations in a row open one speech: salutations are not counted as paragraphs
    assert groups(segment(lines("各位领导:", "同志们:", P1, P2))) == [[1, 2, 3, 4]]


def test_salutation_with_stray_full_stop_splits():
    assert groups(segment(lines("同志们:", P1, "同志们:。", P2))) == [[1, 2], [3, 4]]


def test_split_after_closing_followed_by_non_closing():
    ls = lines("同志们:", P1, P2, CLOSING, P3, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4], [5, 6]]


def test_closing_followed_by_closing_stays_together():
    ls = lines("同志们:", P1, CLOSING, "谢谢大家!", P3, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4], [5, 6]]


def test_closing_at_the_end_does_not_make_an_empty_speech():
    assert groups(segment(lines("同志们:", P1, "谢谢大家!"))) == [[1, 2, 3]]


def test_split_after_exhortation_followed_by_opening():
    ls = lines("同志们:", P1, P2, EXHORTATION, OPENING, P3)
    assert groups(segment(ls)) == [[1, 2, 3, 4], [5, 6]]


def test_no_split_after_mid_speech_exhortation_followed_by_normal_paragraph():
    ls = lines("同志们:", P1, "同志们,做好关心下一代工作责任重大。", P2, P3)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5]]


def test_no_split_after_exhortation_without_opening():
    ls = lines("同志们:", P1, EXHORTATION, P2)
    assert groups(segment(ls)) == [[1, 2, 3, 4]]


def test_no_split_at_opening_without_exhortation_before_it():
    ls = lines("同志们:", P1, P2, OPENING, P3)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5]]


def test_split_at_meeting_purpose_after_three_paragraphs():
    ls = lines("同志们:", P1, P2, P3, PURPOSE, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4], [5, 6]]


def test_no_split_at_meeting_purpose_after_two_paragraphs():
    ls = lines("同志们:", P1, P2, PURPOSE, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5]]


def test_meeting_purpose_at_start_does_not_split():
    assert groups(segment(lines(PURPOSE, P1, P2, P3))) == [[1, 2, 3, 4]]


@pytest.mark.parametrize(
    "divider",
    [
        "同志们、朋友们!",
        "各位嘉宾、各位朋友,",
        "我们今天再一次召开会议部署,就是要进一步统一思想、凝聚共识,推动各项工作落实。",
    ],
)
def test_no_split_at_mid_speech_lines(divider):
    ls = lines("同志们:", P1, P2, P3, divider, P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6]]


def test_blank_lines_stay_with_the_speech_they_follow():
    ls = lines("同志们:", "", P1, "", "谢谢大家!", "", "", "同志们:", "", P2)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6, 7], [8, 9, 10]]


def test_split_page_runs_several_speeches_together():
    texts = [
        "同志们:",  # 1
        P1,  # 2
        "同志们,做好关心下一代工作责任重大。",  # 3  mid-speech: no split
        P2,  # 4
        "同志们、朋友们!",  # 5  divider: no split
        P3,  # 6
        CLOSING,  # 7
        "各位嘉宾、各位朋友:",  # 8  salutation after a closing
        P1,  # 9
        "各位嘉宾、各位朋友,",  # 10 no split
        P2,  # 11
        "谢谢大家!",  # 12
        "过去的一年,全市关心下一代事业卓有成效。",  # 13 after a closing: new speech
        P2,  # 14
        P3,  # 15
        EXHORTATION,  # 16
        OPENING,  # 17 new speech
        P1,  # 18
        "我们今天再一次召开会议部署,就是要进一步统一思想,推动各项工作落实。",  # 19 no split
        P4,  # 20
        PURPOSE,  # 21 new speech: the current one has 4 paragraphs
        P2,  # 22
        "同志们:",  # 23 the first salutation again, no closing before it: the same speech
        P3,  # 24
    ]
    speeches = split_page(text_page(texts))
    assert [(s.first_line, s.last_line) for s in speeches] == [
        (1, 7),
        (8, 12),
        (13, 16),
        (17, 20),
        (21, 24),
    ]
    assert [[p.first_line for p in s.paragraphs] for s in speeches] == [
        [1, 2, 3, 4, 5, 6, 7],
        [8, 9, 10, 11, 12],
        [13, 14, 15, 16],
        [17, 18, 19, 20],
        [21, 22, 23, 24],
    ]
    for s in speeches:
        assert all(p.first_line == p.last_line for p in s.paragraphs)
        assert [p.text for p in s.paragraphs] == texts[s.first_line - 1 : s.last_line]
        assert (s.title, s.title_source, s.item, s.header) == (None, None, None, [])


def test_split_page_segments_inside_an_item_share_the_item_label():
    texts = [
        "领导讲话篇一",  # 1
        "同志们:",  # 2
        P1,  # 3
        CLOSING,  # 4
        "同志们:",  # 5
        P2,  # 6
        "领导讲话篇二",  # 7
        "同志们:",  # 8
        P3,  # 9
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.first_line, s.last_line) for s in speeches] == [
        ("篇一", 2, 4),
        ("篇一", 5, 6),
        ("篇二", 8, 9),
    ]


def test_split_page_only_first_segment_of_an_item_gets_its_title():
    texts = [
        "第一篇:张三同志在全县工作会议上的讲话",  # 1
        "同志们:",  # 2
        P1,  # 3
        "谢谢大家!",  # 4
        "同志们:",  # 5
        P2,  # 6
        "第二篇:李四同志在全市工作会议上的讲话",  # 7
        "同志们:",  # 8
        P3,  # 9
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.title, s.title_source) for s in speeches] == [
        ("第一篇", "张三同志在全县工作会议上的讲话", "item"),
        ("第一篇", None, None),
        ("第二篇", "李四同志在全市工作会议上的讲话", "item"),
    ]


def test_split_page_later_segment_gets_its_own_header():
    texts = [
        "同志们:",  # 1
        P1,  # 2
        "谢谢大家!",  # 3
        "——在全县党建工作会上的讲话",  # 4
        "(2011年8月25日)",  # 5
        "今天,我们在这里召开全县党建工作会,主要任务是总结去年工作。",  # 6
        P2,  # 7
    ]
    speeches = split_page(text_page(texts))
    assert [(s.first_line, s.last_line) for s in speeches] == [(1, 3), (6, 7)]
    assert [(h.text, h.source_line) for h in speeches[1].header] == [
        ("——在全县党建工作会上的讲话", 4),
        ("(2011年8月25日)", 5),
    ]
    assert speeches[0].header == []


def test_bug_header_lines_before_salutation_of_later_segment_are_kept():
    texts = [
        "同志们:",  # 1
        P1,  # 2
        "谢谢大家!",  # 3
        "——在全县党建工作会上的讲话",  # 4
        "(2011年8月25日)",  # 5
        "同志们:",  # 6
        P2,  # 7
    ]
    speeches = split_page(text_page(texts))
    assert [(s.first_line, s.last_line) for s in speeches] == [(1, 3), (6, 7)]
    assert [(h.text, h.source_line) for h in speeches[1].header] == [
        ("——在全县党建工作会上的讲话", 4),
        ("(2011年8月25日)", 5),
    ]


def test_split_page_attaches_article_meta_to_following_speech_only():
    texts = [
        "同志们:",  # 1
        P1,  # 2
        "谢谢大家!",  # 3
        "发表时间:2009-12-01 查看次数:95 来源:仪陇县委办 [关闭]",  # 4 removed as noise
        "同志们:",  # 5
        P2,  # 6
        "谢谢大家!",  # 7
        "同志们:",  # 8
        P3,  # 9
    ]
    page = strip_noise(text_page(texts))
    speeches = split_page(page)
    assert [(s.first_line, s.last_line) for s in speeches] == [(1, 3), (5, 7), (8, 9)]
    assert [s.meta for s in speeches] == [
        {},
        {"published": "2009-12-01", "views": "95", "from": "仪陇县委办"},
        {},
    ]


# --- bugs found while writing these tests ---------------------------------------------------


def test_bug_split_at_salutation_with_comma():
    ls = lines("同志们:", P1, P2, "各位领导,同志们:", P3, P4)
    assert groups(segment(ls)) == [[1, 2, 3], [4, 5, 6]]


def test_bug_no_split_after_qingzhu_sentence():
    ls = lines(
        "同志们:", P1, "今年以来,我们成功举办了庆祝建党100周年系列活动,取得圆满成功。", P2, P3
    )
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5]]


def test_bug_no_split_at_early_address_before_speaking_points():
    ls = lines(
        "同志们:",
        "今天召开全县安全生产工作会议,主要任务是分析当前形势,部署今冬明春安全生产工作。",
        "同志们,安全生产责任重于泰山。",
        "下面,我讲三点意见。",
        P2,
        P3,
    )
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6]]


@pytest.mark.parametrize(
    "name, title",
    [
        # the <h2> repeated over the body (lines 398 and 420)
        ("sxyz_2025_spring_term_principal.html", "2024学年第二学期开学典礼讲话"),
        # ... repeated as a main title and its subtitle
        ("sxyz_2021_spring_term_principal.html", "乘风破浪，逐梦扬帆"),
    ],
)
def test_a_page_title_the_article_repeats_is_its_header_not_a_speech(name, title):
    from pathlib import Path

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    path = Path(__file__).parents[1] / "real" / "files" / "gov_portal" / name
    _page, speeches = process_page(read_page(path))
    assert len(speeches) == 1
    assert speeches[0].title == title
    assert any(h.text.strip() == title for h in speeches[0].header)


def test_a_title_alone_that_the_next_speech_does_not_repeat_stays_a_speech():
    from jianghua.split.roles import _join_repeated_titles

    def parts(first, second):
        return [([], lines(first)), (lines(second, start=2), lines(P1, start=3))]

    assert len(_join_repeated_titles(parts("教育工作会议讲话", "校园安全工作讲话"))) == 2
    assert len(_join_repeated_titles(parts("教育工作会议讲话", "教育工作会议讲话"))) == 1
    # a short title is not taken for the start of a longer one
    assert len(_join_repeated_titles(parts("讲话", "讲话精神学习体会"))) == 2


def test_a_preamble_above_a_salutation_is_the_speech_header():
    from jianghua.split.roles import _join_preambles

    report = lines("各位代表：", P1, P2, start=10)
    # a portal's menu, title, date and font-size widget (prov2026_yunnan.txt)
    menu = ([], lines(">", "云南要闻", "2026年政府工作报告", "2026-02-03 09:02:33", "大", "中"))
    # the report of the opening session (prov2026_ningxia.txt line 23)
    lead = (
        lines("政府工作报告", start=7),
        lines(
            "2月3日，第十三届人民代表大会第四次会议在银川开幕。主席张雨浦作政府工作报告。", start=8
        ),
    )
    joined = _join_preambles([menu, lead, ([], report)])
    assert len(joined) == 1
    # a photo's caption saying who gives it (prov2026_gansu.txt line 15)
    caption = (
        lines("甘肃省省长 任振鹤"),
        lines("任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿"),
    )
    assert len(_join_preambles([caption, ([], report)])) == 1
    long_caption = ([], lines("任振鹤作政府工作报告。" + P1 + P2))
    assert len(_join_preambles([long_caption, ([], report)])) == 2
    header, text = joined[0]
    assert [x.text for x in header][:3] == [">", "云南要闻", "2026年政府工作报告"]
    assert text == report


def test_a_short_speech_is_not_a_preamble():
    from jianghua.split.roles import _join_preambles

    toast = ([], lines("请大家举杯，为友谊干杯！", "祝大家新年快乐。"))
    after = ([], lines("同志们：", P1, start=5))
    assert len(_join_preambles([toast, after])) == 2
    # nor is a preamble above a speech that does not open on a salutation
    menu = ([], lines("首页", "要闻"))
    assert len(_join_preambles([menu, ([], lines(P1, P2, start=5))])) == 2


@pytest.mark.parametrize(
    "name, title",
    [("prov2026_ningxia.txt", "政府工作报告"), ("prov2026_yunnan.txt", "2026年政府工作报告")],
)
def test_a_portal_report_is_one_speech_with_its_title(name, title):
    from pathlib import Path

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    path = Path(__file__).parents[1] / "real" / "files" / "gov_portal" / name
    _page, speeches = process_page(read_page(path))
    assert len(speeches) == 1
    assert speeches[0].title == title
    assert speeches[0].text.startswith("各位代表：")


def test_a_title_ending_a_speech_above_a_dated_header_is_the_next_speech_title():
    from jianghua.split.roles import _move_trailing_titles

    first = lines(P1, P2, "", "在全军政治工作会议上的讲话", "", start=1)
    second = (lines("（一九七八年六月二日）", "邓小平", start=6), lines("同志们：", P3, start=8))
    (_h1, t1), (h2, _t2) = _move_trailing_titles([([], first), second])
    assert [x.text for x in t1 if x.text] == [P1, P2]
    assert [x.text for x in h2 if x.text][0] == "在全军政治工作会议上的讲话"
    # not a closing, not a line the text runs into, not above a header that has its title
    for last in (["", "谢谢大家！"], ["在全军政治工作会议上的讲话"]):
        text = lines(P1, P2, *last)
        (_h, t), _ = _move_trailing_titles([([], text), second])
        assert t == text
    titled = (lines("实现四化，永不称霸", "（一九七八年五月七日）", start=6), second[1])
    (_h, t), _ = _move_trailing_titles([([], first), titled])
    assert t == first


def test_a_purpose_line_that_introduces_a_list_goes_on_with_the_speech():
    # tests/real/files/wenku/c13c_mao_1954_npc_opening_address.txt: three short paragraphs after
    # 各位代表！, then "这次会议的任务是：" and the list of tasks
    ls = lines("各位代表!", P1, P2, P3, "这次会议的任务是:", "制定宪法;", P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6, 7]]
    ls = lines("各位代表!", P1, P2, P3, "这次会议的任务是制定宪法,选举新的国家领导工作人员。", P4)
    assert groups(segment(ls)) == [[1, 2, 3, 4], [5, 6]]


def test_a_signature_under_the_last_words_ending_on_a_date_stays_with_the_speech():
    # tests/real/files/wechat/c13b_t2049_yansi_2019_deng_xueping_defence_statement.txt
    tail = ["张扣扣委托辩护人", "京衡律师上海事务所", "邓学平律师", "二〇一九年一月八日"]
    ls = lines("合议庭的各位成员:", P1, P2, "以上意见,恳请予以采纳。谢谢。", *tail)
    assert groups(segment(ls)) == [[1, 2, 3, 4, 5, 6, 7, 8]]
    # a title, date and name after the last words, with a text under them: the next speech
    ls = lines("同志们:", P1, "谢谢大家!", "在全县大会上的讲话", "(2019年1月8日)", "同志们:", P2)
    assert groups(segment(ls)) == [[1, 2, 3], [4, 5, 6, 7]]
