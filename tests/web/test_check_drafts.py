"""The 查重 report's DOCX download names the draft kept on the server (jianghua.web.drafts):
a draft of 150,000 characters downloads; sent back whole in a form field, as before, it did not."""

import io
import re
import time

import pytest
from docx import Document
from web_seeds import speech_at

from jianghua.library.store import Library
from jianghua.web.drafts import DraftGone, DraftStore

FILLER = "我们要坚持以人民为中心的发展思想，扎实推进各项工作落地见效。"


def long_draft(seeds_folder, chars: int) -> str:
    sid = speech_at(seeds_folder, "000_", 88)
    with Library(seeds_folder, create=False) as lib:
        copied = lib.speech(sid)["text"].split("\n")[1]  # a paragraph of the library
    parts = [copied]
    while sum(map(len, parts)) < chars:
        parts.append(FILLER)
    return "\n".join(parts)[:chars]


def test_a_150k_draft_downloads_by_id(client, seeds_folder):
    draft = long_draft(seeds_folder, 150_000)
    page = client.post("/check", files={"text": (None, draft)}, headers={"accept": "text/html"})
    assert page.status_code == 200
    form = re.search(r'<form class="downloads".*?</form>', page.text, re.S).group()
    assert draft[:50] not in form  # the form carries an id, not the draft
    (draft_id,) = re.findall(r'name="draft" value="([0-9a-f]{32})"', form)
    got = client.post("/check/report.docx", data={"draft": draft_id})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    text = "\n".join(p.text for p in Document(io.BytesIO(got.content)).paragraphs)
    assert draft[:2000] in text and draft[-200:] in text
    # what the old form sent: the whole draft URL-encoded, over the form parser's 1 MB field limit
    old = client.post("/check/report.docx", data={"text": draft})
    assert old.status_code == 400


def test_an_unknown_or_malformed_id_is_a_404_in_chinese(client):
    for bad in ["0" * 32, "../../etc/passwd", ""]:
        r = client.post("/check/report.docx", data={"draft": bad, "text": ""})
        assert r.status_code in (400, 404), bad
        assert "请" in r.json()["error"]
    r = client.post("/check/report.docx", data={"draft": "0" * 32})
    assert r.status_code == 404 and "请重新提交查重" in r.json()["error"]


def test_the_store_is_bounded_in_number_and_time(tmp_path):
    store = DraftStore(tmp_path / "drafts", max_drafts=3, keep_seconds=3600)
    ids = [store.put(f"稿件{i}", 13) for i in range(5)]
    assert len(store.ids()) == 3
    assert store.get(ids[-1]) == ("稿件4", 13)
    gone = [i for i in ids if i not in store.ids()]
    assert len(gone) == 2
    with pytest.raises(DraftGone):
        store.get(gone[0])
    store.keep_seconds = 0.01
    time.sleep(0.05)
    with pytest.raises(DraftGone):
        store.get(ids[-1])
    store.put("新稿", 13)
    assert len(store.ids()) == 1  # the expired ones were removed
    assert (tmp_path / "drafts").stat().st_mode & 0o077 == 0
    store.close()
    assert not (tmp_path / "drafts").exists()
