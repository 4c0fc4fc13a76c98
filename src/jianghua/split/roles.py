"""Line roles of a block of speech text, decided together over the whole sequence.

Why this exists: the first version cut a block wherever one cue fired (a salutation with a colon, a
line after a closing, a header line). On real pages that cut single speeches apart: the header
block of a news page ("——在…上的讲话" / "（2013年3月23日）" / "中华人民共和国主席 习近平") became a
speech of its own, a salutation of several lines ("尊敬的X总统，" / "各位议员，") was split off, a
toast in the middle ("祝中马友谊万古长青！") ended the speech, and every "各位代表：" of a government
work report began a new one. A cue is evidence, not a decision: here each line gets a score for
each role from its own features and its neighbours', each pair of successive roles a score for how
well they follow each other, and the best sequence (Viterbi, linear in the number of lines) is
taken. Speeches are then read off the roles: [header] [salutation] body [closing] [trailer].

Roles: HEADER (title, subtitle, date line, speaker line above a speech), SALUTATION, BODY, CLOSING
(thanks, wishes, toasts), TRAILER (what follows a speech's last words: an office and date, notes),
and NEW (the first body line of a speech that has no header or salutation: a compilation running
bodies together). Scores are hand-set log-odds, measured on the seeds and the labelled real
corpus (tests/real, bench/real.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianghua.records import Line
from jianghua.split.cues import (
    is_closing,
    is_exhortation,
    is_opening,
    is_salutation,
    plain,
    states_meeting_purpose,
)
from jianghua.split.header import (
    DATE,
    SHORT_TITLE,
    is_date_line,
    is_greeting,
    is_header_line,
    is_speaker_line,
    is_subtitle,
    is_title_line,
    is_title_text,
    no_space,
)
from jianghua.text import is_heading

HEADER, SALUTATION, BODY, CLOSING, TRAILER, NEW = range(6)
NEG = -1e9

# Transition scores: TRANSITION[a][b] for a line of role b after a line of role a. Going from a
# speech's body, closing or trailer to a header, a salutation or NEW starts the next speech.
_T = {
    HEADER: {HEADER: 0.0, SALUTATION: 0.0, BODY: 0.0, CLOSING: -3.0, TRAILER: NEG, NEW: NEG},
    SALUTATION: {HEADER: NEG, SALUTATION: 0.0, BODY: 0.0, CLOSING: -3.0, TRAILER: NEG, NEW: NEG},
    BODY: {HEADER: -4.0, SALUTATION: -3.0, BODY: 0.0, CLOSING: 0.0, TRAILER: -2.0, NEW: -5.0},
    CLOSING: {HEADER: -0.5, SALUTATION: -0.5, BODY: -1.5, CLOSING: 0.0, TRAILER: 0.0, NEW: -1.0},
    TRAILER: {HEADER: -0.5, SALUTATION: -0.5, BODY: NEG, CLOSING: NEG, TRAILER: 0.0, NEW: -1.0},
}
_T[NEW] = _T[BODY]
TRANSITION = [[_T[a][b] for b in range(6)] for a in range(6)]
START = [0.0, 0.0, 0.0, -3.0, NEG, NEG]
STARTS_SPEECH = {HEADER, SALUTATION, NEW}
_PURPOSE_AFTER = 3  # lines of text after which a statement of the meeting's purpose starts anew

# "尊敬的X总统，" / "各位议员，" / "女士们，先生们，朋友们：": one line of a salutation of several.
_ADDRESS_PART = re.compile(
    r"^(尊敬的|亲爱的|各位|全体)?[^。！？!?；;]{0,36}"
    r"(们|位|宾|领导|同志|朋友|代表|同仁|委员|议员|总统|主席|总理|议长|阁下|先生|女士|校长|院长|部长|"
    r"大使|殿下|陛下|首相|书记|市长|县长|省长|老师|同学|家长|嘉宾|来宾|乡亲|负责人|成员|首脑|元首|使节|"
    r"人士|同事|同胞|校友|师生|员工|职工|干部|群众)[，,、：:！!]?$"
    # "尊敬的…，" / "各位…，": a line of address, whatever noun it ends on
    r"|^(尊敬的|亲爱的|各位)[^。！？!?；;]{1,36}[，,、]$"
)
# The last words for certain: thanks, "最后，祝…", "我就讲这些". A toast without them ("祝中马友谊
# 万古长青！") may stand in the middle of a speech.
_FINAL = re.compile(
    r"谢谢|感谢(大家|各位)|讲话到此结束|就讲(这些|到这里|这么多)|^(最后|在此|再次)[，,、]?\s*祝"
)
_ADDRESSED = re.compile(r"^(尊敬的|亲爱的|各位|同志们|朋友们|女士们|先生们|同学们|老师们|代表们)")
_OFFICE_DATE_END = re.compile(rf"^[\S ]{{0,30}}[(（]?{DATE}[)）]?$")
# A trailer: a note on the speech in brackets ("（这是…的讲话）", "（根据录音整理）", "（新华社…电）")
_NOTE = re.compile(r"^[(（【\[].{2,200}[)）】\]]$")


@dataclass(slots=True)
class _Features:
    text: str
    salutation: bool
    address_part: bool
    closing: bool
    thanks: bool
    header: bool
    title_like: bool
    heading: bool
    opening: bool
    purpose: bool
    exhortation: bool
    note: bool
    long: bool


def _features(text: str, title: str | None) -> _Features:
    s = plain(text)
    n = len(s)
    if n > 200:  # a paragraph: none of the short-line roles can apply (most lines of a page)
        return _Features(
            s, False, False, False, False, False, False, is_heading(s), False,
            states_meeting_purpose(s), is_exhortation(s), False, True,
        )  # fmt: skip
    closing = n <= 160 and is_closing(s)
    heading = is_heading(s)
    return _Features(
        text=s,
        salutation=n <= 60 and is_salutation(s),
        address_part=3 <= n <= 40 and bool(_ADDRESS_PART.match(s)),  # "们" alone addresses no one
        closing=closing,
        thanks=closing and bool(_FINAL.search(s)),
        header=n <= 80 and (is_header_line(s, title) or is_speaker_line(s) or is_subtitle(s)),
        # a title may hold a comma; an address ("同志们，朋友们！") is no title
        title_like=n <= 60
        and (is_title_line(s) or (is_title_text(s) and not _ADDRESSED.match(s)))
        and not heading
        and not is_greeting(s),
        heading=heading,
        opening=False,  # computed where it can matter (after a closing): see _emissions
        # "这次会议的任务是：" introduces a list of the speech under way, never opens one
        purpose=states_meeting_purpose(s) and s[-1:] not in "：:",
        exhortation=is_exhortation(s),
        note=bool(_NOTE.match(s)) or (n <= 60 and bool(_OFFICE_DATE_END.match(s))),
        long=n > 60,
    )


def _emissions(feats: list[_Features], first_salutation: list[str | None]) -> list[list[float]]:
    """Score of each role for each line, from its features and its neighbours'."""
    out = []
    since_start, count = [], 0
    for f in feats:  # lines since the last salutation or closing, whatever the roles become
        since_start.append(count)
        count = 0 if (f.salutation or f.closing or f.exhortation) else count + 1
    n = len(feats)
    signed = _signature_tail(feats)
    for i, f in enumerate(feats):
        nxt = feats[i + 1] if i + 1 < n else None
        prev = feats[i - 1] if i > 0 else None
        # An opening sentence starts a speech only after another one's last words (from a body
        # line, NEW cannot win on an opening alone): tested only there, as it is costly.
        if prev is not None and (prev.closing or prev.exhortation or prev.note):
            f.opening = is_opening(f.text)
        if nxt is not None and f.salutation:
            nxt.opening = nxt.opening or is_opening(nxt.text)
        e = [0.0] * 6
        # HEADER: a header line; a title-like line when more header follows it
        # "牵挂" over "——在2009届毕业生典礼上的讲话": a title of two words, not a name signing
        # what stands above it
        short_title = nxt is not None and bool(SHORT_TITLE.match(f.text)) and is_subtitle(nxt.text)
        if short_title:
            e[HEADER] = 4.0
        elif f.header and not f.salutation:
            e[HEADER] = 2.0
        elif f.title_like and nxt is not None and (nxt.header or nxt.salutation):
            e[HEADER] = 1.5
        elif f.title_like and i == 0:
            e[HEADER] = 0.5
        else:
            e[HEADER] = -6.0
        # SALUTATION: a full salutation, or a line of one spread over several lines
        if f.salutation:
            e[SALUTATION] = 3.5
            # the speaker addressing the same audience again (各位代表： before each part of a
            # work report) is one speech going on; another audience, or an opening, a new one
            if first_salutation[i] is not None and first_salutation[i] == f.text:
                e[SALUTATION] -= 3.0
            if nxt is not None and (nxt.opening or nxt.purpose):
                e[SALUTATION] += 1.5
        elif f.address_part and (
            (nxt is not None and (nxt.salutation or nxt.address_part))
            or (prev is not None and (prev.salutation or prev.address_part))
        ):
            e[SALUTATION] = 2.0
        else:
            e[SALUTATION] = -6.0
        # BODY: any text; lines that look like something else a little less
        body = -1.5 if (f.salutation or (f.header and not f.long)) else 0.0
        e[BODY] = body - (3.0 if prev is not None and prev.thanks else 0.0)  # after "谢谢大家！"
        # CLOSING
        # a closing call to the audience ("同志们，让我们…努力奋斗！") ends a speech as well
        e[CLOSING] = (3.0 if f.thanks else 1.5) if f.closing else 1.0 if f.exhortation else -5.0
        if f.closing and nxt is not None and not (nxt.closing or nxt.header or nxt.note):
            # a toast or wish with the speech going on after it is the speech's text
            e[CLOSING] -= 0.5
        # TRAILER: a bracketed note or an office-and-date line after the last words
        e[TRAILER] = 1.0 if (f.note or (f.header and not f.long)) and not short_title else -6.0
        if i in signed:  # "张扣扣委托辩护人 / 京衡律师上海事务所 / 邓学平律师 / 二〇一九年一月八日"
            e[TRAILER], e[NEW], e[HEADER] = 2.0, -6.0, -6.0
        # NEW: a body line that opens a speech by itself
        # a speech states its meeting's purpose once, near its start: several paragraphs after
        # the last salutation or closing, such a statement opens the next speech
        if f.purpose:
            e[NEW] = body + (5.5 if since_start[i] >= _PURPOSE_AFTER else 2.5)
        else:
            e[NEW] = body + (1.5 if f.opening else -1.0)
        if prev is not None and prev.exhortation and f.opening:
            e[NEW] += 2.0
        out.append(e)
    return out


