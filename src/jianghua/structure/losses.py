"""What the source destroyed: masked values, deleted names, dropped digits, damaged dates,
stripped quotes, truncation, and texts that are not speeches at all.

Each finding is a flag {"kind", "detail", "start", "end"} with offsets into the text; nothing is
repaired or guessed here.
"""

from __future__ import annotations

import re

from jianghua.text import gated_matches

# jianghua.text.PLACEHOLDER, rewritten to start with a character class so that the regex engine
# can skip ahead (its leading look-behind made it scan every position); a lone x next to a letter
# or digit is dropped afterwards, as that pattern's look-arounds do.
PLACEHOLDER = re.compile(r"[xX×*＊]+|“\s*”|《\s*》")  # 19xx/20xx: the digits are added after
# PLACEHOLDER's three branches as patterns of their own, each scanned only when the text holds its
# first character: a literal first character is found by a fast search, a class like PLACEHOLDER's
# is tried at every position (this stage is a dozen scans of every speech). Their matches cannot
# overlap, so merged by start they are PLACEHOLDER's matches.
_PLACEHOLDER_PARTS = [
    (re.compile(r"[xX×*＊]+"), "xX×*＊"),
    (re.compile(r"“\s*”"), "“"),
    (re.compile(r"《\s*》"), "《"),
]
_CENTURY = ("19", "20")
_ALNUM = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

# kind of a placeholder from what stands around it
_YEAR_AFTER = re.compile(r"\s*(?:年|届|-|—|～)")
_NUMBER_AFTER = re.compile(
    r"\s*(?:[万亿千百]|余|多|个|名|人|项|次|家|所|条|元|亩|吨|户|%|％|\.|．)"
)
_ORDINAL_BEFORE = re.compile(r"第\s*$")
_NAME_AFTER = re.compile(
    r"\s*(?:同志|主任|书记|市长|县长|局长|部长|主席|副|旗|市|县|区|省|镇|乡|村|公司|集团|工程|”)"
)

# (pattern, why, needles): the pattern can match only where the text holds one of the needles, and
# most texts hold none, so the scan is skipped (a substring search is several times faster)
DELETED_NAME = [
    (
        re.compile(r"党的(?=以来|和十|、十|精神|召开以来|重要讲话)"),
        "党的… (a congress name deleted)",
        ("党的",),
    ),
    (re.compile(r"以同志为(?=核心|的)"), "以…同志为核心 (a name deleted)", ("以同志为",)),
    (re.compile(r"同志为的"), "同志为…的 (核心 deleted)", ("同志为的",)),
    (re.compile(r"(?:指出|强调)[，,：:]"), "…指出 (the speaker deleted)", ("指出", "强调")),
    (
        re.compile(r"特别是的|贯彻的重要|学习的重要讲话"),
        "…的重要讲话 (a name deleted)",
        ("特别是的", "贯彻的重要", "学习的重要讲话"),
    ),
    (re.compile(r"习(?=系列重要讲话)"), "习… (a name cut short)", ("习系列重要讲话",)),
    (
        re.compile(r"在会见[^。，]{0,30}时强调"),
        "…在会见…时强调 (the speaker deleted)",
        ("在会见",),
    ),
]
# a unit or a percent sign with no number before it: 合格率为%, 投资亿元, 森林面积已达万亩
DROPPED_DIGITS = re.compile(r"[%％‰]|[万亿](?:元|亩|平方米|人次|株|吨|套|千瓦|册|卷|件)")
_DROPPED_DIGITS_PARTS = [  # its two branches, as _PLACEHOLDER_PARTS
    (re.compile(r"[%％‰]"), "%％‰"),
    (re.compile(r"万(?:元|亩|平方米|人次|株|吨|套|千瓦|册|卷|件)"), "万"),
    (re.compile(r"亿(?:元|亩|平方米|人次|株|吨|套|千瓦|册|卷|件)"), "亿"),
]
_NUMBER_CHARS = set("0123456789０１２３４５６７８９.．一二三四五六七八九十百千万亿两几多数余xX×*＊")
SUBJECTLESS_RULE = 3  # index in DELETED_NAME of 指出/强调, checked for what precedes it
# 指出/强调 with no one before it: at the start of a sentence
_SUBJECTLESS = "。；;！？\n"
# 去年81日, 今年423日 (月 lost), 201712月 (年 lost), 910月份 (a separator lost)
DAMAGED_DATE = [
    (re.compile(r"[0-9]{2,3}日"), "month and day run together"),  # after 今年/去年/2020年
    (re.compile(r"(?:19|20)[0-9]{2}(?:1[0-2]|[1-9])月"), "year and month run together"),
    (re.compile(r"[1-9]1[0-2]月份?"), "two months run together"),
]
_YEAR_BEFORE = re.compile(r"(?:[今去明]|[0-9]{4})年$")
_DATE_DIGITS = re.compile(r"[0-9]+(?=[月日])")


class _Span:
    """A match-like span for a finding assembled from two matches."""

    def __init__(self, start: int, end: int, text: str):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _n: int = 0) -> str:
        return self._text


