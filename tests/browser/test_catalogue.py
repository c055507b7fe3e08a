"""A site of two courses: the first course's home shows the second as a catalogue card, and the
card shows the learner's progress read from the answers the quizzes saved in the browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SECOND = "wei-li-dai-jin-jie-pei-xun-ke-cheng"


@pytest.fixture(scope="module")
def two_courses(tmp_path_factory):
    from test_two_courses import build_two_courses

    return build_two_courses(tmp_path_factory.mktemp("catalogue") / "project") / "site"


def test_the_catalogue_card_shows_progress_in_the_other_course(browser, recording_page, served, two_courses):
    url = served(two_courses)
    context = browser.new_context(locale="zh-CN")
    page = recording_page(context)
    try:
        page.goto(url + "index.html")
        card = page.locator(".grid.cards li", has=page.locator(f"a[href$='{SECOND}/index.html']"))
        assert card.count() == 1
        assert "6 章" in card.inner_text() and "阅读约" in card.inner_text()
        assert not card.locator(".dd-progress").is_visible(), "no answers yet: no progress shown"

        page.goto(url + f"{SECOND}/01-wei-li-dai-gai-shu.html")
        quiz = page.locator("div.quiz").first
        quiz.scroll_into_view_if_needed()
        box = quiz.locator("input[data-correct]").first
        quiz.locator(f"label[for='{box.get_attribute('id')}']").click()
        submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
        if submit.count() and submit.first.is_visible():
            submit.first.click()
        quiz.locator(".quiz-feedback").wait_for(state="visible")

        page.goto(url + "index.html")
        progress = card.locator(".dd-progress")
        progress.wait_for(state="visible")
        assert any(ch.isdigit() for ch in progress.inner_text())
        assert page.errors == []
    finally:
        context.close()
