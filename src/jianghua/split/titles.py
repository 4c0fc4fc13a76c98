"""Give every speech a title: the one the page states, else one derived from the occasion.

Why this exists: only compilation items and tables of contents gave titles, so no single-speech
file had one (0 of 416 real files), in any format. A page states its speech's title in its header
block (the line above "——在…上的讲话"), in the HTML `<h1>` or `<title>` (with the site's name after
a separator), in 文库 metadata or in a 文库 file name ("…讲话稿Word文件下载.docx"). Where none does,
the subtitle or the opening names the occasion ("在全市关工委工作会议上的讲话"). `title_source` says
which: item, toc, header, html, 文库, file name, record, news lead, 原标题, occasion. A page's own
title is a speech's title only when the page holds one speech: on a compilation it names the
collection. A headline's decorations (视频：, (全文), the speaker named first) leave the title.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from jianghua.records import Page, Speech
from jianghua.split.header import (
    _ORGAN_LINE,
    SHORT_TITLE,
    headline_parts,
    is_date_line,
    is_speaker_line,
    is_subtitle,
    is_title_line,
    is_title_text,
    no_space,
)
from jianghua.split.header import is_header_line as _is_header_line

_SEPARATOR = re.compile(r"\s*(?:[-_|｜–—]{1,2}|——)\s*")
# The part after a separator that names a site or a column, not the speech.
_SITE = re.compile(
    r"(网|报|频道|新闻|政府|门户|官网|首页|中心|在线|客户端|日报|晚报|时报|周刊|\.com|\.cn|\.net|"
    r"文库|范文|资料|百科|文档|公众号|频道|学习|平台)"
)
_FILE_NOISE = re.compile(
    r"(word文件下载|文件下载|免费下载|下载|doc版|docx版|最新|精选|范文稿?|模板|大全|完整版|"
    r"\(?\d+\)?)$",
    re.I,
)
_SPEECH_WORD = re.compile(r"讲话|发言|致辞|报告|演讲|讲稿|主持词|贺词|讲座|动员|总结")
_OCCASION = re.compile(
    r"在[^，。,；;！!？?]{2,50}?(会议|大会|会|论坛|仪式|典礼|座谈会|开幕式|闭幕式)上的?"
    r"(讲话|发言|致辞|报告|演讲|主持词|总结讲话)"
)
_MEETING = re.compile(
    r"(今天|这次|本次|此次)[^，。,]{0,6}(召开|举行)[了的]?(?P<m>[^，。,；;]{2,30}?"
    r"(会议|大会|座谈会|推进会|动员会|部署会|总结会|表彰会|培训班|论坛))"
)
_ITEM_MARK = re.compile(
    r"^[【\[]\s*(范文|例文|篇|材料)?\s*[0-9一二三四五六七八九十]+\s*[】\]]\s*[:：、.．]?"
    r"|^(范文|例文|篇)\s*[0-9一二三四五六七八九十]+\s*[:：、.．]"
)
_WITH_SUBTITLE = re.compile(
    r"^(.{2,40}?)\s*(?:——|――|--|－－)\s*(?:在|于|\d(?:\s*\d){3}\s*年|[〇零一二三四五六七八九○]{4}年).{2,60}$"
    # ... or a speaker then the occasion: "十八而志，青春万岁——王琛校长在2020届高三年级成人礼上的致辞"
    r"|^(.{2,40}?)\s*(?:——|――|--|－－)\s*[^，。；]{1,16}?在[^，。；]{2,50}上的?"
    r"(?:讲话|致辞|发言|演讲|报告|贺词)$"
)
_QUOTED_OCCASION = re.compile(r"《(在[^《》]{2,60}(?:讲话|发言|致辞|报告|演讲))》")
# The trailing words of a <title> that name an office or a site's owner, not the speech.
_ORGAN = re.compile(
    r"(办|室|处|科|中学|小学|学校|大学|学院|政府|网|局|委|部|中心|频道|栏目|专栏|首页)$"
)
_GENERIC = re.compile(r"^(index|default|page|article|content|\d+|[a-z0-9_\-]{1,40})$", re.I)


def main_title(text: str) -> str:
    """ "走 向 远 方——在2020届…上的讲话" -> "走 向 远 方": a title line that carries its subtitle."""
    m = _WITH_SUBTITLE.match(text)
    if not m:
        # "陈国阳局长《在全市教育系统年度工作会议上的讲话》": the speaker, then the quoted title
        quoted = _QUOTED_OCCASION.search(text)
        if quoted and len(text) - len(quoted.group(0)) <= 12:
            return quoted.group(1)
        return text
    return (m.group(1) or m.group(2)).strip()


def site_title(raw: str | None) -> str | None:
    """An HTML <title>/<h1> without the site or column names a separator sets after it."""
    if not raw:
        return None
    raw = _BREADCRUMB.sub("", raw.strip())  # "南开大学->…": the column the page sits in
    while True:  # "… | nankai.info", "… | ": the site after a bar
        tail = _BAR_TAIL.search(raw)
        if not tail or not _site_words(tail.group(1)):
            break
        raw = raw[: tail.start()]
    quoted = _QUOTED_OCCASION.search(raw)  # 马校长《在2010级新生军训开营式上的讲话》 党政办 …
    if quoted:
        return quoted.group(1)
    parts = [p for p in _SEPARATOR.split(main_title(raw.strip())) if p]
    while len(parts) > 1 and (_SITE.search(parts[-1]) or len(parts[-1]) <= 4):
        parts.pop()
    words = " ".join(parts).strip().split()
    while len(words) > 1 and _ORGAN.search(words[-1]):  # "… 党政办 绍兴市第一中学"
        words.pop()
    title = main_title(" ".join(words))
    # judged without the speaker a headline names first ("习近平：在…的讲话"), whom assign_titles
    # takes out of it into the metadata
    bare = headline_parts(title)[0]
    return title if _long_enough(bare) and is_title_line(bare.replace(" ", "")) else None


_BREADCRUMB = re.compile(r"^[^>»›<《]{1,20}?\s*(?:->|=>|>>|>|»|›)\s*")
_BAR_TAIL = re.compile(r"\s*[|｜]\s*([^|｜]*)$")


def _site_words(text: str) -> bool:
    """What follows a bar in a <title>: nothing, a site's or column's name, a domain."""
    t = text.strip()
    return not t or "." in t or len(t) <= 12 or bool(_SITE.search(t))


def _long_enough(title: str) -> bool:
    """More than a name: a title has at least four characters besides white space."""
    return len("".join(title.split())) >= 4


def _strip_download_words(text: str) -> str:
    """ "…讲话范文稿Word文件下载" -> "…讲话": the words 文库 sites add to a document's name."""
    for _ in range(3):
        text = _FILE_NOISE.sub("", text).strip(" -_()（）")
    return text


