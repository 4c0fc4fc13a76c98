"""Metadata on hand-made inputs: every date form, inferred years, speakers, genre cues, sector,
places; each field carries its source, and what nothing states stays absent."""

from __future__ import annotations

import pytest

from jianghua.structure.meta import (
    explicit_date,
    extract,
    genre,
    inferred_date,
    parse_title,
    sector,
)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("(2009年10月30日)", "2009-10-30"),
        ("（2011年8月25日）", "2011-08-25"),
        ("(2005-07-07)", "2005-07-07"),
        ("通江县教育局办公室 二0一一年八月三十日", "2011-08-30"),
        ("二〇二〇年十二月", "2020-12"),
        ("发表时间:2009-12-01", "2009-12-01"),
        ("2021年3月", "2021-03"),
        ("2020.11.5", "2020-11-05"),
    ],
)
def test_explicit_date_forms(line, value):
    assert explicit_date(line)[0] == value


@pytest.mark.parametrize("line", ["20xx年x月x日", "2020年13月1日", "去年81日", "第2020号"])
def test_no_date_is_made_up(line):
    assert explicit_date(line) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("刚刚过去的2020年是极不平凡的一年。", "2021"),
        ("今年是中国共产党成立100周年。", "2021"),
        ("今年是新中国成立70周年。", "2019"),
        ("今年是“十三五”规划收官之年。", "2020"),
        ("今年是“十四五”开局之年。", "2021"),
        ("今年是实施“十二五”规划承上启下的重要一年。", "2012/2013"),
        ("会议的任务是总结2019年工作，部署2020年工作。", "2019/2020"),
        ("回顾总结2013年全市档案工作。", "2013/2014"),
    ],
)
def test_inferred_years_with_evidence(text, value):
    found = inferred_date(text)
    assert (found["value"], found["source"]) == (value, "body")
    assert found["evidence"]


def test_an_event_raises_the_floor_and_contradictions_say_nothing():
    found = inferred_date("回顾总结2019年工作。学习贯彻十九届五中全会精神。")
    assert found["value"] == "2020"
    assert "十九届五中全会" in found["evidence"]
    assert inferred_date("刚刚过去的2015年。学习贯彻十九届五中全会精神。") is None
    assert inferred_date("2020年是不平凡的一年。") is None  # a year named is not the year spoken


def test_date_priority_header_then_title_then_wenku_then_body():
    text = "同志们：\n刚刚过去的2020年是极不平凡的一年。"
    both = ["通江县教育局办公室 二0一一年八月三十日", "李 炎", "(2011年8月25日)"]
    assert extract(None, both, text, {}, True)["date"]["value"] == "2011-08-25"
    office = extract(None, both[:1], text, {}, True)["date"]
    assert (office["value"], office["source"]) == ("2011-08-30", "header")
    titled = extract("2020年全省教育扶贫推进工作视频会上的讲话", [], text, {}, True)["date"]
    assert (titled["value"], titled["source"]) == ("2020", "title")
    wenku = extract(None, [], text, {"published": "2009-12-01"}, True)["date"]
    assert (wenku["value"], wenku["source"]) == ("2009-12-01", "文库 metadata")
    body = extract(None, [], text, {}, True)["date"]
    assert (body["value"], body["source"]) == ("2021", "body")
    assert "date" not in extract(None, [], "同志们：\n今年工作很多。", {}, True)


@pytest.mark.parametrize(
    ("title", "header", "name", "source", "masked"),
    [
        ("杨钊同志在全区工会工作观摩会上的讲话", [], "杨钊", "title", False),
        ("**同志在全市党建工作座谈会上的讲话", [], "**", "title", True),
        ("XX同志在全县党建工作会上的讲话", [], "XX", "title", True),
        (
            None,
            ["坚持不懈地做实做好教育教学质量大文章", "李 炎", "(2011年8月25日)"],
            "李炎",
            "header",
            False,
        ),
        (None, ["县委书记 王小明"], "王小明", "header", False),
        # office and name glued after the occasion (tests/real/files/work_report/
        # govcn_report_2017.txt line 3)
        (
            None,
            ["政府工作报告——2017年3月5日在第十二届全国人民代表大会第五次会议上国务院总理　李克强"],
            "李克强",
            "header",
            False,
        ),
    ],
)
def test_speaker(title, header, name, source, masked):
    who = extract(title, header, "同志们：\n今天开会。", {}, True)["speaker"]
    assert (who["value"], who["source"], who["masked"]) == (name, source, masked)


