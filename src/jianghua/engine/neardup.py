"""Distributed near-duplicate detection: LSH over min-wise samples, band keys shuffled by Dask,
connected components over verified candidate pairs.

The sketch is the one the in-process library indexes (jianghua.dedup): Broder's MOD-m min-wise
sample, the 8-character shingle hashes h with h % SAMPLE == 0 (16). Unlike b x r MinHash bands, which estimate
Jaccard resemblance and so miss a 4-paragraph copy inside a 20-paragraph speech, a MOD-m sample
estimates containment |A ∩ B| / min(|A|, |B|), the rule jianghua uses. Each sampled hash is a band
key of one row: speeches sharing a key are candidates.

To reach exactly the families of the in-process engine, which adds speeches one at a time, the
rules are those of Library._near_duplicate_families, stated on the whole corpus at once with the
speeches in library order (rowid):

* a key held by speeches r0 < r1 < ... contributes the pair (ri, rj), i < j, only when j <= 8:
  the in-process probe of speech rj skips a key already held by more than MAX_SHARED speeches
  (a stock formulation), and stores it for ri only while i < MAX_SHARED;
* a pair with `shared` keys is a candidate when shared >= CANDIDATE x |B| (B the later speech), or
  shared >= 2 and shared >= CANDIDATE x |A|;
* a candidate is a near duplicate when the exact containment of their 8-character shingles is at
  least THRESHOLD (jianghua.dedup.set_containment on jianghua.dedup.shingle_set);
* families are the connected components; the family id is the smallest member id, the canonical
  member the one with the highest (canonical_rank, id).

Steps (each a set of Dask tasks; only arrays of integers travel between them):
  samples   per part of the library's texts: sampled hashes -> (key, speech) rows, cut into R buckets
  keys      per bucket (all rows of a key meet here): holder counts, stored samples, pair counts
  pairs     per pair bucket: pair counts summed, candidate rule applied
  verify    per chunk of candidates: exact shingle containment on the texts
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from jianghua import dedup

TEXTS_PER_PART = 5000  # speeches per text part file
TEXT_ROW_GROUP = 250  # rows per row group: verification reads only the groups holding its texts
PAIRS_PER_VERIFY = 20_000


# -- samples -------------------------------------------------------------------------------


def speech_samples(text: str) -> np.ndarray:
    """The speech's samples as sorted uint64: dedup.speech_fingerprints without the Python set."""
    key = dedup.dedup_key(text)
    if len(key) < dedup.MIN_CHARS:
        return np.empty(0, np.uint64)
    return dedup.samples(key)


def _bucket_of(values: np.ndarray, buckets: int) -> np.ndarray:
    # The sampled hashes are multiples of SAMPLE; mix before taking the bucket so buckets even out.
    mixed = (values * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)
    return (mixed % np.uint64(buckets)).astype(np.int64)


def samples_task(part_path: str, buckets: int) -> dict:
    """Sampled hashes of one text part, as (key, order) arrays cut into `buckets` buckets, and the
    sample size of each speech."""
    table = pq.read_table(part_path, columns=["order", "text"])
    orders = table.column("order").to_numpy()
    keys, owners, sizes = [], [], np.zeros(len(orders), dtype=np.int64)
    for i, text in enumerate(table.column("text").to_pylist()):
        s = speech_samples(text)
        sizes[i] = len(s)
        keys.append(s)
        owners.append(np.full(len(s), orders[i], dtype=np.int64))
    key = np.concatenate(keys) if keys else np.empty(0, np.uint64)
    owner = np.concatenate(owners) if owners else np.empty(0, np.int64)
    which = _bucket_of(key, buckets)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(buckets + 1))
    parts = [
        (key[order[bounds[b] : bounds[b + 1]]], owner[order[bounds[b] : bounds[b + 1]]])
        for b in range(buckets)
    ]
    return {"orders": orders, "sizes": sizes, "buckets": parts}


# -- keys ----------------------------------------------------------------------------------


def key_rank(keys: np.ndarray, owners: np.ndarray):
    """Rows sorted by (key, owner), with each row's rank among its key's holders and the keys'
    holder counts."""
    # Keys and owners both fit in 32 bits: one sort of (key << 32 | owner) orders by both, at
    # half the cost of a two-key lexsort.
    both = np.sort((keys.astype(np.uint64) << np.uint64(32)) | owners.astype(np.uint64))
    k, o = both >> np.uint64(32), (both & np.uint64(0xFFFFFFFF)).astype(np.int64)
    n = len(k)
    if n == 0:
        return k, o, np.empty(0, np.int64), k, np.empty(0, np.int64)
    new = np.empty(n, dtype=bool)
    new[0] = True
    new[1:] = k[1:] != k[:-1]
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n))
    rank = np.arange(n) - np.repeat(starts, counts)
    return k, o, rank, k[starts], counts


