"""Accessibility: axe finds no serious or critical violation on the home page, a chapter, the
glossary and a quiz page, in the light and the dark palette; the keyboard alone reaches search,
quizzes and the glossary's tooltips."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
FIRST_CHAPTER = re.compile(r"^01-.*\.html$")


def _kind_path(kind: str, pages, quiz_pages, glossary_page) -> str:
    if kind == "home":
        return "index.html"
    if kind == "chapter":
        return next(p for p in pages if FIRST_CHAPTER.match(p))
    if kind == "glossary":
        if glossary_page is None:
            pytest.skip("the site has no glossary page yet")
        return glossary_page
    if not quiz_pages:
        pytest.skip("the site has no quiz yet")
    return quiz_pages[0]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "chapter", "glossary", "quiz"])
def test_axe_finds_nothing_serious(browser, axe, site_url, pages, quiz_pages, glossary_page, kind, scheme):
    path = _kind_path(kind, pages, quiz_pages, glossary_page)
    context = browser.new_context(color_scheme=scheme, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        violations = axe.run(page).response["violations"]
    finally:
        context.close()
    blocking = [f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes']][:5]}"
                for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{path} ({scheme})"


def _tab_until(page, selector: str, limit: int) -> bool:
    """Press Tab until the focused element matches ``selector``; return whether it got there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def test_slash_focuses_search_and_the_keyboard_opens_a_result(page, site_url):
    from playwright.sync_api import expect

    page.goto(site_url + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    # Keys typed while the search worker still loads its index are not searched for.
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("初始化", timeout=15000)
    page.keyboard.type("利率")
    # Playwright inserts Chinese text without key events; an IME commits with a keystroke,
    # and Material searches on its keyup.
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__list a.md-search-result__link").first).to_be_visible(timeout=15000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.errors == []


def test_tab_reaches_search_from_the_top_of_the_page(page, site_url):
    page.goto(site_url + "index.html")
    assert _tab_until(page, ".md-search__input", limit=10)


def test_tab_reaches_a_quiz_and_the_keyboard_answers_it(page, site_url, quiz_pages):
    if not quiz_pages:
        pytest.skip("the site has no quiz yet")
    page.goto(site_url + quiz_pages[0])
    assert _tab_until(page, "div.quiz input", limit=400)
    kind, box = page.evaluate("[document.activeElement.type, document.activeElement.id]")
    if kind in ("radio", "checkbox"):
        page.keyboard.press("Space")
        assert page.locator(f"[id='{box}']").is_checked()
    else:
        page.keyboard.type("答")
        assert page.evaluate("document.activeElement.value") == "答"
    assert page.errors == []


TERM = "a.dd-term[title], abbr[title], a.dd-term, abbr"


def test_tab_to_a_glossary_term_shows_its_definition(page, site_url, site_dir, pages):
    term_pages = [p for p in pages if FIRST_CHAPTER.match(p) or re.match(r"^0\d-", p)]
    with_terms = [p for p in term_pages if re.search(r'class="dd-term"|<abbr title=', (site_dir / p).read_text("utf-8"))]
    if not with_terms:
        pytest.skip("no chapter links glossary terms yet")
    path = with_terms[0]
    page.goto(site_url + path)
    first = page.locator(".md-content").locator(TERM).first
    definition = first.get_attribute("title") or ""
    assert definition.strip(), "a glossary term carries its definition in its title"
    assert _tab_until(page, ".md-content " + TERM.replace(", ", ", .md-content "), limit=400)
    # The tooltips of the links tabbed past may still be fading out: look for this term's.
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active", has_text=definition.strip()[:10])
    tooltip.first.wait_for(state="visible", timeout=3000)
    assert page.errors == []
