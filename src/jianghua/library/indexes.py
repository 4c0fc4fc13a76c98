"""Indexes derived from the store: full-text, embeddings, the 查重 shingle index, the research
index of character positions.

The SQLite store is the source of truth. Each derived index records which speeches it holds and
`update` adds the ones it is missing, so an interrupted update resumes where it stopped and
`rebuild` can always start again from the store. Ingest calls `update_all` after storing pages.

An index is a class with this shape, listed by dotted name in INDEXES:

    class SomeIndex:
        name = "some"                                  # used by --skip and in reports
        def __init__(self, lib: Library): ...
        def pending(self) -> int: ...                   # speeches in the store not yet indexed
        def update(self, on_progress=None) -> int: ...  # index them; returns how many were added;
                                                        # on_progress(n) after each batch of n
        def rebuild(self, on_progress=None) -> int: ... # drop everything, index the whole store
        def verify(self) -> list[str]: ...              # differences from the store, [] when consistent
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from jianghua.library.store import Library

# Order matters: cheaper, more essential indexes first.
INDEXES: list[str] = [
    "jianghua.check.index:CheckIndex",
    "jianghua.library.search_index:SearchIndex",
    "jianghua.library.embeddings:EmbeddingIndex",
    "jianghua.research.index:ResearchIndex",
]


def index_classes() -> list[type]:
    classes = []
    for dotted in INDEXES:
        module, _, name = dotted.partition(":")
        classes.append(getattr(importlib.import_module(module), name))
    return classes


def open_indexes(lib: Library, skip: Iterable[str] = ()) -> list:
    skip = set(skip)
    return [cls(lib) for cls in index_classes() if cls.name not in skip]


def update_all(
    lib: Library,
    skip: Iterable[str] = (),
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Bring every derived index up to date with the store; returns speeches added per index.

    on_progress(index name, done, total) is called as batches complete.
    """
    added: dict[str, int] = {}
    for index in open_indexes(lib, skip):
        total = index.pending()
        done = 0

        def step(n: int, _name=index.name, _total=total) -> None:
            nonlocal done
            done += n
            if on_progress:
                on_progress(_name, done, _total)

        added[index.name] = index.update(on_progress=step) if total else 0
    return added