def test_a_publication_stamp_is_not_the_speech_date_and_the_subtitle_date_comes_first():
    text = "各位代表：\n现在，我代表省人民政府向大会报告工作。"
    header = ["2026年政府工作报告", "2026-02-03 09:02:33", "——2026年1月28日在云南省人民代表大会上"]
    assert extract(None, header, text, {}, True)["date"]["value"] == "2026-01-28"
    assert extract(None, header[:2], text, {}, True).get("date", {}).get("source") != "header"


def test_an_office_and_name_line_is_the_speaker_before_a_menu_word():
    header = ["宁夏要闻", "政府工作报告", "自治区人民政府主席 张雨浦"]
    who = extract(None, header, "各位代表：\n现在报告工作。", {}, True)["speaker"]
    assert who["value"] == "张雨浦"


def test_no_speaker_is_guessed():
    assert "speaker" not in extract(
        "在全县党建工作会上的讲话", ["(2011年8月25日)"], "同志们：", {}, True
    )
    # what follows an occasion is not a name unless it is an office and a name
    glued = ["——在全县党建工作会议上的讲话提纲"]
    assert "speaker" not in extract(None, glued, "同志们：", {}, True)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("现在开会。今天会议有三项议程。下面进行第一项，请张书记讲话。", "主持词"),
        ("我代表县退役军人事务局表态如下：", "表态发言"),
        ("下面我代表杭州市关工委作工作报告。", "工作报告"),
        ("我们这次会议开得很好，达到了预期目的。", "总结讲话"),
        ("值此论坛开幕之际，我谨代表市政府表示热烈的祝贺！", "致辞"),
        ("这次会议的主要任务是部署今年工作。", "讲话"),
        ("通过学习，我深刻认识到理论武装的重要性。", "心得体会"),
        ("近年以来，我镇认真贯彻落实环保工作部署。", "工作报告"),
        ("一、大力发展优势农产品生产。1、稳定发展粮食生产。", "fragment"),
    ],
)
def test_genre_from_body_cues(text, name):
    assert genre({}, [], text, has_salutation=False)["value"] == name


def test_genre_from_title_and_header_first():
    assert genre({"genre": "致辞"}, [], "同志们", True)["source"] == "title"
    g = genre({}, ["——在2011年秋学期开学工作会上的讲话"], "…", False)
    assert (g["value"], g["source"]) == ("讲话", "header")


def test_sector_from_content_with_title_weight():
    s = sector("", "档案工作要抓好档案接收，推进档案数字化。环境保护也很重要。")
    assert (s["value"], s["source"]) == ("档案", "body")
    assert "档案×3" in s["evidence"]
    s = sector("在全市统计工作会议上的讲话", "今年的工作要抓好，环境保护，环保，污染。")
    assert (s["value"], s["source"]) == ("统计", "title")
    assert sector("", "今天天气很好。") is None


def test_places_from_title_header_and_body():
    meta = extract("在焦作市创建全国文明城市总结大会上的讲话", [], "同志们：\n今天开会。", {}, True)
    assert meta["place"]["value"] == {
        "city": "焦作市",
        "province": "河南",
    }  # province from the city
    assert meta["place"]["source"] == "title"
    text = "同志们：\n绵阳市关工委在市委领导下，平武县关工委…平武县五老…"
    meta = extract(None, [], text, {}, True)
    # named in the body only: the region the speech is about, inferred, never the stated place
    assert "place" not in meta
    assert meta["region"]["value"] == {"city": "绵阳市", "county": "平武县", "province": "四川"}
    assert meta["region"]["source"] == "body" and meta["region"]["confidence"] < 0.8
    meta = extract(None, [], "同志们：\n城市建设和城区管理要加强。", {}, True)
    assert "place" not in meta and "region" not in meta


def test_a_stated_place_and_a_region_named_in_the_body_are_kept_apart():
    # the title states the city; the body names a county of it: the county is only the region
    text = "同志们：\n平武县关工委做了大量工作，平武县五老积极参与。"
    meta = extract("在绵阳市关工委工作会议上的讲话", [], text, {}, True)
    assert meta["place"]["value"] == {"city": "绵阳市", "province": "四川"}
    assert meta["place"]["source"] == "title"
    assert meta["region"]["value"] == {"county": "平武县"}


