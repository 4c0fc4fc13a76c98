"""The ingest pipeline: read -> convert script -> strip noise -> split -> clean -> store.

`process_page` is a pure function of one page, so the same code runs in-process or on a cluster;
`ingest` is the in-process engine that feeds it files and writes each result in one transaction.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from jianghua import dedup
from jianghua.clean import clean_speech
from jianghua.clean.main_content import strip_outside_main
from jianghua.clean.markdown import strip_markdown
from jianghua.clean.noise import strip_noise
from jianghua.clean.runon import split_run_on
from jianghua.clean.script import convert_page
from jianghua.clean.transcript import strip_turns
from jianghua.errors import SourceError
from jianghua.library.lock import exit_with_parent
from jianghua.library.store import AddResult, Library, json_column
from jianghua.records import Page, Speech
from jianghua.scan import Scan, scan
from jianghua.sources import SUPPORTED_SUFFIXES, printable, read_page
from jianghua.sources.layout import low_confidence
from jianghua.split import split_page
from jianghua.structure import analyze

# Data files that are crawler output only sometimes (a folder of saved pages holds .json and .csv
# of every kind: site assets, settings, tables): read when named, not picked up from a folder.
NAMED_ONLY = {".json", ".csv", ".tsv"}
SUPPORTED = set(SUPPORTED_SUFFIXES) - NAMED_ONLY
# Pages are stored in batches, one transaction per batch and a savepoint per file (see
# Library.add_pages): about a second of work per commit. A commit writes every page of the dedup
# index the batch touched, so fewer, larger batches write each page fewer times (100 MB bench:
# 73 commits took 0.95 s, 19 took 0.6 s). A crash loses at most the batch in hand, which the next
# run of the same ingest stores again.
BATCH_CHARS = 2_000_000
BATCH_FILES = 200
# Input handed to the page workers ahead of the store: more than a batch, so that they never wait
# while it writes one (on the 20 MB bench, 4 files per worker left them idle 8 % of the time).
LOOKAHEAD_BYTES = 16_000_000
LOOKAHEAD_FILES = 64


def process_page(
    page: Page, stored: Callable[[str], bool] | None = None
) -> tuple[Page, list[Speech]]:
    """Everything ingest does to one page before storing it.

    With `stored` (is a speech id in the library?), the copies the store will not insert (held by
    the library, or by an earlier speech on the page) are not analysed: analysis is the costliest
    stage, and 范文 pages are mostly copies (seed 000: 27 copies of 19 speeches)."""
    page = strip_turns(
        strip_noise(convert_page(split_run_on(strip_outside_main(strip_markdown(page)))))
    )
    speeches = [clean_speech(s) for s in split_page(page)]
    doubts = low_confidence(page, speeches)  # OCR's doubtful characters, in the clean text
    ids: set[str] = set()
    for speech, doubtful in zip(speeches, doubts, strict=True):
        if doubtful:
            speech.flags.append("ocr_low_confidence")
        # the costly part of dedup, done here so that it runs in the workers
        key = dedup.dedup_key(speech.text)
        speech.id = dedup.speech_id(key)
        speech.fingerprints = dedup.key_fingerprints(key)
        if stored is not None and (speech.id in ids or stored(speech.id)):
            speech.analysis_skipped = True
        else:
            speech.structure = analyze(speech)
            if doubtful:  # located flags, shown in the reader like the analysis' own
                speech.structure["flags"] = [*speech.structure.get("flags", []), *doubtful]
        ids.add(speech.id)
    return page, speeches


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def is_page_asset(child: Path, top: Path) -> bool:
    """An image in the folder a browser saves a page's pictures to ("页面_files", "page.files"):
    icons and photos of a saved page, not scans; OCRing them all would take hours for nothing."""
    if child.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    parents = child.relative_to(top).parts[:-1]
    return any(p.endswith(("_files", ".files")) for p in parents)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and supported files under folders named (not the pictures of a saved web
    page), in a stable order."""
    yield from scan(paths, SUPPORTED, is_page_asset).files


