"""The site as hosted: built like the Pages workflow builds it (SITE_URL set) and served under a
path, as GitHub Pages serves a project site. Titles, descriptions, sitemap and the 404 page."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE_NAME = "微粒贷基础知识培训课件课程"


def _front_matter(markdown: Path) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", markdown.read_text(encoding="utf-8"), re.DOTALL)
    return yaml.safe_load(match.group(1)) if match else {}


def _head(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    return (title.group(1).strip() if title else "", description.group(1) if description else "")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_page_takes_its_title_and_description_from_the_course(site_dir):
    docs = ROOT / "docs"
    checked = 0
    for markdown in sorted(docs.rglob("*.md")):
        meta = _front_matter(markdown)
        if not meta.get("title"):
            continue
        built = site_dir / markdown.relative_to(docs).with_suffix(".html")
        title, description = _head(built.read_text(encoding="utf-8"))
        expected = SITE_NAME if meta["title"] == SITE_NAME else f"{meta['title']} - {SITE_NAME}"
        assert html.unescape(title) == expected, built.name
        assert html.unescape(description) == meta["description"], built.name
        checked += 1
    assert checked >= 7  # home and the six chapters


def test_the_sitemap_lists_every_page_under_the_site_url(pages_site):
    tree = ET.parse(pages_site.dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert sorted(loc.removeprefix(pages_site.url) for loc in locs) == pages_site.pages
    assert (pages_site.dir / "sitemap.xml.gz").is_file()
    for loc in locs:
        assert _status(loc) == 200, loc


def test_pages_name_their_canonical_address_under_the_site_url(pages_site):
    for path in pages_site.pages:
        text = (pages_site.dir / path).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{pages_site.url}{path}">' in text, path


@pytest.mark.browser
def test_a_missing_address_shows_the_chinese_404_page_with_the_way_back(page, pages_site):
    base_url = pages_site.url
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(base_url + "no/such/page.html")
    assert response.status == 404
    assert failed == [base_url + "no/such/page.html"]  # the address itself; every asset loads
    page.errors.clear()  # Chromium logs the 404 of the address itself as a console error
    assert page.title().startswith("页面不存在")
    assert page.locator("h1").first.inner_text().startswith("页面不存在")
    # Styled and scripted like every page, even two folders down from where it is stored.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    from playwright.sync_api import expect

    page.get_by_role("link", name="查看课程目录").click()  # Material's instant loading swaps the page in
    expect(page.locator("h2#目录")).to_have_count(1)
    assert page.url.split("#")[0] == base_url + "index.html"
    assert page.errors == []


@pytest.mark.browser
def test_the_404_search_box_opens_the_site_search_with_the_query(page, pages_site):
    base_url = pages_site.url
    page.goto(base_url + "missing.html")
    page.errors.clear()  # the 404 of the address itself
    page.fill("#dd-404-q", "利率")
    with page.expect_navigation():
        page.press("#dd-404-q", "Enter")
    assert page.url.startswith(base_url + "index.html")
    search = page.locator(".md-search__input")
    assert search.input_value() == "利率"
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=15000)
    assert page.errors == []


PAGE_BUDGET_KB, INDEX_BUDGET_KB = 300, 100
_PACKED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff2", ".pdf"}


def _gzip_size(path: Path) -> int:
    import gzip

    data = path.read_bytes()
    return len(data) if path.suffix in _PACKED else len(gzip.compress(data, 6, mtime=0))


def test_the_search_index_stays_under_100_kb_compressed(site_dir):
    assert _gzip_size(site_dir / "search" / "search_index.json") < INDEX_BUDGET_KB * 1024


def test_quiz_scripts_load_only_on_pages_with_quizzes(site_dir, pages, quiz_pages):
    scripted = [p for p in pages if "mkdocsQuizConfig" in (site_dir / p).read_text(encoding="utf-8")]
    assert scripted == quiz_pages


@pytest.mark.browser
def test_no_page_transfers_over_300_kb_on_first_load(browser, site_url, site_dir, pages):
    """Every file a fresh browser fetches for the page, gzipped as a host sends it; the search
    index aside (it has its own budget). ``benchmarks/page_weight.py`` prints the table."""
    from urllib.parse import unquote, urlsplit

    weights = {}
    for path in pages:
        context = browser.new_context()
        page = context.new_page()
        fetched: set[str] = set()
        page.on("request", lambda r: fetched.add(r.url))
        page.goto(site_url + path, wait_until="networkidle")
        context.close()
        files = {unquote(urlsplit(u).path).lstrip("/") or "index.html" for u in fetched if u.startswith(site_url)}
        weights[path] = sum(_gzip_size(site_dir / f) for f in files
                            if (site_dir / f).is_file() and not f.startswith("search/search_index"))
    heavy = {p: f"{w / 1024:.0f} KB" for p, w in weights.items() if w > PAGE_BUDGET_KB * 1024}
    assert heavy == {}
