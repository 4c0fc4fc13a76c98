"""Readers: turn one source file (.txt, .html/.htm, .docx, .doc/.wps, .pdf, .ofd, or an image
.png/.jpg/.jpeg/.tif/.tiff) into a `Page`.

Why this exists: the corpus is pages saved from 范文/文库 websites by various scrapers and people, so
any file may be mis-named, mis-encoded, binary, empty, huge, truncated, hostile (zip bombs, absurdly
nested HTML) or simply not what its extension says. `read_page` is the one entry point: it either
returns a `Page` whose lines carry their line number in the original file, or raises `SourceError`
with the file and a reason a person can act on. It never raises anything else for a bad file.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from jianghua.errors import SourceError
from jianghua.records import Edit, Page, sha256_hex
from jianghua.text import CONTROL_CHARS

from .budget import Budget
from .docx import read_docx
from .html import read_html
from .image import read_image
from .legacy import read_legacy
from .ofd import read_ofd
from .pdf import read_pdf
from .records import read_records
from .txt import read_txt

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "Budget", "read_page"]

DEFAULT_MAX_BYTES = 200_000_000
SUPPORTED_SUFFIXES = {
    ".txt": "txt",
    ".md": "txt",
    ".markdown": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "wps",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".jsonl": "records",
    ".ndjson": "records",
    ".json": "records",
    ".csv": "records",
    ".tsv": "records",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def _read_doc(data, path, name, sha256, budget=None):
    return read_legacy(data, path, name, sha256, ".doc", budget=budget)


def _read_wps(data, path, name, sha256, budget=None):
    return read_legacy(data, path, name, sha256, ".wps", budget=budget)


_READERS = {
    "txt": read_txt,
    "html": read_html,
    "docx": read_docx,
    "doc": _read_doc,
    "wps": _read_wps,
    "pdf": read_pdf,
    "ofd": read_ofd,
    "records": read_records,
    "image": read_image,
}


def read_page(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, budget: Budget | None = None
) -> Page:
    """Read a source file into a Page, or raise SourceError(str(path), reason); with `budget`,
    BudgetExceeded as soon as the text or the time it takes is over it."""
    where = printable(str(path))
    try:
        return _read_page(Path(path), where, max_bytes, budget)
    except SourceError:
        raise
    except MemoryError:
        raise SourceError(where, "out of memory while reading the file") from None
    except Exception as e:  # a reader bug must still name the file, not crash the whole ingest
        raise SourceError(
            where, f"unexpected error while reading the file ({type(e).__name__}: {e})"
        ) from e


def _read_page(path: Path, where: str, max_bytes: int, budget: Budget | None) -> Page:
    suffix = path.suffix.lower()
    kind = SUPPORTED_SUFFIXES.get(suffix)
    if kind is None:
        shown = suffix or "(no extension)"
        expected = ", ".join(SUPPORTED_SUFFIXES)
        raise SourceError(where, f"unsupported file type {shown} (expected one of {expected})")
    data = _read_bytes(path, where, max_bytes)
    if not data:
        raise SourceError(where, "empty file")
    sha256 = sha256_hex(data)
    page = _READERS[kind](data, where, printable(path.name), sha256, budget=budget)
    return strip_controls(page)


# "<U+00A0>": a character a crawler's print (R's on a non-UTF-8 locale) wrote as its code point.
_ESCAPED = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")


def _unescape(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def strip_controls(page: Page) -> Page:
    """The page without control characters in its lines, each line's change an edit; characters
    a crawler wrote out as "<U+00A0>" are written back.

    Text copied from PDF and Word carries form feeds, vertical tabs, ESC and SUB; kept, they
    reached the DOCX writers (which cannot write them) and the terminal. `original` keeps them:
    it is the file as decoded, for provenance."""
    if not any(CONTROL_CHARS.search(line.text) or "<U+" in line.text for line in page.lines):
        return page
    lines, edits = [], []
    for line in page.lines:
        text = line.text
        if "<U+" in text:
            unescaped = _ESCAPED.sub(_unescape, text)
            if unescaped != text:
                edits.append(
                    Edit("escape", line.source_line, text, unescaped, "<U+XXXX> written out")
                )
                text = unescaped
        found = CONTROL_CHARS.findall(text)
        if found:
            before, text = text, CONTROL_CHARS.sub("", text)
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            reason = f"control characters removed ({codes})"
            edits.append(Edit("control", line.source_line, before, text, reason))
        if text == line.text:
            lines.append(line)
        elif text.strip():
            lines.append(replace(line, text=text))
    return page.with_lines(lines, edits)


def printable(name: str) -> str:
    """A file name as text that can be stored and printed: bytes of the name that are not UTF-8
    (which Python holds as lone surrogates, and SQLite and terminals refuse) shown as \\xNN."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _os_reason(e: OSError | ValueError) -> str:
    if isinstance(e, FileNotFoundError):
        return "file not found"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(e, OSError) and e.strerror:
        return f"cannot read file ({e.strerror})"
    return f"cannot read file ({e})"


def _read_bytes(path: Path, where: str, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise SourceError(where, "is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise SourceError(where, "not a regular file")
        if st.st_size > max_bytes:
            raise SourceError(where, f"file too large ({st.st_size} bytes, limit {max_bytes})")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except (OSError, ValueError) as e:
        raise SourceError(where, _os_reason(e)) from e
    if len(data) > max_bytes:
        raise SourceError(where, f"file too large (over {max_bytes} bytes, limit {max_bytes})")
    return data
