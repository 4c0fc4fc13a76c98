"""Detect how a compilation page is laid out: numbered items, a table of contents, or neither.

Layouts seen in the seeds: items marked "<title>篇一" / "<title> 篇1" (000, 001), items marked
"第N篇:<title>" (004), a table of N titles followed by fewer untitled bodies separated by blank lines
(002: 59 titles, 19 bodies), and a single speech on a 文库 page (003).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianghua.records import Line
from jianghua.split.cues import is_salutation
from jianghua.split.header import is_date_line
from jianghua.text import chinese_number

_NUM = r"[0-9０-９一二三四五六七八九十百零〇两]+"
_ITEM_PATTERNS = [
    # "领导在全市关工委工作会议上的讲话篇一", "黨的群團工作會議上的講話 篇1"
    re.compile(rf"^(?P<title>\S.{{1,80}}?)\s*篇\s*(?P<n>{_NUM})\s*$"),
    # "第一篇:杨钊同志在…的讲话", "第2篇 …"
    re.compile(rf"^第\s*(?P<n>{_NUM})\s*篇\s*[:：、.．]?\s*(?P<title>.{{0,80}})$"),
    # "篇一:…", "【篇一】…", "[篇2]…"
    re.compile(rf"^[【\[]?\s*篇\s*(?P<n>{_NUM})\s*[】\]]?\s*[:：、.．]?\s*(?P<title>.{{0,80}})$"),
    # "【范文一】…", "范文1：…", "例文2 …", "材料三"
    re.compile(
        rf"^[【\[]?\s*(范文|例文|样文|材料|文章)\s*(?P<n>{_NUM})\s*[】\]]?\s*[:：、.．]?\s*"
        r"(?P<title>.{0,80})$"
    ),
    # "一：" alone on its line
    re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[:：]\s*(?P<title>)$"),
]
# A numbered title ("1.要吸收国际的经验", "（一）第三代领导集体的当务之急") is an item's marker when
# a date line follows it: an outline heading inside a speech is never dated.
_NUMBERED_TITLE = re.compile(
    rf"^\s*(?:(?P<a>{_NUM})\s*[、.．。]|[（(]\s*(?P<b>{_NUM})\s*[)）]|第(?P<c>{_NUM})[，,、\s])\s*"
    r"(?P<title>[^。；;，,：:！!？?]{2,60})$"
)
# A title: no sentence punctuation at its end ("1、提高认识;" is a list item, not a title).
_TOC_ENTRY = re.compile(r"^\s*(?P<n>\d{1,3})\s*[。.．、]\s*(?P<title>\S.{1,70}[^。.；;，,：:])$")


@dataclass(frozen=True)
class Item:
    index: int  # position of the marker line in the page's lines
    number: int
    label: str  # the marker as written, e.g. '篇三', '第2篇'
    title: str


def _match_item(text: str) -> Item | None:
    s = text.strip()
    if len(s) > 100 or re.search(r"[。！!？?]$", s):
        return None
    for pattern in _ITEM_PATTERNS:
        m = pattern.match(s)
        if m:
            number = chinese_number(m.group("n"))
            if number is None:
                return None
            label = s.replace(m.group("title"), "").strip(" :：、.．") or s
            return Item(-1, number, label, m.group("title").strip(" :：、.．"))
    return None


# A numbered heading naming a day and what was said on it: "一、七月十日讲话——统一认识，搞好团结",
# "一 十月十五日的谈话" (a book's several talks under one title); a section of one speech is never
# headed by the day it was given
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DAY_TALK = re.compile(
    rf"^\s*(?P<a>{_NUM})\s*[、.．\s]\s*(?P<title>[(（]?{_MD}月{_MD}日(?:上午|下午|晚上)?[)）]?的?"
    r"(?:讲话|谈话|批语|批示|发言|报告|插话|讲演|结论)(?:[—–-]{1,2}[^。！？]{2,60})?)$"
)


def _dated_item(lines: list[Line], i: int) -> Item | None:
    day = _DAY_TALK.match(lines[i].text.strip())
    if day:
        number = chinese_number(day.group("a"))
        title = day.group("title").strip()
        return (
            None
            if number is None
            else Item(i, number, lines[i].text.strip()[: -len(title)].strip(), title)
        )
    m = _NUMBERED_TITLE.match(lines[i].text.strip())
    if not m:
        return None
    nxt = next((line.text for line in lines[i + 1 : i + 4] if line.text.strip()), "")
    if not is_date_line(nxt):
        return None
    number = chinese_number(m.group("a") or m.group("b") or m.group("c"))
    if number is None:
        return None
    title = m.group("title").strip()
    return Item(i, number, lines[i].text.strip().replace(title, "").strip(), title)


def find_items(lines: list[Line]) -> list[Item]:
    """Item markers, if the page is a numbered compilation (at least two, numbered upward)."""
    items = []
    for i, line in enumerate(lines):
        item = _match_item(line.text) or _dated_item(lines, i)
        if item:
            items.append(Item(i, item.number, item.label, item.title))
    if len(items) < 2:
        return []
    rising = sum(1 for a, b in zip(items, items[1:], strict=False) if b.number > a.number)
    return items if rising >= (len(items) - 1) * 0.7 else []


def collection_titles(items: list[Item]) -> bool:
    """True when item titles are the compilation's own title repeated, not speeches' titles."""
    titles = {re.sub(r"\s+", "", it.title) for it in items}
    return len(titles) == 1 and len(items) > 1


@dataclass(frozen=True)
class Toc:
    start: int
    end: int  # index after the last entry
    titles: tuple[str, ...]


# "目  录" alone on its line, then "· 动员新兵及新兵政治工作" entries: a bulleted table of contents
_TOC_HEADING = re.compile(r"^\s*[【\[]?\s*目\s*录\s*[】\]]?\s*[:：]?\s*$")
_BULLET_ENTRY = re.compile(r"^\s*[·•●○◆◇■□▪►]\s*(?P<title>\S.{1,70})$")
TOC_HEADING_WITHIN = 3  # lines between the heading and its first entry at most


def _bulleted_toc(lines: list[Line], heading: int) -> Toc | None:
    """The bulleted entries under the 目录 heading at `heading` (>= 3 in a row; blank lines and
    a short line without a bullet between entries, such as a date under one, allowed)."""
    titles: list[str] = []
    last = None
    j, n = heading + 1, len(lines)
    while j < n:
        t = lines[j].text.strip()
        m = _BULLET_ENTRY.match(t)
        if m:
            titles.append(m.group("title").strip())
            last = j
        elif t and (last is None or len(t) > 40 or j - last > 1):
            break  # text before the first entry, a long line, or two lines without a bullet
        elif not t and last is None and j - heading > TOC_HEADING_WITHIN:
            break
        j += 1
    if len(titles) < 3 or last is None:
        return None
    return Toc(heading, last + 1, tuple(titles))


def find_toc(lines: list[Line]) -> Toc | None:
    """A table of contents: >= 3 numbered short titles in a row (blank lines between allowed),
    numbered 1, 2, 3…, before any paragraph of body text; or bulleted entries under 目录."""
    # a 目录 heading says what follows, wherever it stands (a book's excerpt opens on the end
    # of the text before it)
    for i, line in enumerate(lines[:MAX_TOC_ENTRIES]):
        if _TOC_HEADING.match(line.text.strip()):
            bulleted = _bulleted_toc(lines, i)
            if bulleted:
                return bulleted
    i, n = 0, len(lines)
    while i < n:
        text = lines[i].text.strip()
        if len(text) > 80 or is_salutation(text):
            return None  # a speech came first: whatever follows is not a table of contents
        m = _TOC_ENTRY.match(text)
        if m and m.group("n") == "1":
            titles, j, expected = [], i, 1
            last = i
            while j < n:
                t = lines[j].text.strip()
                if not t:
                    j += 1
                    continue
                mm = _TOC_ENTRY.match(t)
                if not mm or int(mm.group("n")) != expected or len(t) > 80:
                    break
                titles.append(mm.group("title").strip())
                expected += 1
                last = j
                j += 1
            if len(titles) >= 3:
                return Toc(i, last + 1, tuple(titles))
        i += 1
    return None


def blank_separated(lines: list[Line]) -> bool:
    """Whether paragraphs on this page are separated by blank lines (then bodies are separated by
    two or more): true when most non-blank lines are followed by exactly one blank line."""
    pairs = single = 0
    for a, b, c in zip(lines, lines[1:], lines[2:], strict=False):
        if a.text.strip():
            pairs += 1
            if not b.text.strip() and c.text.strip():
                single += 1
    return pairs > 0 and single / pairs > 0.5


def blocks(lines: list[Line], min_blanks: int) -> list[list[Line]]:
    """Groups of lines separated by runs of at least `min_blanks` blank lines."""
    out: list[list[Line]] = []
    current: list[Line] = []
    blanks = 0
    for line in lines:
        if not line.text.strip():
            blanks += 1
            continue
        if blanks >= min_blanks and current:
            out.append(current)
            current = []
        blanks = 0
        current.append(line)
    if current:
        out.append(current)
    return out


MAX_TOC_ENTRIES = 500  # each entry is compared with every title: bounded, as pages are hostile


def toc_of_items(lines: list[Line], items: list[Item]) -> bool:
    """The lines before the first item are a table of contents: each names an item's title."""
    titles = {re.sub(r"\s+", "", it.title) for it in items if it.title}
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if not 2 <= len(texts) <= MAX_TOC_ENTRIES or not titles:
        return False
    named = sum(any(t and t in re.sub(r"\s+", "", x) for t in titles) for x in texts)
    return named >= max(2, len(texts) - 1)


def toc_start(lines: list[Line], items: list[Item]) -> int | None:
    """Where a table of contents begins among the lines before the first item, when it lists
    more titles than the page holds items (an excerpt of a book: 43 entries, 3 texts): the
    bulleted entries under a 目录 heading, every item's title among them."""
    toc = find_toc(lines)
    if toc is None or len(toc.titles) > MAX_TOC_ENTRIES:
        return None
    listed = {re.sub(r"\s+", "", t) for t in toc.titles}
    titles = [re.sub(r"\s+", "", it.title) for it in items if it.title]
    if titles and all(any(t in x for x in listed) for t in titles):
        return toc.start
    return None
