"""Every page any feature adds (web/routes_*.py) keeps the web rules: security headers, no
inline script or style, and POST bodies over the size limit refused with 413."""

import importlib
from html.parser import HTMLParser

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jianghua.web.app import create_app, router_modules
from jianghua.web.security import CSP


def routes(app) -> list[APIRoute]:
    """The routes of every web/routes_*.py module (as create_app includes them)."""
    return [
        r
        for name in router_modules()
        for r in importlib.import_module(name).router.routes
        if isinstance(r, APIRoute)
    ]


class Inline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in attrs
            if not attrs.get("src", "").startswith("/static/") or "src" not in attrs:
                self.problems.append(f"script {attrs}")
        if tag == "style":
            self.problems.append("style element")
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}=")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


@pytest.fixture(scope="module")
def app(seeds_folder):
    return create_app(seeds_folder, max_request_bytes=5000)


def test_every_page_without_parameters_keeps_the_rules(app):
    c = TestClient(app)
    pages = [r.path for r in routes(app) if "GET" in r.methods and "{" not in r.path]
    assert "/" in pages and "/search" in pages
    for path in pages:
        r = c.get(path, headers={"accept": "text/html"})
        assert r.status_code < 500, path
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff", path
        if r.headers["content-type"].startswith("text/html"):
            parser = Inline()
            parser.feed(r.text)
            assert not parser.problems, (path, parser.problems)


def test_every_post_refuses_an_oversize_body(app):
    c = TestClient(app)
    posts = [r.path for r in routes(app) if "POST" in r.methods]
    assert "/api/parse" in posts
    for path in posts:
        path = path.replace("{sid}", "000000000000")
        r = c.post(path, files={"file": ("a.txt", b"x" * 6000, "text/plain")})
        assert r.status_code == 413, path