SIGNATURE_LINES_MAX = 5


def _signature_tail(feats: list[_Features]) -> set[int]:
    """The lines after a speech's last words that sign it and end the block: a few short lines
    without a sentence (who signs, his firm or office), the last of them a date."""
    n = len(feats)
    for i in range(n - 1, max(-1, n - SIGNATURE_LINES_MAX - 2), -1):
        if feats[i].closing or feats[i].exhortation:
            tail = range(i + 1, n)
            if not 2 <= len(tail) <= SIGNATURE_LINES_MAX or not is_date_line(feats[-1].text):
                return set()
            if all(
                len(feats[k].text) <= 24 and not _SENTENCE_END.search(feats[k].text) for k in tail
            ):
                return set(tail)
            return set()
    return set()


def _first_salutations(feats: list[_Features]) -> list[str | None]:
    """For each line, the first salutation seen before it (a rough 'the current audience')."""
    out: list[str | None] = []
    first = None
    for f in feats:
        out.append(first)
        if f.salutation and first is None:
            first = f.text
    return out


def decide(lines: list[Line], title: str | None = None) -> list[int]:
    """The role of every non-blank line (blank lines get the role of the line before them)."""
    idx = [k for k, line in enumerate(lines) if line.text.strip()]
    if not idx:
        return [BODY] * len(lines)
    feats = [_features(lines[k].text, title) for k in idx]
    emit = _emissions(feats, _first_salutations(feats))
    n = len(feats)
    score = [START[r] + emit[0][r] for r in range(6)]
    back: list[list[int]] = []
    for i in range(1, n):
        row = emit[i]
        new_score, ptr = [NEG] * 6, [0] * 6
        for b in range(6):
            best, arg = NEG, 0
            for a in range(6):
                v = score[a] + TRANSITION[a][b]
                if v > best:
                    best, arg = v, a
            new_score[b], ptr[b] = best + row[b], arg
        score = new_score
        back.append(ptr)
    role = max(range(6), key=lambda r: score[r])
    path = [role]
    for ptr in reversed(back):
        role = ptr[role]
        path.append(role)
    path.reverse()
    out = [BODY] * len(lines)
    last = BODY
    pos = 0
    for k in range(len(lines)):
        if pos < n and idx[pos] == k:
            last = path[pos]
            pos += 1
        out[k] = last
    return out