def wenku_title(doc_title: str | None) -> str | None:
    if not doc_title:
        return None
    title = _strip_download_words(doc_title.strip())
    return title if len(title) >= 4 and is_title_line(title) else None


def file_title(name: str) -> str | None:
    """A 文库 file name that is a speech's title ("…讲话稿Word文件下载.docx"), else None."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name).strip()
    stem = _strip_download_words(re.sub(r"[_\s]+", " ", stem).strip())
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in stem)
    if _GENERIC.match(stem) or cjk < 6 or not _SPEECH_WORD.search(stem):
        return None
    return stem if is_title_line(stem) else None


def header_title(speech: Speech) -> str | None:
    """The title line of the speech's header block: the one above its subtitle, else the first.
    Only the lines above the text: a signature under it (杭州西软科技有限公司 / 总经理：王敏敏)
    is header too, and names no title."""
    first = speech.paragraphs[0].first_line if speech.paragraphs else None
    lines = [
        h.text.strip()
        for h in speech.header
        if h.text.strip() and (first is None or h.source_line <= first)
    ]
    candidates = []
    for k, raw in enumerate(lines):
        # "【范文二】视察江苏…" names the item, then the title; a title may carry its subtitle
        text = main_title(_ITEM_MARK.sub("", raw).strip())
        # two or three characters over a subtitle are a title ("牵挂" / "——在…上的讲话"), else a name
        short = bool(SHORT_TITLE.match(text)) and k + 1 < len(lines) and is_subtitle(lines[k + 1])
        if short:
            candidates.append((False, False, False, False, k, text))
            continue
        if not is_title_text(text) or is_subtitle(text) or is_speaker_line(text):
            continue
        if is_date_line(text) or not _long_enough(text):
            continue
        if _is_header_line(text, None) and not _is_plain_title(text):
            continue  # a date, an office and date, a name alone
        # under a subtitle, or carrying it ("2003年政府工作报告——2003年3月5日在…会议上"): the
        # speech's own title line, before a page title above it (2003年国务院政府工作报告)
        above_subtitle = (k + 1 < len(lines) and is_subtitle(lines[k + 1])) or bool(
            _WITH_SUBTITLE.match(raw)
        )
        # or over the date line the speech is given on ("在二十国集团领导人第二十次峰会上的讲话 /
        # （2025年11月22－23日，约翰内斯堡）"), below the page's headline
        above_subtitle = above_subtitle or (k + 1 < len(lines) and is_date_line(lines[k + 1]))

        # a line the header holds twice is the page's title and the article's (<h2> over a body
        # that repeats it), above menu words that happen to look like titles
        repeated = sum(no_space(x) == no_space(raw) for x in lines) > 1
        # a headline that quotes the speaker ("习近平：中国“和”文化源远流长") names the news,
        # not the speech: any other title line of the header is the speech's
        quoting = headline_parts(text)[2]
        # an organisation's name is the account or site that posted the text (漳州市律师协会,
        # twice on a WeChat page): the title only when no other line is one
        organ = bool(_ORGAN_LINE.match(no_space(raw)))
        candidates.append((quoting, organ, not repeated, not above_subtitle, k, text))
    return min(candidates)[5] if candidates else None


# a short line naming its genre is a title, never a name (元旦祝词, 新年献词, 开幕讲话)
_GENRE_END = re.compile(
    r"(?:讲话|致辞|致词|祝词|贺词|献词|发言|演讲|演说|报告|谈话|开幕词|闭幕词)$"
)


def _is_plain_title(text: str) -> bool:
    """A title-like line that is not a date, a name alone or an office with a date."""
    if re.search(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2}", text):
        return False
    return len(text) >= 6 or bool(_GENRE_END.search(no_space(text)))


def occasion_title(speech: Speech) -> str | None:
    """ "在…会议上的讲话" from the subtitle or the opening paragraphs, else None."""
    for h in speech.header:
        text = h.text.strip().lstrip("—-－─ ")
        m = _OCCASION.search(text)
        if m:
            return m.group(0)
    for p in speech.paragraphs[:3]:
        m = _MEETING.search(p.text[:200])
        if m:
            return f"在{m.group('m')}上的讲话"
    return None


# A news report names the speech it carries: "……出席开幕式并发表题为《携手构建合作共赢、公平合理
# 的气候变化治理机制》的重要讲话。"
_NAMED_IN_LEAD = re.compile(
    # a title in 《》 may hold quotes (《齐心开创共建“一带一路”美好未来》)
    r"发表(了)?题为(?:[《〈](?P<title>[^《》〈〉]{4,40})[》〉]|[“\"](?P<quoted>[^“”\"]{4,40})[”\"])"
    r"的[^，。；]{0,6}"
    r"(讲话|演讲|致辞|报告|发言|贺词|署名文章)"
)
_LEAD_REASONS = {"news lead", "photo caption", "dateline"}


def lead_index(page: Page) -> list[tuple[int, str, str, str]]:
    """(line, reason, words up to the title's end, title) of the removed leads and captions that
    name a speech, in line order: read once per page, then looked up per speech by bisection (a
    scan of every edit per speech was quadratic on a crawl of thousands)."""
    out = []
    for edit in page.edits:
        if edit.kind != "noise" or edit.reason not in _LEAD_REASONS:
            continue
        m = _NAMED_IN_LEAD.search(edit.before)
        if m:
            title = (m.group("title") or m.group("quoted")).strip()
            out.append((edit.line, edit.reason, edit.before[: m.end()], title))
    out.sort(key=lambda x: x[0])
    return out


def news_lead(leads, speech: Speech, after: int) -> tuple[str, int, str] | None:
    """The news lead or caption that names the speech it reports (removed as noise, from
    `lead_index`): (its words up to the title's end, its line, the title), else None. One above
    the speech (on the lines from `after` to its first) first, else a photo's caption between
    its paragraphs (a copied news page keeps them there: "4月26日，国家主席习近平在北京出席……，
    并发表题为《…》的主旨演讲。新华社记者鞠鹏摄", c12b_chou_yidaiyilu_keynote_gbk.txt)."""
    k = bisect_left(leads, after, key=lambda x: x[0])
    inside = None
    while k < len(leads) and leads[k][0] <= speech.last_line:
        line, reason, words, title = leads[k]
        k += 1
        if line <= speech.first_line:
            return words, line, title
        if reason == "photo caption" and inside is None:
            inside = words, line, title
    return inside


# "原标题：习近平出席第十五届中越青年友好会见活动时的讲话" (a reprint's trailer, removed as noise)
_ORIGINAL_TITLE = re.compile(r"原[标標][题題]\s*[:：]\s*([^<>]{4,60}?)\s*(?:</a>|$)")


# a lead that hands over to the speech: "…发表讲话。讲话全文如下：", "…的讲话（全文）"
_INTRODUCES = re.compile(r"全文|如下|讲话稿|原文")


def story_leads(page: Page) -> list[int]:
    """Lines of the removed news leads that hand over to no speech, in order (a dateline alone
    stands over reprinted speeches too, and is not one)."""
    return sorted(
        edit.line
        for edit in page.edits
        if edit.kind == "noise"
        and edit.reason == "news lead"
        and not _INTRODUCES.search(edit.before)
    )


def _under_a_lead(lines: list[int], speech: Speech, after: int) -> bool:
    """A story's lead (`story_leads`) on the lines from `after` to the speech's first."""
    k = bisect_left(lines, after)
    return k < len(lines) and lines[k] <= speech.first_line


def original_title(page: Page) -> str | None:
    """The title a reprinted page says the text first had, from its 原标题 line."""
    for edit in page.edits:
        if edit.kind == "noise" and "原" in edit.before:
            m = _ORIGINAL_TITLE.search(edit.before)
            if m and is_title_text(m.group(1).strip()):
                return m.group(1).strip()
    return None


def _set_title(speech: Speech, title: str, source: str) -> None:
    """The title without what a headline adds; the speaker it names goes to structure.meta."""
    title, who, _quoting = headline_parts(title)
    if who:
        speech.meta["headline_speaker"] = {"office": who[0], "name": who[1]}
    speech.title, speech.title_source = title, source


def _is_section_heading(page: Page, speech: Speech, title: str) -> bool:
    """Whether the header line `title` came from a Markdown "## " heading (a section's)."""
    sections = set(page.meta.get("markdown_sections") or ())
    return any(h.source_line in sections and title in h.text for h in speech.header)


def assign_titles(page: Page, speeches: list[Speech]) -> None:
    """Fill `title` and `title_source` of the speeches that have none."""
    single = len(speeches) == 1
    page_titles = []
    if single:
        page_titles = [
            (site_title(page.meta.get("html_h1")), "html"),
            (site_title(page.meta.get("html_title")), "html"),
            (page.meta.get("record_title"), "record"),  # a crawler's header: "标题：…"
            (wenku_title((page.meta.get("wenku") or {}).get("doc_title")), "文库"),
            (file_title(page.name), "file name"),
        ]
    after = 0
    leads, stories = lead_index(page), story_leads(page)
    for speech in speeches:
        above, after = after, speech.last_line
        lead = news_lead(leads, speech, above)
        if lead:  # who gave it and where, for structure.meta when the header does not say
            speech.meta["news_lead"] = {"text": lead[0], "line": lead[1]}
        elif _under_a_lead(stories, speech, above):
            # a news story's lead above the text, naming no speech: the text is the story's
            # (structure tells a speech reprinted under it by its address)
            speech.meta["under_news_lead"] = True
        if speech.title and speech.title_source == "record":
            # a crawl's title field is the page's headline ("李强在…上的讲话（全文）"): the
            # speech's own title line under it comes first, as under a page's <title>
            own = header_title(speech)
            if own:
                speech.title, speech.title_source = own, "header"
            _set_title(speech, speech.title, speech.title_source)
            continue
        if speech.title:
            continue
        own = header_title(speech)
        posted = page.meta.get("record_title")
        if own and posted and speech is speeches[0] and _is_section_heading(page, speech, own):
            # "## 让更优质的信息指引我们…" over the post's first section: the post's title first
            own = None
            found = [(posted, "record")]
        else:
            found = [(own, "header"), *page_titles]
        found.append((lead[2] if lead else None, "news lead"))
        if single:  # a reprint's headline, after the title its lead names (发表题为《…》的讲话)
            found.append((original_title(page), "原标题"))
        for title, source in found:
            if title:
                _set_title(speech, title, source)
                break
        else:
            derived = occasion_title(speech)
            if derived:
                speech.title, speech.title_source = derived, "occasion"
    for speech in speeches:  # a book's note callout after a title is no part of it
        if speech.title and _NOTE_CALLOUT.search(speech.title):
            bare = _NOTE_CALLOUT.sub("", speech.title).strip()
            speech.title = bare if len(bare) >= 2 else speech.title


# "…维护党的团结⑴", "…的命运（22）", "…〔3〕", "…[1]": the number of a note at the book's end
_NOTE_CALLOUT = re.compile(r"(?:[⑴-⒇①-⑳]|[（(〔\[]\d{1,3}[）)〕\]])+$")
