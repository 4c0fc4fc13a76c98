"""Files of each format the tests (and bench/formats.py) write themselves from plain paragraphs:
a PDF with a text layer laid out like a government document (running header, page numbers,
paragraphs indented two characters and broken at the page edge), the same pages rendered to PNG
for OCR, and an OFD built from its XML. A .doc cannot be written here (antiword only reads):
tests/sources/files/speech.doc is a fixture made once, see tests/sources/files/PROVENANCE.md.

The PDF is written with reportlab in WenQuanYi Micro Hei (fonts-wqy-microhei, which `make browser`
installs); the PNG is pypdfium2's rendering of that PDF, so the two hold the same page.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pages import SAMPLES

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HEADER = "某某市人民政府办公室文件"


def seed_speech(seed: str = "004", first: int = 3, count: int = 12) -> list[str]:
    """Paragraphs of a real speech: lines `first`.. of a seed that are body text (no headings
    of the collection around it), at most `count` of them."""
    path = next(SAMPLES.glob(f"{seed}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines[first - 1 :] if len(line) >= 20]
    return body[:count]


def speech_txt(title: str, paragraphs: list[str]) -> str:
    return "\n".join([title, "同志们：", *paragraphs]) + "\n"


def _font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", str(FONT), subfontIndex=0))
    return "wqy"


def _wrap(text: str, width: float, size: float, indent: float, measure) -> list[str]:
    lines, current, room = [], "", width - indent
    for ch in text:
        if current and measure(current + ch, size) > room:
            lines.append(current)
            current, room = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def write_pdf(
    path: Path,
    title: str,
    paragraphs: list[str],
    *,
    size: float = 14,
    lines_per_page: int = 28,
    footer: str = "dash",
    encrypt: str | None = None,
) -> Path:
    """A PDF with a text layer: a header line on every page, the title centred on the first,
    "同志们：", the paragraphs (first line indented two characters) and a page number at the
    foot ("— 3 —", or "第3页 共9页" with footer="of"). Lines run on across pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = _font_name()
    page_w, page_h = A4
    left, top = 72, page_h - 90
    width = page_w - 2 * left

    def measure(s: str, sz: float) -> float:
        return pdfmetrics.stringWidth(s, font, sz)

    body: list[tuple[str, float, bool]] = [(title, 0, True), ("同志们：", 0, False)]
    for paragraph in paragraphs:
        for k, line in enumerate(_wrap(paragraph, width, size, 2 * size, measure)):
            body.append((line, 2 * size if k == 0 else 0, False))
    pages = [body[i : i + lines_per_page] for i in range(0, len(body), lines_per_page)]
    kwargs = {"encrypt": encrypt} if encrypt else {}
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for number, lines in enumerate(pages, 1):
        c.setFont(font, 10)
        c.drawCentredString(page_w / 2, page_h - 50, HEADER)
        y = top
        for text, indent, centred in lines:
            c.setFont(font, size)
            if centred:
                c.drawCentredString(page_w / 2, y, text)
            else:
                c.drawString(left + indent, y, text)
            y -= size * 1.6
        c.setFont(font, 10)
        foot = f"— {number} —" if footer == "dash" else f"第{number}页 共{len(pages)}页"
        c.drawCentredString(page_w / 2, 40, foot)
        c.showPage()
    c.save()
    return path


def write_blank_pdf(path: Path, pages: int) -> Path:
    """A valid PDF of `pages` empty pages, written by hand (reportlab takes 8 s for 10,000)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path


def render_png(pdf: Path, folder: Path, scale: float = 2.0) -> list[Path]:
    """Each page of `pdf` rendered to a PNG (what a scanner of a clean print-out gives)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=scale).to_pil().convert("L")
            target = folder / f"{pdf.stem}_{i + 1}.png"
            image.save(target)
            out.append(target)
    finally:
        doc.close()
    return out


def image_pdf(pngs: list[Path], path: Path) -> Path:
    """A scanned PDF: the PNGs as page images, no text layer."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in pngs]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=144)
    return path


def _ofd_page(lines: list[tuple[str, float, bool]], number: int, total: int) -> str:
    """A page's Content.xml: the header, the lines (indent in characters, centred or not) and
    the page number, each a TextObject at 5 mm type on a 150 mm measure."""
    size, left, measure = 5.0, 30.0, 150.0
    placed = [(HEADER, None, 12.0, 3.5)]  # a running header in smaller type, as printed
    placed += [
        (t, None if c else left + i * size, 30 + k * size * 1.6, size)
        for k, (t, i, c) in enumerate(lines)
    ]
    placed.append((f"— {number} —", None, 280.0, 3.5))
    objects = []
    for k, (text, x, y, size) in enumerate(placed):
        width = size * len(text)
        x = 105 - width / 2 if x is None else x
        objects.append(
            f'<ofd:TextObject ID="{k + 10}" Boundary="{x:.1f} {y:.1f} {measure:.1f} {size * 1.4:.1f}" '
            f'Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size:.1f}">{escape(text)}'
            "</ofd:TextCode></ofd:TextObject>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">'
        + "".join(objects)
        + "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def ofd_pages(title: str, paragraphs: list[str], per_line: int = 30, per_page: int = 28):
    """The lines of each page of an OFD of the speech: (text, indent in characters, centred)."""
    body: list[tuple[str, float, bool]] = [(title, 0, True), ("同志们：", 0, False)]
    for paragraph in paragraphs:
        first, rest = paragraph[: per_line - 2], paragraph[per_line - 2 :]
        body.append((first, 2, False))
        body += [(rest[i : i + per_line], 0, False) for i in range(0, len(rest), per_line)]
    return [body[i : i + per_page] for i in range(0, len(body), per_page)]


def ofd_bytes(
    pages: list[list[tuple[str, float, bool]]], extra: dict[str, bytes] | None = None
) -> bytes:
    """An OFD (GB/T 33190) package: OFD.xml -> Doc_0/Document.xml -> Doc_0/Pages/Page_N/Content.xml,
    one TextObject per line."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    page_refs = "".join(
        f'<ofd:Page ID="{i + 100}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
        for i in range(len(pages))
    )
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}>'
        "<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>"
        "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
    }
    for i, lines in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = _ofd_page(lines, i + 1, len(pages))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / reference length, whitespace ignored. The texts are
    aligned on their common runs first (difflib) and only the pieces between them are compared
    character by character: an upper bound of the edit distance, exact when the differences are
    apart, and linear rather than quadratic in practice (a whole speech in well under a second)."""
    from difflib import SequenceMatcher

    a = "".join(reference.split())
    b = "".join(hypothesis.split())
    if not a:
        return 0.0 if not b else 1.0
    distance = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            distance += _levenshtein(a[i1:i2], b[j1:j2])
    return distance / len(a)