def speech_parts(
    lines: list[Line], title: str | None = None
) -> list[tuple[list[Line], list[Line]]]:
    """(header lines, text lines) of each speech in the block, in order. Text runs from the
    salutation (or first body line) to the closing and trailer; blank lines stay with the speech
    they follow. No line is lost: header lines with no speech after them end the last speech."""
    roles = decide(lines, title)
    parts: list[tuple[list[Line], list[Line]]] = []
    header: list[Line] = []
    text: list[Line] = []
    opened_by = None  # the role of the current speech's last non-blank text line
    for line, role in zip(lines, roles, strict=True):
        if not line.text.strip():
            if text:
                text.append(line)
            elif header:
                header.append(line)
            continue
        # a salutation of several lines does not start a speech at each line
        if role in STARTS_SPEECH and text and not (role == opened_by == SALUTATION):
            parts.append((header, text))
            header, text = [], []
        if role == HEADER and not text:
            header.append(line)
        else:
            text.append(line)
            opened_by = role
    if text:
        parts.append((header, text))
    elif parts:  # a header with no text under it: kept as the last speech's text
        parts[-1][1].extend(header)
    elif header:  # nothing but header-like lines: they are the text
        parts.append(([], header))
    parts = [(h, t) for h, t in parts if any(line.text.strip() for line in t)]
    return _join_preambles(_join_repeated_titles(_move_trailing_titles(parts)))


