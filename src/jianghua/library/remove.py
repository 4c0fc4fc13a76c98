"""Removing a source from the store: its rows, and the speeches that only it held.

Why this exists: a file ingested half-written, or changed since, stayed in the library for good
and a re-ingest added a second source beside it (issue 20). `drop_source` is the one way a source
leaves the store; `jianghua remove` calls it for a source named by the user, and the store calls it
when a file at the same place comes back with other bytes (the changed-file rule, store.py).

It runs inside the caller's transaction, so a removal is all or nothing. The speeches it removes
leave the 查重 index's document table in the same transaction; the search and embedding indexes
drop them on their next update (they compare themselves with the store), which `jianghua remove`
and `jianghua ingest` run at once.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field


@dataclass
class Removed:
    """What dropping one source took out of the store."""

    source_id: int
    name: str
    speeches: list[str] = field(default_factory=list)  # speeches that only this source held
    kept: int = 0  # speeches it held that other sources hold too (they stay)


def origin_of(path: str) -> str:
    """Where a file lies, as the changed-file rule compares it: its absolute path."""
    return os.path.abspath(path)


def find_sources(db: sqlite3.Connection, what: str) -> list[sqlite3.Row]:
    """Sources named by `what`: a source id, the path a file was ingested from (as given or
    absolute), or the name the library shows (its path relative to the folder ingested)."""
    if what.isdigit():
        rows = db.execute("SELECT * FROM sources WHERE id = ?", (int(what),)).fetchall()
        if rows:
            return rows
    return db.execute(
        "SELECT * FROM sources WHERE origin = ? OR path = ? OR name = ? ORDER BY id",
        (origin_of(what), what, what),
    ).fetchall()


def drop_source(db: sqlite3.Connection, source_id: int) -> Removed:
    """Delete a source, its occurrences, edits and removed lines, and every speech no other
    source holds (with its fingerprints and 查重 document row). Families that lose a member are
    renamed after their smallest remaining member and get their canonical member chosen again."""
    name = db.execute("SELECT name FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
    held = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT speech_id FROM occurrences WHERE source_id = ? ORDER BY 1",
            (source_id,),
        )
    ]
    only = [
        sid
        for sid in held
        if db.execute(
            "SELECT 1 FROM occurrences WHERE speech_id = ? AND source_id != ? LIMIT 1",
            (sid, source_id),
        ).fetchone()
        is None
    ]
    removed = Removed(source_id, name, only, len(held) - len(only))
    db.execute("DELETE FROM occurrences WHERE source_id = ?", (source_id,))
    db.execute("DELETE FROM edits WHERE source_id = ?", (source_id,))
    db.execute("DELETE FROM removed_lines WHERE source_id = ?", (source_id,))
    families = set()
    for sid in only:
        families.add(_drop_speech(db, sid))
    # speeches kept by other sources that were first seen in this one
    db.execute(
        "UPDATE speeches SET first_source = (SELECT MIN(o.source_id) FROM occurrences o"
        " WHERE o.speech_id = speeches.id) WHERE first_source = ?",
        (source_id,),
    )
    db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    for family in families:
        _settle_family(db, family)
    return removed


def _drop_speech(db: sqlite3.Connection, sid: str) -> str:
    text, family, sample_size = db.execute(
        "SELECT text, family, sample_size FROM speeches WHERE id = ?", (sid,)
    ).fetchone()
    from jianghua import dedup  # numpy: loaded by the commands that remove, not at start-up

    fps = sorted(set(dedup.speech_fingerprints(text)))
    if len(fps) != sample_size:  # not the samples stored: counts are left high, never low
        fps = []
    # fingerprint_counts counts every sample of every speech (stock ones too): give them back
    db.executemany(
        "UPDATE fingerprint_counts SET speeches = speeches - 1 WHERE hash = ?",
        [(h,) for h in fps],
    )
    db.execute("DELETE FROM fingerprint_counts WHERE speeches <= 0")
    db.execute("DELETE FROM fingerprints WHERE speech_id = ?", (sid,))
    has_check = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'check_docs'"
    ).fetchone()
    if has_check:
        db.execute("DELETE FROM check_docs WHERE speech_id = ?", (sid,))
    db.execute("DELETE FROM edits WHERE speech_id = ?", (sid,))
    db.execute("DELETE FROM speeches WHERE id = ?", (sid,))
    return family


def _settle_family(db: sqlite3.Connection, family: str) -> None:
    rows = db.execute(
        "SELECT id, chars, placeholders FROM speeches WHERE family = ?", (family,)
    ).fetchall()
    if not rows:
        return
    name = min(r[0] for r in rows)
    from jianghua import dedup

    best = max(rows, key=lambda r: (dedup.canonical_rank(r[1], r[2]), r[0]))
    db.execute(
        "UPDATE speeches SET family = ?, canonical = (id = ?) WHERE family = ?",
        (name, best[0], family),
    )
