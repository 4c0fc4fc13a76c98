"""The 查重 web page: paste or upload a draft, get the same report as `jianghua check`."""

import io

import pytest
from check.seed_helpers import SEED_000, holders, seed_line
from docx import Document
from docx.oxml.ns import qn
from fastapi.testclient import TestClient

from jianghua.check import check_text
from jianghua.web.app import create_app

LINE_89 = seed_line(SEED_000, 89)  # 刚才x副主任传达了…讲几点意见。


@pytest.fixture(scope="module")
def client(seed_library):
    return TestClient(create_app(seed_library.folder))


def test_form_is_served(client):
    page = client.get("/check", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="file"' in page.text


def test_pasted_draft_gives_the_cli_report(client, seed_library):
    draft = "<b>新写</b>的一句话。\n" + LINE_89
    api = client.post("/api/check", data={"text": draft})
    assert api.status_code == 200
    assert api.json() == check_text(seed_library, draft).to_json()
    page = client.post("/check", data={"text": draft}, headers={"accept": "text/html"})
    assert page.status_code == 200
    (sid,) = holders(seed_library, LINE_89)
    (span,) = [s for s in check_text(seed_library, draft).spans if s.kind == "copied"]
    link = f'<a class="span copied" href="/speech/{sid}#p-{span.source_paragraph}"'
    assert link in page.text
    # the passage beside its source, with the summary figures and the legend
    assert "片段对照" in page.text and "去除引用文献复制比" in page.text
    assert 'class="legend"' in page.text
    assert "&lt;b&gt;新写&lt;/b&gt;" in page.text and "<b>新写" not in page.text
    assert "<script>" not in page.text.split("<main>")[1]


def test_uploaded_docx_gives_the_same_report(client):
    document = Document()
    document.add_paragraph("新写的一句话。")
    document.add_paragraph(LINE_89)
    buf = io.BytesIO()
    document.save(buf)
    files = {"file": ("草稿.docx", buf.getvalue(), "application/octet-stream")}
    api = client.post("/api/check", files=files)
    pasted = client.post("/api/check", data={"text": "新写的一句话。\n" + LINE_89})
    assert api.status_code == 200 and api.json() == pasted.json()


def test_docx_report_download(client):
    got = client.post("/check/report.docx", data={"text": LINE_89})
    assert got.status_code == 200
    paras = Document(io.BytesIO(got.content)).paragraphs
    body = paras[[p.text for p in paras].index("原文") + 1 :]
    shaded = [
        r
        for p in body
        for r in p.runs
        if r._element.find(qn("w:rPr") + "/" + qn("w:shd")) is not None
    ]
    assert "".join(r.text for r in shaded) == LINE_89[:-1]


def test_bad_input_is_a_clear_error(client):
    empty = client.post("/api/check", data={"text": "  "})
    assert empty.status_code == 400 and "请粘贴讲话稿" in empty.json()["error"]
    pdf = client.post("/api/check", files={"file": ("a.pdf", b"%PDF", "application/pdf")})
    assert pdf.status_code == 415 and "a.pdf" in pdf.json()["error"]
    broken = client.post("/api/check", files={"file": ("b.docx", b"PK nope", "application/zip")})
    assert broken.status_code == 422 and "b.docx" in broken.json()["error"]
    low = client.post("/api/check", data={"text": LINE_89, "min_chars": "2"})
    assert low.status_code == 400 and "不能小于 8" in low.json()["error"]


def test_excluded_sources_from_the_form(client, seed_library):
    (sid,) = holders(seed_library, LINE_89)
    full = client.post("/api/check", data={"text": LINE_89}).json()
    own = client.post("/api/check", data={"text": LINE_89, "exclude": f" {sid}，x.txt"}).json()
    assert full["share_excluding_own"] == full["total_share"] == 1.0
    assert own["share_excluding_own"] == 0.0 and own["total_share"] == 1.0
    assert own["excluded"] == [sid] and own["parameters"]["exclude"] == [sid, "x.txt"]
