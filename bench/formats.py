"""PDF, OFD, .doc and OCR against the plain-text version of the same speech, in one run:

    .venv/bin/python bench/formats.py [--ocr-pages 2]

1. PDF text: pypdfium2 (what jianghua uses) against pdfplumber (the strongest simple alternative),
   on an 8-page speech written by tests/made_formats.py: seconds, and the character error rate
   (CER) of each one's page text (headers and page numbers removed the same way) against the
   speech's lines.
2. Each format through the whole ingest pipeline: the speech's CER against the .txt version's.
3. OCR on clean renders (144 dpi) of pages of seed speeches (samples/004 and samples/002):
   rapidocr-onnxruntime as jianghua runs it (line classifier off) against its defaults (on):
   CER of the speech against the .txt version, and seconds a page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from made_formats import (  # noqa: E402
    HEADER,
    cer,
    ofd_bytes,
    ofd_pages,
    render_png,
    seed_speech,
    speech_txt,
    write_pdf,
)

from jianghua.pipeline import process_page  # noqa: E402
from jianghua.sources import ocr, read_page  # noqa: E402

TITLE = "在全区工会创新和亮点工作观摩会上的讲话"


def _speech(path: Path) -> str:
    _, speeches = process_page(read_page(path))
    return "\n".join(s.text for s in speeches)


def _furniture(line: str) -> bool:
    return line.strip() == HEADER or line.strip().startswith("—")


def pdf_text(folder: Path, paragraphs: list[str]) -> None:
    import pdfplumber
    import pypdfium2

    pdf = write_pdf(folder / "speech.pdf", TITLE, paragraphs)
    reference = "".join([TITLE, "同志们：", *paragraphs])
    start = time.perf_counter()
    doc = pypdfium2.PdfDocument(str(pdf))
    lines = []
    for page in doc:
        lines += page.get_textpage().get_text_range().splitlines()
    pdfium_s = time.perf_counter() - start
    pdfium_cer = cer(reference, "".join(x for x in lines if not _furniture(x)))
    start = time.perf_counter()
    with pdfplumber.open(str(pdf)) as plumb:
        lines = [x["text"] for page in plumb.pages for x in page.extract_text_lines()]
    plumber_s = time.perf_counter() - start
    plumber_cer = cer(reference, "".join(x for x in lines if not _furniture(x)))
    start = time.perf_counter()
    read_page(pdf)
    reader_s = time.perf_counter() - start
    print(f"PDF text, {len(doc)} pages, {len(reference)} characters")
    print(f"  pypdfium2   {pdfium_s:6.3f} s  CER {pdfium_cer:.4%}")
    print(f"  pdfplumber  {plumber_s:6.3f} s  CER {plumber_cer:.4%}  (baseline)")
    print(f"  ratio pdfplumber/pypdfium2 time: {plumber_s / max(pdfium_s, 1e-9):.1f}x")
    print(f"  jianghua's PDF reader (boxes, layout, noise): {reader_s:.3f} s")


def formats(folder: Path, paragraphs: list[str]) -> None:
    (folder / "speech.txt").write_text(speech_txt(TITLE, paragraphs), encoding="utf-8")
    (folder / "speech.ofd").write_bytes(ofd_bytes(ofd_pages(TITLE, paragraphs)))
    reference = _speech(folder / "speech.txt")
    print(f"Whole pipeline, speech CER against the .txt version ({len(reference)} characters)")
    for name in ("speech.pdf", "speech.ofd"):
        print(f"  {name:12} CER {cer(reference, _speech(folder / name)):.4%}")
    doc = ROOT / "tests" / "sources" / "files"
    print(
        f"  speech.doc   CER {cer(_speech(doc / 'speech.txt'), _speech(doc / 'speech.doc')):.4%}"
        " (fixture, 6 paragraphs)"
    )


def ocr_seeds(folder: Path, pages: int) -> None:
    from rapidocr_onnxruntime import RapidOCR

    speeches = [("004", seed_speech("004", count=3)), ("002", seed_speech("002", count=3))]
    print(f"OCR of clean 144 dpi renders, {pages} page(s) of each seed speech")
    default = RapidOCR(print_verbose=False)
    for seed, paragraphs in speeches:
        paragraphs = [p[:300] for p in paragraphs]
        stem = folder / f"seed{seed}"
        stem.mkdir()
        (stem / "s.txt").write_text(speech_txt(TITLE, paragraphs), encoding="utf-8")
        pdf = write_pdf(stem / "s.pdf", TITLE, paragraphs)
        pngs = render_png(pdf, stem)[:pages]
        reference = "".join(
            line for p in pngs for line in _page_text(pdf, int(p.stem.rsplit("_", 1)[1]))
        )
        start = time.perf_counter()
        ours = "".join(_speech_lines(p) for p in pngs)
        ours_s = (time.perf_counter() - start) / len(pngs)
        start = time.perf_counter()
        theirs = ""
        for p in pngs:
            result, _ = default(str(p))
            theirs += "".join(r[1] for r in result or [] if not _furniture(r[1]))
        theirs_s = (time.perf_counter() - start) / len(pngs)
        print(f"  seed {seed}: {len(reference)} characters")
        print(
            f"    jianghua (classifier off)  CER {cer(reference, ours):.4%}  {ours_s:5.1f} s/page"
        )
        print(
            f"    rapidocr defaults          CER {cer(reference, theirs):.4%}  {theirs_s:5.1f} s/page"
            "  (baseline)"
        )


def _page_text(pdf: Path, number: int) -> list[str]:
    import pypdfium2

    text = pypdfium2.PdfDocument(str(pdf))[number - 1].get_textpage().get_text_range()
    return [_fold(x) for x in text.splitlines() if not _furniture(x)]


def _fold(text: str) -> str:
    """Half-width punctuation as the OCR reads it (full width): not an error of recognition."""
    return text.translate(str.maketrans(",:;()!?", "，：；（）！？"))


def _speech_lines(png: Path) -> str:
    page = read_page(png)
    return "".join(_fold(x.text) for x in page.lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ocr-pages", type=int, default=1, help="pages of each seed to OCR")
    args = parser.parse_args()
    paragraphs = seed_speech()
    ocr.progress = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf_text(folder, paragraphs)
        formats(folder, paragraphs)
        if args.ocr_pages > 0:
            ocr_seeds(folder, args.ocr_pages)


if __name__ == "__main__":
    main()
