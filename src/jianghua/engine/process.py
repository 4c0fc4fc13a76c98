"""The map step of a Dask ingest: one partition of work items through jianghua.pipeline.process_page
on a worker, written to one Parquet file.

The file is written under a temporary name and renamed into place, so a partition retried after
its worker died (or computed twice) replaces its file instead of adding to it, and a reader never
sees half a file. Rows keep the input order; each carries the processed page and its speeches as a
pickle (the loader needs the exact records) next to plain columns for inspection with DuckDB.
"""

from __future__ import annotations

import os
import pickle
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianghua.engine.inputs import Item, read_item
from jianghua.pipeline import for_store, process_page

PAGES_SCHEMA = pa.schema(
    [
        ("seq", pa.int32()),  # position in the partition: the order the loader stores pages in
        ("where", pa.string()),  # file, url or dump position, as reported
        ("error", pa.string()),  # why the page could not be read (null when it could)
        ("chars", pa.int64()),  # characters of the original page
        ("speeches", pa.int32()),
        ("payload", pa.binary()),  # pickle of (Page, [Speech]) for the loader
    ]
)
# Rows per row group: the loader reads one group at a time, so this bounds its memory.
ROWS_PER_GROUP = 32


def part_name(index: int) -> str:
    return f"pages-{index:06d}.parquet"


def process_partition(index: int, items: list[Item], out_dir: str) -> dict:
    """Process the pages of `items`, write `out_dir/pages-<index>.parquet`; return a summary."""
    final = Path(out_dir) / part_name(index)
    temp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    pages = errors = speeches = 0
    rows: list[dict] = []
    try:
        with pq.ParquetWriter(temp, PAGES_SCHEMA) as writer:
            for item in items:
                for where, page, error in read_item(item):
                    row = _process(where, page, error)
                    row["seq"] = pages
                    pages += 1
                    errors += row["error"] is not None
                    speeches += row["speeches"]
                    rows.append(row)
                    if len(rows) >= ROWS_PER_GROUP:
                        writer.write_table(pa.Table.from_pylist(rows, PAGES_SCHEMA))
                        rows = []
            if rows or pages == 0:
                writer.write_table(pa.Table.from_pylist(rows, PAGES_SCHEMA))
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return {
        "index": index,
        "path": str(final),
        "pages": pages,
        "errors": errors,
        "speeches": speeches,
    }


def _process(where: str, page, error: str | None) -> dict:
    if page is None:
        return {"where": where, "error": error, "chars": 0, "speeches": 0, "payload": None}
    try:
        page, speeches = process_page(page)
    except Exception as exc:  # a pipeline bug on one page must not stop the partition
        reason = f"unexpected error while processing the page ({type(exc).__name__}: {exc})"
        return {"where": where, "error": reason, "chars": 0, "speeches": 0, "payload": None}
    for speech in speeches:
        # The near-duplicate step recomputes the samples from the stored text; shipping them
        # here would only double the partition's size.
        speech.fingerprints = ()
    return {
        "where": where,
        "error": None,
        "chars": page.char_count,
        "speeches": len(speeches),
        "payload": pickle.dumps(for_store(page, speeches), protocol=pickle.HIGHEST_PROTOCOL),
    }


def read_partition(path: str):
    """(where, error, chars, page, speeches) per row of a partition file, in order, one row group
    in memory at a time."""
    pf = pq.ParquetFile(path)
    for g in range(pf.num_row_groups):
        for row in pf.read_row_group(g).to_pylist():
            page = speeches = None
            if row["payload"] is not None:
                page, speeches = pickle.loads(row["payload"])
            yield row["where"], row["error"], row["chars"], page, speeches
