"""The distributed near-duplicate rules, step by step, on hand-made arrays."""

import numpy as np

from jianghua import dedup
from jianghua.engine.neardup import candidates, components, key_rank, pair_keys


def pair(a: int, b: int) -> int:
    return (a << 32) | b


def test_a_key_held_by_many_speeches_only_pairs_its_first_nine_holders():
    # One key held by speeches 0..11 (in shuffled row order), one by 20 and 21.
    owners = np.array([5, 3, 11, 0, 1, 2, 4, 6, 7, 8, 9, 10, 21, 20], dtype=np.int64)
    keys = np.array([8] * 12 + [16, 16], dtype=np.uint64)
    k, o, rank, distinct, counts = key_rank(keys, owners)
    assert distinct.tolist() == [8, 16] and counts.tolist() == [12, 2]
    assert o[:12].tolist() == list(range(12)) and rank[:12].tolist() == list(range(12))
    got = set(pair_keys(o, rank).tolist())
    first_nine = {pair(a, b) for b in range(dedup.MAX_SHARED + 1) for a in range(b)}
    assert got == first_nine | {pair(20, 21)}
    assert pair(0, 9) not in got  # the 10th holder finds the key already shared by 9: stock


def test_candidate_rule_matches_the_store():
    sizes = np.array([100, 10, 4, 40], dtype=np.int64)
    pairs = np.array([pair(0, 1), pair(0, 2), pair(1, 3), pair(2, 3), pair(0, 3)], dtype=np.uint64)
    shared = np.array([3, 1, 3, 1, 9], dtype=np.int64)
    got = set(candidates(pairs, shared, sizes).tolist())
    # (0,1): 3 >= 0.25 x 10 (later's size)            -> sure
    # (0,2): 1 >= 0.25 x 4                              -> sure, even with one shared key
    # (1,3): 3 < 0.25 x 40 but >= 2 and >= 0.25 x 10    -> unsure, earlier's size decides
    # (2,3): 1 < 10 and a single key is never enough     -> no
    # (0,3): 9 < 10 and 9 < 0.25 x 100                   -> no
    assert got == {pair(0, 1), pair(0, 2), pair(1, 3)}


def test_components_join_chains_and_keep_singletons_out():
    edges = np.array([pair(3, 7), pair(1, 3), pair(10, 12), pair(7, 9)], dtype=np.uint64)
    assert sorted(components(edges)) == [[1, 3, 7, 9], [10, 12]]
    assert components(np.empty(0, np.uint64)) == []