def test_every_field_has_value_source_confidence_evidence():
    meta = extract(
        "杨钊同志在全区工会创新和亮点工作观摩会上的讲话",
        ["(2009年10月30日)"],
        "同志们：\n工会工作要创新。",
        {},
        True,
    )
    assert set(meta) >= {"genre", "scope", "topic", "meeting_type", "speaker", "date", "sector"}
    for field in meta.values():
        assert set(field) >= {"value", "source", "confidence", "evidence"}
        assert field["source"] in ("title", "header", "文库 metadata", "body")
        assert 0 < field["confidence"] <= 1


def test_places_below_the_meetings_level_are_examples():
    text = "同志们：\n今天召开全省档案工作会议。成都市、罗江县罗江县的经验很好。四川四川四川。"
    meta = extract(None, [], text, {}, True)
    assert meta["scope"]["value"] == "全省"
    assert meta["region"]["value"] == {"province": "四川"}
    # a province named twice in passing, and 台湾 in a 对台 speech, are not the place
    assert "region" not in extract(None, [], "同志们：\n重庆的事故，重庆的教训。", {}, True)
    assert "region" not in extract(None, [], "同志们：\n台湾同胞，台湾青年，台湾企业。", {}, True)


def test_a_sectioned_speech_that_congratulates_is_no_zhici():
    text = "同志们：\n首先，向受表彰的先进集体表示热烈的祝贺！"
    assert genre({}, [], text, True, sections=0)["value"] == "致辞"
    assert genre({}, [], text, True, sections=3)["value"] == "讲话"


def test_a_dated_place_line_gives_date_and_place():
    # "（2013年9月7日，阿斯塔纳）" under a title: where and when the speech was given
    meta = extract(
        None, ["（2013年9月7日，阿斯塔纳）"], "尊敬的校长：\n今天我很高兴来到这里。", {}, True
    )
    assert meta["date"]["value"] == "2013-09-07"
    assert meta["place"]["value"] == {"name": "阿斯塔纳"} and meta["place"]["source"] == "header"


def test_hong_kong_and_macao_in_passing_are_not_the_place():
    text = "各位代表：\n" + "全面准确贯彻“一国两制”方针，支持香港、澳门发展经济、改善民生。" * 3
    assert "region" not in extract(None, [], text, {}, True)


def test_a_name_alone_needs_a_common_surname_and_no_numeral():
    from jianghua.structure.meta import speaker

    assert speaker({}, ["\xa0王 \xa0琛 \xa02020.6.20\xa0"])["value"] == "王琛"  # with the date
    assert speaker({}, ["高一"]) is None and speaker({}, ["走进一中"]) is None  # menu items
    assert speaker({}, ["绍兴一中党委书记、校长 王琛"])["value"] == "王琛"


def test_a_name_right_above_the_text_of_a_dated_header_is_the_speaker():
    from jianghua.structure.meta import speaker

    header = ["在纪念刘少奇同志诞辰120周年座谈会上的讲话", "（2018年11月23日）", "习近平"]
    assert speaker({}, header)["value"] == "习近平"
    assert speaker({}, ["习近平"]) is None  # undated: a rare surname alone is not enough


def test_a_second_day_in_a_date_line_is_no_place():
    # tests/real/files/compilation/dxp_excerpt_099_102.txt: 一个国家，两种制度 over
    # （一九八四年六月二十二日、二十三日）: two days, no place
    meta = extract(
        "一个国家，两种制度",
        ["（一九八四年六月二十二日、二十三日）"],
        "我们的政策是“一国两制”。",
        {},
        True,
    )
    assert "place" not in meta
    meta = extract("题目", ["（一九八三年九月二十九日、十月四日）"], "我们的政策。", {}, True)
    assert "place" not in meta
    meta = extract(None, ["（2013年9月7日，阿斯塔纳）"], "尊敬的校长：\n今天我很高兴。", {}, True)
    assert meta["place"]["value"] == {"name": "阿斯塔纳"}


def test_a_news_lead_names_the_speaker_and_where():
    from jianghua.structure.meta import lead_event

    lead = (
        "11月30日，国家主席习近平在巴黎出席气候变化巴黎大会开幕式并发表题为《携手构建》的重要讲话"
    )
    assert lead_event(lead) == (("国家主席", "习近平"), "巴黎")
    # a caption and a dateline before it; the day after the name
    lead = "新华社记者 黄敬文 摄　新华网巴黎11月30日电 国家主席习近平30日在巴黎出席开幕式并发表讲话"
    assert lead_event(lead) == (("国家主席", "习近平"), "巴黎")
    # "在会上": a speaker, but no venue; no office and name: nothing
    assert lead_event("省长王凯在会上发表题为《奋进》的讲话") == (("省长", "王凯"), None)
    assert lead_event("记者在现场看到，大家在会上发表意见") == (None, None)


