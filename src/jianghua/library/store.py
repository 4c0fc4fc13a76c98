"""The library's SQLite store: sources, speeches, occurrences, families, removed lines and edits.

One file per library folder. Each ingested file is written in one transaction, so a file that fails
leaves the store exactly as it was, and a file already present (same sha256) changes nothing.
All SQL of jianghua lives in this package.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jianghua.errors import DiskFull, LibraryError, NotFound, ReadOnlyLibrary, os_reason
from jianghua.library.remove import Removed, drop_source, find_sources, origin_of
from jianghua.records import Page, Speech

DB_NAME = "jianghua.sqlite"
# Export fields taken from the structure analysis (jianghua.structure.analyze), with defaults.
STRUCTURE_FIELDS = {
    "outline": [],
    "salutation": None,
    "opening": None,
    "closing": None,
    "meta": {},
    "flags": [],
    "formulations": [],
    "roles": [],
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    encoding TEXT NOT NULL,
    format TEXT NOT NULL,
    script TEXT NOT NULL,
    line_count INTEGER NOT NULL,
    meta TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    origin TEXT  -- absolute path the file was read from: the changed-file rule's key
);
CREATE TABLE IF NOT EXISTS speeches (
    id TEXT PRIMARY KEY,
    family TEXT NOT NULL,
    canonical INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    title_source TEXT,
    text TEXT NOT NULL,
    chars INTEGER NOT NULL,
    placeholders INTEGER NOT NULL,
    script TEXT NOT NULL,
    flags TEXT NOT NULL,
    sample_size INTEGER NOT NULL,
    first_source INTEGER NOT NULL REFERENCES sources(id),
    structure TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS speeches_family ON speeches(family);
-- One row per speech found on a page, keyed by its place in the page's order: any number of
-- speeches may come from one line (a minified page, run-on scraped text), so the line is not a key.
-- first_col/last_col: character offsets in first_line/last_line (last_col exclusive, NULL: the
-- end of that line).
CREATE TABLE IF NOT EXISTS occurrences (
    speech_id TEXT NOT NULL REFERENCES speeches(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    ordinal INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    first_col INTEGER NOT NULL DEFAULT 0,
    last_line INTEGER NOT NULL,
    last_col INTEGER,
    item TEXT,
    title TEXT,
    header TEXT NOT NULL,
    meta TEXT NOT NULL,
    paragraph_lines TEXT NOT NULL,
    edits INTEGER NOT NULL,
    PRIMARY KEY (source_id, ordinal)
);
CREATE TABLE IF NOT EXISTS removed_lines (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS removed_source ON removed_lines(source_id);
CREATE TABLE IF NOT EXISTS edits (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    speech_id TEXT,
    kind TEXT NOT NULL,
    line INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edits_source_line ON edits(source_id, line);
-- Clustered on hash: the rows of one sample sit together, one B-tree descent finds them all.
CREATE TABLE IF NOT EXISTS fingerprints (
    hash INTEGER NOT NULL,
    speech_id TEXT NOT NULL,
    PRIMARY KEY (hash, speech_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fingerprint_counts (
    hash INTEGER PRIMARY KEY,
    speeches INTEGER NOT NULL
);
"""
# After any migration of the occurrences table.
INDEXES = """
CREATE INDEX IF NOT EXISTS occurrences_speech ON occurrences(speech_id);
CREATE INDEX IF NOT EXISTS sources_origin ON sources(origin);
"""

# A library written before occurrences had an ordinal was keyed (source_id, first_line) and so kept
# only the first of the speeches sharing a line. Its rows move to the new table; the speeches that
# lost their occurrence are found by `jianghua verify` and given one back by `jianghua repair`.
MIGRATE_OCCURRENCES = """
ALTER TABLE occurrences RENAME TO occurrences_v1;
DROP INDEX IF EXISTS occurrences_speech;
{create}
INSERT INTO occurrences (speech_id, source_id, ordinal, first_line, first_col, last_line, last_col,
    item, title, header, meta, paragraph_lines, edits)
SELECT speech_id, source_id,
    ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY first_line) - 1,
    first_line, 0, last_line, NULL, item, title, header, meta, paragraph_lines, edits
FROM occurrences_v1;
DROP TABLE occurrences_v1;
"""


