"""Inputs of the Dask engine: globs, JSONL and Parquet dumps of crawled pages, partitions."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jianghua.engine import ingest_dask, inputs
from jianghua.engine.inputs import Item, partitions, read_item, work_items
from jianghua.engine.process import part_name, process_partition, read_partition
from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.sources import SUPPORTED_SUFFIXES

SAMPLES = Path("samples")
SEEDS = sorted(SAMPLES.iterdir())


def seed_records() -> list[dict]:
    return [
        {"url": f"https://example.org/{p.stem}", "text": p.read_text(encoding="utf-8")}
        for p in SEEDS
    ]


def test_globs_expand_in_sorted_order_and_a_pattern_without_match_is_an_error():
    items = work_items(["samples/00[31]_*.txt"])
    assert [Path(i.path).name[:3] for i in items] == ["001", "003"]
    # Workers run elsewhere: they read absolute paths; reports and the library keep the given one.
    assert all(Path(i.path).is_absolute() and i.name.startswith("samples/") for i in items)
    [(where, page, _)] = list(read_item(items[0]))
    assert where == page.path == items[0].name
    with pytest.raises(SourceError, match="matches no file"):
        work_items(["samples/*.nothing"])


def test_jsonl_ranges_read_every_line_exactly_once(tmp_path, monkeypatch):
    dump = tmp_path / "crawl.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in seed_records()]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"url": "https://example.org/empty", "html": " "}))
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "JSONL_RANGE_BYTES", 1000)  # ranges end mid-line
    items = work_items([dump])
    assert len(items) > 10
    read = [r for item in items for r in read_item(item)]
    assert [w for w, page, _ in read if page] == [f"https://example.org/{p.stem}" for p in SEEDS]
    errors = {w: e for w, page, e in read if page is None}
    bad_offset = sum(len(line.encode()) + 1 for line in lines[:2])
    assert errors[f"{dump} (byte {bad_offset})"].startswith("not a JSON line")
    assert errors["https://example.org/empty"] == "empty page"


def test_parquet_dump_rows_become_pages_named_by_url(tmp_path):
    dump = tmp_path / "crawl.parquet"
    records = seed_records()
    records.append({"url": None, "text": "x"})
    pq.write_table(pa.Table.from_pylist(records), dump, row_group_size=2)
    items = work_items([dump])
    assert [i.start for i in items] == [0, 1, 2]
    read = [r for item in items for r in read_item(item)]
    assert [page.name for _, page, _ in read[:5]] == [r["url"] for r in records[:5]]
    assert read[5] == (f"{dump} (row 6)", None, "record has no url")


def test_partitions_keep_order_and_size():
    items = [Item("file", str(i), size=s) for i, s in enumerate([5, 5, 5, 20, 1, 1])]
    parts = partitions(items, 10)
    assert [[int(i.path) for i in p] for p in parts] == [[0, 1], [2], [3], [4, 5]]


def test_a_partition_written_twice_is_replaced_not_doubled(tmp_path):
    items = work_items(SEEDS[:2])
    first = process_partition(7, items, str(tmp_path))
    rows = [(w, e, c, len(s)) for w, e, c, _, s in read_partition(first["path"])]
    second = process_partition(7, items, str(tmp_path))
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == [part_name(7)]  # no temp file left
    assert [(w, e, c, len(s)) for w, e, c, _, s in read_partition(second["path"])] == rows
    assert len(rows) == 2 and all(n > 0 for *_, n in rows)


def test_a_jsonl_dump_gives_the_speeches_of_the_same_files(client, tmp_path):
    dump = tmp_path / "crawl.jsonl"
    dump.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in seed_records()), encoding="utf-8"
    )
    with Library(tmp_path / "files") as lib:
        ingest(SEEDS, lib)
        expected = [
            {**r, "sources": [[s["file"][:3], s["lines"]] for s in r["sources"]]}
            for r in lib.export_records()
        ]
    with Library(tmp_path / "dump") as lib:
        report = ingest_dask([dump], lib, client=client)
        got = [
            {**r, "sources": [[s["file"].rsplit("/", 1)[1][:3], s["lines"]] for s in r["sources"]]}
            for r in lib.export_records()
        ]
    assert not report.failed and len(report.files) == 5
    assert got == expected


def test_bad_files_are_reported_with_their_reason_and_the_run_goes_on(client, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "page.xls").write_bytes(b"%PDF")
    with Library(tmp_path / "lib") as lib:
        report = ingest_dask(
            [tmp_path / "empty.txt", tmp_path / "page.xls", tmp_path / "gone.txt"],
            lib,
            client=client,
        )
        assert lib.stats()["speeches"] == 0
    assert {Path(f.path).name: f.error for f in report.failed} == {
        "empty.txt": "empty file",
        "page.xls": f"unsupported file type .xls (expected one of {', '.join(SUPPORTED_SUFFIXES)})",
        "gone.txt": "file not found",
    }
