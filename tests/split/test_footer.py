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
