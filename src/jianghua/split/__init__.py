"""Split a cleaned page into speeches, each with its source line range and header block."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from jianghua.clean.noise import HANDOVER
from jianghua.records import Edit, Line, Page, Paragraph, Speech
from jianghua.split.cues import is_salutation
from jianghua.split.header import (
    split_glued_date,
    split_own_toc,
    split_trailing_date,
    split_trailing_note,
    split_trailing_signature,
)
from jianghua.split.layout import (
    blank_separated,
    blocks,
    collection_titles,
    find_items,
    find_toc,
    toc_of_items,
    toc_start,
)
from jianghua.split.roles import speech_parts
from jianghua.split.segment import segment
from jianghua.split.titles import assign_titles
from jianghua.text import chinese_number

__all__ = ["split_page"]


def _chunks(page: Page) -> list[tuple[list[Line], str | None, str | None, str | None]]:
    """The page cut by its layout: (lines, title, title_source, item label) per chunk."""
    records = page.meta.get("records")
    if records:
        return _record_chunks(list(page.lines), records)
    return _layout_chunks(list(page.lines))


def _layout_chunks(
    lines: list[Line],
) -> list[tuple[list[Line], str | None, str | None, str | None]]:
    items = find_items(lines)
    if items:
        # one title over every item names the collection, unless the items are copies of one
        # speech (a 范文 page repeating it: constructed_08_repeat.txt), whose title it is
        untitled = collection_titles(items) and not _copies(lines, items)
        out = []
        # The lines before the first item: the page's own text, unless they are the items' table
        # of contents (which, as for a table over untitled bodies, is no speech's text).
        before = lines[: items[0].index]
        head: list[Line] = []
        if before and not toc_of_items(before, items):
            start = toc_start(before, items)  # a book's contents listing more than the page holds
            own = before if start is None else before[:start]
            if own and not any(_SENTENCE.search(x.text) for x in own):
                # the collection's title and date line ("关于农业互助合作的两次谈话 / (一九五三年
                # 十月十五日、十一月四日)"): a header, the first item's, not a speech of their own
                head = own
            elif own:
                out.append((own, None, None, None))
        for k, item in enumerate(items):
            end = items[k + 1].index if k + 1 < len(items) else len(lines)
            title = None if untitled or not item.title else item.title
            chunk = (head if k == 0 else []) + lines[item.index + 1 : end]
            out.append((chunk, title, "item" if title else None, item.label))
        return out
    toc = find_toc(lines)
    if toc:
        # Bodies are matched to titles by order. Sites sometimes lose the blank lines between two
        # bodies (seed 002 lines 131-133), so every speech the segmenter finds counts as a body.
        body = lines[toc.end :]
        min_blanks = 2 if blank_separated(body) else 1
        out = [(lines[: toc.start], None, None, None)]
        bodies = [part for block in blocks(body, min_blanks) for part in segment(block)]
        for k, part in enumerate(bodies):
            title = toc.titles[k] if k < len(toc.titles) else None
            out.append((part, title, "toc" if title else None, f"{k + 1}" if title else None))
        return out
    return [(lines, None, None, None)]


# a sentence: what a collection's own header (title, date line) never holds
_SENTENCE = re.compile(r"[^。！？!?]{12,}[。！？!?]")
# "十月十五日的谈话", "七月二十三日讲话——…": an item named by its day; the year is the collection's
_ITEM_DAY = re.compile(
    r"^[(（]?(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<d>\d{1,3}|[一二三四五六七八九十]{1,3})日"
)
_YEAR = re.compile(r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年")
_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def _date_day_items(page: Page, speeches: list[Speech]) -> None:
    """An item titled by its day ("十月十五日的谈话") under a collection's dated header is dated
    by that day of the header's year (structure.meta reads `item_date`)."""
    items = [s for s in speeches if s.item and s.title and _ITEM_DAY.match(s.title)]
    if len(items) < 2:
        return
    year = None
    for line in page.lines:
        if line.source_line >= items[0].first_line:
            break
        m = _YEAR.search(line.text) if len(line.text) <= 80 else None
        if m:
            year = int(m.group("y").translate(_YEAR_DIGITS))
            break
    if year is None:
        return
    for speech in items:
        m = _ITEM_DAY.match(speech.title)
        month, day = chinese_number(m.group("m")), chinese_number(m.group("d"))
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            speech.meta["item_date"] = f"{year:04d}-{month:02d}-{day:02d}"