EMPTY_QUOTE = re.compile(r"“\s*”|《\s*》|‘\s*’")
SENTENCE_END = "。！？!?…”」』）)"
PLAN_CUES = re.compile(r"工作要点|实施方案|工作计划|行动计划|以下简称|特制定本")


def placeholder_kind(text: str, start: int, end: int, token: str) -> str:
    if token.startswith(("19", "20")) or _YEAR_AFTER.match(text, end):
        return "year"
    if _ORDINAL_BEFORE.search(text[max(0, start - 2) : start]):
        return "ordinal"
    if token in ("“”", "《》") or EMPTY_QUOTE.fullmatch(token):
        return "quote"
    if _NUMBER_AFTER.match(text, end):
        return "number"
    if _NAME_AFTER.match(text, end) or token in ("**", "＊＊", "XX", "xx", "××"):
        return "name"
    return "other"


def _damaged_dates(text: str):
    """(index, why, match) of every DAMAGED_DATE match, pattern by pattern. A match is digits and
    月/日 (份), so it lies in a run of digits followed by 月 or 日: only those runs are searched."""
    runs = [(m.start(), m.end() + 2) for m in _DATE_DIGITS.finditer(text)]
    for k, (pattern, why) in enumerate(DAMAGED_DATE):
        for a, b in runs:
            for m in pattern.finditer(text, a, b):
                yield k, why, m


def flags(
    text: str,
    announced: list[dict],
    is_speech: bool,
    genre: str | None,
    has_closing: bool = False,
) -> list[dict]:
    """Every loss found in the text. Announced sections missing count as truncation only when
    the speech has no closing (a speech that ends properly just numbered its points oddly)."""
    out: list[dict] = []
    for m in gated_matches(_PLACEHOLDER_PARTS, text):
        token = m.group(0)
        if len(token) == 2 and token[0] in "xX×*＊" and text[m.start() - 2 : m.start()] in _CENTURY:
            m = _Span(m.start() - 2, m.end(), text[m.start() - 2 : m.end()])  # 20xx
            token = m.group(0)
        elif len(token) == 1 and (
            token in "*＊"
            or (m.start() and text[m.start() - 1] in _ALNUM)
            or text[m.end() : m.end() + 1] in _ALNUM
        ):
            continue  # a lone * is a footnote mark; x inside a word is a letter
        kind = placeholder_kind(text, m.start(), m.end(), m.group(0))
        if kind == "quote":
            out.append(_flag("stripped_quote", f"empty quotes {m.group(0)}", m))
        else:
            out.append(_flag("placeholder", f"{kind}: {m.group(0)}", m))
    for k, (pattern, why, needles) in enumerate(DELETED_NAME):
        if not any(n in text for n in needles):
            continue
        for m in pattern.finditer(text):
            if k == SUBJECTLESS_RULE and m.start() and text[m.start() - 1] not in _SUBJECTLESS:
                continue
            out.append(_flag("deleted_name", f"{why}: {_context(text, m)}", m))
    for m in gated_matches(_DROPPED_DIGITS_PARTS, text):
        if m.start() and text[m.start() - 1] in _NUMBER_CHARS:
            continue
        detail = f"no number before {m.group(0)}: {_context(text, m)}"
        out.append(_flag("dropped_digits", detail, m))
    for k, why, m in _damaged_dates(text):
        before = text[m.start() - 1] if m.start() else ""
        if k and (before.isdigit() or (k == 2 and before == "年")):
            continue
        if k == 0:
            year = _YEAR_BEFORE.search(text, max(0, m.start() - 5), m.start())
            if not year or before.isdigit():
                continue
            m = _Span(year.start(), m.end(), text[year.start() : m.end()])
        out.append(_flag("damaged_date", f"{why}: {m.group(0)}", m))
    end = text.rstrip()
    if end and end[-1] not in SENTENCE_END:
        n = len(end)
        out.append(
            {
                "kind": "truncated",
                "detail": f"ends mid-sentence: …{end[-12:]}",
                "start": max(0, n - 12),
                "end": n,
            }
        )
    for a in [] if has_closing else announced:
        if a.get("count") and a.get("found") is not None and a["found"] < a["count"]:
            out.append(
                {
                    "kind": "truncated",
                    "detail": f"announced {a['count']} sections, {a['found']} present",
                    "start": a["start"],
                    "end": a["end"],
                }
            )
    if not is_speech:
        m = PLAN_CUES.search(text)
        why = f"{genre or 'no speech cues'}" + (f", {m.group(0)}" if m else "")
        out.append({"kind": "not_a_speech", "detail": why, "start": 0, "end": min(len(text), 40)})
    return out


def _flag(kind: str, detail: str, m: re.Match) -> dict:
    return {"kind": kind, "detail": detail, "start": m.start(), "end": m.end()}


def _context(text: str, m: re.Match, width: int = 8) -> str:
    return text[max(0, m.start() - width) : m.end() + width].replace("\n", " ")
