"""Adding uploaded files to the library from the web UI, one at a time, as `jianghua ingest` does.

Why this exists: a library could only grow from the command line. An upload is kept, so that the
reader's "show original" can re-read it: it is written under the library folder as
uploads/<random hex><suffix>, the suffix from the allow-list, never under the name the user gave
(kept only for display, reduced to a base name). The ingest lock (library/lock.py) is taken
without waiting: a second ingest, from the CLI or another upload, gets 409 and the library is
untouched. A file that fails to read or to store leaves nothing behind, not even its copy.

The summary is the CLI's row (speeches, new, copies, noise lines, edits, status), plus each
speech's id and title so the page can link them. OCR reports its pages to `progress()`, which the
upload page polls.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import replace
from pathlib import Path

from fastapi import HTTPException

from jianghua.errors import SourceError
from jianghua.library.indexes import update_all
from jianghua.library.lock import IngestLock, LibraryLocked
from jianghua.library.store import Library
from jianghua.pipeline import process_page
from jianghua.sources import Budget, ocr, read_page

UPLOAD_FOLDER = "uploads"
MAX_INGEST_BYTES = 19 * 1024 * 1024  # under the server's 20 MB request limit (security.py)
READ_CHARS = 5_000_000
READ_SECONDS = 900.0  # OCR of a long scan takes seconds a page
SKIP_INDEXES = ("embeddings",)  # the slow one; the next `jianghua ingest` or `index` catches up

_state_lock = threading.Lock()
_state: dict = {}


def progress() -> dict:
    """What the ingest in hand is doing: {"file", "stage", "done", "total"} or {}."""
    with _state_lock:
        return dict(_state)


def _set(**values) -> None:
    with _state_lock:
        _state.clear()
        _state.update(values)


def _ocr_progress(name: str) -> None:
    def report(_: str, done: int, total: int) -> None:
        _set(file=name, stage="识别", done=done, total=total)

    ocr.progress = report


def ingest_upload(folder: Path, data: bytes, name: str, suffix: str) -> dict:
    """Store one uploaded file in the library in `folder`; the summary, or HTTPException (409
    another ingest holds the lock, 422 unreadable or not stored)."""
    lock = IngestLock(folder)
    try:
        lock.acquire()
    except LibraryLocked as exc:
        raise HTTPException(409, f"{name}：另一个导入正在进行，请稍后再试") from exc
    target = None
    try:
        _set(file=name, stage="读取", done=0, total=0)
        uploads = folder / UPLOAD_FOLDER
        uploads.mkdir(exist_ok=True)
        target = uploads / f"{secrets.token_hex(16)}{suffix}"
        with open(target, "xb") as f:  # x: never over an existing file
            f.write(data)
        _ocr_progress(name)
        try:
            page = read_page(
                target, max_bytes=MAX_INGEST_BYTES, budget=Budget(READ_CHARS, READ_SECONDS)
            )
        except SourceError as exc:
            raise HTTPException(422, f"{name}：无法读取（{exc.reason}）") from exc
        finally:
            ocr.progress = None
        page = replace(page, name=name)
        with Library(folder) as lib:
            if lib.has_source(page.sha256):
                return _summary(name, None, [], "already in library")
            _set(file=name, stage="整理", done=0, total=0)
            page, speeches = process_page(page)
            known = {s.id for s in speeches if _held(lib, s.id)}
            (result,) = lib.add_pages([(page, speeches)])
            if isinstance(result, Exception):
                raise HTTPException(422, f"{name}：未能入库（{result}）")
            _set(file=name, stage="索引", done=0, total=0)
            update_all(lib, skip=SKIP_INDEXES)
            target = None  # stored: the upload stays, for "show original"
            found = [
                {"id": s.id, "title": s.title or "（无标题）", "new": s.id not in known}
                for s in speeches
            ]
            status = "ok" + (
                f", families joined: {len(result.joined_families)}"
                if result.joined_families
                else ""
            )
            return _summary(name, result, found, status)
    finally:
        if target is not None:
            try:
                os.unlink(target)
            except OSError:
                pass
        _set()
        lock.release()


def _held(lib: Library, speech_id: str) -> bool:
    return (
        lib.db.execute("SELECT 1 FROM speeches WHERE id = ?", (speech_id,)).fetchone() is not None
    )


def _status_text(result, status: str) -> str:
    if result is None:
        return "已在库中（同一文件已导入过）"
    if result.joined_families:
        return f"已入库，并入相似讲话组 {len(result.joined_families)} 个"
    return "已入库"


def _summary(name: str, result, speeches: list[dict], status: str) -> dict:
    row = {
        "file": name,
        "status": status,
        "status_text": _status_text(result, status),
        "speeches": speeches,
    }
    for key in ("speeches", "new", "copies", "removed_lines", "edits"):
        row[f"count_{key}"] = getattr(result, key) if result is not None else 0
    return row