def _record_of(records: list[dict], starts: list[int], line: int) -> dict | None:
    """The record whose block holds `line` (records are in line order; `starts` their firsts)."""
    k = bisect_right(starts, line) - 1
    return records[k] if k >= 0 and line <= records[k]["last"] else None


def _record_chunks(lines: list[Line], records: list[dict]):
    """A crawler's records (jianghua.sources.records): each its own chunk, titled by its title
    field; a record holding several speeches is still cut by the segmenter. One pass over the
    lines: a crawl holds records by the hundred thousand."""
    starts = [r["first"] for r in records]
    bodies: dict[int, list[Line]] = {}
    title_lines: dict[int, str] = {}  # as the page has them: converted to Simplified
    for ln in lines:
        record = _record_of(records, starts, ln.source_line)
        if record is not None and ln.source_line == record.get("title_line"):
            title_lines[record["index"]] = ln.text.strip()
        elif record is not None:
            bodies.setdefault(record["index"], []).append(ln)
    out = []
    for record in records:
        chunks = _layout_chunks(bodies.get(record["index"], []))  # a 范文 page of several
        title = title_lines.get(record["index"]) or record.get("title")
        if title and len(chunks) == 1 and chunks[0][1] is None:
            chunks = [(chunks[0][0], title, "record", chunks[0][3])]
        out += chunks
    return out


def _attach_records(page: Page, speeches: list[Speech]) -> None:
    """Each speech of a crawler's record knows the record (its index and line in the file, its
    url) and the date the record gives, which structure.meta reads as such."""
    records = page.meta.get("records") or []
    starts = [r["first"] for r in records]
    for speech in speeches if records else ():
        record = _record_of(records, starts, speech.first_line)
        if record is None:
            continue
        speech.meta["record"] = {
            k: record[k] for k in ("index", "file_line", "url") if record.get(k) is not None
        }
        if record.get("date"):
            speech.meta["record_date"] = record["date"]


def _copies(lines: list[Line], items) -> bool:
    """Every item opens on the same three lines."""
    openings = set()
    for k, item in enumerate(items):
        end = items[k + 1].index if k + 1 < len(items) else len(lines)
        said = ["".join(x.text.split()) for x in lines[item.index + 1 : end] if x.text.strip()]
        openings.add(tuple(said[:3]))
    return len(openings) == 1


def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    return [Paragraph.of_line(line) for line in lines if line.text.strip()]


# a story's sentence reporting the speech right above its address: "律政司司长郑若骅在2019年法律
# 年度开启典礼致辞时，提及……" over "终审法院首席法官、各位……："
_REPORTING = re.compile(
    r"(致辞|讲话|发言|演讲|演辞)时[，,]|发表[^，。]{0,10}(讲话|致辞|演讲)|出席[^。]{0,40}并(致辞|讲话)"
)


