"""Libraries the web tests serve: the five seeds, and a page of hostile scraped text."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from live_server import launch_chromium, serving
from web_seeds import HOSTILE_LINES, SAMPLES

from jianghua.library.search_index import SearchIndex
from jianghua.library.store import Library
from jianghua.pipeline import ingest
from jianghua.web.app import create_app


@pytest.fixture(scope="session")
def seeds_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds-lib")
    with Library(folder) as lib:
        report = ingest(sorted(SAMPLES.iterdir()), lib)
        assert not report.failed
        SearchIndex(lib).update()  # embeddings are skipped: hybrid search falls back to keyword
    return folder


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("hostile-src") / "hostile.txt"
    src.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("hostile-lib")
    with Library(folder) as lib:
        report = ingest([src], lib)
        assert not report.failed
        SearchIndex(lib).update()
    return folder


@pytest.fixture(scope="session")
def client(seeds_folder) -> TestClient:
    return TestClient(create_app(seeds_folder))


@pytest.fixture(scope="session")
def hostile_client(hostile_folder) -> TestClient:
    return TestClient(create_app(hostile_folder))


@pytest.fixture(scope="session")
def seed_ids(seeds_folder) -> list[str]:
    with Library(seeds_folder, create=False) as lib:
        return lib.speech_ids()


# A real server and browser, shared by the browser tests of a module.
@pytest.fixture(scope="module")
def server(seeds_folder, tmp_path_factory):
    with serving(seeds_folder, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()
