"""Adding files from the web UI (/add, /api/ingest): the CLI's summary per file, the speeches
stored and found by search, one ingest at a time, listed types and bounded size only, the upload
kept only under a generated name, a token when the server has one; a bad file changes nothing."""

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jianghua.library.lock import IngestLock
from jianghua.library.store import Library
from jianghua.web import ingest_upload
from jianghua.web.app import create_app

SPEECH = (
    "在全市安全生产工作会议上的讲话\n同志们：\n"
    "今天召开全市安全生产工作会议，主要任务是总结去年安全生产工作，部署今年的重点任务。\n"
    "一、充分肯定去年的工作成绩\n过去一年，全市上下认真落实安全生产责任制，事故总量持续下降。\n"
    "二、扎实做好今年的重点工作\n要深入开展隐患排查治理，坚决遏制重特大事故发生。\n谢谢大家！\n"
)


@pytest.fixture()
def folder(tmp_path):
    folder = tmp_path / "lib"
    Library(folder).close()
    return folder


def rows(folder):
    db = sqlite3.connect(folder / "jianghua.sqlite")
    out = {
        t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("sources", "speeches")
    }
    db.close()
    return out


def post(client, name, data):
    return client.post("/api/ingest", files={"file": (name, data, "application/octet-stream")})


def test_an_upload_is_ingested_with_the_cli_summary(folder):
    client = TestClient(create_app(folder))
    r = post(client, "安全生产.txt", SPEECH.encode())
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["file"] == "安全生产.txt" and data["status"] == "ok"
    assert data["count_speeches"] == 1 == data["count_new"] and data["count_copies"] == 0
    (speech,) = data["speeches"]
    assert speech["title"] == "在全市安全生产工作会议上的讲话" and speech["new"]
    assert client.get(f"/speech/{speech['id']}").status_code == 200
    hits = client.get("/api/search", params={"q": "隐患排查治理"}).json()
    assert speech["id"] in [h["id"] for h in hits["hits"]]
    # kept under a generated name only, for "show original"
    (kept,) = (folder / "uploads").iterdir()
    assert kept.suffix == ".txt" and "安全" not in kept.name and len(kept.stem) == 32
    with Library(folder, create=False) as lib:
        (name,) = [r[0] for r in lib.db.execute("SELECT name FROM sources")]
    assert name == "安全生产.txt"
    again = post(client, "again.txt", SPEECH.encode())
    assert again.json()["status"] == "already in library" and len(list(kept.parent.iterdir())) == 1


def test_refused_uploads_change_nothing(folder):
    client = TestClient(create_app(folder))
    before = rows(folder)
    bad = post(client, "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert bad.status_code == 422 and "scan.png" in bad.json()["error"]
    assert "not a readable image" in bad.json()["error"]
    assert post(client, "run.exe", b"MZ").status_code == 415
    big = post(client, "big.txt", b"x" * (ingest_upload.MAX_INGEST_BYTES + 1))
    assert big.status_code == 413
    assert rows(folder) == before and not list((folder / "uploads").glob("*"))


def test_one_ingest_at_a_time(folder):
    client = TestClient(create_app(folder))
    with IngestLock(folder):
        r = post(client, "a.txt", SPEECH.encode())
    assert r.status_code == 409 and "另一个导入正在进行" in r.json()["error"]
    assert rows(folder) == {"sources": 0, "speeches": 0}
    assert post(client, "a.txt", SPEECH.encode()).status_code == 200  # the lock is free again


def test_with_a_token_only_authorised_users_may_add(folder):
    client = TestClient(create_app(folder, token="s3cret-token"))
    assert post(client, "a.txt", SPEECH.encode()).status_code == 401
    ok = client.post(
        "/api/ingest",
        files={"file": ("a.txt", SPEECH.encode(), "text/plain")},
        headers={"Authorization": "Bearer s3cret-token"},
    )
    assert ok.status_code == 200 and rows(folder)["speeches"] == 1


def test_the_add_page_is_in_chinese_and_lists_every_format(folder):
    page = TestClient(create_app(folder)).get("/add", headers={"accept": "text/html"})
    assert page.status_code == 200 and "添加讲话" in page.text
    for suffix in (".pdf", ".ofd", ".doc", ".wps", ".png", ".tif", ".docx"):
        assert suffix in page.text
    assert Path(ingest_upload.__file__).exists()


def test_a_pdf_speech_shows_the_page_of_its_original_lines(folder, tmp_path):
    made = pytest.importorskip("made_formats")
    if not made.FONT.exists():
        pytest.skip("fonts-wqy-microhei writes the test PDF")
    pdf = made.write_pdf(
        tmp_path / "s.pdf", "在全区工会创新和亮点工作观摩会上的讲话", made.seed_speech()
    )
    client = TestClient(create_app(folder))
    r = post(client, "工会.pdf", pdf.read_bytes())
    assert r.status_code == 200, r.text
    sid = r.json()["speeches"][0]["id"]
    original = client.get(f"/api/speeches/{sid}/original").json()
    pages = [line["page"] for line in original["original"]]
    assert pages[0] == 1 and all(p is not None for p in pages) and pages == sorted(pages)
    removed = {line["removed"] for line in original["original"]} - {None}
    assert "running header" in removed
    html = client.get(f"/speech/{sid}?original=1", headers={"accept": "text/html"}).text
    assert "第1页" in html
