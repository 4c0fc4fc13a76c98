"""Read a .docx: one Line per paragraph (body and table cells, in document order).

Why this exists: speeches downloaded from 文库 sites often come as Word files, and a downloaded
.docx may be anything: an HTML error page or random bytes renamed to .docx, a zip without the Word
part, truncated or corrupt XML, or a zip bomb. We read word/document.xml ourselves (rather than with
python-docx) so that the archive is checked before anything is extracted (declared size and
compression ratio), the XML is parsed without entity expansion or network access, and the walk over
the tree is iterative (no recursion on deep nesting). Only text a reader sees is kept: w:t runs,
tabs and line breaks; deleted text, field codes and the duplicate fallback copies of text boxes
(mc:Fallback) are skipped.

Source line numbers are paragraph numbers (1-based, counting empty paragraphs). A paragraph with
soft line breaks (Shift+Enter) becomes several Lines sharing its paragraph number, so that a Line
never contains a newline; `original` holds each paragraph's full text with '\\n' for those breaks.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from jianghua.errors import SourceError
from jianghua.records import Line, Page

MAX_XML_BYTES = 200_000_000  # refuse a document.xml that would unpack to more than this
MAX_RATIO = 200  # refuse a document.xml compressed more than 200:1 (real ones are ~5-20:1)
_RATIO_FLOOR = 1_000_000  # ... if it is bigger than this; tiny parts can have any ratio
_DEFAULT_PART = "word/document.xml"

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # 'Strict Open XML' documents
)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _tags(local: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{local}" for ns in _W_NAMESPACES)


_P, _T, _TAB, _BODY = _tags("p"), _tags("t"), _tags("tab"), _tags("body")
_BREAKS = _tags("br") | _tags("cr")
_HYPHEN = _tags("noBreakHyphen")
# What zipfile raises on a damaged archive: bad headers, bad CRC, bad deflate stream, encryption
# (RuntimeError), an unknown compression method or zip version (NotImplementedError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named in _rels/.rels (normally word/document.xml)."""
    try:
        info = zf.getinfo("_rels/.rels")
        if info.file_size > 1_000_000:
            return _DEFAULT_PART
        root = etree.fromstring(zf.read(info), _parser())
    except (KeyError, etree.XMLSyntaxError, *_ZIP_ERRORS):
        return _DEFAULT_PART
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
            return rel.get("Target").lstrip("/")
    return _DEFAULT_PART


def document_xml(data: bytes, path: str) -> tuple[bytes, str]:
    """The bytes of the main document part, after checking the archive is safe to unpack."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as e:
        raise SourceError(path, "not a valid .docx (not a zip archive)") from e
    with zf:
        part = _main_part(zf)
        if part != _DEFAULT_PART and part not in zf.NameToInfo:
            part = _DEFAULT_PART  # a relationship target we cannot resolve: try the usual name
        try:
            info = zf.getinfo(part)
        except KeyError:
            raise SourceError(path, f"not a valid .docx (no {part} in the archive)") from None
        size, packed = info.file_size, info.compress_size
        if size > MAX_XML_BYTES:
            raise SourceError(
                path,
                f"refused .docx: {part} would unpack to {size} bytes (limit {MAX_XML_BYTES})",
            )
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
            raise SourceError(
                path,
                f"refused .docx: {part} is compressed {size // max(packed, 1)}:1 "
                f"({packed} -> {size} bytes), likely a zip bomb (limit {MAX_RATIO}:1)",
            )
        try:
            with zf.open(info) as f:
                xml = f.read(size + 1)  # never more than declared, whatever the stream holds
        except _ZIP_ERRORS as e:
            raise SourceError(path, f"not a valid .docx (cannot unpack {part}: {e})") from e
    if len(xml) != size:
        raise SourceError(path, f"not a valid .docx ({part} is not the size the archive declares)")
    return xml, part


def paragraphs(xml: bytes, path: str, part: str = _DEFAULT_PART) -> list[str]:
    """The text of every paragraph in the document body, in document order."""
    try:
        root = etree.fromstring(xml, _parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        raise SourceError(path, f"not a valid .docx (corrupt XML in {part}: {e})") from e
    body = next((child for child in root if child.tag in _BODY), None)
    if body is None:
        raise SourceError(path, f"not a valid .docx ({part} has no w:body)")
    found: list[str] = []
    open_paragraphs: list[list[str]] = []  # a text box's paragraphs sit inside another paragraph
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "end":
            if tag in _P:
                found.append("".join(open_paragraphs.pop()))
        elif tag in _P:
            open_paragraphs.append([])
        elif tag == _MC_FALLBACK:
            walker.skip_subtree()  # a second copy of the mc:Choice content
        elif open_paragraphs:
            if tag in _T:  # unexpanded entity references are children: keep the text after them
                open_paragraphs[-1].append((el.text or "") + "".join(c.tail or "" for c in el))
            elif tag in _TAB:
                open_paragraphs[-1].append("\t")
            elif tag in _BREAKS:
                open_paragraphs[-1].append("\n")
            elif tag in _HYPHEN:
                open_paragraphs[-1].append("-")
    return found


def _lines(texts: list[str]):
    """One Line per piece of a paragraph between line breaks (w:br), with its columns."""
    for number, text in enumerate(texts, 1):
        col = 0
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            yield Line(piece, number, col, None if k == len(pieces) - 1 else col + len(piece))
            col += len(piece) + 1


def read_docx(data: bytes, path: str, name: str, sha256: str) -> Page:
    xml, part = document_xml(data, path)
    texts = paragraphs(xml, path, part)
    if not any(text.strip() for text in texts):
        raise SourceError(path, f"empty document (no text in {part})")
    lines = tuple(_lines(texts))
    return Page(
        path=path,
        name=name,
        sha256=sha256,
        encoding="docx",
        format="docx",
        lines=lines,
        original=tuple(texts),
        meta={},
    )