def test_the_news_lead_is_read_only_when_the_header_does_not_say():
    lead = {
        "news_lead": {
            "text": "9月26日，国家主席习近平在纽约联合国总部出席峰会并发表讲话",
            "line": 3,
        }
    }
    meta = extract("谋共同永续发展 做合作共赢伙伴", [], "主席先生：\n很高兴出席峰会。", lead, True)
    assert (meta["speaker"]["value"], meta["speaker"]["source"]) == ("习近平", "news lead")
    assert meta["place"]["value"] == {"name": "纽约联合国总部"}
    assert meta["place"]["source"] == "news lead"
    meta = extract(
        "谋共同永续发展", ["国务院总理 李克强"], "主席先生：\n很高兴出席峰会。", lead, True
    )
    assert meta["speaker"]["value"] == "李克强"  # the header's line wins


def test_a_story_that_says_dajia_only_in_quotes_or_never_as_we_is_no_speech():
    story = (
        "记者从市交通部门获悉，京沪高速施工将进入第二阶段，对市民出行影响较大。"
        "“大家出门前请先查看路况。”一位交警提醒。据介绍，施工期间部分路段将封闭。" * 4
    )
    assert genre({}, [], story, False)["value"] != "讲话"
    notice = "因天气原因，今天升旗仪式改成广播讲话，请大家相互告知。相关安排另行通知。" * 3
    assert genre({}, [], notice, False)["value"] != "讲话"


def test_a_speech_without_a_salutation_that_says_dajia_and_women_is_one():
    talk = (
        "今年以来，我们坚持稳中求进，大家辛苦了。我们要把各项工作抓紧抓实，"
        "确保全年目标任务顺利完成。" * 4
    )
    assert genre({}, [], talk, False)["value"] == "讲话"


@pytest.mark.parametrize("word", ["文化", "党建引领", "反馈意见", "荣誉报道"])
def test_a_menu_word_with_a_surname_first_is_no_speaker(word):
    # site menus over a header (tests/real/files/gov_portal/sxyz_notice_flag_ceremony_broadcast.html
    # lists 荣誉报道 and 党建引领 above the text): 文, 党, 荣 are surnames, the words are not names
    meta = extract(
        None, ["学校公告", word, "2020年5月6日"], "因天气原因，升旗仪式取消。", {}, False
    )
    assert "speaker" not in meta


@pytest.mark.parametrize("name", ["王琛", "李炎", "王永明", "欧阳修文"])
def test_a_name_alone_under_a_dated_header_is_the_speaker(name):
    meta = extract(
        None, ["在全市大会上的讲话", "（2020年5月6日）", name], "同志们：今天开会。", {}, True
    )
    assert meta["speaker"]["value"] == name


def test_a_publication_stamp_in_the_header_yields_to_the_glued_subtitle_date():
    # tests/real/files/work_report/govcn_report_2005.txt lines 32, 47: the gov.cn stamp of 2006
    # above "2005年政府工作报告——2005年3月5日在第十届全国人民代表大会第三次会议上"
    header = [
        "中央政府门户网站　www.gov.cn　　 2006年02月16日　　 来源：新华网",
        "2005年政府工作报告——2005年3月5日在第十届全国人民代表大会第三次会议上",
    ]
    date = extract(None, header, "各位代表：现在，我代表国务院作报告。", {}, True)["date"]
    assert date["value"] == "2005-03-05"


def test_digits_a_page_spaced_out_are_one_date():
    # tests/real/files/work_report/govcn_report_1998.txt line 49
    assert explicit_date("——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上")[0] == (
        "1998-03-05"
    )


def test_a_headline_reporting_a_speech_names_no_genre():
    # tests/real/files/news/zhclsy_wen_jiabao_2012_statue_news.html: a news story under the
    # headline "温家宝赴外交学院为周恩来同志和陈毅同志铜像揭幕并向师生们发表讲话"
    story = "9月24日上午，温家宝来到外交学院，为铜像揭幕。他说，要继承老一辈的优良传统。" * 3
    header = ["温家宝赴外交学院为周恩来同志和陈毅同志铜像揭幕并向师生们发表讲话"]
    assert genre({}, header, story, False)["value"] != "讲话"
    assert "genre" not in parse_title("张三出席全市大会并发表重要讲话")
    assert parse_title("在全市大会上的讲话")["genre"] == "讲话"


