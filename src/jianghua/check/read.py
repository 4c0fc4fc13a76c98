"""Read a draft: a .txt file (any encoding ingest reads), a .docx file, or text from stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from jianghua.errors import SourceError
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check
from jianghua.sources.docx import document_paragraphs
from jianghua.sources.encoding import decode_bytes

MAX_BYTES = 20_000_000


def draft_from_bytes(data: bytes, name: str, budget: Budget | None = None) -> str:
    """The draft text: paragraphs (docx) or lines (txt) joined by "\\n". A .docx is read only
    as far as `budget` allows (BudgetExceeded as soon as it is spent)."""
    if not data.strip():
        raise SourceError(name, "empty draft")
    if len(data) > MAX_BYTES:
        raise SourceError(name, f"draft too large ({len(data)} bytes, limit {MAX_BYTES})")
    if name.lower().endswith(".docx"):
        texts, _ = document_paragraphs(data, name, budget)
        text = "\n".join(texts)
    elif name == "-" or name.lower().endswith(".txt") or "." not in Path(name).name:
        text, _ = decode_bytes(data, name)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        budget_check(budget, name, len(text))
    else:
        raise SourceError(name, "unsupported draft type (expected .txt, .docx or - for stdin)")
    if not text.strip():
        raise SourceError(name, "empty draft")
    return text


def read_draft(path: str) -> str:
    if path == "-":
        return draft_from_bytes(sys.stdin.buffer.read(), "-")
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except IsADirectoryError:
        raise SourceError(path, "is a directory, not a file") from None
    except OSError as e:
        raise SourceError(path, f"cannot read file ({e.strerror or e})") from e
    return draft_from_bytes(data, p.name if p.suffix else path)
