"""The store's cache of stock samples (held by more than MAX_SHARED speeches) must leave the index
exactly as a store without it would: same counts, same stored samples, same families, also when a
page or a whole batch is rolled back after the cache learned from it."""

import sqlite3

import pytest
from pages import text_page

from jianghua import dedup
from jianghua.library import store as store_module
from jianghua.library.store import Library
from jianghua.pipeline import process_page

STOCK = "坚持以人民为中心的发展思想，统筹发展和安全，推动经济社会高质量发展取得新成效。"


def pages(n=14):
    """n one-speech pages sharing a stock sentence, each with text of its own; page 5 is a
    shortened copy of page 4 (a near-duplicate family)."""
    out = []
    for i in range(n):
        own = "".join(
            f"第{i}号文件第{k}条要求各单位认真落实第{i * 31 + k}项具体任务。" for k in range(12)
        )
        if i == 5:
            own = out[4][2][: len(out[4][2]) * 3 // 4]
        text = f"同志们：\n{STOCK}\n{own}\n谢谢大家！"
        page = text_page(text.split("\n"), name=f"p{i}.txt")
        page = page.__class__(**{**page.__dict__, "sha256": f"sha{i}"})
        out.append((page, process_page(page)[1], own))
    return out


def dump(lib):
    tables = ("fingerprints", "fingerprint_counts", "speeches", "occurrences", "sources")
    return {
        t: sorted(repr(tuple(r)) for r in lib.db.execute(f"SELECT * FROM {t}"))
        for t in tables
        if t != "sources"
    } | {"sources": sorted(r[0] for r in lib.db.execute("SELECT sha256 FROM sources"))}


def fresh(items):
    return [(p, [s.__class__(**s.__dict__) for s in ss]) for p, ss, _ in items]


def test_the_stock_phrase_is_stock_and_the_cache_changes_nothing(tmp_path, monkeypatch):
    items = pages()
    shared = set.intersection(*(set(ss[0].fingerprints) for _, ss, _ in items))
    assert shared  # the stock sentence gives samples every speech holds
    with Library(tmp_path / "cached") as lib:
        lib.add_pages(fresh(items[:7]))
        lib.add_pages(fresh(items[7:]))
        assert shared <= lib._stock  # learned once more than MAX_SHARED speeches held them
        cached = dump(lib)
    monkeypatch.setattr(store_module, "STOCK_CACHE", 0)  # never learns: the plain rule
    with Library(tmp_path / "plain") as lib:
        lib.add_pages(fresh(items[:7]))
        lib.add_pages(fresh(items[7:]))
        assert not lib._stock
        assert dump(lib) == cached
    counts = dict(
        sqlite3.connect(tmp_path / "cached" / store_module.DB_NAME)
        .execute("SELECT hash, speeches FROM fingerprint_counts")
        .fetchall()
    )
    assert {counts[h] for h in shared} == {len(items)}
    assert len(items) > dedup.MAX_SHARED + 1
    families = cached["speeches"]
    assert len(families) == len(items)


def test_rolled_back_pages_and_batches_unteach_the_cache(tmp_path, monkeypatch):
    items = pages()
    real = Library._store_page

    def fail_on(names, error):
        def store_page(self, page, speeches):
            result = real(self, page, speeches)  # written, and the cache learned from it
            if page.name in names:
                raise error
            return result

        return store_page

    shared = set.intersection(*(set(ss[0].fingerprints) for _, ss, _ in items))
    with Library(tmp_path / "a") as lib:
        lib.add_pages(fresh(items[:8]))  # MAX_SHARED holders: not stock yet
        assert not shared & lib._stock
        # p8, the holder that makes them stock, fails alone: its savepoint is rolled back after
        # the cache learned from it, and the cache must forget it.
        monkeypatch.setattr(
            Library, "_store_page", fail_on({"p8.txt"}, sqlite3.OperationalError("x"))
        )
        results = lib.add_pages(fresh(items[8:9]))
        assert isinstance(results[0], sqlite3.OperationalError)
        assert not shared & lib._stock
        # A whole batch fails after p8 taught the cache: everything is undone, the cache too.
        monkeypatch.setattr(Library, "_store_page", fail_on({"p9.txt"}, RuntimeError("disk full")))
        with pytest.raises(RuntimeError):
            lib.add_pages(fresh(items[8:10]))
        assert not lib._stock
        monkeypatch.setattr(Library, "_store_page", real)
        lib.add_pages(fresh(items[8:]))
        assert shared <= lib._stock
        after = dump(lib)
    monkeypatch.setattr(store_module, "STOCK_CACHE", 0)
    with Library(tmp_path / "b") as lib:
        lib.add_pages(fresh(items[:8]))
        lib.add_pages(fresh(items[8:]))
        assert dump(lib) == after
