"""The SQL research mode needs: one row per distinct speech with what counting reads, the texts of
a few speeches, and a stamp that changes whenever the speeches or their families change.

Research counts families, not copies, so each row carries its family and how many times the speech
was found on scraped pages (occurrences); the research package picks one speech per family.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from jianghua.library.store import DB_NAME


def stamp(folder: Path) -> tuple:
    """Changes whenever the store is written: every commit writes the write-ahead log (or, after
    a checkpoint, the database file). Two stat calls, where counting rows costs a scan."""
    out = []
    for path in (folder / DB_NAME, folder / f"{DB_NAME}-wal"):
        try:
            st = path.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return tuple(out)


def speech_rows(db: sqlite3.Connection, with_text: bool = True) -> Iterator[tuple]:
    """(id, family, canonical, title, chars, meta, occurrences, text) per distinct speech, in
    library order (first source, then insertion); meta is the structure's metadata as JSON text
    (the outline is not read); text is None without `with_text`."""
    text = "s.text" if with_text else "NULL"
    yield from db.execute(
        "SELECT s.id, s.family, s.canonical, s.title, s.chars, json_extract(s.structure, '$.meta'),"
        " (SELECT COUNT(*) FROM occurrences o WHERE o.speech_id = s.id),"
        f" {text} FROM speeches s ORDER BY s.first_source, s.rowid"
    )


def formulation_rows(db: sqlite3.Connection) -> Iterator[tuple]:
    """(family, canonical, formulations JSON, text) per distinct speech, in library order."""
    yield from db.execute(
        "SELECT family, canonical, json_extract(structure, '$.formulations'), text"
        " FROM speeches ORDER BY first_source, rowid"
    )


def texts(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The stored text of each speech in `ids` (absent ids are left out)."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, text FROM speeches WHERE id IN ({marks})", chunk))
    return out
