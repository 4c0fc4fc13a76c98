"""Uploads: listed types only, bounded size (413), never written under the name the user gave."""

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jianghua.web import uploads
from jianghua.web.app import create_app
from jianghua.web.uploads import display_name

SEED_004 = Path("samples/004_ff2848a0e228d2d6.txt")


def upload(client, name, data, content_type="text/plain"):
    return client.post("/api/parse", files={"file": (name, data, content_type)})


def test_parse_splits_an_uploaded_seed_without_storing_it(client, seeds_folder):
    before = (seeds_folder / "jianghua.sqlite").stat().st_mtime_ns
    r = upload(client, SEED_004.name, SEED_004.read_bytes())
    assert r.status_code == 200
    data = r.json()
    assert data["file"] == SEED_004.name
    assert len(data["speeches"]) == 5  # seed 004: 第一篇 .. 第五篇
    assert data["speeches"][0]["title"] == "杨钊同志在全区工会创新和亮点工作观摩会上的讲话"
    assert (seeds_folder / "jianghua.sqlite").stat().st_mtime_ns == before


@pytest.mark.parametrize("name", ["report.xls", "run.exe", "page.php", "noextension", "a.txt.sh"])
def test_only_listed_file_types_are_accepted(client, name):
    r = upload(client, name, b"hello")
    assert r.status_code == 415
    assert "不支持的文件类型" in r.json()["error"]
    assert ".docx" in r.json()["error"]


def test_an_unreadable_upload_names_the_file_and_the_reason(client):
    r = upload(client, "broken.docx", b"PK\x03\x04 not really a zip")
    assert r.status_code == 422
    assert r.json()["error"] == "broken.docx：不是有效的 .docx 文件"


def test_oversize_upload_is_413(seeds_folder, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    c = TestClient(create_app(seeds_folder))
    r = upload(c, "big.txt", "同志们：".encode() * 500)
    assert r.status_code == 413
    assert "big.txt：文件过大（上限 1000 字节）" in r.json()["error"]


def test_oversize_request_is_413_before_reading_it(seeds_folder):
    c = TestClient(create_app(seeds_folder, max_request_bytes=10_000))
    r = upload(c, "big.txt", b"x" * 20_000)
    assert r.status_code == 413


def test_oversize_chunked_request_is_413(seeds_folder):
    c = TestClient(create_app(seeds_folder, max_request_bytes=10_000))

    def chunks():  # no Content-Length: the limit must count the bytes as they arrive
        for _ in range(50):
            yield b"y" * 1000

    r = c.post(
        "/api/parse",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413


@pytest.mark.parametrize(
    "name",
    [
        "../../evil.txt",
        "..\\..\\evil.txt",
        "/etc/cron.d/evil.txt",
        "C:\\Windows\\evil.txt",
        "evil\x00.txt.txt",
        "./../evil.txt",
    ],
)
def test_a_traversal_name_is_never_used_as_a_path(client, tmp_path, monkeypatch, name):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.chdir(tmp_path)
    r = upload(client, name, "同志们：今天开会。".encode())
    assert r.status_code == 200, r.text
    shown = r.json()["file"]
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown and shown.endswith(".txt")
    # nothing left behind, nothing written outside the private temporary folder
    assert os.listdir(tmp_path / "tmp") == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["tmp"]


def test_display_name():
    assert display_name("../../a.txt") == "a.txt"
    assert display_name("..\\..\\a.txt") == "a.txt"
    assert display_name("a\x00b\x1f.txt") == "a_b_.txt"
    assert display_name("") == "upload"
    assert display_name("..") == "upload"
    assert len(display_name("长" * 500 + ".txt")) == 120
