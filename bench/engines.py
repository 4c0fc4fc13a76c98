"""Ingest benchmark of the two engines on the same synthetic corpus (bench/corpus.py):
the in-process engine with N worker processes against the Dask engine on a LocalCluster of N
workers, chars/s of original text, peak memory, and a check that both libraries are identical.

    .venv/bin/python bench/engines.py --mb 20 --workers 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ingest import ensure_corpus  # noqa: E402  (bench/ingest.py: the same cached corpus)
from neardup import PeakRSS  # noqa: E402

from jianghua.library.store import Library  # noqa: E402


def digests(lib: Library) -> dict:
    """Hashes of the export (speeches, sources, families, canonical members) and of the outlines:
    equal hashes, equal libraries. Outlines are hashed apart: the structure analysis is edited
    while benchmarks run, and a difference there says which code each engine ran."""
    records = hashlib.sha256()
    for record in lib.export_records():
        records.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
    outlines = hashlib.sha256()
    for (structure,) in lib.db.execute("SELECT structure FROM speeches ORDER BY id"):
        outlines.update(structure.encode())
    return {"records": records.hexdigest()[:16], "outlines": outlines.hexdigest()[:16]}


def run(engine: str, corpus: Path, library: Path, workers: int) -> dict:
    from jianghua.pipeline import ingest

    if library.exists():
        shutil.rmtree(library)
    with Library(library) as lib, PeakRSS() as rss:
        start = time.perf_counter()
        if engine == "dask":
            from distributed import Client

            from jianghua.engine import ingest_dask, local_cluster

            with local_cluster(workers) as cluster, Client(cluster) as client:
                client.run(lambda: __import__("jianghua.pipeline"))  # imports are not ingest
                start = time.perf_counter()
                report = ingest_dask([corpus], lib, client=client)
                seconds = time.perf_counter() - start
                extra = {"partitions": report.partitions, "steps": report.seconds}
        else:
            report = ingest([corpus], lib, workers=workers)
            seconds = time.perf_counter() - start
            extra = {}
        stats = lib.stats()
        out = {
            "engine": engine,
            "workers": workers,
            "seconds": round(seconds, 1),
            "chars": report.chars,
            "chars_per_s": round(report.chars / seconds),
            "speeches": stats["speeches"],
            "near_duplicate_families": stats["near_duplicate_families"],
            "digests": digests(lib),
            **extra,
        }
    out["peak_rss_mb"] = round(rss.peak / 2**20)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="in-process vs Dask ingest")
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus, manifest = ensure_corpus(args.out, args.mb, args.seed)
    results = [
        run(engine, corpus, args.out / f"library-{engine}", args.workers)
        for engine in ("inprocess", "dask")
    ]
    result = {
        "corpus_mb": manifest["bytes"] / 1e6,
        "files": manifest["files"],
        "runs": results,
        "dask_vs_inprocess": round(results[1]["chars_per_s"] / results[0]["chars_per_s"], 2),
        "identical_records": results[0]["digests"]["records"] == results[1]["digests"]["records"],
        "identical_outlines": results[0]["digests"]["outlines"]
        == results[1]["digests"]["outlines"],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