_SENTENCE_END = re.compile(r"[。！？!?；;]")
_NAME_ONLY = re.compile(r"^[\u4e00-\u9fff](?:[\s\u3000\xa0]{0,2}[\u4e00-\u9fff]){1,3}$")


def _untitled_header(header: list[Line]) -> bool:
    """A header of dates and names only (（一九七八年六月二日）, 邓小平): its title is elsewhere."""
    said = [x.text.strip() for x in header if x.text.strip()]
    return any(is_date_line(x) for x in said) and all(
        is_date_line(x) or is_speaker_line(x) or _NAME_ONLY.match(x) for x in said
    )


def _move_trailing_titles(
    parts: list[tuple[list[Line], list[Line]]],
) -> list[tuple[list[Line], list[Line]]]:
    """A title line ending one speech's text, set off by a blank line, above a header of only a
    date and a name is the next speech's title (dxp_excerpt_062_064.txt: 在全军政治工作会议上的讲话
    after the editor's note of the speech before)."""
    parts = [(list(h), list(t)) for h, t in parts]
    for k in range(len(parts) - 1):
        text = parts[k][1]
        next_header = parts[k + 1][0]
        if not _untitled_header(next_header):
            continue
        said = [i for i, x in enumerate(text) if x.text.strip()]
        if len(said) < 2:
            continue
        last = said[-1]
        line = text[last].text.strip()
        set_off = last > 0 and not text[last - 1].text.strip()
        if not set_off or _SENTENCE_END.search(line) or not is_title_text(line):
            continue
        if is_closing(line) or is_exhortation(line) or is_salutation(line):
            continue
        parts[k + 1] = (text[last:] + next_header, parts[k + 1][1])
        parts[k] = (parts[k][0], text[:last])
    return parts


