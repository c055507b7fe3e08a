"""The deck's own look: its theme colours in the header and links (light and dark), its logo as
logo and favicon, a Chinese footer, CJK punctuation drawn by a CJK font, and 1280 px screenshots."""

from __future__ import annotations

import base64
import re

import pytest

from deckdocs.look import LOGO_STEM, SLATE_BG, contrast, site_colors
from deckdocs.read import read_deck

pytestmark = pytest.mark.browser

WIDTH = 1280
FIRST_CHAPTER = re.compile(r"^01-.*\.html$")


@pytest.fixture(scope="module")
def colors(course_deck):
    return site_colors(read_deck(course_deck).theme)


def rgb(hex_rgb: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_wears_the_decks_colour_and_links_stay_readable(browser, site_url, pages, colors, scheme):
    context = browser.new_context(color_scheme=scheme, locale="zh-CN", viewport={"width": WIDTH, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + next(p for p in pages if FIRST_CHAPTER.match(p)), wait_until="networkidle")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        link = page.evaluate("getComputedStyle(document.querySelector('.md-content a.dd-term')).color")
    finally:
        context.close()
    assert header == rgb(colors.primary)
    expected_link = colors.primary if scheme == "light" else colors.link_dark
    assert link == rgb(expected_link)
    if scheme == "dark":
        assert contrast(expected_link, SLATE_BG) >= 4.5


def test_the_decks_logo_is_the_logo_and_the_favicon(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    assert page.locator("link[rel=icon]").get_attribute("href").endswith(f"/{LOGO_STEM}.png")  # made absolute by Material
    logo = page.locator(".md-header__button.md-logo img")
    assert logo.get_attribute("src").endswith(f"/{LOGO_STEM}.png")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", logo.element_handle())


def test_the_footer_is_chinese(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    footer = page.locator(".md-copyright").inner_text()
    assert "本站根据培训课件生成" in footer
    assert not re.search(r"[A-Za-z]", footer)


def test_chinese_punctuation_is_drawn_by_a_cjk_font(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'dd-punct';
        p.textContent = '“？”！：（）'; document.querySelector('article').append(p); }""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#dd-punct"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    # Before: Liberation Sans drew the quotes, half-width beside the CJK ？！：（）.
    assert [f["familyName"] for f in fonts] and all("CJK" in f["familyName"] for f in fonts), fonts


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "chapter"])
def test_screenshots_at_1280_px(browser, site_url, pages, screenshots_dir, colors, which, scheme):
    path = "index.html" if which == "home" else next(p for p in pages if FIRST_CHAPTER.match(p))
    context = browser.new_context(color_scheme=scheme, locale="zh-CN", viewport={"width": WIDTH, "height": 900},
                                  device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        out = screenshots_dir / f"{which}-{WIDTH}-{scheme}.png"
        page.screenshot(path=str(out))
        # The header's middle, right of the title, is the deck's primary colour in the picture too.
        pixel = page.evaluate("""async (src) => {
            const img = new Image(); img.src = src; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            return Array.from(g.getImageData(700, 4, 1, 1).data.slice(0, 3)); }""",
            "data:image/png;base64," + base64.b64encode(out.read_bytes()).decode())
    finally:
        context.close()
    assert "".join(f"{v:02X}" for v in pixel) == colors.primary