@dataclass
class AddResult:
    """What adding one page did to the library."""

    skipped: bool = False  # the same file (sha256) was already in the library
    speeches: int = 0  # speeches found on the page
    new: int = 0  # of which not yet in the library
    copies: int = 0  # of which already in the library (exact copies)
    joined_families: list[str] = field(default_factory=list)
    removed_lines: int = 0
    edits: int = 0
    # earlier versions of the same file (same place, other bytes) that this one replaced
    replaced: list[Removed] = field(default_factory=list)


STOCK_CACHE = 1_000_000  # stock samples remembered (a Python int in a set: about 60 bytes)


def json_column(value) -> str:
    """How the store writes a JSON column (a worker may write it already: Speech.structure_json)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def writable(folder: Path, db: Path) -> bool:
    """Can this process write the library (its folder, for the journal and lock, and its store)?"""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    if db.exists() and not os.access(db, os.W_OK):
        return False
    return not _read_only_mount(folder)


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The store opened for reading only. `mode=ro` reads a WAL store whose -wal and -shm files
    exist or can be made; on a medium where neither holds, `immutable=1` (nothing writes there,
    so nothing can change under the reader)."""
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        db.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            # immutable=1 would read the store without the commits still in its journal
            raise LibraryError(
                f"{path}：书库的日志文件 {wal.name} 里还有未并入的写入（复制时书库正在写入），"
                "在只读介质上读不到它们；请把整个书库文件夹复制到可写的位置再打开"
            ) from None
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=30)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    db.execute("PRAGMA query_only=ON")
    return db


def is_disk_full(exc: BaseException) -> bool:
    """Did SQLite or the OS fail because the disk (or the quota) is full?"""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, ValueError):  # tantivy reports the OS error in its message
        return "No space left on device" in str(exc) or "os error 28" in str(exc)
    return isinstance(exc, sqlite3.Error) and (
        getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        or "database or disk is full" in str(exc)
    )


