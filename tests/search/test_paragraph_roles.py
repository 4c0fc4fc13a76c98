"""paragraph_roles is a sweep over bisected node ranges; it must give what the test of every
node against every paragraph gave (kept here as the reference), on the seeds and on odd input."""

import random
from pathlib import Path

import pytest

from jianghua.library.search_index import (
    _outline_nodes,
    paragraph_roles,
    paragraph_spans,
    trusted,
)
from jianghua.pipeline import process_page
from jianghua.sources import read_page

SEEDS = sorted(Path("samples").glob("*.txt")) + sorted(Path("../shared/seeds").glob("*.txt"))


def roles_by_pairs(structure: dict, spans: list[tuple[int, int]]) -> list[set[str]]:
    """The former paragraph_roles: every node against every paragraph."""
    roles: list[set[str]] = [set() for _ in spans]
    for node in _outline_nodes(structure):
        role, start, end = node.get("role"), node.get("start"), node.get("end")
        if not role or not isinstance(start, int) or not isinstance(end, int):
            continue
        if role == "other" or not trusted(node):
            continue
        for i, (p_start, _p_end) in enumerate(spans):
            if start <= p_start < end:
                roles[i].add(str(role))
    return roles


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seed_speeches_get_the_roles_they_got(path):
    _page, speeches = process_page(read_page(path))
    assert speeches
    with_roles = 0
    for speech in speeches:
        spans = paragraph_spans(speech.text)
        expected = roles_by_pairs(speech.structure, spans)
        assert paragraph_roles(speech.structure, spans) == expected
        with_roles += any(expected)
    assert with_roles  # the seeds have sectioned speeches: the comparison is not of empty sets


def test_odd_structures_and_spans_agree():
    rng = random.Random(14)
    for _ in range(300):
        n = rng.randint(0, 30)
        spans = [(s, s + rng.randint(0, 5)) for s in (rng.randint(0, 100) for _ in range(n))]
        if rng.random() < 0.5:
            spans.sort()

        def node(depth: int) -> dict:
            start = rng.choice([rng.randint(-5, 110), None, "7", True])
            end = rng.choice([rng.randint(-5, 110), rng.randint(-5, 110), None])
            return {
                "role": rng.choice(["tasks", "review", "", None, "other", 3]),
                "start": start,
                "end": end,
                "children": [node(depth + 1) for _ in range(rng.randint(0, 3 - depth))]
                if depth < 3
                else rng.choice([None, "x", []]),
            }

        structure = {"outline": [node(0) for _ in range(rng.randint(0, 4))]}
        assert paragraph_roles(structure, spans) == roles_by_pairs(structure, spans)
    assert paragraph_roles({}, [(0, 1)]) == [set()]
    assert paragraph_roles({"outline": "x"}, []) == []
