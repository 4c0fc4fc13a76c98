"""Search relevance on judged queries: jianghua (keyword / semantic / hybrid) against the two
baselines a user could set up in an afternoon, on the same library and paragraphs, in one run.

    .venv/bin/python bench/relevance.py --library LIB [--judged tests/search/relevance/judged.json]
        [--pool OUT.json] [--json] [--only keyword,bm25,...] [--cutoffs] [--per-query]

LIB is the library `jianghua ingest tests/real/files samples --wait-e5` builds (the judged set
was written on it). Systems:
- keyword, semantic, hybrid: `jianghua.library.search.search`, one hit per speech (family
  copies collapsed), its best paragraph;
- bm25: rank_bm25's BM25Okapi over jieba `lcut_for_search` tokens of every paragraph of the
  canonical speeches (punctuation dropped), the query cut the same way;
- fts5: SQLite FTS5 over the same paragraphs indexed as character bigrams (what answers a query
  of any length, which FTS5's trigram tokenizer does not), each space-separated query word a
  phrase of its bigrams, ranked by FTS5's bm25().
Every system's ranking is shown as a user sees it: speeches in order, each by its best paragraph,
so the measure is the same unit for all. The gain of a result is the grade of its paragraph (a
judged key, see below, that the paragraph starts with); the ideal ranking takes each judged
speech once, at its best grade. Query filters (role, year...) are applied to the baselines too,
from the same outline roles.

Judgements (tests/search/relevance/judged.json): {"query", "class", "filters", "judged": {key:
grade}}, key = the first 30 characters of a paragraph's text (stripped), grade 0/1/2. An unjudged
paragraph counts 0. `--pool OUT` writes, per query, the paragraphs any system ranks in its top 10
that are not judged yet, for reading. `--cutoffs` prints, per vector tier, the share of the judged
paragraphs (by grade) within each margin of the query's best cosine: what SEMANTIC_MARGIN in
jianghua.library.search was chosen from.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

KEY_CHARS = 30
DEPTH = 10
SYSTEMS = ("keyword", "semantic", "hybrid", "bm25", "fts5")
WORD = re.compile(r"[^\W_]+")


def key_of(text: str) -> str:
    return text.strip()[:KEY_CHARS]


def paragraphs(lib):
    """(skey, paragraph index, text, roles) of every non-empty paragraph of the canonical speeches."""
    from jianghua.library import search_index as si

    out = []
    rows = lib.db.execute("SELECT id, text, structure FROM speeches WHERE canonical = 1")
    for row in rows:
        try:
            structure = json.loads(row["structure"] or "{}")
        except json.JSONDecodeError:
            structure = {}
        spans = si.paragraph_spans(row["text"])
        roles = si.paragraph_roles(structure if isinstance(structure, dict) else {}, spans)
        for i, para in enumerate(row["text"].split("\n")):
            if para.strip():
                # the roles jianghua's index holds (sections and the paragraph's own), so that a
                # role query compares rankings, not role detection
                own = si.paragraph_own_roles(para)
                out.append((si.speech_key(row["id"]), i, para, roles[i] | own))
    return out


def allowed(filters: dict, roles: set) -> bool:
    role = filters.get("role")
    return not role or role in roles


class BM25Baseline:
    def __init__(self, paras):
        import jieba
        from rank_bm25 import BM25Okapi

        jieba.setLogLevel(60)
        self.jieba = jieba
        self.paras = paras
        self.bm25 = BM25Okapi([self.tokens(p[2]) for p in paras])

    def tokens(self, text: str) -> list[str]:
        return [w for w in self.jieba.lcut_for_search(text.lower()) if WORD.fullmatch(w)]

    def rank(self, query: str, filters: dict) -> list[tuple[int, int, str]]:
        scores = self.bm25.get_scores(self.tokens(query))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        out = []
        for i in order:
            if scores[i] <= 0:
                break
            skey, para, text, roles = self.paras[i]
            if allowed(filters, roles):
                out.append((skey, para, text))
            if len(out) >= 2000:
                break
        return out


class FTS5Baseline:
    def __init__(self, paras):
        self.paras = paras
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(grams)")
        self.db.executemany(
            "INSERT INTO p(rowid, grams) VALUES (?, ?)",
            ((i, " ".join(self.grams(t))) for i, (_, _, t, _) in enumerate(paras)),
        )

    @staticmethod
    def grams(text: str) -> list[str]:
        out = []
        for run in WORD.findall(text.lower()):
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        return out

    def rank(self, query: str, filters: dict) -> list[tuple[int, int, str]]:
        phrases = []
        for word in query.replace('"', " ").replace("“", " ").replace("”", " ").split():
            grams = self.grams(word)
            if grams:
                phrases.append('"' + " ".join(grams) + '"')
        if not phrases:
            return []
        sql = "SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 2000"
        out = []
        for (row,) in self.db.execute(sql, (" AND ".join(phrases),)):
            skey, para, text, roles = self.paras[row]
            if allowed(filters, roles):
                out.append((skey, para, text))
        return out


def per_speech(ranked: list[tuple[int, int, str]], depth: int) -> list[tuple[int, int, str]]:
    seen, out = set(), []
    for skey, para, text in ranked:
        if skey not in seen:
            seen.add(skey)
            out.append((skey, para, text))
            if len(out) >= depth:
                break
    return out


def jianghua_ranking(lib, query: str, mode: str, filters: dict) -> list[tuple[int, int, str]]:
    from jianghua.library import search_index as si
    from jianghua.library.search import search

    result = search(lib, query, mode=mode, filters=filters, per_page=DEPTH)
    out = []
    for hit in result["hits"]:
        if hit["paragraphs"]:
            best = hit["paragraphs"][0]
            out.append((si.speech_key(hit["id"]), best["index"], best["text"]))
    return out


def grade(judged: dict, text: str) -> int:
    return int(judged.get(key_of(text), 0))


def ndcg(gains: list[int], ideal: list[int], k: int) -> float:
    def dcg(values):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(gains) / best if best else 0.0


def ideal_gains(judged: dict, paras) -> list[int]:
    """Best grade per speech over the judged paragraphs (each speech once, as results are)."""
    by_speech: dict[int, int] = {}
    for skey, _para, text, _roles in paras:
        g = judged.get(key_of(text), 0)
        if g:
            by_speech[skey] = max(by_speech.get(skey, 0), int(g))
    return list(by_speech.values())


def cutoffs(lib, queries, paras) -> None:
    """Share of judged paragraphs within each margin of the best cosine, per tier and grade."""
    import numpy as np

    from jianghua.library import embeddings

    where = {}
    for skey, para, text, _roles in paras:
        where.setdefault(key_of(text), (skey, para))
    for tier in ("e5", "fast"):
        vectors = embeddings.load(lib, tier)
        if vectors is None:
            continue
        matrix = vectors.matrix / np.linalg.norm(vectors.matrix, axis=1, keepdims=True)
        pairs = zip(vectors.keys, vectors.paras, strict=True)
        row = {(int(k), int(p)): i for i, (k, p) in enumerate(pairs)}
        embed = embeddings.embed_query if tier == "e5" else embeddings.embed_query_fast
        gaps: dict[int, list[float]] = {0: [], 1: [], 2: []}
        for q in queries:
            vector = embed(q["query"])
            scores = matrix @ (vector / np.linalg.norm(vector))
            top = float(scores.max())
            for key, g in q.get("judged", {}).items():
                at = row.get(where.get(key))
                if at is not None:
                    gaps[int(g)].append(top - float(scores[at]))
        print(f"{tier}: judged paragraphs within a margin of the best cosine (grade 0 / 1 / 2)")
        for margin in (0.02, 0.03, 0.04, 0.06, 0.08, 0.10):
            shares = [np.mean(np.array(gaps[g]) <= margin) if gaps[g] else 0 for g in (0, 1, 2)]
            print(f"  {margin:.2f}: " + " / ".join(f"{x:.2f}" for x in shares))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", required=True)
    parser.add_argument("--judged", default=str(ROOT / "tests/search/relevance/judged.json"))
    parser.add_argument("--pool", help="write the unjudged top-10 paragraphs here")
    parser.add_argument("--only", default=",".join(SYSTEMS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cutoffs", action="store_true", help="the semantic margins' table")
    parser.add_argument("--per-query", action="store_true", help="each query's nDCG@10 by system")
    args = parser.parse_args()

    from jianghua.library.store import Library

    lib = Library(args.library, create=False)
    data = json.loads(Path(args.judged).read_text(encoding="utf-8"))
    queries = data["queries"]
    if not any(q.get("judged") for q in queries):
        print(f"{args.judged}: no query is judged yet; run with --pool to list what to read")
        if not args.pool:
            return
    systems = [s for s in args.only.split(",") if s]
    paras = paragraphs(lib)
    if args.cutoffs:
        cutoffs(lib, queries, paras)
        return
    started = time.perf_counter()
    baselines = {}
    if "bm25" in systems:
        baselines["bm25"] = BM25Baseline(paras)
    if "fts5" in systems:
        baselines["fts5"] = FTS5Baseline(paras)
    built = time.perf_counter() - started

    scores = {s: [] for s in systems}
    p5 = {s: [] for s in systems}
    by_class = {s: defaultdict(list) for s in systems}
    pool: list[dict] = []
    timings = {s: 0.0 for s in systems}
    for q in queries:
        judged, filters = q.get("judged", {}), q.get("filters", {})
        ideal = ideal_gains(judged, paras)
        unjudged: dict[str, str] = {}
        for system in systems:
            t0 = time.perf_counter()
            if system in baselines:
                ranking = per_speech(baselines[system].rank(q["query"], filters), DEPTH)
            else:
                ranking = jianghua_ranking(lib, q["query"], system, filters)
            timings[system] += time.perf_counter() - t0
            gains = [grade(judged, text) for _, _, text in ranking]
            scores[system].append(ndcg(gains, ideal, DEPTH))
            p5[system].append(sum(1 for g in gains[:5] if g > 0) / 5)
            by_class[system][q["class"]].append(scores[system][-1])
            for _, _, text in ranking:
                if key_of(text) not in judged:
                    unjudged.setdefault(key_of(text), text)
        if unjudged:
            pool.append(
                {
                    "query": q["query"],
                    "filters": filters,
                    "paragraphs": [{"key": k, "text": t[:400]} for k, t in unjudged.items()],
                }
            )
    if args.per_query:
        for i, q in enumerate(queries):
            cells = " ".join(f"{s}={scores[s][i]:.2f}" for s in systems)
            print(f"{q['class']:12} {q['query']!r:30} {cells}")
    if args.pool:
        Path(args.pool).write_text(json.dumps(pool, ensure_ascii=False, indent=1), "utf-8")

    classes = sorted({q["class"] for q in queries})
    report = {
        "queries": len(queries),
        "paragraphs": len(paras),
        "unjudged_in_top10": sum(len(p["paragraphs"]) for p in pool),
        "baselines_built_s": round(built, 2),
        "systems": {
            s: {
                "ndcg@10": round(sum(scores[s]) / len(scores[s]), 3),
                "p@5": round(sum(p5[s]) / len(p5[s]), 3),
                "ms_per_query": round(1000 * timings[s] / len(queries), 1),
                "classes": {
                    c: round(sum(by_class[s][c]) / len(by_class[s][c]), 3) for c in classes
                },
            }
            for s in systems
        },
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(
        f"{report['queries']} judged queries over {report['paragraphs']} paragraphs; "
        f"unjudged paragraphs in the top 10s: {report['unjudged_in_top10']}"
    )
    header = ["system", "nDCG@10", "P@5", "ms/q", *classes]
    print(" | ".join(header))
    for s in systems:
        r = report["systems"][s]
        cells = [s, f"{r['ndcg@10']:.3f}", f"{r['p@5']:.3f}", f"{r['ms_per_query']:.1f}"]
        print(" | ".join(cells + [f"{r['classes'][c]:.2f}" for c in classes]))
    if "bm25" in report["systems"]:
        base = report["systems"]["bm25"]["ndcg@10"]
        for s in ("keyword", "semantic", "hybrid"):
            if s in report["systems"]:
                print(f"{s} - bm25 = {report['systems'][s]['ndcg@10'] - base:+.3f}")


if __name__ == "__main__":
    main()
