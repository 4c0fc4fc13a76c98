"""The app skeleton: routers found by file name, errors, the serve command's checks."""

import sys

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jianghua import web
from jianghua.cli import app as cli_app
from jianghua.library.store import Library
from jianghua.web.app import create_app, router_modules


def test_a_new_routes_module_is_included_without_editing_the_app(
    seeds_folder, tmp_path, monkeypatch
):
    (tmp_path / "routes_probe.py").write_text(
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n"
        "@router.get('/probe')\n"
        "def probe():\n"
        "    return {'probe': True}\n",
        encoding="utf-8",
    )
    (tmp_path / "not_a_router.py").write_text("raise SystemExit('must not be imported')\n")
    monkeypatch.setattr(web, "__path__", [*web.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "jianghua.web.routes_probe", raising=False)
    assert "jianghua.web.routes_probe" in router_modules()
    assert "jianghua.web.routes_home" in router_modules()
    assert "jianghua.web.not_a_router" not in router_modules()
    c = TestClient(create_app(seeds_folder))
    assert c.get("/probe").json() == {"probe": True}
    assert c.get("/").status_code == 200
    sys.modules.pop("jianghua.web.routes_probe", None)


def test_home_shows_the_library_size(client, seeds_folder):
    with Library(seeds_folder, create=False) as lib:
        stats = lib.stats()
    assert stats["speeches"] == 19 + 21 + 19 + 1 + 5  # distinct speeches of seeds 000..004
    r = client.get("/")
    assert r.status_code == 200
    assert f"<strong>{stats['speeches']}</strong> 篇讲话" in r.text
    assert f"<strong>{stats['families']}</strong> 个文本族" in r.text
    assert "<strong>5</strong> 个来源文件" in r.text


def test_unknown_page_is_an_html_error_for_browsers_json_for_api(client):
    r = client.get("/nowhere", headers={"accept": "text/html"})
    assert r.status_code == 404 and '<h1>找不到页面 <span class="status">404</span></h1>' in r.text
    assert "没有这个页面：/nowhere" in r.text
    r = client.get("/api/nowhere")
    assert r.status_code == 404 and r.json()["status"] == 404


def test_serve_refuses_a_public_address_without_token(seeds_folder, monkeypatch):
    monkeypatch.delenv("JIANGHUA_TOKEN", raising=False)
    result = CliRunner().invoke(
        cli_app, ["serve", "--library", str(seeds_folder), "--host", "0.0.0.0"]
    )
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0" in result.output


def test_serve_refuses_a_missing_library(tmp_path):
    result = CliRunner().invoke(cli_app, ["serve", "--library", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no library at" in result.output


def test_wrong_method_is_a_json_error(client):
    r = client.delete("/")
    assert r.status_code == 405
    assert r.json() == {"error": "/ 不接受 DELETE 请求", "status": 405}
    page = client.delete("/", headers={"accept": "text/html"})
    assert page.status_code == 405 and "不支持这种请求方式" in page.text


def served(monkeypatch, args):
    """The uvicorn configuration `jianghua serve <args>` would run."""
    from jianghua.web import server

    started = {}
    monkeypatch.setattr(server, "serve", lambda config: started.update(config=config) or True)
    result = CliRunner().invoke(cli_app, ["serve", *args])
    assert result.exit_code == 0, result.output
    return started["config"]


def test_serve_takes_the_token_from_the_environment(seeds_folder, monkeypatch):
    monkeypatch.setenv("JIANGHUA_TOKEN", "from-env")
    config = served(
        monkeypatch, ["--library", str(seeds_folder), "--host", "0.0.0.0", "--port", "8123"]
    )
    assert (config.host, config.port) == ("0.0.0.0", 8123)
    assert config.app.state.token == "from-env"
    assert config.app.state.allowed_hosts is None  # reachable by any name, token-guarded


def test_serve_on_loopback_without_token_pins_the_host_names(seeds_folder, monkeypatch):
    monkeypatch.delenv("JIANGHUA_TOKEN", raising=False)
    config = served(monkeypatch, ["--library", str(seeds_folder)])
    assert config.host == "127.0.0.1" and config.port == 8000
    assert config.app.state.token is None
    assert config.app.state.allowed_hosts == {"127.0.0.1", "localhost", "::1"}


def test_serve_limits_connections_and_times_out_headers(seeds_folder, monkeypatch):
    from jianghua.web.server import HEADER_SECONDS, HeaderTimeoutH11

    config = served(monkeypatch, ["--library", str(seeds_folder)])
    assert issubclass(config.http, HeaderTimeoutH11)
    assert config.http.header_seconds == HEADER_SECONDS
    assert config.timeout_keep_alive == 5
    assert config.h11_max_incomplete_event_size == 64 * 1024
    assert config.limit_concurrency == 64
    assert not config.server_header


def test_the_header_links_every_feature_page(client):
    html = client.get("/").text
    for path in ["/", "/check", "/compose"]:
        assert f'<a href="{path}">' in html
        assert client.get(path).status_code == 200, path


def test_the_library_dependency_may_be_used_on_another_thread(seeds_folder):
    # FastAPI may run a plain dependency and the endpoint on different pool threads.
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from jianghua.web.deps import library

    request = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(library_folder=seeds_folder))
    )
    with ThreadPoolExecutor(1) as a, ThreadPoolExecutor(1) as b:
        lib = a.submit(library, request).result()
        assert b.submit(lambda: lib.stats()["sources"]).result() == 5
        assert a.submit(lambda: lib.stats()["sources"]).result() == 5


def test_concurrent_requests_all_succeed(client, seed_ids):
    from concurrent.futures import ThreadPoolExecutor

    paths = (
        [f"/api/speeches/{sid}" for sid in seed_ids[:12]]
        + [f"/speech/{sid}" for sid in seed_ids[12:24]]
        + ["/search?q=党建", "/api/search?q=基层", "/"] * 4
    )

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda p: client.get(p).status_code, paths))
    assert statuses == [200] * len(paths)


def test_head_answers_like_get_without_a_body(client):
    get, head = client.get("/"), client.head("/")
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["x-content-type-options"] == "nosniff"
    assert client.head("/speech/000000000000").status_code == 404