@dataclass
class FileReport:
    path: str
    result: AddResult | None = None
    error: str | None = None
    name: str | None = None  # what the library calls it (path relative to the folder ingested)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    chars: int = 0

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


def process_file(
    path: str | Path, stored: Callable[[str], bool] | None = None
) -> tuple[Page | None, list[Speech], str | None]:
    """Read and process one file: (page, speeches, None) or (None, [], reason it failed)."""
    try:
        page, speeches = process_page(read_page(path), stored)
    except SourceError as exc:
        return None, [], exc.reason
    return page, speeches, None


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        if not path.is_file():  # a FIFO or /dev/zero named like a page would block or never end
            return None
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # the reader will say what is wrong with it
    return digest.hexdigest()


def for_store(page: Page, speeches: list[Speech]) -> tuple[Page, list[Speech]]:
    """A processed page made ready to cross to the process that stores it: the page slim (see
    Page.slim), each speech's structure as the JSON text the store writes."""
    for speech in speeches:
        if not speech.analysis_skipped:
            speech.structure_json = json_column(speech.structure)
        speech.structure = {}
    return page.slim(), speeches


_library_reader: sqlite3.Connection | None = None  # a page worker's read-only view of the library


def _start_worker(parent_pid: int, library_path: str) -> None:
    global _library_reader
    exit_with_parent(parent_pid)
    if not library_path:
        return
    try:
        _library_reader = sqlite3.connect(f"file:{library_path}?mode=ro", uri=True)
    except sqlite3.Error:
        _library_reader = None  # every speech is then analysed: slower, never wrong


def _stored(speech_id: str) -> bool:
    """Is the speech in the library (as last committed)? A worker reads the SQLite file while the
    store writes it (WAL: readers see the last commit)."""
    if _library_reader is None:
        return False
    try:
        row = _library_reader.execute("SELECT 1 FROM speeches WHERE id = ?", (speech_id,))
        return row.fetchone() is not None
    except sqlite3.Error:
        return False


def _process_for_store(path: Path) -> tuple[Page | None, list[Speech], str | None]:
    """process_file in a worker process, its result made ready for the store."""
    page, speeches, error = process_file(path, _stored)
    if page is None:
        return None, speeches, error
    return *for_store(page, speeches), error


def _processed(
    files: Iterable[Path],
    workers: int,
    library_path: Path | None = None,
    size: Callable[[Path], int] | None = None,
) -> Iterator[tuple[Path, tuple[Page | None, list[Speech], str | None]]]:
    """(path, process_file's result) over files, in order; with workers > 1 in worker processes.

    Files are handed out ahead of the consumer up to LOOKAHEAD_BYTES of input (and at least two
    per worker), so that the workers keep busy while the store writes a batch, and memory stays
    bounded when the store is slower than they are. `files` is read lazily, as work is handed
    out: the workers start on the first files while later ones are still being checked."""
    if workers <= 1:
        for path in files:
            yield path, process_file(path)
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_start_worker,  # no orphaned workers after a kill -9; a library reader
        initargs=(os.getpid(), str(library_path or "")),
    ) as pool:
        pending: deque = deque()
        ahead = 0
        size = size or (lambda p: max(_stat(p)[0], 0))
        for path in files:
            path_size = size(path)
            pending.append((path, pool.submit(_process_for_store, path), path_size))
            ahead += path_size
            while len(pending) > 2 * workers and (
                ahead >= LOOKAHEAD_BYTES or len(pending) >= LOOKAHEAD_FILES
            ):
                done, future, done_size = pending.popleft()
                ahead -= done_size
                yield done, future.result()
        while pending:
            done, future, _ = pending.popleft()
            yield done, future.result()