def _story_and_text(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(the story above a speech's full text, the lines that introduce it, the rest): a story
    that hands over with "以下是…全文：", or a sentence reporting the speech right above its
    address. Nothing is cut when neither is there."""
    said = [k for k, line in enumerate(lines) if line.text.strip()]
    for n, k in enumerate(said):
        text = lines[k].text.strip()
        after = said[n + 1 :]
        # "以下是…致辞全文：" under a story too long for clean.noise to take as a lead: cut off here
        if HANDOVER.match(text) and n >= 1 and len(after) >= 3:
            return lines[:k], [lines[k]], lines[k + 1 :]
        if (
            n <= 2
            and after
            and len(text) <= 300
            and _REPORTING.search(text)
            and not is_salutation(text)
            and is_salutation(lines[after[0]].text.strip())
        ):
            # what stands above the lead (the headline) is the speech's header with it
            return [], lines[: k + 1], lines[k + 1 :]
    return [], [], lines


def split_page(page: Page) -> list[Speech]:
    """Speeches found on the page, in page order, paragraphs one per source line (not yet repaired)."""
    speeches: list[Speech] = []
    for chunk, title, title_source, item in _chunks(page):
        story, intro, lines = _story_and_text(chunk)
        parts = speech_parts(story) if any(x.text.strip() for x in story) else []
        titled = len(parts)  # the chunk's title is the speech's, not the story's above it
        parts += [
            (intro + h if k == 0 else h, p) for k, (h, p) in enumerate(speech_parts(lines, title))
        ]
        for k, (header, part) in enumerate(parts):
            toc, part = split_own_toc(part)
            glued, part = split_glued_date(part)
            header = header + toc
            note, part = split_trailing_note(part)
            signed, part = split_trailing_date(part)
            signature, part = split_trailing_signature(part)
            header = header + glued + signature + signed
            paragraphs = _paragraphs(part)
            if not paragraphs:
                continue
            speech = Speech(
                source=page.name,
                source_sha256=page.sha256,
                paragraphs=paragraphs,
                title=title if k == titled else None,
                title_source=title_source if k == titled else None,
                header=header,
                item=item,
                script=page.script,
            )
            for line in note:  # kept as the editor's note it is, with its line
                reason = "editor's note on the text"
                speech.edits.append(Edit("noise", line.source_line, line.text, "", reason))
                speech.meta["editor_note"] = line.text.strip()
            speeches.append(speech)
    if page.meta.get("turn_speaker"):  # a record of proceedings: the role who held the floor
        for speech in speeches:
            speech.meta["turn_speaker"] = page.meta["turn_speaker"]
    _attach_line_meta(page, speeches)
    _attach_records(page, speeches)
    _date_day_items(page, speeches)
    assign_titles(page, speeches)
    _check_announced(page, speeches)
    return speeches


def _check_announced(page: Page, speeches: list[Speech]) -> None:
    """A page that announces N texts ("精选16篇") is checked against what was found: its items,
    else its speeches. A mismatch is flagged on every speech of the page, never corrected."""
    announced = page.meta.get("announced")
    if not announced or not speeches:
        return
    items = {s.item for s in speeches if s.item}
    found = len(items) if items else len(speeches)
    if found != announced:
        for speech in speeches:
            speech.flags.append("announced_count")
            speech.meta["announced"] = {"count": announced, "found": found}


def _attach_line_meta(page: Page, speeches: list[Speech]) -> None:
    """Article metadata removed as noise ("发表时间:… 来源:…") describes the speech below it: each
    speech takes the values of the lines between the previous speech's end and its start (in the
    order they were found, a later line's value winning). The lines are bisected per speech: a
    page of many speeches each under such a line took a scan of every line per speech."""
    line_meta = page.meta.get("line_meta", {})
    if not line_meta:
        return
    found = sorted(
        (
            (int(line_no), order, values)
            for order, (line_no, values) in enumerate(line_meta.items())
        ),
        key=lambda e: e[:2],
    )
    lines = [line for line, _, _ in found]
    previous_end = 0
    for speech in speeches:
        first, last = bisect_right(lines, previous_end), bisect_left(lines, speech.first_line)
        for _, _, values in sorted(found[first:last], key=lambda e: e[1]):
            speech.meta.update(values)
        previous_end = speech.last_line
    # what was removed from within a speech's lines describes it: a run-on page's pieces share
    # their source line (a crawl's record of one line: "※这是习近平总书记2025年6月30日在…讲话的
    # 主要部分。" glued under the text)
    for speech in speeches:
        first, last = bisect_left(lines, speech.first_line), bisect_right(lines, speech.last_line)
        for _, _, values in sorted(found[first:last], key=lambda e: e[1]):
            for key, value in values.items():
                speech.meta.setdefault(key, value)
    # what stands below the last speech ("作者：…" under a memorial page's speech, "来源：…" after
    # an article) describes it, where nothing above said otherwise
    if speeches:
        for _, _, values in sorted(found[bisect_right(lines, previous_end) :], key=lambda e: e[1]):
            for key, value in values.items():
                speeches[-1].meta.setdefault(key, value)