class Library:
    """A library folder holding one SQLite store."""

    def __init__(self, folder: str | Path, create: bool = True):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        if not self.path.exists():
            if not create:
                raise LibraryError(f"no library at {self.folder} (run `jianghua ingest` first)")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(f"无法建立书库文件夹 {self.folder}：{os_reason(exc)}") from exc
        # A library on a read-only share, a USB stick or without write permission is opened
        # read-only: every read works, every write raises ReadOnlyLibrary (issue 20).
        self.read_only = not writable(self.folder, self.path)
        try:
            if self.read_only:
                self.db = _open_read_only(self.path)
            else:
                self.db = sqlite3.connect(self.path, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL keeps the store consistent through any crash of the process
                # (a committed file stays committed); only a power loss may drop the last few
                # commits, which a re-run of the same ingest restores. FULL cost an fsync per file.
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MB: the dedup index stays in memory
            self.db.execute("PRAGMA foreign_keys=ON")
            if not self.read_only:
                self.db.executescript(SCHEMA)
                self._migrate()
                self.db.executescript(INDEXES)
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                raise DiskFull(self.folder) from exc
            raise LibraryError(f"{self.path}: not a jianghua library ({exc})") from exc
        self.db.row_factory = sqlite3.Row
        # Samples known to be held by more than MAX_SHARED speeches (stock formulations): their
        # count only grows, they are never looked up or stored again, so a speech's stock samples
        # skip the three index statements; their counts are added once per transaction
        # (_stock_hits). Undone with the transaction or savepoint that taught them.
        self._stock: set[int] = set()
        self._stock_hits: list[int] = []  # stock samples met in this transaction, uncounted
        self._page_hits: list[int] = []  # the same for the page being stored
        self._page_stock: list[int] = []  # learned by the page being stored

    def require_writable(self) -> None:
        """Raise ReadOnlyLibrary before a command that writes starts its work."""
        if self.read_only:
            raise ReadOnlyLibrary(self.folder)

    def ensure_tables(self, schema: str) -> None:
        """A derived index's tables: created in the store, or, in a read-only library that lacks
        them, as empty temporary tables (the index is then empty, never an error)."""
        if not self.read_only:
            self.db.executescript(schema)
            return
        for name, create in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) (\([^;]*\));", schema):
            found = self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
            if found is None:
                self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} {create}")

    def _migrate(self) -> None:
        if "origin" not in {r[1] for r in self.db.execute("PRAGMA table_info(sources)")}:
            self.db.execute("ALTER TABLE sources ADD COLUMN origin TEXT")
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(occurrences)")}
        if "ordinal" not in columns:
            create = SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS occurrences") :]
            create = create[: create.index(");") + 2]
            self.db.executescript("BEGIN;" + MIGRATE_OCCURRENCES.format(create=create) + "COMMIT;")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def add_page(self, page: Page, speeches: list[Speech]) -> AddResult:
        """Store a processed page and its speeches in one transaction."""
        try:
            with self.db:  # one transaction: all of this file or nothing
                result = self._store_page(page, speeches)
                self._page_done()
                self._flush_stock_counts()
                return result
        except BaseException:
            self._forget_stock()
            raise

    def add_pages(self, pages: list[tuple[Page, list[Speech]]]) -> list[AddResult | Exception]:
        """Store several processed pages in one transaction, each page under its own savepoint.

        A page that fails to store is rolled back to its savepoint, alone: it leaves no trace and
        the others are kept, so each file is still all or nothing. One commit for many files is
        the point: a commit writes every index page the files touched, and the dedup index is
        touched all over by every speech."""
        results: list[AddResult | Exception] = []
        self.db.execute("BEGIN")
        try:
            for page, speeches in pages:
                self.db.execute("SAVEPOINT page")
                try:
                    results.append(self._store_page(page, speeches))
                    self._page_done()
                except sqlite3.Error as exc:
                    if is_disk_full(exc):
                        raise  # every page after it would fail the same way: undo the batch
                    self.db.execute("ROLLBACK TO page")
                    self._stock -= set(self._page_stock)  # taught by counts now undone
                    self._page_hits = []
                    self._page_stock = []
                    results.append(exc)
                self.db.execute("RELEASE page")
            self._flush_stock_counts()
            self.db.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            self._forget_stock()
            raise
        return results

    def _page_done(self) -> None:
        self._stock_hits += self._page_hits
        self._page_hits = []
        self._page_stock = []

    def _flush_stock_counts(self) -> None:
        """Add the counts of stock samples held back during this transaction."""
        if self._stock_hits:
            self.db.executemany(
                "UPDATE fingerprint_counts SET speeches = speeches + ? WHERE hash = ?",
                [(n, h) for h, n in Counter(self._stock_hits).items()],
            )
            self._stock_hits = []

    def _forget_stock(self) -> None:
        """After a rollback: what the cache learned may be undone; it is only a cache."""
        self._stock.clear()
        self._stock_hits = []
        self._page_hits = []
        self._page_stock = []

    def _store_page(self, page: Page, speeches: list[Speech]) -> AddResult:
        if self.has_source(page.sha256):
            return AddResult(skipped=True)
        result = AddResult(speeches=len(speeches))
        # The changed-file rule: a file read again from the same place with other bytes is a new
        # version of it (re-saved, finished downloading, corrected); the old one goes, with the
        # speeches only it held, in this same transaction.
        origin = origin_of(page.path)
        for (old,) in self.db.execute(
            "SELECT id FROM sources WHERE origin = ? ORDER BY id", (origin,)
        ).fetchall():
            result.replaced.append(drop_source(self.db, old))
            self._stock.clear()  # counts went down: the cache of stock samples may be wrong now
        cur = self.db.execute(
            "INSERT INTO sources (path, name, sha256, encoding, format, script, line_count,"
            " meta, ingested_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.path,
                page.name,
                page.sha256,
                page.encoding,
                page.format,
                page.script,
                page.line_count,
                json_column({k: v for k, v in page.meta.items() if k != "line_meta"}),
                datetime.now(UTC).isoformat(timespec="seconds"),
                origin,
            ),
        )
        source_id = cur.lastrowid
        noise = [e for e in page.edits if e.kind == "noise"]
        self.db.executemany(
            "INSERT INTO removed_lines (source_id, line, text, reason) VALUES (?, ?, ?, ?)",
            [(source_id, e.line, e.before, e.reason) for e in noise],
        )
        page_edits = [e for e in page.edits if e.kind != "noise"]
        self.db.executemany(
            "INSERT INTO edits (source_id, speech_id, kind, line, before, after, reason)"
            " VALUES (?, NULL, ?, ?, ?, ?, ?)",
            [(source_id, e.kind, e.line, e.before, e.after, e.reason) for e in page_edits],
        )
        result.removed_lines = len(noise)
        result.edits = len(page_edits)
        edit_lines = sorted(e.line for e in page_edits)
        for ordinal, speech in enumerate(speeches):
            self._add_speech(source_id, ordinal, speech, edit_lines, result)
        return result

    def _add_speech(self, source_id, ordinal, speech, edit_lines, result: AddResult) -> None:
        from jianghua import dedup  # numpy: loaded by writes only (CLI start-up)

        # The worker that processed the page computed the id (and the samples) already.
        key = None if speech.id else dedup.dedup_key(speech.text)
        sid = speech.id or dedup.speech_id(key)
        exists = self.db.execute("SELECT 1 FROM speeches WHERE id = ?", (sid,)).fetchone()
        if exists:
            result.copies += 1
            if speech.title:  # a later copy may be the first to carry a real title
                self.db.execute(
                    "UPDATE speeches SET title = ?, title_source = ? WHERE id = ? AND title IS NULL",
                    (speech.title, speech.title_source, sid),
                )
        else:
            result.new += 1
            self._insert_speech(sid, key, source_id, speech, result)
        # the page's own edits (script, phrases) on the speech's lines
        in_range = bisect_right(edit_lines, speech.last_line) - bisect_left(
            edit_lines, speech.first_line
        )
        self.insert_occurrence(source_id, ordinal, sid, speech, len(speech.edits) + in_range)
        self.db.executemany(
            "INSERT INTO edits (source_id, speech_id, kind, line, before, after, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(source_id, sid, e.kind, e.line, e.before, e.after, e.reason) for e in speech.edits],
        )
        result.edits += len(speech.edits)

    def insert_occurrence(self, source_id: int, ordinal: int, sid: str, speech, edits: int) -> None:
        """Where `speech` (id `sid`) stands on a page. A plain INSERT: a clash is an error that
        rolls the page back, never a speech silently left without its place."""
        self.db.execute(
            "INSERT INTO occurrences (speech_id, source_id, ordinal, first_line, first_col,"
            " last_line, last_col, item, title, header, meta, paragraph_lines, edits)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                sid,
                source_id,
                ordinal,
                speech.first_line,
                speech.first_col,
                speech.last_line,
                speech.last_col,
                speech.item,
                speech.title,
                json_column([[h.source_line, h.text] for h in speech.header]),
                json_column(speech.meta),
                json_column([[p.first_line, p.last_line] for p in speech.paragraphs]),
                edits,
            ),
        )

    def _insert_speech(self, sid, key, source_id, speech, result: AddResult) -> None:
        from jianghua import dedup  # numpy: loaded by writes only (CLI start-up)

        fps = speech.fingerprints
        if fps is None:
            fps = dedup.speech_fingerprints(speech.text)
        self.db.execute(
            "INSERT INTO speeches (id, family, canonical, title, title_source, text, chars,"
            " placeholders, script, flags, sample_size, first_source, structure)"
            " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                sid,
                sid,
                speech.title,
                speech.title_source,
                speech.text,
                speech.chars,
                speech.meta.get("placeholders", 0),
                speech.script,
                json_column(speech.flags),
                len(fps),
                source_id,
                self._structure_json(speech),
            ),
        )
        if not fps:
            return
        stock = self._stock
        met = stock.intersection(fps)  # set operations run in C: a speech has hundreds
        fresh = sorted(set(fps).difference(met)) if met else fps
        self._page_hits += met
        if not fresh:
            return
        samples = json.dumps(fresh)  # sorted
        families = self._near_duplicate_families(key, fps, samples, speech)
        counts = self.db.execute(
            "INSERT INTO fingerprint_counts (hash, speeches) SELECT value, 1 FROM json_each(?)"
            " WHERE true ON CONFLICT(hash) DO UPDATE SET speeches = speeches + 1"
            " RETURNING hash, speeches",
            (samples,),
        ).fetchall()
        if len(stock) < STOCK_CACHE:
            learned = [h for h, n in counts if n > dedup.MAX_SHARED]
            stock.update(learned)
            self._page_stock += learned
        # A stock formulation's samples are no longer looked up, so they need not be stored either.
        self.db.execute(
            "INSERT INTO fingerprints (hash, speech_id) SELECT p.value, ? FROM json_each(?) p"
            " CROSS JOIN fingerprint_counts c ON c.hash = p.value WHERE c.speeches <= ?",
            (sid, samples, dedup.MAX_SHARED),
        )
        if families:
            result.joined_families.append(self._merge_families({sid, *families}))

    @staticmethod
    def _structure_json(speech: Speech) -> str:
        if speech.analysis_skipped:  # a worker took it for a copy, but it is new: analyse it now
            from jianghua.structure import analyze

            return json_column(analyze(speech))
        return speech.structure_json or json_column(speech.structure)

    def _near_duplicate_families(
        self, key: str | None, fps: tuple[int, ...], samples: str, speech: Speech
    ) -> set[str]:
        """Families of existing speeches whose text contains, or is contained in, this one."""
        from jianghua import dedup  # numpy: loaded by writes only (CLI start-up)

        # Count shared samples per speech on the index alone, skipping stock formulations, then
        # read only the candidates' texts. The samples go in as one JSON array: inserting them
        # into a temp table row by row cost more than the lookup itself.
        shared = self.db.execute(
            # CROSS JOIN fixes the join order: probe each sample, never scan the index.
            "SELECT f.speech_id, COUNT(*) FROM json_each(?) p"
            " CROSS JOIN fingerprint_counts c ON c.hash = p.value AND c.speeches <= ?"
            " CROSS JOIN fingerprints f ON f.hash = p.value GROUP BY f.speech_id",
            (samples, dedup.MAX_SHARED),
        ).fetchall()
        # estimate = shared / min(|mine|, |theirs|) >= shared / |mine|: only speeches that miss the
        # bar on that bound need their sample size looked up, and one shared sample is never enough.
        bar = dedup.CANDIDATE * len(fps)
        sure = [(other, count) for other, count in shared if count >= bar]
        unsure = [other for other, count in shared if 2 <= count < bar]
        if unsure:
            sizes = dict(
                self.db.execute(
                    f"SELECT id, sample_size FROM speeches WHERE id IN ({','.join('?' * len(unsure))})",
                    unsure,
                ).fetchall()
            )
            counts = dict(shared)
            sure += [(o, counts[o]) for o in unsure if counts[o] >= dedup.CANDIDATE * sizes[o]]
        families = set()
        mine = None
        for other, _count in sure:
            if mine is None:
                mine = dedup.shingle_set(key if key is not None else dedup.dedup_key(speech.text))
            text, family = self.db.execute(
                "SELECT text, family FROM speeches WHERE id = ?", (other,)
            ).fetchone()
            theirs = dedup.shingle_set(dedup.dedup_key(text))
            if dedup.set_containment(mine, theirs) >= dedup.THRESHOLD:
                families.add(family)
        return families

    def _merge_families(self, families: set[str]) -> str:
        """Union the given families; the family id is its smallest member id (order-independent)."""
        from jianghua import dedup  # numpy: loaded by writes only (CLI start-up)

        marks = ",".join("?" * len(families))
        members = [
            r["id"]
            for r in self.db.execute(
                f"SELECT id FROM speeches WHERE family IN ({marks}) OR id IN ({marks})",
                [*families, *families],
            )
        ]
        family = min(members)
        marks = ",".join("?" * len(members))
        self.db.execute(f"UPDATE speeches SET family = ? WHERE id IN ({marks})", [family, *members])
        rows = self.db.execute(
            "SELECT id, chars, placeholders FROM speeches WHERE family = ?", (family,)
        ).fetchall()
        best = max(
            rows, key=lambda r: (dedup.canonical_rank(r["chars"], r["placeholders"]), r["id"])
        )
        self.db.execute(
            "UPDATE speeches SET canonical = (id = ?) WHERE family = ?", (best["id"], family)
        )
        return family

    def remove(self, what: str) -> list[Removed]:
        """Remove the source(s) named by `what` (a source id, the path a file was ingested from,
        or its name in the library) and the speeches only they held, in one transaction.
        [] when nothing is named so: removing twice is removing once."""
        self.require_writable()
        try:
            with self.db:
                removed = [drop_source(self.db, r["id"]) for r in find_sources(self.db, what)]
        finally:
            self._forget_stock()
        return removed

    # -- reading ---------------------------------------------------------------------------

    def stats(self) -> dict:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        flags: dict[str, int] = {}
        for (raw,) in self.db.execute("SELECT flags FROM speeches"):
            for flag in json.loads(raw):
                flags[flag] = flags.get(flag, 0) + 1
        return {
            "sources": one("SELECT COUNT(*) FROM sources"),
            "speeches": one("SELECT COUNT(*) FROM speeches"),
            "families": one("SELECT COUNT(DISTINCT family) FROM speeches"),
            "near_duplicate_families": one(
                "SELECT COUNT(*) FROM (SELECT family FROM speeches GROUP BY family HAVING COUNT(*) > 1)"
            ),
            "occurrences": one("SELECT COUNT(*) FROM occurrences"),
            "copies": one("SELECT COUNT(*) FROM occurrences")
            - one("SELECT COUNT(*) FROM speeches"),
            "noise_lines_removed": one("SELECT COUNT(*) FROM removed_lines"),
            "conversions": one("SELECT COUNT(*) FROM edits WHERE kind IN ('script', 'phrase')"),
            "phrase_conversions": one("SELECT COUNT(*) FROM edits WHERE kind = 'phrase'"),
            "edits": one("SELECT COUNT(*) FROM edits"),
            "placeholders": one("SELECT COALESCE(SUM(placeholders), 0) FROM speeches"),
            "flags": flags,
        }

    def speech_ids(self) -> list[str]:
        return [
            r[0] for r in self.db.execute("SELECT id FROM speeches ORDER BY first_source, rowid")
        ]

    def speech(self, sid: str, counts: dict[str, int] | None = None) -> dict:
        """One speech as exported, plus header, removed-line context and the edits made.

        `meta` and `flags` are the structure analysis' fields; the article metadata found above
        the speech is `line_meta` and the cleaning stage's flag names are `clean_flags`."""
        row = self.db.execute("SELECT * FROM speeches WHERE id = ?", (sid,)).fetchone()
        if row is None:
            raise NotFound(f"no speech with id {sid!r}")
        occ = self.db.execute(
            "SELECT o.*, s.name, s.path FROM occurrences o JOIN sources s ON s.id = o.source_id"
            " WHERE o.speech_id = ? ORDER BY o.source_id, o.ordinal",
            (sid,),
        ).fetchall()
        clean_flags = json.loads(row["flags"])
        if occ:
            first = occ[0]
            edits = self.db.execute(
                "SELECT kind, line, before, after, reason FROM edits WHERE source_id = ? AND"
                " (speech_id = ? OR (speech_id IS NULL AND line BETWEEN ? AND ?)) ORDER BY line, rowid",
                (first["source_id"], sid, first["first_line"], first["last_line"]),
            ).fetchall()
        else:
            # Written so by versions before occurrences had an ordinal (a second speech on one
            # line lost its row). The speech is shown and exported without a place, flagged,
            # rather than breaking every reader of the library; `jianghua repair` finds its place.
            first = {"edits": 0, "header": "[]", "meta": "{}"}
            edits = []
            clean_flags = [*clean_flags, "no_occurrence"]
        return {
            "id": row["id"],
            "family": row["family"],
            "canonical": bool(row["canonical"]),
            "title": row["title"],
            "text": row["text"],
            "sources": [
                {
                    "file": o["name"],
                    "lines": [o["first_line"], o["last_line"]],
                    "columns": [o["first_col"], o["last_col"]],
                }
                for o in occ
            ],
            "chars": row["chars"],
            "placeholders": row["placeholders"],
            "script": row["script"],
            "edits": first["edits"],
            "clean_flags": clean_flags,
            "header": json.loads(first["header"]),
            "line_meta": json.loads(first["meta"]),
            "edit_list": [dict(e) for e in edits],
            **self._structure_fields(row["structure"], counts, row["text"]),
        }

    def _structure_fields(
        self, raw: str | None, counts: dict[str, int] | None, text: str = ""
    ) -> dict:
        """The structure analysis' export fields; salutation, opening and closing with their
        text; each formulation with the number of speeches that use it (`counts`, or counted
        now for this speech's formulations)."""
        structure = json.loads(raw or "{}")
        fields = {key: structure.get(key, default) for key, default in STRUCTURE_FIELDS.items()}
        for part in ("salutation", "opening", "closing"):
            span = fields[part]
            if span and "text" not in span:  # a part stored as offsets only gets its text
                fields[part] = {"text": text[span["start"] : span["end"]], **span}
        formulations = fields["formulations"] or []
        if counts is None and formulations:
            counts = self.formulation_counts({f["text"] for f in formulations})
        fields["formulations"] = [
            {**f, "speeches": (counts or {}).get(f["text"], 1)} for f in formulations
        ]
        return fields

    def formulation_counts(self, texts: set[str] | None = None) -> dict[str, int]:
        """How many distinct speeches use each formulation text (all, or only `texts`)."""
        counts: dict[str, int] = {}
        for (raw,) in self.db.execute("SELECT structure FROM speeches"):
            seen = {f["text"] for f in json.loads(raw or "{}").get("formulations") or []}
            for text in seen if texts is None else seen & texts:
                counts[text] = counts.get(text, 0) + 1
        return counts

    def export_records(self):
        """One dict per distinct speech, in the export schema."""
        keys = ("id", "family", "canonical", "title", "text", "sources", "chars", "placeholders")
        counts = self.formulation_counts()
        for sid in self.speech_ids():
            full = self.speech(sid, counts)
            yield {
                **{k: full[k] for k in keys},
                "script": full["script"],
                "edits": full["edits"],
                **{k: full[k] for k in STRUCTURE_FIELDS if k != "roles"},  # roles: see outline
            }
