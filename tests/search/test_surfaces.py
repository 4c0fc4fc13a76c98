"""Semantic and hybrid search answer the same through the library, the CLI, the JSON API and the
results page; the page shows the background e5 embedding's progress while it runs."""

import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jianghua.cli import app
from jianghua.library import background
from jianghua.library.search import search
from jianghua.web.app import create_app


@pytest.mark.parametrize(
    "query, mode", [("提高种地人的收入水平", "semantic"), ("基层党组织", "hybrid")]
)
def test_cli_api_and_page_give_the_library_ranking(hand_library, query, mode):
    lib = hand_library
    expected = [h["id"] for h in search(lib, query, mode=mode)["hits"]]
    assert expected
    cli = CliRunner().invoke(
        app, ["search", query, "--mode", mode, "--json", "--library", str(lib.folder)]
    )
    assert cli.exit_code == 0, cli.output
    assert [h["id"] for h in json.loads(cli.stdout)["hits"]] == expected
    client = TestClient(create_app(lib.folder))
    api = client.get("/api/search", params={"q": query, "mode": mode})
    assert api.status_code == 200
    assert [h["id"] for h in api.json()["hits"]] == expected
    page = client.get("/search", params={"q": query, "mode": mode})
    assert page.status_code == 200
    assert re.findall(r'<article class="hit" data-id="([0-9a-f]+)"', page.text) == expected
    assert "语义向量计算中" not in page.text  # e5 is complete in this library


def test_results_page_shows_e5_progress(hand_library):
    folder = hand_library.folder / background.FOLDER
    path = folder / background.PROGRESS
    saved = path.read_bytes() if path.exists() else None
    try:
        path.write_text(json.dumps({"done": 1, "total": 4, "running": False}), encoding="utf-8")
        page = TestClient(create_app(hand_library.folder)).get("/search", params={"q": "党组织"})
        assert "语义向量计算中：已完成 1 / 4 篇" in page.text
    finally:
        if saved is None:
            path.unlink()
        else:
            path.write_bytes(saved)
