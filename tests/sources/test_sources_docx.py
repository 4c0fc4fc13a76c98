""".docx files: paragraphs and table cells in order, and refusal of broken or hostile archives."""

import os
import random
import struct
import zipfile

import docx
import pytest

from jianghua.errors import BudgetExceeded, SourceError
from jianghua.records import Line
from jianghua.sources import Budget, read_page

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(path):
    document = docx.Document()
    document.add_paragraph("在全市工作会议上的讲话")
    document.add_paragraph("")
    document.add_paragraph("同志们：")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["姓名", "职务"], ["张三", "市长"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    paragraph = document.add_paragraph("第一行")
    paragraph.add_run().add_break()  # a soft line break (Shift+Enter)
    paragraph.add_run("第二行")
    document.add_paragraph("谢谢大家。")
    document.save(path)


def zip_with(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def body_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" '
        f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def reason(path) -> str:
    with pytest.raises(SourceError) as info:
        read_page(path)
    assert info.value.path == str(path)
    return info.value.reason


def test_real_docx_paragraphs_and_table(tmp_path):
    path = tmp_path / "speech.docx"
    make_docx(path)
    page = read_page(path)
    assert page.lines == (
        Line("在全市工作会议上的讲话", 1),
        Line("", 2),
        Line("同志们：", 3),
        Line("姓名", 4),
        Line("职务", 5),
        Line("张三", 6),
        Line("市长", 7),
        Line("第一行", 8, 0, 3),  # a paragraph with a soft break: two Lines, one paragraph number,
        # each with its columns in the paragraph
        Line("第二行", 8, 4),
        Line("谢谢大家。", 9),
    )
    assert page.original == (
        "在全市工作会议上的讲话",
        "",
        "同志们：",
        "姓名",
        "职务",
        "张三",
        "市长",
        "第一行\n第二行",
        "谢谢大家。",
    )
    assert (page.format, page.encoding, page.name, page.meta) == ("docx", "docx", "speech.docx", {})


def test_text_boxes_once_and_no_deleted_text_or_field_codes(tmp_path):
    body = (
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:tab/><w:t xml:space='preserve'>下文 </w:t></w:r>"
        "<w:del><w:r><w:delText>删除的</w:delText></w:r></w:del>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
        "<w:p><w:r><mc:AlternateContent>"
        "<mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
        "</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>锚点段</w:t></w:r></w:p>"
    )
    path = zip_with(tmp_path / "box.docx", {"word/document.xml": body_xml(body)})
    page = read_page(path)
    assert page.lines == (Line("正文\t下文 ", 1), Line("文本框", 2), Line("锚点段", 3))


def test_main_part_found_through_package_relationships(tmp_path):
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="/word/main.xml" Type="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    xml = body_xml("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")
    path = zip_with(tmp_path / "rel.docx", {"_rels/.rels": rels, "word/main.xml": xml})
    assert read_page(path).lines == (Line("正文", 1),)


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "random.docx"
    path.write_bytes(os.urandom(4096))
    assert reason(path) == "not a valid .docx (not a zip archive)"


def test_zip_without_document_xml(tmp_path):
    path = zip_with(tmp_path / "nodoc.docx", {"word/styles.xml": b"<styles/>"})
    assert reason(path) == "not a valid .docx (no word/document.xml in the archive)"


def test_corrupt_xml(tmp_path):
    xml = body_xml("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")[:-20]
    path = zip_with(tmp_path / "corrupt.docx", {"word/document.xml": xml})
    assert reason(path).startswith("not a valid .docx (corrupt XML in word/document.xml:")


def test_entities_are_not_expanded(tmp_path):
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "EXPANDED">'
        b'<!ENTITY f SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="' + W.encode() + b'"><w:body>'
        b"<w:p><w:r><w:t>a&x;&f;b</w:t></w:r></w:p></w:body></w:document>"
    )
    page = read_page(zip_with(tmp_path / "xxe.docx", {"word/document.xml": xml}))
    assert page.lines == (Line("ab", 1),)


def test_document_without_text(tmp_path):
    path = zip_with(tmp_path / "blank.docx", {"word/document.xml": body_xml("<w:p/><w:p/>")})
    assert reason(path) == "empty document (no text in word/document.xml)"


def zeros_docx(path, megabytes: int):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return path


def test_zip_bomb_over_size_limit(tmp_path):
    path = zeros_docx(tmp_path / "bomb.docx", 300)  # 300 MB of zeros, ~1 MB on disk
    assert path.stat().st_size < 2_000_000
    assert reason(path) == (
        "refused .docx: word/document.xml would unpack to 314572800 bytes (limit 200000000)"
    )


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = zeros_docx(tmp_path / "ratio.docx", 20)
    text = reason(path)
    assert text.startswith("refused .docx: word/document.xml is compressed ")
    assert text.endswith("likely a zip bomb (limit 200:1)")


def test_archive_lying_about_the_size_is_not_unpacked(tmp_path):
    xml = body_xml("<w:p><w:r><w:t>正文</w:t></w:r></w:p>" + " " * 5_000_000)
    data = bytearray(zip_with(tmp_path / "lie.docx", {"word/document.xml": xml}).read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # declared uncompressed size
    struct.pack_into("<I", data, 22, 1000)  # same in the local header
    path = tmp_path / "lie.docx"
    path.write_bytes(bytes(data))
    assert reason(path) == (
        "not a valid .docx (cannot unpack word/document.xml: "
        "Bad CRC-32 for file 'word/document.xml')"
    )


def long_docx(path, paragraphs: int, tail: str = ""):
    """`paragraphs` paragraphs of 1,000 varied characters (a zip that is not a bomb), then
    `tail` as it is, then the closing tags."""
    rnd = random.Random(14)
    words = "同志们今天召开全县工作会议总结过去一年部署今年任务坚持稳中求进推动高质量发展"
    body = "".join(
        f"<w:p><w:r><w:t>{''.join(rnd.choice(words) for _ in range(1000))}</w:t></w:r></w:p>"
        for _ in range(paragraphs)
    )
    return zip_with(path, {"word/document.xml": body_xml(body + tail)})


# Markup no parser accepts: a reader that stops at its budget never gets to it.
BROKEN_TAIL = "<w:p><w:r><w:t>尾</w:t></w:r></w:p><<<"


def test_a_character_budget_stops_the_reader_as_soon_as_the_text_passes_it(tmp_path):
    path = long_docx(tmp_path / "long.docx", 400, BROKEN_TAIL)  # 400,000 characters, 1.2 MB
    assert reason(path).startswith("not a valid .docx (corrupt XML in word/document.xml")
    with pytest.raises(BudgetExceeded) as info:
        read_page(path, budget=Budget(max_chars=100_000))
    assert (info.value.kind, info.value.limit, info.value.path) == ("chars", 100_000, str(path))
    assert info.value.reason == "text longer than 100000 characters (reading stopped there)"


def test_a_time_budget_stops_the_reader_while_it_reads(tmp_path):
    path = long_docx(tmp_path / "long.docx", 400, BROKEN_TAIL)
    with pytest.raises(BudgetExceeded) as info:
        read_page(path, budget=Budget(seconds=0))  # spent after the first chunk
    assert (info.value.kind, info.value.limit) == ("seconds", 0)


def test_the_character_budget_counts_the_text_as_a_draft_joins_it(tmp_path):
    body = "<w:p><w:r><w:t>甲甲甲甲甲甲甲甲甲甲</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>乙</w:t></w:r></w:p>"
    path = zip_with(tmp_path / "short.docx", {"word/document.xml": body_xml(body)})
    joined = "\n".join(read_page(path).original)
    assert len(joined) == 13
    assert read_page(path, budget=Budget(max_chars=13)).original == ("甲" * 10, "", "乙")
    with pytest.raises(BudgetExceeded):
        read_page(path, budget=Budget(max_chars=12))
