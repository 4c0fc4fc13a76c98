"""The ingest lock: one writer per library folder at a time.

Two ingests writing the same library at once would not corrupt SQLite (it serialises writers), but
they would interleave families and derived-index updates and make every progress report a lie, so a
second ingest is refused with the pid of the one holding the lock.

Why fcntl.flock on a file rather than "create a pid file": the kernel drops a flock when the last
descriptor of its open file goes away, so a process killed with kill -9 (or a crashed machine)
never leaves a lock behind. The pid and start time written into the file are only for the message;
a lock file whose lock is free is stale, whatever it says, and the next ingest takes it over.

Worker processes forked while the lock is held inherit its descriptor and would keep the lock alive
after the parent is killed, so the descriptor is closed in every forked child (closing a copy does
not release the parent's lock; only flock(LOCK_UN) would, and children never call it).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from jianghua.errors import LibraryError

LOCK_NAME = "ingest.lock"

_held: dict[str, int] = {}  # lock path -> descriptor, in this process


def _close_in_child() -> None:
    for fd in _held.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def exit_with_parent(parent_pid: int) -> None:
    """Worker-process initializer: die when the ingest that forked this worker dies.

    Without it, a kill -9 of an ingest leaves its pool workers blocked for ever on a full result
    pipe that nobody reads. Linux delivers SIGKILL on the parent's death (PR_SET_PDEATHSIG);
    elsewhere a daemon thread polls the parent pid."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class LibraryLocked(LibraryError):
    """Another process is ingesting into this library."""

    def __init__(self, folder: Path, holder: dict):
        pid = holder.get("pid", "unknown")
        since = holder.get("started", "an unknown time")
        super().__init__(
            f"another ingest is running on {folder} (pid {pid}, since {since}); "
            "wait for it to finish, or stop it, then run this ingest again"
        )
        self.folder = folder
        self.holder = holder


def read_holder(folder: str | Path) -> dict:
    """What the lock file says about its last holder ({} if nothing readable)."""
    try:
        return json.loads((Path(folder) / LOCK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class IngestLock:
    """`with IngestLock(folder) as lock:` holds the library's ingest lock or raises LibraryLocked.

    `lock.stale` is the previous holder's record when it died without releasing (the lock file
    still named a pid), so the caller can say that it is resuming an interrupted ingest.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.fd: int | None = None
        self.stale: dict | None = None

    def acquire(self) -> IngestLock:
        key = str(self.path.resolve())
        if key in _held:  # flock would conflict with our own other descriptor
            raise LibraryLocked(self.folder, {"pid": os.getpid(), "started": "(this process)"})
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LibraryLocked(self.folder, read_holder(self.folder)) from None
        except BaseException:
            os.close(fd)
            raise
        previous = read_holder(self.folder)
        if previous.get("pid"):
            self.stale = previous  # its holder died holding it: nothing released it cleanly
        record = {"pid": os.getpid(), "started": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self.fd = fd
        _held[key] = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        _held.pop(str(self.path.resolve()), None)
        os.ftruncate(self.fd, 0)  # an empty lock file: the last ingest finished cleanly
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> IngestLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
