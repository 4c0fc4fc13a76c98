"""PDF, OFD, .doc/.wps and images give the same speech as the plain-text version of the same
speech; page furniture goes as noise with its reason; lines keep their page and position; hostile
files get a clear error and leave the library unchanged.

The files are written by the tests (tests/made_formats.py), except the .doc (a fixture, see
tests/sources/files/PROVENANCE.md). CER is measured on the speech text after the whole pipeline.
"""

import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from made_formats import (
    HEADER,
    cer,
    ofd_bytes,
    ofd_pages,
    render_png,
    seed_speech,
    speech_txt,
    write_blank_pdf,
    write_pdf,
)

from jianghua.errors import SourceError
from jianghua.library.store import Library
from jianghua.pipeline import ingest, process_page
from jianghua.sources import layout, ocr, read_page
from jianghua.sources.layout import PageLines, TextLine, assemble, low_confidence

TITLE = "在全区工会创新和亮点工作观摩会上的讲话"
FILES = Path(__file__).parent / "files"
needs_font = pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists(),
    reason="fonts-wqy-microhei (make converters) writes the test PDFs",
)


def speeches(path):
    page, found = process_page(read_page(path))
    return page, found


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    paragraphs = seed_speech()
    (folder / "speech.txt").write_text(speech_txt(TITLE, paragraphs), encoding="utf-8")
    if Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists():
        write_pdf(folder / "speech.pdf", TITLE, paragraphs)
        write_pdf(folder / "of.pdf", TITLE, paragraphs, footer="of")
    (folder / "speech.ofd").write_bytes(ofd_bytes(ofd_pages(TITLE, paragraphs)))
    return folder


def reference(folder, name="speech.txt"):
    _, found = speeches(folder / name)
    assert len(found) == 1
    return found[0]


@needs_font
@pytest.mark.parametrize("name", ["speech.pdf", "of.pdf", "speech.ofd"])
def test_laid_out_formats_give_the_txt_speech(made, name):
    ref = reference(made)
    page, found = speeches(made / name)
    assert len(found) == 1
    assert found[0].title == ref.title == TITLE
    rate = cer(ref.text, found[0].text)
    print(f"{name}: CER {rate:.4%} over {len(ref.text)} characters")
    assert rate <= 0.005
    reasons = {e.reason for e in page.edits if e.kind == "noise"}
    assert {"page number", "running header"} <= reasons
    removed = [e.before for e in page.edits if e.kind == "noise"]
    assert HEADER in removed and not any(HEADER in s.text for s in found)
    numbers = re.compile(r"[—\s\d]+|第\d+页 共\d+页")
    assert not any(numbers.fullmatch(p.text) for s in found for p in s.paragraphs)
    assert any(numbers.fullmatch(text) for text in removed)


@needs_font
def test_pdf_lines_keep_their_page_and_box(made):
    page = read_page(made / "speech.pdf")
    where = page.meta["layout"]["where"]
    assert page.meta["layout"]["pages"] >= 3
    assert len(where) == len(page.original)
    for line in page.lines:
        pieces = where[line.source_line - 1]
        # each piece's columns slice the entry's text; boxes lie on the page
        for k, (pg, on_page, col, x0, y0, x1, y1, conf) in enumerate(pieces):
            end = (
                pieces[k + 1][2]
                if k + 1 < len(pieces)
                else len(page.original[line.source_line - 1])
            )
            assert page.original[line.source_line - 1][col:end].strip()
            assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850 and conf is None
            assert pg >= 1 and on_page >= 1
    joins = [e for e in page.edits if e.reason == "line broken at the page edge"]
    assert joins
    for join in joins:  # a paragraph that goes on over the page edge holds pieces of two pages
        pages = sorted({p[0] for p in where[join.line - 1]})
        assert len(pages) >= 2 and pages == list(range(pages[0], pages[-1] + 1))
        assert join.after == page.original[join.line - 1]
    assert layout.source_page(page, page.lines[0].source_line) == 1
    assert layout.source_page(page, page.lines[-1].source_line) == page.meta["layout"]["pages"]


