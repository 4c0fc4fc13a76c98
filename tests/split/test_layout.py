"""Layout detection (items, table of contents) and how split_page uses it."""

from __future__ import annotations

import pytest
from pages import text_page

from jianghua.records import Line
from jianghua.split import split_page
from jianghua.split.layout import (
    Item,
    Toc,
    blank_separated,
    blocks,
    chinese_number,
    collection_titles,
    find_items,
    find_toc,
)


def lines(*texts, start=1):
    return [Line(t, start + i) for i, t in enumerate(texts)]


def paragraphs(speech):
    return [(p.text, p.first_line, p.last_line) for p in speech.paragraphs]


# --- chinese_number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十六", 16),
        ("二十二", 22),
        ("九十九", 99),
        ("一百零五", 105),
        ("两", 2),
        ("〇", 0),
        ("3", 3),
        ("12", 12),
        ("３", 3),
        ("１２", 12),
    ],
)
def test_chinese_number(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["篇", "第一", "1a", "x"])
def test_chinese_number_rejects(text):
    assert chinese_number(text) is None


# --- items ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "label", "title"),
    [
        ("领导在全市关工委工作会议上的讲话篇一", 1, "篇一", "领导在全市关工委工作会议上的讲话"),
        (
            "领导在全市关工委工作会议上的讲话篇十三",
            13,
            "篇十三",
            "领导在全市关工委工作会议上的讲话",
        ),
        ("党的群团工作会议上的讲话 篇1", 1, "篇1", "党的群团工作会议上的讲话"),
        (
            "第一篇:杨钊同志在全区工会工作观摩会上的讲话",
            1,
            "第一篇",
            "杨钊同志在全区工会工作观摩会上的讲话",
        ),
        ("第2篇 在全县工作会议上的讲话", 2, "第2篇", "在全县工作会议上的讲话"),
        ("篇三:在全县工作会议上的讲话", 3, "篇三", "在全县工作会议上的讲话"),
        ("【篇二】在全县工作会议上的讲话", 2, "【篇二】", "在全县工作会议上的讲话"),
        ("篇四", 4, "篇四", ""),
    ],
)
def test_find_items_marker_forms(text, number, label, title):
    found = find_items(lines("篇零", text))  # a second marker, numbered 0, before it
    assert (found[1].index, found[1].number, found[1].label, found[1].title) == (
        1,
        number,
        label,
        title,
    )


def test_find_items_indices_and_rising_numbers():
    ls = lines(
        "序言",
        "领导讲话篇一",
        "同志们:",
        "领导讲话篇二",
        "正文。",
        "领导讲话篇三",
    )
    assert find_items(ls) == [
        Item(1, 1, "篇一", "领导讲话"),
        Item(3, 2, "篇二", "领导讲话"),
        Item(5, 3, "篇三", "领导讲话"),
    ]


def test_find_items_needs_two_markers():
    assert find_items(lines("领导讲话篇一", "同志们:", "正文。")) == []


def test_find_items_needs_rising_numbers():
    assert find_items(lines("讲话篇三", "正文。", "讲话篇一", "讲话篇二", "讲话篇一")) == []


@pytest.mark.parametrize(
    "text",
    [
        "这是我们工作的第一篇。",  # sentence end
        "第一篇" + "很长的标题" * 20,  # longer than 100
        "同志们:",
    ],
)
def test_not_item_marker(text):
    assert find_items(lines(text, "讲话篇二", "讲话篇三")) == [
        Item(1, 2, "篇二", "讲话"),
        Item(2, 3, "篇三", "讲话"),
    ]


def test_collection_titles():
    same = [Item(0, 1, "篇一", "领导讲话"), Item(5, 2, "篇二", "领导 讲话")]
    distinct = [Item(0, 1, "第一篇", "张三的讲话"), Item(5, 2, "第二篇", "李四的讲话")]
    assert collection_titles(same) is True
    assert collection_titles(distinct) is False
    assert collection_titles(same[:1]) is False


# --- table of contents ---------------------------------------------------------------------


