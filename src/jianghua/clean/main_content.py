"""Keep an HTML page's main content; the blocks around it (site chrome) become noise with a reason.

Why this exists: real portal and news pages wrap a speech in menus, sidebars, footers, related-link
lists and widgets that no line rule can know ("打印正文", "校长信箱", a school's address). Measured on
the labelled real corpus (bench/html_main.py, 99 HTML files): readability-lxml kept 59 of 578
noise lines and lost no body sentence and 7 of 159 header lines; trafilatura kept 72-107 noise
lines and lost 30 header lines (it moves the title to its metadata); jusText, with no Chinese
stop list, lost everything. So readability-lxml chooses the content, and its text is mapped back to
the page's own blocks, in order: a block is kept when its text is found in the main text, so
every kept line is still the page's line with its provenance. The header lines just above the main
content (title, subtitle, date, speaker), which readability sometimes leaves out, are kept.
"""

from __future__ import annotations

import re
import unicodedata

from jianghua.clean.script import t2s
from jianghua.records import Edit, Page
from jianghua.split.cues import is_salutation
from jianghua.split.header import (
    is_date_line,
    is_speaker_line,
    is_subtitle,
    is_title_line,
    signature_parts,
)

REASON = "outside the page's main content"
MAX_HTML_CHARS = 3_000_000  # larger pages keep every block (readability builds the whole tree)
MIN_MAIN_CHARS = 200  # a main text shorter than this is no evidence: keep every block
WINDOW = 4000  # how far around the last match in the main text the next block is looked for
ANCHOR_CHARS = 8  # blocks at least this long move the position and may be looked for anywhere
GLOBAL_SEARCHES = 200
HEADER_LOOKBACK = 8  # blocks above the main content examined as its header
_DROP = re.compile(r"\s+")


def _key(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def _main_text(html: str) -> str:
    from lxml import etree
    from lxml import html as lhtml
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        return lhtml.fromstring(summary).text_content() if summary.strip() else ""
    except (etree.LxmlError, ValueError, TypeError):
        return ""  # readability could not parse it: no evidence, every block is kept


def main_blocks(page: Page) -> list[bool] | None:
    """For each line of the page, whether it is main content; None when there is no evidence."""
    if page.format != "html" or page.char_count > MAX_HTML_CHARS or not page.lines:
        return None
    main = _key(_main_text("\n".join(page.original)))
    if len(main) < MIN_MAIN_CHARS:
        return None
    keep = [False] * len(page.lines)
    pos = 0
    searches = GLOBAL_SEARCHES
    for k, line in enumerate(page.lines):
        key = _key(line.text)
        if not key:
            continue
        # Near where the last block matched (readability keeps the page's order), else, for a
        # block long enough to be specific, anywhere (it may move a title): a bounded number of
        # times, so that a page of a million blocks stays linear.
        at = main.find(key, max(0, pos - WINDOW), pos + len(key) + WINDOW)
        if at < 0 and len(key) >= ANCHOR_CHARS and searches > 0:
            searches -= 1
            at = main.find(key)
        if at >= 0:
            keep[k] = True
            if len(key) >= ANCHOR_CHARS:  # a short block ("首页") may match anywhere by chance
                pos = at + len(key)
    if not any(keep):
        return None
    _keep_header_above(page, keep)
    _keep_signature_below(page, keep)
    return keep


SIGNATURE_LOOKAHEAD = 3  # lines under the main content examined as its signature


def _keep_signature_below(page: Page, keep: list[bool]) -> None:
    """The signature under a letter or a 致辞, in a block of its own that readability leaves out
    ("陳嘉文校長 / 二零一四年一月三日", c12g_skhkeioi_principal_jan2014_letter.html): an office
    and a name, a name and an office, a date, right below the last kept block."""
    last = len(keep) - 1 - keep[::-1].index(True)
    seen = 0
    for k in range(last + 1, len(keep)):
        text = page.lines[k].text.strip()
        if not text:
            continue
        seen += 1
        plain = t2s(text)  # a Traditional page is read before it is converted
        if seen > SIGNATURE_LOOKAHEAD or not (is_date_line(plain) or signature_parts(plain)):
            break
        keep[k] = True


# what a menu, a breadcrumb or a link says, never a title
_MENU = re.compile(
    r"[>＞»|｜]|首页|首頁|主页|網站|网站|返回|進入|进入|登录|登錄|注册|註冊|更多|當前位置|当前位置|您的位置"
    r"|校长的话|校長的話"
)


def _keep_header_above(page: Page, keep: list[bool]) -> None:
    first = keep.index(True)
    # where the text begins: its address, else its first paragraph (a menu's dates may be kept
    # above it by chance, "(2014-02-15)" under each entry of the column's list)
    for k in range(first, len(keep)):
        text = page.lines[k].text.strip()
        if keep[k] and (is_salutation(t2s(text)) or len(_key(text)) >= 20):
            first = k
            break
    opens_with_address = is_salutation(t2s(page.lines[first].text.strip()))
    seen = 0
    for k in range(first - 1, -1, -1):
        text = page.lines[k].text.strip()
        if not text:
            continue
        seen += 1
        if seen > HEADER_LOOKBACK:
            break
        if (
            is_subtitle(text)
            or is_speaker_line(text)
            or is_date_line(text)
            or (is_title_line(text) and _key(text) == _key(page.meta.get("html_h1") or ""))
            # the title in a block of its own right above a text that opens with its address
            # ("數算主恩 展望將來 / 各位親愛的家長:"): the two lines above it at most
            or (seen <= 2 and opens_with_address and is_title_line(text) and not _MENU.search(text))
        ):
            keep[k] = True


def strip_outside_main(page: Page) -> Page:
    """The page without the blocks outside its main content, each an Edit(kind='noise')."""
    keep = main_blocks(page)
    if keep is None:
        return page
    lines, edits = [], []
    for line, kept in zip(page.lines, keep, strict=True):
        if kept or not line.text.strip():
            lines.append(line)
        else:
            edits.append(Edit("noise", line.source_line, line.text, "", REASON))
    return page.with_lines(lines, edits)
