"""The compose web flow: occasion → outline → passages → draft → download, like a browser does it."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

import pytest
from compose_helpers import SAMPLES
from docx import Document
from docx.oxml.ns import qn
from fastapi.testclient import TestClient
from lxml import html

from jianghua.web.app import create_app

SPEC = {
    "occasion": "全市档案工作会议",
    "speaker_role": "市委副书记",
    "year": "2025",
    "place": "十堰市",
    "target_chars": "3000",
}


@pytest.fixture(scope="module")
def client(seed_library):
    return TestClient(create_app(seed_library.folder))


def post_form(client, url: str, values: list[tuple[str, str]], **kw):
    """POST repeated fields urlencoded, as a browser does (httpx's data= wants a dict)."""
    headers = {"content-type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
    return client.post(url, content=urlencode(values), headers=headers, **kw)


def form_values(page: str, xpath: str) -> list[tuple[str, str]]:
    """What a browser would submit from the form: inputs, checked boxes/radios, selects, textareas."""
    form = html.fromstring(page).xpath(xpath)[0]
    values = []
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name:
            continue
        if el.tag == "select":
            chosen = [o.get("value") for o in el.iter("option") if o.get("selected") is not None]
            values.append((name, chosen[0] if chosen else el.find("option").get("value")))
        elif el.tag == "textarea":
            values.append((name, el.text or ""))
        elif el.get("type") in ("checkbox", "radio"):
            if el.get("checked") is not None:
                values.append((name, el.get("value") or ""))
        else:
            values.append((name, el.get("value") or ""))
    return values


def test_start_page_has_the_occasion_form(client):
    page = client.get("/compose").text
    assert 'action="/compose/outline"' in page and 'name="occasion"' in page
    assert "<script>" not in page  # the CSP forbids inline script


def test_outline_page_lists_proposals_with_counts(client):
    r = client.get("/compose/outline", params=SPEC)
    assert r.status_code == 200
    doc = html.fromstring(r.text)
    proposals = doc.xpath("//ol[@class='proposals']/li")
    assert proposals
    assert all("篇讲话" in li.text_content() for li in proposals)
    assert "认清形势" in r.text  # seed 000 line 451's heading is among the suggestions


def test_missing_occasion_is_a_400(client):
    r = client.get("/compose/outline", params={"year": "2025"}, headers={"accept": "text/html"})
    assert r.status_code == 400 and "请填写会议名称" in r.text


def test_whole_flow_to_a_docx(client):
    page = client.get("/compose/passages", params={**SPEC, "proposal": "1"}).text
    values = form_values(page, "//form[@class='passages']")
    picks = [v for k, v in values if k.startswith("pick_")]
    assert picks and all(":" in v for v in picks)
    # The writer drops nothing, renames the first section and adds one.
    values = [(k, "一、深化认识，增强责任感" if k == "heading_0" else v) for k, v in values]
    values.append(("extra_heading", "四、其他工作"))
    draft_page = post_form(client, "/compose/draft", values)
    assert draft_page.status_code == 200, draft_page.text[:500]
    doc = html.fromstring(draft_page.text)
    headings = [
        p.text_content()
        for p in doc.xpath("//article[@class='draft']//p[contains(@class, 'level-1')]")
    ]
    assert headings[0] == "一、深化认识，增强责任感" and headings[-1].endswith("其他工作")
    assert doc.xpath("//article[@class='draft']//sup[@class='cite']") and doc.xpath(
        "//ol[@class='sources']/li"
    )
    assert doc.xpath("//ul[@class='adaptations']/li")  # adaptations are shown
    # what the writer must check is marked apart from what the writer fills in
    checks = doc.xpath("//article[@class='draft']//span[@class='check']")
    assert checks and all(c.text_content().startswith("【请核对：") for c in checks)
    assert "请核对" in doc.xpath("string(//p[@class='meta'])")
    download = form_values(draft_page.text, "//form[@class='downloads']")
    r = post_form(client, "/compose/download", download + [("format", "docx")])
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="draft.docx"'
    docx = Document(io.BytesIO(r.content))
    texts = [p.text for p in docx.paragraphs]
    assert texts[0] == "市委副书记在全市档案工作会议上的讲话"
    assert "一、深化认识，增强责任感" in texts
    assert len(texts[texts.index("附：引文来源") + 1 :]) == len(
        doc.xpath("//ol[@class='sources']/li")
    )
    rfonts = docx.paragraphs[0].runs[0]._element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    clean = post_form(client, "/compose/download", download + [("format", "print")])
    assert clean.headers["content-disposition"] == 'attachment; filename="draft.print.docx"'
    clean_texts = [p.text for p in Document(io.BytesIO(clean.content)).paragraphs]
    assert "一、深化认识，增强责任感" in clean_texts and "附：引文来源" not in clean_texts
    assert not any(re.search(r"\[\d+(,\d+)*\]$", t) for t in clean_texts)
    sheet = post_form(client, "/compose/download", download + [("format", "sources")])
    sheet_texts = [p.text for p in Document(io.BytesIO(sheet.content)).paragraphs]
    assert "附：引文来源" in sheet_texts
    md = post_form(client, "/compose/download", download + [("format", "md")])
    assert md.text.startswith("# 市委副书记在全市档案工作会议上的讲话")


def test_forged_passage_key_is_a_400(client):
    data = list(SPEC.items()) + [("role_0", "tasks"), ("heading_0", "x"), ("pick_0", "zzz")]
    r = post_form(client, "/compose/draft", data, headers={"accept": "text/html"})
    assert r.status_code == 400 and "not a passage key" in r.text
    r = post_form(client, "/compose/draft", list(SPEC.items()) + [("role_0", "<script>")])
    assert r.status_code == 400


HOSTILE = [
    "第一篇：关于<script>alert(1)</script>组织工作的讲话",
    "同志们：",
    "今天召开全市组织工作会议，<img src=x onerror=alert(2)>部署基层党组织建设工作，要把各项任务落到实处。",
    "一、提高认识<script>document.title='x'</script>，切实增强组织工作责任感",
    "各级党组织要把抓好党建作为最大的政绩，坚持以上率下，层层压实责任，推动全面从严治党向纵深发展。",
    "二、突出重点，扎实推进组织工作",
    "要以提升组织力为重点，突出政治功能，把基层党组织建设成为坚强战斗堡垒。",
]


def test_scraped_markup_is_escaped_on_every_compose_page(tmp_path_factory):
    from jianghua.library.store import Library
    from jianghua.pipeline import ingest

    src = tmp_path_factory.mktemp("hostile-src") / "hostile.txt"
    src.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("hostile-lib")
    with Library(folder) as lib:
        assert not ingest([src], lib).failed
    client = TestClient(create_app(folder))
    spec = {"occasion": "全市组织工作会议", "year": "2025"}
    pages = [client.get("/compose/outline", params=spec).text]
    passages = client.get("/compose/passages", params={**spec, "proposal": "1"}).text
    pages.append(passages)
    values = form_values(passages, "//form[@class='passages']")
    assert any(k.startswith("pick_") for k, _ in values)
    pages.append(post_form(client, "/compose/draft", values).text)
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "<script>document" not in page
    assert "&lt;img src=x" in pages[-1] or "&lt;script&gt;" in pages[-1]


def test_pages_see_speeches_ingested_after_the_server_started(tmp_path_factory):
    from jianghua.library.store import Library
    from jianghua.pipeline import ingest

    folder = tmp_path_factory.mktemp("growing-lib")
    first = tmp_path_factory.mktemp("src") / "a.txt"
    first.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    with Library(folder) as lib:
        ingest([first], lib)
    client = TestClient(create_app(folder))
    spec = {"occasion": "全市档案工作会议"}
    assert 'ol class="proposals"' not in client.get("/compose/outline", params=spec).text
    with Library(folder) as lib:
        ingest([next(p for p in SAMPLES.iterdir() if p.name.startswith("000"))], lib)
    assert 'ol class="proposals"' in client.get("/compose/outline", params=spec).text


def test_an_occasion_the_library_lacks_is_said_on_the_outline_page(client):
    page = client.get("/compose/outline", params={"occasion": "全县防汛抗旱工作会议"}).text
    notice = html.fromstring(page).xpath("//p[@id='lacking']")[0].text_content()
    assert "防汛抗旱" in notice and "先例" in notice and "不借用其他会议的文字" in notice
    assert 'ol class="proposals"' not in page