def pair_keys(o: np.ndarray, rank: np.ndarray, max_shared: int = dedup.MAX_SHARED) -> np.ndarray:
    """(earlier << 32 | later) for every pair a key contributes (see the module docstring)."""
    out = []
    for j in range(1, max_shared + 1):
        later = np.flatnonzero((rank >= j) & (rank <= max_shared))
        if len(later):
            out.append(
                (o[later - j].astype(np.uint64) << np.uint64(32)) | o[later].astype(np.uint64)
            )
    return np.concatenate(out) if out else np.empty(0, np.uint64)


def keys_task(pieces: list, bucket: int, pair_buckets: int, out_dir: str) -> dict:
    """All rows of the keys of one bucket: write the library's sample tables for them and return
    the pair counts cut into `pair_buckets` buckets."""
    keys = np.concatenate([p[0] for p in pieces]) if pieces else np.empty(0, np.uint64)
    owners = np.concatenate([p[1] for p in pieces]) if pieces else np.empty(0, np.int64)
    k, o, rank, distinct, counts = key_rank(keys, owners)
    stored = rank < dedup.MAX_SHARED  # the rows the in-process store keeps in `fingerprints`
    path = Path(out_dir) / f"samples-{bucket:05d}.parquet"
    temp = path.with_suffix(".tmp")
    pq.write_table(pa.table({"hash": k[stored], "order": o[stored]}), temp)
    temp.replace(path)
    counts_path = Path(out_dir) / f"sample-counts-{bucket:05d}.parquet"
    temp = counts_path.with_suffix(".tmp")
    pq.write_table(pa.table({"hash": distinct, "speeches": counts}), temp)
    temp.replace(counts_path)
    pairs, shared = np.unique(pair_keys(o, rank), return_counts=True)
    which = _bucket_of(pairs, pair_buckets)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(pair_buckets + 1))
    return {
        "samples": str(path),
        "counts": str(counts_path),
        "pairs": [
            (pairs[order[bounds[b] : bounds[b + 1]]], shared[order[bounds[b] : bounds[b + 1]]])
            for b in range(pair_buckets)
        ],
    }


# -- pairs ---------------------------------------------------------------------------------


