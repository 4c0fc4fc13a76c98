"""Metadata of the seed speeches: every one has a sector and a genre, and the dates, speakers and
places their text states are found (file and line quoted for each)."""

from __future__ import annotations

import pytest
from structure_seeds import SEEDS, seed_speeches, speech_at

from jianghua.structure import analyze


def meta(seed, first):
    return analyze(speech_at(seed, first))["meta"]


def value(seed, first, key):
    field = meta(seed, first).get(key)
    return field and field["value"]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_seed_speech_has_a_sector_and_a_genre(seed):
    for s in seed_speeches(seed):
        m = analyze(s)["meta"]
        assert m["sector"]["value"] and m["genre"]["value"], (seed, s.first_line)


@pytest.mark.parametrize(
    ("seed", "first", "date", "source"),
    [
        ("004", 4, "2009-10-30", "header"),  # 004 line 3: (2009年10月30日)
        ("004", 33, "2005-07-07", "header"),  # 004 line 33: (2005-07-07)同志们:
        ("004", 61, "2009-12-01", "文库 metadata"),  # 004 line 57: 发表时间:2009-12-01
        ("004", 85, "2011-08-25", "header"),  # 004 line 84: (2011年8月25日)
        ("002", 577, "2020", "title"),  # 002 line 22: 10。2020年全省教育扶贫推进工作视频会上的讲话
        ("002", 879, "2020", "title"),  # 002 line 34: 16。2020年度领导干部集体约谈…
        (
            "000",
            24,
            "2021",
            "body",
        ),  # 000 line 26: 刚刚过去的2020年; line 28: 今年是中国共产党成立100周年
        ("000", 47, "2021", "body"),  # 000 line 65: 今年是建党100周年
    ],
)
def test_stated_dates(seed, first, date, source):
    field = meta(seed, first)["date"]
    assert (field["value"], field["source"]) == (date, source)


def test_masked_years_give_no_date():
    # 001 is masked throughout (20xx年); no date is made up for it
    assert all("date" not in analyze(s)["meta"] for s in seed_speeches("001"))


@pytest.mark.parametrize(
    ("first", "name", "masked"),
    [(4, "杨钊", False), (33, "**", True), (61, "杨建华", False), (85, "李炎", False)]
    + [(120, "XX", True)],
)
def test_seed_004_speakers(first, name, masked):
    # 004 lines 2, 32, 59, 83 (李 炎), 117: each speech names or masks its speaker
    field = meta("004", first)["speaker"]
    assert (field["value"], field["masked"]) == (name, masked)


@pytest.mark.parametrize(
    ("seed", "first", "level", "name"),
    [
        ("002", 740, "city", "焦作市"),  # 002 line 28: 13。在焦作市创建全国文明城市总结大会上的讲话
        ("002", 943, "county", "于都县"),  # 002 line 38: 18。在于都县工商联…
        ("004", 85, "county", "通江县"),  # 004 line 80: 通江县教育局办公室 二0一一年八月三十日
    ],
)
def test_stated_places(seed, first, level, name):
    assert value(seed, first, "place")[level] == name


@pytest.mark.parametrize(
    ("seed", "first", "level", "name"),
    [
        ("000", 35, "city", "滁州"),  # 000 line 36: 过去的一年，是滁州实现历史性突破的一年
        ("000", 143, "city", "绵阳市"),  # 000 line 145: 20xx年绵阳市关工委…
        ("000", 168, "city", "杭州市"),  # 000 line 169: 下面我代表杭州市关工委作工作报告
        ("000", 256, "province", "重庆"),  # 000 line 280: 精心编制重庆市档案事业发展“十三五”规划
        ("000", 427, "city", "茂名市"),  # 000 line 431: 一、茂名统计工作在全市…
        ("001", 519, "city", "怀化"),  # 001 line 529: 建设…生态怀化的重要抓手
    ],
)
def test_regions_named_in_the_body(seed, first, level, name):
    # named in the body, not stated as where the speech was given: the region, not the place
    assert value(seed, first, "region")[level] == name
    assert value(seed, first, "place") is None


def test_a_national_speech_takes_no_place_from_the_cities_it_names():
    # 002 line 12: 5。在全国体育局长会议上的讲话 — it names 杭州 (亚运会) and 陕西 (全运会)
    assert "place" not in meta("002", 194) and "region" not in meta("002", 194)


