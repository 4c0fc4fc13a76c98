"""What stands under a speech: the date it is signed with, the byline naming its speaker."""

from pathlib import Path

from pages import text_page

from jianghua.pipeline import process_page
from jianghua.sources import read_page

BODY = "今天是陈毅元帅诞辰九十周年的纪念日，我们缅怀他光辉的一生，重温他杰出的贡献。" * 2
REAL = Path(__file__).parents[1] / "real/files/news"


def test_a_date_on_the_last_line_dates_the_speech_and_leaves_its_text():
    lines = ["在纪念大会上的发言", "同志们：", BODY, BODY, "1991年8月26日"]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.text.endswith(BODY) and "1991年8月26日" not in speech.text
    assert speech.structure["meta"]["date"]["value"] == "1991-08-26"
    assert "1991年8月26日" in [h.text for h in speech.header]


def test_a_short_text_ending_in_a_date_keeps_it():
    # two lines and a date is no speech signed with a date: nothing is moved
    lines = ["同志们：", "2024年1月5日"]
    _page, speeches = process_page(text_page(lines))
    assert all("2024年1月5日" not in [h.text for h in s.header] for s in speeches)


def test_a_byline_under_the_speech_names_its_speaker():
    lines = ["在纪念大会上的发言", "同志们：", BODY, BODY, "作者：南京军区副政治委员王永明同志"]
    _page, (speech,) = process_page(text_page(lines))
    who = speech.structure["meta"]["speaker"]
    assert who["value"] == "王永明" and who["source"] == "byline"
    assert "作者" not in speech.text


def test_a_reporters_byline_is_no_speaker():
    lines = ["在纪念大会上的发言", "同志们：", BODY, BODY, "作者：本报记者 张三"]
    _page, (speech,) = process_page(text_page(lines))
    assert "speaker" not in speech.structure["meta"]


def test_memorial_page_speeches_get_their_signed_date_and_byline():
    # tests/real/files/news/zhclsy_wang_yongming_1991_chen_yi_90th.html: the body, then
    # "1991年8月26日", then "作者：南京军区副政治委员王永明同志" under it
    _page, (speech,) = process_page(read_page(REAL / "zhclsy_wang_yongming_1991_chen_yi_90th.html"))
    meta = speech.structure["meta"]
    assert meta["date"]["value"] == "1991-08-26"
    assert meta["speaker"]["value"] == "王永明"
    assert speech.text.endswith("第二步战略目标而奋斗。")


def test_a_journals_note_under_the_text_dates_it_and_names_its_speaker():
    # the note 求是 prints under a speech, without brackets: "※这是…总书记…在…时的讲话。"
    note = "※这是张三总书记2023年5月29日在中央政治局第五次集体学习时的讲话。"
    lines = ["扎实推动教育强国建设", BODY, BODY, note]
    _page, (speech,) = process_page(text_page(lines))
    meta = speech.structure["meta"]
    assert meta["date"]["value"] == "2023-05-29" and meta["date"]["source"] == "editor's note"
    assert meta["speaker"]["value"] == "张三"
    assert "这是张三" not in speech.text


def test_a_sentence_of_the_body_beginning_with_zheshi_stays():
    said = "这是我们2023年5月29日在全县大会上提出的要求，大家要认真落实，确保取得实效。"
    lines = ["在全县大会上的讲话", "同志们：", BODY, said, BODY, "谢谢大家！"]
    _page, (speech,) = process_page(text_page(lines))
    assert said in speech.text


def test_a_bracketed_note_under_the_last_paragraph_is_the_editors():
    # tests/real/files/compilation/dxp_excerpt_080_081_utf8.txt: the text ends, then
    # "（中国共产党第十二次全国代表大会决定成立并选举产生了中央顾问委员会。……他当选为主任。）"
    note = "（全市第十次代表大会决定成立并选举产生了顾问委员会。在顾问委员会第一次全体会议上，他当选为主任。）"
    lines = ["同志们：", BODY, BODY, note]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.text.endswith(BODY) and note not in speech.text
    (edit,) = [e for e in speech.edits if e.before == note]
    assert edit.kind == "noise" and edit.reason == "editor's note on the text" and edit.line == 4


