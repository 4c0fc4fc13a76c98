"""Request dependencies: the library the server was started on.

SQLite connections may not cross threads. FastAPI runs plain endpoints, and plain dependencies,
in a thread pool, and not necessarily on the same thread, so the dependency hands out a proxy
that resolves to the calling thread's own connection each time it is used.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from jianghua.library.store import Library

SPEECH_ID = re.compile(r"[0-9a-f]{12}")
_local = threading.local()


def open_for_thread(folder: Path) -> Library:
    libs = getattr(_local, "libs", None)
    if libs is None:
        libs = _local.libs = {}
    lib = libs.get(folder)
    if lib is None:
        lib = libs[folder] = Library(folder, create=False)
    return lib


class ThreadLibrary:
    """Stands for the Library in `folder`; every attribute is looked up on the connection of
    the thread using it (see module docstring)."""

    def __init__(self, folder: Path):
        self._folder = folder

    def __getattr__(self, name):
        return getattr(open_for_thread(self._folder), name)


def library(request: Request) -> Library:
    """The library of the app serving `request` (a ThreadLibrary)."""
    return ThreadLibrary(request.app.state.library_folder)  # type: ignore[return-value]


# Route parameters: `lib: LibraryDep`.
LibraryDep = Annotated[Library, Depends(library)]


def speech_id(value: str) -> str:
    """A speech id as given in a URL: exactly 12 lowercase hex digits, or 404."""
    if not SPEECH_ID.fullmatch(value):
        raise HTTPException(404, f"没有编号为 {value[:40]} 的讲话（编号是 12 位十六进制数字）")
    return value