def _repeats(title: str, other: str) -> bool:
    """The same title, or one the other with its subtitle (乘风破浪，逐梦扬帆——在……上的讲话)."""
    if title == other:
        return True
    shorter, longer = sorted((title, other), key=len)
    return len(shorter) >= 6 and longer.startswith(shorter)


PREAMBLE_MAX = 200  # characters: what stands between a page's top and a speech is short
# A news lead or caption reporting the event the speech was given at: "2月3日，宁夏回族自治区第十
# 三届人民代表大会第四次会议在银川开幕。自治区人民政府主席张雨浦作政府工作报告。"
_EVENT_LEAD = re.compile(
    r"^\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]"
    r".{0,120}(开幕|闭幕|召开|举行|作[^，。]{0,16}报告|发表[^，。]{0,16}(讲话|演讲|致辞))"
)
# ... or a photo's caption saying who gives it: "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿"
_GIVES_IT = re.compile(r"^[^，。；]{2,30}(作|发表)[^，。；]{0,16}(报告|讲话|演讲|致辞)[。.]")
CAPTION_MAX = 60


def _is_preamble(text: list[Line]) -> bool:
    """Lines that say nothing a speech says: titles, dates, menu and widget words (no sentence),
    or the news lead that reports the event; short, and no salutation among them."""
    said = [line.text.strip() for line in text if line.text.strip()]
    if not said or sum(len(x) for x in said) > PREAMBLE_MAX:
        return False
    if any(is_salutation(x) for x in said):
        return False
    return all(
        not _SENTENCE_END.search(x)
        or _EVENT_LEAD.match(x)
        or (len(x) <= CAPTION_MAX and _GIVES_IT.match(x))
        for x in said
    )


def _join_preambles(
    parts: list[tuple[list[Line], list[Line]]],
) -> list[tuple[list[Line], list[Line]]]:
    """A part of nothing but a preamble (see _is_preamble) right above a speech that opens on
    its salutation is that speech's header: a portal's breadcrumbs, title, date and font-size
    widget, or the report of the opening session, above "各位代表：" (prov2026_yunnan.txt,
    prov2026_ningxia.txt). From the end, so that several such parts join one speech."""
    out: list[tuple[list[Line], list[Line]]] = []
    for header, text in reversed(parts):
        if out:
            next_header, next_text = out[-1]
            opening = next((line.text.strip() for line in next_text if line.text.strip()), "")
            if is_salutation(opening) and _is_preamble(text):
                out[-1] = (header + text + next_header, next_text)
                continue
        out.append((header, text))
    return list(reversed(out))


def _join_repeated_titles(
    parts: list[tuple[list[Line], list[Line]]],
) -> list[tuple[list[Line], list[Line]]]:
    """A part whose text is only a title that the next part's header or first line repeats is
    that speech's header, not a speech: a portal prints the title above the article (<h2>) and
    the article repeats it over its body."""
    out: list[tuple[list[Line], list[Line]]] = []
    carried: list[Line] = []
    for k, (header, text) in enumerate(parts):
        header = carried + header
        carried = []
        said = [line for line in text if line.text.strip()]
        if k + 1 < len(parts) and 0 < len(said) <= 2 and all(is_title_text(x.text) for x in said):
            following = [x for x in parts[k + 1][0] if x.text.strip()]
            following += [x for x in parts[k + 1][1] if x.text.strip()][:1]
            seen = [no_space(x.text) for x in following]
            if any(_repeats(no_space(x.text), other) for x in said for other in seen):
                carried = header + text
                continue
        out.append((header, text))
    return out
