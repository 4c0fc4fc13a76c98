"""Read a saved .html/.htm page: its visible text, one Line per block, with source line numbers.

Why this exists: pages saved from 范文/文库 sites are untrusted, often broken markup: unclosed tags,
stray '<' in text, scripts and styles (ad code, trackers), comments, <noscript> fallbacks, layout
tables, deeply nested <div>s, &nbsp; indentation, and sometimes megabytes of text on one line. We
only need the visible text, split where a browser would start a new block, and the line in the file
where each block's text starts, so any later edit can be traced back to the source.

The tokenizer here is a small linear scanner written for this job rather than the stdlib
`html.parser`, which has quadratic worst cases on malformed input in the Python versions we
support (CPython issue gh-135462), and rather than lxml, which gives no position for text that
follows a child element. It follows the HTML5 tokenizer where it matters: quoted attribute values
may contain '>', an unclosed comment or tag runs to the end of the file, the content of raw-text
elements (script, style, ...) ends only at their end tag, '<' not starting a tag is text. It never
recurses and never rescans, so nesting depth and file size only cost linear time.
"""

from __future__ import annotations

import re
from html import unescape

from jianghua.errors import SourceError
from jianghua.records import Line, Page

from .budget import Budget
from .budget import check as budget_check
from .encoding import declared_charset, decode_with_notes
from .txt import encoding_edits, split_lines

