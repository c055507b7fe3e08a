"""Quizzes in the browser: right/wrong feedback in Chinese, the explanation with its source,
progress kept across a reload and across Material's instant navigation.

Runs against the repo's real site (the ``site_dir`` build of docs/). Until ``deckdocs extract``
writes the quizzes (docs/quiz.md and the 本章自测 sections) the tests skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def _page_path(site_dir: Path, page: Path) -> str:
    path = page.relative_to(site_dir).as_posix()
    return path[: -len("index.html")] if path.endswith("index.html") else path


@pytest.fixture(scope="session")
def quiz_pages(site_dir) -> dict[str, list[str]]:
    """The built pages with quizzes: {"chapters": [...], "final": [...]}, site-relative URLs."""
    if not (ROOT / "docs" / "quiz.md").exists():
        pytest.skip("docs/ has no quizzes yet: `deckdocs extract` does not write docs/quiz.md")
    chapters, final = [], []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="quiz"' not in text:
            continue
        if 'id="本章自测"' in text:
            chapters.append(_page_path(site_dir, page))
        elif 'id="综合测验"' in text:
            final.append(_page_path(site_dir, page))
    assert chapters, "no chapter page has a 本章自测 section with quizzes"
    assert final, "the 综合测验 page has no quizzes"
    return {"chapters": chapters, "final": final}


def _fresh(page, url: str) -> None:
    """Open ``url`` with no saved quiz progress."""
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector(".quiz label")


def _answer(page, index: int, *, right: bool):
    quiz = page.locator(".quiz").nth(index)
    quiz.scroll_into_view_if_needed()
    choice = "input[data-correct] + label" if right else "input:not([data-correct]) + label"
    quiz.locator(choice).first.click()
    return quiz


def _feedback(quiz) -> str:
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible")
    return feedback.inner_text().strip()


def test_a_right_and_a_wrong_answer_show_feedback_and_survive_a_reload(page, site_url, quiz_pages):
    _fresh(page, site_url + quiz_pages["chapters"][0])
    assert "答题记录保存在本机浏览器中" in page.locator(".md-content").inner_text()
    assert page.locator(".quiz .quiz-number").first.inner_text().strip() == "第 1 题"

    right = _answer(page, 0, right=True)
    assert _feedback(right) == "回答正确！"
    explanation = right.locator("section.content")
    assert explanation.is_visible()
    assert "出处：" in explanation.inner_text()
    assert re.search(r"#\S+$", explanation.locator("a").last.get_attribute("href"))

    wrong = _answer(page, 1, right=False)
    assert "回答错误。" in _feedback(wrong)  # then, for a generated question, what the option is about
    assert "wrong" in (wrong.locator("input:checked").locator("xpath=..").get_attribute("class") or "")
    assert "correct" in (wrong.locator("input[data-correct]").first.locator("xpath=..").get_attribute("class") or "")
    assert wrong.locator("section.content").is_visible()

    page.reload()
    page.wait_for_selector(".quiz label")
    assert _feedback(page.locator(".quiz").nth(0)) == "回答正确！"
    assert "回答错误。" in _feedback(page.locator(".quiz").nth(1))
    assert page.locator(".quiz").nth(0).locator("input[data-correct]").first.is_checked()
    progress = page.locator("#quiz-progress-sidebar, #quiz-progress-mobile").filter(has_text="已答").first
    assert re.search(r"已答\s*2\s*/", progress.text_content())
    assert page.errors == []


def _serve_sitemap(page, site_url: str, site_dir: Path) -> None:
    """Answer sitemap.xml with the pages at the test server's address.

    Material's instant navigation only takes over links to pages listed in sitemap.xml, whose
    addresses come from ``site_url`` (set by the Pages workflow through SITE_URL, and unknown
    for a server on a random port). The sitemap served here is the one a build with
    SITE_URL = ``site_url`` would have.
    """
    locs = "".join(f"<url><loc>{site_url}{_page_path(site_dir, p)}</loc></url>"
                   for p in sorted(site_dir.rglob("*.html")) if p.name != "404.html")
    body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    page.route("**/sitemap.xml", lambda route: route.fulfill(status=200, content_type="application/xml", body=body))


def test_quizzes_work_and_keep_progress_across_instant_navigation(page, site_url, site_dir, quiz_pages):
    _serve_sitemap(page, site_url, site_dir)
    first, final = quiz_pages["chapters"][0], quiz_pages["final"][0]
    page.goto(site_url)
    page.evaluate("localStorage.clear()")
    page.wait_for_load_state("networkidle")  # the sitemap has arrived
    page.evaluate("window.__deckdocsStay = 'same document'")

    page.locator(f".md-content a[href$='{first}']").first.click()  # the home page's 目录
    page.wait_for_url(f"**/{first}")
    page.wait_for_selector(".quiz label")
    assert page.evaluate("window.__deckdocsStay") == "same document", "the switch was a full page load"
    assert _feedback(_answer(page, 0, right=True)) == "回答正确！"

    page.locator("a.md-footer__link--next").click()  # on to the next page, still instant
    page.wait_for_function("(first) => !location.pathname.endsWith(first)", arg=first)
    page.locator("a.md-footer__link--prev").click()  # and back
    page.wait_for_url(f"**/{first}")
    page.wait_for_selector(".quiz label")
    assert page.evaluate("window.__deckdocsStay") == "same document"
    assert _feedback(page.locator(".quiz").nth(0)) == "回答正确！"  # progress restored
    assert "回答错误。" in _feedback(_answer(page, 1, right=False))  # and answering still works

    page.goto(site_url + final)
    page.wait_for_selector(".quiz label")
    assert "回答错误。" in _feedback(_answer(page, 0, right=False))
    assert page.locator(".quiz").count() >= 5
    assert page.errors == []