def test_a_stage_direction_or_a_numbered_heading_at_the_end_stays():
    for last in (
        "（掌声）",
        "（一）下一步要抓好落实，确保各项任务按期完成，取得实实在在的成效。）",
    ):
        lines = ["同志们：", BODY, BODY, last]
        _page, (speech,) = process_page(text_page(lines))
        assert speech.text.endswith(last.strip()), last


REAL_NEWS = REAL
REAL_WENKU = Path(__file__).parents[1] / "real/files/wenku"


def test_a_signature_under_a_message_names_the_speaker_and_leaves_the_text():
    # a 致辞 signed with the organisation and the office and name, then a spaced date
    lines = [
        "2013年新年致辞",
        "亲爱的员工们：",
        BODY,
        BODY,
        "杭州某某科技有限公司",
        "总经理：王敏敏",
        "2013 年 1 月 1 日",
    ]
    _page, (speech,) = process_page(text_page(lines))
    meta = speech.structure["meta"]
    assert meta["speaker"]["value"] == "王敏敏" and meta["speaker"]["source"] == "signature"
    assert meta["date"]["value"] == "2013-01-01"
    assert speech.text.endswith(BODY) and speech.title == "2013年新年致辞"
    # the name alone after the office, with an aside: "汪广平 校长 （中）"
    lines = ["致校友", "各位校友：", BODY, BODY, "汪广平 校长 （中）"]
    _page, (speech,) = process_page(text_page(lines))
    assert speech.structure["meta"]["speaker"]["value"] == "汪广平"


def test_an_organisation_alone_under_a_text_is_no_signature():
    lines = ["新年致辞", "亲爱的员工们：", BODY, BODY, "杭州某某科技有限公司"]
    _page, (speech,) = process_page(text_page(lines))
    assert "speaker" not in speech.structure["meta"]
    assert speech.text.endswith("杭州某某科技有限公司")


def test_real_signed_company_messages():
    # tests/real/files/news/c12a_xiruan_2013_new_year_address.html ends "杭州西软科技有限公司 /
    # 杭州西软信息技术有限公司 / 总经理：王敏敏"; c12a_jinye_chairman_message.html "董事局主席：
    # 袁汉源 / 2020 年 3 月 28 日" (the spaced date was read as a menu)
    _page, (speech,) = process_page(read_page(REAL_NEWS / "c12a_xiruan_2013_new_year_address.html"))
    assert speech.structure["meta"]["speaker"]["value"] == "王敏敏"
    assert "杭州西软科技有限公司" not in speech.text and speech.title != "杭州西软科技有限公司"
    _page, (speech,) = process_page(read_page(REAL_NEWS / "c12a_jinye_chairman_message.html"))
    meta = speech.structure["meta"]
    assert meta["speaker"]["value"] == "袁汉源" and meta["date"]["value"] == "2020-03-28"
    assert "MESSAGE FROM" not in speech.text


def test_a_speaker_who_introduces_himself_in_the_opening():
    lines = [
        "竞选发言稿",
        "尊敬的各位老师、亲爱的同学们：",
        "大家好！我是来自高一（7）班的方羿涵。" + BODY,
    ]
    _page, (speech,) = process_page(text_page(lines))
    meta = speech.structure["meta"]
    assert meta["speaker"]["value"] == "方羿涵" and meta["speaker"]["source"] == "self-introduction"
    # no name: "我是一名普通党员，", "我是党员，", and a name said deep in the text
    for opening in ("大家好！我是一名普通党员，", "大家好！我是党员，", BODY * 9 + "我是王琛，"):
        _page, (speech,) = process_page(text_page(["发言稿", "同志们：", opening + BODY]))
        assert "speaker" not in speech.structure["meta"], opening


def test_real_self_introductions():
    # c12b_honlan_starwar_talk.txt: "大家好，我是张宏伦，目前是上海交通大学的一名直博在读生"
    _page, (speech,) = process_page(read_page(REAL_WENKU / "c12b_honlan_starwar_talk.txt"))
    assert speech.structure["meta"]["speaker"]["value"] == "张宏伦"
    # c12b_knight_dabian_zishu_gbk.txt: "各位老师，上午好。我是王婷婷，是软件学院……"
    _page, (speech,) = process_page(read_page(REAL_WENKU / "c12b_knight_dabian_zishu_gbk.txt"))
    assert speech.structure["meta"]["speaker"]["value"] == "王婷婷"
