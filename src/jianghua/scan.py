"""Which files an ingest reads, the name each is stored under, and what it passes over.

Why this exists: an ingest of a folder used to skip an unreadable sub-folder without a word, and a
folder holding only .doc/.pdf/.wps files ended with exit code 0 and nothing said (issue 20). A scan
keeps everything it did not take, with the reason, so the command can say it.

Names: a file found under a folder named on the command line is stored under its path relative to
that folder (`a/index.html` and `b/index.html` stay apart in exports); a file named directly is
stored under its own name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.errors import os_reason


@dataclass
class Scan:
    files: list[Path] = field(default_factory=list)  # to read, in a stable order
    names: dict[str, str] = field(default_factory=dict)  # str(file) -> name it is stored under
    unsupported: list[Path] = field(default_factory=list)  # files of a type no reader takes
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # (folder, reason)
    missing: list[Path] = field(default_factory=list)  # named, but not there
    assets: list[Path] = field(default_factory=list)  # supported, but passed over by `skip`

    def unsupported_by_type(self) -> dict[str, int]:
        """Count of unsupported files per extension ("" for none), most frequent first."""
        counts: dict[str, int] = {}
        for path in self.unsupported:
            suffix = path.suffix.lower()
            counts[suffix] = counts.get(suffix, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def scan(paths: Iterable[str | Path], supported: set[str], skip=None) -> Scan:
    """Files named, and files with a `supported` suffix under folders named, in a stable order
    (each folder's files sorted by path, as `sorted(folder.rglob("*"))` gave them). A file under
    a folder for which `skip(file, folder)` is true is kept in `assets`, not read."""
    found = Scan()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, supported, found, skip)
        elif path.exists() or path.is_symlink():
            found.files.append(path)
            found.names[str(path)] = path.name
        else:
            found.missing.append(path)
    return found


def _walk(root: Path, supported: set[str], found: Scan, skip=None) -> None:
    taken: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.unreadable.append((where, os_reason(exc)))

    # os.walk, not rglob: rglob passes over a folder it cannot list without a word. Symbolic links
    # to folders are not followed (a link loop would never end), as rglob did not follow them.
    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs.sort()
        for name in names:
            child = Path(folder, name)
            if child.suffix.lower() not in supported:
                if child.is_file():
                    found.unsupported.append(child)
            elif child.is_file():
                if skip is not None and skip(child, root):
                    found.assets.append(child)
                else:
                    taken.append(child)
    for child in sorted(taken):
        found.files.append(child)
        found.names[str(child)] = child.relative_to(root).as_posix()
    found.unsupported.sort()
    found.assets.sort()
