"""Check a draft against the library: the indexed search, and the naive baseline for the bench.

Indexed search: look up every K-gram of the draft in the check index. Speeches found through a
fingerprint held by at most CAP speeches are all compared with the draft (exact runs, `match`).
A fingerprint held by more speeches is a stock phrase; for each stretch of the draft made of such
fingerprints only the speeches sharing most of them are compared (at most PER_STRETCH), enough to
tell that the stretch is common without reading thousands of speeches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np

from jianghua.check.fingerprint import K
from jianghua.check.index import CheckIndex
from jianghua.check.keys import TextKey, draft_key, library_key
from jianghua.check.match import COMMON_FAMILIES, DraftSeeds, Found, Run, classify, exact_runs
from jianghua.check.report import Report, build_report
from jianghua.errors import JianghuaError
from jianghua.library.store import Library

CAP = 48
PER_STRETCH = 4 * COMMON_FAMILIES
MIN_CHARS_FLOOR = K


def check_text(
    lib: Library,
    text: str,
    min_chars: int = 13,
    common: int = COMMON_FAMILIES,
    index: CheckIndex | None = None,
) -> Report:
    """The 查重 report of a draft text against the library (the index must be up to date)."""
    if min_chars < MIN_CHARS_FLOOR:
        raise JianghuaError(f"--min-chars must be at least {MIN_CHARS_FLOOR} (got {min_chars})")
    dkey, detected = draft_key(text)
    found = search(index or CheckIndex(lib), dkey.key, min_chars, common)
    return _report(lib, text, dkey, detected, found, min_chars, common)


def _report(lib, text, dkey: TextKey, detected, found: Found, m: int, common: int) -> Report:
    segments, _ = classify(found, dkey.key, m, common)
    docs = sorted({s.doc for s in segments})
    texts, details = _speech_details(lib, docs)
    return build_report(text, dkey, detected, segments, texts, details)


def _speech_details(lib: Library, ids: list[str]) -> tuple[dict[str, str], dict[str, dict]]:
    texts: dict[str, str] = {}
    details: dict[str, dict] = {}
    for sid in ids:
        row = lib.db.execute(
            "SELECT s.id, s.title, s.text, s.structure, src.name FROM speeches s"
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
        occasion = structure.get("occasion") if isinstance(structure, dict) else None
        details[sid] = {"title": row[1], "file": row[4], "occasion": occasion}
    return texts, details


def search(index: CheckIndex, d_key: str, m: int, common: int = COMMON_FAMILIES) -> Found:
    """Exact runs of the draft key with every speech the index points at (see module doc)."""
    seeds = DraftSeeds(d_key)
    found = Found({}, {}, {})
    if not len(seeds.distinct):
        return found
    counts, postings = index.lookup(seeds.distinct)
    rare = counts <= CAP
    verified: set[int] = set()
    candidates = (
        np.unique(np.concatenate([postings[i] for i in np.nonzero(rare & (counts > 0))[0]]))
        if (rare & (counts > 0)).any()
        else np.zeros(0, dtype=np.int64)
    )
    _verify(index, seeds, m, candidates.tolist(), verified, found)

    # stretches of the draft whose K-grams are all stock fingerprints
    frequent_hash = {int(h) for h in seeds.distinct[~rare]}
    slot = {int(h): i for i, h in enumerate(seeds.distinct.tolist())}
    starts = [i for i, h in enumerate(seeds.hashes.tolist()) if h in frequent_hash]
    families_at = _families_at(found, len(d_key))
    for lo, hi in _stretches(starts):
        span = range(lo, hi + K)
        if all(len(families_at[p]) >= common for p in span):
            continue
        hashes = {slot[int(seeds.hashes[i])] for i in range(lo, hi + 1)}
        docs, hits = np.unique(np.concatenate([postings[i] for i in hashes]), return_counts=True)
        order = np.lexsort((docs, -hits))
        picks = [int(d) for d in docs[order] if int(d) not in verified][:PER_STRETCH]
        before = set(found.runs)
        _verify(index, seeds, m, picks, verified, found)
        for sid in set(found.runs) - before:
            for r in found.runs[sid]:
                for p in range(r.a, r.b):
                    families_at[p].add(found.families[sid])
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


def _families_at(found: Found, n: int) -> list[set[str]]:
    at: list[set[str]] = [set() for _ in range(n)]
    for sid, runs in found.runs.items():
        for r in runs:
            for p in range(r.a, r.b):
                at[p].add(found.families[sid])
    return at


def _verify(index, seeds, m, nums: list[int], verified: set[int], found: Found) -> None:
    nums = [n for n in nums if n not in verified]
    verified.update(nums)
    for _num, (sid, family, text) in index.documents(nums).items():
        key = library_key(text)
        runs = exact_runs(seeds, key, m)
        if runs:
            found.runs[sid] = runs
            found.keys[sid] = key
            found.families[sid] = family


# --------------------------------------------------------------------------------------------------
# the naive baseline: every speech, every 13-gram


def baseline_search(lib: Library, d_key: str, m: int) -> Found:
    """Scan every speech of the store for the draft's m-grams and join them into maximal runs."""
    grams: dict[str, list[int]] = {}
    for i in range(len(d_key) - m + 1):
        grams.setdefault(d_key[i : i + m], []).append(i)
    found = Found({}, {}, {})
    for sid, family, text in lib.db.execute("SELECT id, family, text FROM speeches"):
        key = library_key(text)
        hits = [
            (i, j)
            for j in range(len(key) - m + 1)
            if (g := key[j : j + m]) in grams
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
            runs.append(Run(start[0], prev[0] + m, start[1], prev[1] + m))
            start = prev = pair
        runs.append(Run(start[0], prev[0] + m, start[1], prev[1] + m))
        found.runs[sid] = sorted(runs)
        found.keys[sid] = key
        found.families[sid] = family
    return found


def baseline_check(lib: Library, text: str, min_chars: int = 13, common: int = COMMON_FAMILIES):
    dkey, detected = draft_key(text)
    found = baseline_search(lib, dkey.key, min_chars)
    return _report(lib, text, dkey, detected, found, min_chars, common)
