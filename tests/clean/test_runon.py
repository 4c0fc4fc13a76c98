"""Run-on lines (a whole article on one line, paragraphs marked by "　　") are cut at the marks."""

from pages import text_page

from jianghua.clean.runon import split_run_on
from jianghua.pipeline import process_page

PARAGRAPH = "今年以来，全县上下认真贯彻落实中央和省市决策部署，经济社会发展保持稳中有进的良好态势。"
RUN_ON = (
    "　　在全县经济工作会议上的讲话　　——2024年1月5日　　县长 张三　　同志们："
    + "".join(f"　　{PARAGRAPH}第{k}点。" for k in range(4))
    + "　　谢谢大家！"
)


def test_a_run_on_line_is_cut_at_its_marks_with_columns():
    page = split_run_on(text_page(["标题", RUN_ON]))
    texts = [line.text for line in page.lines]
    assert texts[:5] == [
        "标题",
        "在全县经济工作会议上的讲话",
        "——2024年1月5日",
        "县长 张三",
        "同志们：",
    ]
    assert texts[-1] == "谢谢大家！" and len(texts) == 10
    for line in page.lines[1:]:
        assert line.source_line == 2
        assert RUN_ON[line.col : line.end] == line.text  # columns point into the original line
    (edit,) = page.edits
    assert edit.kind == "split" and edit.line == 2 and edit.before == RUN_ON


def test_a_paragraph_with_a_wide_space_inside_is_not_cut():
    text = PARAGRAPH * 3 + "　　" + PARAGRAPH
    page = text_page([text])
    assert split_run_on(page) is page


def test_run_on_speech_gets_its_header_title_and_speaker():
    _page, (speech,) = process_page(text_page([RUN_ON]))
    assert speech.title == "在全县经济工作会议上的讲话"
    assert speech.paragraphs[0].text == "同志们："
    assert speech.structure["meta"]["speaker"]["value"] == "张三"


def test_glued_text_without_marks_is_cut_where_its_kinds_meet():
    # a page dumped as one line without even its indents (tests/real/files/work_report/
    # govcn_report_2014_runon.txt): caption, credit, dateline, title, salutation and body glued
    body = "".join(f"{PARAGRAPH}第{k}点。" for k in range(30))
    glued = (
        "3月5日，总理作政府工作报告。新华社记者姚大伟摄新华社北京3月14日电政府工作报告"
        "——2014年3月5日在全国人民代表大会上各位代表：现在，我代表国务院向大会作报告。"
        "一、过去一年的工作" + body + "——经济运行稳中向好。" + body
    )
    page = split_run_on(text_page([glued]))
    texts = [line.text for line in page.lines]
    assert texts[:5] == [
        "3月5日，总理作政府工作报告。新华社记者姚大伟摄",
        "新华社北京3月14日电",
        "政府工作报告——2014年3月5日在全国人民代表大会上",
        "各位代表：现在，我代表国务院向大会作报告。",
        "一、过去一年的工作" + body,
    ]
    assert texts[5].startswith("——经济运行稳中向好。")
    for line in page.lines:
        assert glued[line.col : line.end] == line.text
    (edit,) = page.edits
    assert edit.kind == "split" and edit.before == glued


def test_a_long_paragraph_is_not_cut_at_its_sentences():
    # under GLUED_CHARS: a long paragraph, whatever it enumerates
    text = "".join(f"{PARAGRAPH}（{n}）" for n in "一二三四五六七八") + PARAGRAPH
    page = text_page([text])
    assert split_run_on(page) is page


def test_a_run_on_report_is_one_speech_from_its_salutation():
    from pathlib import Path

    from jianghua.sources import read_page

    path = Path(__file__).parents[1] / "real/files/work_report/govcn_report_2014_runon.txt"
    _page, (speech,) = process_page(read_page(path))
    assert speech.paragraphs[0].text.startswith("各位代表：现在，我代表国务院")
    assert speech.structure["meta"]["speaker"]["value"] == "李克强"
    assert len(speech.paragraphs) > 20  # not one paragraph of 17,000 characters