@pytest.mark.parametrize(
    "line, name",
    [
        # tests/real_new/files/news/ebid_2011_ndrc_han_zhifeng_speech.html, the title
        ("国家发展改革委投资司韩志峰处长的讲话", "韩志峰"),
        # tests/real_new/files/gov_portal/aeon_2013_he_yongsheng_summit_opening.html, the subtitle
        ("——何勇生董事长在第三届“厚积薄发”高峰会议开幕式上的讲话", "何勇生"),
    ],
)
def test_a_name_and_office_in_the_title_or_subtitle_is_the_speaker(line, name):
    meta = extract(None, ["同心共筑百年梦", line], "同志们：今天开会。", {}, True)
    assert meta["speaker"]["value"] == name and meta["speaker"]["source"] == "title"


def test_an_office_alone_in_a_title_names_no_speaker():
    for line in ("在全县校长会议上的讲话", "马校长在2011学年开学典礼上的讲话", "县委书记的讲话"):
        assert "speaker" not in extract(None, [line], "同志们：今天开会。", {}, True), line


def test_an_office_then_a_name_in_the_title_is_the_speaker():
    # tests/real/files/news/ebid_2011_cui_zhongfu_coal_fair_address.html, the page title
    meta = extract(None, ["中国物流与采购联合会副会长崔忠付致辞"], "各位来宾：今天开会。", {}, True)
    assert meta["speaker"]["value"] == "崔忠付"
    # "……委员时的讲话" (tests/real/files/news/cpc_dxp_1987_basic_law_committee.txt): no name
    line = "会见香港特别行政区基本法起草委员会委员时的讲话"
    assert "speaker" not in extract(None, [line], "同志们：今天开会。", {}, True)


def test_a_story_that_opens_as_news_and_never_speaks_as_a_speaker_is_news():
    from jianghua.structure.meta import reports_news

    # tests/real/files/news/sicau_2019_vice_president_meeting_news.txt (a university's own news)
    story = (
        "7月16日，四川省基础研究工作会议在成都召开。副校长吴德作了大会发言，交流了我校在人才队伍"
        "建设、创新平台建设等方面的经验和成效。"
    )
    assert reports_news(story)
    assert reports_news("本站讯（通讯员李琴）为深入推进党建与业务工作紧密结合，我院举办技能大赛。")
    talk = "7月16日，全县经济工作会议在这里召开。我们要认真落实会议精神，确保完成全年目标。"
    assert not reports_news(talk)
    assert not reports_news("今年以来，全县上下认真贯彻落实各项决策部署。")


def test_a_text_without_one_sentence_is_no_speech():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/gov_portal/c12a_jiayu_leader_speech_column_list.html: a 领导讲话 column's
    # list of cut titles under the site's menu
    titles = [
        "县长余珂在全县金融工作会",
        "县长余珂在县政府全体（扩",
        "余珂同志在全县防控和查处",
        "热门信息",
    ]
    _page, speeches = process_page(text_page(["领导讲话", *titles]))
    kinds = [{f["kind"] for f in s.structure["flags"]} for s in speeches]
    assert speeches and all("not_a_speech" in k for k in kinds)
    # a short speech of one sentence, or one with an address, stays a speech
    for lines in (
        ["在开学典礼上的讲话", "今天，我们在这里隆重举行开学典礼，欢迎新同学。"],
        ["同志们：", "散会"],
    ):
        _page, (speech,) = process_page(text_page(lines))
        assert "not_a_speech" not in {f["kind"] for f in speech.structure["flags"]}, lines


TALK = (
    "我们现在要搞建设，这是全党的中心任务。我看，干部问题是关键。你们回去以后，要把这个"
    "道理讲清楚，我们要抓紧培养年轻干部，不要拖。我们的事业要后继有人嘛。"
) * 4


