"""Read a page a crawler or a blog wrote as Markdown: its marks out of the text, its front matter
into the page's metadata.

Why this exists: scrapers and static-site generators save pages as Markdown (Hexo, Jekyll,
html2text): a `---` block of `title:`/`date:`/`tags:` lines on top, `# 标题` headings,
`**曹雪涛**` in bold, `> ` quoted editor's notes, `![图](…jpg)` pictures and `[…](…)` links. Read as
plain text, the front matter became a speech of its own, the speaker's bold name was no name, and
a picture's address stayed in the text. Each change is an edit: a removed line with its reason
("front matter", "picture or link"), a line whose marks were taken off as kind "markup".
"""

from __future__ import annotations

import re
from dataclasses import replace

from jianghua.records import Edit, Line, Page

FRONT_MATTER_LINES = 40  # a front matter block closes within this many lines
_FRONT_MATTER_FENCE = re.compile(r"^\s*---+\s*$")
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]{0,30})\s*:\s*(?P<value>.*)$")
_LIST_ITEM = re.compile(r"^\s*-\s+\S")
_PICTURE = re.compile(r"^\s*[!！]\[[^\]]*\]\([^)]*\)\s*$")
_LINK_ONLY = re.compile(r"^\s*\[[^\]]+\]\([^)]+\)\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# "*(多媒体状态：……)*": emphasis with one star, never a bullet ("* 首先是……") nor a product (2*3)
_ITALIC = re.compile(r"(?<![*\w])\*(?![\s*])([^*\n]+?)(?<![\s*])\*(?![*\w])")
# "_翻译：范韵欣 徐宁晨_": emphasis with underscores, never inside a word (snake_case)
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9_])_(?![\s_])([^_\n]+?)(?<![\s_])_(?![A-Za-z0-9_])")
# "<figcaption>远程连线课堂现场</figcaption>", or its lines between the tags: a picture's caption
_FIGCAPTION_OPEN = re.compile(r"^\s*<figcaption[^>]*>", re.I)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*$", re.I)
_INLINE_LINK = re.compile(r"(?<![!！])\[([^\]]+)\]\((?:https?://|/)[^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
# Markdown enough to read the page as such: a front matter block, or two kinds of marks
_MARKS = (_HEADING, _QUOTE, _PICTURE, _LINK_ONLY, _CODE_FENCE)


def _front_matter(lines: tuple[Line, ...]) -> tuple[int, int] | None:
    """(first, last) index of a `---` … `---` block of fields opening the page."""
    said = [k for k, line in enumerate(lines[:FRONT_MATTER_LINES]) if line.text.strip()]
    if not said or not _FRONT_MATTER_FENCE.match(lines[said[0]].text):
        return None
    start = said[0]
    for k in said[1:]:
        text = lines[k].text
        if _FRONT_MATTER_FENCE.match(text):
            inner = [lines[j].text for j in said if start < j < k]
            fields = sum(bool(_FIELD.match(t)) for t in inner)
            if fields and fields + sum(bool(_LIST_ITEM.match(t)) for t in inner) == len(inner):
                return start, k
            return None
    return None


def is_markdown(page: Page) -> bool:
    if page.format != "txt" or not page.lines:
        return False
    if _front_matter(page.lines):
        return True
    first = next((line.text for line in page.lines if line.text.strip()), "")
    if _HEADING.match(first):  # "# 在中国共产党全国代表会议上的讲话": an mdBook or wiki page
        return True
    kinds = {i for line in page.lines for i, mark in enumerate(_MARKS) if mark.match(line.text)}
    bold = sum(1 for line in page.lines if _BOLD.search(line.text))
    # bold on several lines with "- " list items: a script written in Markdown and saved as .txt
    # (c12e_goalscope_xiangmu_huibao.txt: "**问题背景：**", whose ** read as masked names)
    listed = bold >= 3 and sum(1 for line in page.lines if _LIST_ITEM.match(line.text)) >= 3
    return len(kinds) + bool(bold) + listed >= 2


def _code_lines(lines) -> set[int]:
    """Indices of the lines of fenced code blocks, fences included; a fence never closed opens
    nothing (it would swallow the rest of the text)."""
    found: set[int] = set()
    opened = None
    for k, line in enumerate(lines):
        if not _CODE_FENCE.match(line.text):
            continue
        if opened is None:
            opened = k
        else:
            found.update(range(opened, k + 1))
            opened = None
    return found


def strip_markdown(page: Page) -> Page:
    """The page without Markdown's marks and front matter (a page that is no Markdown as is)."""
    if not is_markdown(page):
        return page
    lines: list[Line] = []
    edits: list[Edit] = []
    meta = dict(page.meta)
    block = _front_matter(page.lines)
    fields: dict[str, str] = {}
    # a fenced block is code or raw material pasted into the post (c12b_jinnuo_fayan_md.txt:
    # advertorial drafts under "```javascript"), never what the speaker says
    code = _code_lines(page.lines)
    in_caption = False
    sections: list[int] = []  # lines of "## …" headings: a post's sections under its title
    for k, line in enumerate(page.lines):
        text = line.text
        if k in code:
            edits.append(Edit("noise", line.source_line, text, "", "code block"))
            continue
        if block and block[0] <= k <= block[1]:
            m = _FIELD.match(text)
            if m and m.group("value").strip():
                fields.setdefault(m.group("key").lower(), m.group("value").strip())
            edits.append(Edit("noise", line.source_line, text, "", "front matter"))
            continue
        if _PICTURE.match(text) or _LINK_ONLY.match(text):
            edits.append(Edit("noise", line.source_line, text, "", "picture or link"))
            continue
        if in_caption or _FIGCAPTION_OPEN.match(text):
            in_caption = not _FIGCAPTION_CLOSE.search(text)
            edits.append(Edit("noise", line.source_line, text, "", "photo caption"))
            continue
        heading = _HEADING.match(text)
        if heading and heading.group(0).strip().count("#") >= 2:
            sections.append(line.source_line)
        plain = _HEADING.sub("", text)
        plain = _QUOTE.sub("", plain)
        plain = _BOLD.sub(lambda m: m.group(1) or m.group(2), plain)
        plain = _ITALIC.sub(r"\1", plain)
        plain = _UNDERSCORE.sub(r"\1", plain)
        plain = _INLINE_LINK.sub(r"\1", plain)
        # HTML a post carries inline: "<figcaption>…。何君健攝</figcaption>", "<figure>"
        plain = _TAG.sub("", plain)
        plain = _ESCAPED.sub(r"\1", plain)  # "责任编辑 \| 朱逸蕾": a mark written as itself
        plain = plain.rstrip()
        if plain != text.rstrip():
            edits.append(Edit("markup", line.source_line, text, plain, "Markdown marks"))
            # the columns still point into the original line: the marks were inside it
            line = replace(line, text=plain)
        lines.append(line)
    if sections:
        meta["markdown_sections"] = sections
    if fields:
        meta["front_matter"] = fields
        title = fields.get("title")
        if title:  # the page's title as the crawler saved it (its date is the post's, not kept)
            meta.setdefault("html_title", title.strip("'\" "))
            # ... and as a record's title field: a post's title may hold a comma (寻找“北大精神”，
            # 拒绝容忍权力无限扩张), which a site's <title> with its bars never does
            meta.setdefault("record_title", title.strip("'\" "))
    return page.with_lines(lines, edits, meta=meta)
