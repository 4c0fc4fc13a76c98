"""Uploaded source files: only the listed types, bounded in size, never stored under their name.

An upload is written to a fresh private temporary folder as `upload<suffix>` (the suffix taken from
the allow-list, not from the user), read with the ordinary readers, and deleted. The name the user
gave is kept only for display, reduced to a harmless base name.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath, PureWindowsPath

from fastapi import HTTPException, UploadFile

from jianghua.errors import SourceError
from jianghua.records import Page
from jianghua.sources import SUPPORTED_SUFFIXES, read_page

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
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
        shown = suffix or "(no extension)"
        raise HTTPException(
            415,
            f"{display_name(filename)}: unsupported file type {shown} "
            f"(accepted: {', '.join(sorted(SUPPORTED_SUFFIXES))})",
        )
    return suffix


async def read_upload(upload: UploadFile, max_bytes: int | None = None) -> Page:
    """The uploaded file as a Page (named by its display name), or an HTTP error naming the
    file and the reason: 415 unlisted type, 413 too large (default MAX_UPLOAD_BYTES), 422
    unreadable."""
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    name = display_name(upload.filename)
    suffix = allowed_suffix(upload.filename)
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise HTTPException(413, f"{name}: file too large (limit {max_bytes} bytes)")
    with tempfile.TemporaryDirectory(prefix="jianghua-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            page = read_page(path, max_bytes=max_bytes)
        except SourceError as exc:
            raise HTTPException(422, f"{name}: {exc.reason}") from exc
    return replace(page, path=f"upload:{name}", name=name)
