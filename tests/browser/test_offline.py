"""No outside hosts, and offline too: the site asks no host but its own for anything, and the
same build works opened from disk (file://) — navigation, search and quizzes, no console error."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

# Tags that make the browser fetch something, and the attribute that says what.
_FETCHING = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?\s"
    r"(?:src|href|data|poster|srcset)=[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_CSS_OUTSIDE = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)(?:https?:)?//", re.IGNORECASE)


def test_no_built_file_points_the_browser_at_another_host(site_dir):
    offenders = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.name}: {m.group(0)[:80]}" for m in _FETCHING.finditer(text)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.name}: {m.group(0)}" for m in _CSS_OUTSIDE.finditer(text)]
    assert offenders == []


def test_the_offline_plugin_shim_is_shipped_not_fetched_from_a_cdn(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="javascripts/iframe-worker\.js"></script>', home)
    assert "unpkg.com" not in home
    assert (site_dir / "search" / "search_index.js").is_file()  # the index, inlined for file://


@pytest.mark.browser
def test_no_page_asks_another_host_for_anything(page, site_url, pages, outside_requests):
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
        assert outside_requests == [], path
        assert page.errors == [], (path, page.errors)
    # Search loads its worker and index only when used.
    page.goto(f"{site_url}?q={quote('贷款')}", wait_until="networkidle")
    page.locator(".md-search-result__meta").wait_for()
    page.wait_for_load_state("networkidle")
    assert outside_requests == []
    assert page.errors == []


def _open_from_disk(page, url: str):
    assert url.startswith("file://")
    page.goto(url)
    assert page.locator(".md-header").is_visible()


@pytest.mark.browser
def test_from_disk_every_chapter_opens_from_the_navigation(page, file_url, outside_requests):
    _open_from_disk(page, file_url + "index.html")
    links = page.locator(".md-nav--primary a.md-nav__link[href$='.html']")
    hrefs = [h for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
             if re.match(r"^0\d-", h)]
    assert len(hrefs) == 6
    for href in hrefs:
        page.goto(file_url + "index.html")
        with page.expect_navigation():
            page.locator(f".md-nav--primary a.md-nav__link[href='{href}']").first.click()
        assert page.url == file_url + href
        assert page.locator("article h1").count() == 1
        assert page.locator("article h2").count() >= 3
        # ... and back home through the header's logo link.
        with page.expect_navigation():
            page.locator(".md-header__button.md-logo").click()
        assert page.url == file_url + "index.html"
    assert page.errors == []
    assert outside_requests == []


@pytest.mark.browser
def test_from_disk_search_finds_a_chapter_and_opens_the_result(page, file_url, outside_requests):
    from playwright.sync_api import expect

    _open_from_disk(page, file_url + "index.html")
    page.keyboard.press("/")
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_contain_text("初始化", timeout=15000)  # the index is loaded (from search_index.js)
    page.keyboard.type("风险管理")
    # Playwright inserts Chinese text without key events; an IME commits with a keystroke,
    # and Material searches on its keyup.
    page.keyboard.press("End")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible()
    href = results.first.get_attribute("href")
    assert href.startswith(file_url)
    with page.expect_navigation():
        results.first.click()
    assert page.url.split("#")[0] == href.split("#")[0]
    assert "风险" in page.locator("article").inner_text()
    assert page.errors == []
    assert outside_requests == []


@pytest.mark.browser
def test_from_disk_quizzes_can_be_answered(page, file_url, quiz_pages, answer_quiz, outside_requests):
    if not quiz_pages:
        pytest.skip("the site has no quiz yet")
    for path in quiz_pages:
        _open_from_disk(page, file_url + path)
        assert "正确" in answer_quiz(page), path
    assert page.errors == []
    assert outside_requests == []


@pytest.mark.browser
def test_from_disk_opening_a_result_marks_the_words_on_the_page(page, file_url, outside_requests):
    from playwright.sync_api import expect

    _open_from_disk(page, file_url + "index.html")
    page.keyboard.press("/")
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=15000)
    page.keyboard.type("等额本息")
    page.keyboard.press("End")
    row = page.locator(".md-search-result__item > a.md-search-result__link").first
    expect(row).to_be_visible()
    assert "?h=" in row.get_attribute("href") and not row.get_attribute("href").split("?h=")[1].startswith("#")
    with page.expect_navigation():
        row.click()
    expect(page.locator("mark[data-md-highlight]").first).to_have_text("等额本息")
    # and a link typed by hand, as the README promises
    page.goto(page.url.split("?")[0] + "?h=" + "等额本息")
    expect(page.locator("mark[data-md-highlight]").first).to_have_text("等额本息")
    assert page.errors == []
    assert outside_requests == []
