"""A learner's saved answers survive an edit elsewhere (issue 20): answer every question of
every chapter but one, change one word of a slide in that one, rebuild, reload: every answer
comes back, on every one of those chapters, but to a question that uses the edited item (made
from its slide, or quoting it in an option, its feedback or the explanation).

Two things are checked apart. That an answer to a question still on the page is restored is
the site's (deckdocs-quiz.js) and must hold today. That no question of the untouched chapters
changed is the quiz bank's locality, rebuilt on developer iquiz's branch: until it is merged, a
question lost there is an expected failure (QUIZ_BANK_IS_LOCAL); set it to True after merging.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from decks import new_project

pytestmark = pytest.mark.browser

DECK = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
EDITED_SLIDE, OLD, NEW = 13, "部署先进的交易监控系统", "部署成熟的交易监控系统"  # chapter 3
FEWEST = 3  # questions a 本章自测 has at least (tests/test_quiz.py): every one of them is answered
EDITED_ITEM = "交易监控系统"  # the heading of the item edited; its body quotes it too
QUIZ_BANK_IS_LOCAL = True  # the quiz bank decides per question
QUIZ_BANK_XFAIL = ("a question of a chapter the edit does not touch changed: the quiz bank's own locality is "
                   "rebuilt in quiz/bank.py on developer iquiz's branch; set QUIZ_BANK_IS_LOCAL once merged")


def build(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build", "--no-pdf"], cwd=project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def edit_one_word(path: Path) -> None:
    from pptx import Presentation

    prs = Presentation(str(path))
    runs = [r for s in prs.slides[EDITED_SLIDE - 1].shapes if s.has_text_frame
            for p in s.text_frame.paragraphs for r in p.runs if OLD in r.text]
    assert runs, f"{OLD!r} is not on slide {EDITED_SLIDE}"
    runs[0].text = runs[0].text.replace(OLD, NEW)
    prs.save(str(path))


def keys_using(deck: Path) -> set[str]:
    """Return the page keys (deckdocs.site.progress) of the questions that use the edited item:
    made from its slide, or quoting the item (an option, its feedback, the explanation). Those
    may change with it; no other may."""
    from deckdocs.pipeline import question_bank
    from deckdocs.quiz import render_question
    from deckdocs.site.progress import question_keys

    bank = question_bank((deck,))
    return {question_keys(markdown)[0] for q in (*bank.questions, *bank.final)
            for markdown in (render_question(q, q.source.page_path),)
            if q.slide == EDITED_SLIDE or EDITED_ITEM in markdown}


def chapters_elsewhere(deck: Path) -> list[str]:
    """Return the stems of the chapters without the edited slide: those the learner answers."""
    from deckdocs.pipeline import outline_decks

    (course,) = outline_decks((deck,))
    return [c.stem for c in course.chapters if EDITED_SLIDE not in c.slide_numbers]


def answer_all(page) -> dict[str, dict]:
    """Answer every question of the page, right and wrong in turn; return, by question key, the
    chosen options' texts (or the words typed) and whether the answer was right."""
    answered = {}
    quizzes = page.locator(".quiz")
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        quiz.scroll_into_view_if_needed()
        right = i % 2 == 0
        blanks = quiz.locator("input.quiz-blank-input")
        if blanks.count():
            chosen = [blanks.nth(j).get_attribute("data-answer") if right else "不知道" for j in range(blanks.count())]
            for j, words in enumerate(chosen):
                blanks.nth(j).fill(words)
        else:
            picks = quiz.locator("input[data-correct]").all() if right else [quiz.locator("input:not([data-correct])").first]
            chosen = []
            for box in picks:
                label = quiz.locator(f"label[for='{box.get_attribute('id')}']")
                chosen.append(label.inner_text().strip())
                label.click()
        submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
        if submit.count() and submit.first.is_visible():
            submit.first.click()
        quiz.locator(".quiz-feedback").wait_for(state="visible")
        answered[quiz.get_attribute("data-deckdocs-key")] = {"chosen": chosen, "right": right}
    return answered


def shown(quiz) -> dict:
    """What a question shows: the checked options' texts or the typed words, and whether its
    feedback says right (None without feedback)."""
    feedback = quiz.locator(".quiz-feedback")
    checked = [quiz.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
               for box in quiz.locator("input[name='answer']:checked").all()]
    typed = [t for t in (box.input_value() for box in quiz.locator("input.quiz-blank-input").all()) if t]
    right = ("回答正确" in feedback.inner_text()) if feedback.is_visible() else None
    return {"chosen": checked + typed, "right": right}


def test_every_answer_of_five_chapters_comes_back_after_a_slide_elsewhere_changed(browser, served, tmp_path):
    project = new_project(tmp_path / "project")
    for source in DECK.parent.iterdir():  # the deck and the editors' glossary.yml and quiz.yml
        if source.is_file():
            shutil.copy(source, project / "source_slides" / source.name)
    build(project)
    url = served(project / "site")
    answered = chapters_elsewhere(project / "source_slides" / DECK.name)
    assert len(answered) >= 5
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        before = {}
        for chapter in answered:
            page.goto(url + f"{chapter}.html")
            page.wait_for_selector(".quiz label")
            before[chapter] = answer_all(page)
            assert len(before[chapter]) >= FEWEST and None not in before[chapter], chapter
        assert sum(len(answers) for answers in before.values()) >= 20

        may_change = keys_using(project / "source_slides" / DECK.name)
        edit_one_word(project / "source_slides" / DECK.name)
        build(project)

        lost, wrong = [], []
        for chapter in answered:
            page.goto(url + f"{chapter}.html")
            page.reload()
            page.wait_for_selector(".quiz label")
            quizzes = page.locator(".quiz")
            now = {quizzes.nth(i).get_attribute("data-deckdocs-key"): quizzes.nth(i) for i in range(quizzes.count())}
            lost += [f"{chapter}: {key}" for key in before[chapter] if key not in now and key not in may_change]
            for key, answer in before[chapter].items():
                if key in now and shown(now[key]) != answer:
                    wrong.append(f"{chapter}: {key} shows {shown(now[key])}, was answered {answer}")
        # The site's part: an answer to a question that is still there is restored as given.
        assert wrong == [] and errors == []
        # The quiz bank's part: no question of a chapter the edit does not touch changed.
        if lost and not QUIZ_BANK_IS_LOCAL:
            pytest.xfail(f"{QUIZ_BANK_XFAIL}: {lost}")
        assert lost == [], f"answers lost with their questions: {lost}"
    finally:
        context.close()
