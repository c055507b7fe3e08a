"""Saved quiz answers never lie: after the deck changes and the site is rebuilt, a saved answer
comes back only onto the same, unchanged question; changed questions start fresh; the home page
counts only answers to today's questions (deckdocs.site.progress, deckdocs-quiz.js).

Builds a project from a copy of the course deck, answers every question of one chapter, edits
that chapter's slide 9 and an unrelated slide, adds an editor's question (which shifts the
questions' positions), rebuilds and reloads.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser.answering import DECK, answer_all, build, course_project, quiz_state
from conftest import ROOT
from decks import new_project

pytestmark = pytest.mark.browser

CHAPTER = "02-wei-li-dai-cao-zuo-liu-cheng"
EDITOR_QUESTION = "问题：注册微粒贷后，用户还需绑定什么？\n- [x] 银行卡\n- [ ] 社保卡\n- [ ] 公交卡\n解析：注册后需绑定银行卡，用于贷款资金的转入和转出。"


def _edit_deck(path: Path) -> None:
    """Change one item's body on slide 9, one on slide 14 (another chapter), and add an editor's
    question to the notes of slide 8, the chapter's first slide."""
    from pptx import Presentation

    prs = Presentation(str(path))

    def retext(number: int, starts: str, text: str) -> None:
        shape = next(s for s in prs.slides[number - 1].shapes if s.has_text_frame and s.text_frame.text.startswith(starts))
        shape.text_frame.paragraphs[0].runs[0].text = text
        for run in shape.text_frame.paragraphs[0].runs[1:]:
            run.text = ""

    retext(9, "完成信息填写后", "信息填写完整后，用户在线提交贷款申请，由系统自动审核。")
    retext(14, "微粒贷需制定明确的催收策略", "微粒贷依法合规催收，以短信提醒为主。")
    prs.slides[7].notes_slide.notes_text_frame.text = EDITOR_QUESTION
    prs.save(str(path))


def _never_lies(quiz) -> None:
    """'回答正确！' only on a right answer; a right answer never shown as wrong."""
    shown = quiz_state(quiz)
    if shown["feedback"] is None:
        return
    boxes = quiz.locator("input[name='answer']").all()
    blanks = quiz.locator("input.quiz-blank-input").all()
    if boxes:
        is_right = all(b.is_checked() == (b.get_attribute("data-correct") is not None) for b in boxes)
    else:
        is_right = all(b.input_value().strip().lower() == (b.get_attribute("data-answer") or "").strip().lower()
                       for b in blanks)
    assert ("回答正确" in shown["feedback"]) == is_right, shown


def _progress_text(page, chapter: str) -> str:
    card = page.locator(".grid.cards li", has=page.locator(f"a[href$='{chapter}.html']"))
    box = card.locator(".dd-progress")
    return box.inner_text().strip() if box.count() and box.is_visible() else ""


