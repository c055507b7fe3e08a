"""A learner at work on the course site: build a project of the course deck, answer a page's
questions, read back what a question shows (the saved-answers, SCORM and xAPI browser tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from decks import new_project

DECK = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"


def course_project(folder: Path) -> Path:
    """Return a new project in ``folder`` with the course deck and the editors' glossary.yml and quiz.yml."""
    project = new_project(folder)
    for source in DECK.parent.iterdir():
        if source.is_file():
            shutil.copy(source, project / "source_slides" / source.name)
    return project


def build(project: Path) -> None:
    """Run ``deckdocs build --no-pdf`` in ``project``; it must succeed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build", "--no-pdf"], cwd=project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def answer_quiz(quiz, *, right: bool) -> list[str]:
    """Answer the question ``quiz`` as a reader does: the right options or words, or one wrong
    option or wrong words; return the chosen options' texts or the words typed."""
    quiz.scroll_into_view_if_needed()
    blanks = quiz.locator("input.quiz-blank-input")
    if blanks.count():
        chosen = [blanks.nth(j).get_attribute("data-answer") if right else "不知道" for j in range(blanks.count())]
        for j, words in enumerate(chosen):
            blanks.nth(j).fill(words)
    else:
        boxes = quiz.locator("input[data-correct='true']" if right else "input[name='answer']:not([data-correct])").all()
        chosen = []
        for box in boxes if right else boxes[:1]:
            label = quiz.locator(f"label[for='{box.get_attribute('id')}']")
            chosen.append(label.inner_text().strip())
            label.click()
    submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
    if submit.count() and submit.first.is_visible():
        submit.first.click()
    quiz.locator(".quiz-feedback").wait_for(state="visible", timeout=5000)
    return chosen


def answer(content, index: int, *, right: bool) -> str:
    """Answer the page's quiz ``index`` (:func:`answer_quiz`); return its content key."""
    quiz = content.locator("div.quiz").nth(index)
    answer_quiz(quiz, right=right)
    return quiz.get_attribute("data-deckdocs-key")


def answer_all(page) -> dict[str, dict]:
    """Answer every question of the page, right and wrong in turn; return, by question key, the
    chosen options' texts (or the words typed) and whether the answer was right."""
    answered = {}
    quizzes = page.locator(".quiz")
    for i in range(quizzes.count()):
        right = i % 2 == 0
        chosen = answer_quiz(quizzes.nth(i), right=right)
        answered[quizzes.nth(i).get_attribute("data-deckdocs-key")] = {"chosen": chosen, "right": right}
    return answered


def quiz_state(quiz) -> dict:
    """What a question shows: its feedback (or None), the checked options' texts, the typed words."""
    feedback = quiz.locator(".quiz-feedback")
    checked = [quiz.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
               for box in quiz.locator("input[name='answer']:checked").all()]
    typed = [box.input_value() for box in quiz.locator("input.quiz-blank-input").all()]
    return {"feedback": feedback.inner_text().strip() if feedback.is_visible() else None,
            "checked": checked, "typed": [t for t in typed if t]}
