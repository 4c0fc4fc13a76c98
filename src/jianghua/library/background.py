"""The e5 tier, computed in the background after ingest, resumably, with its progress on disk.

`start(folder)` launches `python -m jianghua.library.background FOLDER` as a detached, niced
process (its output in <library>/embeddings/e5.log) and returns at once: search works from the end
of ingest on the fast tier and takes e5 vectors in as their parts are indexed. One such process
per library: it holds an exclusive lock on embeddings/e5.lock, so a second one exits at once. It
writes embeddings/e5-progress.json ({"done", "total", "pid", "running", "updated"}) after every
part; `status` reads it without numpy or torch, for `jianghua stats`, `jianghua embed` and the UI.
Killed, it leaves its finished parts; the next start (the next ingest, `jianghua embed`, or
`jianghua serve`) embeds only the speeches still missing.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

FOLDER = "embeddings"
LOCK = "e5.lock"
PROGRESS = "e5-progress.json"
LOG = "e5.log"
NICE = 10


def _folder(library: Path) -> Path:
    return Path(library) / FOLDER


def status(library: Path) -> dict | None:
    """The last progress written ({"done", "total", "running", ...}), or None if none was."""
    try:
        state = json.loads((_folder(library) / PROGRESS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    state["running"] = state.get("running", False) and _locked(library)
    return state


def _locked(library: Path) -> bool:
    """Whether a background process holds the lock now."""
    path = _folder(library) / LOCK
    if not path.exists():
        return False
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
    return False


def start(library: Path) -> int | None:
    """Start the background e5 embedding of `library`; its pid, or None if one already runs."""
    folder = _folder(library)
    folder.mkdir(parents=True, exist_ok=True)
    if _locked(library):
        return None
    log = open(folder / LOG, "ab")  # noqa: SIM115 - handed to the child
    src = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, "-m", "jianghua.library.background", str(Path(library).resolve())],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,  # outlives the command that started it (ingest, serve)
        env=env,
        preexec_fn=lambda: os.nice(NICE),
    )
    log.close()
    return child.pid


def _write(folder: Path, state: dict) -> None:
    tmp = folder / f".{PROGRESS}.tmp"
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, folder / PROGRESS)


def run(library: Path, on_progress=None) -> int:
    """Embed every speech the e5 tier lacks, in this process (holding the lock); returns how many
    were embedded, or -1 if another process holds the lock."""
    from jianghua.library.embeddings import EmbeddingIndex
    from jianghua.library.store import Library

    folder = _folder(library)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return -1
        with Library(Path(library)) as lib:
            index = EmbeddingIndex(lib)
            total = len(lib.speech_ids())
            todo = index.pending_e5()
            state = {"done": total - todo, "total": total, "pid": os.getpid(), "running": True}
            state["updated"] = time.time()
            _write(folder, state)

            def step(n: int) -> None:
                state["done"] += n
                state["updated"] = time.time()
                _write(folder, state)
                if on_progress:
                    on_progress(state["done"], total)

            added = 0
            try:
                while True:  # an ingest meanwhile may have added speeches: take them too
                    count = index.e5.update(on_progress=step)
                    added += count
                    if not count:
                        break
                    state["total"] = len(lib.speech_ids())
            finally:
                state["running"] = False
                state["updated"] = time.time()
                _write(folder, state)
    return added


if __name__ == "__main__":  # pragma: no cover - run by start() in a child process
    run(Path(sys.argv[1]))
