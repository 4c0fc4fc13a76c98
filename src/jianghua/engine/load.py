"""Loading a Dask run into the library: pages through Library.add_page in input order, then the
near-duplicate results (families, canonical members, the sample index) written in bulk.

Pages go through `add_page` so that sources, occurrences, exact copies, titles, edits and removed
lines are stored by the very code the in-process engine uses. Their speeches carry an empty sample
set, which makes `add_page` skip its own near-duplicate probe; the distributed step then computes
families for the whole library and `apply_near_duplicates` stores them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianghua import dedup
from jianghua.engine.neardup import TEXT_ROW_GROUP, TEXTS_PER_PART
from jianghua.engine.process import read_partition
from jianghua.library.store import Library
from jianghua.pipeline import FileReport, IngestReport


def load_partition(
    lib: Library,
    path: str,
    report: IngestReport,
    on_file: Callable[[FileReport], None] | None = None,
) -> None:
    """Store the pages of one partition file, in order, one transaction per page."""
    for where, error, chars, page, speeches in read_partition(path):
        file_report = FileReport(where, error=error)
        if page is not None:
            for speech in speeches:
                speech.fingerprints = ()  # no probe now: families come from the cluster
            file_report.result = lib.add_page(page, speeches)
            if not file_report.result.skipped:
                report.chars += chars
        report.files.append(file_report)
        if on_file:
            on_file(file_report)


def export_texts(lib: Library, out_dir: Path) -> tuple[list[str], list[str], list[int]]:
    """Write every speech's text, in library order, to Parquet parts for the workers.
    Returns the part paths, and the ids and rowids by order (order = position in library order)."""
    ids: list[str] = []
    rowids: list[int] = []
    paths: list[str] = []
    batch: list[str] = []

    def flush() -> None:
        start = len(ids) - len(batch)
        path = out_dir / f"texts-{len(paths):06d}.parquet"
        pq.write_table(
            pa.table({"order": pa.array(range(start, len(ids)), pa.int64()), "text": batch}),
            path,
            row_group_size=TEXT_ROW_GROUP,
        )
        paths.append(str(path))
        batch.clear()

    for rowid, sid, text in lib.db.execute("SELECT rowid, id, text FROM speeches ORDER BY rowid"):
        ids.append(sid)
        rowids.append(rowid)
        batch.append(text)
        if len(batch) >= TEXTS_PER_PART:
            flush()
    if batch:
        flush()
    return paths, ids, rowids


def apply_near_duplicates(lib: Library, result: dict, ids: list[str], rowids: list[int]) -> int:
    """Store families, canonical members and the sample index computed by the cluster, for the
    whole library, in one transaction. Returns the number of families of two or more."""
    db = lib.db
    with db:
        db.execute(
            "UPDATE speeches SET family = id, canonical = 1 WHERE family <> id OR canonical <> 1"
        )
        for orders in result["families"]:
            members = [ids[o] for o in orders]
            marks = ",".join("?" * len(members))
            rows = db.execute(
                f"SELECT id, chars, placeholders FROM speeches WHERE id IN ({marks})", members
            ).fetchall()
            best = max(rows, key=lambda r: (dedup.canonical_rank(r[1], r[2]), r[0]))
            db.execute(
                f"UPDATE speeches SET family = ?, canonical = (id = ?) WHERE id IN ({marks})",
                [min(members), best[0], *members],
            )
        db.execute("DELETE FROM fingerprints")
        db.execute("DELETE FROM fingerprint_counts")
        for path in result["sample_files"]:
            table = pq.read_table(path)
            db.executemany(
                "INSERT INTO fingerprints (hash, speech_id) VALUES (?, ?)",
                zip(
                    table.column("hash").to_pylist(),
                    (ids[o] for o in table.column("order").to_pylist()),
                    strict=True,
                ),
            )
        for path in result["count_files"]:
            table = pq.read_table(path)
            db.executemany(
                "INSERT INTO fingerprint_counts (hash, speeches) VALUES (?, ?)",
                zip(
                    table.column("hash").to_pylist(),
                    table.column("speeches").to_pylist(),
                    strict=True,
                ),
            )
        db.executemany(
            "UPDATE speeches SET sample_size = ? WHERE rowid = ?",
            zip(result["sizes"].tolist(), rowids, strict=True),
        )
    return len(result["families"])
