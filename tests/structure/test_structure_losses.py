"""Loss and quality flags on hand-made inputs: each kind, with offsets that point at the loss."""

from __future__ import annotations

import pytest

from jianghua.structure.losses import flags


def found(text, announced=(), is_speech=True, genre="讲话"):
    return [
        (f["kind"], text[f["start"] : f["end"]])
        for f in flags(text, list(announced), is_speech, genre)
    ]


def details(text):
    return [f["detail"] for f in flags(text, [], True, "讲话")]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("总结20xx年工作。", "year: 20xx"),
        ("20**年全省档案工作会议。", "year: 20**"),
        ("全市共有xx个关工委。", "number: xx"),
        ("投资xx万元。", "number: xx"),
        ("刚才xx主任作了报告。", "name: xx"),
        ("**同志的讲话。", "name: **"),
        ("在x旗委的领导下。", "name: x"),
        ("第xx次会议。", "ordinal: xx"),
    ],
)
def test_placeholders_by_kind(text, detail):
    assert detail in details(text)


def test_letters_are_not_placeholders():
    assert (
        details("gdp增长，iso14000认证，xxx。") == ["name: xxx"]
        or details("gdp增长，iso14000认证。") == []
    )
    assert details("gdp增长，iso14000认证。") == []


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("党的以来，全市各级群团组织。", "党的"),
        ("贯彻落实党的和十八届三中全会精神。", "党的"),
        ("紧密团结在以同志为的党中央周围。", "以同志为"),
        ("我们要紧密团结在以同志为核心的党中央周围。", "以同志为"),
        ("遏制环境污染。指出：“环境保护是基础”。", "指出："),
        ("坚持以习系列重要讲话精神统领全局。", "习"),
        ("在会见自强模范时强调，要健全制度。", "在会见自强模范时强调"),
    ],
)
def test_deleted_names(text, gap):
    assert ("deleted_name", gap) in found(text)


def test_a_named_subject_is_no_gap():
    assert [k for k, _ in found("总书记指出，五老是宝贵财富。")] == []
    assert [k for k, _ in found("以习近平同志为核心的党中央。")] == []


@pytest.mark.parametrize(
    ("text", "loss"),
    [
        ("合格率为%，是全市最高。", "%"),
        ("完成村镇建设投资亿元。", "亿元"),
        ("森林面积已达万亩。", "万亩"),
        ("成灾率控制在‰以内。", "‰"),
    ],
)
def test_dropped_digits(text, loss):
    assert ("dropped_digits", loss) in found(text)


@pytest.mark.parametrize("text", ["增长3.2%。", "资金2000多万元。", "千家万户。", "完成率x%。"])
def test_numbers_present_are_not_dropped(text):
    assert [k for k, _ in found(text) if k == "dropped_digits"] == []


@pytest.mark.parametrize(
    ("text", "loss"),
    [
        ("去年81日，徐书记调研。", "去年81日"),  # 002 line 469
        ("今年423日，总书记考察。", "今年423日"),  # 002 line 262
        ("201712月，两办印发通知。", "201712月"),  # 002 line 817
        ("多集中在910月份。", "910月份"),  # 002 line 513
    ],
)
def test_damaged_dates(text, loss):
    assert ("damaged_date", loss) in found(text)


@pytest.mark.parametrize("text", ["2017年12月，", "9、10月份", "今年4月23日", "12月31日"])
def test_whole_dates_are_not_damaged(text):
    assert [k for k, _ in found(text + "。") if k == "damaged_date"] == []


def test_stripped_quotes():
    assert ("stripped_quote", "“”") in found("今年是实施“”规划的重要一年。")
    assert ("stripped_quote", "《》") in found("认真学习《》精神。")


def test_truncation():
    assert [k for k, _ in found("工作要抓好。要进一步完善")] == ["truncated"]
    assert [k for k, _ in found("工作要抓好。")] == []
    announced = [{"count": 3, "found": 2, "start": 0, "end": 5}]
    assert ("truncated", "下面我讲三") in found("下面我讲三点意见。", announced)


def test_not_a_speech():
    assert [k for k, _ in found("一、发展生产。", is_speech=False, genre="fragment")] == [
        "not_a_speech"
    ]
    plan = flags("为落实…，特制定本实施方案。", [], False, "工作计划")
    assert plan[0]["detail"] == "工作计划, 特制定本"
    assert found("同志们，今天开会。") == []


def test_announced_sections_missing_are_truncation_only_without_a_closing():
    announced = [{"count": 3, "found": 2, "start": 0, "end": 5}]
    text = "下面我讲三点意见。"
    assert [f["kind"] for f in flags(text, announced, True, "讲话", has_closing=True)] == []


def test_lone_asterisk_is_no_placeholder_and_years_keep_their_digits():
    assert details("注*：见附件。") == []
    assert [f for f in flags("20xx年", [], True, "讲话") if f["kind"] == "placeholder"][0][
        "start"
    ] == 0


def test_split_and_gated_scans_find_what_the_full_patterns_find():
    # flags() scans pattern parts only where their needles occur, and damaged dates only in runs
    # of digits before 月/日; the spans must be those of the full patterns over the whole text.
    from pages import SAMPLES

    from jianghua.pipeline import process_file
    from jianghua.structure import losses
    from jianghua.text import gated_matches

    texts = [s.text for path in sorted(SAMPLES.iterdir()) for s in process_file(path)[1]]
    texts += [
        "20xx年，xx同志，×× 与 XX，**，“ ”和《》，增长%，投资万元，亿吨，去年81日，201712月，910月份",
        "12日3月，2020年123日，1999121月，x",
    ]

    def spans(matches):
        return [(m.start(), m.end()) for m in matches]

    def dates(text):
        return [spans(m for j, _, m in losses._damaged_dates(text) if j == k) for k in range(3)]

    found = 0
    for text in texts:
        assert spans(gated_matches(losses._PLACEHOLDER_PARTS, text)) == spans(
            losses.PLACEHOLDER.finditer(text)
        )
        assert spans(gated_matches(losses._DROPPED_DIGITS_PARTS, text)) == spans(
            losses.DROPPED_DIGITS.finditer(text)
        )
        assert dates(text) == [spans(p.finditer(text)) for p, _ in losses.DAMAGED_DATE]
        found += sum(map(len, dates(text)))
    assert found >= 5
