"""Request dependencies: the library the server was started on.

SQLite connections may not cross threads and FastAPI runs plain endpoints in a thread pool, so
each worker thread keeps its own read connection to the library.
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


def library(request: Request) -> Library:
    """The library of the app serving `request`."""
    return open_for_thread(request.app.state.library_folder)


# Route parameters: `lib: LibraryDep`.
LibraryDep = Annotated[Library, Depends(library)]


def speech_id(value: str) -> str:
    """A speech id as given in a URL: exactly 12 lowercase hex digits, or 404."""
    if not SPEECH_ID.fullmatch(value):
        raise HTTPException(404, f"no speech with id {value[:40]!r} (ids are 12 hex digits)")
    return value
