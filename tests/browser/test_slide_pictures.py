"""Slide pictures in the browser: lazy thumbnails beside each section, full size on click (also
after instant navigation and from file://), and one remembered switch that hides them all.

Screenshots of a chapter with its pictures (1280 and 375 px, light and dark) are saved in
``benchmarks/out/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

CHAPTER = "02-wei-li-dai-cao-zuo-liu-cheng.html"  # its first slide, the 5-step flow, is worth seeing


@pytest.fixture(scope="module")
def chapter(site_dir) -> str:
    if not (site_dir / CHAPTER).is_file():
        pytest.skip(f"the course has no {CHAPTER}")
    if 'class="dd-slide-picture"' not in (site_dir / CHAPTER).read_text(encoding="utf-8"):
        pytest.fail("the committed docs/ has no slide pictures: run `deckdocs extract` with LibreOffice installed")
    return CHAPTER


def test_every_slide_section_has_a_lazy_thumbnail_with_its_size_and_alt_text(page, site_url, chapter):
    page.goto(site_url + chapter, wait_until="networkidle")
    sections = page.evaluate("""() => [...document.querySelectorAll('article h2')].filter(h => {
        const note = h.nextElementSibling; return note && note.matches('p.dd-slide'); }).map(h => {
        const fig = h.nextElementSibling.nextElementSibling;
        const img = fig && fig.matches('figure.dd-slide-picture') ? fig.querySelector('img') : null;
        return {slide: h.nextElementSibling.dataset.slide, title: h.textContent.replace('¶', '').trim(),
                img: img && {loading: img.getAttribute('loading'), width: img.getAttribute('width'),
                             height: img.getAttribute('height'), alt: img.alt}};
    })""")
    assert len(sections) >= 3
    for section in sections:
        img = section["img"]
        assert img is not None, section
        assert img["loading"] == "lazy" and img["width"] == "1280" and int(img["height"]) > 0, section
        assert img["alt"].startswith(f"幻灯片 {section['slide']}：{section['title']}"), section
        assert len(img["alt"]) <= 80, section
    assert page.errors == []


def open_lightbox(page) -> dict:
    page.locator("figure.dd-slide-picture a").first.click()
    shown = page.locator(".glightbox-container .gslide-image img").first
    shown.wait_for(state="visible", timeout=5000)
    # full size once the zoom-in has played: wider than the 1280 px window's half
    page.wait_for_function("img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 600",
                           arg=shown.element_handle())
    size = shown.evaluate("img => ({natural: img.naturalWidth, shown: img.getBoundingClientRect().width})")
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached", timeout=5000)
    return size


def test_a_click_shows_the_slide_full_size_also_after_instant_navigation(page, pages_site, chapter):
    # Material navigates instantly only on a site with site_url: the site as the Pages workflow builds it
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(pages_site.url + "01-wei-li-dai-gai-shu.html", wait_until="networkidle")
    assert open_lightbox(page)["natural"] == 1280
    page.evaluate("window.ddSamePage = true")  # survives instant navigation, not a full load
    page.locator("a.md-footer__link--next").click()  # to the next chapter, by Material's instant navigation
    page.wait_for_url(re.compile(re.escape(chapter)))
    page.locator("figure.dd-slide-picture").first.wait_for()
    assert page.evaluate("window.ddSamePage === true")
    assert open_lightbox(page)["natural"] == 1280
    assert page.errors == []


def test_a_reader_can_hide_all_slide_pictures_and_the_choice_is_remembered(page, site_url, chapter):
    page.goto(site_url + chapter, wait_until="networkidle")
    toggle = page.locator("button.dd-slides-toggle")
    assert toggle.inner_text() == "隐藏幻灯片图片" and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.inner_text() == "显示幻灯片图片" and toggle.get_attribute("aria-pressed") == "true"
    assert page.locator("figure.dd-slide-picture").evaluate_all("figs => figs.every(f => !f.offsetParent)")
    page.goto(site_url + "01-wei-li-dai-gai-shu.html", wait_until="networkidle")
    assert not page.locator("figure.dd-slide-picture").first.is_visible()
    page.locator("button.dd-slides-toggle").click()
    page.reload(wait_until="networkidle")
    assert page.locator("figure.dd-slide-picture").first.is_visible()
    assert page.errors == []


def test_from_disk_the_pictures_open_and_hide_as_well(page, file_url, chapter):
    page.goto(file_url + chapter)
    assert open_lightbox(page)["natural"] == 1280
    page.locator("button.dd-slides-toggle").click()
    assert not page.locator("figure.dd-slide-picture").first.is_visible()
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_a_chapter_with_its_slide_pictures(browser, recording_page, site_url, chapter, width, scheme, screenshots_dir):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, locale="zh-CN",
                                  device_scale_factor=1, is_mobile=width < 600, has_touch=width < 600)
    page = recording_page(context)
    page.goto(site_url + chapter, wait_until="networkidle")
    first = page.locator("figure.dd-slide-picture img").first
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    page.evaluate("window.scrollTo(0, 0)")
    box = first.bounding_box()
    if width >= 1280:  # beside the text: a thumbnail on the right
        assert box["x"] > width / 2 and box["width"] < width / 3
    else:  # on a phone: the width of the text, and no sideways scroll
        assert box["width"] > width * 0.8
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(screenshots_dir / f"chapter-{width}-{scheme}.png"), full_page=False)
    assert page.errors == []
    context.close()
