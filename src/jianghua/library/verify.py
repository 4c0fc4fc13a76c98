"""Consistency checks of a library: the store's own invariants, then every derived index.

Why this exists: an ingest may be killed at any point, and a library is built over days; after a
crash (or before trusting a copied library) `jianghua verify` says whether anything is half-written.
The store writes each file in one transaction, so these checks should never fail; when they do,
they name the rows, so the damage can be judged instead of guessed. Derived indexes are compared
with the store by their own verify(); `jianghua reindex` rebuilds them from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jianghua.library.indexes import open_indexes
from jianghua.library.store import Library

MAX_LISTED = 20  # ids named per problem; the count is always exact


@dataclass
class VerifyReport:
    store: list[str] = field(default_factory=list)
    indexes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.store and not any(self.indexes.values())

    def as_dict(self) -> dict:
        return {"ok": self.ok, "store": self.store, "indexes": self.indexes}


def _listed(rows) -> str:
    shown = ", ".join(str(r[0]) for r in rows[:MAX_LISTED])
    more = f" and {len(rows) - MAX_LISTED} more" if len(rows) > MAX_LISTED else ""
    return shown + more


# (what must hold, query returning the rows that break it). Each query names one offender per row.
STORE_CHECKS: list[tuple[str, str]] = [
    (
        "every speech has at least one occurrence",
        "SELECT s.id FROM speeches s WHERE NOT EXISTS"
        " (SELECT 1 FROM occurrences o WHERE o.speech_id = s.id) ORDER BY s.id",
    ),
    (
        "every occurrence names an existing speech",
        "SELECT DISTINCT o.speech_id FROM occurrences o LEFT JOIN speeches s ON s.id = o.speech_id"
        " WHERE s.id IS NULL ORDER BY 1",
    ),
    (
        "every occurrence names an existing source",
        "SELECT DISTINCT o.source_id FROM occurrences o LEFT JOIN sources r ON r.id = o.source_id"
        " WHERE r.id IS NULL ORDER BY 1",
    ),
    (
        "every occurrence's lines lie inside its source file",
        "SELECT o.speech_id || '@' || o.source_id || ':' || o.first_line FROM occurrences o"
        " JOIN sources r ON r.id = o.source_id"
        " WHERE o.first_line < 1 OR o.last_line < o.first_line OR o.last_line > r.line_count"
        " ORDER BY 1",
    ),
    (
        "every speech's first source exists",
        "SELECT s.id FROM speeches s LEFT JOIN sources r ON r.id = s.first_source"
        " WHERE r.id IS NULL ORDER BY s.id",
    ),
    (
        "every family has exactly one canonical member",
        "SELECT family FROM speeches GROUP BY family HAVING SUM(canonical != 0) != 1 ORDER BY 1",
    ),
    (
        "every family is named after one of its members",
        "SELECT DISTINCT s.family FROM speeches s WHERE NOT EXISTS"
        " (SELECT 1 FROM speeches m WHERE m.id = s.family AND m.family = s.family) ORDER BY 1",
    ),
    (
        "every speech's chars count its text",
        "SELECT id FROM speeches WHERE chars < 0 OR chars > length(text) ORDER BY id",
    ),
    (
        "removed lines and edits name existing sources",
        "SELECT DISTINCT source_id FROM ("
        " SELECT source_id FROM removed_lines UNION ALL SELECT source_id FROM edits)"
        " WHERE source_id NOT IN (SELECT id FROM sources) ORDER BY 1",
    ),
    (
        "edits of a speech name an existing speech",
        "SELECT DISTINCT e.speech_id FROM edits e WHERE e.speech_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM speeches s WHERE s.id = e.speech_id) ORDER BY 1",
    ),
    (
        "fingerprints name existing speeches",
        "SELECT DISTINCT f.speech_id FROM fingerprints f WHERE NOT EXISTS"
        " (SELECT 1 FROM speeches s WHERE s.id = f.speech_id) ORDER BY 1",
    ),
    (
        "fingerprint_counts counts at least the stored fingerprints of each sample",
        "SELECT f.hash FROM fingerprints f LEFT JOIN fingerprint_counts c ON c.hash = f.hash"
        " GROUP BY f.hash HAVING COUNT(*) > COALESCE(MAX(c.speeches), 0) ORDER BY 1",
    ),
]


def check_store(lib: Library) -> list[str]:
    """The store's broken invariants, one message each; [] when it is consistent.

    All checks read one snapshot (one read transaction), so a concurrent ingest cannot make a
    consistent store look broken halfway through."""
    db = lib.db
    problems: list[str] = []
    in_transaction = db.in_transaction
    if not in_transaction:
        db.execute("BEGIN")
    try:
        result = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.append("SQLite integrity_check: " + "; ".join(result[:MAX_LISTED]))
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(
                f"{len(fk)} rows break a foreign key: "
                + ", ".join(f"{r[0]} rowid {r[1]} -> {r[2]}" for r in fk[:MAX_LISTED])
            )
        for rule, sql in STORE_CHECKS:
            rows = db.execute(sql).fetchall()
            if rows:
                problems.append(f"{rule}: {len(rows)} not ({_listed(rows)})")
        samples = db.execute("SELECT COALESCE(SUM(sample_size), 0) FROM speeches").fetchone()[0]
        counted = db.execute(
            "SELECT COALESCE(SUM(speeches), 0) FROM fingerprint_counts"
        ).fetchone()[0]
        if samples != counted:
            problems.append(
                f"fingerprint_counts disagrees with the speeches: it counts {counted} samples,"
                f" the speeches have {samples}"
            )
    finally:
        if not in_transaction:
            db.rollback()
    return problems


def verify(lib: Library, skip: tuple[str, ...] = ()) -> VerifyReport:
    """The store's invariants, then each registered derived index's verify()."""
    report = VerifyReport(store=check_store(lib))
    for index in open_indexes(lib, skip):
        report.indexes[index.name] = list(index.verify())
    return report
