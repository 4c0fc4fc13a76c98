"""Salutation, opening and closing; section roles; formulations — on hand-made inputs."""

from __future__ import annotations

import pytest

from jianghua.records import Paragraph, Speech
from jianghua.structure import analyze
from jianghua.structure.formulations import formulations
from jianghua.structure.roles import role


def speech(*paragraphs, title=None, header=()):
    from jianghua.records import Line

    return Speech(
        source="t.txt",
        source_sha256="x",
        paragraphs=[Paragraph(t, i + 1, i + 1) for i, t in enumerate(paragraphs)],
        title=title,
        header=[Line(h, 0) for h in header],
    )


def part(s, st, name):
    return s.text[st[name]["start"] : st[name]["end"]]


def test_parts_of_a_plain_speech():
    s = speech(
        "尊敬的罗平厅长，各位领导、同志们：",
        "大家下午好！",
        "今天召开全市工作会议，下面我讲三点意见。",
        "一、认清形势",
        "形势很好。",
        "二、明确任务",
        "任务很重。",
        "同志们，让我们团结一心，再创佳绩！",
        "谢谢大家！",
    )
    st = analyze(s)
    text = s.text
    assert part(s, st, "salutation") == "尊敬的罗平厅长，各位领导、同志们：\n大家下午好！"
    assert part(s, st, "opening") == "今天召开全市工作会议，下面我讲三点意见。"
    assert (
        text[st["closing"]["start"] : st["closing"]["end"]]
        == "同志们，让我们团结一心，再创佳绩！\n谢谢大家！"
    )
    # the last section ends before the closing
    assert text[st["outline"][1]["start"] : st["outline"][1]["end"]] == "二、明确任务\n任务很重。"
    assert st["roles"] == ["situation", "tasks"]


def test_closing_glued_to_the_last_section():
    # seed 004 line 30: "…推进全面工作上下功夫。…同志们，创新发展的进程只有起点…让我们站在新的起点上…"
    s = speech("同志们：", "一、甲", "要做好工作。同志们，创新只有起点。让我们再接再厉！")
    st = analyze(s)
    assert part(s, st, "closing") == "同志们，创新只有起点。让我们再接再厉！"


@pytest.mark.parametrize(
    ("first", "salutation"),
    [("同志们：", True), ("各位老领导，同志们：", True), ("各位嘉宾、各位朋友：", True)]
    + [("同志们要抓好工作。今天开会。", False), ("今天召开全县会议。", False)],
)
def test_salutation(first, salutation):
    st = analyze(speech(first, "正文。"))
    assert (st["salutation"] is not None) == salutation


def test_closing_wishes_and_no_closing():
    wishes = speech("同志们：", "正文。", "最后，祝大家身体健康！")
    assert part(wishes, analyze(wishes), "closing") == "最后，祝大家身体健康！"
    assert analyze(speech("同志们：", "正文。", "要抓好落实。"))["closing"] is None


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        ("一、2020年工作回顾", "过去的一年，我们取得了显著成绩。", "review"),
        ("二、存在的主要问题", "我们也要清醒地看到差距。", "problems"),
        ("一、提高站位，充分认识做好工作的重要意义", "", "situation"),
        ("（二）指导思想和总体目标", "", "goals"),
        ("三、突出重点，切实做好今年各项工作", "", "tasks"),
        ("三、加强组织领导，为工作提供坚强保障", "", "guarantee"),
        ("同志们、朋友们", "沧桑砥砺，春华秋实。", "other"),
    ],
)
def test_roles(heading, body, expected):
    name, confidence = role(heading, body)
    assert name == expected
    assert 0 < confidence <= 1


def kinds_texts(text):
    return [(f["kind"], f["text"]) for f in formulations(text)]


def test_formulations():
    text = (
        "深入开展“两学一做”学习教育，落实“三严三实”，做到“五个基本”。"
        "坚持三看、四比、四查。构建1+5工作体系，落实1245工作思路。"
        "关工委一头连着“老”，一头带着“小”。"
    )
    found = kinds_texts(text)
    assert ("slogan", "两学一做") in found
    assert ("slogan", "三严三实") in found
    assert ("slogan", "五个基本") in found
    assert ("set", "三看、四比、四查") in found
    assert ("formula", "1+5") in found
    assert ("formula", "1245") in found
    assert ("paired", "一头连着老，一头带着小") in found or (
        "paired",
        "一头连着老，一头连着小",
    ) in found
    for f in formulations(text):
        assert (
            text[f["start"] : f["end"]].replace("“", "").replace("”", "").startswith(f["text"][:2])
        )


def test_series_of_yao():
    text = "一要聚焦立德树人，强化引领。二要聚力关心关爱，提升质效。三要聚合力量资源。四是别的。"
    assert kinds_texts(text) == [("series", "一要聚焦立德树人；二要聚力关心关爱；三要聚合力量资源")]
    assert kinds_texts("一要甲乙丙。三要丁戊己。") == []
    assert kinds_texts("2020年是关键一年。") == []


def test_trie_regex_matches_like_a_longest_first_alternation():
    import re

    from jianghua.trie import trie_regex

    words = ["政协", "政协委员", "长春", "长沙", "档案", "档案馆", "统计"]
    flat = re.compile("|".join(sorted(words, key=len, reverse=True)))
    text = "政协委员到长春、长沙的档案馆和档案室调研统计与政协工作。"
    assert trie_regex(words).findall(text) == flat.findall(text)
    assert trie_regex(words).findall(text)[:2] == ["政协委员", "长春"]


def test_plenum_and_holiday_lists_are_no_sets():
    assert kinds_texts("党的十九届二中、三中全会精神；五四、七一等节日。") == []


def test_formula_branches_apart_find_what_the_full_pattern_finds():
    # formulations() runs FORMULA's two branches separately (the "+" one only on texts with a
    # "+"); merged by start, their matches must be the full pattern's on the seeds and edge cases.
    from pages import SAMPLES

    from jianghua.pipeline import process_file
    from jianghua.structure import formulations as f
    from jianghua.text import gated_matches

    texts = [s.text for path in sorted(SAMPLES.iterdir()) for s in process_file(path)[1]]
    texts += ["1+2345工程，3+1+N模式，123456工作，2.1+3，1+1=2，12+3战略，1245工作思路"]
    found = 0
    for text in texts:
        spans = [(m.start(), m.end()) for m in gated_matches(f._FORMULA_PARTS, text)]
        assert spans == [(m.start(), m.end()) for m in f.FORMULA.finditer(text)]
        found += len(spans)
    assert found >= 5


def test_a_big_trie_groups_its_branches_and_still_matches_like_the_flat_alternation():
    # More first characters than 2 x GROUP: the grouped form; on every seed text it must find
    # what a longest-first alternation of the same words finds.
    import re

    from pages import SAMPLES

    from jianghua.sources import read_page
    from jianghua.structure.gazetteer import PROVINCE_OF
    from jianghua.trie import GROUP, trie_regex

    words = sorted(PROVINCE_OF)
    assert len({w[0] for w in words}) > 2 * GROUP
    flat = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    grouped = trie_regex(words)
    assert grouped.pattern.startswith("(?=[")
    found = 0
    for path in sorted(SAMPLES.iterdir()):
        text = "\n".join(read_page(path).original)
        assert grouped.findall(text) == flat.findall(text)
        found += len(flat.findall(text))
    assert found > 50
