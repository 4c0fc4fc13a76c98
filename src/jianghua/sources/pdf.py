"""Read a PDF: the text layer of each page with pypdfium2; a page without one is OCRed.

Why this exists: 文库 downloads and portal attachments are PDF, and old speeches are scanned PDFs.
pypdfium2 (PDFium, the PDF engine of Chromium) was chosen by measurement over pdfplumber: on the
same 8-page speech both give the lines in reading order, pypdfium2 in 0.07 s with every
character's box, pdfplumber in 1.0 s (bench/formats.py prints both). Text comes in the order of
the page's content stream, which for a speech set in one column is reading order.

A page whose text layer holds no text but which shows an image is a scan: it is rendered and read
by OCR (see ocr.py). A page with a text layer is never OCRed. A blank page is skipped. The page's
lines go to layout.assemble, which removes running headers and page numbers and joins lines into
paragraphs (see layout.py for how lines keep their page and position).

Refused with a reason: a PDF that needs a password (one with an owner password only opens and
reads as usual), a damaged file, a PDF in which no page holds text or an image.
"""

from __future__ import annotations

from jianghua.errors import SourceError
from jianghua.records import Page
from jianghua.sources import ocr
from jianghua.sources.budget import Budget
from jianghua.sources.budget import check as budget_check
from jianghua.sources.layout import PageLines, TextLine, assemble

RENDER_SCALE = 2.0  # 144 dpi: OCR CER on clean renders of seed pages under 1 % (bench/formats.py)
MAX_PAGES = 20_000
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


def _open(data: bytes, path: str):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        if getattr(e, "err_code", None) == _PASSWORD_ERROR:
            raise SourceError(path, "encrypted PDF: it needs a password to open") from e
        raise SourceError(path, f"not a valid PDF ({e})") from e


def _text_lines(textpage, height: float) -> list[TextLine]:
    """The lines of a page's text layer, each with the box of its characters (y from the top)."""
    import pypdfium2.raw as raw

    lines: list[TextLine] = []
    chars: list[str] = []
    box: list[float] | None = None

    def close() -> None:
        nonlocal chars, box
        text = "".join(chars)
        if text.strip() and box is not None:
            lines.append(TextLine(text, box[0], height - box[3], box[2], height - box[1]))
        chars, box = [], None

    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        ch = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else ""
        if ch in ("\r", "\n"):
            if ch == "\n" or chars:
                close()
            continue
        if not ch or raw.FPDFText_IsGenerated(textpage.raw, i) == 1 and ch != " ":
            continue
        chars.append(ch)
        if ch.strip():
            left, bottom, right, top = textpage.get_charbox(i)
            if box is None:
                box = [left, bottom, right, top]
            else:
                box = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
    close()
    return lines


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def read_pdf(data: bytes, path: str, name: str, sha256: str, budget: Budget | None = None) -> Page:
    doc = _open(data, path)
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise SourceError(path, f"refused PDF: {count} pages (limit {MAX_PAGES})")
        pages, scans, chars = [], [], 0
        for index in range(count):
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    lines = _text_lines(textpage, page.get_height())
                finally:
                    textpage.close()
                if lines:
                    pages.append(PageLines(lines, index + 1))
                    chars += sum(len(line.text) for line in lines)
                elif _has_image(page):
                    scans.append(index)
                    pages.append(PageLines([], index + 1, ocr=True))
            finally:
                page.close()
            budget_check(budget, path, chars)
        if scans:
            _ocr_pages(doc, pages, scans, path, name, budget, chars)
    finally:
        doc.close()
    pages = [p for p in pages if p.lines]
    if not pages:
        raise SourceError(
            path, f"no text in the PDF ({count} pages, none with a text layer or a scanned image)"
        )
    fmt = "pdf-ocr" if scans else "pdf"
    return assemble(pages, path, name, sha256, fmt, "pdf")


def _ocr_pages(doc, pages, scans, path, name, budget, chars) -> None:
    by_number = {p.number: p for p in pages}
    for done, index in enumerate(scans, 1):
        page = doc[index]
        try:
            image = page.render(scale=RENDER_SCALE).to_pil()
        finally:
            page.close()
        lines = ocr.recognise(image, path)
        by_number[index + 1].lines = lines
        chars += sum(len(line.text) for line in lines)
        ocr.report(name, done, len(scans))
        budget_check(budget, path, chars)
