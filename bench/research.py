"""Research benchmark: a trend and a KWIC page over a large library, against the scans a researcher
would write over the exported text (plain Python, DuckDB over Parquet), in the same run.

    .venv/bin/python bench/research.py [--paragraphs 1000000] [--out bench/out] [--seed 0]

1. Large library: speeches of 8-50 paragraphs, each paragraph 2-3 sentences drawn at random from
   the sample library's sentences (samples/, split after 。！？；), so that no paragraph recurs
   more than a few times (the count is printed); years 2000-2023, scope, sector and genre from
   fixed lists; 5% of speeches are near-duplicate members of an earlier family and 10% were found
   on 2-6 pages (copies). Written straight into the store's tables, as bench/search.py does
   (ingest is bench/ingest.py's subject). Reused while <folder>/done.json exists.
2. jianghua: the research index built (jianghua.research.index, in a child process: its time,
   peak RSS and size on disk), the corpus loaded (metadata from the store, texts left in the
   index's memory-mapped files; cold, reported), then warm:
   - trend of two 提法 by year (科学发展观 with its variant group, 高质量发展), per family, with
     the per-term counts forgotten before each run (every run scans the texts), and again with
     them remembered (what a second view of the same terms costs);
   - trend of one term by level; the 研究 page's data (by year, level, sector and KWIC);
   - KWIC first page (50 lines) of a common term (发展) with its hit count, library order,
     counts forgotten; the next page; sorted by right context (every hit sorted; no target).
3. Baselines, in the same run:
   - the scan (jianghua without the index, as before it was built): the canonical skeletons read
     into memory, each fresh term found by str.find/str.count over them; the same timings, and
     every trend row and KWIC line compared with the index's (they must be identical);
   over an export of the canonical speeches (id, year, level, text) as Parquet:
   - Python: the texts in a list, `text.count(term)` per speech summed per year;
   - DuckDB: `SUM((length(text) - length(replace(text, term, ''))) / length(term)) GROUP BY year`;
   - KWIC: the hit count (`text.count`), then `re.finditer` over the texts until 50 hits, ±20
     characters.
Targets: trend < 1 s, KWIC first page < 200 ms. Median of 5 runs after one warm-up. Numbers also
go to <out>/research.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from jianghua import research  # noqa: E402
from jianghua.library.store import Library  # noqa: E402
from jianghua.research import corpus as corpus_mod  # noqa: E402
from jianghua.research.index import ResearchIndex  # noqa: E402
from jianghua.web.routes_research import page_data  # noqa: E402

SCOPES = ("全国", "全省", "全市", "全县", "全镇", "全系统")
SECTORS = ("组织", "宣传思想", "纪检监察", "教育", "农业农村", "经济发展", "生态环境", "政协")
GENRES = ("讲话", "致辞", "发言")
P_NEAR = 0.05
P_COPIES = 0.10
SENTENCE = re.compile(r"[^。！？；\n]{6,90}[。！？；]")


def sentences() -> list[str]:
    found = set()
    for path in sorted((ROOT / "samples").glob("*.txt")):
        found.update(m.group(0).strip() for m in SENTENCE.finditer(path.read_text("utf-8")))
    return sorted(found)


def large_library(out: Path, paragraphs: int, seed: int) -> tuple[Path, dict]:
    import random

    folder = out / f"research-large-{paragraphs}-seed{seed}"
    done = folder / "done.json"
    if done.exists():
        print(f"large library: reusing {folder}", file=sys.stderr)
        return folder, json.loads(done.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    pool = sentences()
    start = time.perf_counter()
    lib = Library(folder)
    db = lib.db
    with db:
        source = db.execute(
            "INSERT INTO sources (path, name, sha256, encoding, format, script, line_count, meta,"
            " ingested_at) VALUES ('synthetic', 'synthetic', 'synthetic', 'utf-8', 'txt',"
            " 'simplified', 0, '{}', '')"
        ).lastrowid
    written = speeches = ordinal = chars = 0
    repeats: Counter = Counter()
    families: list[tuple[str, str]] = []  # (id, text) of canonical speeches, for near copies
    rows, occ = [], []

    def flush() -> None:
        with db:
            db.executemany(
                "INSERT INTO speeches (id, family, canonical, title, title_source, text, chars,"
                " placeholders, script, flags, sample_size, first_source, structure)"
                " VALUES (?, ?, ?, ?, NULL, ?, ?, 0, 'simplified', '[]', 0, ?, ?)",
                rows,
            )
            db.executemany(
                "INSERT INTO occurrences (speech_id, source_id, ordinal, first_line, last_line,"
                " header, meta, paragraph_lines, edits) VALUES (?, ?, ?, 1, 1, '[]', '{}', '[]', 0)",
                occ,
            )
        rows.clear()
        occ.clear()

    while written < paragraphs:
        sid = f"{rng.getrandbits(48):012x}"
        if families and rng.random() < P_NEAR:
            family, base = rng.choice(families)
            body = base.split("\n")
            body.insert(rng.randrange(len(body)), "".join(rng.choices(pool, k=2)))
            canonical = 0
        else:
            body = [
                "".join(rng.choices(pool, k=rng.randint(2, 3))) for _ in range(rng.randint(8, 50))
            ]
            family, canonical = sid, 1
        text = "\n".join(body)
        if canonical:
            families.append((sid, text))
            if len(families) > 2000:
                families.pop(rng.randrange(len(families)))
        repeats.update(hash(p) for p in body)
        year = rng.randint(2000, 2023)
        meta = {
            "scope": rng.choice(SCOPES),
            "sector": rng.choice(SECTORS),
            "genre": rng.choice(GENRES),
            "date": str(year),
        }
        structure = {"meta": {k: {"value": v, "source": "title"} for k, v in meta.items()}}
        rows.append(
            (sid, family, canonical, f"讲话{speeches}", text, len(text) - text.count("\n"),
             source, json.dumps(structure, ensure_ascii=False))
        )  # fmt: skip
        for _ in range(rng.randint(2, 6) if rng.random() < P_COPIES else 1):
            occ.append((sid, source, ordinal))
            ordinal += 1
        written += len(body)
        speeches += 1
        chars += len(text)
        if len(rows) >= 2000:
            flush()
    flush()
    lib.close()
    info = {
        "paragraphs": written,
        "speeches": speeches,
        "chars": chars,
        "sentence_pool": len(pool),
        "max_paragraph_repeats": max(repeats.values()),
        "build_s": round(time.perf_counter() - start, 1),
        "db_mb": round((folder / "jianghua.sqlite").stat().st_size / 1e6, 1),
    }
    done.write_text(json.dumps(info))
    return folder, info


def timed(fn, runs: int = 5, before=None, warm_up: bool = True) -> tuple[float, object]:
    if warm_up:
        fn()
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def export_parquet(lib: Library, corpus, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jianghua.library import research_queries as rq

    ids = [f.doc.id for f in corpus.families]
    texts = rq.texts(lib.db, ids)
    table = pa.table(
        {
            "id": ids,
            "year": [f.doc.year for f in corpus.families],
            "level": [f.doc.level for f in corpus.families],
            "text": [texts[i] for i in ids],
        }
    )
    pq.write_table(table, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    folder, info = large_library(args.out, args.paragraphs, args.seed)
    print("library:", json.dumps(info, ensure_ascii=False))
    results: dict = {"library": info}
    # the research index, built as `jianghua index` builds it, in a child process of its own so
    # that its peak memory is its own
    build = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from jianghua.library.store import Library;"
        "from jianghua.research.index import ResearchIndex;"
        "lib = Library(sys.argv[2], create=False); ResearchIndex(lib).rebuild(); lib.close()"
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", build, str(ROOT / "src"), str(folder)], check=True)
    results["index_build_s"] = round(time.perf_counter() - t, 1)
    results["index_build_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )
    results["index_mb"] = round(ResearchIndex(Library(folder, create=False)).size_bytes() / 1e6)
    print(f"research index built: {results['index_build_s']} s, peak RSS"
          f" {results['index_build_peak_rss_mb']} MB, {results['index_mb']} MB on disk")  # fmt: skip

    lib = Library(folder, create=False)
    t = time.perf_counter()
    corpus = corpus_mod.load(lib)
    assert corpus.indexed
    results["corpus_load_s"] = round(time.perf_counter() - t, 2)
    results["rss_mb_after_load"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(f"corpus loaded (cold, indexed): {results['corpus_load_s']} s,"
          f" {len(corpus.families)} families, peak RSS {results['rss_mb_after_load']} MB")  # fmt: skip

    terms = ["科学发展观", "高质量发展"]

    def measure(corpus) -> dict:
        cold = corpus.forget  # forget the per-term counts and hits: every run finds them anew
        out: dict = {}
        out["trend_s"], out["trend"] = timed(lambda: research.trend(lib, terms), before=cold)
        out["trend_warm_s"], _ = timed(lambda: research.trend(lib, terms))
        out["trend_by_level_s"], out["level"] = timed(
            lambda: research.trend(lib, ["高质量发展"], by="level"), before=cold
        )
        out["page_s"], _ = timed(
            lambda: page_data(lib, "科学发展观 高质量发展"), runs=3, before=cold
        )
        out["kwic_first_page_s"], out["kwic"] = timed(
            lambda: research.concordance(lib, "发展", per_page=50), before=cold
        )
        out["kwic_next_page_s"], out["kwic2"] = timed(
            lambda: research.concordance(lib, "发展", per_page=50, page=2)
        )
        out["kwic_sorted_right_s"], out["kwic_right"] = timed(
            lambda: research.concordance(lib, "发展", sort="right"), runs=1, warm_up=False
        )
        return out

    ours_m = measure(corpus)
    trend, kwic = ours_m["trend"], ours_m["kwic"]

    # baseline: the same calls without the index (the texts in memory, a scan per fresh term)
    corpus_mod.USE_INDEX = False
    t = time.perf_counter()
    scan_corpus = corpus_mod.load(lib)
    assert not scan_corpus.indexed
    results["scan_corpus_load_s"] = round(time.perf_counter() - t, 2)
    results["rss_mb_after_scan_load"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    scan_m = measure(scan_corpus)
    corpus_mod.USE_INDEX = True
    same = {k: ours_m[k] == scan_m[k] for k in ("trend", "level", "kwic", "kwic2", "kwic_right")}
    results["index_equals_scan"] = same
    del scan_corpus
    corpus_mod._cache.clear()

    # baselines over the exported canonical texts
    import duckdb
    import pyarrow.parquet as pq

    parquet = args.out / "research-canonical.parquet"
    export_parquet(lib, corpus, parquet)
    table = pq.read_table(parquet)
    years, texts = table.column("year").to_pylist(), table.column("text").to_pylist()

    def python_trend():
        out: dict = {}
        for term in terms:
            for year, text in zip(years, texts, strict=True):
                n = text.count(term)
                if n:
                    out[(term, year)] = out.get((term, year), 0) + n
        return out

    py_s, py_counts = timed(python_trend)
    con = duckdb.connect()
    sql = (
        "SELECT year, SUM((length(text) - length(replace(text, $t, ''))) // length($t)) AS mentions,"
        " COUNT(*) FILTER (WHERE contains(text, $t)) AS speeches, COUNT(*) AS families"
        f" FROM read_parquet('{parquet}') GROUP BY year"
    )
    duck_s, duck = timed(lambda: [con.execute(sql, {"t": t}).fetchall() for t in terms])

    pattern = re.compile("发展")

    def python_kwic():
        total = sum(text.count("发展") for text in texts)  # a concordancer shows the hit count
        lines = [total]
        for text in texts:
            for m in pattern.finditer(text):
                lines.append(
                    (
                        text[max(0, m.start() - 20) : m.start()],
                        m.group(0),
                        text[m.end() : m.end() + 20],
                    )
                )
                if len(lines) > 50:
                    return lines
        return lines

    py_kwic_s, _ = timed(python_kwic)

    # the same numbers where the baseline's semantics meet ours (a term without variants)
    ours = {r["value"]: r["mentions"] for r in trend["rows"] if r["term"] == "高质量发展"}
    theirs = {str(y): n for (t, y), n in py_counts.items() if t == "高质量发展"}
    agree = all(ours.get(k, 0) == v for k, v in theirs.items())
    timings = [k for k in ours_m if k.endswith("_s")]
    results.update({k: round(ours_m[k], 4) for k in timings})
    results.update({f"scan_{k}": round(scan_m[k], 4) for k in timings})
    results.update(
        {
            "load_average": os.getloadavg(),
            "kwic_hits": kwic["total"],
            "baseline_python_trend_s": round(py_s, 4),
            "baseline_duckdb_trend_s": round(duck_s, 4),
            "baseline_python_kwic_s": round(py_kwic_s, 4),
            "counts_agree_with_python_scan": agree,
        }
    )
    trend_s, kwic_s = ours_m["trend_s"], ours_m["kwic_first_page_s"]
    print(f"scan baseline: corpus loaded in {results['scan_corpus_load_s']} s, peak RSS now"
          f" {results['rss_mb_after_scan_load']} MB")  # fmt: skip
    labels = {
        "trend_s": "trend (2 terms, by year; target < 1000 ms)",
        "trend_warm_s": "trend again (counts remembered per term)",
        "trend_by_level_s": "trend (1 term, by level)",
        "page_s": "研究 page data (2 terms by year, level, sector + KWIC)",
        "kwic_first_page_s": f"kwic first page of 发展 ({kwic['total']} hits; target < 200 ms)",
        "kwic_next_page_s": "kwic next page",
        "kwic_sorted_right_s": "kwic sorted by right context (every hit)",
    }
    for key, label in labels.items():
        ours, scan = ours_m[key] * 1000, scan_m[key] * 1000
        print(f"{label}: index {ours:.1f} ms | scan {scan:.1f} ms (ratio {ours / scan:.3f})")
    print(f"trend vs python scan {py_s * 1000:.0f} ms (ratio {trend_s / py_s:.3f})"
          f" | duckdb {duck_s * 1000:.0f} ms (ratio {trend_s / duck_s:.3f})")  # fmt: skip
    print(f"kwic first page vs python count + finditer {py_kwic_s * 1000:.1f} ms"
          f" (ratio {kwic_s / py_kwic_s:.3f})")  # fmt: skip
    print(f"index results identical to the scan's: {same}")
    print(f"高质量发展 per year equals the python scan's count: {agree}")
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}  (2 cores)")
    (args.out / "research.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    lib.close()


if __name__ == "__main__":
    main()
