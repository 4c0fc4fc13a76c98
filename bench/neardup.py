"""Near-duplicate benchmark: jianghua's distributed LSH (jianghua.engine.neardup, on a Dask
LocalCluster) against datasketch's MinHashLSH on the same 8-character shingles.

    .venv/bin/python bench/neardup.py --mb 1000      # the 1 GB run (about 110,000 speeches)
    .venv/bin/python bench/neardup.py --mb 50        # a quick run

Corpus: speeches of new text (words of the seeds drawn by their frequency, in paragraphs, with
stock formulations of the seeds sprinkled in, as real speeches share them), and for a fifth of them
a planted copy: shortened (a run of 55-90 % of the paragraphs), extended (all of it inside a longer
speech) or edited (digits masked with x, 3 % of characters changed, a paragraph swapped). A planted
pair is a *known copy* when its exact shingle containment reaches jianghua's threshold (0.5); the
recall of each method is the share of known copies it finds (jianghua: both in one family after
verification; datasketch: the original among the LSH candidates of the copy, before any check).

datasketch gets the shingles already hashed (its time is MinHash + LSH insert + query only), with
threshold 0.3 (a shortened copy at containment 0.5 has a Jaccard resemblance near 0.3-0.5) and 128
permutations; jianghua's time runs from the texts on disk to the families. Both wall and CPU
seconds are reported (CPU: summed over the Dask workers, scheduler and this process), because
the machine may be shared with other jobs while it runs. Peak memory is the
largest resident set of this process and all its children (the Dask workers), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py)

from jianghua import dedup  # noqa: E402
from jianghua.engine import neardup  # noqa: E402

P_COPY = 0.2
DATASKETCH_THRESHOLD = 0.3
NUM_PERM = 128


# -- corpus ------------------------------------------------------------------------------------


def vocabulary() -> tuple[list[str], np.ndarray, list[str]]:
    """Words of the seeds with their frequencies, and the seeds' paragraphs as stock phrases."""
    import rjieba

    pools, _ = corpus.seed_material()
    paragraphs = [p for pool in pools.values() for p in pool]
    counts: dict[str, int] = {}
    for p in paragraphs:
        for w in rjieba.cut(p):
            if w.strip() and not dedup._NOT_WORD.fullmatch(w):
                counts[w] = counts.get(w, 0) + 1
    words = sorted(counts)
    freq = np.array([counts[w] for w in words], dtype=np.float64)
    stock = [s for p in paragraphs for s in p.split("。") if 12 <= len(s) <= 40]
    return words, freq / freq.sum(), stock


