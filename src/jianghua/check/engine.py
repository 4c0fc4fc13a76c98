"""Check a draft against the library: the indexed search, and the naive baseline for the bench.

Indexed search: look up every K-gram of the draft in the check index. Speeches found through a
fingerprint held by at most CAP speeches are all compared with the draft (exact runs, `match`).
A fingerprint held by more speeches is a stock phrase; for each stretch of the draft made of such
fingerprints only the speeches sharing most of them are compared (at most PER_STRETCH), then for
each of its K-grams not yet covered by `common` families a few speeches holding it (PER_HASH),
within FREQUENT_BUDGET speeches per check: enough to tell which characters are common without
reading thousands of speeches. This part is the one approximation of the search: bench/check.py
compares it with the naive baseline.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from jianghua.check import classes
from jianghua.check.fingerprint import K, batch_fingerprints, sorted_unique
from jianghua.check.index import CheckIndex
from jianghua.check.keys import TextKey, draft_key, library_key
from jianghua.check.match import (
    COMMON_FAMILIES,
    MIN_IDENTITY,
    MIN_LENGTH,
    STOCK_SPEECHES,
    Coverage,
    DraftSeeds,
    Found,
    Run,
    classify,
    exact_runs,
    stock_positions,
)
from jianghua.check.report import Report, build_report
from jianghua.errors import JianghuaError
from jianghua.library.store import Library

CAP = STOCK_SPEECHES  # fingerprints held by more speeches are stock phrases
PER_STRETCH = 4 * COMMON_FAMILIES  # speeches compared per stretch of stock fingerprints
PER_HASH = COMMON_FAMILIES + 3  # then per unsettled stock K-gram
FREQUENT_BUDGET = 400  # speeches compared through stock fingerprints, at most, per check
MIN_CHARS_FLOOR = K


def check_text(
    lib: Library,
    text: str,
    min_chars: int = 13,
    common: int = COMMON_FAMILIES,
    index: CheckIndex | None = None,
    exclude: Iterable[str] = (),
    min_identity: float = MIN_IDENTITY,
    min_length: int = MIN_LENGTH,
) -> Report:
    """The 查重 report of a draft text against the library (the index must be up to date).

    `exclude`: speech ids, family ids or source file names (the writer's own earlier speeches):
    their passages are still reported, and left out of 去除本人文献复制比."""
    if min_chars < MIN_CHARS_FLOOR:
        raise JianghuaError(f"--min-chars must be at least {MIN_CHARS_FLOOR} (got {min_chars})")
    if not 0 < min_identity <= 1:
        raise JianghuaError(f"--min-identity must be in (0, 1] (got {min_identity})")
    dkey, detected = draft_key(text)
    found = search(index or CheckIndex(lib), dkey.key, min_chars, common)
    return _report(
        lib, text, dkey, detected, found, min_chars, common, exclude, min_identity, min_length
    )


def _report(
    lib,
    text,
    dkey: TextKey,
    detected,
    found: Found,
    m: int,
    common: int,
    exclude: Iterable[str] = (),
    min_identity: float = MIN_IDENTITY,
    min_length: int = MIN_LENGTH,
) -> Report:
    formula = classes.key_mask(dkey, classes.formulations(lib, text))
    quoted = classes.key_mask(dkey, classes.quotations(text))
    segments, _ = classify(found, dkey.key, m, common, formula, min_identity, min_length)
    docs = sorted({s.doc for s in segments})
    texts, details = _speech_details(lib, docs)
    families = {sid: info["family"] for sid, info in details.items()}
    wanted = {str(x) for x in exclude}
    excluded = {
        sid
        for sid, info in details.items()
        if wanted & {sid, info["family"], info["file"] or "", Path(info["file"] or "").name}
    }
    parameters = {
        "min_chars": m,
        "min_identity": min_identity,
        "min_length": min_length,
        "common_families": common,
        "exclude": sorted(wanted),
    }
    return build_report(
        text, dkey, detected, segments, texts, details, quoted, families, excluded, parameters
    )


def _meta_value(structure: dict, name: str) -> str | None:
    field = (structure.get("meta") or {}).get(name)
    value = field.get("value") if isinstance(field, dict) else field
    if isinstance(value, dict):  # a place: {"province": …, "city": …, "county": …}
        order = ("country", "province", "city", "county", "district")
        parts = [value[k] for k in order if value.get(k)]
        value = "".join(str(p) for p in parts) or None
    return str(value) if value else None


def _speech_details(lib: Library, ids: list[str]) -> tuple[dict[str, str], dict[str, dict]]:
    """Text and the report's columns of each speech: title, occasion, date and place from its
    structure analysis (empty when it found none), the file it was first read from."""
    texts: dict[str, str] = {}
    details: dict[str, dict] = {}
    for sid in ids:
        row = lib.db.execute(
            "SELECT s.id, s.title, s.text, s.structure, src.name, s.family FROM speeches s"
            " JOIN sources src ON src.id = s.first_source WHERE s.id = ?",
            (sid,),
        ).fetchone()
        if row is None:
            continue
        texts[sid] = row[2]
        try:
            structure = json.loads(row[3] or "{}")
        except ValueError:
            structure = {}
        if not isinstance(structure, dict):
            structure = {}
        details[sid] = {
            "title": row[1],
            "file": row[4],
            "family": row[5],
            "occasion": _meta_value(structure, "occasion"),
            "date": _meta_value(structure, "date"),
            "place": _meta_value(structure, "place"),
            "opening": row[2].lstrip()[:20],
        }
    return texts, details


def search(index: CheckIndex, d_key: str, m: int, common: int = COMMON_FAMILIES) -> Found:
    """Exact runs of the draft key with every speech the index points at (see module doc)."""
    seeds = DraftSeeds(d_key)
    found = Found({}, {}, {})
    if not len(seeds.distinct):
        return found
    counts, postings = index.lookup(seeds.distinct)
    rare = counts <= CAP
    found.stock = stock_positions(seeds.hashes, seeds.distinct[~rare], len(d_key))
    verified: set[int] = set()
    candidates = (
        sorted_unique(np.concatenate([postings[i] for i in np.nonzero(rare & (counts > 0))[0]]))
        if (rare & (counts > 0)).any()
        else np.zeros(0, dtype=np.int64)
    )
    _verify(index, seeds, m, candidates.tolist(), verified, found)

    # stretches of the draft whose K-grams are all stock fingerprints
    frequent_hash = {int(h) for h in seeds.distinct[~rare]}
    slot = {int(h): i for i, h in enumerate(seeds.distinct.tolist())}
    starts = [i for i, h in enumerate(seeds.hashes.tolist()) if h in frequent_hash]
    coverage = Coverage(len(d_key))
    coverage.add_found(found, list(found.runs))
    budget = [FREQUENT_BUDGET]

    def resolved(lo: int, hi: int) -> bool:
        return bool((coverage.count[lo:hi] >= common).all())

    def verify(picks: list[int]) -> None:
        picks = picks[: budget[0]]
        budget[0] -= len(picks)
        before = set(found.runs)
        _verify(index, seeds, m, picks, verified, found)
        coverage.add_found(found, set(found.runs) - before)

    for lo, hi in _stretches(starts):
        if budget[0] <= 0:
            break
        if resolved(lo, hi + K):
            continue
        # first the speeches holding most of the stretch's stock fingerprints
        hashes = {slot[int(seeds.hashes[i])] for i in range(lo, hi + 1)}
        docs, hits = np.unique(np.concatenate([postings[i] for i in hashes]), return_counts=True)
        order = np.lexsort((docs, -hits))
        verify(
            [int(d) for d in docs[order[: PER_STRETCH * 4]] if int(d) not in verified][:PER_STRETCH]
        )
        # then, for each K-gram whose characters are not all settled, speeches holding it (so
        # that a stock phrase's edges, e.g. 在 before 以习近平同志…, are counted too)
        for i in range(lo, hi + 1):
            if budget[0] <= 0:
                break
            if resolved(i, i + K):
                continue
            picks = []
            for d in postings[slot[int(seeds.hashes[i])]].tolist():
                if d not in verified:
                    picks.append(d)
                    if len(picks) == PER_HASH:
                        break
            verify(picks)
    return found


def _stretches(starts: list[int]) -> Iterable[tuple[int, int]]:
    """Maximal runs of consecutive integers as (first, last)."""
    if not starts:
        return
    lo = prev = starts[0]
    for i in starts[1:]:
        if i != prev + 1:
            yield lo, prev
            lo = i
        prev = i
    yield lo, prev


_KEYS: OrderedDict[tuple[str, int], str] = OrderedDict()
_KEYS_LOCK = threading.Lock()
KEY_CACHE = 2048  # speech keys kept between checks (the same speeches recur from draft to draft)


def cached_key(sid: str, text: str) -> str:
    """library_key(text), remembered for the most recently checked speeches."""
    token = (sid, hash(text))
    with _KEYS_LOCK:
        key = _KEYS.get(token)
        if key is not None:
            _KEYS.move_to_end(token)
            return key
    key = library_key(text)
    with _KEYS_LOCK:
        _KEYS[token] = key
        while len(_KEYS) > KEY_CACHE:
            _KEYS.popitem(last=False)
    return key


def _verify(index, seeds, m, nums: list[int], verified: set[int], found: Found) -> None:
    nums = [n for n in nums if n not in verified]
    verified.update(nums)
    for _num, (sid, family, text) in index.documents(nums).items():
        key = cached_key(sid, text)
        # every maximal run of >= K characters: the long runs and the seeds the alignment joins
        found.add(sid, family, key, exact_runs(seeds, key, K), m)


# --------------------------------------------------------------------------------------------------
# the naive baseline: every speech, every 13-gram


def baseline_search(lib: Library, d_key: str, m: int) -> Found:
    """Scan every speech of the store for the draft's K-grams and join them into maximal runs.

    Stock K-grams (kept as a fingerprint by more than STOCK_SPEECHES speeches) are counted by
    winnowing every speech in the same scan, without the index."""
    grams: dict[str, list[int]] = {}
    for i in range(len(d_key) - K + 1):
        grams.setdefault(d_key[i : i + K], []).append(i)
    found = Found({}, {}, {})
    seeds = DraftSeeds(d_key)
    kept = np.zeros(len(seeds.distinct), dtype=np.int64)  # speeches keeping each draft K-gram
    batch: list[str] = []

    def count_kept() -> None:
        hashes, _ = batch_fingerprints(batch)  # one (hash, speech) pair per speech
        at = np.minimum(np.searchsorted(seeds.distinct, hashes), len(seeds.distinct) - 1)
        np.add.at(kept, at[seeds.distinct[at] == hashes], 1)
        batch.clear()

    for sid, family, text in lib.db.execute("SELECT id, family, text FROM speeches"):
        key = library_key(text)
        if len(seeds.distinct):
            batch.append(key)
            if len(batch) == 2000:
                count_kept()
        hits = [
            (i, j)
            for j in range(len(key) - K + 1)
            if (g := key[j : j + K]) in grams
            for i in grams[g]
        ]
        if not hits:
            continue
        hits.sort(key=lambda p: (p[1] - p[0], p[0]))
        runs = []
        start = prev = hits[0]
        for pair in hits[1:]:
            if pair[1] - pair[0] == prev[1] - prev[0] and pair[0] == prev[0] + 1:
                prev = pair
                continue
            runs.append(Run(start[0], prev[0] + K, start[1], prev[1] + K))
            start = prev = pair
        runs.append(Run(start[0], prev[0] + K, start[1], prev[1] + K))
        found.add(sid, family, key, sorted(runs), m)
    if batch:
        count_kept()
    if len(seeds.distinct):
        found.stock = stock_positions(
            seeds.hashes, seeds.distinct[kept > STOCK_SPEECHES], len(d_key)
        )
    return found


def baseline_check(lib: Library, text: str, min_chars: int = 13, common: int = COMMON_FAMILIES):
    """The report of the naive baseline (every speech scanned), for bench/check.py."""
    dkey, detected = draft_key(text)
    found = baseline_search(lib, dkey.key, min_chars)
    return _report(lib, text, dkey, detected, found, min_chars, common)
