"""The ingest pipeline: read -> convert script -> strip noise -> split -> clean -> store.

`process_page` is a pure function of one page, so the same code runs in-process or on a cluster;
`ingest` is the in-process engine that feeds it files and writes each result in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.clean import clean_speech
from jianghua.clean.noise import strip_noise
from jianghua.clean.script import convert_page
from jianghua.errors import SourceError
from jianghua.library.store import AddResult, Library
from jianghua.records import Page, Speech
from jianghua.sources import read_page
from jianghua.split import split_page

SUPPORTED = {".txt", ".html", ".htm", ".docx"}


def process_page(page: Page) -> tuple[Page, list[Speech]]:
    """Everything ingest does to one page before storing it."""
    page = strip_noise(convert_page(page))
    return page, [clean_speech(s) for s in split_page(page)]


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and supported files under folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    yield child
        else:
            yield path


@dataclass
class FileReport:
    path: str
    result: AddResult | None = None
    error: str | None = None


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    chars: int = 0

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


def ingest(
    paths: Iterable[str | Path],
    library: Library,
    on_file: Callable[[FileReport], None] | None = None,
) -> IngestReport:
    """Ingest files into the library; a bad file gets an error and the run goes on."""
    report = IngestReport()
    for path in iter_files(paths):
        file_report = FileReport(str(path))
        try:
            page = read_page(path)
            if library.has_source(page.sha256):
                file_report.result = AddResult(skipped=True)
            else:
                page, speeches = process_page(page)
                file_report.result = library.add_page(page, speeches)
                report.chars += sum(len(line) for line in page.original)
        except SourceError as exc:
            file_report.error = exc.reason
        report.files.append(file_report)
        if on_file:
            on_file(file_report)
    return report
