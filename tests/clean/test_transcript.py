"""A record of proceedings keeps its main speaker's words (clean.transcript)."""

from pages import text_page

from jianghua.clean.noise import strip_noise
from jianghua.clean.transcript import strip_turns
from jianghua.pipeline import process_page

BUDGET = "今年预算案一篮子的措施对经济的提振作用会达到1.3个百分点，我希望这些措施能够推动经济增长。"


def record(lines):
    return strip_turns(text_page(lines))


def test_the_main_speakers_turns_stay_the_rest_go_with_reasons():
    # the shape of tests/real/files/gov_portal/c12g_legco_2013_budget_speech_hansard.txt (t2s)
    lines = [
        "法案二读",
        "主席：法案：二读。",
        "财政司司长：主席，我谨动议二读《2013年拨款条例草案》。",
        BUDGET,
        "梁国雄议员：立即设立全民退休保障！",
        "(秘书及保安人员协助梁国雄议员离开会议厅)",
        "主席：财政司司长，请继续发言。",
        "财政司司长：多谢主席。",
        BUDGET,
        BUDGET,
        "多谢主席。",
    ]
    page = record(lines)
    texts = [line.text for line in page.lines]
    assert texts == [
        "法案二读",
        "主席，我谨动议二读《2013年拨款条例草案》。",
        BUDGET,
        "多谢主席。",
        BUDGET,
        BUDGET,
        "多谢主席。",
    ]
    reasons = [e.reason for e in page.edits]
    assert reasons.count("another speaker's turn") == 3 and "stage direction" in reasons
    assert page.meta["turn_speaker"] == "财政司司长"
    kept = page.lines[1]
    assert lines[2][kept.col : kept.col + len(kept.text)] == kept.text  # columns into the line
    _page, (speech,) = process_page(text_page(lines))
    assert speech.structure["meta"]["speaker"]["value"] == "财政司司长"


def test_a_dialogue_without_one_speaker_holding_the_floor_is_left_alone():
    lines = ["记者：请问您怎么看？", "发言人：我们欢迎。", "记者：还有呢？", "发言人：谢谢。"]
    assert record(lines).lines == text_page(lines).lines
    # a speech that names roles with a colon once or twice is no record
    lines = ["同志们：", "主席：今天开会。", BUDGET, BUDGET]
    assert record(lines).edits == ()


def test_page_numbers_and_the_running_head_of_a_printed_record_are_noise():
    lines = []
    for n in range(5145, 5149):
        lines += ["立法会 ─ 2013年 2月 27日", "", str(n), BUDGET, BUDGET]
    page = strip_noise(text_page(lines))
    assert [line.text for line in page.lines if line.text] == [BUDGET] * 8
    assert {e.reason for e in page.edits} == {"page number", "running head"}
    # figures alone that do not rise, and no head repeated by them, stay
    lines = [BUDGET, "2020", BUDGET, "1998", BUDGET, "1978", BUDGET]
    assert strip_noise(text_page(lines)).edits == ()
