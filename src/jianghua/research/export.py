"""Tidy exports: documents, hits and the panel, as CSV or Parquet, one row per observation.

- documents: every distinct speech (id, family, canonical, copies, date, year, level, region,
  sector, genre, speaker, title, chars); a researcher keeps `canonical` rows to count per family;
- hits: one row per hit of each term in the families' canonical speeches (term, speech, family,
  year, level, start, end, paragraph, hit, left, right); `start`/`end` are offsets in the
  speech's text, `paragraph` its paragraph (0-based, as /speech/ID#p-N);
- panel: one row per term and facet value (term, by, year|group, mentions, speeches, copies,
  families, chars, per10k, share).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from pathlib import Path

from jianghua.research import kwic
from jianghua.research.corpus import Corpus
from jianghua.research.counts import Panel
from jianghua.research.terms import Term

DOC_COLUMNS = ("id", "family", "canonical", "copies", "date", "year", "level", "region", "sector")
DOC_COLUMNS += ("genre", "speaker", "title", "chars")
HIT_COLUMNS = ("term", "speech", "family", "year", "level", "start", "end", "paragraph", "hit")
HIT_COLUMNS += ("left", "right")
PANEL_COLUMNS = ("term", "by", "value", "mentions", "speeches", "copies", "families", "chars")
PANEL_COLUMNS += ("per10k", "share")
FORMATS = ("csv", "parquet")


def documents(corpus: Corpus) -> list[dict]:
    return [{k: asdict(d)[k] for k in DOC_COLUMNS} for d in corpus.docs]


def hits(corpus: Corpus, db, terms: list[Term], width: int = 20) -> list[dict]:
    rows = []
    for term in terms:
        everything = kwic.concordance(corpus, db, term, width=width, per_page=10**9)
        rows += [{"term": term.label, "speech": ln.speech, **_hit(ln)} for ln in everything.lines]
    return rows


def _hit(line: kwic.Line) -> dict:
    d = line.as_dict()
    return {k: d[k] for k in HIT_COLUMNS if k not in ("term", "speech")}


def panel_rows(panel: Panel) -> list[dict]:
    return [{k: row[k] for k in PANEL_COLUMNS} for row in panel.rows()]


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    """CSV text with a header row; empty values for None."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return out.getvalue()


def write(rows: list[dict], columns: tuple[str, ...], path: Path, fmt: str) -> Path:
    """Write `rows` to `path` as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or
    Parquet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        path.write_text(to_csv(rows, columns), encoding="utf-8-sig")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({k: [r.get(k) for r in rows] for k in columns})
        pq.write_table(table, path)
    else:
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
    return path
