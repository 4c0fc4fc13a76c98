"""Scraped text is untrusted: a page carrying <script>, onerror= and javascript: links must come
out escaped on every page and in every download, never as markup."""

import re
from html.parser import HTMLParser

import pytest
from web_seeds import HOSTILE_TITLE

from jianghua.library.store import Library


class Markup(HTMLParser):
    """Every tag and attribute a browser would see."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def markup_of(html: str) -> list[tuple[str, dict]]:
    parser = Markup()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    tags = markup_of(html)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}], scripts
    for tag, attrs in tags:
        assert tag not in ("img", "iframe", "b", "object", "embed", "style"), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)


@pytest.fixture(scope="module")
def hostile_ids(hostile_folder):
    with Library(hostile_folder, create=False) as lib:
        return lib.speech_ids()


def test_the_hostile_page_really_carries_markup(hostile_folder, hostile_ids):
    with Library(hostile_folder, create=False) as lib:
        first = lib.speech(hostile_ids[0])
    assert first["title"] == HOSTILE_TITLE
    assert "<img src=x onerror=alert(1)>" in first["text"]
    assert "<script>document.title='pwned'</script>" in first["text"]


def test_reader_escapes_title_text_and_original(hostile_client, hostile_ids):
    for sid in hostile_ids:
        for query in ("", "?original=1"):
            html = hostile_client.get(f"/speech/{sid}{query}").text
            assert_inert(html)
    html = hostile_client.get(f"/speech/{hostile_ids[0]}?original=1").text
    assert (
        "<title>关于&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;工作的讲话 · 讲话</title>"
        in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html


def test_results_escape_titles_and_highlighted_paragraphs(hostile_client):
    html = hostile_client.get("/search", params={"q": "基层党组织"}).text
    assert re.search(r'<strong id="total">[1-9]', html)
    assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>基层党组织</mark>" in html


def test_a_hostile_query_is_escaped(hostile_client):
    query = '"><script>alert(9)</script><img src=x onerror=alert(9)>'
    html = hostile_client.get("/search", params={"q": query}).text
    assert_inert(html)
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in html


def test_home_and_errors_are_inert(hostile_client):
    assert_inert(hostile_client.get("/").text)
    html = hostile_client.get(
        "/speech/<script>alert(1)<%2Fscript>", headers={"accept": "text/html"}
    ).text
    assert_inert(html)


def test_json_and_downloads_are_not_html(hostile_client, hostile_ids):
    sid = hostile_ids[0]
    r = hostile_client.get(f"/api/speeches/{sid}")
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.json()["title"] == HOSTILE_TITLE  # data stays data, unchanged
    txt = hostile_client.get(f"/speech/{sid}/download.txt")
    assert txt.headers["content-type"] == "text/plain; charset=utf-8"
    assert txt.headers["content-disposition"].startswith("attachment;")
    assert HOSTILE_TITLE in txt.text