def test_a_talk_without_an_address_is_a_speech():
    from pages import text_page

    from jianghua.pipeline import process_page
    from jianghua.structure.meta import talks

    # 邓小平文选's 谈话 (tests/real/files/compilation/dxp_excerpt_099_102.txt): no 同志们, but
    # 我们 often, and 我看, 你们, 嘛
    assert talks(TALK)
    _page, (speech,) = process_page(text_page(["干部要年轻化", TALK]))
    assert speech.structure["meta"]["genre"]["value"] == "谈话"
    assert "not_a_speech" not in {f["kind"] for f in speech.structure["flags"]}
    # a story that says 我国 and quotes nobody as a talk does, a bulletin: no talk
    story = (
        "今年以来，我国经济运行总体平稳，主要指标好于预期。国家统计局发布的数据显示，工业生产加快。"
        * 5
    )
    assert not talks(story)
    # a story under a headline that reports the speech quotes him, without quotes
    lines = ["温家宝为铜像揭幕并向师生们发表讲话", TALK]
    _page, (speech,) = process_page(text_page(lines))
    assert "not_a_speech" in {f["kind"] for f in speech.structure["flags"]}


def test_a_letter_an_interview_and_a_printed_article_are_no_speeches():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/office_docx/dxp_notspeech_182.docx, wenku/dxp_136_interview.txt
    for title, name in (("致中共中央政治局的信", "书信"), ("答美国记者迈克·华莱士问", "答问")):
        _page, (speech,) = process_page(text_page([title, TALK]))
        assert speech.structure["meta"]["genre"]["value"] == name
        assert "not_a_speech" in {f["kind"] for f in speech.structure["flags"]}
    # fanwen_yxtvg/yxtvg_14_001.html: the editor's note says where it was printed
    note = "（本文刊载于中共中央北方局一九四一年四月十五日出版的《党的生活》第三十五期。）"
    _page, (speech,) = process_page(text_page(["党与抗日民主政权", TALK, TALK, note]))
    assert speech.structure["meta"]["genre"]["value"] == "文章"
    # a note that says it was said keeps the talk
    said = "（这是邓小平同志在中共中央政治局会议上的讲话，原载《人民日报》。）"
    _page, (speech,) = process_page(text_page(["党与抗日民主政权", TALK, TALK, said]))
    assert speech.structure["meta"]["genre"]["value"] != "文章"


def test_the_sentence_test_is_linear_on_a_long_text_without_stops():
    from jianghua.structure import has_sentence

    # tests/hostile: a page of a million characters and no stop took the search minutes
    assert not has_sentence("字" * 1_000_000)
    assert has_sentence("字" * 1_000_000 + "。我们今天在这里召开会议。")
    assert not has_sentence("县长余珂在全县金融工作会\n热门信息")


def test_an_editors_note_of_a_span_of_days_dates_nothing():
    from pages import text_page

    from jianghua.pipeline import process_page

    body = (
        "要以科技创新引领产业全面振兴，我们要立足现有产业基础，扎实推进先进制造业高质量发展。" * 3
    )
    note = "※这是习近平总书记2023年9月至2025年4月期间有关因地制宜发展新质生产力重要论述的节录。"
    page, (speech,) = process_page(text_page(["因地制宜发展新质生产力", body, note]))
    assert "date" not in speech.structure["meta"]
    assert note not in speech.text  # the note is removed, as a dated one is
    dated = "※这是习近平总书记2025年6月30日在二十届中央政治局第二十一次集体学习时讲话的主要部分。"
    page, (speech,) = process_page(text_page(["推进党的自我革命", body, dated]))
    assert speech.structure["meta"]["date"]["value"] == "2025-06-30"


def test_a_headline_reporting_a_keynote_is_no_title_genre():
    from jianghua.structure.meta import parse_title

    # tests/real/files/gov_portal/c12e_govcn_2025_dingxuexiang_world_chinese_conference_record.json
    assert "genre" not in parse_title("丁薛祥出席2025世界中文大会开幕式并发表主旨讲话")
    assert parse_title("在2025世界中文大会开幕式上的主旨讲话")["genre"] == "讲话"


