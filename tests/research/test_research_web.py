"""The 研究 pages, their CSV downloads and JSON twins, on the library of research_lib."""

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from jianghua.web.app import create_app

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(lib_folder):
    return TestClient(create_app(lib_folder))


def test_the_page_and_its_json_twin_hold_the_same_numbers(client):
    page = client.get("/research", params={"terms": "三个代表，科学发展观"}, headers=HTML)
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "polyline" in html
    data = client.get("/api/research", params={"terms": "三个代表，科学发展观"}).json()
    row = next(
        r for r in data["year"]["rows"] if r["term"] == "三个代表重要思想" and r["value"] == "2015"
    )
    assert (row["mentions"], row["copies"]) == (3, 4)
    # the trend table: 2015 has 2 families; the mention count links to its evidence
    year_row = re.search(r'<tr data-value="2015">(.*?)</tr>', html, re.S).group(1)
    assert '<td class="families">2</td>' in year_row
    assert "by=year&amp;value=2015" in year_row and ">3</a>" in year_row
    assert data["kwic"]["total"] == 5
    assert not re.search(r"\sstyle=", html)  # the CSP forbids inline styles


def test_evidence_is_one_click_away(client):
    page = client.get(
        "/research/evidence",
        params={"term": "三个代表", "by": "year", "value": "2015"},
        headers=HTML,
    )
    assert page.status_code == 200
    assert page.text.count('href="/speech/') == 1


def test_csv_downloads(client):
    got = client.get("/research/panel.csv", params={"terms": "三个代表", "by": "level"})
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert {r["value"]: r["mentions"] for r in rows}["县"] == "3"
    kwic = client.get("/research/kwic.csv", params={"term": "三个代表"})
    assert len(list(csv.DictReader(io.StringIO(kwic.content.decode("utf-8-sig"))))) == 5


@pytest.mark.parametrize(
    "url",
    [
        "/research",
        "/research/kwic?term=三个代表&sort=left&unit=word&width=3",
        "/research/collocates?term=三个代表&window=3",
        "/research/tifa",
        "/research/tifa.csv",
        "/research/keyness?a_from=2015&a_to=2015&b_from=2016&b_to=2016",
        "/research/keyness?a_from=1990&a_to=1991&b_from=2016&b_to=2016",
        "/api/research/tifa",
        "/api/research/kwic?term=三个代表&page=2&per_page=2",
        "/api/research/collocates?term=三个代表",
        "/api/research/keyness?a_from=2015&a_to=2015&b_from=2016&b_to=2016&min_count=1",
    ],
)
def test_pages_answer(client, url):
    assert client.get(url, headers=HTML).status_code == 200


def test_bad_requests_are_400_with_a_chinese_reason(client):
    got = client.get("/api/research/trend", params={"terms": "三个代表", "by": "x"})
    assert got.status_code == 400 and "不能按" in got.json()["error"]
    page = client.get("/research", params={"terms": "、、"}, headers=HTML)
    assert page.status_code == 200 and "没有可检索的文字" in page.text


def test_a_hostile_term_is_escaped_everywhere(client):
    page = client.get("/research", params={"terms": "<script>alert(1)</script>"}, headers=HTML)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_an_empty_library_answers(tmp_path):
    from jianghua.library.store import Library

    Library(tmp_path).close()
    empty = TestClient(create_app(tmp_path))
    for url in ("/research?terms=科学发展观", "/research/kwic?term=x", "/research/tifa"):
        assert empty.get(url, headers=HTML).status_code == 200
    assert empty.get("/api/research/trend?terms=x").json()["rows"] == []


def test_a_broken_library_lexicon_is_named(tmp_path):
    from jianghua.library.store import Library

    Library(tmp_path).close()
    (tmp_path / "tifa.tsv").write_text("科学发展观\t科学发展观\t提法\t二〇〇三\n", encoding="utf-8")
    c = TestClient(create_app(tmp_path))
    got = c.get("/api/research/trend?terms=科学发展观")
    assert (
        got.status_code == 400
        and "tifa.tsv" in got.json()["error"]
        and "第 1 行" in got.json()["error"]
    )
    page = c.get("/research", headers=HTML).text
    assert "第 1 行" in page and str(tmp_path) not in page  # the file named, not its path


def test_trend_within_a_facet_value(client):
    got = client.get(
        "/api/research/trend", params={"terms": "三个代表", "by": "year", "level": "省"}
    )
    assert {r["value"]: r["mentions"] for r in got.json()["rows"]} == {"2016": 1}