@contextmanager
def _fewer_collections():
    """Run the cyclic garbage collector ten times less often. The storing process holds batches of
    many small objects, none of them in cycles, and the collector's full passes over them were 7 %
    of its time (100 MB bench: 14 full passes; wall 12.6 -> 11.9 s)."""
    threshold = gc.get_threshold()
    gc.set_threshold(10 * threshold[0], *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def ingest(
    paths: Iterable[str | Path] | Scan,
    library: Library,
    on_file: Callable[[FileReport], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Ingest files into the library; a bad file gets an error and the run goes on.

    Files already in the library (same sha256) are skipped before any work. Pages are processed in
    `workers` processes; the library is written by this process alone, in the order the files were
    given, so the result does not depend on `workers`; each file is stored all or nothing. A file
    that changed while it was read (still being written) is refused, to be ingested next time; a
    file whose bytes changed since an earlier ingest replaces its old version (see Library)."""
    library.require_writable()
    report = IngestReport()
    found = paths if isinstance(paths, Scan) else scan(paths, SUPPORTED, is_page_asset)
    files = found.files
    names = {key: printable(name) for key, name in found.names.items()}
    stats = {path: _stat(path) for path in files}  # before reading: a change after is caught

    def unstored() -> Iterator[Path]:
        """The files whose bytes the library does not hold yet, checked as work is handed out."""
        for path in files:
            sha = _file_sha256(path)
            if sha is not None and library.has_source(sha):
                nonlocal remaining
                remaining -= sizes[path]
                file_report = FileReport(
                    str(path), result=AddResult(skipped=True), name=names.get(str(path))
                )
                report.files.append(file_report)
                if on_file:
                    on_file(file_report)
            else:
                shas[path] = sha
                yield path

    shas: dict[Path, str | None] = {}
    batch: list[tuple[FileReport, Page | None, list[Speech]]] = []

    def flush() -> None:
        stored = library.add_pages([(page, speeches) for _, page, speeches in batch if page])
        results = iter(stored)
        for file_report, page, _ in batch:
            if page is not None:
                result = next(results)
                if isinstance(result, Exception):
                    file_report.error = f"could not store it: {result}"
                else:
                    file_report.result = result
                    if not result.skipped:
                        report.chars += page.char_count
            report.files.append(file_report)
            if on_file:
                on_file(file_report)
        batch.clear()

    batch_chars = 0
    # Input bytes still to come: in the last LOOKAHEAD_BYTES, when the workers run out of work,
    # batches are smaller, so that the store is not left with a large one after the last page.
    sizes = {path: max(stats[path][0], 0) for path in files}  # stat once, not once per use
    remaining = sum(sizes.values())
    with _fewer_collections():
        pool = workers if len(files) > 1 else 1  # one file: not worth starting processes
        processed = _processed(unstored(), pool, library.path, sizes.__getitem__)
        for path, (page, speeches, error) in processed:
            name = names.get(str(path))
            if page is not None:
                if _still_changing(path, stats[path], shas.get(path), page.sha256):
                    page, speeches, error = None, [], STILL_WRITTEN
                else:
                    page = replace(page, name=name or page.name)
            batch.append((FileReport(str(path), error=error, name=name), page, speeches))
            batch_chars += page.char_count if page is not None else 0
            remaining -= sizes[path]
            limit = BATCH_CHARS if remaining > LOOKAHEAD_BYTES else BATCH_CHARS // 8
            if batch_chars >= limit or len(batch) >= BATCH_FILES:
                flush()
                batch_chars = 0
        flush()
    order = {str(path): i for i, path in enumerate(files)}
    report.files.sort(key=lambda f: order[f.path])
    return report


STILL_WRITTEN = (
    "文件在读取期间仍在变化（大小或修改时间改变），可能还在写入：这次不导入，写完后再导入一次即可"
)


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def _still_changing(path: Path, before: tuple[int, int], sha: str | None, read: str) -> bool:
    """Did the file change between the scan and now (a download or a copy still writing it)?
    Its size and modification time are compared, and the bytes hashed before the read with the
    bytes read."""
    if before[0] < 0:
        return False  # it could not be looked at; the reader said what was wrong
    return _stat(path) != before or (sha is not None and sha != read)
