"""A real browser opens the trend page for two terms and reads the chart's numbers from its
table; the points drawn are the table's numbers (Debian chromium through Playwright)."""

import pytest
from live_server import launch_chromium, needs_chromium, serving, shot

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def page(lib_folder, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with serving(lib_folder, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            page.set_default_timeout(10_000)
            complaints = []
            page.on("console", lambda m: complaints.append(m.text))
            page.goto(f"{url}/research?terms=三个代表 十三五")
            page.complaints = complaints
            yield page
            browser.close()


def cell(page, year: str, term: str, kind: str) -> str:
    selector = f'table.panel[data-by="year"] tr[data-value="{year}"] td.{kind}[data-term="{term}"]'
    return page.locator(selector).inner_text()


def test_the_trend_table_holds_the_counts(page):
    assert cell(page, "2015", "三个代表重要思想", "mentions") == "3"
    assert cell(page, "2015", "三个代表重要思想", "speeches") == "1（4）"  # one family, 4 copies
    assert cell(page, "2016", "三个代表重要思想", "mentions") == "1"
    assert cell(page, "2015", "五年规划", "mentions") == "3"
    assert cell(page, "2016", "五年规划", "mentions") == "0"
    families = page.locator('table.panel[data-by="year"] tr[data-value="2015"] td.families')
    assert families.inner_text() == "2"
    shot(page, "research")


def test_the_chart_draws_the_table(page):
    lines = page.locator("svg.trend polyline")
    assert lines.count() == 2
    titles = page.locator("svg.trend circle title").all_text_contents()
    per10k = cell(page, "2015", "三个代表重要思想", "per10k")
    assert f"三个代表重要思想 2015：{per10k}（1 篇）" in titles
    bars = page.locator("svg.trend rect title").all_text_contents()
    assert "2015：2 篇" in bars and "2016：2 篇" in bars
    assert not [c for c in page.complaints if "Content Security Policy" in c or "Refused" in c]


def test_evidence_is_one_click_from_the_table(page):
    page.locator(
        'table.panel[data-by="year"] tr[data-value="2015"] td.mentions[data-term="三个代表重要思想"] a'
    ).click()
    page.wait_for_url("**/research/evidence**")
    assert page.locator("table.evidence td.mentions").all_inner_texts() == ["3"]
