"""What the Dask engine reads: files, folders and globs of scraped pages, and crawl dumps of pages
(JSONL or Parquet records with a `url` and an `html` or `text` field), cut into work items.

A work item is small and picklable (a path and a byte range or row group), so the scheduler only
ships descriptions and each worker reads its own input: the client never reads the corpus.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from jianghua.errors import SourceError
from jianghua.pipeline import iter_files
from jianghua.records import Page, sha256_hex
from jianghua.sources import printable, read_page
from jianghua.sources.html import read_html
from jianghua.sources.records import read_records

DUMP_SUFFIXES = {".jsonl", ".parquet"}
# A JSONL dump is cut into byte ranges of about this size, so that one huge dump still spreads
# over every worker and a worker holds one range at a time.
JSONL_RANGE_BYTES = 8 << 20


@dataclass(frozen=True)
class Item:
    """One unit of input: a page file, a byte range of a JSONL dump or a row group of a Parquet
    dump. `size` is an estimate of the bytes it covers, used to balance partitions."""

    kind: str  # 'file' | 'jsonl' | 'parquet'
    path: str
    start: int = 0  # jsonl: first byte; parquet: row group
    end: int = 0  # jsonl: end byte (exclusive)
    size: int = 0
    shown: str = ""  # the path as given, for reports and the library; `path` is absolute
    stored: str = ""  # the name in the library: its path relative to the folder named (pipeline)

    @property
    def name(self) -> str:
        return self.shown or self.path


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Paths named, with glob patterns expanded (sorted), in the order given."""
    out: list[Path] = []
    for raw in paths:
        text = str(raw)
        if glob.has_magic(text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise SourceError(text, "the pattern matches no file")
            out.extend(Path(m) for m in matches)
        else:
            out.append(Path(raw))
    return out


def work_items(paths: Iterable[str | Path]) -> list[Item]:
    """Work items for the paths, in the order the in-process engine reads files: each path in
    turn, folders walked in sorted order (dumps inside folders are read too)."""
    items: list[Item] = []
    for path in expand(paths):
        if path.is_dir():
            # iter_files knows page files only; dumps in the folder join them in name order
            # (a .jsonl is both a page file and a dump: the engine reads it as a dump)
            files = sorted({*iter_files([path]), *_dumps_under(path)})
            for child in files:
                items.extend(_items_for(child, child.relative_to(path).as_posix()))
        else:
            items.extend(_items_for(path))
    return items


def _dumps_under(folder: Path) -> list[Path]:
    return [
        p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() in DUMP_SUFFIXES
    ]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader will say what is wrong with it


def _items_for(given: Path, stored: str = "") -> list[Item]:
    # Workers run in other folders (or on other machines): they get absolute paths.
    path, shown = given.absolute(), str(given)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        size = _size(path)
        starts = range(0, max(size, 1), JSONL_RANGE_BYTES)
        return [
            Item(
                "jsonl",
                str(path),
                s,
                min(s + JSONL_RANGE_BYTES, size),
                min(JSONL_RANGE_BYTES, size - s),
                shown,
            )
            for s in starts
        ]
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(path).metadata
        except (OSError, ValueError) as exc:
            return [Item("unreadable", f"{shown}\0{exc}")]
        return [
            Item("parquet", str(path), g, g + 1, meta.row_group(g).total_byte_size, shown)
            for g in range(meta.num_row_groups)
        ]
    return [Item("file", str(path), size=_size(path), shown=shown, stored=printable(stored))]


def partitions(items: list[Item], target_bytes: int, max_items: int = 2000) -> list[list[Item]]:
    """Consecutive runs of items of about `target_bytes` each (order kept)."""
    parts: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        if current and (size + item.size > target_bytes or len(current) >= max_items):
            parts.append(current)
            current, size = [], 0
        current.append(item)
        size += item.size
    if current:
        parts.append(current)
    return parts


# -- reading an item -------------------------------------------------------------------------

Read = tuple[str, "Page | None", "str | None"]  # (where, page, error)


def read_item(item: Item) -> Iterator[Read]:
    """The pages of one work item, each as (where, page, None) or (where, None, reason)."""
    if item.kind == "file":
        try:
            page = read_page(item.path)
        except SourceError as exc:
            yield item.name, None, exc.reason
        else:
            yield item.name, replace(page, path=item.name, name=item.stored or page.name), None
    elif item.kind == "jsonl":
        yield from _read_jsonl(item)
    elif item.kind == "parquet":
        yield from _read_parquet(item)
    elif item.kind == "unreadable":
        path, reason = item.path.split("\0", 1)
        yield path, None, f"not a readable Parquet file ({reason})"
    else:  # pragma: no cover - items are made by work_items
        raise ValueError(f"unknown work item kind {item.kind!r}")


def _jsonl_lines(item: Item) -> Iterator[tuple[int, bytes]]:
    """Lines whose first byte lies in [start, end), with their byte offset: each line of the
    dump belongs to exactly one range."""
    with open(item.path, "rb") as f:
        pos = item.start
        if pos > 0:
            f.seek(pos - 1)
            pos += len(f.readline()) - 1  # the rest of the line the previous range owns
        while pos < item.end:
            line = f.readline()
            if not line:
                break
            yield pos, line
            pos += len(line)


def _read_jsonl(item: Item) -> Iterator[Read]:
    try:
        lines = list(_jsonl_lines(item))
    except OSError as exc:
        yield item.name, None, f"cannot read file ({exc.strerror or exc})"
        return
    for offset, raw in lines:
        if not raw.strip():
            continue
        where = f"{item.name} (byte {offset})"
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield where, None, f"not a JSON line ({exc})"
            continue
        yield page_from_record(record, where)


def _read_parquet(item: Item) -> Iterator[Read]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(item.path).read_row_group(item.start)
    except (OSError, ValueError) as exc:
        yield item.name, None, f"cannot read row group {item.start} ({exc})"
        return
    first_row = sum(
        pq.ParquetFile(item.path).metadata.row_group(g).num_rows for g in range(item.start)
    )
    for i, record in enumerate(table.to_pylist()):
        yield page_from_record(record, f"{item.name} (row {first_row + i + 1})")


def page_from_record(record: object, where: str) -> Read:
    """A crawl record {url, html | text} as a Page named by its url; bad records get a reason."""
    if not isinstance(record, dict):
        return where, None, "not a record with url and html or text"
    url = record.get("url")
    body = record.get("html")
    kind = "html"
    if body is None:
        body, kind = record.get("text"), "txt"
    if not isinstance(url, str) or not url.strip():
        return where, None, "record has no url"
    if not isinstance(body, str):
        return url, None, f"record {where} has no html or text string"
    if not body.strip():
        return url, None, "empty page"
    if kind == "txt":
        # the record's title and date fields as the in-process reader of crawler records reads
        # them (jianghua.sources.records), so both engines give the speech the same title
        data = json.dumps([record], ensure_ascii=False).encode("utf-8", "surrogatepass")
        reader = read_records
    else:
        data = body.encode("utf-8", "surrogatepass")
        reader = read_html
    try:
        return url, reader(data, url, url, sha256_hex(body.encode("utf-8", "surrogatepass"))), None
    except SourceError as exc:
        return url, None, exc.reason
    except Exception as exc:  # a reader bug must name the record, not stop the partition
        return url, None, f"unexpected error while reading the page ({type(exc).__name__}: {exc})"
