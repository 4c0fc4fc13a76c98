"""Web security: headers, request size limit, access token, refusing an open bind without one."""

import pytest
from fastapi.testclient import TestClient

from jianghua.web.app import create_app
from jianghua.web.security import (
    CSP,
    InsecureBind,
    check_bind,
    host_name,
    is_loopback,
    loopback_hosts,
)


def test_every_response_carries_the_security_headers(client):
    for path in ["/", "/static/style.css", "/no-such-page", "/openapi.json"]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["x-frame-options"] == "DENY", path


def test_csp_forbids_inline_script_and_framing():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'none'"


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/").text
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert '<script src="/static/app.js" defer></script>' in html


@pytest.mark.parametrize(
    "host,loopback",
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_bind_without_token_is_refused():
    with pytest.raises(InsecureBind, match="--token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(InsecureBind):
        check_bind("10.0.0.2", "")
    check_bind("0.0.0.0", "s3cret-token")  # allowed with a token
    check_bind("127.0.0.1", None)


def test_token_is_required_on_every_request_when_set(seeds_folder):
    c = TestClient(create_app(seeds_folder, token="s3cret-token"))
    for path in ["/", "/api/stats", "/openapi.json", "/speech/000000000000"]:
        r = c.get(path)
        assert r.status_code == 401, path
        assert r.json()["error"] == "需要有效的访问令牌"
    assert c.get("/static/style.css").status_code == 200  # program files, no library data
    form = c.get("/", headers={"accept": "text/html"})
    assert form.status_code == 401 and '<input type="password" name="token"' in form.text
    assert form.headers["content-security-policy"] == CSP and "<script" not in form.text
    assert "令牌不正确" in c.get("/?token=nope", headers={"accept": "text/html"}).text
    assert c.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    # Opening a page with ?token= sets an HttpOnly cookie and redirects to the URL without it.
    first = c.get("/search?q=党建&token=s3cret-token&page=1", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/search?q=%E5%85%9A%E5%BB%BA&page=1"
    cookie = first.headers["set-cookie"]
    assert "jianghua_token=s3cret-token" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert c.get("/").status_code == 200  # the cookie alone is enough now
    wrong = c.get("/?token=guess", follow_redirects=False)
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers


def test_oversize_request_is_refused_with_413(seeds_folder):
    c = TestClient(create_app(seeds_folder, max_request_bytes=1000))
    r = c.post("/api/no-such-endpoint", content=b"x" * 1001)
    assert r.status_code == 413
    assert "上限 1000 字节" in r.json()["error"]
    # a browser gets the error page, in Chinese, with the security headers
    page = c.post("/check", content=b"x" * 1001, headers={"accept": "text/html"})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "提交的内容过大" in page.text and "上限 1000 字节" in page.text
    assert page.headers["content-security-policy"] == CSP


def test_missing_library_is_a_clear_error(tmp_path):
    from jianghua.errors import LibraryError

    with pytest.raises(LibraryError, match="no library at"):
        create_app(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_a_loopback_server_answers_only_to_loopback_host_names(seeds_folder):
    c = TestClient(create_app(seeds_folder, allowed_hosts=loopback_hosts("127.0.0.1")))
    for host in ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"]:
        assert c.get("/", headers={"host": host}).status_code == 200, host
    r = c.get("/", headers={"host": "evil.example:8000"})
    assert r.status_code == 421 and r.json()["error"] == "请求的主机名不符"


@pytest.mark.parametrize(
    "header,name",
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:80", "::1"),
        ("LocalHost", "localhost"),
        ("::1", "::1"),
    ],
)
def test_host_name(header, name):
    assert host_name(header) == name
