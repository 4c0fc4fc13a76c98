"""Read a legacy binary Word (.doc) or WPS Office (.wps) file with a maintained converter.

Why this exists: colleagues send .doc and .wps files. Both are OLE compound files holding a
Word 97 'WordDocument' stream (WPS Office writes its .wps the same way since WPS 2003), which no
maintained Python package reads. We call, in order, whichever is installed:
  antiword (Debian package antiword; `make converters` installs it), catdoc (package catdoc), and
  LibreOffice headless (soffice), the one that also reads older WPS versions and RTF.
A file is written to a private temporary folder under a generated name, never its own, and each
converter runs with a timeout. A .doc that is really a .docx, HTML or plain text (文库 sites
serve all three under .doc) is read by the reader of what it is. With no converter installed,
the error names the packages to install.

Source line numbers are paragraph numbers as the converter prints them (one line each, with
wrapping off): blank lines are kept as empty entries so the numbers match its output.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jianghua.errors import SourceError
from jianghua.records import Line, Page
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check
from jianghua.sources.encoding import decode_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT = 60.0
_MISSING = (
    "cannot read {kind} files: none of antiword, catdoc or LibreOffice (soffice) is installed"
    " (install with `make converters`, or apt-get install antiword catdoc)"
)


def _converters() -> list[tuple[str, list[str]]]:
    found = []
    if shutil.which("antiword"):
        found.append(("antiword", ["antiword", "-m", "UTF-8.txt", "-w", "0"]))
    if shutil.which("catdoc"):
        found.append(("catdoc", ["catdoc", "-d", "utf-8", "-w"]))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        found.append(("LibreOffice", [soffice]))
    return found


def _run(name: str, command: list[str], source: Path, folder: Path) -> str:
    if name == "LibreOffice":
        profile = folder / "profile"  # its own profile: a running LibreOffice must not be joined
        args = [
            command[0],
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=True)
        out = folder / "out" / (source.stem + ".txt")
        return out.read_bytes().decode("utf-8-sig", "replace")
    done = subprocess.run([*command, str(source)], capture_output=True, timeout=TIMEOUT, check=True)
    return done.stdout.decode("utf-8", "replace")


def convert(data: bytes, path: str, suffix: str) -> tuple[str, str]:
    """(text, converter name) of a .doc/.wps, by the first installed converter that reads it."""
    kind = suffix.lstrip(".")
    converters = _converters()
    if not converters:
        raise SourceError(path, _MISSING.format(kind=f".{kind}"))
    failures = []
    with tempfile.TemporaryDirectory(prefix="jianghua-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        for name, command in converters:
            try:
                text = _run(name, command, source, folder)
            except subprocess.TimeoutExpired:
                failures.append(f"{name}: timed out after {TIMEOUT:g} s")
                continue
            except subprocess.CalledProcessError as e:
                message = (e.stderr or b"").decode("utf-8", "replace").strip().splitlines()
                failures.append(f"{name}: {message[-1] if message else f'exit {e.returncode}'}")
                continue
            except OSError as e:
                failures.append(f"{name}: {e}")
                continue
            if text.strip():
                return text, name
            failures.append(f"{name}: no text")
    raise SourceError(path, f"cannot read this .{kind} file ({'; '.join(failures)})")


def read_legacy(
    data: bytes, path: str, name: str, sha256: str, suffix: str, budget: Budget | None = None
) -> Page:
    if not data.startswith(OLE_MAGIC):
        return _disguised(data, path, name, sha256, suffix, budget)
    text, converter = convert(data, path, suffix)
    budget_check(budget, path, len(text))
    original = tuple(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    while original and not original[-1]:
        original = original[:-1]
    lines = tuple(Line(t, n) for n, t in enumerate(original, 1) if t.strip())
    if not lines:
        raise SourceError(path, f"empty document (no text in the .{suffix.lstrip('.')} file)")
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding=converter,
        format=suffix.lstrip("."),
        lines=lines,
        original=original,
        meta={"converter": converter},
    )


def _disguised(data, path, name, sha256, suffix, budget) -> Page:
    """A .doc/.wps that is not an OLE file: a .docx, an HTML page or text under the name."""
    from jianghua.sources.docx import read_docx
    from jianghua.sources.html import read_html
    from jianghua.sources.txt import read_txt

    if data.startswith(b"PK\x03\x04"):
        return read_docx(data, path, name, sha256, budget=budget)
    if data.lstrip()[:5].lower() == b"{\\rtf":
        if not any(n == "LibreOffice" for n, _ in _converters()):
            raise SourceError(
                path, "an RTF file named .doc: reading it needs LibreOffice (soffice)"
            )
        text, _ = convert(data, path, ".rtf")
        return read_txt(text.encode("utf-8"), path, name, sha256, budget=budget)
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype" in head or b"<body" in head:
        return read_html(data, path, name, sha256, budget=budget)
    try:
        decode_bytes(data, path)
    except SourceError:
        raise SourceError(
            path, f"not a .{suffix.lstrip('.')} file (neither a Word/WPS binary nor text)"
        ) from None
    return read_txt(data, path, name, sha256, budget=budget)
