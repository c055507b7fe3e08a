"""progress: question keys from each <quiz> block's content, stamped on mkdocs-quiz's markup;
progress boxes given today's keys; the progress script placed before mkdocs-quiz's scripts.
The browser side is tested in tests/browser/test_progress.py."""

from __future__ import annotations

import html as htmllib
import json
import re

from deckdocs.site.progress import (
    fill_progress, has_progress, insert_before_quiz_scripts, page_id, question_keys, script_tag, stamp_quiz_keys,
)

ONE = "<quiz>\n微粒贷由哪家银行提供？\n- [ ] 招商银行\n- [x] 微众银行\n</quiz>"
TWO = "<quiz>\n2 + 2 = [[4]]\n</quiz>"


def test_a_question_keeps_its_key_wherever_it_stands_on_the_page():
    first = question_keys(f"# 页\n\n{ONE}\n\n{TWO}\n")
    moved = question_keys(f"# 页\n\n前言\n\n{TWO}\n\n文字\n\n{ONE}\n")
    assert len(first) == 2 and len(set(first)) == 2
    assert moved == (first[1], first[0])
    assert all(re.fullmatch(r"[0-9a-f]{8}", key) for key in first)


def test_any_change_to_a_question_gives_it_a_new_key():
    key = question_keys(ONE)[0]
    assert question_keys(ONE.replace("招商银行", "网商银行")) != (key,)  # a distractor
    assert question_keys(ONE.replace("[ ] 招商银行\n- [x] 微众银行", "[x] 微众银行\n- [ ] 招商银行")) != (key,)  # order
    assert question_keys(ONE.replace("[ ] 招商", "[x] 招商")) != (key,)  # which are right
    assert question_keys(ONE.replace("？", "？  ").replace("\n- [x]", "\n-  [x]")) == (key,)  # white space only


def test_identical_questions_on_one_page_get_distinct_keys():
    keys = question_keys(f"{ONE}\n\n{ONE}\n\n{ONE}")
    assert keys == (keys[0], keys[0] + "-2", keys[0] + "-3")


def test_quiz_blocks_inside_code_are_not_questions():
    assert len(question_keys(f"```\n{ONE}\n```\n\n{TWO}")) == 1


def test_keys_are_stamped_on_mkdocs_quiz_divs_by_their_number():
    html = ('<div class="quiz" data-show-correct="true" id="quiz-0"><p>a</p></div>'
            '<div class="quiz quiz-fill-blank" data-quiz-type="fill-blank" id="quiz-1"></div>')
    stamped = stamp_quiz_keys(html, ("aaaa1111", "bbbb2222"))
    assert 'id="quiz-0" data-deckdocs-key="aaaa1111"' in stamped
    assert 'id="quiz-1" data-deckdocs-key="bbbb2222"' in stamped


def test_the_script_goes_before_mkdocs_quiz_scripts_and_is_called_with_the_page():
    page = '<div class="quiz" id="quiz-0"></div><style></style><script type="text/javascript">\nwindow.mkdocsQuizTranslations = {};</script>'
    tag = script_tag("/* notes */\nwindow.deckdocsQuiz = function (page) {\n  // why\n  go(page);\n};\n", "course/02-liu-cheng.md")
    assert tag == '<script>window.deckdocsQuiz = function (page) {\ngo(page);\n};\ndeckdocsQuiz("course/02-liu-cheng");</script>'
    placed = insert_before_quiz_scripts(page, tag)
    assert placed.index(tag) < placed.index("mkdocsQuizTranslations")
    assert insert_before_quiz_scripts("<p>no quiz</p>", tag) is None
    assert script_tag("x();") == '<script>x();\ndeckdocsQuiz("");</script>'


def progress_box(*pages: str) -> str:  # as deckdocs.render writes it on the home page
    return f'<span class="dd-progress" data-quiz-pages="{" ".join(pages)}" hidden></span>'


def test_progress_boxes_get_todays_keys_and_boxes_without_questions_go():
    html = (f"<p>{progress_box('01-a.md')}</p><p>{progress_box('glossary.md')}</p>"
            "<li>" + progress_box("01-a.md", "b/02-b.md").replace("hidden", 'hidden=""') + "</li>")  # as lxml writes it
    assert has_progress(html)
    filled = fill_progress(html, {"01-a.md": ("k1", "k2"), "b/02-b.md": ("k3",), "glossary.md": ()})
    boxes = re.findall(r"<(p|span) class=\"dd-progress\" data-quiz-keys='([^']*)' hidden></\1>", filled)
    assert [(tag, json.loads(htmllib.unescape(value))) for tag, value in boxes] == [
        ("p", {"01-a": ["k1", "k2"]}), ("span", {"01-a": ["k1", "k2"], "b/02-b": ["k3"]})]
    assert "glossary" not in filled and "<p></p>" not in filled
    assert not has_progress(filled)


def test_page_ids_are_docs_paths_without_md():
    assert page_id("01-a.md") == "01-a" and page_id("course/quiz.md") == "course/quiz"
