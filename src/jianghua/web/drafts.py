"""Drafts the 查重 page keeps for a while, so that its report can be downloaded by id.

The report page used to send the whole draft back in a hidden form field; a browser posts such a
form URL-encoded, nine bytes per Chinese character, and a draft of 120,000 characters passed the
form parser's 1 MB field limit: "download DOCX" answered 400. Now POST /check stores the draft
here under a random id and the download form carries the id only.

The drafts are unpublished texts: they live in a private temporary folder of the server process
(mode 0700), never in the library (which may be read-only, or shared), at most MAX_DRAFTS of
them (each at most routes_check.MAX_DRAFT_CHARS, so some 30 MB in all), each for KEEP_SECONDS;
the folder is removed when the server process ends.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

MAX_DRAFTS = 50  # the oldest goes when a new one would pass this
KEEP_SECONDS = 2 * 3600  # a report page left open longer asks for the draft again
DRAFT_ID = re.compile(r"[0-9a-f]{32}")


class DraftGone(LookupError):
    """No draft under this id: never stored, expired or pushed out by newer ones."""


class DraftStore:
    def __init__(
        self,
        folder: Path | None = None,
        max_drafts: int = MAX_DRAFTS,
        keep_seconds: float = KEEP_SECONDS,
    ):
        self._folder = Path(folder) if folder else None
        self.max_drafts = max_drafts
        self.keep_seconds = keep_seconds
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Made on the first draft (most servers never see one); removed when the process ends."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="jianghua-drafts-"))  # mode 0700
            atexit.register(self.close)
        self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self._folder

    def put(self, text: str, min_chars: int) -> str:
        """Store a draft; its id (32 hex digits)."""
        draft_id = secrets.token_hex(16)
        body = json.dumps({"text": text, "min_chars": min_chars}, ensure_ascii=False)
        with self._lock:
            self._prune(room_for=1)
            path = self.folder / f"{draft_id}.json"
            partial = path.with_suffix(".part")
            partial.write_text(body, encoding="utf-8")
            os.replace(partial, path)  # a reader never sees half a draft
        return draft_id

    def get(self, draft_id: str) -> tuple[str, int]:
        """(text, min_chars) of a stored draft, or DraftGone."""
        if not DRAFT_ID.fullmatch(draft_id or ""):
            raise DraftGone(draft_id)
        path = self.folder / f"{draft_id}.json"
        try:
            if time.time() - path.stat().st_mtime > self.keep_seconds:
                raise DraftGone(draft_id)
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise DraftGone(draft_id) from None
        return str(data["text"]), int(data["min_chars"])

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def _prune(self, room_for: int = 0) -> None:
        now = time.time()
        kept = []
        for path in self.folder.glob("*.json"):
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            if age > self.keep_seconds:
                path.unlink(missing_ok=True)
            else:
                kept.append((age, path))
        kept.sort()  # youngest first
        for _age, path in kept[max(0, self.max_drafts - room_for) :]:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