def test_find_toc_with_blank_lines_between_entries():
    ls = lines("汇编", "", "1。题目一", "", "2。题目二", "", "3、题目三", "4.题目四", "", "正文。")
    assert find_toc(ls) == Toc(2, 8, ("题目一", "题目二", "题目三", "题目四"))


def test_find_toc_stops_at_a_numbering_gap():
    ls = lines("1。题目一", "2。题目二", "3。题目三", "5。题目五", "正文。")
    assert find_toc(ls) == Toc(0, 3, ("题目一", "题目二", "题目三"))


@pytest.mark.parametrize(
    "texts",
    [
        ("1。题目一", "2。题目二", "正文。"),  # only two entries
        ("2。题目二", "3。题目三", "4。题目四"),  # does not start at 1
        ("1。题目一", "3。题目三", "4。题目四"),
        # body text (> 80 characters) before the list
        ("今年以来," + "全市上下认真贯彻落实市委部署" * 6, "1。题目一", "2。题目二", "3。题目三"),
    ],
)
def test_no_toc(texts):
    assert find_toc(lines(*texts)) is None


def test_blank_separated():
    assert blank_separated(lines("甲。", "", "乙。", "", "丙。", "", "丁。")) is True
    assert blank_separated(lines("甲。", "乙。", "丙。", "", "丁。")) is False
    assert blank_separated(lines("", "", "")) is False


def test_blocks():
    ls = lines("甲。", "", "乙。", "", "", "丙。", "丁。", "", "", "", "戊。")
    assert [[x.source_line for x in b] for b in blocks(ls, 2)] == [[1, 3], [6, 7], [11]]
    assert [[x.source_line for x in b] for b in blocks(ls, 1)] == [[1], [3], [6, 7], [11]]
    assert blocks(lines("", ""), 1) == []


# --- split_page by layout ------------------------------------------------------------------


def test_items_with_identical_titles_have_no_title():
    texts = [
        "领导在全市关工委工作会议上的讲话篇一",  # 1
        "同志们:",  # 2
        "今年是全面建成小康社会的决胜之年,做好今年的工作意义重大。",  # 3
        "一要提高站位。各级关工委要把思想统一到市委的部署上来。",  # 4
        "领导在全市关工委工作会议上的讲话篇二",  # 5
        "过去的一年,全市关心下一代事业卓有成效。",  # 6
        "二要强化担当,切实履行好关心下一代的职责。",  # 7
        "领导在全市关工委工作会议上的讲话篇三",  # 8
        "同志们:",  # 9
        "要加强关工委自身建设,推动工作高质量发展。",  # 10
        "谢谢大家!",  # 11
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.title, s.title_source) for s in speeches] == [
        ("篇一", None, None),
        ("篇二", None, None),
        ("篇三", None, None),
    ]
    assert [(s.first_line, s.last_line) for s in speeches] == [(2, 4), (6, 7), (9, 11)]
    assert paragraphs(speeches[1]) == [(texts[5], 6, 6), (texts[6], 7, 7)]
    assert all(s.header == [] for s in speeches)
    assert all((s.source, s.source_sha256) == ("t.txt", "x") for s in speeches)


def test_items_with_spaced_numeric_labels():
    texts = [
        "党的群团工作会议上的讲话 篇1",
        "同志们:",
        "这次会议的主要任务是深入学习贯彻中央党的群团工作会议精神。",
        "党的群团工作会议上的讲话 篇2",
        "同志们:",
        "今天,市委召开党的群团工作会议,主要任务是部署今后一个时期的工作。",
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.title, s.first_line, s.last_line) for s in speeches] == [
        ("篇1", None, 2, 3),
        ("篇2", None, 5, 6),
    ]


def test_items_with_distinct_titles_take_title_from_item():
    texts = [
        "第一篇:张三同志在全县工作会议上的讲话",
        "同志们:",
        "这次会议的主要任务是总结上半年工作,安排下半年任务。",
        "第二篇:李四同志在全市教育工作会上的讲话",
        "同志们:",
        "大半年来,全市教育系统认真贯彻落实市委部署。",
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.title, s.title_source, s.first_line, s.last_line) for s in speeches] == [
        ("第一篇", "张三同志在全县工作会议上的讲话", "item", 2, 3),
        ("第二篇", "李四同志在全市教育工作会上的讲话", "item", 5, 6),
    ]