def _home_with_progress_reads_well(browser, context, url: str) -> None:
    """With progress shown: axe finds nothing serious in either palette, 375 px does not scroll sideways."""
    from axe_playwright_python.sync_playwright import Axe

    state = context.storage_state()
    for origin in state["origins"]:  # the learner's answers, but not the palette Material remembered
        origin["localStorage"] = [i for i in origin["localStorage"] if not i["name"].endswith("__palette")]
    for scheme in ("light", "dark"):
        other = browser.new_context(color_scheme=scheme, locale="zh-CN", storage_state=state)
        try:
            page = other.new_page()
            page.goto(url + "index.html")
            page.locator(".dd-progress:not([hidden])").first.wait_for(state="visible")
            assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
            violations = Axe().run(page).response["violations"]
            assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == [], scheme
            page.set_viewport_size({"width": 375, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        finally:
            other.close()


def test_saved_answers_come_back_only_onto_unchanged_questions(browser, served, tmp_path):
    project = course_project(tmp_path / "project")
    build(project)
    url = served(project / "site")
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "index.html")
        assert _progress_text(page, CHAPTER) == ""  # nothing saved: nothing shown

        page.goto(url + f"{CHAPTER}.html")
        page.wait_for_selector(".quiz label")
        before = answer_all(page)
        assert len(before) >= 5 and None not in before
        assert f"deckdocs-quiz:{CHAPTER}" in page.evaluate("Object.keys(localStorage)")
        sidebar = page.locator("#quiz-progress-sidebar").inner_text()  # Chinese forms (issue 14)
        assert re.search(r"已答 \d+ / \d+（100%）", sidebar) and not re.search(r"[:()]", sidebar), sidebar
        page.goto(url + "index.html")
        right = sum(a["right"] for a in before.values())
        assert _progress_text(page, CHAPTER) == f"已全部作答，答对 {right}／{len(before)} 题"

        _edit_deck(project / "source_slides" / DECK.name)
        build(project)

        page.goto(url + "index.html")  # the home page first: it must not count stale answers
        page.reload()
        page.goto(url + f"{CHAPTER}.html")
        page.wait_for_selector(".quiz label")
        quizzes = page.locator(".quiz")
        now = [quizzes.nth(i).get_attribute("data-deckdocs-key") for i in range(quizzes.count())]
        kept = [k for k in now if k in before]
        fresh = [k for k in now if k not in before]
        assert kept, "every question of the chapter changed: the test shows nothing"
        assert fresh, "no question changed: the edit did not reach the chapter's questions"
        for i, key in enumerate(now):
            quiz = quizzes.nth(i)
            shown = quiz_state(quiz)
            if key in before:
                expected = before[key]
                assert shown["checked"] + shown["typed"] == expected["chosen"], key
                assert shown["feedback"] is not None and ("回答正确" in shown["feedback"]) == expected["right"], key
            else:
                assert shown == {"feedback": None, "checked": [], "typed": []}, key
            _never_lies(quiz)

        # mkdocs-quiz's own entry (what the SCORM adapter scores) holds only the answers kept.
        entries = page.evaluate(f"JSON.parse(localStorage.getItem('quiz_progress_/{CHAPTER}.html'))")
        assert sorted(entries) == sorted(f"quiz-{now.index(k)}" for k in kept)

        page.goto(url + "index.html")
        kept_right = sum(before[k]["right"] for k in kept)
        assert _progress_text(page, CHAPTER) == f"已答 {len(kept)}／{len(now)} 题，答对 {kept_right} 题"
        _home_with_progress_reads_well(browser, context, url)
        assert errors == []
    finally:
        context.close()


PRACTICE = """---
quiz:
  enabled: true
---

# 练习

<quiz>
微粒贷由[[微众银行]]提供，最高额度为[[20万元]]。
</quiz>

<quiz>
以下哪些属于贷款申请的步骤？
- [x] 填写贷款申请信息
- [x] 签署贷款合同
- [ ] 催收策略制定
</quiz>

<quiz>
微粒贷的还款方式是？
- [ ] 只能一次还清
- [x] 可以提前还款
</quiz>
"""


def test_every_kind_of_question_comes_back_only_onto_itself(browser, served, tmp_path):
    project = new_project(tmp_path / "project")
    docs = project / "docs"
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "practice.md").write_text(PRACTICE, encoding="utf-8")

    def build():
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                                capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT / "tools"), "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr

    build()
    url = served(project / "site")
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url + "practice.html")
        page.wait_for_selector(".quiz label")
        blank, multiple, single = (page.locator(".quiz").nth(i) for i in range(3))
        blank.locator("input.quiz-blank-input").first.fill("微众银行")  # the second blank left empty
        blank.locator("button.quiz-button:not(.quiz-reset-button)").click()
        assert "（未填写）" in blank.locator(".quiz-feedback").inner_text()
        for text in ("填写贷款申请信息", "签署贷款合同"):
            multiple.locator("label", has_text=text).click()
        multiple.locator("button.quiz-button:not(.quiz-reset-button)").click()
        single.locator("label", has_text="只能一次还清").click()
        shown = [quiz_state(q) for q in (blank, multiple, single)]
        assert [s["feedback"].split("\n")[0] for s in shown] == ["回答错误。", "回答正确！", "回答错误。"]
        assert shown[0]["typed"] == ["微众银行"] and shown[1]["checked"] == ["填写贷款申请信息", "签署贷款合同"]

        page.reload()
        page.wait_for_selector(".quiz label")
        assert [quiz_state(page.locator(".quiz").nth(i)) for i in range(3)] == shown

        (docs / "practice.md").write_text(PRACTICE.replace("签署贷款合同", "在线签署电子合同"), encoding="utf-8")
        build()
        page.reload()
        page.wait_for_selector(".quiz label")
        again = [quiz_state(page.locator(".quiz").nth(i)) for i in range(3)]
        assert again == [shown[0], {"feedback": None, "checked": [], "typed": []}, shown[2]]
        for i in range(3):
            _never_lies(page.locator(".quiz").nth(i))
    finally:
        context.close()
