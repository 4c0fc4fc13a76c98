"""Read a crawler's output: JSON Lines, a JSON array or a CSV table, one article per record.

Why this exists: whole crawls come as data files, not pages: a `.jsonl` of {"url", "title",
"date", "text"} records, a `.json` list, a `.csv` with a `Text` column. Read as plain text, a
record's keys, quotes and escapes became speech text, and the records ran into one another (a
CSV of five speeches came out as one speech titled "Date,Text"). Each record becomes a block of
lines: its title, its date, then its text cut at its line breaks; `meta["records"]` says where
each block starts and ends, so the splitter never runs two records together.

The page's `original` lines are these blocks (as for a .docx, whose lines are its paragraphs):
the reader shows them, and every line's number and columns point into them. Each record's place
in the file (its line, its index) is kept in `meta["records"]` for provenance.
"""

from __future__ import annotations

import csv
import io
import json
import re

from jianghua.errors import SourceError
from jianghua.records import Line, Page

from .budget import Budget
from .budget import check as budget_check
from .encoding import decode_bytes
from .txt import split_lines

# Field names crawlers use, most specific first (compared lowercased, spaces and _ removed).
TEXT_FIELDS = (
    "text fulltext content body article maintext articlecontent 正文 内容 全文 文本 讲话内容"
).split()
TITLE_FIELDS = "title headline name subject 标题 题目 篇名 名称".split()
DATE_FIELDS = (
    "date speechdate time datetime pubdate publishdate publishtime publishedat published"
    " 日期 时间 发布时间 发表时间 讲话时间"
).split()
URL_FIELDS = "url link href source sourceurl 网址 链接 来源".split()
_COMPACT_DATE = re.compile(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
MIN_TEXT_CHARS = 20  # a record whose longest string is shorter holds no article


def _key(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if ch not in " _-")


def _field(record: dict, names: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
    """(key, value) of the first of `names` the record has as a non-empty string."""
    by_key = {_key(k): k for k in record}
    for name in names:
        key = by_key.get(name)
        if key is not None and isinstance(record[key], str) and record[key].strip():
            return key, record[key]
    return None


def _text_field(record: dict) -> tuple[str, str] | None:
    """The article text: a field named as such, else the record's longest string."""
    named = _field(record, TEXT_FIELDS)
    if named and len(named[1].strip()) >= MIN_TEXT_CHARS:
        return named
    strings = [(k, v) for k, v in record.items() if isinstance(v, str)]
    if not strings:
        return None
    key, value = max(strings, key=lambda kv: len(kv[1]))
    return (key, value) if len(value.strip()) >= MIN_TEXT_CHARS else None


def _json_records(text: str, path: str) -> list[tuple[int, dict]]:
    """(line in the file, record) of a JSON array (or of the first list of objects in a JSON
    object), else of JSON Lines."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
        return _records_of(data, text)
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None  # JSON Lines: one object per line
        if isinstance(data, dict):
            lists = [
                v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)
            ]
            if lists and _pieces(lists[0], _field(data, TITLE_FIELDS) is not None):
                return [(1, _joined(data, lists[0]))]
            return _records_of(lists[0], text) if lists else [(1, data)]
    out = []
    for number, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"line {number} is not a JSON record ({exc.msg})") from None
        if isinstance(record, dict):
            out.append((number, record))
    return out


PIECE_CHARS = 200  # a list of pieces: lines or paragraphs, each shorter than an article


def _piece_text(item: dict) -> str | None:
    named = _field(item, TEXT_FIELDS)
    if named:
        return named[1]
    strings = [v for v in item.values() if isinstance(v, str) and v.strip()]
    return max(strings, key=len) if strings else None


def _pieces(items: list, titled: bool) -> bool:
    """Whether a list of objects is one document cut into pieces (an OCR page's lines, a parsed
    text's paragraphs: {"type": "paragraph", "text": …}) rather than articles: no item has a
    title, a date or an address of its own, and the object holding them has the title, or the
    pieces are short."""
    sample = [it for it in items[:200] if isinstance(it, dict)]
    if not sample or any(
        _field(it, TITLE_FIELDS) or _field(it, DATE_FIELDS) or _field(it, URL_FIELDS)
        for it in sample
    ):
        return False
    sizes = sorted(len(_piece_text(it) or "") for it in sample)
    return titled or sizes[len(sizes) // 2] < PIECE_CHARS


def _joined(data: dict, items: list) -> dict:
    """The object as one record: its own fields, and its pieces' texts in order as its text."""
    record = {k: v for k, v in data.items() if not (isinstance(v, list) and v is items)}
    texts = [_piece_text(it) for it in items if isinstance(it, dict)]
    record["text"] = "\n".join(t.strip() for t in texts if t and t.strip())
    return record


def _structured_date(record: dict) -> tuple[str, str] | None:
    """(key, "YYYY-MM-DD") of a date given as numbers: "dates": [{"year": 1966, "month": 10,
    "day": 12}], "date": {"year": …}; the first such value of a date-named field."""
    by_key = {_key(k): k for k in record}
    for name in (*DATE_FIELDS, "dates"):
        key = by_key.get(name)
        value = record.get(key) if key is not None else None
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, dict) and isinstance(value.get("year"), int):
            y, m, d = value.get("year"), value.get("month"), value.get("day")
            if isinstance(m, int) and 1 <= m <= 12:
                if isinstance(d, int) and 1 <= d <= 31:
                    return key, f"{y:04d}-{m:02d}-{d:02d}"
                return key, f"{y:04d}-{m:02d}"
            return key, f"{y:04d}"
    return None


def _records_of(data, text: str) -> list[tuple[int, dict]]:
    """Records of a parsed JSON list, each with the line its text field starts on (found by
    searching the file for the record's first string value in order: JSON keeps no positions)."""
    out, at = [], 0
    for record in data if isinstance(data, list) else []:
        if not isinstance(record, dict):
            continue
        line = text.count("\n", 0, at) + 1
        first = next((v for v in record.values() if isinstance(v, str) and len(v) >= 4), None)
        if first is not None:
            needle = json.dumps(first[:20], ensure_ascii=False)[1:-1]
            found = text.find(needle, at)
            if found < 0:  # written with \\u escapes
                found = text.find(json.dumps(first[:20])[1:-1], at)
            if found >= 0:
                at = found
                line = text.count("\n", 0, found) + 1
        out.append((line, record))
    return out


def _csv_records(text: str, path: str) -> list[tuple[int, dict]]:
    body = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(body[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(body, newline=""), dialect=dialect)
    out = []
    try:
        line = reader.line_num + 1
        for row in reader:
            out.append((line, {k: v for k, v in row.items() if k is not None}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(
            path, f"not a readable CSV table (row {reader.line_num}: {exc})"
        ) from None
    return out


def read_records(
    data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None
) -> Page:
    text, encoding = decode_bytes(data, path)
    budget_check(budget, path, len(text))
    is_csv = name.lower().endswith((".csv", ".tsv"))
    records = _csv_records(text, path) if is_csv else _json_records(text, path)
    original: list[str] = []
    blocks = []
    for index, (file_line, record) in enumerate(records):
        found = _text_field(record)
        if not found:
            continue
        text_key, body = found
        title = _field({k: v for k, v in record.items() if k != text_key}, TITLE_FIELDS)
        date = _field(record, DATE_FIELDS) or _structured_date(record)
        if date and _COMPACT_DATE.fullmatch(date[1].strip()):  # 20201118
            d = date[1].strip()
            date = (date[0], f"{d[:4]}-{d[4:6]}-{d[6:]}")
        url = _field(record, URL_FIELDS)
        if original:
            original += ["", ""]  # two blank lines between records, as a reader expects
        first = len(original) + 1
        title_line = None
        if title:
            original.append(title[1].strip())
            title_line = len(original)
        original += split_lines(body.replace("\r\n", "\n"))
        blocks.append(
            {
                "first": first,
                "last": len(original),
                "title_line": title_line,
                "title": title[1].strip() if title else None,
                "date": date[1].strip() if date else None,
                "url": url[1].strip() if url else None,
                "index": index,
                "file_line": file_line,
            }
        )
    if not blocks:
        raise SourceError(path, "no record with a text field (expected JSON Lines, JSON or CSV)")
    lines = tuple(Line(line, number) for number, line in enumerate(original, 1))
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding=encoding,
        format="records",
        lines=lines,
        original=tuple(original),
        meta={"records": blocks},
    )