def test_text_before_first_item_is_its_own_chunk():
    intro = "这些讲话都是在全县工作会议上的讲话，供大家学习参考，请结合实际认真学习。"
    texts = [intro, "领导讲话篇一", "同志们:", "甲。", "领导讲话篇二", "同志们:", "乙。"]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.first_line, s.last_line) for s in speeches] == [
        (None, 1, 1),
        ("篇一", 3, 4),
        ("篇二", 6, 7),
    ]
    # a title alone above the items is the collection's header, no speech of its own
    texts[0] = "领导讲话合集"
    speeches = split_page(text_page(texts))
    assert [(s.item, s.first_line, s.last_line) for s in speeches] == [
        ("篇一", 3, 4),
        ("篇二", 6, 7),
    ]
    assert speeches[0].header[0].text == "领导讲话合集"


TOC_PAGE = [
    "",  # 1
    "1。题目一",  # 2
    "2。题目二",  # 3
    "3。题目三",  # 4
    "4。题目四",  # 5
    "5。题目五",  # 6
    "",  # 7
    "",  # 8
    "今年以来,全县上下认真贯彻落实市委部署,各项工作取得明显成效。",  # 9
    "",  # 10
    "一要进一步提高认识,切实增强做好工作的责任感。",  # 11
    "",  # 12
    "二要进一步加强领导,确保各项任务落到实处。",  # 13
    "",  # 14
    "",  # 15
    "刚才传达学习了市委书记调研政协工作的讲话精神。",  # 16
    "",  # 17
    "政协工作是党的工作的重要组成部分,要认真抓好落实。",  # 18
    "",  # 19
    "要加强政协委员队伍建设,提升履职能力。",  # 20
    "",  # 21
    "",  # 22
    "过去的一年,全市体育工作取得了新的成绩。",  # 23
    "",  # 24
    "体育强国建设任重道远,需要我们继续努力。",  # 25
    "",  # 26
    "要坚持以人民为中心,推进全民健身深入开展。",  # 27
]


def test_toc_titles_bodies_in_order():
    speeches = split_page(text_page(TOC_PAGE))
    assert [(s.title, s.title_source, s.item) for s in speeches] == [
        ("题目一", "toc", "1"),
        ("题目二", "toc", "2"),
        ("题目三", "toc", "3"),
    ]
    assert [(s.first_line, s.last_line) for s in speeches] == [(9, 13), (16, 20), (23, 27)]
    assert [[p.first_line for p in s.paragraphs] for s in speeches] == [
        [9, 11, 13],
        [16, 18, 20],
        [23, 25, 27],
    ]
    assert paragraphs(speeches[1])[0] == (TOC_PAGE[15], 16, 16)
    all_text = "".join(s.text for s in speeches)
    assert "题目四" not in all_text and "题目五" not in all_text


def test_toc_body_without_blank_line_before_next_body_is_split_at_purpose():
    # Seed 002 lines 131-133: a body with >= 3 paragraphs runs into the next, which states the
    # meeting's purpose.
    texts = [
        *TOC_PAGE[:13],
        "",  # 14
        "今天,我们在这里召开专题常委会议,主要目的是听取和评议市卫健委的工作。",  # 15
        "",  # 16
        "要把评议整改工作抓实抓细,确保取得实效。",  # 17
        *TOC_PAGE[13:],  # 18.. (the old lines 14..)
    ]
    speeches = split_page(text_page(texts))
    assert [(s.title, s.first_line, s.last_line) for s in speeches] == [
        ("题目一", 9, 13),
        ("题目二", 15, 17),
        ("题目三", 20, 24),
        ("题目四", 27, 31),
    ]
    assert [s.title_source for s in speeches] == ["toc"] * 4