def test_doc_and_wps_give_the_txt_speech():
    if not shutil.which("antiword") and not shutil.which("catdoc"):
        pytest.skip("antiword or catdoc (make converters) reads .doc")
    ref = reference(FILES)
    for name in ("speech.doc", "speech.wps"):
        page, found = speeches(FILES / name)
        rate = cer(ref.text, found[0].text)
        print(f"{name}: CER {rate:.4%} via {page.meta['converter']}")
        assert len(found) == 1 and found[0].title == TITLE and rate <= 0.005


def test_doc_without_a_converter_names_what_is_missing(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SourceError) as e:
        read_page(FILES / "speech.doc")
    assert "antiword" in e.value.reason and "make converters" in e.value.reason
    assert str(FILES / "speech.doc") in str(e.value)


def test_a_doc_that_is_html_or_text_is_read_as_what_it_is(tmp_path):
    html = tmp_path / "page.doc"
    html.write_text(f"<html><body><p>{TITLE}</p><p>同志们：</p></body></html>", encoding="utf-8")
    assert [line.text for line in read_page(html).lines][:1] == [TITLE]
    junk = tmp_path / "junk.doc"
    junk.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(SourceError, match="not a .doc file"):
        read_page(junk)


def _ocr_pdf(folder):
    """A two-page speech, few lines a page (OCR takes seconds a line on a busy machine)."""
    paragraphs = [p[:110] for p in seed_speech(count=2)]
    return write_pdf(folder / "short.pdf", TITLE, paragraphs, lines_per_page=6)


@needs_font
def test_ocr_of_a_rendered_page_gives_the_txt_speech(tmp_path):
    pdf = _ocr_pdf(tmp_path)
    (tmp_path / "short.txt").write_text(
        speech_txt(TITLE, [p[:110] for p in seed_speech(count=2)]), encoding="utf-8"
    )
    ref = reference(tmp_path, "short.txt")
    pngs = render_png(pdf, tmp_path)
    assert len(pngs) == 2
    tiff = tmp_path / "scan.tif"  # a multi-page TIFF: one page per frame
    from PIL import Image

    frames = [Image.open(p) for p in pngs]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    seen = []
    ocr.progress = lambda name, done, total: seen.append((name, done, total))
    try:
        page, found = speeches(tiff)
    finally:
        ocr.progress = None
    assert seen == [("scan.tif", 1, 2), ("scan.tif", 2, 2)]
    rate = cer(ref.text, found[0].text)
    print(f"OCR of a 144 dpi render: CER {rate:.4%} over {len(ref.text)} characters")
    assert len(found) == 1 and rate <= 0.02
    assert page.format == "image-ocr"
    for line in page.lines:
        for pg, _, _, x0, y0, x1, y1, conf in page.meta["layout"]["where"][line.source_line - 1]:
            assert pg in (1, 2) and 0 <= x0 < x1 and 0 <= y0 < y1 and 0.5 <= conf <= 1


@needs_font
def test_a_page_with_a_text_layer_is_never_ocred(tmp_path, monkeypatch):
    """Page 1 has a text layer, page 2 is a scan: only page 2 goes to OCR, and its text comes."""
    pdf = _ocr_pdf(tmp_path)
    png = render_png(pdf, tmp_path)[1]
    scan = tmp_path / "scan.pdf"
    from PIL import Image

    Image.open(png).convert("RGB").save(scan, resolution=144)
    import pypdfium2

    mixed = pypdfium2.PdfDocument(str(pdf))
    mixed.import_pages(pypdfium2.PdfDocument(str(scan)))
    mixed.del_page(1)  # text page 1, then the scan of page 2
    mixed.save(str(tmp_path / "mixed.pdf"))
    calls = []
    real = ocr.recognise
    monkeypatch.setattr(
        ocr, "recognise", lambda image, path: calls.append(image.size) or real(image, path)
    )
    page = read_page(tmp_path / "mixed.pdf")
    assert len(calls) == 1 and page.format == "pdf-ocr"
    where = page.meta["layout"]["where"]
    confs = {p[0]: p[7] for entry in where for p in entry}
    assert confs[1] is None and confs[2] is not None  # page 1 from its text layer, page 2 by OCR
    text = "".join(page.original)
    assert TITLE in text and seed_speech(count=2)[1][:20].replace(",", "，") in text.replace(
        ",", "，"
    )