@pytest.mark.parametrize(
    ("seed", "first", "sector"),
    [
        ("000", 4, "机关党建"),
        ("000", 24, "关工委"),
        ("000", 238, "档案"),
        ("000", 388, "统计"),
        ("001", 519, "生态环境"),
        ("001", 677, "林业"),
        ("002", 194, "体育"),
        ("002", 707, "巡视巡察"),
        ("002", 998, "对台"),
        ("004", 4, "工会"),
        ("004", 85, "教育"),
    ],
)
def test_seed_sectors(seed, first, sector):
    assert value(seed, first, "sector") == sector


@pytest.mark.parametrize(
    ("seed", "first", "genre"),
    [
        ("000", 168, "工作报告"),  # 000 line 169: 下面我代表杭州市关工委作工作报告
        ("000", 47, "总结讲话"),  # 000 line 48: 我们这次会议开得很好，达到了预期目的
        ("002", 560, "致辞"),  # 002 line 20: 9。…推进会上的致辞
        ("002", 834, "讲话"),
        ("001", 561, "fragment"),  # 001 lines 561-619: numbered measures, no address, no speaker
    ],
)
def test_seed_genres(seed, first, genre):
    assert value(seed, first, "genre") == genre


def test_occasion_from_the_opening_of_untitled_speeches():
    # 000 line 25: 这次全市关工委工作会议，是经市委同意召开的
    m = meta("000", 24)
    assert (m["scope"]["value"], m["topic"]["value"], m["meeting_type"]["value"]) == (
        "全市",
        "关工委",
        "工作会议",
    )
    assert m["scope"]["source"] == "body"
    # 000 line 318: 省政府召开了全省环保工作会议 … 召开这次全市环保工作会议: this one, not that
    assert value("000", 318, "scope") == "全市"


def test_seed_loss_flags():
    flags = lambda seed, first: {  # noqa: E731
        (f["kind"], f["detail"].split(": ")[-1]) for f in analyze(speech_at(seed, first))["flags"]
    }
    assert ("damaged_date", "去年81日") in flags("002", 467)  # 002 line 467
    assert ("damaged_date", "今年423日") in flags("002", 194)  # 002 line 262
    assert ("damaged_date", "201712月") in flags("002", 815)  # 002 line 817
    kinds = {k for k, _ in flags("001", 45)}  # 001 line 129: 以同志为的党中央
    assert "deleted_name" in kinds
    kinds = {k for k, _ in flags("001", 561)}
    assert "not_a_speech" in kinds


@pytest.mark.parametrize(
    ("seed", "first", "roles"),
    [
        # 001 lines 429, 443, 447, 463: 回顾 / 存在的主要问题 / 重点工作安排 / 当前几项重点工作
        ("001", 427, ["review", "problems", "tasks", "tasks"]),
        # 001 lines 627, 645, 659: 进展情况 / 面临的主要问题 / 下一步工作打算
        ("001", 623, ["review", "problems", "tasks"]),
        # 004 lines 87, 94, 101, 107: 过去的工作 / 得到的启示 / 反思之不足 / 新学期的安排
        ("004", 85, ["review", "situation", "problems", "tasks"]),
        # 002 lines 371, 379, 417: 充分认识重大意义 / 准确把握主题要求 / 全面做好各项工作
        ("002", 367, ["situation", "goals", "tasks"]),
        # 000 lines 414, 417, 424: 准确把握形势 / 突出重点 / 加强组织领导…提供有力保障
        ("000", 412, ["situation", "tasks", "guarantee"]),
    ],
)
def test_seed_role_sequences(seed, first, roles):
    assert analyze(speech_at(seed, first))["roles"] == roles


@pytest.mark.parametrize(
    ("seed", "first", "not_a_speech"),
    [
        ("000", 168, False),  # 000 line 168: 各位领导、同志们： — a work report read to a meeting
        ("001", 763, True),  # 001 line 763: 近年以来…我镇认真贯彻落实 — a town's written report
        ("001", 561, True),  # 001 lines 561-619: twenty numbered measures, no address
        ("003", 25, False),  # 003: an excerpt that ends with a send-off (line 227: 希望大家…)
    ],
)
def test_not_a_speech(seed, first, not_a_speech):
    kinds = {f["kind"] for f in analyze(speech_at(seed, first))["flags"]}
    assert ("not_a_speech" in kinds) == not_a_speech