def candidates(pairs: np.ndarray, shared: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The pairs worth an exact check, by the in-process rule (see the module docstring)."""
    earlier = (pairs >> np.uint64(32)).astype(np.int64)
    later = (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
    sure = shared >= dedup.CANDIDATE * sizes[later]
    unsure = (shared >= 2) & ~sure & (shared >= dedup.CANDIDATE * sizes[earlier])
    return pairs[sure | unsure]


def pairs_task(pieces: list, sizes: np.ndarray) -> np.ndarray:
    """Sum the shared-key counts of one pair bucket and keep the candidates."""
    if not pieces:
        return np.empty(0, np.uint64)
    pairs = np.concatenate([p[0] for p in pieces])
    shared = np.concatenate([p[1] for p in pieces])
    order = np.argsort(pairs, kind="stable")
    pairs, shared = pairs[order], shared[order]
    if len(pairs) == 0:
        return pairs
    new = np.empty(len(pairs), dtype=bool)
    new[0] = True
    new[1:] = pairs[1:] != pairs[:-1]
    starts = np.flatnonzero(new)
    return candidates(pairs[starts], np.add.reduceat(shared, starts), sizes)


# -- verify --------------------------------------------------------------------------------


def verify_task(pairs: np.ndarray, part_paths: list[str], per_part: int) -> np.ndarray:
    """The candidate pairs whose exact shingle containment reaches the threshold."""
    texts: dict[int, str] = {}
    needed = np.unique(
        np.concatenate([(pairs >> np.uint64(32)), pairs & np.uint64(0xFFFFFFFF)]).astype(np.int64)
    )
    for part in np.unique(needed // per_part):
        wanted = needed[needed // per_part == part].tolist()
        # Row-group statistics on `order` let pyarrow skip the groups holding none of them.
        table = pq.read_table(
            part_paths[part], columns=["order", "text"], filters=[("order", "in", wanted)]
        )
        for order, text in zip(
            table.column("order").to_pylist(), table.column("text").to_pylist(), strict=True
        ):
            texts[order] = text
    shingles: dict[int, np.ndarray] = {}

    def of(order: int) -> np.ndarray:
        if order not in shingles:
            shingles[order] = dedup.shingle_set(dedup.dedup_key(texts[order]))
        return shingles[order]

    # The very check Library._near_duplicate_families makes.
    keep = [
        p
        for p in pairs.tolist()
        if dedup.set_containment(of(p >> 32), of(p & 0xFFFFFFFF)) >= dedup.THRESHOLD
    ]
    return np.array(keep, dtype=np.uint64)


# -- families ------------------------------------------------------------------------------


def components(edges: np.ndarray) -> list[list[int]]:
    """Connected components (of two or more speeches) of the verified pairs."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for e in edges.tolist():
        a, b = find(e >> 32), find(e & 0xFFFFFFFF)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    for root in list(groups):
        if root not in parent:
            groups[root].append(root)
    return [sorted(set(g)) for g in groups.values()]


# -- the whole step on a Dask client ---------------------------------------------------------


def near_duplicates(
    client,
    part_paths: list[str],
    speeches: int,
    out_dir: str,
    buckets: int | None = None,
    on_step: Callable[[str], None] | None = None,
) -> dict:
    """Run the four steps on `client` over text parts (columns order, text; TEXTS_PER_PART rows
    each, orders 0..speeches-1 in library order). Returns the verified pairs, the families (lists
    of orders), each speech's sample size and the sample files written for the library."""
    say = on_step or (lambda step: None)
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = round(now - clock, 2)
        clock = now

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    # Four buckets per worker, more when the corpus is large: a bucket holds the samples of about
    # four text parts, so a worker's memory does not grow with the corpus.
    buckets = buckets or max(2, 4 * workers, len(part_paths) // 4)
    say("samples")
    samples = [
        client.submit(samples_task, path, buckets, pure=False, retries=2) for path in part_paths
    ]
    sizes = np.zeros(speeches, dtype=np.int64)
    for fut in samples:
        meta = client.submit(_sizes_of, fut, pure=False).result()
        sizes[meta[0]] = meta[1]
    sizes_future = client.scatter(sizes, broadcast=True)
    lap("samples")
    say("shuffle")
    bucket_pieces = [
        [client.submit(_piece, fut, "buckets", b, pure=False) for fut in samples]
        for b in range(buckets)
    ]
    keys = [
        client.submit(keys_task, pieces, b, buckets, out_dir, pure=False, retries=2)
        for b, pieces in enumerate(bucket_pieces)
    ]
    pair_pieces = [
        [client.submit(_piece, fut, "pairs", b, pure=False) for fut in keys] for b in range(buckets)
    ]
    pairs = [
        client.submit(pairs_task, pieces, sizes_future, pure=False, retries=2)
        for pieces in pair_pieces
    ]
    key_files = client.gather([client.submit(_files_of, fut, pure=False) for fut in keys])
    cand = np.sort(np.concatenate([np.empty(0, np.uint64), *client.gather(pairs)]))
    del samples, bucket_pieces, keys, pair_pieces, pairs
    lap("shuffle and candidates")
    say("verify")
    # Pairs sorted by their earlier speech, in chunks: enough to keep every worker busy, each
    # small enough that the texts it reads stay few.
    size = max(1, min(PAIRS_PER_VERIFY, -(-len(cand) // (4 * workers))))
    chunks = [cand[i : i + size] for i in range(0, len(cand), size)]
    verified = client.gather(
        [
            client.submit(verify_task, chunk, part_paths, TEXTS_PER_PART, pure=False, retries=2)
            for chunk in chunks
        ]
    )
    edges = np.concatenate([np.empty(0, np.uint64), *verified])
    lap("verify")
    families = components(edges)
    lap("components")
    return {
        "seconds": seconds,
        "candidates": len(cand),
        "edges": edges,
        "families": families,
        "sizes": sizes,
        "sample_files": [f[0] for f in key_files],
        "count_files": [f[1] for f in key_files],
    }


def _sizes_of(result: dict):
    return result["orders"], result["sizes"]


def _piece(result: dict, field: str, bucket: int):
    return result[field][bucket]


def _files_of(result: dict):
    return result["samples"], result["counts"]
