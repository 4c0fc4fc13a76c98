"""Readers during an ingest see a consistent library (SQLite WAL: each read sees one commit).

`jianghua ingest` of the five seeds runs in another process, storing one file per transaction
and then updating the 查重 and search indexes; meanwhile this process reads as the web app does:
counts never go backwards, every speech read has its occurrences and exactly one canonical member
in its family, a speech opened by id has its sources, and keyword searches and 查重 checks answer
with speeches the store holds.
"""

import random
import time

from reliability.reliability_support import SAMPLES, start_ingest

from jianghua.check.engine import check_text
from jianghua.errors import JianghuaError
from jianghua.library.search import search
from jianghua.library.store import DB_NAME, Library

COUNTS = (
    "SELECT (SELECT COUNT(*) FROM sources), (SELECT COUNT(*) FROM speeches),"
    " (SELECT COUNT(*) FROM occurrences)"
)
ORPHANS = (
    "SELECT COUNT(*) FROM speeches s WHERE NOT EXISTS"
    " (SELECT 1 FROM occurrences o WHERE o.speech_id = s.id)"
)
BAD_FAMILIES = (
    "SELECT COUNT(*) FROM (SELECT family FROM speeches GROUP BY family"
    " HAVING SUM(canonical != 0) != 1)"
)
# seed 004 line 7, the opening of its first speech: found by 查重 once 004 is indexed
DRAFT = (SAMPLES / "004_ff2848a0e228d2d6.txt").read_text(encoding="utf-8").splitlines()[6]


def snapshot(lib: Library) -> tuple[tuple[int, int, int], list[str]]:
    """Counts and speech ids from one read transaction, after checking its invariants."""
    lib.db.execute("BEGIN")
    try:
        counts = tuple(lib.db.execute(COUNTS).fetchone())
        assert lib.db.execute(ORPHANS).fetchone()[0] == 0
        assert lib.db.execute(BAD_FAMILIES).fetchone()[0] == 0
        ids = [r[0] for r in lib.db.execute("SELECT id FROM speeches")]
    finally:
        lib.db.rollback()
    return counts, ids


def test_reads_searches_and_checks_during_an_ingest(tmp_path):
    library = tmp_path / "lib"
    ingest = start_ingest([SAMPLES], library, batch_chars=1)  # one commit per file
    rng = random.Random(7)
    seen: list[tuple[int, int, int]] = []
    searches = checks = 0
    copied: list[float] = []
    lib = None
    try:
        while ingest.poll() is None or lib is None:
            if lib is None:
                if not (library / DB_NAME).exists():
                    time.sleep(0.02)
                    continue
                lib = Library(library, create=False)
            counts, ids = snapshot(lib)
            if seen:
                assert all(now >= before for now, before in zip(counts, seen[-1], strict=True))
            seen.append(counts)
            for sid in rng.sample(ids, min(3, len(ids))):
                assert lib.speech(sid)["sources"]
            try:
                hits = search(lib, "工作", mode="keyword", per_page=20)["hits"]
                searches += 1
            except JianghuaError:
                hits = []  # the search index does not exist yet: a clear error, not a crash
            held = set(lib.speech_ids())
            assert {h["id"] for h in hits} <= held
            if ingest.poll() is None and rng.random() < 0.3:
                report = check_text(lib, DRAFT)
                checks += 1
                assert {source.id for source in report.sources} <= set(lib.speech_ids())
                copied.append(report.copied_share)
        assert ingest.returncode == 0, ingest.stderr.read()
        final, _ = snapshot(lib)
    finally:
        if ingest.poll() is None:
            ingest.kill()
        if lib is not None:
            lib.close()
    assert final == (5, 65, 74)  # tests/library/test_ingest_seeds.py: the seeds' counts
    distinct = sorted(set(seen))
    assert len(distinct) >= 3, distinct  # the reads did see the library grow, commit by commit
    assert searches > 0
    print(f"{len(seen)} reads, {len(distinct)} states, {searches} searches, {checks} checks")
    # the draft is a line of 004: no copy before 004 is indexed, all of it copied after
    assert report_after(library) == 1.0 and set(copied) <= {0.0, 1.0}


def report_after(library) -> float:
    with Library(library, create=False) as lib:
        return check_text(lib, DRAFT).copied_share