class Maker:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.r = random.Random(seed)
        self.words, self.p, self.stock = vocabulary()

    def paragraph(self) -> str:
        n = int(self.rng.integers(40, 160))
        ws = [self.words[i] for i in self.rng.choice(len(self.words), size=n, p=self.p)]
        cut = sorted(self.r.sample(range(1, n), k=max(1, n // 25)))
        parts, prev = [], 0
        for c in [*cut, n]:
            parts.append("".join(ws[prev:c]))
            prev = c
        if self.r.random() < 0.3:
            parts.insert(self.r.randrange(len(parts) + 1), self.r.choice(self.stock))
        return "，".join(parts) + "。"

    def speech(self) -> list[str]:
        return [self.paragraph() for _ in range(int(self.rng.integers(6, 16)))]

    def copy_of(self, paras: list[str]) -> tuple[str, list[str]]:
        kind = self.r.choice(("shortened", "extended", "edited"))
        if kind == "shortened":
            n = max(1, round(len(paras) * self.r.uniform(0.55, 0.9)))
            start = self.r.randrange(len(paras) - n + 1)
            return kind, paras[start : start + n]
        if kind == "extended":
            return kind, [*self.speech()[:3], *paras, *self.speech()[:4]]
        out = []
        for p in paras:
            chars = [("x" if c.isdigit() else c) for c in p]
            for i in self.rng.choice(len(chars), size=len(chars) * 3 // 100, replace=False):
                chars[i] = self.words[int(self.rng.integers(len(self.words)))][0]
            out.append("".join(chars))
        out[self.r.randrange(len(out))] = self.paragraph()
        return kind, out


def ensure_corpus(out: Path, mb: float, seed: int) -> tuple[Path, dict]:
    """Text parts (order, text; TEXTS_PER_PART rows each) and the planted pairs."""
    folder = out / f"neardup-{mb:g}mb-seed{seed}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        print(f"corpus: reusing {folder}", file=sys.stderr)
        return folder, json.loads(manifest_path.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    print(f"corpus: generating {mb:g} MB into {folder} ...", file=sys.stderr)
    start = time.perf_counter()
    maker = Maker(seed)
    target = int(mb * 1_000_000)
    size = n = 0
    batch: list[str] = []
    planted: list[tuple[int, int, str]] = []
    pending: list[tuple[int, list[str]]] = []
    parts = 0

    def flush() -> None:
        nonlocal parts
        first = n - len(batch)
        pq.write_table(
            pa.table({"order": pa.array(range(first, n), pa.int64()), "text": batch}),
            folder / f"texts-{parts:06d}.parquet",
            row_group_size=neardup.TEXT_ROW_GROUP,
        )
        parts += 1
        batch.clear()

    while size < target:
        if pending and maker.r.random() < 0.5:  # a copy comes some speeches after its original
            orig, paras = pending.pop(maker.r.randrange(len(pending)))
            kind, paras = maker.copy_of(paras)
            planted.append((orig, n, kind))
        else:
            paras = maker.speech()
            if maker.r.random() < P_COPY:
                pending.append((n, paras))
        text = "\n".join(paras)
        batch.append(text)
        n += 1
        size += len(text.encode("utf-8"))
        if len(batch) >= neardup.TEXTS_PER_PART:
            flush()
    if batch:
        flush()
    manifest = {
        "mb": mb,
        "seed": seed,
        "bytes": size,
        "speeches": n,
        "parts": parts,
        "planted": planted,
        "generate_seconds": round(time.perf_counter() - start, 1),
    }
    manifest_path.write_text(json.dumps(manifest))
    print(f"corpus: {n} speeches in {manifest['generate_seconds']} s", file=sys.stderr)
    return folder, manifest


def part_paths(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("texts-*.parquet"))]


def iter_texts(folder: Path):
    for path in part_paths(folder):
        table = pq.read_table(path)
        orders, texts = table.column("order").to_pylist(), table.column("text").to_pylist()
        yield from zip(orders, texts, strict=True)


def known_copies(folder: Path, planted: list) -> list[tuple[int, int]]:
    """Planted pairs whose exact containment reaches the threshold."""
    need = {o for a, b, _ in planted for o in (a, b)}
    sets = {o: dedup.shingle_set(dedup.dedup_key(t)) for o, t in iter_texts(folder) if o in need}
    return [
        (a, b) for a, b, _ in planted if dedup.set_containment(sets[a], sets[b]) >= dedup.THRESHOLD
    ]


# -- measuring -----------------------------------------------------------------------------


class PeakRSS:
    """Largest summed RSS of this process and its descendants while the block runs."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _cpu() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def cluster_cpu(client) -> float:
    """CPU seconds used so far by the workers, the scheduler and this process: on a machine
    shared with other jobs, wall time says how busy the machine was, CPU time what the work cost."""
    return sum(client.run(_cpu).values()) + client.run_on_scheduler(_cpu) + _cpu()


def run_jianghua(folder: Path, speeches: int, workers: int) -> dict:
    from distributed import Client

    from jianghua.engine import local_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("jianghua.engine.neardup"))  # warm imports, not timed
        out = folder / "samples-out"
        out.mkdir(exist_ok=True)
        cpu_before = cluster_cpu(client)
        with PeakRSS() as rss:
            start = time.perf_counter()
            result = neardup.near_duplicates(client, part_paths(folder), speeches, str(out))
            seconds = time.perf_counter() - start
        cpu = cluster_cpu(client) - cpu_before
    family = {}
    for i, members in enumerate(result["families"]):
        for m in members:
            family[m] = i
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": rss.peak / 2**20,
        "steps": result["seconds"],
        "candidates": result["candidates"],
        "pairs": len(result["edges"]),
        "families": len(result["families"]),
        "same_family": lambda a, b: a in family and family.get(a) == family.get(b),
    }


def run_datasketch(folder: Path, limit: int | None) -> dict:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=DATASKETCH_THRESHOLD, num_perm=NUM_PERM)
    found: dict[int, set] = {}
    seconds = cpu = 0.0
    n = 0
    with PeakRSS() as rss:
        for order, text in iter_texts(folder):
            if limit is not None and n >= limit:
                break
            n += 1
            key = dedup.dedup_key(text)
            if len(key) < dedup.MIN_CHARS:
                continue
            hashes = dedup.shingle_set(key)  # the same shingles, already hashed (not timed)
            start, start_cpu = time.perf_counter(), time.process_time()
            m = MinHash(num_perm=NUM_PERM, hashfunc=int)
            m.update_batch(hashes.tolist())
            found[order] = set(lsh.query(m))
            lsh.insert(order, m)
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": rss.peak / 2**20,
        "speeches": n,
        "found": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="near-duplicate benchmark")
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size (10^6 bytes of text)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument(
        "--baseline-mb",
        type=float,
        default=None,
        help="run datasketch on the first N MB only and scale its time (default: all of it)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    folder, manifest = ensure_corpus(args.out, args.mb, args.seed)
    known = known_copies(folder, manifest["planted"])
    ours = run_jianghua(folder, manifest["speeches"], args.workers)
    limit = None
    if args.baseline_mb and args.baseline_mb < args.mb:
        limit = int(manifest["speeches"] * args.baseline_mb / args.mb)
    theirs = run_datasketch(folder, limit)
    scale = manifest["speeches"] / theirs["speeches"]
    in_reach = [(a, b) for a, b in known if b < theirs["speeches"]]
    ours_recall = sum(ours["same_family"](a, b) for a, b in known) / max(1, len(known))
    ours_recall_reach = sum(ours["same_family"](a, b) for a, b in in_reach) / max(1, len(in_reach))
    theirs_recall = sum(a in theirs["found"].get(b, ()) for a, b in in_reach) / max(
        1, len(in_reach)
    )
    theirs_seconds = theirs["seconds"] * scale
    result = {
        "machine": f"{platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "corpus_mb": manifest["bytes"] / 1e6,
        "speeches": manifest["speeches"],
        "planted": len(manifest["planted"]),
        "known_copies": len(known),
        "jianghua": {
            "workers": args.workers,
            "seconds": round(ours["seconds"], 1),
            "cpu_seconds": round(ours["cpu_seconds"], 1),
            "peak_rss_mb": round(ours["peak_rss_mb"]),
            "steps_seconds": ours["steps"],
            "candidates": ours["candidates"],
            "verified_pairs": ours["pairs"],
            "families": ours["families"],
            "recall": round(ours_recall, 4),
            "recall_on_baseline_part": round(ours_recall_reach, 4),
        },
        "datasketch": {
            "speeches_run": theirs["speeches"],
            "seconds_measured": round(theirs["seconds"], 1),
            "seconds_for_whole_corpus": round(theirs_seconds, 1),
            "cpu_seconds_for_whole_corpus": round(theirs["cpu_seconds"] * scale, 1),
            "scaled": scale > 1,
            "peak_rss_mb": round(theirs["peak_rss_mb"]),
            "recall": round(theirs_recall, 4),
        },
        "speedup": round(theirs_seconds / ours["seconds"], 2),
        "cpu_ratio": round(theirs["cpu_seconds"] * scale / ours["cpu_seconds"], 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
