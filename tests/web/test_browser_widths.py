"""Every page at a phone's width (390 px) and a laptop's (1366 px) in a real browser: no page
scrolls sideways, and the visible text has no Latin-letter words outside ids, file names and
quoted source text (the UI speaks Chinese). At 390 px: the header keeps 搜索 on one line, the
results come before the folded facets, the reader's outline opens as a drawer.

Screenshots of each page at 390 px go to JIANGHUA_SCREENSHOTS when it names a folder.
"""

import os
import re
from pathlib import Path

import pytest
from live_server import needs_chromium
from web_seeds import speech_at

from jianghua.library.store import Library

pytestmark = needs_chromium

WIDTHS = [390, 1366]
# Text a user reads as it was written: the speeches, the drafts, ids; skipped by the word check
QUOTED = (
    ".quoted, .sid, section.text, blockquote, div.draft, article.draft, .candidate .text,"
    " .hit h2 a, h1#title, .from a, .matches a, .family a, .similar a, .sources a, .headings,"
    " textarea, option, .proposals strong + .n a"
)
SUFFIXES = "txt|html?|docx?|md|wps|pdf|ofd|png|jpe?g|tiff?|csv|parquet|svg"
FILE_OR_ID = re.compile(rf"\S*\.(?:{SUFFIXES})\b|\b[0-9a-f]{{12}}\b|\.(?:{SUFFIXES})\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# names Chinese users read as they are: file formats, units, products
NAMES = {"PDF", "OFD", "WPS", "Word", "OCR", "MB", "KB", "CSV", "DOCX", "Parquet", "JSON", "SVG"}

VISIBLE_TEXT = """(quoted) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest(quoted)) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(node.textContent);
  }
  // what a user reads on buttons and fields that is not a text node
  document.querySelectorAll("input[placeholder], input[type=submit]").forEach((i) => {
    if (i.checkVisibility()) out.push(i.placeholder || i.value);
  });
  return out.join("\\n");
}"""


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = request.param
    yield page
    context.close()


def fits_and_speaks_chinese(page, name: str) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("innerWidth")
    assert width <= inner, f"{name} at {page.width} px: {width} px wide"
    text = FILE_OR_ID.sub(" ", page.evaluate(VISIBLE_TEXT, QUOTED))
    words = sorted(set(LATIN_WORD.findall(text)) - NAMES)
    assert not words, f"{name} at {page.width} px shows Latin words: {words}"
    folder = os.environ.get("JIANGHUA_SCREENSHOTS")
    if folder and page.width == 390:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"phone-{name}.png"), full_page=False)


def test_home_search_and_error_pages(page, server):
    page.goto(server + "/")
    fits_and_speaks_chinese(page, "home")
    page.fill("form.search-big input[name=q]", "工作")
    page.press("form.search-big input[name=q]", "Enter")
    page.wait_for_selector("article.hit")
    fits_and_speaks_chinese(page, "search")
    button = page.locator("header.site button[type=submit]").bounding_box()
    assert button["width"] > button["height"] and button["height"] < 48  # 搜索 on one line
    first_hit = page.locator("article.hit").first.bounding_box()
    assert first_hit["y"] < 400, first_hit  # the results come first (1,625 px down before)
    panel = page.locator("details.facet-panel")
    if page.width == 390:
        assert panel.get_attribute("open") is None  # folded on a phone
        page.click("details.facet-panel > summary")
    assert page.locator("ul[data-facet=sector] a").first.is_visible()
    fits_and_speaks_chinese(page, "search-facets")
    page.goto(server + "/speech/000000000000")  # a speech that is not there: a 404 page
    assert page.locator("section.error h1").inner_text().startswith("找不到页面")
    assert "没有编号为 000000000000 的讲话" in page.locator("section.error").inner_text()
    fits_and_speaks_chinese(page, "error")


def test_reader_with_its_outline_and_original(page, server, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 4)
    page.goto(f"{server}/speech/{sid}?original=1")
    fits_and_speaks_chinese(page, "reader")  # the original lines and the edits table open
    entry = page.locator('nav.outline a[href="#sec-2"]')
    if page.width == 390:
        assert not entry.is_visible()  # folded into the drawer
        page.click("details.outline-drawer > summary")
        assert entry.is_visible()
        box = page.locator("nav.outline").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        fits_and_speaks_chinese(page, "reader-outline")
    entry.click()
    page.wait_for_url(f"**/speech/{sid}?original=1#sec-2")
    target = page.locator("section.text p.target")
    assert target.evaluate("p => p.getBoundingClientRect().top < window.innerHeight")
    if page.width == 390:
        assert not entry.is_visible()  # the drawer closed over the text it jumped to


def test_check_form_and_report(page, server, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 88)
    with Library(seeds_folder, create=False) as lib:
        copied = lib.speech(sid)["text"].split("\n")[1]
    page.goto(server + "/check")
    fits_and_speaks_chinese(page, "check")
    box = page.locator("form.check-form textarea").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.width
    page.fill("form.check-form textarea[name=text]", "同志们：今天召开会议。\n" + copied)
    page.click("form.check-form button[type=submit]")
    page.wait_for_selector("div.draft")
    assert copied[-20:] in page.locator("div.draft").inner_text()
    fits_and_speaks_chinese(page, "check-report")


def test_compose_form_and_draft(page, server):
    page.goto(server + "/compose")
    fits_and_speaks_chinese(page, "compose")
    field = page.locator("form.spec input[name=occasion]")
    assert field.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"  # styled
    field.fill("全市关工委工作会议")
    page.click("form.spec button[type=submit]")
    page.wait_for_selector("form.choose-outline")
    fits_and_speaks_chinese(page, "compose-outline")
    page.click("form.choose-outline button[type=submit]")
    page.wait_for_selector("form.passages")
    fits_and_speaks_chinese(page, "compose-passages")
    page.click("form.passages > button[type=submit]")
    page.wait_for_selector("article.draft")
    fits_and_speaks_chinese(page, "compose-draft")


@pytest.mark.parametrize(
    "path, name",
    [
        ("/add", "add"),
        ("/research", "research"),
        ("/research?terms=工作，发展", "research-trend"),
        ("/research/collocates?term=工作", "research-collocates"),
        ("/research/kwic?term=工作", "research-kwic"),
    ],
)
def test_add_and_research_pages(page, server, path, name):
    response = page.goto(server + path)
    assert response.status < 400, (path, response.status)
    fits_and_speaks_chinese(page, name)
