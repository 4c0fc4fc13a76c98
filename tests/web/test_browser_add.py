"""A real browser adds two files (a PDF with a text layer and an OFD) on /add, sees each file's
summary and links, and finds both speeches by search."""

import pytest
from live_server import launch_chromium, needs_chromium, serving, shot
from made_formats import FONT, ofd_bytes, ofd_pages, seed_speech, write_pdf

from jianghua.library.store import Library

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-microhei writes the test PDF"),
]

PDF_TITLE = "在全区工会创新和亮点工作观摩会上的讲话"
OFD_TITLE = "在全市安全生产工作会议上的讲话"
OFD_PARAGRAPHS = [
    "今天召开全市安全生产工作会议，主要任务是总结去年安全生产工作，分析当前面临的形势，部署今年的重点任务。",
    "过去一年，全市上下认真落实安全生产责任制，深入开展隐患排查治理专项行动，事故总量持续下降。",
]


def test_upload_two_files_and_find_their_speeches(tmp_path):
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "lib"
    Library(folder).close()
    pdf = write_pdf(tmp_path / "工会讲话.pdf", PDF_TITLE, seed_speech(count=3))
    ofd = tmp_path / "安全生产.ofd"
    ofd.write_bytes(ofd_bytes(ofd_pages(OFD_TITLE, OFD_PARAGRAPHS)))
    with (
        serving(folder, tmp_path / "serve.log") as url,
        sync_playwright() as p,
    ):
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        problems = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: "Refused" in m.text and problems.append(m.text))
        page.goto(url + "/")
        page.click("nav.site-nav a[href='/add']")
        page.wait_for_url("**/add")
        page.set_input_files("#add-files", [str(pdf), str(ofd)])
        finished = page.locator("#add-results tr.done, #add-results tr.failed")
        finished.nth(1).wait_for()  # the files go one after another
        shot(page, "add")
        rows = page.locator("#add-results tbody tr")
        assert rows.count() == 2
        for k, (name, title) in enumerate([(pdf.name, PDF_TITLE), (ofd.name, OFD_TITLE)]):
            row = rows.nth(k)
            assert row.get_attribute("class") == "done", row.inner_text()
            assert row.locator("td.file").inner_text() == name
            assert "已入库" in row.locator("td.result").inner_text()
            link = row.locator("ul.found a")
            assert link.count() == 1 and link.inner_text() == title
        for query, title in (("亮点工作", PDF_TITLE), ("隐患排查治理", OFD_TITLE)):
            page.fill("form.search-box input[name=q]", query)
            page.press("form.search-box input[name=q]", "Enter")
            page.wait_for_selector("article.hit")
            titles = page.locator("article.hit h2 a").all_inner_texts()
            assert title in titles, (query, titles)
        page.goto(url + "/add")
        page.locator("#add-results").wait_for(state="hidden")
        assert not problems, problems
        browser.close()
