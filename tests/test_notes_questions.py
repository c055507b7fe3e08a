"""quiz.notes: editors' questions in the speaker notes — per-option feedback (反馈：) and the line the
editor sees in PowerPoint's notes pane."""

from __future__ import annotations

import pytest

from cli_run import run
from decks import SlideSpec, Text, Title, build_deck
from deckdocs import convert
from deckdocs.errors import QuizFormatError
from deckdocs.quiz.notes import parse_notes

FEEDBACK_QUESTION = """问题：车险出险后第一步应该做什么？
- [ ] 先把车开去修理厂
反馈：先修车会失去定损依据，保险公司可能拒赔。
- [x] 及时报案并保护现场
反馈：没错，报案和现场照片是理赔的依据。
- [ ] 等一周再联系保险公司
> 报案有时限，拖延可能影响理赔。
解析：出险后应立即报案、保护现场，等保险公司定损后再修车。"""


def test_each_option_may_have_its_own_feedback_on_the_line_under_it():
    (question,) = parse_notes(FEEDBACK_QUESTION).questions
    assert [text for text, _ in question.options] == ["先把车开去修理厂", "及时报案并保护现场", "等一周再联系保险公司"]
    assert question.feedback == ("先修车会失去定损依据，保险公司可能拒赔。", "没错，报案和现场照片是理赔的依据。",
                                 "报案有时限，拖延可能影响理赔。")
    assert question.explanation == "出险后应立即报案、保护现场，等保险公司定损后再修车。"


def test_feedback_is_optional_per_option_and_survives_blank_lines_and_half_width_colons():
    notes = "问题：哪一项是寿险？\n- [x] 定期寿险\n\n反馈: 以被保险人的生死为保险事故。\n- [ ] 车损险\n- [ ] 财产险\n点评：保的是财产，不是人。"
    (question,) = parse_notes(notes).questions
    assert question.feedback == ("以被保险人的生死为保险事故。", "", "保的是财产，不是人。")


@pytest.mark.parametrize("notes, line, what", [
    ("问题：反馈在选项前？\n反馈：太早了\n- [x] 甲\n- [ ] 乙", 2, "反馈 comes before the options"),
    ("问题：反馈在解析后？\n- [x] 甲\n- [ ] 乙\n解析：因为\n反馈：太晚了", 5, "反馈 comes after 解析"),
    ("问题：两条反馈？\n- [x] 甲\n反馈：一\n反馈：二\n- [ ] 乙", 4, "has a second 反馈 line"),
    ("问题：空反馈？\n- [x] 甲\n反馈：\n- [ ] 乙", 3, "has no text"),
])
def test_a_misplaced_feedback_line_is_reported_at_its_line(notes, line, what):
    parsed = parse_notes(notes, slide=4, path="保险.pptx")
    (problem,) = parsed.problems
    assert isinstance(problem, QuizFormatError) and problem.line == line and what in problem.message
    assert parsed.questions == () and "反馈" not in parsed.text


def test_the_feedback_reaches_the_chapter_quiz_under_its_option(tmp_path):
    deck = build_deck(tmp_path / "车险.pptx", [
        SlideSpec([Title("车险理赔")]),
        SlideSpec([Title("出险以后"), Text(1, 2, 8, 1, "出险后应立即报案并保护现场。")], notes=FEEDBACK_QUESTION),
    ])
    page = next(f.content.decode() for f in convert([deck]).files if f.path.startswith("01-"))
    quiz = page[page.index("<quiz>\n车险出险后第一步应该做什么？"):]
    quiz = quiz[:quiz.index("</quiz>")]
    assert "- [ ] 先把车开去修理厂\n> 回答错误。先修车会失去定损依据，保险公司可能拒赔。\n" in quiz
    assert "- [x] 及时报案并保护现场\n> 没错，报案和现场照片是理赔的依据。\n" in quiz
    assert "- [ ] 等一周再联系保险公司\n> 回答错误。报案有时限，拖延可能影响理赔。\n" in quiz


@pytest.mark.parametrize("notes, line", [
    ("\n\n问题：没有正确答案？\n- [ ] 甲\n- [ ] 乙", 3),  # two empty lines above it in the notes pane
    ("讲稿第一句\v第二句\n\n问题：没有正确答案？\n- [ ] 甲\n- [ ] 乙", 4),  # a line break (Shift+Enter) is a line too
    ("讲稿。\n\n\n\n问题：没有正确答案？\n- [ ] 甲\n- [ ] 乙", 5),
])
def test_a_question_without_a_right_answer_is_reported_at_the_line_of_the_notes_pane(tmp_path, capsys, monkeypatch,
                                                                                    notes, line):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")], notes=notes)])
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "extract")
    assert code == 0
    assert f"slide 2: notes line {line}: question '没有正确答案？' has no right answer" in err
    assert f"1 question left out: slide 2, notes line {line}" in out