def test_toc_page_without_blank_lines_inside_bodies():
    texts = [
        "1。题目一",  # 1
        "2。题目二",  # 2
        "3。题目三",  # 3
        "",  # 4
        "今年以来,全县上下认真贯彻落实市委部署。",  # 5
        "一要进一步提高认识。",  # 6
        "",  # 7
        "刚才传达学习了市委书记的讲话精神。",  # 8
        "政协工作是党的工作的重要组成部分。",  # 9
    ]
    speeches = split_page(text_page(texts))
    assert [(s.title, s.first_line, s.last_line) for s in speeches] == [
        ("题目一", 5, 6),
        ("题目二", 8, 9),
    ]


def test_bug_numbered_list_inside_speech_is_not_toc():
    texts = [
        "同志们:",
        "下面,我讲三点意见:",
        "1、提高认识;",
        "2、加强领导;",
        "3、狠抓落实。",
        "今年以来,全县上下认真贯彻落实市委部署,各项工作取得明显成效。",
        "谢谢大家!",
    ]
    assert find_toc(lines(*texts)) is None
    speeches = split_page(text_page(texts))
    assert [(s.title, s.first_line, s.last_line) for s in speeches] == [(None, 1, 7)]


def test_toc_bodies_of_two_paragraphs():
    texts = [
        "1。题目一",  # 1
        "2。题目二",  # 2
        "3。题目三",  # 3
        "",  # 4
        "",  # 5
        "今年以来,全县上下认真贯彻落实市委部署。",  # 6
        "",  # 7
        "一要进一步提高认识。",  # 8
        "",  # 9
        "",  # 10
        "刚才传达学习了市委书记的讲话精神。",  # 11
        "",  # 12
        "政协工作是党的工作的重要组成部分。",  # 13
        "",  # 14
        "",  # 15
        "过去的一年,全市体育工作取得了新的成绩。",  # 16
        "",  # 17
        "要坚持以人民为中心,推进全民健身深入开展。",  # 18
    ]
    speeches = split_page(text_page(texts))
    assert [(s.title, s.first_line, s.last_line) for s in speeches] == [
        ("题目一", 6, 8),
        ("题目二", 11, 13),
        ("题目三", 16, 18),
    ]


# --- item markers of real 范文 compilations (tests/real/files/compilation) -------------------

DATED = "（一九八七年三月三日）"
BODY = "改革和开放是手段，目标是分三步走发展我们的经济，这是我们的基本路线。"


def _lines(*texts):
    return [Line(t, i + 1) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "first, second",
    [
        ("【范文一】要吸收国际的经验", "【范文二】拿事实来说话"),
        ("范文1：要吸收国际的经验", "范文2：拿事实来说话"),
        ("一：", "二："),
        ("（一）要吸收国际的经验", "（二）拿事实来说话"),  # numbered titles with a date under them
        ("1.要吸收国际的经验", "2.拿事实来说话"),
    ],
)
def test_compilation_item_markers(first, second):
    items = find_items(_lines(first, DATED, BODY, BODY, second, DATED, BODY))
    assert [(it.index, it.number) for it in items] == [(0, 1), (4, 2)]


def test_numbered_headings_without_a_date_are_not_items():
    assert find_items(_lines("（一）加强领导", BODY, "（二）狠抓落实", BODY)) == []


def test_a_table_of_contents_naming_the_items_is_recognised():
    from jianghua.split.layout import toc_of_items

    lines = _lines(
        "1.要吸收国际的经验",
        "2.拿事实来说话",
        "1.要吸收国际的经验",
        DATED,
        BODY,
        "2.拿事实来说话",
        DATED,
        BODY,
    )
    items = find_items(lines)
    assert [it.index for it in items] == [2, 5]
    assert toc_of_items(lines[:2], items)


def test_one_title_over_copies_of_one_speech_is_its_title():
    from pages import text_page

    from jianghua.pipeline import process_page

    def split_page(page):
        return process_page(page)[1]

    body = [
        "（一九八七年五月五日）",
        "发展中日两国人民之间的友好关系，从那个时候就开始了。",
        "谢谢大家。",
    ]
    other = ["（一九八七年六月一日）", "今天讲一讲改革的问题，改革是中国的第二次革命。", "谢谢。"]
    title = "警惕日本极少数人复活军国主义"
    copies = ["讲话稿范文3篇", f"篇一：{title}", *body, f"篇二：{title}", *body]
    # constructed_08_repeat.txt: a 范文 page giving one speech three times, each under its title
    assert [s.title for s in split_page(text_page(copies))] == [title, title]
    # different speeches under one title: the title names the collection
    mixed = ["讲话稿范文2篇", "篇一：领导讲话稿", *body, "篇二：领导讲话稿", *other]
    assert [s.title for s in split_page(text_page(mixed))] == [None, None]


