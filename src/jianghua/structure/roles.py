"""The role of each top-level section, from its heading and the start of its content.

Roles: review (achievements), problems, situation (形势/意义), goals (指导思想/目标), tasks,
guarantee (领导/保障/作风), other. Heading words weigh five times the words of the first 100
characters of the section; the confidence is the winning score's share of all scores.
"""

from __future__ import annotations

import re

ROLE_WORDS = {
    "review": "回顾 成绩 成效 进展 取得 基本情况 工作情况 开展情况 过去的 总结 做法 显著 明显 喜人"
    " 一年来 去年以来 过去一年 得到了 有了 初见 发挥了 肯定成绩 取得了 过去的工作",
    "problems": "问题 不足 差距 短板 薄弱 反思 困难 隐患 不容乐观 不到位",
    "situation": "形势 意义 认识 站位 重要性 必要性 机遇 紧迫感 责任感 使命感 主要精神 启示"
    " 新定位 重大意义 极端重要",
    "goals": "指导思想 总体要求 目标 思路 主题要求 总体目标 发展思路",
    "tasks": "任务 重点 工作安排 部署 做好 抓好 推进 打算 着力 安排 推动 提升 深化 实施 开展"
    " 加快 突出 抓住 全力 新突破 再上新台阶",
    "guarantee": "组织领导 加强领导 领导 保障 作风 合力 责任 队伍建设 自身建设 纪律 协作"
    " 配合 齐抓共管 良好环境 廉洁 底线",
}
PREFERENCE = ["review", "problems", "situation", "goals", "guarantee", "tasks"]
_WORD_ROLE = {w: role for role, words in ROLE_WORDS.items() for w in words.split()}
# longest first so that 责任感 (situation) wins over 责任 (guarantee) at the same place
_WORDS = re.compile("|".join(sorted(map(re.escape, _WORD_ROLE), key=len, reverse=True)))
SNIPPET = 100
HEADING_WEIGHT = 5
# A section's role is trusted by search filters from this confidence on: a single role word in
# the first 100 characters under a heading without one scores 0.5, and is not evidence enough.
TRUSTED = 0.55

# What a paragraph does by itself, wherever it stands: work reports close a review section on "but
# we must see clearly that ... 还存在一些问题和不足", analyse the situation inside a tasks section,
# and set tasks under a heading that names none, which a section role cannot see. Each pattern is
# a statement's own wording, not a topic word (问题 alone is in every kind of paragraph).
_NUMBER = r"([（(]?[一二三四五六七八九十]+[）)、是]|第[一二三四五六七八九十]+[，、是]|[0-9０-９]{1,2}[.．、])"
_PARAGRAPH_CUES = {
    "problems": re.compile(
        r"(存在|还有|面临|暴露出?|反映出|突出表现|表现在|主要是)[^。；！？]{0,15}"
        r"(问题|不足|差距|短板|弱项|困难|矛盾|隐患|薄弱)"
        r"|清醒(地)?(看到|认识到)|不容乐观|不到位|薄弱环节|短板弱项|(问题|不足|差距)和(问题|不足|差距)"
        r"|差距(较大|很大|明显|不小)|(形势|任务)[^。；，]{0,4}(严峻|繁重)|压力(很大|较大|非常大|巨大)"
        r"|尚未(达标|根本|完全)|亟待(解决|加强|提高|改进)|还不(够|强|高|完善|健全|适应)"
    ),
    "situation": re.compile(
        r"^(当前|目前|从[^。]{0,12}看|今年以来)[^。]{0,24}(形势|局势|环境|格局)"
        r"|形势(总体|依然|仍然|更加|十分|异常|复杂)|(机遇|机会)(和|与)挑战|深刻复杂(的)?变化"
        r"|(重大|重要|深远)(的)?(意义|影响)"
    ),
    "review": re.compile(
        r"^(过去的?一年|过去五年|一年来|五年来|[一二三四五六七八九十]+年来|去年|近年来|今年以来|"
        r"[0-9０-９]{2,4}年以来)"
        r"|取得(了)?[^。；]{0,10}(成绩|成效|成果|进展|突破)|(成效|成绩|进展)(明显|显著|喜人)"
    ),
    "tasks": re.compile(
        # a numbered item may open on a lead-in sentence naming the task before saying what
        # must be done: "（二）选好配强巡察干部队伍。要严格按照……"
        r"^(" + _NUMBER + r"\s*(\S[^。；！？]{0,30}[。；！？：:]\s*)?)?"
        r"(各级[^。；，]{0,8}|我们|全[市县省区]|今年|明年|下一步|[^。；，]{0,8}工作中)?"
        r"(要|必须|务必|着力|切实|进一步|扎实|全力|加快|抓好|做好)"
    ),
    # what the coming period is to reach and by what it is guided; 以……为指导 said of the past
    # (过去一年，我们以……为指导) is review, so only when it is required (要以……为指导)
    "goals": re.compile(
        r"(总体要求|指导思想|基本思路|总体思路|工作思路|总基调|奋斗目标|主要目标|总体目标|目标任务"
        r"|预期目标)(是|为|定为|：|:)|目标是|要(坚持)?以[^。；]{0,60}为指导"
    ),
}
PARAGRAPH_MIN = 20  # characters: a shorter line is a heading or a fragment, not a statement


def role(heading: str, body: str) -> tuple[str, float]:
    """(role, confidence) of a section with this heading and body."""
    scores = dict.fromkeys(ROLE_WORDS, 0)
    for m in _WORDS.finditer(heading):
        scores[_WORD_ROLE[m.group(0)]] += HEADING_WEIGHT
    for m in _WORDS.finditer(body[:SNIPPET]):
        scores[_WORD_ROLE[m.group(0)]] += 1
    total = sum(scores.values())
    if not total:
        return "other", 0.5
    best = max(PREFERENCE, key=lambda r: (scores[r], -PREFERENCE.index(r)))
    return best, round(scores[best] / (total + 1), 2)


def assign_roles(nodes: list[dict], text: str) -> list[str]:
    """Set role and role_confidence on top-level nodes; return the role sequence."""
    for node in nodes:
        heading = node["heading"]
        body_start = node["start"] + len(heading)
        body = text[body_start : min(node["end"], body_start + SNIPPET)]
        node["role"], node["role_confidence"] = role(heading, body)
    return [n["role"] for n in nodes]


def paragraph_roles(text: str) -> set[str]:
    """Roles a paragraph shows by itself (see _PARAGRAPH_CUES); none for a short line."""
    text = text.strip()
    if len(text) < PARAGRAPH_MIN:
        return set()
    return {role for role, cue in _PARAGRAPH_CUES.items() if cue.search(text)}
