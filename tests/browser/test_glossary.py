"""Glossary terms on the built course site, as a reader meets them: a term in a chapter shows
its definition on hover and on keyboard focus, and clicking it opens the 术语表 at its entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckdocs.glossary.terms_data import TERMS_DATA

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TERM = "等额本息"  # used, not defined, on a slide: its definition comes from glossary.yml
TOOLTIP = ".md-tooltip2--active"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture(scope="session")
def definition() -> str:
    path = ROOT / "docs" / TERMS_DATA
    if not path.exists():
        pytest.skip(f"docs/{TERMS_DATA} is not generated yet: run 'deckdocs extract'")
    terms = json.loads(path.read_text(encoding="utf-8"))["terms"]
    return next(t["tooltip"] for t in terms if t["name"] == TERM)


@pytest.fixture(scope="session")
def chapter(site_dir, definition) -> str:
    """The site-relative path of the first chapter page that links the term."""
    marker = f'title="{definition}">{TERM}</a>'
    for page in sorted(site_dir.rglob("*.html")):
        if marker in page.read_text(encoding="utf-8"):
            return page.relative_to(site_dir).as_posix()
    pytest.fail(f"no page of the built site links {TERM} to the glossary")


def term_link(page):
    return page.locator("article a.dd-term", has_text=TERM)


def test_hovering_a_term_shows_its_definition(page, site_url, chapter, definition):
    page.goto(site_url + chapter)
    link = term_link(page)
    expect(link).to_have_count(1)  # the first occurrence only
    link.hover()
    expect(page.locator(TOOLTIP)).to_have_text(definition)
    page.mouse.move(0, 0)
    expect(page.locator(TOOLTIP)).to_have_count(0)
    assert page.errors == []


def test_tabbing_to_a_term_shows_its_definition(page, site_url, chapter, definition):
    page.goto(site_url + chapter)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('dd-term') && "
                         f"document.activeElement.textContent === {json.dumps(TERM)}"):
            break
    else:
        pytest.fail(f"Tab never reached the {TERM} link")
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_have_text(definition)
    described_by = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described_by and page.locator(f"#{described_by}").inner_text().strip() == definition


def test_clicking_a_term_opens_the_glossary_at_its_entry(page, site_url, chapter):
    page.goto(site_url + chapter)
    term_link(page).click()
    page.wait_for_function(f"decodeURIComponent(location.hash) === {json.dumps('#' + TERM)}")
    assert "glossary" in page.url
    entry = page.locator(f'[id="{TERM}"]')
    expect(entry).to_contain_text(TERM)
    expect(entry).to_be_in_viewport()
    assert page.locator("article a.dd-term").count() == 0  # no term links on the glossary itself


def test_the_letter_bar_jumps_to_a_letter(page, site_url, chapter):
    page.goto(site_url + chapter)
    term_link(page).click()
    page.wait_for_function("location.hash.length > 1")
    page.locator(".dd-glossary-letters a", has_text="D").click()
    expect(page.locator('[id="letter-d"]')).to_be_in_viewport()
    expect(page.locator('[id="letter-d"] ~ h3').first).to_be_visible()
