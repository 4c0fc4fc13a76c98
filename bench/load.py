"""Load test on the 1 M-paragraph library, in one command: prepare a valid library, run the load.

    .venv/bin/python bench/load.py [--source bench/out/search-large-1000000-seed0] [--clients 50]
                                   [--seconds 60]

The load itself is bench/web_load.py (>= 50 clients in a separate process, bounded in time and
count, p50/p99 per endpoint, one client as the baseline in the same run); this script makes the
library it runs on.

Why a preparation step: the 1 M-paragraph libraries of bench/search.py and bench/check.py insert
speeches straight into the store (ingesting 250 M characters would take the whole time budget),
without occurrences and, for the 查重 one, with whole near-duplicate families canonical.
`jianghua verify` rejects such a store, and reading one of its speeches is an error. So the source
library is copied (SQLite backup API, so a library in use copies consistently; its index folders
copied as they are) to bench/out/load-<name>, each speech gets one occurrence in the library's
single synthetic source and each family one canonical member (its smallest id, the store's own
rule for family names), the derived indexes (search, 查重; not embeddings) are brought up to date
with their `update`, and `jianghua verify` must pass before any load is sent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_SOURCE = HERE / "out" / "search-large-1000000-seed0"


def copy_library(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    src = sqlite3.connect(f"file:{source / 'jianghua.sqlite'}?mode=ro", uri=True)
    dst = sqlite3.connect(target / "jianghua.sqlite")
    src.backup(dst)
    dst.close()
    src.close()
    for child in source.iterdir():
        if child.is_dir():
            shutil.copytree(child, target / child.name)


def make_valid(folder: Path) -> dict:
    """One occurrence per speech, one canonical member per family; returns what was changed."""
    db = sqlite3.connect(folder / "jianghua.sqlite")
    sources = db.execute("SELECT id FROM sources ORDER BY id").fetchall()
    if len(sources) != 1:
        raise SystemExit(f"{folder}: expected the one synthetic source of a bench library")
    source_id = sources[0][0]
    rows = db.execute(
        "SELECT id, title, text FROM speeches s WHERE NOT EXISTS"
        " (SELECT 1 FROM occurrences o WHERE o.speech_id = s.id) ORDER BY rowid"
    ).fetchall()
    start = db.execute(
        "SELECT COALESCE(MAX(last_line), 0) + 2 FROM occurrences WHERE source_id = ?", (source_id,)
    ).fetchone()[0]
    occurrences = []
    for sid, title, text in rows:
        n = text.count("\n") + 1
        lines = json.dumps([[start + i, start + i] for i in range(n)])
        occurrences.append((sid, source_id, start, start + n - 1, title, lines))
        start += n + 1
    with db:
        db.executemany(
            "INSERT INTO occurrences (speech_id, source_id, first_line, last_line, item, title,"
            " header, meta, paragraph_lines, edits) VALUES (?, ?, ?, ?, NULL, ?, '[]', '{}', ?, 0)",
            occurrences,
        )
        db.execute(
            "UPDATE sources SET line_count = MAX(line_count, ?) WHERE id = ?", (start, source_id)
        )
        fixed = db.execute(
            "UPDATE speeches SET canonical = (id = family) WHERE canonical != (id = family)"
        ).rowcount
    db.close()
    return {"occurrences_added": len(occurrences), "canonical_fixed": fixed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if not (args.source / "jianghua.sqlite").exists():
        raise SystemExit(
            f"no library at {args.source}: build it with `.venv/bin/python bench/search.py`"
        )
    from jianghua.library.indexes import update_all
    from jianghua.library.store import Library
    from jianghua.library.verify import verify

    target = HERE / "out" / f"load-{args.source.name}"
    t = time.perf_counter()
    copy_library(args.source, target)
    print(f"copied {args.source} to {target} in {time.perf_counter() - t:.0f} s")
    print(f"made valid: {make_valid(target)}")
    t = time.perf_counter()
    with Library(target, create=False) as lib:
        added = update_all(lib, skip=("embeddings",))
        print(f"indexes updated in {time.perf_counter() - t:.0f} s: {added}")
        report = verify(lib, ("embeddings",))
        paragraphs = lib.db.execute(
            "SELECT SUM(LENGTH(text) - LENGTH(REPLACE(text, char(10), '')) + 1) FROM speeches"
        ).fetchone()[0]
    if not report.ok:
        raise SystemExit(f"jianghua verify failed: {report.as_dict()}")
    print(f"jianghua verify: ok ({paragraphs} paragraphs)")
    subprocess.run(
        [sys.executable, str(HERE / "web_load.py"), "--library", str(target)]
        + ["--clients", str(args.clients), "--seconds", str(args.seconds)]
        + ["--out", str(HERE / "out" / "load-runs")],
        check=True,
    )


if __name__ == "__main__":
    main()
