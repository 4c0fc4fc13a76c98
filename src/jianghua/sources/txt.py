"""Read a scraped .txt page: every line kept as-is, numbered as in the original file.

Why this exists: text copied from 范文/文库 pages keeps its navigation lines, blank lines and
Windows line ends; later cleaning steps decide what is noise, so the reader must not drop or alter
anything, and each line must keep its line number in the original file (as `grep -n`/`sed -n`
count them) so every edit can be traced back. Lines end at '\\n' (a trailing '\\r' is removed);
a file that uses bare '\\r' (old Mac) line ends is split on '\\r'. A final line end does not start
an extra empty line.
"""

from __future__ import annotations

from jianghua.records import Edit, Line, Page

from .budget import Budget
from .budget import check as budget_check
from .encoding import LineNote, decode_with_notes


def split_lines(text: str) -> list[str]:
    """The lines of a decoded file, without their line ends.

    Only '\\n' ends a line (not the other characters `str.splitlines` splits on, such as \\x0c or
    \\u2028), so that line numbers match `wc -l`, `grep -n` and editors; trailing '\\r's are
    stripped. A text with no '\\n' but with '\\r' is split on '\\r'.
    """
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    lines = text.split(sep)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the file ends with a line end
    if sep == "\n" and "\r" in text:
        lines = [line.rstrip("\r") for line in lines]
    return lines


def read_txt(data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None) -> Page:
    text, encoding, notes = decode_with_notes(data, path)
    budget_check(budget, path, len(text))
    original = tuple(split_lines(text))
    lines = tuple(Line(line, number) for number, line in enumerate(original, 1))
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding=encoding,
        format="txt",
        lines=lines,
        original=original,
        meta={},
        edits=encoding_edits(notes, encoding),
    )


def encoding_edits(notes: list[LineNote], encoding: str) -> tuple[Edit, ...]:
    """An edit for each line decoded in another encoding than its page (see encoding.py)."""
    return tuple(
        Edit("encoding", line, before, after, f"此行按 {codec} 解码（页面其余部分为 {encoding}）")
        for line, before, after, codec in notes
    )
