"""Read a .docx: one Line per paragraph (body and table cells, in document order).

Why this exists: speeches downloaded from 文库 sites often come as Word files, and a downloaded
.docx may be anything: an HTML error page or random bytes renamed to .docx, a zip without the Word
part, truncated or corrupt XML, or a zip bomb. We read word/document.xml ourselves (rather than with
python-docx) so that the archive is checked before anything is extracted (declared size and
compression ratio), the XML is parsed without entity expansion or network access, and the walk over
the tree is iterative (no recursion on deep nesting). The part is unpacked and parsed as a stream,
pruned as it goes, with an optional Budget checked after every chunk: a 5.4 MB file holding 195 MB
of XML (issue 14) took 33 s and 2.8 GB when the part was unpacked and parsed whole. Only text a
reader sees is kept: w:t runs, tabs and line breaks; deleted text, field codes and the duplicate
fallback copies of text boxes (mc:Fallback) are skipped.

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
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check

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


_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_CHUNK = 1 << 16  # bytes unpacked and parsed between two budget checks


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


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


def _checked_part(zf: zipfile.ZipFile, path: str) -> zipfile.ZipInfo:
    """The main document part, after checking the archive is safe to unpack."""
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
    return info


def document_paragraphs(
    data: bytes, path: str, budget: Budget | None = None
) -> tuple[list[str], str]:
    """The text of every paragraph in the document body, in document order, and the name of the
    part read. The part is unpacked and parsed as a stream: `budget` is checked after every
    chunk, and the parsed tree is pruned as it grows, so memory stays small whatever the size."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as e:
        raise SourceError(path, "not a valid .docx (not a zip archive)") from e
    with zf:
        info = _checked_part(zf, path)
        reader = _ParagraphReader(path, info.filename)
        try:
            stream = zf.open(info)
        except _ZIP_ERRORS as e:
            raise reader.unpack_error(e) from e
        with stream:
            texts = reader.read(stream, info.file_size, budget)
    return texts, info.filename


class _ParagraphReader:
    """Collects paragraph texts from the parser's events (only the tags below are reported).

    Only text a reader sees is kept (see the module docstring). A w:t is read at its end event,
    when its text and the tails of its children (unexpanded entity references) are complete.
    """

    TAGS = sorted(_P | _T | _TAB | _BREAKS | _HYPHEN | _BODY | {_MC_FALLBACK})

    def __init__(self, path: str, part: str):
        self.path, self.part = path, part
        self.found: list[str] = []
        self.chars = 0  # of the paragraphs found, joined by "\n" as a draft reads them
        self.open: list[list[str]] = []  # a text box's paragraphs sit inside another paragraph
        self.root = None
        self.body = None  # the first w:body under the root, while it is open
        self.body_done = False
        self.fallback = 0  # depth inside mc:Fallback, a second copy of the mc:Choice content

    def read(self, stream, size: int, budget: Budget | None) -> list[str]:
        parser = etree.XMLPullParser(events=("start", "end"), tag=self.TAGS, **_PARSER_OPTIONS)
        unpacked = 0
        while True:
            try:
                chunk = stream.read(_CHUNK)
            except _ZIP_ERRORS as e:
                raise self.unpack_error(e) from e
            if not chunk:
                break
            unpacked += len(chunk)
            if unpacked > size:
                break  # never more than declared, whatever the stream holds
            self._parse(parser, chunk)
            budget_check(budget, self.path, self.chars)
        if unpacked != size:
            raise SourceError(
                self.path, f"not a valid .docx ({self.part} is not the size the archive declares)"
            )
        self._parse(parser, None)
        budget_check(budget, self.path, self.chars)
        if self.body is None and not self.body_done:
            raise SourceError(self.path, f"not a valid .docx ({self.part} has no w:body)")
        return self.found

    def unpack_error(self, e: Exception) -> SourceError:
        return SourceError(self.path, f"not a valid .docx (cannot unpack {self.part}: {e})")

    def _parse(self, parser: etree.XMLPullParser, chunk: bytes | None) -> None:
        """Feed `chunk` to the parser (None: the end of the part) and handle its events."""
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
            for event, el in parser.read_events():
                self._event(event, el)
        except (etree.XMLSyntaxError, ValueError) as e:
            raise SourceError(
                self.path, f"not a valid .docx (corrupt XML in {self.part}: {e})"
            ) from e
        self._prune()

    def _event(self, event: str, el) -> None:
        tag = el.tag
        if self.root is None:
            self.root = el.getroottree().getroot()
        if tag == _MC_FALLBACK:
            self.fallback += 1 if event == "start" else -1
        elif self.fallback:
            return
        elif tag in _BODY:
            if event == "start" and not self.body_done and el.getparent() is self.root:
                self.body = el
            elif event == "end" and el is self.body:
                self.body, self.body_done = None, True
        elif self.body is None:
            return
        elif tag in _P:
            if event == "start":
                self.open.append([])
            else:
                text = "".join(self.open.pop())
                self.chars += len(text) + (1 if self.found else 0)
                self.found.append(text)
        elif not self.open:
            return
        elif tag in _T:
            if event == "end":
                self.open[-1].append((el.text or "") + "".join(c.tail or "" for c in el))
        elif event == "end":
            return
        elif tag in _TAB:
            self.open[-1].append("\t")
        elif tag in _BREAKS:
            self.open[-1].append("\n")
        elif tag in _HYPHEN:
            self.open[-1].append("-")

    def _prune(self) -> None:
        """Drop what has been read: every element before the last child of each element on the
        path from the root to the one being parsed is complete and its events are handled. The
        path stops at a w:t, whose children's tails are read at its end."""
        node = self.root
        while node is not None and node.tag not in _T:
            if len(node) > 1:
                del node[:-1]
            node = node[-1] if len(node) else None


def _lines(texts: list[str]):
    """One Line per piece of a paragraph between line breaks (w:br), with its columns."""
    for number, text in enumerate(texts, 1):
        col = 0
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            yield Line(piece, number, col, None if k == len(pieces) - 1 else col + len(piece))
            col += len(piece) + 1


def read_docx(data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None) -> Page:
    texts, part = document_paragraphs(data, path, budget)
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
