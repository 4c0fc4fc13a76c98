"""Approximate nearest neighbours over one embedding tier: a usearch HNSW graph on disk.

Why usearch: bench/semantic.py measured it against faiss (HNSW) and hnswlib on the same vectors
(build time, recall@10 against brute force, query time) and it is the one whose saved index can be
served as a memory-mapped view, so every web worker shares one copy in the page cache instead of
holding its own (brute force held 1.5 GB per process at 1 M paragraphs).

Files beside the tier's parts: `ann.usearch` (labels are row numbers), `ann-keys.npy` and
`ann-paras.npy` (speech key and paragraph index of each row, memory-mapped too) and `ann.json`
(the parts it holds, in order, and the row count). Adding parts appends to the graph and saves it
again under a temporary name, then renames: a reader sees the old index or the new one, and an
interrupted update is redone from the parts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

INDEX = "ann.usearch"
KEYS = "ann-keys.npy"
PARAS = "ann-paras.npy"
MANIFEST = "ann.json"
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 512  # recall@10 against brute force: 0.948 at 96, 0.977 at 256 (bench/README.md)
DTYPE = "f16"  # half the memory of f32; cosine ranking unchanged at this dimension


def _new_index(dim: int):
    from usearch.index import Index

    return Index(
        ndim=dim,
        metric="cos",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"parts": [], "rows": 0}


def _atomic_npy(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        np.save(f, array)
    os.replace(tmp, path)


def update(folder: Path, parts: list[Path], dim: int) -> int:
    """Bring the index in `folder` up to date with `parts` (in order); returns rows added."""
    held = manifest(folder)
    names = [p.name for p in parts]
    if held["parts"] != names[: len(held["parts"])] or not (folder / INDEX).exists():
        held = {"parts": [], "rows": 0}  # parts were replaced (a rebuild): start again
    new = parts[len(held["parts"]) :]
    if not new:
        return 0
    index = _new_index(dim)
    keys = [np.zeros(0, dtype=np.uint64)]
    paras = [np.zeros(0, dtype=np.int32)]
    if held["rows"]:
        index.load(str(folder / INDEX))
        keys = [np.load(folder / KEYS)]
        paras = [np.load(folder / PARAS)]
    rows = held["rows"]
    for part in new:
        with np.load(part) as data:
            vectors = data["vectors"]
            if len(vectors):
                index.add(np.arange(rows, rows + len(vectors), dtype=np.uint64), vectors)
            keys.append(data["keys"].astype(np.uint64))
            paras.append(data["paras"].astype(np.int32))
            rows += len(vectors)
    tmp = folder / f".{INDEX}.tmp"
    index.save(str(tmp))
    os.replace(tmp, folder / INDEX)
    _atomic_npy(folder / KEYS, np.concatenate(keys))
    _atomic_npy(folder / PARAS, np.concatenate(paras))
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"parts": names, "rows": rows}), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return rows - held["rows"]


def drop(folder: Path) -> None:
    for name in (INDEX, KEYS, PARAS, MANIFEST):
        (folder / name).unlink(missing_ok=True)


class View:
    """A saved index opened read-only, memory-mapped (shared by every process that opens it)."""

    def __init__(self, folder: Path):
        from usearch.index import Index

        self.stamp = (folder / MANIFEST).stat().st_mtime_ns
        self.index = Index.restore(str(folder / INDEX), view=True)
        self.index.expansion_search = EXPANSION_SEARCH
        self.keys = np.load(folder / KEYS, mmap_mode="r")
        self.paras = np.load(folder / PARAS, mmap_mode="r")
        self._by_key: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of the k nearest rows, best first, and their cosine similarities."""
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        found = self.index.search(vector.astype(np.float32), k)
        rows = np.asarray(found.keys, dtype=np.int64)
        scores = 1.0 - np.asarray(found.distances, dtype=np.float32)
        # opened while a writer was between renaming the graph and the row keys: newer rows
        # have no key yet, and are left out until the next reopen
        known = rows < len(self.keys)
        return rows[known], scores[known]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.index.get(rows.astype(np.uint64)), dtype=np.float32)

    def rows_of(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """The row of each (speech key, paragraph), -1 where the index has none."""
        if self._by_key is None:  # once per opened view: 16 bytes a row, not a dict of a million
            order = np.argsort(self.keys, kind="stable")
            self._by_key = (order, np.asarray(self.keys)[order])
        order, sorted_keys = self._by_key
        out = np.full(len(pairs), -1, dtype=np.int64)
        for n, (key, para) in enumerate(pairs):
            key = np.uint64(key)
            lo = np.searchsorted(sorted_keys, key, side="left")
            hi = np.searchsorted(sorted_keys, key, side="right")
            for row in order[lo:hi]:
                if self.paras[row] == para:
                    out[n] = row
                    break
        return out


_views: dict[str, View] = {}


def view(folder: Path) -> View | None:
    """The folder's index, reopened when it was saved again since; None if there is none."""
    try:
        stamp = (folder / MANIFEST).stat().st_mtime_ns
    except OSError:
        return None
    key = str(folder.resolve())
    cached = _views.get(key)
    if cached is None or cached.stamp != stamp:
        if not manifest(folder)["rows"]:
            return None
        cached = _views[key] = View(folder)
    return cached
