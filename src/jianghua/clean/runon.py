"""Cut run-on lines at their paragraph marks.

Why this exists: scrapers often write a whole article as one line, its paragraphs marked only by
the indent that began each of them ("　　", two ideographic spaces, or a run of spaces). Kept whole,
such a line is one paragraph holding the caption, the news lead, the title, the salutation and the
speech: nothing after it could tell them apart. Each piece becomes a line of its own, with the
same source line and its columns in it, so provenance stays exact; the cut is one edit per line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jianghua.records import Edit, Line, Page

# Two or more ideographic or em spaces (the indent of a paragraph: "　　", or "&emsp;&emsp;" as
# Xinhua's pages write it), or four or more spaces / nbsp.
# Between Chinese characters, two or three spaces mark a paragraph too: a crawler's text of a WeChat
# article, its blocks joined by "  " (c12f_scnu_2023_graduation_ceremony_president_speech.txt)
_MARK = re.compile(
    r"[\u3000\u2002\u2003]{2,}|[\u3000\u2002\u2003 \xa0]{4,}"
    r"|(?<=[\u4e00-\u9fff。！？!?，、；：”’）)》】])[ \xa0]{2,3}(?=[\u4e00-\u9fff“‘（(《【\d#])"
)
MIN_CHARS = 200  # a line shorter than this is a paragraph, whatever its spacing
MIN_MARKS = 3  # marks needed before a line counts as run-on text
# A piece still this long has lost its paragraph marks altogether (a page dumped as one line, its
# paragraphs glued: "……新华社记者姚大伟摄新华社北京3月14日电政府工作报告——……各位代表：现在，
# ……"); even the longest paragraph of a work report is under half of it.
GLUED_CHARS = 2000
# Where glued text is cut: after a photo credit or a dateline (each what the page added in
# front), before a dateline, a salutation, or a section opener after the end of a sentence. The
# pieces are not the original paragraphs (those are lost) but each is one kind of text, as the
# next stages need. The words as a Simplified or a Traditional page writes them: cutting comes
# before conversion.
_AGENCY = r"(新[华華]社|中新社|本[报報]|新[华華][网網]|人民[网網])"
_DATELINE = _AGENCY + r"[^，。、\s]{0,10}\d{1,2}\s*月\s*\d{1,2}\s*日\s*[电電]"
_ADDRESS = r"(各位代表|同志[们們]|各位委[员員]|女士[们們]|同[学學][们們]|老[师師][们們]|朋友[们們])"
_CUT_AFTER = re.compile(
    r"[记記]者\s?[\u4e00-\u9fff·]{2,3}\s?[摄攝](?=\S)|" + _DATELINE + r"[)）]?\s*(?=\S)"
)
_CUT_BEFORE = re.compile(
    _DATELINE
    + r"|(?<=[。！？!?：:])"
    + _ADDRESS
    + r"[，,、：:]"
    + r"|(?<=[\u4e00-\u9fff])各位代表[：:]"
    + r"|(?<=[。！？!?])(——|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
)
# What a news site glues after the speech's last words on a run-on page, at any length:
# "谢谢大家。（新华网海南博鳌3月28日电）<a href=…>原标题：习近平：…"
_TRAILER = re.compile(r"[（(]" + _DATELINE + r"[）)]|<a\s+href|原[标標][题題]\s*[:：]")


# A speech's header glued into one string on a run-on page, ahead of its body: "在纪念…座谈会上的
# 讲话（2025年11月20日）习近平同志们，朋友们：", "…的讲话（2024年5月6日，巴黎）中华人民共和国主
# 席　习近平". The date in brackets closes the title; a salutation soon after it opens the body,
# and what lies between is the speaker's line. Only where the bracket comes before any sentence
# end (a title, not a body's citation of a date).
_HEADER_DATE = re.compile(
    r"[（(]\s*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^（）()。！？]{1,24}[）)]"
)
HEADER_DATE_WITHIN = 120  # the longest title seen ahead of such a bracket is ~60 chars
_SALUTATION = re.compile(
    r"(尊敬的|亲爱的|同志[们們]|女士[们們]|先生[们們]|朋友[们們]|各位|[总總]统先生|主席先生"
    r"|同[学學][们們]|老[师師][们們])"
)
SPEAKER_WITHIN = 30  # an office and a name
LEAD_CHARS = 600  # clean.noise reads a line up to this long opening with a dateline as a news lead
_DATELINE_START = re.compile(r"\s*" + _DATELINE + r"[\s\u3000]*")
_SENTENCE_END = re.compile(r"[。！？!?]")
# In a piece of run-on text, what a page's blocks left when its text was flattened: a gap of two
# spaces or more ("…阅读下一篇：", "新闻链接 …" after "【责任编辑:张樵苏】  "), a widget's bracket
# after a space ("2025年11月27日 【纠错】"), and the signature glued after the last sentence
# ("……浓厚氛围。习近平2025年11月27日", a 贺信 as news.cn prints it)
_BLOCK_GAP = re.compile(r"(?<=\S)[ \xa0]{2,}(?=\S)|(?<=\S)[ \xa0](?=【)")
_GLUED_SIGNATURE = re.compile(
    r"(?<=[。！？!?])(?=[\u4e00-\u9fff]{2,4}[ \u3000]?(\d{4}|[〇○零一二三四五六七八九]{4})\s*年"
    r"[^。！？]{1,12}日)"
)
SIGNATURE_WITHIN = 40  # from the end of the piece
_GLUED_ADDRESS = re.compile(
    r"(?<=[。！？!?])(尊敬的|亲爱的)[^。！？!?：:]{2,40}[：:]"
    r"|(?<=[。！？!?])" + _ADDRESS + r"[，,、][^。！？!?：:]{0,30}[：:]"
)
_GLUED_THANKS = re.compile(r"(谢谢大家|谢谢各位|谢谢)[！!。](?=[^\s”’）)])")


def _header_cuts(text: str) -> list[int]:
    """Where a glued header (title, bracketed date, speaker) at the start of `text`, or just after
    its dateline, is cut from what follows it."""
    dateline = _DATELINE_START.match(text)
    start = dateline.end() if dateline else 0
    m = _HEADER_DATE.search(text, start, start + HEADER_DATE_WITHIN + 40)
    if (
        not m
        or m.start() - start > HEADER_DATE_WITHIN
        or _SENTENCE_END.search(text, start, m.start())
    ):
        return []
    cuts = [m.start(), m.end()]
    salutation = _SALUTATION.search(text, m.end(), m.end() + SPEAKER_WITHIN)
    if salutation and salutation.start() > m.end():
        cuts.append(salutation.start())
    return cuts


def _cut_glued(line: Line, run_on: bool = False) -> list[Line]:
    """A piece of a run-on line cut where a trailer is glued to it and, when it is GLUED_CHARS or
    more, at the glue points (see _CUT_AFTER, _CUT_BEFORE), columns kept. A piece of a line
    that had paragraph marks (`run_on`) is glued text whatever its length: its photo credit,
    dateline and header are cut off too."""
    text = line.text
    found = [m.start() for m in _TRAILER.finditer(text)]
    if run_on or len(text) >= GLUED_CHARS:
        found += [m.end() for m in _CUT_AFTER.finditer(text)]
        found += _header_cuts(text)
    if run_on:
        found += [m.end() for m in _BLOCK_GAP.finditer(text)]
        # a speech glued inside a story's block: its address opens it, its thanks close it
        # ("……回忆在学校打卡华师食堂的网红菜肴。亲爱的同学们、各位老师、各位家长：大家上午好！",
        # "……谢谢大家！向下滑动查看完整发言")
        found += [m.start() for m in _GLUED_ADDRESS.finditer(text)]
        found += [m.end() for m in _GLUED_THANKS.finditer(text)]
        found += [
            m.start()
            for m in _GLUED_SIGNATURE.finditer(text, max(0, len(text) - SIGNATURE_WITHIN - 20))
        ]
    if len(text) >= GLUED_CHARS:
        found += [m.start() for m in _CUT_BEFORE.finditer(text)]
    cuts = sorted({c for c in found if 0 < c < len(text)})
    if not cuts:
        return [line]
    return _pieces(line, list(zip([0, *cuts], [*cuts, len(text)], strict=True)))


def _pieces(line: Line, spans: list[tuple[int, int]]) -> list[Line]:
    """The non-blank pieces text[start:end] of `line`, stripped, their columns in the source line
    (the last piece ends where the line did)."""
    out = []
    for start, end in spans:
        piece = line.text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            stop = line.col + end if end < len(line.text) else line.end
            out.append(replace(line, text=piece.strip(), col=line.col + start + lead, end=stop))
    return out


def cut_line(line: Line) -> list[Line]:
    """The pieces of a run-on line between its paragraph marks (the line itself otherwise), a
    piece that is still glued text cut at its glue points. A dateline opening a line of any
    length is cut off it ("新华社北京11月14日电中共中央政治局常委……"): what the agency adds. A
    shorter line is left whole: it is a news lead, removed as such by clean.noise."""
    text = line.text
    dateline = _DATELINE_START.match(text) if len(text) > LEAD_CHARS else None
    if dateline and text[dateline.end() :].strip():
        head, rest = _pieces(line, [(0, dateline.end()), (dateline.end(), len(text))])
        return [head, *cut_line(rest)] if rest.text != text else [line]
    if len(text) < MIN_CHARS:
        return [line]
    marks = [m for m in _MARK.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if len(marks) < MIN_MARKS:
        return _cut_glued(line)
    starts = [0, *(m.end() for m in marks)]
    ends = [*(m.start() for m in marks), len(text)]
    return [
        cut
        for piece in _pieces(line, list(zip(starts, ends, strict=True)))
        for cut in _cut_glued(piece, run_on=True)
    ]


def split_run_on(page: Page) -> Page:
    """The page with every run-on line cut into its paragraphs."""
    if not any(len(line.text) >= MIN_CHARS for line in page.lines):
        return page
    lines: list[Line] = []
    edits: list[Edit] = []
    for line in page.lines:
        pieces = cut_line(line)
        if len(pieces) > 1:
            after = "\n".join(p.text for p in pieces)
            reason = "run-on line cut at its paragraph marks (or, glued, its sentence marks)"
            edits.append(Edit("split", line.source_line, line.text, after, reason))
        lines += pieces
    return page.with_lines(lines, edits) if edits else page