# Elements whose start or end starts a new block of text (a new Line).
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html
    legend li listing main menu nav ol optgroup option p pre section summary table tbody td tfoot
    th thead tr ul""".split()
)
# Elements whose content is never shown: dropped up to their end tag, markup inside is not parsed.
DROPPED_TAGS = frozenset("script style noscript template xmp iframe noembed noframes".split())

_TAG = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\f\r />]*+)"
    r"((?:[^>\"'=]++|=[\t\n\f\r ]*+(?:\"[^\"]*+\"?|'[^']*+'?)?|[\"'])*+)(>?)"
)
_COMMENT_END = re.compile(r"--!?>")
_NOT_SPACE = re.compile(r"[^\t\n\f\r ]")
_SPACES = re.compile(r"[\t\n\f\r ]+")
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# A line break between two CJK characters is not rendered as a space (CSS Text 3, segment breaks).
_CJK_BREAK = re.compile(rf"(?<=[{_WIDE}])[\t\f\r ]*+\n[\t\n\f\r ]*+(?=[{_WIDE}])")
_END_TAGS: dict[str, re.Pattern[str]] = {}


def _end_tag(name: str) -> re.Pattern[str]:
    pattern = _END_TAGS.get(name)
    if pattern is None:
        pattern = re.compile(rf"</{re.escape(name)}(?=[\t\n\f\r />]|\Z)", re.IGNORECASE)
        _END_TAGS[name] = pattern
    return pattern


def collapse(text: str) -> str:
    """Render whitespace as a browser does: runs become one space, ends are trimmed."""
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip(" ")


class _Extractor:
    """One pass over the page text; collects block Lines and the title."""

    def __init__(self, text: str):
        self.s = text
        self.lines: list[Line] = []
        self.title: str | None = None
        self.h1: str | None = None  # the text of the first <h1>: the page's headline
        self._h1_from = -1  # index in self.lines where the open <h1>'s text starts
        self._buf: list[str] = []  # unescaped text pieces of the current block
        self._start = 0  # source line where the current block's text starts (0: no text yet)
        self._pre = 0  # depth of <pre>: inside it, line breaks in the source are line breaks
        self._line = 1  # line number at self._pos, advanced monotonically
        self._pos = 0
        self._line_start = 0  # offset where the line holding self._pos starts
        self._col = 0  # column where the current block's text starts in its line
        self._stop = 0  # offset after the current block's last text piece

    def _line_at(self, pos: int) -> int:
        newlines = self.s.count("\n", self._pos, pos)
        if newlines:
            self._line += newlines
            self._line_start = self.s.rfind("\n", self._pos, pos) + 1
        self._pos = pos
        return self._line

    def _text(self, i: int, j: int) -> None:
        if i >= j:
            return
        if self._pre and "\n" in self.s[i:j]:
            while (k := self.s.find("\n", i, j)) >= 0:
                self._add(i, k)
                self._flush()
                i = k + 1
        self._add(i, j)

    def _add(self, i: int, j: int) -> None:
        raw = self.s[i:j]
        if not self._start:
            m = _NOT_SPACE.search(raw)
            if m is None:
                return  # whitespace before a block's text is never rendered
            self._start = self._line_at(i + m.start())
            self._col = i + m.start() - self._line_start
        self._buf.append(unescape(raw) if "&" in raw else raw)
        self._stop = j

    def _flush(self) -> None:
        if self._buf:
            text = collapse("".join(self._buf))
            if text.strip():
                # the end's column only when the block ends on the line where it starts
                line_start = self._line_start
                end = None if self._line_at(self._stop) != self._start else self._stop - line_start
                self.lines.append(Line(text, self._start, self._col, end))
            self._buf = []
        self._start = 0

    def _skip_to(self, pattern: re.Pattern[str], pos: int) -> tuple[int, int] | None:
        """(start of the end tag, position after its '>') or None if it never comes."""
        m = pattern.search(self.s, pos)
        if m is None:
            return None
        close = self.s.find(">", m.end())
        return None if close < 0 else (m.start(), close + 1)

    def run(self) -> None:
        s, n, i = self.s, len(self.s), 0
        while i < n:
            j = s.find("<", i)
            if j < 0:
                self._text(i, n)
                break
            self._text(i, j)
            i = self._markup(j)
            if i < 0:  # the rest of the file is inside an unclosed comment, tag or raw text
                break
        self._flush()

    def _markup(self, j: int) -> int:
        """Handle the markup starting at s[j] == '<'; return where to continue, -1 to stop."""
        s = self.s
        nxt, after = s[j + 1 : j + 2], s[j + 2 : j + 3]
        if s.startswith("<!--", j):
            if s.startswith(">", j + 4) or s.startswith("->", j + 4):  # <!--> and <!--->
                return s.find(">", j + 4) + 1
            m = _COMMENT_END.search(s, j + 4)
            return -1 if m is None else m.end()
        if nxt == "/" and after == ">":
            return j + 3  # '</>' is ignored
        if nxt == "%":  # a JSP or ASP server tag (<%@ page …%>, <%= …%>): the server's, never shown
            k = s.find("%>", j + 2)
            return -1 if k < 0 else k + 2
        if s.startswith(("<?php", "<?="), j):  # PHP code, which may hold '>' ("->")
            k = s.find("?>", j + 2)
            return -1 if k < 0 else k + 2
        if nxt in ("!", "?") or (nxt == "/" and not (after.isascii() and after.isalpha())):
            # doctype, CDATA, processing instruction, bogus comment: up to the next '>'
            k = s.find(">", j + 2)
            return -1 if k < 0 else k + 1
        if nxt != "/" and not (nxt.isascii() and nxt.isalpha()):
            self._text(j, j + 1)  # a '<' that starts no tag is text
            return j + 1
        m = _TAG.match(s, j)
        if m is None or not m.group(4):
            return -1  # end of file inside a tag
        return self._tag(m.group(2).lower(), bool(m.group(1)), m.end())

    def _tag(self, name: str, closing: bool, end: int) -> int:
        if name == "h1" and self.h1 is None:
            self._flush()
            if not closing:
                self._h1_from = len(self.lines)
            elif self._h1_from >= 0:
                text = " ".join(line.text for line in self.lines[self._h1_from :]).strip()
                self.h1 = text or None
                self._h1_from = -1
        if closing:
            if name in BLOCK_TAGS or name == "br":  # '</br>' acts as '<br>'
                self._flush()
                if name == "pre":
                    self._pre = max(0, self._pre - 1)
            return end
        if name in DROPPED_TAGS:
            found = self._skip_to(_end_tag(name), end)
            return -1 if found is None else found[1]
        if name in ("title", "textarea"):
            found = self._skip_to(_end_tag(name), end)
            if found is None:
                return -1
            if name == "title":
                if self.title is None:
                    self.title = collapse(unescape(self.s[end : found[0]])) or None
            else:  # a textarea's text is shown, as its own block
                self._flush()
                self._text(end, found[0])
                self._flush()
            return found[1]
        if name == "plaintext":  # everything after it is text
            self._flush()
            self._pre += 1
            self._text(end, len(self.s))
            return len(self.s)
        if name in BLOCK_TAGS or name == "br":
            self._flush()
            if name == "pre":
                self._pre += 1
        return end


def extract(text: str) -> tuple[list[Line], str | None]:
    """The visible text blocks of an HTML document and its <title> (None if it has none)."""
    extractor = _extract(text)
    return extractor.lines, extractor.title


def _extract(text: str) -> _Extractor:
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # bare-CR line ends, as split_lines() counts them
    extractor = _Extractor(text)
    extractor.run()
    return extractor


def read_html(data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None) -> Page:
    text, encoding, notes = decode_with_notes(data, path, declared=declared_charset(data))
    budget_check(budget, path)  # the markup is not the text: its length is checked once extracted
    extractor = _extract(text)
    lines, title = extractor.lines, extractor.title
    budget_check(budget, path, sum(len(line.text) + 1 for line in lines) - 1)
    if not lines:
        raise SourceError(path, "no visible text (only markup, scripts or comments)")
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding=encoding,
        format="html",
        lines=tuple(lines),
        original=tuple(split_lines(text)),
        meta={
            key: value for key, value in (("html_title", title), ("html_h1", extractor.h1)) if value
        },
        edits=encoding_edits(notes, encoding),
    )
