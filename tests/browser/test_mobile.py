"""On a phone (375 px wide): no page scrolls sideways, wide tables scroll inside their own box,
quiz controls can be tapped, and screenshots of the home page and a chapter show the page."""

from __future__ import annotations

import base64
import re
import struct

import pytest

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 812  # an iPhone X/11 Pro class screen, in CSS pixels

# Count the colours of a picture, sampling every 97th pixel: a blank page has one or two.
_COLOURS = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const canvas = document.createElement('canvas'); canvas.width = img.width; canvas.height = img.height;
  const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
  const data = g.getImageData(0, 0, img.width, img.height).data;
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  return seen.size;
}"""


@pytest.fixture()
def phone(browser, recording_page):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    yield recording_page(context)
    context.close()


def test_no_page_scrolls_sideways(phone, site_url, pages):
    for path in pages:
        phone.goto(site_url + path, wait_until="networkidle")
        widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                                " document.body.scrollWidth]")
        assert widths[0] <= widths[1] and widths[2] <= widths[1], (path, widths)
    assert phone.errors == []


def test_wide_tables_scroll_inside_their_own_box(phone, site_url, site_dir, pages):
    with_tables = [p for p in pages if "<table" in (site_dir / p).read_text(encoding="utf-8")]
    if not with_tables:
        pytest.skip("the course has no table")
    scrolled = 0
    for path in with_tables:
        phone.goto(site_url + path, wait_until="networkidle")
        boxes = phone.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => {
            const r = w.getBoundingClientRect();
            return {right: r.right, overflow: getComputedStyle(w).overflowX,
                    wide: w.scrollWidth > w.clientWidth, focusable: w.tabIndex >= 0};
        })""")
        assert boxes, path  # Material wraps every table in a scroll box
        for box in boxes:
            assert box["right"] <= WIDTH + 0.5, (path, box)
            assert box["overflow"] in ("auto", "scroll"), (path, box)
            assert box["focusable"], (path, box)  # keyboard users can scroll it too
            scrolled += box["wide"]
    if scrolled:
        wrap = phone.locator(".md-typeset__scrollwrap").first
        assert wrap.evaluate("w => { w.scrollLeft = 40; return w.scrollLeft > 0 || w.scrollWidth <= w.clientWidth }")


def test_quiz_controls_can_be_tapped(phone, site_url, quiz_pages):
    if not quiz_pages:
        pytest.skip("the site has no quiz yet")
    phone.goto(site_url + quiz_pages[0], wait_until="networkidle")
    quiz = phone.locator("div.quiz").first
    quiz.scroll_into_view_if_needed()
    for label in quiz.locator("label").all():
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5, box
        assert box["height"] >= 40, box  # a finger-sized target
    right = quiz.locator("input[data-correct='true']")
    blanks = quiz.locator("input.quiz-blank-input")
    if right.count():
        quiz.locator(f"label[for='{right.first.get_attribute('id')}']").tap()
        submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
        if submit.count() and submit.first.is_visible():
            submit.first.tap()
    else:
        blanks.first.tap()
        blanks.first.fill(blanks.first.get_attribute("data-answer"))
        quiz.locator("button.quiz-button:not(.quiz-reset-button)").first.tap()
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible", timeout=5000)
    assert feedback.bounding_box()["width"] <= WIDTH
    assert phone.errors == []


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("which", ["home", "chapter"])
def test_screenshots_show_the_page_at_phone_width(phone, site_url, pages, screenshots_dir, which):
    path = "index.html" if which == "home" else next(p for p in pages if re.match(r"^01-.*\.html$", p))
    phone.goto(site_url + path, wait_until="networkidle")
    out = screenshots_dir / f"{which}-{WIDTH}-light.png"
    phone.screenshot(path=str(out), full_page=True)
    png = out.read_bytes()
    width, height = _png_size(png)
    assert width == WIDTH
    assert height >= HEIGHT
    assert phone.evaluate(_COLOURS, "data:image/png;base64," + base64.b64encode(png).decode()) >= 8
    # The page's title is on screen, not cut off or pushed aside.
    h1 = phone.locator("article h1").first.bounding_box()
    assert 0 <= h1["x"] and h1["x"] + h1["width"] <= WIDTH
