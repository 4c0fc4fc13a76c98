"""The outline of a speech: headings at every level, in every marker style the seeds use.

A heading is a paragraph that starts with an outline marker (一、 (一) 1、 1. ⒈ (1) 第一 第一个问题
一是/一要/一方面 首先/其次/再次/最后) or a refrain repeated through the speech ("同志们、朋友们！").
Levels come from the order in which marker styles first appear, as a reader does: the first style
is level 1, a new style below it is level 2, and a style seen before closes every level under it.
So an inverted document ((一) above 一、) gets the tree it shows, and the inversion is flagged.
Numbering is checked within each list: skipped items, restarts, items out of order, a list that
does not start at one; when the speaker announces a count ("下面，我讲三点意见") it is compared
with the list that follows.

One regex match per paragraph start; nothing here walks the text character by character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianghua.structure.numerals import cn_to_int

CN = "一二三四五六七八九十"

# Named groups: the style is the group that matched, the number is in the group's `n_` twin.
_MARKER = re.compile(
    r"\s*(?:"
    rf"(?P<cn_paren>[(（]\s*(?P<n_cn_paren>[{CN}]{{1,3}})\s*[)）]\s*[、.．，,]?)"
    rf"|(?P<num_paren>[(（]\s*(?P<n_num_paren>\d{{1,2}})\s*[)）]\s*[、.．]?)"
    rf"|(?P<di>第(?P<n_di>[{CN}]{{1,3}})(?:个问题|个方面|部分|方面|点|条)?\s*[,，、:：.．\s])"
    rf"|(?P<shi>(?P<n_shi>[{CN}]{{1,2}})是要?(?=[\u4e00-\u9fff“，,]))"
    rf"|(?P<yao>(?P<n_yao>[{CN}]{{1,2}})要(?=[\u4e00-\u9fff“，,]))"
    rf"|(?P<fangmian>(?P<n_fangmian>一|另一)方面(?=[\u4e00-\u9fff“，,]))"
    rf"|(?P<cn_dun>(?P<n_cn_dun>[{CN}]{{1,3}})\s*[、.．])"
    r"|(?P<num>(?P<n_num>\d{1,2})\s*(?:[、。]|[.．](?![\d%％])))"
    r"|(?P<circ_dot>(?P<n_circ_dot>[⒈-⒛]))"
    r"|(?P<circled>(?P<n_circled>[①-⑳]))"
    r"|(?P<paren_circ>(?P<n_paren_circ>[⑴-⒇]))"
    r"|(?P<seq>(?P<n_seq>首先|其次|再次|最后|另一方面)(?=[，,：:、\u4e00-\u9fff]))"
    r")"
)
STYLES = (
    "cn_paren",
    "num_paren",
    "di",
    "shi",
    "yao",
    "fangmian",
    "cn_dun",
    "num",
    "circ_dot",
    "circled",
    "paren_circ",
    "seq",
)
# Styles that normally mark sub-points inside a paragraph's topic; they become headings only as a
# series of at least two paragraph starts (一是 … 二是 …), and never push a numbered list down.
SOFT = {"shi", "yao", "fangmian", "seq"}
# The usual rank of numbered styles in official documents; a list ranked higher appearing under a
# lower one is an inversion worth flagging.
RANK = {"cn_dun": 0, "di": 0, "cn_paren": 1, "num": 2, "num_paren": 3, "paren_circ": 3}
RANK.update({"circ_dot": 3, "circled": 4})
SEQ_NUMBER = {"首先": 1, "其次": 2, "再次": 3, "另一方面": 2}
# "最后，祝…" and its kin close the speech; they are not the last item of 首先/其次.
_CLOSING_LAST = re.compile(r"最后\s*[，,]?\s*(?:祝|再|预祝|衷心|我|向|让我们|感谢|谢谢)")
_SENTENCE = re.compile(r"[。！？!?；;：:]")
_GLUED_MARKER = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?:\d{{1,2}}[、.．](?!\d)|[(（][{CN}\d]{{1,2}}[)）])"
)
_PUNCT = re.compile(r"[\s，,、。.．！!？?：:；;—…“”\"'‘’]+")
# "下面，我讲三点意见" / "我有三点想法：" / "讲以下几个问题" at the end of a paragraph.
ANNOUNCE = re.compile(
    r"(?:讲|谈|提|强调|说|汇报|有|明确|抓好|做好)(?:以下|这么|一下)?"
    rf"(?P<n>[{CN}两\d]{{1,2}}|几)\s*(?:点|个问题|个方面|方面|条|项|件事)"
    r"(?:意见|看法|建议|要求|体会|想法|希望|认识|工作)?[^。！？!?，,]{0,6}[：:。！!，,]?\s*$"
)


MAX_ANNOUNCEMENTS = 20  # a speech announces a handful; more is not a speech
# A speech has a few dozen headings (57 at most in a seed speech); a page of a million one-word
# lines or of 10^5 numbered items is not an outline. Past this many, the outline is cut and
# flagged (outline_truncated): the nodes are stored as JSON, indexed per paragraph and drawn in
# the reader, each costing as much as the whole text.
MAX_HEADINGS = 2000


@dataclass
class Heading:
    index: int  # paragraph index
    style: str
    number: int | None
    marker: str
    heading: str
    start: int
    level: int = 0
    end: int = 0
    children: list[Heading] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "marker": self.marker,
            "style": self.style,
            "number": self.number,
            "heading": self.heading,
            "role": None,
            "role_confidence": None,
            "start": self.start,
            "end": self.end,
            "children": [c.as_dict() for c in self.children],
        }


def paragraph_offsets(paragraphs: list[str]) -> list[int]:
    """Start offset of each paragraph in the text joined by newlines."""
    offsets, pos = [], 0
    for text in paragraphs:
        offsets.append(pos)
        pos += len(text) + 1
    return offsets


def heading_text(paragraph: str, marker_end: int) -> str:
    """The heading a marked paragraph carries: a short paragraph whole, else its first sentence,
    else its first clause, cut where a glued lower marker begins."""
    text = paragraph.strip()
    m = _SENTENCE.search(text, marker_end)
    if m and m.end() < len(text):
        text = text[: m.start()]
    if len(text) > 40:
        if len(text) > 60:
            comma = text.find("，", marker_end)
            text = text[:comma] if 0 < comma <= 50 else text[:50]
    glued = _GLUED_MARKER.search(text, marker_end + 2)
    if glued:
        text = text[: glued.start()]
    return text.rstrip("。，,；;：:！!？? ")


def match_marker(text: str) -> tuple[str, int | None, str, int] | None:
    """(style, number, marker, end of marker) for a paragraph starting with a marker."""
    m = _MARKER.match(text)
    if not m:
        return None
    style = m.lastgroup  # the style group closes after its number group
    raw = m.group("n_" + style)
    if style in ("circ_dot", "circled", "paren_circ"):
        base = {"circ_dot": 0x2488, "circled": 0x2460, "paren_circ": 0x2474}[style]
        number = ord(raw) - base + 1
    elif style == "seq":
        number = SEQ_NUMBER.get(raw)  # 最后 has no fixed number
    elif style == "fangmian":
        number = 1 if raw == "一" else 2
    else:
        number = cn_to_int(raw)
    return style, number, m.group(style).strip(), m.end()


def _refrains(paragraphs: list[str]) -> set[int]:
    """Paragraph indexes of short lines repeated at least three times (not the first paragraph):
    un-numbered section refrains such as 同志们、朋友们！ or ——面对疫情带来的严峻挑战，…"""
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(paragraphs):
        if i == 0:
            continue
        if len(text) <= 12:
            key = _PUNCT.sub("", text)
        elif text.startswith("——"):
            key = "——" + _PUNCT.sub("", text[:14])
        else:
            continue
        if key:
            seen.setdefault(key, []).append(i)
    return {i for idxs in seen.values() if len(idxs) >= 3 for i in idxs}


def find_headings(paragraphs: list[str], offsets: list[int]) -> list[Heading]:
    """Every heading paragraph, in order, before levels are assigned."""
    found: list[Heading] = []
    refrains = _refrains(paragraphs)
    for i, text in enumerate(paragraphs):
        if i in refrains:
            found.append(Heading(i, "refrain", None, "", text.strip().rstrip("！!，,"), offsets[i]))
            continue
        hit = match_marker(text)
        if not hit:
            continue
        style, number, marker, end = hit
        if style == "seq" and marker == "最后" and _CLOSING_LAST.match(text.lstrip()):
            continue
        found.append(Heading(i, style, number, marker, heading_text(text, end), offsets[i]))
    return _keep_soft_series(found)


def _keep_soft_series(found: list[Heading]) -> list[Heading]:
    """Drop 一是/首先 paragraphs that start no series: a lone 一是 is a sentence, not a heading.
    A soft heading is kept when the next one of its style continues its count (it starts a
    series) or when an earlier one of its style exists and it is not a new 一 (it continues)."""
    by_style: dict[str, list[int]] = {}
    for k, h in enumerate(found):
        if h.style in SOFT:
            by_style.setdefault(h.style, []).append(k)
    keep_soft = set()
    for positions in by_style.values():
        for j, k in enumerate(positions):
            h = found[k]
            later = found[positions[j + 1]] if j + 1 < len(positions) else None
            starts = h.number == 1 and later is not None and later.number in (2, None)
            continues = j > 0 and (h.number is None or h.number > 1)
            if starts or continues:
                keep_soft.add(k)
    return [h for k, h in enumerate(found) if h.style not in SOFT or k in keep_soft]


def build_tree(headings: list[Heading], text_end: int) -> tuple[list[Heading], list[dict]]:
    """Nest headings by style order of appearance; return (top-level nodes, irregularity flags)."""
    flags: list[dict] = []
    roots: list[Heading] = []
    stack: list[Heading] = []  # open headings, outermost first
    last_number: dict[str, int] = {}
    for h in headings:
        styles = [s.style for s in stack]
        if h.style in styles:
            pos = styles.index(h.style)
            previous = stack[pos]
            del stack[pos:]
            _check_number(previous, h, flags)
        else:
            # 一、 is the top rank: a new 一、 list closes a 一是/首先 series instead of nesting in
            # it, and a numbered list that starts past one (its first items lost) belongs with
            # the outermost lists, not under the lower-ranked list it follows
            while stack and h.style in RANK:
                top = stack[-1]
                lower = top.style in SOFT or RANK.get(top.style, 9) > RANK[h.style]
                if lower and (h.style == "cn_dun" and top.style in SOFT or (h.number or 1) > 1):
                    stack.pop()
                else:
                    break
            continued = last_number.get(h.style)
            if h.number not in (None, 1) and h.style != "seq" and h.number != (continued or 0) + 1:
                flags.append(_flag("outline_start", f"list starts at {h.marker} instead of 1", h))
            parent = stack[-1] if stack else None
            if (
                parent is not None
                and h.style in RANK
                and parent.style in RANK
                and RANK[h.style] < RANK[parent.style]
            ):
                flags.append(
                    _flag("outline_inverted", f"{h.marker} is nested under {parent.marker}", h)
                )
        if h.number is not None:
            last_number[h.style] = h.number  # numbering may run on across sections (6、 under 二、)
        h.level = len(stack) + 1
        (stack[-1].children if stack else roots).append(h)
        stack.append(h)
    _set_ends(roots, text_end)
    return roots, flags


def _check_number(previous: Heading, h: Heading, flags: list[dict]) -> None:
    a, b = previous.number, h.number
    if a is None or b is None:
        return
    if b == a + 1:
        return
    if b == 1:
        flags.append(
            _flag("outline_restart", f"{h.marker} restarts the list after {previous.marker}", h)
        )
    elif b > a + 1:
        flags.append(
            _flag("outline_skip", f"{h.marker} follows {previous.marker}: {b - a - 1} missing", h)
        )
    else:
        flags.append(_flag("outline_order", f"{h.marker} follows {previous.marker}", h))


def _flag(kind: str, detail: str, h: Heading) -> dict:
    return {"kind": kind, "detail": detail, "start": h.start, "end": h.start + len(h.heading)}


def _set_ends(nodes: list[Heading], end: int) -> None:
    for k, node in enumerate(nodes):
        node.end = nodes[k + 1].start - 1 if k + 1 < len(nodes) else end
        _set_ends(node.children, node.end)


def announced(paragraphs: list[str], offsets: list[int]) -> list[dict]:
    """Counts the speaker announces: {"count", "index", "start", "end", "text"}; count None for 几."""
    out: list[dict] = []
    for i, text in enumerate(paragraphs):
        if len(out) >= MAX_ANNOUNCEMENTS:
            break
        if "点" not in text and "个" not in text and "方面" not in text and "条" not in text:
            if "项" not in text and "件事" not in text:
                continue
        m = ANNOUNCE.search(text)
        if not m or len(text) > 120:
            continue
        n = m.group("n")
        out.append(
            {
                "count": None if n == "几" else cn_to_int(n),
                "index": i,
                "start": offsets[i] + m.start(),
                "end": offsets[i] + m.end(),
                "text": m.group(0).rstrip("：:。！!，, "),
            }
        )
    return out


def check_announced(
    announcements: list[dict], headings: list[Heading], roots: list[Heading]
) -> list[dict]:
    """Compare each announced count with the list that follows it (within three paragraphs)."""
    flags = []
    for a in announcements:
        following = [h for h in headings if a["index"] < h.index <= a["index"] + 3]
        if not following:
            continue
        first = following[0]
        siblings = _siblings(first, roots)
        found = siblings[siblings.index(first) :]
        found = [h for h in found if h.style == first.style]
        a["found"] = len(found)
        if a["count"] is not None and a["count"] != len(found):
            flags.append(
                {
                    "kind": "announced_count",
                    "detail": f"announced {a['count']} ({a['text']}), found {len(found)}",
                    "start": a["start"],
                    "end": a["end"],
                }
            )
    return flags


def _siblings(node: Heading, roots: list[Heading]) -> list[Heading]:
    todo = [roots]
    while todo:
        level = todo.pop()
        if node in level:
            return level
        todo.extend(h.children for h in level)
    return [node]


def outline(paragraphs: list[str], offsets: list[int] | None = None, text_end: int | None = None):
    """(tree as list of Heading, flat headings, flags, announcements) for the paragraphs."""
    offsets = offsets if offsets is not None else paragraph_offsets(paragraphs)
    if text_end is None:
        text_end = (offsets[-1] + len(paragraphs[-1])) if paragraphs else 0
    headings = find_headings(paragraphs, offsets)
    cut = _truncated(headings, text_end)
    if cut:  # the outline ends where the first heading left out begins
        headings = headings[:MAX_HEADINGS]
    roots, flags = build_tree(headings, cut["start"] - 1 if cut else text_end)
    announcements = announced(paragraphs, offsets)
    flags += check_announced(announcements, headings, roots)
    top_styles = {r.style for r in roots}
    root_starts = {r.start for r in roots}  # a set: a list per flag was flags × roots
    went_back = any(
        f["kind"] in ("outline_restart", "outline_order") and f["start"] in root_starts
        for f in flags
    )
    if (
        roots
        and roots[0].style not in ("cn_dun", "di", "refrain")
        and (went_back or len(top_styles) > 1)
    ):
        flags.append(
            {
                "kind": "outline_missing_level1",
                "detail": f"top level starts with {roots[0].marker} and restarts or mixes styles:"
                " level-1 markers lost",
                "start": roots[0].start,
                "end": roots[0].start + len(roots[0].heading),
            }
        )
    if cut:
        flags.append(cut)
    return roots, headings, flags, announcements


def _truncated(headings: list[Heading], text_end: int) -> dict | None:
    """The outline_truncated flag, from the first heading left out to the end, if any is."""
    if len(headings) <= MAX_HEADINGS:
        return None
    first = headings[MAX_HEADINGS]
    return {
        "kind": "outline_truncated",
        "detail": f"{len(headings)} headings, the first {MAX_HEADINGS} kept",
        "start": first.start,
        "end": max(first.start, text_end),
    }
