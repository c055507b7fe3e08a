"""Editors curate generated questions in ``source_slides/quiz.yml``; ``deckdocs quiz`` lists the bank."""

from __future__ import annotations

import shutil

import pytest

from deckdocs.cli import main
from deckdocs.errors import QuizFileError
from deckdocs.pipeline import convert, question_bank
from deckdocs.quiz.curate import load_curation

from conftest import ROOT


@pytest.fixture
def project(tmp_path, course_deck):
    """Return a slides folder holding the course deck, its glossary and quiz.yml."""
    slides = tmp_path / "source_slides"
    slides.mkdir()
    shutil.copy(course_deck, slides / course_deck.name)
    shutil.copy(ROOT / "source_slides" / "glossary.yml", slides / "glossary.yml")
    shutil.copy(ROOT / "source_slides" / "quiz.yml", slides / "quiz.yml")
    return slides


def _deck(project):
    return next(project.glob("*.pptx"))


def test_the_shipped_quiz_file_is_empty_and_explains_itself_in_chinese():
    text = (ROOT / "source_slides" / "quiz.yml").read_text(encoding="utf-8")
    assert text.startswith("# 测验题目审校") and "deckdocs quiz" in text
    curation = load_curation(ROOT / "source_slides" / "quiz.yml")
    assert curation.drops == () and curation.fixes == ()


def test_a_dropped_question_leaves_the_site_and_a_fixed_one_reads_as_the_editor_wrote_it(project):
    bank = question_bank((_deck(project),))
    quiz = bank.chapters[1].questions
    dropped = next(q for q in quiz if q.kind != "editor")
    fixed = next(q for q in quiz if q.kind not in ("editor", "true-false") and q is not dropped)
    wrong = next(o.text for o in fixed.options if not o.is_correct)
    (project / "quiz.yml").write_text(
        f"# 审校\ndrop:\n  - {dropped.key}  # 太简单\nfix:\n  {fixed.key}:\n    question: 编辑改写的题干？\n"
        f"    options:\n      {wrong}: 编辑改写的选项\n", encoding="utf-8")
    again = question_bank((_deck(project),))
    assert dropped.key not in {q.key for q in again.questions}
    (mine,) = [q for q in again.questions if q.key == fixed.key]
    assert mine.prompt == "编辑改写的题干？" and "编辑改写的选项" in [o.text for o in mine.options]
    assert again.problems == ()
    pages = b"".join(f.content for f in convert([_deck(project)]).files if f.path.endswith(".md")).decode()
    assert dropped.prompt not in pages and "编辑改写的题干？" in pages


def test_an_unknown_id_is_a_warning_naming_the_file_and_line(project, capsys):
    (project / "quiz.yml").write_text("drop:\n  - tf-0000000000\nfix:\n  cloze-1111111111:\n    question: 新题干\n",
                                      encoding="utf-8")
    bank = question_bank((_deck(project),))
    messages = [p.message for p in bank.problems]
    assert any("quiz.yml: line 2: no question has the id 'tf-0000000000'" in m for m in messages), messages
    assert any("quiz.yml: line 4: no question has the id 'cloze-1111111111'" in m for m in messages), messages
    assert main(["quiz", "--source", str(project)]) == 0
    assert "quiz.yml: line 2" in capsys.readouterr().err


@pytest.mark.parametrize("text, what", [
    ("drop: tf-1\n", "line 1: drop: takes a list"),
    ("remove:\n  - tf-1\n", "line 1: unknown key 'remove'"),
    ("fix:\n  tf-1:\n    answer: 甲\n", "line 3: unknown key 'answer'"),
    ("drop:\n  - [unclosed\n", "not valid YAML"),
])
def test_a_malformed_quiz_file_is_bad_input_with_the_line(project, capsys, text, what):
    (project / "quiz.yml").write_text(text, encoding="utf-8")
    with pytest.raises(QuizFileError, match="quiz.yml"):
        load_curation(project / "quiz.yml")
    assert main(["quiz", "--source", str(project)]) == 2
    err = capsys.readouterr().err
    assert what in err and err.count("\n") == 1 and "Traceback" not in err


def test_deckdocs_quiz_lists_id_kind_slide_score_place_question_and_answer(project, capsys):
    assert main(["quiz", "--source", str(project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split("\t") for line in lines if "\t" in line]
    bank = question_bank((_deck(project),))
    assert len(rows) == len(bank.questions)
    ident, kind, slide, score, where, prompt, answer = rows[0]
    assert ident == bank.questions[0].key and slide.startswith("幻灯片 ") and answer.startswith("答案：")
    assert {r[1] for r in rows} >= {"情景题", "排序题", "选词填空", "判断题", "术语题"}
    generated = [(r, q) for r, q in zip(rows, bank.questions) if q.kind != "editor"]
    assert all(r[3] == f"{q.score} 分" for r, q in generated)
    on_pages = {q.key for quiz in bank.chapters for q in (*quiz.questions, *quiz.final)}
    assert {r[0] for r, _ in generated if r[4] == "页面"} == {q.key for _, q in generated} & on_pages
    assert {r[4] for r, _ in generated} == {"页面", "题库"}  # fewer on the pages than in the bank
    assert main(["quiz", "--source", str(project), "--kind", "scenario"]) == 0
    assert all(line.split("\t")[1] == "情景题" for line in capsys.readouterr().out.splitlines() if "\t" in line)


def test_deckdocs_quiz_on_a_missing_deck_is_bad_input(tmp_path, capsys):
    assert main(["quiz", str(tmp_path / "nope.pptx")]) == 2
    assert "no such deck" in capsys.readouterr().err
