"""The record types that cross stage boundaries.

One module so that every stage agrees on them: readers make a `Page`, cleaning steps return a new
`Page` plus the `Edit`s they made, the splitter turns a `Page` into `Speech`es, dedup and the store
read `Speech`es. Line numbers are always 1-based line numbers of the ORIGINAL file (for HTML the line
where the block starts, for DOCX the paragraph number), so anything can be traced back to its source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Line:
    """One line of a page as the pipeline sees it, with where it came from."""

    text: str
    source_line: int
    # Where the text sits in that line of the original file: character offsets, `end` exclusive
    # (None: to the end of the line). A run-on line (a minified page, one line per scraped page)
    # holds many blocks and so many speeches: the line alone does not say which part is whose.
    # Not compared: two Lines are equal when they hold the same text from the same line.
    col: int = field(default=0, compare=False)
    end: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Edit:
    """One change a cleaning step made.

    kind: 'noise' (line removed), 'script' (Traditional -> Simplified), 'phrase' (Taiwan vocabulary),
    'punct', 'space', 'join' (broken line rejoined), 'split' (glued heading split), 'header'
    (line moved into a speech's metadata).
    """

    kind: str
    line: int
    before: str
    after: str
    reason: str = ""


@dataclass(frozen=True)
class Page:
    """A source file read into lines. `lines` shrink as cleaning steps remove noise."""

    path: str
    name: str
    sha256: str
    encoding: str
    format: str  # 'txt' | 'html' | 'docx'
    lines: tuple[Line, ...]
    original: tuple[str, ...]  # every line of the original file, as decoded
    meta: dict = field(default_factory=dict)
    script: str = "simplified"  # the script the page was written in
    edits: tuple[Edit, ...] = ()
    # Size of the original file, kept when `slim` drops the lines themselves (-1: count them).
    line_count: int = -1
    char_count: int = -1

    def __post_init__(self) -> None:
        if self.line_count < 0:
            object.__setattr__(self, "line_count", len(self.original))
        if self.char_count < 0:
            object.__setattr__(self, "char_count", sum(map(len, self.original)))

    def with_lines(self, lines, edits=(), **changes) -> Page:
        return replace(self, lines=tuple(lines), edits=self.edits + tuple(edits), **changes)

    def slim(self) -> Page:
        """The page as the store needs it, once its speeches are cut out: without its lines and
        original text (the store keeps neither; the reader re-reads the file). Sending a page back
        from a worker process with them cost more than storing it."""
        return replace(self, lines=(), original=())


@dataclass(frozen=True)
class Paragraph:
    text: str
    first_line: int
    last_line: int
    # Columns of its start in `first_line` and of its end in `last_line` (exclusive; None: the end
    # of that line), as in `Line`.
    first_col: int = 0
    last_col: int | None = None

    @classmethod
    def of_line(cls, line: Line) -> Paragraph:
        return cls(line.text, line.source_line, line.source_line, line.col, line.end)


@dataclass
class Speech:
    """One speech found on a page, with its provenance and the edits made to it."""

    source: str  # file name as ingested
    source_sha256: str
    paragraphs: list[Paragraph]
    title: str | None = None
    title_source: str | None = None  # 'item', 'toc', 'header'
    header: list[Line] = field(
        default_factory=list
    )  # header block: subtitle, speaker, date, office
    item: str | None = None  # the compilation's item label, e.g. '篇三', '第2篇'
    script: str = "simplified"
    edits: list[Edit] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # e.g. article metadata found just above the speech
    fingerprints: tuple[int, ...] | None = None  # sorted dedup samples, computed in the worker
    structure: dict = field(default_factory=dict)  # jianghua.structure.analyze's result
    id: str | None = None  # dedup.speech_id of its text, computed where the page is processed
    # `structure` as the store writes it, when the worker process that computed it wrote it: a
    # JSON string crosses the process boundary ten times faster than the nested dict
    structure_json: str | None = None
    # A copy of a speech the library holds already (or of an earlier speech on the same page):
    # a worker leaves its structure out, as the store keeps the first copy's; the store analyses
    # it after all if it turns out to be new (the first copy was rolled back).
    analysis_skipped: bool = False

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def first_line(self) -> int:
        return self.paragraphs[0].first_line

    @property
    def last_line(self) -> int:
        return self.paragraphs[-1].last_line

    @property
    def first_col(self) -> int:
        return self.paragraphs[0].first_col

    @property
    def last_col(self) -> int | None:
        return self.paragraphs[-1].last_col

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
