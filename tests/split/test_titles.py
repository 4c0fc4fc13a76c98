"""Titles: stated by the page (header, <h1>/<title>, 文库), else derived from the occasion."""

from jianghua.split.titles import file_title, main_title, site_title, wenku_title


def test_site_title_drops_the_site_and_column_names():
    assert site_title("在全县经济工作会议上的讲话 - 某某县人民政府") == "在全县经济工作会议上的讲话"
    assert (
        site_title("顺应时代前进潮流 促进世界和平发展_新华网")
        == "顺应时代前进潮流 促进世界和平发展"
    )
    assert site_title("马校长《在2010级新生军训开营式上的讲话》 党政办 绍兴市第一中学") == (
        "在2010级新生军训开营式上的讲话"
    )
    assert site_title("首页") is None


def test_a_title_line_carrying_its_subtitle_keeps_the_main_title():
    assert main_title("走 向 远 方——在2020届高三学生毕业典礼上的讲话") == "走 向 远 方"
    assert main_title("政府工作报告") == "政府工作报告"
    # the subtitle names the speaker before the occasion (sxyz_2019_coming_of_age_principal.html)
    assert main_title("十八而志，青春万岁——王琛校长在2020届高三年级成人礼上的致辞") == (
        "十八而志，青春万岁"
    )
    # ... and a dash inside a title is not a subtitle
    assert main_title("不忘初心——牢记使命") == "不忘初心——牢记使命"


def test_a_speaker_before_a_quoted_title_is_not_the_title():
    # sxyz_2010_bureau_chief_annual_meeting.html
    assert main_title("陈国阳局长《在全市教育系统年度工作会议上的讲话》") == (
        "在全市教育系统年度工作会议上的讲话"
    )
    long = "现摘录陈国阳局长在会上的讲话要点供全体教工学习《在全市教育系统年度工作会议上的讲话》"
    assert main_title(long) == long  # more than a name before it: not a title line of that kind


