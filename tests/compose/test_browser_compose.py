"""A real browser (Debian's chromium through Playwright) through the compose flow against
`jianghua serve` over the seeds: occasion → outline → passages → draft → DOCX download, with no
Content-Security-Policy complaint on the way.

Set JIANGHUA_SCREENSHOTS=docs/screenshots to save screenshots of the compose pages.
"""

from __future__ import annotations

import pytest
from docx import Document
from live_server import launch_chromium, needs_chromium, serving, shot

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(seed_library, tmp_path_factory):
    with serving(seed_library.folder, tmp_path_factory.mktemp("serve") / "serve.log") as url:
        yield url


def test_compose_flow_downloads_the_docx(server, tmp_path):
    from playwright.sync_api import sync_playwright

    complaints: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(
                accept_downloads=True, viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on(
                "console",
                lambda m: complaints.append(f"{m.type}: {m.text}") if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: complaints.append(f"pageerror: {e}"))

            page.goto(server + "/compose")
            page.fill("input[name=occasion]", "全县关工委工作会议")
            page.fill("input[name=speaker_role]", "县委书记")
            page.fill("input[name=year]", "2025")
            page.fill("input[name=place]", "于都县")
            page.fill("textarea[name=key_points]", "推进“五老”宣讲进校园")
            shot(page, "compose-occasion")
            page.click("form.spec button[type=submit]")

            page.wait_for_selector("ol.proposals")
            assert "篇讲话" in page.locator("ol.proposals > li").first.inner_text()
            shot(page, "compose-outline")
            page.click("form.choose-outline button[type=submit]")

            page.wait_for_selector("form.passages")
            sections = page.locator("fieldset.section")
            assert sections.count() >= 1
            # The writer renames the first section and also picks the second candidate if any.
            page.fill("input[name=heading_0]", "一、提高站位，凝聚关心下一代工作合力")
            boxes = page.locator("input[name=pick_0]")
            if boxes.count() > 1:
                boxes.nth(1).check()
            shot(page, "compose-passages")
            page.click("form.passages button[type=submit]")

            page.wait_for_selector("article.draft")
            assert (
                page.locator("article.draft p.level-1").first.inner_text()
                == "一、提高站位，凝聚关心下一代工作合力"
            )
            assert page.locator("article.draft .placeholder").count() > 0
            assert page.locator("ol.sources li").count() > 0
            shot(page, "compose-draft")
            with page.expect_download() as info:
                page.click("#download-docx")
            path = tmp_path / "draft.docx"
            info.value.save_as(path)
            with page.expect_download() as clean_info:
                page.click("#download-print")
            clean = tmp_path / "draft.print.docx"
            clean_info.value.save_as(clean)
            context.close()
        finally:
            browser.close()
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "县委书记在全县关工委工作会议上的讲话"
    assert "一、提高站位，凝聚关心下一代工作合力" in texts
    assert "【须写入的要点：推进“五老”宣讲进校园】" in texts
    assert "附：引文来源" in texts
    clean_texts = [p.text for p in Document(str(clean)).paragraphs]
    assert "一、提高站位，凝聚关心下一代工作合力" in clean_texts
    assert "附：引文来源" not in clean_texts
    assert not [
        c
        for c in complaints
        if "Content Security Policy" in c or "Refused" in c or "pageerror" in c
    ]


def test_format_my_own_draft_in_the_browser(server, tmp_path):
    from playwright.sync_api import sync_playwright

    mine = tmp_path / "我的讲话.docx"
    doc = Document()
    for line in (
        "在全县关工委工作会议上的讲话",
        "同志们：",
        "一、提高认识",
        "关心下一代工作很重要。",
    ):
        doc.add_paragraph(line)
    doc.save(str(mine))
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(server + "/compose")
            page.click("#format-link")
            page.wait_for_selector("form.format")
            page.set_input_files("input[name=file]", str(mine))
            with page.expect_download() as info:
                page.click("#format-submit")
            out = tmp_path / "formatted.docx"
            info.value.save_as(out)
            context.close()
        finally:
            browser.close()
    laid = Document(str(out))
    texts = [p.text for p in laid.paragraphs if p.text]
    assert texts[:2] == ["在全县关工委工作会议上的讲话", "同志们："]
    heading = next(p for p in laid.paragraphs if p.text == "一、提高认识")
    assert heading.paragraph_format.keep_with_next
