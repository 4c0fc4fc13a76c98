"""Give speeches that lost their place in a source back their occurrence.

Why this exists: libraries written before occurrences were keyed by the speech's place on the page
(source, first line) kept only the first of several speeches that start on one line (a minified
HTML page, run-on scraped text): the others were stored without any occurrence, so they had no
source lines and broke `show`, exports and the reader. The store migrates such a library's rows on
opening (see store.MIGRATE_OCCURRENCES); this step re-reads each affected source file, runs the
same pipeline on it and writes the missing rows. A file that is gone or has changed since (another
sha256) cannot say where its speeches were: those are listed, never guessed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.errors import SourceError
from jianghua.library.store import Library


@dataclass
class RepairReport:
    restored: list[str] = field(default_factory=list)  # speech ids given an occurrence back
    unrepaired: list[tuple[str, str]] = field(default_factory=list)  # (speech id, why not)

    @property
    def ok(self) -> bool:
        return not self.unrepaired


def orphans(lib: Library) -> dict[int, list[str]]:
    """Speeches without any occurrence, by the source they were first stored from."""
    out: dict[int, list[str]] = {}
    for sid, source in lib.db.execute(
        "SELECT id, first_source FROM speeches s WHERE NOT EXISTS"
        " (SELECT 1 FROM occurrences o WHERE o.speech_id = s.id) ORDER BY first_source, rowid"
    ):
        out.setdefault(source, []).append(sid)
    return out


def _source_file(lib: Library, stored: str) -> Path | None:
    path = Path(stored)
    for candidate in (path, lib.folder.parent / path):
        if candidate.is_file():
            return candidate
    return None


def repair(lib: Library) -> RepairReport:
    """Restore missing occurrences from the source files; one transaction per source."""
    from jianghua.pipeline import process_page  # the pipeline imports the store
    from jianghua.sources import read_page

    report = RepairReport()
    for source_id, sids in orphans(lib).items():
        row = lib.db.execute(
            "SELECT path, sha256 FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if row is None:
            report.unrepaired += [(sid, "its source is not in the library") for sid in sids]
            continue
        path = _source_file(lib, row["path"])
        if path is None:
            report.unrepaired += [(sid, f"{row['path']}: file not found") for sid in sids]
            continue
        try:
            page = read_page(path)
        except SourceError as exc:
            report.unrepaired += [(sid, str(exc)) for sid in sids]
            continue
        if page.sha256 != row["sha256"]:
            why = f"{row['path']}: the file has changed since it was ingested"
            report.unrepaired += [(sid, why) for sid in sids]
            continue
        page, speeches = process_page(page)
        report.restored += _restore(lib, source_id, page, speeches, set(sids), report)
    return report


def _restore(lib, source_id, page, speeches, wanted: set[str], report) -> list[str]:
    edit_lines = sorted(e.line for e in page.edits if e.kind != "noise")
    restored = []
    with lib.db:
        top = lib.db.execute(
            "SELECT COALESCE(MAX(ordinal), -1) FROM occurrences WHERE source_id = ?", (source_id,)
        ).fetchone()[0]
        for speech in speeches:
            if speech.id not in wanted or speech.id in restored:
                continue
            top += 1
            in_range = bisect_right(edit_lines, speech.last_line) - bisect_left(
                edit_lines, speech.first_line
            )
            lib.insert_occurrence(source_id, top, speech.id, speech, len(speech.edits) + in_range)
            restored.append(speech.id)
        _renumber(lib, source_id)
    for sid in sorted(wanted.difference(restored)):
        report.unrepaired.append((sid, f"{page.path}: the pipeline no longer finds this speech"))
    return restored


def _renumber(lib: Library, source_id: int) -> None:
    """Ordinals in page order again (restored rows were appended after the others)."""
    rows = lib.db.execute(
        "SELECT ordinal FROM occurrences WHERE source_id = ?"
        " ORDER BY first_line, first_col, ordinal",
        (source_id,),
    ).fetchall()
    lib.db.executemany(
        "UPDATE occurrences SET ordinal = ? WHERE source_id = ? AND ordinal = ?",
        [(-1 - k, source_id, old) for k, (old,) in enumerate(rows)],
    )
    lib.db.execute(
        "UPDATE occurrences SET ordinal = -1 - ordinal WHERE source_id = ? AND ordinal < 0",
        (source_id,),
    )