def test_a_run_on_news_report_gives_the_speaker_and_place_its_lead_names():
    # tests/real/files/news/newssc_xi_2015_paris_climate_runon.txt line 1: "11月30日，国家主席习近平在
    # 巴黎出席气候变化巴黎大会开幕式并发表题为《携手构建……》的重要讲话。" opens the run-on line
    from pathlib import Path

    from jianghua.sources import read_page
    from jianghua.structure import analyze

    path = Path(__file__).parents[1] / "real/files/news/newssc_xi_2015_paris_climate_runon.txt"
    _page, speeches = process_page(read_page(path))
    (speech,) = speeches
    assert speech.title == "携手构建合作共赢、公平合理的气候变化治理机制"
    meta = analyze(speech)["meta"]
    assert meta["speaker"]["value"] == "习近平" and meta["speaker"]["source"] == "news lead"
    assert meta["place"]["value"] == {"name": "巴黎"}
    assert speech.meta["news_lead"]["line"] == 1


def test_em_space_pairs_mark_paragraphs_as_ideographic_ones_do():
    # news sites indent with "&emsp;&emsp;" (U+2003); such a run-on line was kept whole, then
    # dropped as one long news lead: no speech at all
    page = split_run_on(text_page([RUN_ON.replace("　　", "\u2003\u2003")]))
    assert [line.text for line in page.lines][:2] == [
        "在全县经济工作会议上的讲话",
        "——2024年1月5日",
    ]


def test_a_header_glued_into_one_piece_is_cut_into_title_date_speaker_and_salutation():
    glued = "新华社北京11月20日电在纪念某某同志诞辰110周年座谈会上的讲话（2025年11月20日）张三同志们，朋友们："
    page = split_run_on(text_page(["　　" + glued + "".join(f"　　{PARAGRAPH}" for _ in range(4))]))
    assert [line.text for line in page.lines][:5] == [
        "新华社北京11月20日电",
        "在纪念某某同志诞辰110周年座谈会上的讲话",
        "（2025年11月20日）",
        "张三",
        "同志们，朋友们：",
    ]


def test_a_date_in_brackets_inside_a_body_sentence_is_not_a_header():
    body = "我们回顾历史。1978年的会议（1978年12月18日）开启了新时期" + PARAGRAPH
    page = split_run_on(text_page(["　　" + body + "".join(f"　　{PARAGRAPH}" for _ in range(4))]))
    assert page.lines[0].text == body


def test_a_bracketed_dateline_after_the_last_words_stays_whole():
    # tests/real/files/news/newssc_xi_2015_sino_vietnam_youth_runon.txt: "谢谢你们。　　（新华社北京4月
    # 7日电） <a href=…>原标题：…": the bracket closing the dateline is not left alone on a line
    tail = '　　谢谢你们。　　（新华社北京4月7日电） <a href="x">原标题：讲话'
    page = split_run_on(text_page(["".join(f"　　{PARAGRAPH}" for _ in range(4)) + tail]))
    assert "）" not in [line.text for line in page.lines]


def test_a_glued_run_on_news_page_gives_title_date_and_speaker():
    # a crawler's one-line copy of a news page: caption and credit, dateline, title, bracketed
    # date and place, office and name, salutation, body, each glued to the next
    glued = (
        "\u2003\u20038月31日晚，县长张三在县会展中心举行宴会。新华社记者 李四 摄\u2003\u2003"
        "新华社天津8月31日电在全县招商引资推介会欢迎宴会上的祝酒辞（2025年8月31日，天津）"
        "某某县县长\u3000张三尊敬的各位来宾，女士们，先生们，朋友们："
        + "".join(f"\u2003\u2003{PARAGRAPH}" for _ in range(5))
        + "\u2003\u2003谢谢大家！"
    )
    _page, (speech,) = process_page(text_page([glued]))
    assert speech.title == "在全县招商引资推介会欢迎宴会上的祝酒辞"
    meta = speech.structure["meta"]
    assert meta["date"]["value"] == "2025-08-31"
    assert meta["speaker"]["value"] == "张三"
    assert speech.text.startswith("尊敬的各位来宾")


