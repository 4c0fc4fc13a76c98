"""Header blocks: title repeats, subtitles, speaker names, dates and offices go to speech.header."""

from __future__ import annotations

import pytest
from pages import text_page

from jianghua.records import Line
from jianghua.split import split_page
from jianghua.split.header import split_header


def lines(*texts, start=1):
    return [Line(t, start + i) for i, t in enumerate(texts)]


def pairs(ls):
    return [(line.text, line.source_line) for line in ls]


@pytest.mark.parametrize(
    "text",
    [
        "(2009年10月30日)",
        "（2009年10月30日）",
        "2011年8月25日",
        "(2005-07-07)",
        "2009-10-30",
        "2009.10.30",
        "二〇〇九年十月三十日",
        "二0一一年八月三十日",
        "（一九六二年七月七日）?",  # a character the encoding lost (GBK crawl): not a question
        "（二〇一九年三月五日）\ufffd",
        "——在2011年秋学期开学工作会上的讲话",
        "—在全县党建工作会上的讲话",
        "李 炎",
        "王 \xa0琛",  # sxyz_2020_freshmen_principal.html: a space and a no-break space
        "李炎",
        "欧阳晓明",
        "通江县教育局办公室 二0一一年八月三十日",
        "中共通江县委办公室 2011年8月30日",
        "在全县党建工作会上的讲话",
        "在庆祝建党100周年大会上的致辞",
    ],
)
def test_header_line_alone(text):
    header, rest = split_header(lines(text, "同志们:"), None)
    assert pairs(header) == [(text, 1)]
    assert pairs(rest) == [("同志们:", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "同志们:",
        "同志们",
        "谢谢大家",
        "大家好",
        "会议纪要",
        "一、过去的工作",
        "在全县党建工作会上的讲话。",  # sentence punctuation
        "(2011年8月)",  # no day
        "这次会议的主要任务是总结上半年工作。",
    ],
)
def test_not_header_line(text):
    header, rest = split_header(lines(text, "这是正文。"), None)
    assert header == []
    assert pairs(rest) == [(text, 1), ("这是正文。", 2)]


def test_title_repeat_and_date_with_blank_lines():
    title = "张三同志在全县工作会议上的讲话"
    header, rest = split_header(
        lines(title, "", "(2009年10月30日)", "", "这次会议的主要任务是总结工作。"), title
    )
    assert pairs(header) == [(title, 1), ("(2009年10月30日)", 3)]  # blank lines dropped
    assert pairs(rest) == [("这次会议的主要任务是总结工作。", 5)]


def test_title_repeat_ignores_spaces_and_accepts_a_long_fragment():
    title = "张三同志在全县工作会议上的讲话"
    header, rest = split_header(lines("张三同志在全县 工作会议上的讲话", "同志们:"), title)
    assert pairs(header) == [("张三同志在全县 工作会议上的讲话", 1)]
    header, rest = split_header(lines("全县工作会议上", "同志们:"), title)
    assert pairs(header) == [("全县工作会议上", 1)]
    # a fragment shorter than 6 characters is not a title repeat
    header, rest = split_header(lines("工作会议", "同志们:"), title)
    assert header == []


def test_main_title_above_subtitle_is_header():
    header, rest = split_header(
        lines(
            "坚持不懈地做实做好教育教学质量大文章",
            "——在2011年秋学期开学工作会上的讲话",
            "李 炎",
            "(2011年8月25日)",
            "同志们:",
            "大半年来,全县各级学校认真贯彻落实局党委的部署。",
        ),
        None,
    )
    assert pairs(header) == [
        ("坚持不懈地做实做好教育教学质量大文章", 1),
        ("——在2011年秋学期开学工作会上的讲话", 2),
        ("李 炎", 3),
        ("(2011年8月25日)", 4),
    ]
    assert pairs(rest) == [("同志们:", 5), ("大半年来,全县各级学校认真贯彻落实局党委的部署。", 6)]


def test_main_title_above_date_or_occasion_is_header():
    header, _ = split_header(lines("凝心聚力 奋勇争先", "(2020年1月5日)", "同志们:"), None)
    assert pairs(header) == [("凝心聚力 奋勇争先", 1), ("(2020年1月5日)", 2)]
    header, _ = split_header(
        lines("凝心聚力 奋勇争先", "在全县经济工作会议上的讲话", "同志们:"), None
    )
    assert pairs(header) == [("凝心聚力 奋勇争先", 1), ("在全县经济工作会议上的讲话", 2)]


def test_short_line_above_text_is_not_header():
    header, rest = split_header(
        lines("坚持不懈地做实做好教育教学质量大文章", "大半年来,全县各级学校认真贯彻。"), None
    )
    assert header == []
    assert pairs(rest) == [
        ("坚持不懈地做实做好教育教学质量大文章", 1),
        ("大半年来,全县各级学校认真贯彻。", 2),
    ]


