"""No absolute path in what the web app answers on an error: file and folder names only."""

import pytest
from fastapi.testclient import TestClient
from web_seeds import HOSTILE_LINES

from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.web.app import create_app
from jianghua.web.redact import public


@pytest.mark.parametrize(
    "message,shown",
    [
        ("no library at /home/u/库 (run `jianghua ingest` first)", "no library at 库 (run"),
        ("/srv/lib/jianghua.sqlite: not a jianghua library", "jianghua.sqlite: not a"),
        ("speech 0a has no occurrence in /a/b/jianghua.sqlite (run", "in jianghua.sqlite (run"),
        ("C:\\Users\\me\\lib: no search index", "lib: no search index"),
        ("cannot read ('/tmp/jianghua-upload-x/upload.txt')", "('upload.txt')"),
        ("/srv/lib/: broken", "lib: broken"),
    ],
)
def test_public_keeps_the_last_part_of_an_absolute_path(message, shown):
    assert shown in public(message)
    assert "/" not in public(message).replace("`", "") and "\\" not in public(message)


@pytest.mark.parametrize(
    "message", ["accepted: .txt/.docx", "year/target_chars: 3/5", "no page at /x", "a / b"]
)
def test_public_leaves_other_slashes_alone(message):
    assert public(message) == message


@pytest.fixture()
def unindexed_folder(tmp_path):
    """A library whose speeches were stored but never indexed for search."""
    src = tmp_path / "page.txt"
    src.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    folder = tmp_path / "秘密的库"
    with Library(folder) as lib:
        assert not ingest([src], lib).failed
    return folder


def test_a_503_names_the_library_folder_not_its_path(unindexed_folder):
    c = TestClient(create_app(unindexed_folder))
    r = c.get("/api/search", params={"q": "党建", "mode": "keyword"})
    assert r.status_code == 503
    error = r.json()["error"]
    assert error.startswith("讲话库暂不可用：秘密的库：还没有检索索引")
    assert str(unindexed_folder.parent) not in error
    home = c.get("/", headers={"accept": "text/html"}).text  # the notice the home page shows
    assert "秘密的库：还没有检索索引" in home and str(unindexed_folder.parent) not in home


def test_a_library_gone_after_start_is_named_not_located(unindexed_folder):
    app = create_app(unindexed_folder)
    unindexed_folder.rename(unindexed_folder.with_name("moved"))
    r = TestClient(app).get("/api/stats")
    assert r.status_code == 503
    assert r.json()["error"].startswith("讲话库暂不可用：no library at 秘密的库")
    assert str(unindexed_folder.parent) not in r.json()["error"]
