"""The library as Parquet files, and DuckDB queries over them (`jianghua export --format parquet`,
`jianghua sql`).

One folder (by default <library>/parquet) holds three files:

  speeches.parquet     one row per distinct speech, the fields of the jsonl export
                       (`Library.export_records`); sources, flags, formulations and the
                       salutation, opening and closing are list/struct columns, while outline
                       (a tree of any depth) and meta (a value of another shape per field) are
                       JSON columns, which Parquet's fixed schemas cannot hold otherwise;
  occurrences.parquet  where each speech was found: speech_id, file, ordinal (its place on
                       the page), first_line, first_col, last_line, last_col;
  families.parquet     family, speech_id, canonical: one row per speech.

The three are read in one SQLite transaction, so they agree with each other even if an ingest
commits meanwhile, and each is written under a temporary name; they replace the previous export
only once all three are written, so a failed export leaves the old files, never a half file.
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jianghua.errors import LibraryError
from jianghua.library.store import Library

FOLDER = "parquet"  # the export's default folder inside the library folder
TABLES = ("speeches", "occurrences", "families")
BATCH_ROWS = 2000  # rows per record batch (and row group): bounds the memory an export takes

_SPAN = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
# Struct fields not named here would be dropped silently by pyarrow: tests/library/
# test_parquet_sql.py reads every speech back and compares it with its jsonl record.
SPEECHES = pa.schema(
    [
        ("id", pa.string()),
        ("family", pa.string()),
        ("canonical", pa.bool_()),
        ("title", pa.string()),
        ("text", pa.string()),
        (
            "sources",
            pa.list_(
                pa.struct(
                    [
                        ("file", pa.string()),
                        ("lines", pa.list_(pa.int64())),
                        ("columns", pa.list_(pa.int64())),
                    ]
                )
            ),
        ),
        ("chars", pa.int64()),
        ("placeholders", pa.int64()),
        ("script", pa.string()),
        ("edits", pa.int64()),
        ("outline", pa.json_()),
        ("salutation", _SPAN),
        ("opening", _SPAN),
        ("closing", _SPAN),
        ("meta", pa.json_()),
        (
            "flags",
            pa.list_(
                pa.struct(
                    [
                        ("kind", pa.string()),
                        ("detail", pa.string()),
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                    ]
                )
            ),
        ),
        (
            "formulations",
            pa.list_(
                pa.struct(
                    [
                        ("kind", pa.string()),
                        ("text", pa.string()),
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                        ("speeches", pa.int64()),
                    ]
                )
            ),
        ),
    ]
)
JSON_COLUMNS = ("outline", "meta")
OCCURRENCES = pa.schema(
    [
        ("speech_id", pa.string()),
        ("file", pa.string()),
        ("ordinal", pa.int64()),
        ("first_line", pa.int64()),
        ("first_col", pa.int64()),
        ("last_line", pa.int64()),
        ("last_col", pa.int64()),
    ]
)
FAMILIES = pa.schema(
    [("family", pa.string()), ("speech_id", pa.string()), ("canonical", pa.bool_())]
)


def default_folder(library: Path) -> Path:
    return Path(library) / FOLDER


# -- writing ---------------------------------------------------------------------------------


def export_parquet(lib: Library, folder: Path, batch_rows: int = BATCH_ROWS) -> dict[str, int]:
    """Write the three files into `folder` (made if need be); returns the rows of each."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "speeches": (SPEECHES, _speech_rows(lib)),
        "occurrences": (OCCURRENCES, _occurrence_rows(lib)),
        "families": (FAMILIES, _family_rows(lib)),
    }
    temps: dict[str, Path] = {}
    counts: dict[str, int] = {}
    try:
        with _snapshot(lib):
            for name, (schema, rows) in tables.items():
                # A dot name: no glob of *.parquet (ours or a user's) ever reads a half file.
                temps[name] = folder / f".{name}.parquet.{uuid.uuid4().hex[:12]}.tmp"
                counts[name] = _write(temps[name], schema, rows, batch_rows)
        for name, temp in temps.items():
            os.replace(temp, folder / f"{name}.parquet")
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return counts


@contextmanager
def _snapshot(lib: Library) -> Iterator[None]:
    """One read transaction for the whole export (WAL: it does not hold up a writer)."""
    lib.db.execute("BEGIN")
    try:
        yield
    finally:
        lib.db.rollback()


def _write(path: Path, schema: pa.Schema, rows: Iterable[dict], batch_rows: int) -> int:
    count = 0
    rows = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:  # no rows: a valid file with the schema
        while batch := list(itertools.islice(rows, batch_rows)):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _speech_rows(lib: Library) -> Iterator[dict]:
    for record in lib.export_records():
        for column in JSON_COLUMNS:
            record[column] = json.dumps(record[column], ensure_ascii=False)
        yield record


def _occurrence_rows(lib: Library) -> Iterator[dict]:
    cursor = lib.db.execute(
        "SELECT o.speech_id, s.name AS file, o.ordinal, o.first_line, o.first_col, o.last_line,"
        " o.last_col FROM occurrences o"
        " JOIN sources s ON s.id = o.source_id ORDER BY o.source_id, o.ordinal"
    )
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _family_rows(lib: Library) -> Iterator[dict]:
    cursor = lib.db.execute("SELECT family, id, canonical FROM speeches ORDER BY family, id")
    for family, speech_id, canonical in cursor:
        yield {"family": family, "speech_id": speech_id, "canonical": bool(canonical)}


# -- querying --------------------------------------------------------------------------------


def parquet_paths(folder: Path) -> dict[str, Path]:
    """The export's file of each table, or LibraryError naming the ones missing."""
    paths = {name: Path(folder) / f"{name}.parquet" for name in TABLES}
    missing = [path.name for path in paths.values() if not path.is_file()]
    if missing:
        raise LibraryError(f"no Parquet export in {folder} ({', '.join(missing)} missing)")
    return paths


def connect(folder: Path):
    """An in-memory DuckDB with a view per table (speeches, occurrences, families) over the
    Parquet files in `folder`. Nothing is copied: DuckDB reads the files at query time."""
    import duckdb  # only `jianghua sql` needs it

    paths = parquet_paths(folder)
    con = duckdb.connect()
    for name, path in paths.items():
        con.read_parquet(str(path.resolve())).create_view(name)
    return con


def query(folder: Path, sql: str, batch_rows: int = BATCH_ROWS) -> tuple[list[str], Iterator]:
    """Run `sql` over the export in `folder`: its column names, and its rows as tuples, fetched
    `batch_rows` at a time. DuckDB errors (duckdb.Error) come from here or from the rows."""
    con = connect(folder)
    try:
        cursor = con.execute(sql)
    except BaseException:
        con.close()
        raise
    columns = [d[0] for d in cursor.description or ()]

    def rows() -> Iterator[tuple]:
        try:
            while batch := cursor.fetchmany(batch_rows):
                yield from batch
        finally:
            con.close()

    return columns, rows()