def _numbered(texts):
    return [Line(t, k) for k, t in enumerate(texts, 1)]


def test_bulleted_entries_under_a_contents_heading_are_a_table_of_contents():
    # tests/real/files/compilation/dxp_vol1_toc_items_000_002.txt lines 12-57: "目  录", then
    # "· 动员新兵及新兵政治工作" … (43 entries, a date line under the last), before 3 of the texts
    from jianghua.split.layout import find_toc

    lines = _numbered(
        [
            "这是上一篇的末尾，一段很长的正文，" * 6,
            "",
            "目  录",
            "· 动员新兵及新兵政治工作 ",
            "· 党与抗日民主政权 ",
            "· 建设一个成熟的有战斗力的党 ",
            "  （一九六五年六月、十二月）  邓小平  ",
            "· 注释",
            "动员新兵及新兵政治工作",
        ]
    )
    toc = find_toc(lines)
    assert toc is not None and toc.start == 2 and toc.end == 8
    assert toc.titles[:2] == ("动员新兵及新兵政治工作", "党与抗日民主政权")


def test_a_bulleted_list_in_a_speech_is_no_table_of_contents():
    from jianghua.split.layout import find_toc

    lines = _numbered(["同志们：", "我讲三点：", "· 抓学习", "· 抓落实", "· 抓作风", "谢谢大家！"])
    assert find_toc(lines) is None


def test_a_contents_page_alone_gives_no_speech():
    # tests/real/files/compilation/dxp_vol1_toc_alone.txt: a book's contents without its texts
    from pages import text_page

    from jianghua.pipeline import process_page

    entries = [f"· 第{k}篇文章的标题是这样的" for k in range(1, 9)]
    _page, speeches = process_page(text_page(["《文选第一卷》", "目  录", *entries]))
    assert all(
        "not_a_speech" in [f["kind"] for f in s.structure.get("flags", [])] for s in speeches
    )


def test_talks_headed_by_their_day_are_items_dated_by_the_collections_year():
    from jianghua.pipeline import process_page

    # tests/real/files/compilation/mao_1953_two_talks_agricultural_cooperation.txt and
    # c13c_mao_1959_lushan_talks_and_comment.txt: one title over several talks, each headed
    # "一 十月十五日的谈话", "二、七月二十三日讲话——…"
    body = "办好农业生产合作社，即可带动互助组大发展。在新区，无论大、中、小县，都要搞好。" * 3
    lines = [
        "关于农业互助合作的两次谈话",
        "(一九五三年十月十五日、十一月四日)",
        "一 十月十五日的谈话",
        body,
        "二 (十一月四日)的谈话",
        body.replace("办好", "做好"),
    ]
    _page, speeches = process_page(text_page(lines))
    assert [s.title for s in speeches] == ["十月十五日的谈话", "(十一月四日)的谈话"]
    assert [s.structure["meta"]["date"]["value"] for s in speeches] == ["1953-10-15", "1953-11-04"]
    assert [h.text for h in speeches[0].header][:2] == lines[:2]  # the collection's header
    # numbered sections of one speech are no items: no day heads them
    lines = ["在全县大会上的讲话", "同志们：", "一、统一认识", body, "二、加强领导", body]
    assert len(split_page(text_page(lines))) == 1


def test_a_books_note_callout_leaves_the_title():
    lines = ["二、七月二十三日讲话——反对两种倾向，维护党的团结⑴", "同志们：", "我们要团结。" * 10]
    lines += ["三、七月二十六日讲话——统一认识（22）", "同志们：", "我们要统一认识。" * 10]
    speeches = split_page(text_page(lines))
    assert [s.title for s in speeches] == [
        "七月二十三日讲话——反对两种倾向，维护党的团结",
        "七月二十六日讲话——统一认识",
    ]
