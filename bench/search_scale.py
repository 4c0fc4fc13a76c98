"""Search at scale (issues 16 and 17): keyword, semantic and hybrid latency through `search()` on a
large real-like library, with the brute-force alternative in the same run.

    .venv/bin/python bench/search_scale.py [--paragraphs 1000000] [--out bench/out] [--runs 3]

1. Library: bench/research.py's large library (speeches of 8-50 paragraphs of 2-3 sentences drawn
   from the samples' sentences, so that no paragraph recurs more than a few times; reused while
   its done.json exists), then the full-text index and the fast embedding tier built as ingest
   builds them (their times). The e5 tier is not computed: at ~2-9k chars/s it would take days
   on 2 cores, so queries are embedded by the fast tier, as in a library whose e5 run has not
   started.
2. Queries: the 69 judged queries of tests/search/relevance/judged.json (phrases, long words,
   several words, questions, typos, abbreviations, descriptions, role filters, titles), each run
   --runs times after one warm-up of the whole set: p50/p99 per mode, and the slowest queries.
3. Baseline in the same run: the semantic search a user could write, a brute-force cosine over
   every fast vector in memory (numpy, the matrix loaded once), against the memory-mapped ANN
   index; and the peak memory of this process.
Targets (issue 16): hybrid p50 < 50 ms, p99 < 200 ms; keyword p50 < 10 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import research as research_bench  # noqa: E402  (its large library)

from jianghua.library import embeddings  # noqa: E402
from jianghua.library.embeddings import EmbeddingIndex  # noqa: E402
from jianghua.library.search import search  # noqa: E402
from jianghua.library.search_index import SearchIndex  # noqa: E402
from jianghua.library.store import Library  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {}

    folder, report["library"] = research_bench.large_library(out, args.paragraphs, args.seed)
    lib = Library(folder)
    started = time.perf_counter()
    SearchIndex(lib).update()
    report["search_index_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    EmbeddingIndex(lib).update()  # the fast tier only (e5=False)
    report["fast_tier_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False), flush=True)

    judged = json.loads((ROOT / "tests/search/relevance/judged.json").read_text("utf-8"))
    queries = [(q["query"], q.get("filters") or {}) for q in judged["queries"]]
    modes = ("keyword", "semantic", "hybrid")
    for mode in modes:  # warm-up: index readers, the vector index, the lexicon, rjieba
        for query, filters in queries:
            search(lib, query, mode=mode, filters=filters)
    timings: dict[str, list[float]] = {m: [] for m in modes}
    per_query: dict[str, list[tuple[float, str]]] = {m: [] for m in modes}
    totals: dict[str, list[int]] = {m: [] for m in modes}
    for mode in modes:
        for query, filters in queries:
            ms = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                result = search(lib, query, mode=mode, filters=filters)
                ms.append(1000 * (time.perf_counter() - t0))
            timings[mode] += ms
            per_query[mode].append((statistics.median(ms), query))
            totals[mode].append(result["total"])
    report["modes"] = {
        m: {
            "p50_ms": round(pct(timings[m], 50), 1),
            "p99_ms": round(pct(timings[m], 99), 1),
            "slowest": [f"{q} {ms:.0f} ms" for ms, q in sorted(per_query[m], reverse=True)[:3]],
            "median_total": int(statistics.median(totals[m])),
        }
        for m in modes
    }

    # the brute-force alternative: every fast vector in memory, one matrix product per query
    vectors = embeddings.load(lib, "fast")
    matrix = vectors.matrix.astype(np.float32)
    brute, ann_ms = [], []
    for query, _ in queries:
        q = embeddings.embed_query_fast(query)
        t0 = time.perf_counter()
        scores = matrix @ q
        top = np.argpartition(-scores, 200)[:200]
        top[np.argsort(-scores[top])]
        brute.append(1000 * (time.perf_counter() - t0))
        t0 = time.perf_counter()
        embeddings.nearest_in_tier(lib, query, 200)
        ann_ms.append(1000 * (time.perf_counter() - t0))
    report["nearest_200"] = {
        "ann_p50_ms": round(pct(ann_ms, 50), 1),
        "brute_force_p50_ms": round(pct(brute, 50), 1),
        "brute_force_matrix_mb": round(matrix.nbytes / 1e6),
        "ratio": round(pct(brute, 50) / max(pct(ann_ms, 50), 1e-6), 1),
    }
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    (out / "search_scale.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))

    info = report["library"]
    print(
        f"{info['paragraphs']:,} paragraphs, {info['speeches']:,} speeches "
        f"(a paragraph repeated at most {info['max_paragraph_repeats']} times); "
        f"search index {report['search_index_s']} s, fast tier {report['fast_tier_s']} s"
    )
    print(f"{len(queries)} judged queries x {args.runs} runs through search():")
    for m in modes:
        r = report["modes"][m]
        print(f"  {m:8} p50 {r['p50_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  slowest: "
              + "; ".join(r["slowest"]))  # fmt: skip
    n = report["nearest_200"]
    print(
        f"nearest 200 paragraphs: ANN {n['ann_p50_ms']} ms (query embedded) against brute force "
        f"{n['brute_force_p50_ms']} ms over a {n['brute_force_matrix_mb']} MB matrix "
        f"(x{n['ratio']}); peak memory of this process {report['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