@pytest.mark.parametrize(
    "glued", ["(2005-07-07)同志们:", "(2005-07-07) 同志们:", "（2005年7月7日）同志们："]
)
def test_date_glued_to_salutation_is_split(glued):
    date = glued[: glued.index("）") + 1] if "）" in glued else "(2005-07-07)"
    header, rest = split_header(
        lines("**同志在座谈会上的讲话", glued, "这次会议的主要任务是总结经验。", start=32),
        "**同志在座谈会上的讲话",
    )
    assert pairs(header) == [("**同志在座谈会上的讲话", 32), (date, 33)]
    assert pairs(rest) == [(glued[len(date) :].strip(), 33), ("这次会议的主要任务是总结经验。", 34)]


def test_date_glued_to_text_is_not_split():
    text = "(2005-07-07)今天我们召开会议,主要任务是总结经验。"
    header, rest = split_header(lines(text, "二、加强领导。"), None)
    assert header == []
    assert pairs(rest) == [(text, 1), ("二、加强领导。", 2)]


def test_header_stops_at_first_text_line():
    header, rest = split_header(lines("同志们:", "(2009年10月30日)", "李 炎"), None)
    assert header == []
    assert pairs(rest) == [("同志们:", 1), ("(2009年10月30日)", 2), ("李 炎", 3)]


def test_split_page_item_headers_go_to_speech_header():
    texts = [
        "第一篇:张三同志在全县工作会议上的讲话",  # 1
        "张三同志在全县工作会议上的讲话",  # 2
        "(2009年10月30日)",  # 3
        "这次会议的主要任务是总结上半年工作,安排下半年任务。",  # 4
        "一、认清形势,增强做好工作的责任感。",  # 5
        "第二篇:李炎同志在全县开学工作会上的讲话",  # 6
        "通江县教育局办公室 二0一一年八月三十日",  # 7
        "坚持不懈地做实做好教育教学质量大文章",  # 8
        "——在2011年秋学期开学工作会上的讲话",  # 9
        "李 炎",  # 10
        "(2011年8月25日)",  # 11
        "同志们:",  # 12
        "大半年来,全县各级各类学校认真贯彻落实教育局党委的部署。",  # 13
        "谢谢大家!",  # 14
        "第三篇:王五同志在全市非公有制经济党建工作座谈会上的讲话",  # 15
        "王五同志在全市非公有制经济党建工作座谈会上的讲话",  # 16
        "(2005-07-07)同志们:",  # 17
        "近年来,全市非公有制经济党建工作取得了明显成效。",  # 18
    ]
    speeches = split_page(text_page(texts))
    assert [(s.item, s.title, s.title_source) for s in speeches] == [
        ("第一篇", "张三同志在全县工作会议上的讲话", "item"),
        ("第二篇", "李炎同志在全县开学工作会上的讲话", "item"),
        ("第三篇", "王五同志在全市非公有制经济党建工作座谈会上的讲话", "item"),
    ]
    assert pairs(speeches[0].header) == [(texts[1], 2), (texts[2], 3)]
    assert pairs(speeches[1].header) == [(texts[i - 1], i) for i in range(7, 12)]
    assert pairs(speeches[2].header) == [(texts[15], 16), ("(2005-07-07)", 17)]
    assert [(p.text, p.first_line, p.last_line) for p in speeches[0].paragraphs] == [
        (texts[3], 4, 4),
        (texts[4], 5, 5),
    ]
    assert [(p.text, p.first_line, p.last_line) for p in speeches[1].paragraphs] == [
        (texts[11], 12, 12),
        (texts[12], 13, 13),
        (texts[13], 14, 14),
    ]
    assert [(p.text, p.first_line, p.last_line) for p in speeches[2].paragraphs] == [
        ("同志们:", 17, 17),
        (texts[17], 18, 18),
    ]
    assert [(s.first_line, s.last_line) for s in speeches] == [(4, 5), (12, 14), (17, 18)]
    header_texts = {h.text for s in speeches for h in s.header}
    for s in speeches:
        assert not header_texts & {p.text for p in s.paragraphs}


@pytest.mark.parametrize(
    "text", ["a b\tc\u3000d\xa0e\u2003f\n", "  ", "", "同志 们：\u200b", "\x1c\x1fx\x85y\u2028z"]
)
def test_no_space_removes_what_the_regex_white_space_class_removes(text):
    # no_space drops white space with str.split; it must drop exactly what \s+ did
    import re

    from jianghua.split.header import no_space

    assert no_space(text) == re.sub(r"\s+", "", text)


def test_a_subtitle_names_an_occasion_and_a_dash_led_list_item_does_not():
    from jianghua.split.header import is_subtitle

    assert is_subtitle("——在莫斯科国际关系学院的演讲")
    assert is_subtitle("――在联合国发展峰会上的讲话")  # a look-alike dash
    assert is_subtitle("——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上")
    assert is_subtitle("——新高一家长会上的讲话稿")
    # inside a speech: "――中国将继续增加对最不发达国家投资" (real page, news/…_un_development)
    assert not is_subtitle("――中国将继续增加对最不发达国家投资，力争2030年达到120亿美元。")
    assert not is_subtitle("——中国将设立国际发展知识中心")


