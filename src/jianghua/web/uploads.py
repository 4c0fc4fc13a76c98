"""Uploaded source files: only the listed types, bounded in size, never stored under their name,
read off the event loop within a size and time budget.

An upload is written to a fresh private temporary folder as `upload<suffix>` (the suffix taken from
the allow-list, not from the user), read with the ordinary readers, and deleted. The name the user
gave is kept only for display, reduced to a harmless base name.

Reading is CPU work (a 5.4 MB .docx can hold 195 MB of XML, issue 14): it runs in a worker thread,
at most PARSERS at a time, with a Budget the readers check as they go, so that the server keeps
answering other requests and a hostile file is stopped at the character limit or after
PARSE_SECONDS, whichever comes first.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TypeVar

from fastapi import HTTPException, UploadFile
from starlette.concurrency import run_in_threadpool

from jianghua import labels
from jianghua.errors import BudgetExceeded, SourceError
from jianghua.records import Page
from jianghua.sources import SUPPORTED_SUFFIXES, Budget, read_page

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PAGE_CHARS = 1_000_000  # a page of many speeches; the largest seed holds about 150,000
PARSE_SECONDS = 10.0  # real .docx files read in well under a second
PARSERS = 2  # uploads read at once; more wait (the machine has few cores, and readers use one)
_parsers = threading.BoundedSemaphore(PARSERS)
T = TypeVar("T")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]")


def display_name(filename: str | None) -> str:
    """The user's file name for messages: base name only, no control or path characters."""
    raw = filename or ""
    base = PureWindowsPath(PurePosixPath(raw).name).name  # strips both / and \ folders
    base = _UNSAFE.sub("_", base).strip(" .") or "upload"
    return base[:120]


def allowed_suffix(filename: str | None) -> str:
    """The upload's suffix if it is one of the listed types, else 415."""
    suffix = Path(display_name(filename)).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise HTTPException(
            415,
            f"{display_name(filename)}：不支持的文件类型 {shown}"
            f"（可用 {'、'.join(sorted(SUPPORTED_SUFFIXES))}）",
        )
    return suffix


async def off_loop(read: Callable[[], T]) -> T:
    """`read()` in a worker thread once one of the PARSERS slots is free; the caller makes its
    Budget inside `read`, so that the time waiting for a slot is not counted."""

    def run() -> T:
        with _parsers:
            return read()

    return await run_in_threadpool(run)


def refused(name: str, exc: SourceError) -> HTTPException:
    """The HTTP error for an upload a reader refused: 413 over the character budget, 422 over
    the time budget or unreadable; the message names the file, never a path on the server."""
    if isinstance(exc, BudgetExceeded):
        if exc.kind == "chars":
            return HTTPException(413, f"{name}：文字超过 {exc.limit} 字的上限，已停止读取")
        return HTTPException(
            422, f"{name}：读取超过 {exc.limit:g} 秒的时限，已停止（文件过大或过于复杂）"
        )
    return HTTPException(422, f"{name}：{labels.error_text(exc.reason)}")


async def read_upload(
    upload: UploadFile, max_bytes: int | None = None, max_chars: int | None = None
) -> Page:
    """The uploaded file as a Page (named by its display name), or an HTTP error naming the
    file and the reason: 415 unlisted type, 413 too large (default MAX_UPLOAD_BYTES) or more
    text than `max_chars` (default MAX_PAGE_CHARS), 422 unreadable or over PARSE_SECONDS."""
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    name = display_name(upload.filename)
    suffix = allowed_suffix(upload.filename)
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise HTTPException(413, f"{name}：文件过大（上限 {max_bytes} 字节）")
    budget = (max_chars or MAX_PAGE_CHARS, PARSE_SECONDS)

    def read() -> Page:
        with tempfile.TemporaryDirectory(prefix="jianghua-upload-") as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            return read_page(path, max_bytes=max_bytes, budget=Budget(*budget))

    try:
        page = await off_loop(read)
    except SourceError as exc:
        raise refused(name, exc) from exc
    return replace(page, path=f"upload:{name}", name=name)
