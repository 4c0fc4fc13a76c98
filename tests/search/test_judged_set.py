"""The judged query set of bench/relevance.py is kept with the tests: its shape is checked here so
that an edit by hand cannot silently drop judgements or add a grade the measure does not know."""

import json
from pathlib import Path

JUDGED = Path(__file__).parent / "relevance" / "judged.json"
CLASSES = {
    "phrase", "longword", "multiword", "question", "typo", "abbreviation", "semantic", "role",
    "title",
}  # fmt: skip


def test_the_judged_set_has_every_class_and_valid_grades():
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    queries = data["queries"]
    assert len(queries) >= 60
    assert {q["class"] for q in queries} == CLASSES
    seen = set()
    for q in queries:
        ident = (q["query"], json.dumps(q["filters"], sort_keys=True))
        assert ident not in seen, ident
        seen.add(ident)
        assert q["judged"], q["query"]
        assert set(q["judged"].values()) <= {0, 1, 2}
        assert all(0 < len(key) <= 30 and key == key.strip() for key in q["judged"])
    # most queries have something relevant to find (a few are known to have none: see bench/README)
    assert sum(1 for q in queries if 2 in q["judged"].values()) >= 55