def test_a_news_lead_names_the_speech_it_carries():
    from pages import text_page

    from jianghua.pipeline import process_page

    lines = [
        "11月30日，国家主席习近平在巴黎出席气候变化大会开幕式并发表题为《携手构建合作共赢、"
        "公平合理的气候变化治理机制》的重要讲话。新华社记者 黄敬文 摄",
        "尊敬的各位同事，",
        "女士们，先生们，朋友们：",
        "今天，我们齐聚巴黎，出席联合国气候变化巴黎大会开幕式，共商应对气候变化的大计。",
        "谢谢大家。",
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "携手构建合作共赢、公平合理的气候变化治理机制"
    assert speech.title_source == "news lead"
    # a lead that names no title gives none
    _page, (speech,) = process_page(
        text_page([lines[0].split("并发表")[0] + "。新华社记者 黄敬文 摄", *lines[1:]])
    )
    assert speech.title_source != "news lead"


def test_wenku_names_lose_the_download_words():
    assert wenku_title("2021年在关工委工作会议上的讲话范文稿Word文件下载") == (
        "2021年在关工委工作会议上的讲话"
    )
    assert file_title("在全市安全生产工作会议上的讲话Word文件下载.docx") == (
        "在全市安全生产工作会议上的讲话"
    )
    assert file_title("index.html") is None and file_title("20240105.docx") is None


def test_a_title_may_hold_a_comma_but_not_a_full_stop():
    from jianghua.split.header import is_title_text

    assert is_title_text("解放思想，独立思考")
    assert is_title_text("启航新征程：追梦报国，奋进拼搏！")
    assert not is_title_text("今年以来，全县经济社会发展保持良好势头。")
    assert not is_title_text("各位代表，")  # ends as a clause does


def test_a_title_with_a_dated_subtitle_keeps_the_main_title():
    assert main_title("2003年政府工作报告——2003年3月5日在第十届全国人民代表大会第一次会议上") == (
        "2003年政府工作报告"
    )
    assert site_title("走 向 远 方——在2020届高三学生毕业典礼上的讲话_校长专栏") == "走 向 远 方"


def test_a_headline_gives_the_speaker_and_the_title_without_its_decorations():
    from jianghua.split.header import headline_parts

    # portal headlines: the speaker, a colon, the title, "(全文)"
    assert headline_parts("习近平：在同各界优秀青年代表座谈时的讲话(全文)") == (
        "在同各界优秀青年代表座谈时的讲话",
        ("", "习近平"),
        False,
    )
    # a video column's tag, then the speaker glued to the title: the speaker is found, the
    # title is the line as the page states it (without a colon the name is part of it)
    title, who, _ = headline_parts(
        "视频：习近平关于《中共中央关于全面深化改革若干重大问题的决定》的说明"
    )
    assert title.startswith("习近平关于《中共中央") and who == ("", "习近平")
    stated = "国务委员兼外交部长钱其琛在陈毅同志九十诞辰纪念会上的讲话"  # zhclsy_qian_qichen h1
    title, who, _ = headline_parts(stated)
    assert title == stated and who == ("国务委员兼外交部长", "钱其琛")
    assert headline_parts("王琛校长在2020届高三年级成人礼上的致辞")[1] == ("校长", "王琛")


def test_a_headline_without_a_person_keeps_its_title_whole():
    from jianghua.split.header import headline_parts

    for text in (
        "马校长在2011学年开学典礼上的讲话",  # a surname and an office: no name is stated
        "商务部：关于外资的说明",  # an organ, not a person
        "专家：经济稳中向好",
        "在全市关工委工作会议上的讲话",
    ):
        assert headline_parts(text)[:2] == (text, None), text
    # a headline quoting the speaker is marked, so that the header's own title line wins
    assert headline_parts("习近平：中国“和”文化源远流长 蕴涵着人心和善的道德观")[2] is True


def test_a_quoting_headline_yields_to_the_header_title_line():
    from pages import text_page

    from jianghua.pipeline import process_page

    body = "今天，有机会同各位朋友欢聚一堂，纪念协会成立60周年，感到十分高兴。" * 3
    lines = [
        "张三：友好事业源远流长 人民友谊历久弥新",
        "在全市国际友好大会暨友好协会成立60周年纪念活动上的讲话",
        "（2014年5月15日）",
        "市长　张三",
        "女士们，先生们，朋友们：",
        body,
        body,
        "谢谢大家！",
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "在全市国际友好大会暨友好协会成立60周年纪念活动上的讲话"
    assert speech.structure["meta"]["speaker"]["value"] == "张三"


def test_the_speaker_a_headline_names_is_the_speeches():
    from pages import text_page

    from jianghua.pipeline import process_page

    body = "我们要坚持以人民为中心的发展思想，推动各项工作取得新进展。" * 3
    lines = ["李四：在全省青年工作座谈会上的讲话(全文)", "同志们：", body, body, "谢谢大家！"]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "在全省青年工作座谈会上的讲话"
    assert speech.structure["meta"]["speaker"]["value"] == "李四"
    assert speech.structure["meta"]["speaker"]["source"] == "title"


def test_a_title_line_carrying_its_subtitle_beats_a_page_title_above_it():
    # tests/real/files/work_report/govcn_report_2003.txt: "2003年国务院政府工作报告" (the page's
    # title) above "2003年政府工作报告——2003年3月5日在第十届全国人民代表大会第一次会议上"
    from pages import text_page

    from jianghua.pipeline import process_page

    body = "本届政府1998年3月就职，任期即将结束。现在，我代表国务院，向大会报告工作。" * 3
    lines = [
        "2003年国务院政府工作报告",
        "2003年政府工作报告——2003年3月5日在第十届全国人民代表大会第一次会议上",
        "国务院总理 朱镕基",
        "各位代表：",
        body,
        body,
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "2003年政府工作报告"


def test_a_reprints_original_title_names_an_untitled_speech():
    # tests/real/files/news/newssc_xi_2015_sino_vietnam_youth_runon.txt: "…谢谢你们。（新华社北京
    # 4月7日电） <a href=…>原标题：习近平出席第十五届中越青年友好会见活动时的讲话"
    from pages import text_page

    from jianghua.pipeline import process_page

    body = "大家下午好！很高兴同参加青年友好会见的两国青年代表见面。我们要世代友好。" * 3
    lines = [
        "尊敬的各位来宾，青年朋友们：",
        body,
        body,
        "谢谢你们。",
        "原标题：张三出席青年友好会见活动时的讲话",
    ]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "张三出席青年友好会见活动时的讲话"
    assert speech.title_source == "原标题"


def test_a_page_title_naming_the_speaker_first_is_the_speeches_title():
    # tests/real/files/gov_portal/sxyz_repost_xi_2018_reform_40th.html <title>: the colon after
    # the name had made it no title at all
    assert site_title("习近平：在庆祝改革开放40周年大会上的讲话--学习专栏-绍兴市第一中学") == (
        "习近平：在庆祝改革开放40周年大会上的讲话"
    )
    from pathlib import Path

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    path = Path(__file__).parents[1] / "real/files/gov_portal/sxyz_repost_xi_2018_reform_40th.html"
    _page, (speech,) = process_page(read_page(path))
    assert speech.title == "在庆祝改革开放40周年大会上的讲话"
    assert speech.structure["meta"]["speaker"]["value"] == "习近平"


def test_a_page_title_loses_its_breadcrumb_and_the_site_after_a_bar():
    # tests/real_new/files/news/nankai_2019_xi_may_fourth_reprint.txt front matter
    assert site_title(
        "南开大学->习近平：在纪念五四运动100周年大会上的讲话--南开要闻 | nankai.info"
    ) == ("习近平：在纪念五四运动100周年大会上的讲话")
    assert (
        site_title("南开大学->心怀天下 难而益开——曹雪涛校长在毕业典礼上的讲话 | ")
        == "心怀天下 难而益开"
    )
    # a bar inside the title itself stays: what follows it is no site's name
    assert site_title("学史明理｜在全市党史学习教育动员大会上的讲话稿全文") is not None


def test_a_files_kind_before_a_colon_is_no_part_of_the_title():
    from jianghua.split.header import headline_parts

    # tests/real/files/wenku/c12b_yongjiang_yanjianggao_md.txt: "# 演讲稿：邕江与南宁城市发展"
    assert headline_parts("演讲稿：邕江与南宁城市发展")[0] == "邕江与南宁城市发展"
    assert headline_parts("发言稿：在开学典礼上")[0] == "在开学典礼上"
    assert headline_parts("演讲稿写作要点")[0] == "演讲稿写作要点"


def test_a_caption_between_the_paragraphs_names_the_speech():
    from pages import text_page

    from jianghua.pipeline import process_page

    body = "共建“一带一路”倡议，目的是聚焦互联互通，深化务实合作，实现互利共赢、共同发展。"
    caption = (
        "4月26日，国家主席习近平在北京出席第二届“一带一路”国际合作高峰论坛开幕式，并发表题为"
        "《齐心开创共建“一带一路”美好未来》的主旨演讲。 新华社记者鞠鹏摄"
    )
    lines = ["女士们，先生们，朋友们：", body, caption + caption, body, "谢谢大家。"]
    page, (speech,) = process_page(text_page(lines))
    assert speech.title == "齐心开创共建“一带一路”美好未来"
    assert speech.structure["meta"]["speaker"]["value"] == "习近平"
    assert "鞠鹏" not in speech.text  # the doubled caption is removed as one
    assert [e.reason for e in page.edits if e.kind == "noise"] == ["photo caption"]


def test_a_greeting_is_no_title():
    from jianghua.split.header import is_title_text

    for text in (
        "大家好，我是本次的项目汇报人，连志林",
        "老师同学们大家好，",
        "各位老师，上午好！",
        "同学们好！",
    ):
        assert not is_title_text(text), text
    for text in ("美好，从这里开始", "你好，新时代", "好好学习 天天向上", "在开学典礼上的讲话"):
        assert is_title_text(text), text


def test_a_record_title_yields_to_the_speechs_own_title_line():
    # tests/real/files/gov_portal/c12d_govcn_2025_liqiang_g20_speech_record.json: the crawl's
    # title is the headline; the text holds the speech's title over its date line
    import json

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    record = {
        "id": "1",
        "title": "李强在二十国集团领导人第二十次峰会上的讲话（全文）",
        "content": "\n".join(
            [
                "李强在二十国集团领导人第二十次峰会上的讲话（全文）",
                "新华社约翰内斯堡11月23日电",
                "在二十国集团领导人第二十次峰会上的讲话",
                "（2025年11月22－23日，约翰内斯堡）",
                "中华人民共和国国务院总理　李强",
                "尊敬的拉马福萨总统，各位同事：",
                "很高兴出席二十国集团约翰内斯堡峰会。感谢拉马福萨总统和南非政府的热情接待。" * 3,
                "谢谢大家！",
            ]
        ),
    }
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        _page, (speech,) = process_page(read_page(path))
    assert speech.title == "在二十国集团领导人第二十次峰会上的讲话"
    meta = speech.structure["meta"]
    assert meta["speaker"]["value"] == "李强" and meta["date"]["value"] == "2025-11"
    assert "not_a_speech" not in {f["kind"] for f in speech.structure["flags"]}


def test_a_story_under_a_news_lead_is_no_speech_unless_addressed():
    from pages import text_page

    from jianghua.pipeline import process_page

    lead = (
        "央广网北京11月11日消息据中国之声报道，国家主席习近平昨晚在北京举行宴会，欢迎各方领导人。"
    )
    story = "习近平表示，我们要携手共建亚太伙伴关系，我们要让合作成果惠及各方人民，要把握机遇。" * 3
    _page, (speech,) = process_page(text_page([lead, story]))
    assert "not_a_speech" in {f["kind"] for f in speech.structure["flags"]}
    # a lead that hands over to the speech: the speech under it stays one
    lead = "新华社北京11月11日电 国家主席习近平11日发表讲话。讲话全文如下："
    _page, (speech,) = process_page(text_page([lead, story]))
    assert "not_a_speech" not in {f["kind"] for f in speech.structure["flags"]}


def test_a_journals_star_byline_names_the_author():
    from jianghua.split.header import headline_parts

    # tests/real/files/news/c12e_xinhua_2025_xi_self_revolution_speech_record.json (求是)
    assert headline_parts("推进党的自我革命要做到“五个进一步到位”※习近平") == (
        "推进党的自我革命要做到“五个进一步到位”",
        ("", "习近平"),
        False,
    )


BODY = "今年以来，全县经济社会发展保持良好势头，各项工作取得明显成效，我们要再接再厉。" * 3


def test_a_short_title_naming_its_genre_is_no_name():
    # tests/real/files/wenku/c13c_mao_1952_new_year_greeting.txt: "# 元旦祝词" over its date
    from pages import text_page

    from jianghua.split import split_page

    speech = split_page(text_page(["元旦祝词", "（一九五二年一月一日）", "同志们：", BODY]))[0]
    assert speech.title == "元旦祝词"
    speech = split_page(text_page(["欧阳文华", "（一九五二年一月一日）", "同志们：", BODY]))[0]
    assert speech.title != "欧阳文华"


def test_a_headlines_report_after_the_title_is_no_part_of_it():
    from jianghua.split.header import headline_parts

    # tests/real/files/gov_portal/c13c_president_2022_tsai_national_day_address.json
    title = "给世界一个更好的台湾—坚韧之岛‧韧性国家　总统发表国庆演说"
    assert headline_parts(title)[0] == "给世界一个更好的台湾—坚韧之岛‧韧性国家"
    assert headline_parts("开创新征程　习近平出席并发表重要讲话")[0] == "开创新征程"
    # the report alone is the headline: nothing is left to cut it from
    assert headline_parts("总统发表国庆演说")[0] == "总统发表国庆演说"
    assert headline_parts("在全县大会上的讲话")[0] == "在全县大会上的讲话"


def test_a_traditional_records_title_is_given_in_simplified():
    import json
    import tempfile
    from pathlib import Path

    from jianghua.pipeline import process_page
    from jianghua.sources import read_page

    record = {
        "title": "總統出席國慶大會致詞",
        "content": "各位貴賓、各位國人同胞：\n"
        + "今天，是中華民國的國慶，我們在這裡歡慶國家的生日。" * 4,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        _page, (speech,) = process_page(read_page(path))
    assert speech.title == "总统出席国庆大会致词"


def test_a_question_put_to_the_audience_or_a_greeting_is_no_title():
    from pages import text_page

    from jianghua.split import split_page
    from jianghua.split.header import is_title_text

    # tests/real/files/office_docx/c13d_apitest_api_sharing_talk.docx, c13d_saio_swift_defense_jianggao.doc
    assert not is_title_text("那，我们该如何去设计一个api呢")
    assert not is_title_text("大家好~")
    assert is_title_text("你幸福吗") and is_title_text("那一年，我们的青春")
    (speech,) = split_page(
        text_page(["大家好~", "我叫覃营晟，我们的项目主题是海量对象文件存储。", BODY])
    )
    assert speech.text.startswith("大家好~") and speech.title is None
    lines = ["大家下午好。", BODY, BODY, "那，我们该如何去设计一个api呢", "首先", BODY, BODY]
    assert len(split_page(text_page(lines))) == 1


def test_two_words_over_a_subtitle_are_the_title_and_a_date_may_write_zero_as_a_circle():
    from pages import text_page

    from jianghua.split import split_page

    # tests/real/files/news/c13a_hust_2009_graduation_story_with_speech.txt: a story, 附：, then
    # the speech under its own title, subtitle, date line (二○○九: a circle for the zero), name
    story = "典礼在光谷体育馆举行，来自主校区27个院系的近7000名本科毕业生欢聚一堂。"
    lines = [
        story,
        story,
        "附：",
        "牵挂",
        "——在2009届毕业生典礼上的讲话",
        "（二○○九年六月二十四日）",
    ]
    lines += ["李培根", "亲爱的09届毕业生同学们，你们好！", BODY, BODY]
    speech = split_page(text_page(lines))[-1]
    assert speech.title == "牵挂"
    assert speech.text.startswith("亲爱的09届毕业生同学们")
    # a name alone over a body is no title
    speech = split_page(text_page([story, "李培根", "同志们：", BODY]))[-1]
    assert speech.title != "李培根"


def test_an_organisations_name_is_the_title_only_when_no_other_line_is():
    from pages import text_page

    from jianghua.pipeline import process_page

    # tests/real/files/wechat/c13b_ws_zhangzhou_lawyers_2020_yu_ningjie_congress_address.html:
    # the account's name twice over the title, the speaker and a date with full-width dots
    lines = ["漳州市律师协会", "漳州市律师协会", "在漳州市第五次律师代表大会上的致词"]
    lines += ["福建省律师协会会长  于宁杰", "2020．9．30", "尊敬的各位领导、各位嘉宾：", BODY]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.title == "在漳州市第五次律师代表大会上的致词"
    assert speech.structure["meta"]["date"]["value"] == "2020-09-30"
    _page, (speech,) = process_page(text_page(["漳州市律师协会", "尊敬的各位领导：", BODY]))
    assert speech.title == "漳州市律师协会"
