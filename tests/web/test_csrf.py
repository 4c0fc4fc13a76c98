"""Cross-site POSTs are refused (403) with or without a token; with a token, a POST carrying the
token cookie must also carry the CSRF token the pages render into their forms."""

import re

import pytest
from fastapi.testclient import TestClient

from jianghua.web.app import create_app
from jianghua.web.csrf import CSRF_FIELD, cross_site, csrf_token, given_csrf

TOKEN = "s3cret-token"
DRAFT = "同志们：今天我们召开全县工作会议。"


def post_check(client, headers=None, **fields):
    return client.post("/api/check", data={"text": DRAFT, **fields}, headers=headers or {})


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "http://testserver.evil.example"},
        {"origin": "http://testserver:8080"},  # another port is another program
        {"origin": "https://testserver:80"},
        {"origin": "null"},  # a sandboxed frame or a file:// page
        {"origin": "chrome-extension://abc"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"sec-fetch-site": "cross-site", "origin": "http://testserver"},
    ],
)
def test_a_cross_site_post_is_refused_with_or_without_a_token(seeds_folder, client, headers):
    r = post_check(client, headers)
    assert r.status_code == 403
    assert r.json()["error"] == "拒绝跨站请求：只能从本站的页面提交"
    guarded = TestClient(create_app(seeds_folder, token=TOKEN))
    bearer = {"authorization": f"Bearer {TOKEN}", **headers}
    assert post_check(guarded, bearer).status_code == 403
    assert post_check(guarded, headers).status_code == 403  # before the token is even looked at


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts: no browser headers
        {"origin": "http://testserver"},
        {"origin": "http://TestServer:80"},
        {"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        {"origin": "null", "sec-fetch-site": "same-origin"},  # Referrer-Policy: no-referrer
        {"sec-fetch-site": "none"},  # typed by the user
    ],
)
def test_a_post_from_the_servers_own_pages_is_served(client, headers):
    assert post_check(client, headers).status_code == 200


def test_gets_are_not_checked_for_their_origin(client):
    assert client.get("/check", headers={"sec-fetch-site": "cross-site"}).status_code == 200


def cookie_client(seeds_folder) -> TestClient:
    c = TestClient(create_app(seeds_folder, token=TOKEN))
    assert c.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303
    assert c.cookies.get("jianghua_token") == TOKEN
    return c


def test_with_a_token_a_post_by_cookie_needs_the_csrf_token(seeds_folder):
    c = cookie_client(seeds_folder)
    r = post_check(c)
    assert r.status_code == 403
    assert r.json()["error"].startswith("缺少或错误的防跨站令牌")
    assert post_check(c, **{CSRF_FIELD: "0" * 64}).status_code == 403
    good = csrf_token(TOKEN)
    assert post_check(c, **{CSRF_FIELD: good}).status_code == 200  # urlencoded form
    assert post_check(c, {"x-csrf-token": good}).status_code == 200  # a script's header
    multipart = c.post(
        "/api/check",
        data={"min_chars": "13", CSRF_FIELD: good},
        files={"file": ("稿.txt", DRAFT.encode(), "text/plain")},
    )
    assert multipart.status_code == 200, multipart.text
    # a token sent on purpose (header, query) is not ambient: no CSRF token needed
    bare = TestClient(create_app(seeds_folder, token=TOKEN))
    assert post_check(bare, {"authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert bare.post(f"/api/check?token={TOKEN}", data={"text": DRAFT}).status_code == 200


def test_the_csrf_token_depends_on_the_access_token():
    assert csrf_token("a") != csrf_token("b")
    assert re.fullmatch(r"[0-9a-f]{64}", csrf_token("a"))


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)


def test_every_post_form_carries_the_csrf_token_first(seeds_folder, client):
    c = cookie_client(seeds_folder)
    good = csrf_token(TOKEN)
    check = c.get("/check").text
    assert re.search(
        r'<form class="check-form" action="/check" method="post"[^>]*>\s*'
        rf'<input type="hidden" name="{CSRF_FIELD}" value="{good}">',
        check,
    )
    assert CSRF_FIELD not in client.get("/check").text  # no token, no field
    report = c.post("/check", data={"text": DRAFT, CSRF_FIELD: good})
    assert report.status_code == 200
    download = re.search(r'<form class="downloads".*?</form>', report.text, re.S).group()
    assert hidden_fields(download)[0] == (CSRF_FIELD, good)
    fields = dict(hidden_fields(download))
    docx = c.post("/check/report.docx", data=fields)  # what the browser sends from that form
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_draft_page_passes_on_the_choices_but_one_csrf_field(seeds_folder):
    c = cookie_client(seeds_folder)
    good = csrf_token(TOKEN)
    form = {
        CSRF_FIELD: good,
        "occasion": "全县工作会议",
        "role_0": "other",
        "heading_0": "一、总体要求",
    }
    r = c.post("/compose/draft", data=form)
    assert r.status_code == 200, r.text
    download = re.search(r'<form action="/compose/download".*?</form>', r.text, re.S).group()
    names = [name for name, _ in hidden_fields(download)]
    assert names[0] == CSRF_FIELD and names.count(CSRF_FIELD) == 1
    assert "occasion" in names


@pytest.mark.parametrize(
    "body,expected",
    [
        (
            b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\nabc\r\n--b--\r\n',
            "abc",
        ),
        (
            b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\r\n'
            b'--b\r\ncontent-disposition: form-data; name="csrf_token"\r\n\r\nlater\r\n--b--\r\n',
            "later",
        ),
        (
            b'--b\r\nContent-Disposition: form-data; name="xcsrf_token"\r\n\r\nabc\r\n--b--\r\n',
            None,
        ),
        (
            b'--b\r\nContent-Disposition: form-data; name="csrf_token_"\r\n\r\nabc\r\n--b--\r\n',
            None,
        ),
        (b"not multipart at all", None),
        (b"", None),
    ],
)
def test_the_csrf_field_of_a_multipart_body(body, expected):
    headers = {"content-type": "multipart/form-data; boundary=b"}
    assert given_csrf(headers, body) == expected


def test_the_csrf_field_of_an_urlencoded_body():
    headers = {"content-type": "application/x-www-form-urlencoded"}
    assert given_csrf(headers, b"text=%E5%90%8C&csrf_token=ab%63") == "abc"
    assert given_csrf(headers, b"xcsrf_token=abc") is None
    assert given_csrf({"content-type": "text/plain"}, b"csrf_token=abc") is None


def test_cross_site_compares_the_origin_with_the_host():
    assert not cross_site({"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"})
    assert cross_site({"host": "127.0.0.1:8000", "origin": "http://localhost:8000"})
    assert not cross_site({"host": "[::1]:8000", "origin": "http://[::1]:8000"})
    assert not cross_site({"host": "example.org", "origin": "https://example.org:443"})
    assert cross_site({"host": "example.org", "origin": "https://example.org:8443"})