LETTER_BODY = (
    "志愿服务是社会文明进步的重要标志，是志愿者服务他人、奉献社会的重要渠道。希望广大志愿者大力弘扬志愿精神，"
    "为强国建设、民族复兴伟业贡献志愿服务力量。"
)


def test_a_run_on_records_tail_is_cut_at_its_blocks_and_its_signature():
    # tests/real/files/news/c12e_xinhua_2025_xi_volunteer_letter_record.json: the 贺信's body,
    # the signature glued after it, then the page's widgets two or more spaces apart
    line = (
        "\u2003\u2003".join([LETTER_BODY, LETTER_BODY, LETTER_BODY, LETTER_BODY])
        + "习近平2025年11月27日 【纠错】    【责任编辑:张樵苏】  新闻链接 习近平致信祝贺大会召开"
        + "  2025-11-28 阅读下一篇："
    )
    page = split_run_on(text_page([line]))
    texts = [ln.text for ln in page.lines]
    assert texts[-5:] == [
        "习近平2025年11月27日",
        "【纠错】",
        "【责任编辑:张樵苏】",
        "新闻链接 习近平致信祝贺大会召开",
        "2025-11-28 阅读下一篇：",
    ]
    assert all(line[ln.col : ln.col + len(ln.text)] == ln.text for ln in page.lines)
    _page, (speech,) = process_page(text_page(["习近平致大会的贺信", line]))
    meta = speech.structure["meta"]
    assert speech.text.endswith("贡献志愿服务力量。")
    assert meta["speaker"]["value"] == "习近平" and meta["date"]["value"] == "2025-11-27"
    assert meta["genre"]["value"] == "贺信"


def test_a_dateline_is_cut_off_a_long_line_only():
    story = "中共中央政治局常委、国务院副总理丁薛祥14日在京出席大会开幕式，并发表主旨讲话。" * 20
    page = split_run_on(text_page(["新华社北京11月14日电" + story]))
    assert [ln.text for ln in page.lines][0] == "新华社北京11月14日电"
    # a lead of a line stays whole: clean.noise removes it as the news lead it is
    lead = "新华社北京11月14日电 国家主席习近平14日在京出席大会并发表讲话。"
    assert [ln.text for ln in split_run_on(text_page([lead])).lines] == [lead]


def test_a_crawled_wechat_articles_blocks_and_a_speech_glued_in_them_are_cut():
    # tests/real/files/wechat/c12f_scnu_2023_graduation_ceremony_president_speech.txt: one line,
    # blocks joined by two spaces, the speech's address and thanks glued to the story around it
    story = "6月25日，华南师范大学2023届学生毕业典礼暨学位授予仪式在广州校区石牌校园举行，600余名毕业生参加。"
    speech = "同学们，曾以为毕业遥遥无期，转眼间就要各奔东西。毕业时节，这些天，我走在校园里。"
    line = (
        story * 2
        + "  毕业典礼现场直击  "
        + story
        + "亲爱的同学们、各位老师、各位家长：大家上午好！"
        + speech * 3
        + "谢谢大家！向下滑动查看完整发言"
        + "  表彰百优毕业生  "
        + story
    )
    texts = [ln.text for ln in split_run_on(text_page([line])).lines]
    assert "毕业典礼现场直击" in texts and "表彰百优毕业生" in texts
    assert any(t.startswith("亲爱的同学们、各位老师、各位家长：") for t in texts)
    assert any(t.endswith("谢谢大家！") for t in texts) and "向下滑动查看完整发言" in texts
    # English with two spaces after a full stop is no run-on of Chinese blocks
    english = "That is all.  Thank you.  " * 20
    assert len(split_run_on(text_page([english])).lines) == 1