def test_low_confidence_characters_are_flagged_where_they_are():
    """A line whose third and fourth characters were read with low confidence: the speech's
    flag slices exactly those characters."""
    text = "同志们：今年以来全县经济社会发展取得新成效，各项工作稳步推进。"
    confs = [0.99] * len(text)
    confs[6] = confs[7] = 0.4
    lines = [
        TextLine(TITLE, 100, 50, 400, 70, conf=0.99, char_conf=[0.99] * len(TITLE)),
        TextLine(text, 40, 100, 500, 120, conf=0.9, char_conf=confs),
    ]
    page = assemble([PageLines(lines, 1, ocr=True)], "p.png", "p.png", "x", "image-ocr", "ocr")
    assert page.meta["layout"]["low"] == [[2, 6, 8]]
    _, found = process_page(page)
    flags = [f for f in found[0].structure["flags"] if f["kind"] == "ocr_low_confidence"]
    assert "ocr_low_confidence" in found[0].flags and len(flags) == 1
    assert found[0].text[flags[0]["start"] : flags[0]["end"]] == text[6:8]
    assert low_confidence(page, found)[0] == flags


def test_encrypted_pdf(tmp_path):
    if not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists():
        pytest.skip("needs the CJK font")
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = write_pdf(tmp_path / "locked.pdf", TITLE, seed_speech(count=1), encrypt="secret")
    with pytest.raises(SourceError, match="encrypted PDF: it needs a password"):
        read_page(locked)
    # an owner password only (printing/copying restricted): opens and reads like any PDF
    owner = StandardEncryption("", ownerPassword="owner", canCopy=0)
    opened = write_pdf(tmp_path / "owner.pdf", TITLE, seed_speech(count=1), encrypt=owner)
    assert TITLE in [line.text for line in read_page(opened).lines]


def test_hostile_files_get_clear_errors(tmp_path):
    blank = write_blank_pdf(tmp_path / "blank.pdf", 10_000)
    with pytest.raises(SourceError, match=r"no text in the PDF \(10000 pages"):
        read_page(blank)
    corrupt = tmp_path / "photo.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(SourceError, match="not a readable image"):
        read_page(corrupt)
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    with pytest.raises(SourceError, match="not a valid PDF"):
        read_page(truncated)
    bomb = tmp_path / "bomb.ofd"
    bomb.write_bytes(
        ofd_bytes([[("正文", 0, False)]], extra={"Doc_0/Res/pad.xml": b"0" * 50_000_000})
    )
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(SourceError, match="likely a zip bomb"):
        read_page(bomb)
    broken = tmp_path / "broken.ofd"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><")
    with pytest.raises(SourceError, match="corrupt XML in OFD.xml"):
        read_page(broken)


def dump(folder):
    db = sqlite3.connect(folder / "jianghua.sqlite")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}"))) for t in tables}
    db.close()
    return out


def test_hostile_files_leave_the_library_unchanged(tmp_path):
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        ingest([FILES / "speech.txt"], lib)
    before = dump(folder)
    bad = tmp_path / "bad"
    bad.mkdir()
    write_blank_pdf(bad / "blank.pdf", 10_000)
    (bad / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    (bad / "bomb.ofd").write_bytes(
        ofd_bytes([[("正文", 0, False)]], extra={"Doc_0/Res/pad.xml": b"0" * 50_000_000})
    )
    (bad / "locked.pdf").write_bytes(b"%PDF-1.4\n%broken")
    (bad / "page_files").mkdir()  # a saved web page's pictures: not scans, not read
    (bad / "page_files" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with Library(folder) as lib:
        report = ingest([bad], lib)
    errors = {Path(f.path).name: f.error for f in report.files}
    assert set(errors) == {"blank.pdf", "photo.jpg", "bomb.ofd", "locked.pdf"}
    assert "no text in the PDF (10000 pages" in errors["blank.pdf"]
    assert "not a readable image" in errors["photo.jpg"]
    assert "likely a zip bomb" in errors["bomb.ofd"]
    assert "not a valid PDF" in errors["locked.pdf"]
    assert dump(folder) == before


def test_icons_are_not_pages(tmp_path):
    from PIL import Image

    icon = tmp_path / "icon.png"
    Image.new("RGB", (64, 64), "white").save(icon)
    with pytest.raises(SourceError, match="image too small to hold a page of text"):
        read_page(icon)
