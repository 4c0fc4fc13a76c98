"""Libraries built from given speeches, whose counts are known by construction (tests, bench).

Each speech goes through the store's own write path (Library.add_pages: ids, exact copies,
near-duplicate families, occurrences), with the metadata given instead of the structure
analysis' findings, so a test states "a 2015 county speech copied three times" and the research
counts can be checked against it. Formulations are found as ingest finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jianghua.library.store import Library
from jianghua.records import Page, Paragraph, Speech, sha256_hex
from jianghua.structure.formulations import formulations

META_KEYS = ("date", "scope", "body", "sector", "genre", "speaker")


@dataclass
class Spec:
    text: str  # paragraphs separated by "\n"
    title: str = ""
    meta: dict = field(default_factory=dict)  # {"date": "2015", "scope": "全县", ...}
    pages: int = 1  # pages it was found on (copies)


def _speech(spec: Spec, page_name: str) -> Speech:
    paragraphs = [Paragraph(t, i + 1, i + 1) for i, t in enumerate(spec.text.split("\n"))]
    meta = {
        key: {"value": value, "source": "title", "confidence": 0.8, "evidence": spec.title}
        for key, value in spec.meta.items()
        if key in META_KEYS and value
    }
    return Speech(
        source=page_name,
        source_sha256=sha256_hex(page_name),
        paragraphs=paragraphs,
        title=spec.title or None,
        title_source="item" if spec.title else None,
        structure={"meta": meta, "formulations": formulations(spec.text)},
    )


def _page(name: str, lines: list[str]) -> Page:
    return Page(
        path=name,
        name=name,
        sha256=sha256_hex(name + "\n" + "\n".join(lines)),  # a later build adds, not skips
        encoding="utf-8",
        format="txt",
        lines=(),
        original=tuple(lines),
    )


def build(folder: str | Path, specs: list[Spec], batch: int = 200) -> Path:
    """A library in `folder` holding `specs`, each on `spec.pages` pages of its own. A later
    build into the same library adds pages under new names (a page under a name already held
    would replace that source, as a changed file does)."""
    with Library(folder) as lib:
        first = lib.stats()["sources"]
        pages = []
        for i, spec in enumerate(specs, start=first):
            for copy in range(spec.pages):
                name = f"s{i:07d}-{copy}.txt"
                pages.append((_page(name, spec.text.split("\n")), [_speech(spec, name)]))
        for start in range(0, len(pages), batch):
            failed = [
                r for r in lib.add_pages(pages[start : start + batch]) if isinstance(r, Exception)
            ]
            if failed:
                raise failed[0]
    return Path(folder)
