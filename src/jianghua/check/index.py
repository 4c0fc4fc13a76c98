"""The 查重 index: winnowed K-gram fingerprints of every library speech (a derived index).

Storage, beside the store in <library>/check/: immutable segment files `seg-<n>.npy`, each one
sorted uint64 array of postings (hash << 32 | document number). Looking up a draft's hashes is a
vectorised binary search per segment, 8 bytes a posting, and building needs no SQL per posting.
In the library's SQLite file, `check_docs` maps document numbers to speech ids (and is what
`pending` compares with the store) and `check_segments` lists the live segment files. A segment file
is written and renamed into place before the transaction that records it and its documents
commits, so an interrupted update leaves at most an unlisted file, removed on the next update, and
its speeches are still pending.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from jianghua.check.fingerprint import batch_fingerprints
from jianghua.check.keys import library_key
from jianghua.library.store import Library

# np.load parses each file's header with ast.literal_eval, which is not thread-safe in CPython
# (gh-106905: "AST constructor recursion depth mismatch" under concurrent web requests). Loading is
# a header read plus an mmap, so one lock costs nothing.
_LOAD_LOCK = threading.Lock()


def _load(path: Path, **kwargs) -> np.ndarray:
    with _LOAD_LOCK:
        return np.load(path, **kwargs)


SCHEMA = """
CREATE TABLE IF NOT EXISTS check_docs (
    num INTEGER PRIMARY KEY,
    speech_id TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS check_segments (
    num INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    postings INTEGER NOT NULL,
    first_doc INTEGER NOT NULL,
    last_doc INTEGER NOT NULL
);
"""
BATCH = 20_000  # speeches per segment written by `update`, at most
BATCH_CHARS = 20_000_000  # characters per segment, at most (bounds the numpy work arrays)
MAX_SEGMENTS = 8  # more than this after an update: merge them into one


class CheckIndex:
    name = "check"

    def __init__(self, lib: Library):
        self.lib = lib
        self.folder = lib.folder / "check"
        lib.ensure_tables(SCHEMA)  # temporary and empty in a read-only library that lacks them
        self._segments: list[np.ndarray] | None = None

    # -- derived-index protocol -------------------------------------------------------------

    def pending(self) -> int:
        return self.lib.db.execute(
            "SELECT COUNT(*) FROM speeches WHERE id NOT IN (SELECT speech_id FROM check_docs)"
        ).fetchone()[0]

    def update(self, on_progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
        self._remove_unlisted()
        ids = [
            r[0]
            for r in self.lib.db.execute(
                "SELECT id FROM speeches WHERE id NOT IN (SELECT speech_id FROM check_docs)"
                " ORDER BY rowid"
            )
        ]
        added = 0
        items: list[tuple[str, str]] = []
        size = 0
        for sid, text in self._texts(ids):
            items.append((sid, text))
            size += len(text)
            if len(items) >= batch or size >= BATCH_CHARS:
                self.add_texts(items)
                added += len(items)
                if on_progress:
                    on_progress(len(items))
                items, size = [], 0
        if items:
            self.add_texts(items)
            added += len(items)
            if on_progress:
                on_progress(len(items))
        if len(self._segment_rows()) > MAX_SEGMENTS:
            self.compact()
        return added

    def rebuild(self, on_progress: Callable[[int], None] | None = None) -> int:
        with self.lib.db:
            self.lib.db.execute("DELETE FROM check_docs")
            self.lib.db.execute("DELETE FROM check_segments")
        self._segments = None
        self._remove_unlisted()
        return self.update(on_progress)

    def verify(self) -> list[str]:
        problems = []
        missing = self.pending()
        if missing:
            problems.append(f"{missing} speeches not indexed")
        extra = self.lib.db.execute(
            "SELECT COUNT(*) FROM check_docs WHERE speech_id NOT IN (SELECT id FROM speeches)"
        ).fetchone()[0]
        if extra:
            problems.append(f"{extra} indexed speeches no longer in the store")
        covered = 0
        for row in self._segment_rows():
            path = self.folder / row["file"]
            if not path.exists():
                problems.append(f"segment {row['file']} is missing")
                continue
            arr = _load(path, mmap_mode="r")
            if len(arr) != row["postings"]:
                problems.append(
                    f"check: segment {row['file']} holds {len(arr)} postings, {row['postings']} recorded"
                )
            covered += self.lib.db.execute(
                "SELECT COUNT(*) FROM check_docs WHERE num BETWEEN ? AND ?",
                (row["first_doc"], row["last_doc"]),
            ).fetchone()[0]
        docs = self.lib.db.execute("SELECT COUNT(*) FROM check_docs").fetchone()[0]
        if covered != docs:
            problems.append(f"{docs - covered} indexed speeches in no segment")
        return problems

    # -- writing ----------------------------------------------------------------------------

    def add_texts(self, items: list[tuple[str, str]]) -> int:
        """Index (speech id, stored text) pairs as one new segment; returns postings written.

        `update` calls this per batch; the benchmark calls it directly for speeches it inserted."""
        if not items:
            return 0
        first = self.lib.db.execute("SELECT COALESCE(MAX(num), 0) + 1 FROM check_docs").fetchone()[
            0
        ]
        hashes, doc = batch_fingerprints([library_key(text) for _, text in items])
        # sorted already: batch_fingerprints sorts by (hash, document)
        postings = (hashes << np.uint64(32)) | (doc + first).astype(np.uint64)
        seg = self.lib.db.execute(
            "SELECT COALESCE(MAX(num), 0) + 1 FROM check_segments"
        ).fetchone()[0]
        self._write(f"seg-{seg:06d}.npy", postings)
        last = first + len(items) - 1
        with self.lib.db:
            self.lib.db.executemany(
                "INSERT INTO check_docs (num, speech_id) VALUES (?, ?)",
                ((first + i, sid) for i, (sid, _) in enumerate(items)),
            )
            self.lib.db.execute(
                "INSERT INTO check_segments VALUES (?, ?, ?, ?, ?)",
                (seg, f"seg-{seg:06d}.npy", len(postings), first, last),
            )
        self._segments = None
        return len(postings)

    def compact(self) -> None:
        """Merge every segment into one (fewer binary searches per check)."""
        rows = self._segment_rows()
        if len(rows) < 2:
            return
        merged = np.sort(np.concatenate([_load(self.folder / r["file"]) for r in rows]))
        seg = max(r["num"] for r in rows) + 1
        self._write(f"seg-{seg:06d}.npy", merged)
        with self.lib.db:
            self.lib.db.execute("DELETE FROM check_segments")
            self.lib.db.execute(
                "INSERT INTO check_segments VALUES (?, ?, ?, ?, ?)",
                (
                    seg,
                    f"seg-{seg:06d}.npy",
                    len(merged),
                    min(r["first_doc"] for r in rows),
                    max(r["last_doc"] for r in rows),
                ),
            )
        self._segments = None
        self._remove_unlisted()

    def _write(self, name: str, postings: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.tmp"
        with open(tmp, "wb") as f:
            np.save(f, postings)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / name)

    def _remove_unlisted(self) -> None:
        if not self.folder.exists():
            return
        listed = {r["file"] for r in self._segment_rows()}
        for path in self.folder.iterdir():
            if path.name not in listed and (path.suffix == ".npy" or path.name.endswith(".tmp")):
                path.unlink()

    # -- reading ----------------------------------------------------------------------------

    def _segment_rows(self):
        return self.lib.db.execute("SELECT * FROM check_segments ORDER BY num").fetchall()

    def segments(self) -> list[np.ndarray]:
        if self._segments is None:
            self._segments = [
                _load(self.folder / r["file"], mmap_mode="r") for r in self._segment_rows()
            ]
        return self._segments

    def size_bytes(self) -> int:
        return sum(Path(self.folder / r["file"]).stat().st_size for r in self._segment_rows())

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """(posting count per hash, [document numbers per hash]) for distinct uint64 hashes."""
        lows = hashes << np.uint64(32)
        highs = (hashes + np.uint64(1)) << np.uint64(32)
        counts = np.zeros(len(hashes), dtype=np.int64)
        spans = []
        for arr in self.segments():
            lo = np.searchsorted(arr, lows)
            hi = np.searchsorted(arr, highs)
            counts += hi - lo
            spans.append((arr, lo, hi))
        docs = []
        for i in range(len(hashes)):
            parts = [arr[lo[i] : hi[i]] for arr, lo, hi in spans if hi[i] > lo[i]]
            docs.append(
                (np.concatenate(parts) & np.uint64(0xFFFFFFFF)).astype(np.int64)
                if parts
                else np.zeros(0, dtype=np.int64)
            )
        return counts, docs

    def _texts(self, ids: list[str]):
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            # fetched before yielding: the caller writes between chunks
            yield from self.lib.db.execute(
                f"SELECT id, text FROM speeches WHERE id IN ({marks})", chunk
            ).fetchall()

    def documents(self, nums: list[int]) -> dict[int, tuple[str, str, str]]:
        """{document number: (speech id, family, text)}."""
        out = {}
        for lo in range(0, len(nums), 500):
            chunk = nums[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.lib.db.execute(
                "SELECT d.num, s.id, s.family, s.text FROM check_docs d"
                f" JOIN speeches s ON s.id = d.speech_id WHERE d.num IN ({marks})",
                chunk,
            ):
                out[row[0]] = (row[1], row[2], row[3])
        return out