def test_a_date_line_with_a_lost_character_still_opens_the_next_item():
    # tests/real/files/compilation/dxp_excerpt_038_041.txt line 14: "（一九六二年七月七日）?" (the
    # crawled GB18030 file lost a character there) under 怎样恢复农业生产 (line 13): a new item,
    # not the end of 克服当前困难的办法
    from pathlib import Path

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    path = Path(__file__).parents[1] / "real" / "files" / "compilation" / "dxp_excerpt_038_041.txt"
    _page, speeches = process_page(read_page(path))
    assert [s.title for s in speeches] == [
        "克服当前困难的办法",
        "怎样恢复农业生产",
        "执政党的干部问题",
        "立足现实，瞻望前途",
    ]
    assert speeches[1].text.startswith("这个时期，我们在经济上采取了一些措施")


def test_a_speechs_own_outline_above_it_goes_to_the_header():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/wenku/c12e_goalscope_xiangmu_huibao.txt: the outline numbers its parts
    # otherwise than the headings below do
    body = "我们的项目是一套面向足球比赛与训练场景的智能视频分析平台，下面分几部分向各位汇报。"
    lines = [
        "项目汇报演讲稿",
        "【演讲结构】",
        "一、需求分析",
        "二、技术实现",
        "三、系统操作演示（演讲者自行补充）",
        "【一、需求分析】",
        "各位评委、老师好，",
        body,
        "【二、技术实现】",
        body,
        "【二、系统操作演示】",
        body,
        "感谢各位评委老师的聆听！",
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.text.startswith("【一、需求分析】") or speech.text.startswith("各位评委")
    assert "【演讲结构】" in [h.text for h in speech.header]
    # entries that never come back as headings are no outline of the text
    from jianghua.records import Line
    from jianghua.split.header import split_own_toc

    lines = [
        Line(t, n) for n, t in enumerate(["提纲", "一是抓学习", "二是抓落实", "同志们：", body], 1)
    ]
    assert split_own_toc(lines) == ([], lines)


STORY = "港珠澳大桥今日上午举行开通仪式，国家主席习近平出席仪式并宣布大桥正式开通，数百名嘉宾出席。"
ADDRESS_BODY = (
    "今天我们在这里隆重举行大桥开通仪式，这是粤港澳三地合作的重要成果，我们要珍惜这个机遇。"
)


def test_a_story_that_hands_over_to_the_full_text_is_cut_from_it():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/news/c12g_hkcnews_2018_carrie_lam_hzmb_opening_speech.txt
    lines = [
        "港珠澳大桥开通",
        STORY,
        STORY,
        "以下是林郑月娥出席港珠澳大桥开通仪式致辞全文：",
        "尊敬的习主席、各位嘉宾：",
        ADDRESS_BODY,
        ADDRESS_BODY,
        "谢谢大家。",
    ]
    page, speeches = process_page(text_page(lines))
    (speech,) = speeches
    assert speech.text.startswith("尊敬的习主席、各位嘉宾：")
    assert [h.text for h in speech.header] == ["港珠澳大桥开通"]  # the headline stays
    removed = {e.line: e.reason for e in page.edits if e.kind == "noise"}
    assert removed == {2: "news story", 3: "news story", 4: "news lead"}
    # a story too long to be a lead above "全文如下：" is a text quoting one: nothing goes
    lines = [
        "同志们：",
        *[ADDRESS_BODY] * 9,
        "现将通知全文如下：",
        ADDRESS_BODY,
        ADDRESS_BODY,
        "谢谢！",
    ]
    page, speeches = process_page(text_page(lines))
    assert not [e for e in page.edits if e.reason == "news story"]
    # 總統府's records: "總統致詞全文如下：" and "…演說全文為：" glued to the lead
    lead = "蔡英文总统今（20）日上午参加在总统府府前广场举行的就职庆祝大会，总统并发表就职演说，演说全文为："
    page, (speech,) = process_page(
        text_page([lead, "各位贵宾、全体国人同胞，大家好：", ADDRESS_BODY])
    )
    assert speech.text.startswith("各位贵宾") and lead not in speech.text
    # "以下是" inside a speech, not a line of its own, cuts nothing
    lines = ["同志们：", ADDRESS_BODY, "以下是我讲的三点意见。", ADDRESS_BODY, ADDRESS_BODY]
    _page, speeches = process_page(text_page(lines))
    assert len(speeches) == 1


def test_a_sentence_reporting_the_speech_above_its_address_is_header():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/news/c12g_hkcnews_2019_teresa_cheng_legal_year_speech.txt
    lead = "律政司司长郑若骅在2019年法律年度开启典礼致辞时，提及宪法和基本法共同构成宪制基础。"
    address = "终审法院首席法官、各位司法机构人员、大律师公会主席、律师会会长、各位嘉宾、各位女士、各位先生："
    _page, (speech,) = process_page(
        text_page([lead, address, ADDRESS_BODY, ADDRESS_BODY, "谢谢各位。"])
    )
    assert speech.text.startswith(address) and lead in [h.text for h in speech.header]
