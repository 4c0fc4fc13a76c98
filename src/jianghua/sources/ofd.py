"""Read an OFD (GB/T 33190, the national electronic-document format) from the XML inside it.

Why this exists: official documents are issued as OFD. An OFD is a zip: OFD.xml names the
document's root (DocRoot, e.g. Doc_0/Document.xml), which lists its pages (Pages/Page@BaseLoc,
e.g. Pages/Page_0/Content.xml); each page's Content.xml holds TextObjects (Boundary "x y w h" in
millimetres) whose TextCodes carry the text and its position (X, Y) inside the boundary. We read
those ourselves rather than with a package: the archive is checked before anything is unpacked
(declared sizes and compression ratio, as the .docx reader does), each part is read up to its
declared size only, and the XML is parsed without entities or network.

Text codes are placed on lines by their baseline (codes within half a character of each other
vertically are one line, left to right), then layout.assemble joins lines into paragraphs and
removes page numbers and running lines, as for a PDF. Template pages (TemplatePage, a page's
letterhead) are not read: they hold the furniture, not the text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from jianghua.errors import SourceError
from jianghua.records import Page
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check
from jianghua.sources.docx import _ZIP_ERRORS, MAX_RATIO, _parser
from jianghua.sources.layout import PageLines, TextLine, assemble

MAX_PART_BYTES = 50_000_000
MAX_TOTAL_BYTES = 500_000_000
MAX_ENTRIES = 50_000
MAX_PAGES = 20_000
_RATIO_FLOOR = 1_000_000


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Package:
    def __init__(self, data: bytes, path: str):
        self.path = path
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as e:
            raise SourceError(path, "not a valid .ofd (not a zip archive)") from e
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise SourceError(path, f"refused .ofd: {len(infos)} entries (limit {MAX_ENTRIES})")
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if total > MAX_TOTAL_BYTES or (total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
            raise SourceError(
                path,
                f"refused .ofd: it would unpack to {total} bytes from {packed}"
                f" (limits {MAX_TOTAL_BYTES} bytes, {MAX_RATIO}:1), likely a zip bomb",
            )
        self.names = {i.filename.lstrip("/"): i for i in infos}

    def xml(self, name: str):
        name = posixpath.normpath(name.lstrip("/"))
        info = self.names.get(name)
        if info is None:
            raise SourceError(self.path, f"not a valid .ofd (no {name} in the archive)")
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > _RATIO_FLOOR
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise SourceError(
                self.path,
                f"refused .ofd: {name} would unpack to {info.file_size} bytes, likely a zip bomb",
            )
        try:
            with self.zf.open(info) as f:
                data = f.read(info.file_size + 1)
        except _ZIP_ERRORS as e:
            raise SourceError(self.path, f"not a valid .ofd (cannot unpack {name}: {e})") from e
        if len(data) != info.file_size:
            raise SourceError(self.path, f"not a valid .ofd ({name} is not its declared size)")
        try:
            return etree.fromstring(data, _parser())
        except (etree.XMLSyntaxError, ValueError) as e:
            raise SourceError(self.path, f"not a valid .ofd (corrupt XML in {name}: {e})") from e


def _child_text(el, local: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) == local and child.text:
            return child.text.strip()
    return None


def _numbers(value: str | None, count: int) -> list[float]:
    try:
        parts = [float(v) for v in (value or "").split()]
    except ValueError:
        parts = []
    return (parts + [0.0] * count)[:count]


def _page_codes(root) -> list[tuple[float, float, float, str]]:
    """(baseline y, x, size, text) of every TextCode on a page, in mm from the top left."""
    codes = []
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        bx, by, _, bh = _numbers(obj.get("Boundary"), 4)
        size = _numbers(obj.get("Size"), 1)[0] or bh or 3.5
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x, y = _numbers(code.get("X"), 1)[0], _numbers(code.get("Y"), 1)[0]
            codes.append((by + y, bx + x, size, code.text))
    return codes


def _lines(codes) -> list[TextLine]:
    lines: list[TextLine] = []
    row: list = []

    def close() -> None:
        if row:
            row.sort(key=lambda c: c[1])
            text = "".join(c[3] for c in row)
            size = max(c[2] for c in row)
            x1 = max(c[1] + c[2] * len(c[3]) for c in row)
            base = row[0][0]
            if text.strip():
                lines.append(TextLine(text, row[0][1], base - size, x1, base))

    for code in sorted(codes):
        if row and abs(code[0] - row[0][0]) > code[2] / 2:
            close()
            row = []
        row.append(code)
    close()
    return lines


def read_ofd(data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None) -> Page:
    package = _Package(data, path)
    with package.zf:
        root = package.xml("OFD.xml")
        doc_root = _child_text(root, "DocRoot")
        if not doc_root:
            raise SourceError(path, "not a valid .ofd (OFD.xml names no DocRoot)")
        document = package.xml(doc_root)
        base = posixpath.dirname(doc_root.lstrip("/"))
        refs = [el.get("BaseLoc") for el in document.iter() if _local(el.tag) == "Page"]
        refs = [r for r in refs if r]
        if len(refs) > MAX_PAGES:
            raise SourceError(path, f"refused .ofd: {len(refs)} pages (limit {MAX_PAGES})")
        pages, chars = [], 0
        for number, ref in enumerate(refs, 1):
            part = ref.lstrip("/") if ref.startswith("/") else posixpath.join(base, ref)
            lines = _lines(_page_codes(package.xml(part)))
            chars += sum(len(line.text) for line in lines)
            budget_check(budget, path, chars)
            if lines:
                pages.append(PageLines(lines, number))
    if not pages:
        raise SourceError(path, f"no text in the .ofd ({len(refs)} pages)")
    return assemble(pages, path, name, sha256, "ofd", "ofd")
