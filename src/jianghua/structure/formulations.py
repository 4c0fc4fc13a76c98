"""Formulations (提法): numbered slogans and parallel sets a speech uses.

- numbered slogans in quotes: “两学一做” “三严三实” “五个基本” “四个一批” “六型干部”;
- number-led sets: 三看、四比、四查;
- digit formulas: 1+5, 1245工作思路;
- paired clauses: 一头连着…一头连着…, 一手抓…一手抓…;
- series of paragraph or clause openers: 一要…二要…三要…, 一是…二是…

Each is {"kind", "text", "start", "end"}; how many speeches use a text is counted by the library.
"""

from __future__ import annotations

import re

from jianghua.text import gated_matches

N = "一二三四五六七八九十两百千"
QUOTED_SLOGAN = re.compile(
    rf"“((?:[{N}]+[\u4e00-\u9fff]{{1,2}}){{2,4}}|[{N}]+个[\u4e00-\u9fff]{{1,4}}|[{N}]+[型大项][\u4e00-\u9fff]{{1,4}})”"
)
NUMBER_SET = re.compile(
    rf"[{N}][\u4e00-\u9fff]、(?:[{N}][\u4e00-\u9fff]、){{0,4}}[{N}][\u4e00-\u9fff](?![\u4e00-\u9fff])"
)
FORMULA = re.compile(r"[0-9](?:\+[0-9])+(?:\+[NnXx])?(?![0-9.])|[0-9]{3,5}(?=[工战模格体思机])")
# FORMULA's branches apart: the first only runs on a text with a "+" (few have one); their matches
# cannot overlap (one has single digits between "+", the other three to five digits in a row), so
# merged by start they are FORMULA's matches
_SUM_FORMULA = re.compile(r"[0-9](?:\+[0-9])+(?:\+[NnXx])?(?![0-9.])")
_NUMBER_FORMULA = re.compile(r"[0-9]{3,5}(?=[工战模格体思机])")


_FORMULA_PARTS = [(_NUMBER_FORMULA, "0123456789"), (_SUM_FORMULA, "+")]


FORMULA_NOUN = re.compile(r"工作思路|工程|战略|模式|格局|体系|思路|机制")
PAIRED = re.compile(
    r"一(头|手|边)(连着|带着|抓|是)“?([^，,。；“”]{1,10})”?[，,、]\s*(?:另)?一\1(?:连着|带着|抓|是)“?([^，,。；“”]{1,10})”?"
)
SERIES_ITEM = re.compile(r"([一二三四五六七八九十])(要|是)([^，,。；;：:\n]{2,20})")
_CLAUSE_START = set("。；;：:\n")  # a series item opens a clause
NOT_A_SET = set(N) | set("中次届号")
CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def formulations(text: str) -> list[dict]:
    out: list[dict] = []
    for m in QUOTED_SLOGAN.finditer(text):
        out.append({"kind": "slogan", "text": m.group(1), "start": m.start(1), "end": m.end(1)})
    for m in NUMBER_SET.finditer(text):
        if any(item[1] in NOT_A_SET for item in m.group(0).split("、")):
            continue  # 二中、三中 (plenums), 五四、七一 (holidays), 四次、五次
        out.append({"kind": "set", "text": m.group(0), "start": m.start(), "end": m.end()})
    for m in gated_matches(_FORMULA_PARTS, text):
        if m.start() and text[m.start() - 1] in "0123456789.":
            continue
        if "+" not in m.group(0) and not FORMULA_NOUN.match(text, m.end()):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group(0)):
            continue
        out.append({"kind": "formula", "text": m.group(0), "start": m.start(), "end": m.end()})
    for m in PAIRED.finditer(text):
        pair = f"一{m.group(1)}{m.group(2)}{m.group(3)}，一{m.group(1)}{m.group(2)}{m.group(4)}"
        out.append({"kind": "paired", "text": pair, "start": m.start(), "end": m.end()})
    out += _series(text)
    out.sort(key=lambda f: f["start"])
    return out


def _series(text: str) -> list[dict]:
    """Runs of 一要/二要/三要 (or 一是/二是…) numbered 1, 2, 3… with the same verb."""
    out = []
    run: list[re.Match] = []

    def close() -> None:
        if len(run) >= 3:
            verb = run[0].group(2)
            items = "；".join(m.group(1) + verb + m.group(3) for m in run)
            out.append(
                {"kind": "series", "text": items, "start": run[0].start(1), "end": run[-1].end()}
            )

    for m in SERIES_ITEM.finditer(text):
        if m.start() and text[m.start() - 1] not in _CLAUSE_START:
            continue
        number = CN_NUM[m.group(1)]
        if run and m.group(2) == run[-1].group(2) and number == CN_NUM[run[-1].group(1)] + 1:
            run.append(m)
            continue
        close()
        run = [m] if number == 1 else []
    close()
    return out
