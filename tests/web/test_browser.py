"""A real browser (Debian's chromium through Playwright) against `jianghua serve` over the seeds:
search, open a result, click an outline entry, toggle the original, see the copies, fetch the
DOCX, and no Content-Security-Policy complaint on the way.

Set JIANGHUA_SCREENSHOTS=docs/screenshots to save the README's screenshots of the main pages.
"""

import io

import docx
import pytest
from live_server import needs_chromium, serving, shot
from web_seeds import speech_at

pytestmark = needs_chromium


@pytest.fixture()
def page(browser):
    context = browser.new_context(accept_downloads=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_lines = []
    page.on("console", lambda m: page.console_lines.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.console_lines.append(f"pageerror: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and page.console_lines.append(f"error: {r.status} {r.url}"),
    )
    yield page
    context.close()


def no_csp_complaints(page) -> None:
    bad = [
        line
        for line in page.console_lines
        if "Content Security Policy" in line
        or "Refused to" in line
        or line.startswith(("error", "pageerror"))
    ]
    assert not bad, bad


def test_search_open_outline_original(page, server, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 4)  # seed 000 篇一: "机关党建具有“风向标”作用" (line 7)
    page.goto(server + "/")
    shot(page, "home")
    page.fill("form.search-big input[name=q]", "风向标")
    page.press("form.search-big input[name=q]", "Enter")
    page.wait_for_selector("article.hit")
    assert page.locator("article.hit mark").first.inner_text() == "风向标"
    shot(page, "results")
    page.click(f'article.hit[data-id="{sid}"] h2 a')
    page.wait_for_url(f"**/speech/{sid}?q=*")
    assert page.locator("section.text .hl").first.inner_text() == "风向标"

    entry = page.locator('nav.outline a[href="#sec-2"]')
    label = entry.inner_text()
    entry.click()
    page.wait_for_url(f"**/speech/{sid}?q=*#sec-2")
    assert "current" in entry.get_attribute("class")
    target = page.locator("section.text p.target")
    assert target.count() == 1 and label[:6] in target.inner_text()
    assert target.evaluate("p => p.getBoundingClientRect().top < window.innerHeight")
    shot(page, "reader")

    toggle = page.locator("#toggle-original")
    assert toggle.is_visible() and not page.locator("#original").is_visible()
    toggle.click()
    assert page.locator("#original").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert "〔删除：合集标题〕" in page.locator("#original").inner_text()  # collection title
    page.locator("#original").evaluate("e => e.scrollIntoView()")
    shot(page, "original")
    toggle.click()
    assert not page.locator("#original").is_visible()
    no_csp_complaints(page)


def test_copies_of_a_copied_speech_and_docx(page, server, seeds_folder):
    sid = speech_at(seeds_folder, "000_", 88)  # three times in seed 000, a 文库 copy in 003
    page.goto(f"{server}/speech/{sid}")
    sources = page.locator("section.sources li")
    assert sources.count() == 3
    assert "第124–128行" in sources.nth(1).inner_text()
    family = page.locator("section.family").inner_text()
    assert "003_a3b6fd45c63e6c7c.txt" in family
    href = page.locator("a[href$='/download.docx']").get_attribute("href")
    response = page.request.get(server + href)  # fetched by the browser context, not saved
    assert response.ok
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.body())).paragraphs)
    plain = page.locator("section.text p:not(:has(.role-label))").first.inner_text().strip()
    assert plain and plain in text
    no_csp_complaints(page)


def test_the_csp_really_blocks_inline_script(page, server):
    page.goto(server + "/")
    ran = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener("securitypolicyviolation",
                (e) => resolve({blocked: e.violatedDirective, ran: window.__inline === 1}));
            const s = document.createElement("script");
            s.textContent = "window.__inline = 1";
            document.body.appendChild(s);
            setTimeout(() => resolve({blocked: null, ran: window.__inline === 1}), 2000);
        })"""
    )
    assert ran == {"blocked": "script-src-elem", "ran": False}


def test_a_token_protected_server_in_a_browser(page, seeds_folder, tmp_path):
    with serving(seeds_folder, tmp_path / "serve.log", token="browser-token") as url:
        refused = page.goto(url + "/")
        assert refused.status == 401
        page.fill("input[name=token]", "browser-token")  # the form the 401 page offers
        page.press("input[name=token]", "Enter")
        page.wait_for_selector("form.search-big")
        assert page.url == url + "/"  # the token left the address bar
        page.fill("form.search-big input[name=q]", "风向标")
        page.press("form.search-big input[name=q]", "Enter")
        page.wait_for_selector("article.hit")  # later pages need no token: the cookie carries it
        assert "token" not in page.url
        # the refused first visit (the page and the browser's favicon request), nothing after it
        expected = [line for line in page.console_lines if "401" in line]
        assert f"error: 401 {url}/" in expected
        assert all(
            line == f"error: 401 {url}/" or "status of 401 (Unauthorized)" in line
            for line in expected
        ), expected
        page.console_lines[:] = [line for line in page.console_lines if line not in expected]
        no_csp_complaints(page)


DRAFT = "同志们：今天我们召开全县工作会议，主要任务是总结过去一年的工作，部署今年的任务。"


def test_the_check_forms_work_on_a_token_protected_server(browser, seeds_folder, tmp_path):
    # With a token the browser's credential is a cookie: the forms must carry the CSRF token.
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_lines = []
    page.on("console", lambda m: page.console_lines.append(f"{m.type}: {m.text}"))
    with serving(seeds_folder, tmp_path / "serve.log", token="browser-token") as url:
        page.goto(url + "/?token=browser-token")
        page.goto(url + "/check")
        page.fill("form.check-form textarea[name=text]", DRAFT)
        page.click("form.check-form button[type=submit]")
        page.wait_for_selector("div.draft")
        assert DRAFT in page.locator("div.draft").inner_text()
        with page.expect_download() as info:
            page.click("form.downloads button[type=submit]")
        path = tmp_path / "report.docx"
        info.value.save_as(path)
        assert DRAFT in "\n".join(p.text for p in docx.Document(path).paragraphs)
        no_csp_complaints(page)
    context.close()


@pytest.mark.parametrize("token", [None, "browser-token"])
def test_another_sites_form_cannot_post_to_the_server(page, seeds_folder, tmp_path, token):
    with serving(seeds_folder, tmp_path / "serve.log", token=token) as url:
        if token:
            page.goto(f"{url}/?token={token}")  # the user is signed in: the cookie is set
        # a page of another site, as the browser sees it, posting a form to the library
        evil = (
            f'<form method="post" action="{url}/api/check" enctype="multipart/form-data">'
            f'<input name="text" value="{DRAFT}"><button id="go">go</button></form>'
        )
        page.route(
            "http://evil.example/",
            lambda route: route.fulfill(status=200, content_type="text/html", body=evil),
        )
        page.goto("http://evil.example/")
        with page.expect_response(f"{url}/api/check") as info:
            page.click("#go")
        response = info.value
        assert response.status == 403
        # the browser asked for a page: it gets the error page, in Chinese
        assert "拒绝跨站请求" in response.text()
        assert "text/html" in response.headers["content-type"]
