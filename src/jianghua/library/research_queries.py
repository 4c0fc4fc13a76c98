"""The SQL research mode needs: one row per distinct speech with what counting reads, the texts of
a few speeches, and a stamp that changes whenever the speeches or their families change.

Research counts families, not copies, so each row carries its family and how many times the speech
was found on scraped pages (occurrences); the research package picks one speech per family.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def stamp(db: sqlite3.Connection) -> tuple:
    """Changes when speeches, families or occurrences change: adding a speech is the only way a
    family merges, and a new copy adds an occurrence."""
    return tuple(
        db.execute(
            "SELECT (SELECT COUNT(*) FROM speeches), (SELECT COALESCE(MAX(rowid), 0) FROM speeches),"
            " (SELECT COUNT(*) FROM occurrences)"
        ).fetchone()
    )


def speech_rows(db: sqlite3.Connection, with_text: bool = True) -> Iterator[tuple]:
    """(id, family, canonical, title, chars, structure, occurrences, text) per distinct speech,
    in library order (first source, then insertion); text is None without `with_text`."""
    text = "s.text" if with_text else "NULL"
    yield from db.execute(
        "SELECT s.id, s.family, s.canonical, s.title, s.chars, s.structure,"
        " (SELECT COUNT(*) FROM occurrences o WHERE o.speech_id = s.id),"
        f" {text} FROM speeches s ORDER BY s.first_source, s.rowid"
    )


def texts(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The stored text of each speech in `ids` (absent ids are left out)."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, text FROM speeches WHERE id IN ({marks})", chunk))
    return out