def test_a_scripts_presenter_field_names_the_speaker():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/office_docx/c12f_ustc_lc_grid_defense_script.pdf
    body = (
        "各位老师、同学大家好，今天汇报的主题是离散傅里叶变换下网格电路的阻抗奇异性与拓扑输运。" * 3
    )
    lines = [
        "网格电路的阻抗奇异性与拓扑输运",
        "汇报讲稿",
        "汇报人：王思晗、朱克拉",
        "单位：中国科学技术大学",
        body,
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.structure["meta"]["speaker"]["value"] == "王思晗、朱克拉"
    # a field of another kind names nobody
    lines = ["汇报讲稿", "单位：中国科学技术大学", body]
    _page, (speech,) = process_page(text_page(lines))
    assert "speaker" not in speech.structure["meta"]


def test_a_date_above_the_title_does_not_date_the_speech():
    from jianghua.structure.meta import extract

    header = ["(2014-02-15)", "数算主恩 展望将来", "陈嘉文校长", "二零一四年一月三日"]
    text = "各位亲爱的家长：\n首先，在新一年祝愿各位家长新年进步、身心健康！"
    meta = extract("数算主恩 展望将来", header, text, {}, True)
    assert meta["date"]["value"] == "2014-01-03"
    assert meta["speaker"]["value"] == "陈嘉文"
    # no title among the header's lines: its first date stands
    assert extract(None, ["（2013年3月23日）"], text, {}, True)["date"]["value"] == "2013-03-23"


def test_a_campaign_speakers_class_and_a_reflection_title():
    from jianghua.structure.meta import parse_title, self_introduction

    # tests/real/files/office_docx/c12h_meisang_zijiangshe_vice_president_campaign.docx
    who = self_introduction(
        "尊敬的老师，亲爱的同学们：大家好。我是交通运输161班的王宏波，是自强社宣传部的一名干事。"
    )
    assert who["value"] == "王宏波"
    assert self_introduction("大家好，我是学校的一名老师，今天很高兴。") is None
    # c12h_tamron_job_fair_xinde.docx: "双选会心得"
    assert parse_title("双选会心得")["genre"] == "心得体会"


def test_a_report_delivered_at_a_meeting_is_a_speech():
    from jianghua.structure.meta import parse_title

    # tests/real/files/office_docx/dxp_19500516_017.docx: 邓小平, 1950, no address in the text
    assert parse_title("在西南区新闻工作会议上的报告")["genre"] == "报告"
    assert parse_title("政府工作报告")["genre"] == "工作报告"
    # c12e_yhr_kuaiji_xitong_yanjianggao.txt
    assert parse_title("会计系统专业版项目演讲稿")["genre"] == "演讲"


def test_a_speakers_office_names_no_place_but_an_issuing_office_with_its_date_does():
    from jianghua.structure.meta import extract

    # tests/real/files/work_report/prov2026_zhejiang.txt: "浙江省省长 刘捷" under the title
    text = "各位代表：现在，我代表省人民政府，向大会报告政府工作，请予审议。"
    header = [
        "2026年浙江省政府工作报告",
        "2026年1月14日在浙江省第十四届人民代表大会第四次会议上",
        "浙江省省长 刘捷",
    ]
    assert "place" not in extract("2026年浙江省政府工作报告", header, text, {}, True)
    meta = extract(None, ["通江县教育局办公室 二0一一年八月三十日"], text, {}, True)
    assert meta["place"]["value"] == {"county": "通江县"}


def test_a_subtitle_names_the_speaker_before_his_office_or_after_a_dash():
    # tests/real/files/news/c13a_bnlife_2013_*.html: a company's summit pages
    subtitle = "——邹水平副总裁在百年人寿第三届“厚积薄发”高峰会议闭幕式上的讲话"
    meta = extract("东风浩荡百年春", [subtitle], "尊敬的各位嘉宾：今天开会。", {}, True)
    assert meta["speaker"]["value"] == "邹水平"
    meta = extract(
        "高峰会欢迎词",
        ["——百年人寿陕西分公司总经理  荆晓达"],
        "尊敬的各位嘉宾：今天开会。",
        {},
        True,
    )
    assert meta["speaker"]["value"] == "荆晓达"
    # an office alone after the dash names no one
    meta = extract("高峰会欢迎词", ["——在高峰会上的讲话"], "尊敬的各位嘉宾：今天开会。", {}, True)
    assert "speaker" not in meta or meta["speaker"] is None


def test_the_days_of_a_date_line_are_no_place():
    # tests/real/files/compilation/c13c_mao_1959_lushan_talks_and_comment.txt
    header = ["（一九五九年七月十日、二十三日、二十六日、八月二日、十六日）"]
    meta = extract("在庐山会议上的多次讲话", header, "同志们：今天开会。", {}, True)
    assert "place" not in meta or meta["place"] is None
    meta = extract("讲话", ["（2013年3月23日，莫斯科）"], "同志们：今天开会。", {}, True)
    assert "莫斯科" in str(meta["place"]["value"])


def test_a_self_introduction_may_name_the_role_before_the_name():
    from jianghua.structure.meta import self_introduction

    # tests/real/files/office_docx/c13d_xundian_zhijiao_volunteer_speech.docx
    assert self_introduction("我是来自计算机学院的志愿者李福洲，很荣幸")["value"] == "李福洲"
    assert self_introduction("我是一名普通的党员，很荣幸") is None


def test_a_text_signed_off_with_zhici_jingli_is_a_letter():
    # tests/real/files/office_docx/c13d_guoqiang_sixiang_huibao_pian4.doc: a 思想汇报 to the party
    text = "敬爱的党组织：\n作为一名预备党员，在党员同志们的帮助下，我的思想水平有了很大的提高。\n此致\n敬礼！\n汇报人：郭强"
    assert extract(None, [], text, {}, True)["genre"]["value"] == "书信"
    text = "同志们：\n我们要以此致敬那些为国奉献的人，向他们敬礼！谢谢大家！"
    assert extract(None, [], text, {}, True)["genre"]["value"] != "书信"


def test_a_press_release_reporting_what_was_said_is_news():
    from jianghua.structure.meta import reports_news

    # tests/real/files/gov_portal/c13c_president_2019_antidrug_award_press_release.json
    lines = [
        "蔡英文总统今（26）日上午出席颁奖典礼，说明政府打击毒品的决心不容许任何挑战。",
        "总统致词时表示，3年前，她在全国反毒会议上曾经宣示，我们要建立完整的社会安全网。",
        "总统提到，这3年来，初犯施用各级毒品的总人数逐渐下降。",
        "总统强调，政府打击毒品的决心不容许任何挑战。",
        "总统也感谢反毒伙伴的付出。",
    ]
    assert reports_news("\n".join(lines))
    # a speaker saying what he hopes and thinks is no report
    said = [
        "我认为，今年的工作很重要。",
        "我希望，大家都能努力。",
        "我们说，要实干。",
        "大家表示，要再接再厉。",
    ]
    assert not reports_news("\n".join(said))


def test_a_statement_or_announcement_issued_is_no_speech():
    # tests/real/files/news/c13g_ocr_1967_joint_statement.json
    body = "同志们：我们要认真学习。"
    assert extract("关于2·16反革命事件的联合声明", [], body, {}, True)["genre"]["value"] == "文件"
    assert extract("关于开展全民健身活动的倡议书", [], body, {}, True)["genre"]["value"] == "文件"
    # a sentence ending on the word is a title of a talk (…作出更明智的决定)
    genre = extract("让更优质的信息指引我们作出更明智的决定", [], body, {}, True)["genre"]["value"]
    assert genre != "文件"


def test_the_lead_handing_over_to_the_text_names_the_speaker_and_the_venue():
    from jianghua.structure.meta import lead_event

    # tests/real/files/compilation/c13f_xinhua_2019_xinnian_heci_pasted_twice.txt
    lead = "新华社北京12月31日电 新年前夕，国家主席习近平通过中央广播电视总台和互联网，发表了二〇一九年新年贺词。"
    assert lead_event(lead) == (("国家主席", "习近平"), None)
    # tests/real/files/news/c13a_hust_60th_anniversary_li_peigen.txt
    lead = "新闻网讯　10月6日，华中科技大学建校60周年庆祝大会在光谷体育馆隆重举行。校长李培根在会上致词。"
    assert lead_event(lead) == (("校长", "李培根"), "光谷体育馆")
    assert lead_event("据报道，会议讨论了讲话精神。") == (None, None)
    # tests/real/files/gov_portal/c13c_president_2013_ma_national_day_address.json: the name
    # before the office, the venue after 出席在
    lead = "马英九总统伉俪今天上午出席在总统府府前广场举行的「国庆大会」，总统并以「坚定方向」为题发表演说。"
    assert lead_event(lead) == (("总统", "马英九"), "总统府府前广场")
    assert lead_event("各位校长在会上发言。") == (None, None)


def test_a_lead_alone_above_quanwen_ruxia_gives_the_speaker():
    from pages import text_page

    from jianghua.pipeline import process_page

    lead = "新华社北京12月31日电 新年前夕，国家主席习近平通过中央广播电视总台和互联网，发表了二〇一九年新年贺词。"
    body = (
        "大家好！时间过得真快，2018年就要过去了，我们即将迎来2019年。我在北京向大家致以新年的美好祝福！"
        * 3
    )
    _page, (speech,) = process_page(text_page([lead, "全文如下：", body]))
    assert speech.structure["meta"]["speaker"]["value"] == "习近平"
