"""speaker_notes: stage directions stay with the trainer; reminders and discussion prompts reach learners."""

from __future__ import annotations

import pytest

from cli_run import one_error_line, run
from decks import SlideSpec, Text, Title, build_deck
from deckdocs import convert
from deckdocs.quiz.notes import blank_questions
from deckdocs.render import render_notes
from deckdocs.speaker_notes import NoteRole, classify_notes, learner_parts

QUESTION = "问题：保单的犹豫期一般多长？\n- [ ] 三天\n- [x] 十五天\n解析：一般为十五天。"


def roles(notes: str) -> list[tuple[str, str]]:
    return [(p.role.value, p.text) for p in classify_notes(notes)]


@pytest.mark.parametrize("direction", [
    "开场先请大家说说各自买过哪些保险。",
    "三种险种从左到右讲解，重点放在意外险。",
    "按箭头顺序讲解理赔的四个步骤。",
    "本页按编号顺序讲，每条一句话带过。",
    "可请学员举例说明身边的理赔纠纷。",
    "讲解顺序：先定义，后案例。",
    "这一部分用时约 10 分钟。",
    "引导学员对比两种缴费方式。",
    "Introduce yourself and the agenda.",
])
def test_stage_directions_of_any_course_are_for_the_trainer_only(direction):
    (part,) = classify_notes(direction)
    assert part.role is NoteRole.TRAINER
    assert learner_parts(direction) == () and render_notes(direction) == ""


def test_explaining_to_customers_is_what_learners_learn_not_a_stage_direction():
    assert roles("向客户讲解利率时，要说明是年化利率。") == [("note", "向客户讲解利率时，要说明是年化利率。")]
    assert roles("向客户讲解利率前，可请学员两人一组练习。")[0][0] == "trainer"  # 可请学员 still directs the class


def test_reminders_and_discussion_prompts_stay_for_learners_under_their_own_titles():
    notes = "提醒学员：犹豫期内退保，保险公司应退还全部保费。\n\n讨论：如果你是投保人，会怎样比较两份保单？"
    assert roles(notes) == [("point", "犹豫期内退保，保险公司应退还全部保费。"),
                            ("discussion", "如果你是投保人，会怎样比较两份保单？")]
    page = render_notes(notes)
    assert page == ('!!! tip dd-notes "要点提示"\n\n    犹豫期内退保，保险公司应退还全部保费。\n\n'
                    '!!! question dd-notes "思考与讨论"\n\n    如果你是投保人，会怎样比较两份保单？')


def test_a_reminder_inside_a_stage_direction_reaches_learners_without_the_direction():
    notes = "按时间顺序讲解三个节点，提醒学员每次变更都要本人签字确认。"
    assert roles(notes) == [("trainer", "按时间顺序讲解三个节点"), ("point", "每次变更都要本人签字确认。")]
    assert "讲解" not in render_notes(notes)


def test_other_explanations_stay_as_a_collapsed_supplement_sentence_by_sentence():
    notes = "本案例为虚构。可请学员分享亲身经历。"
    assert roles(notes) == [("note", "本案例为虚构。"), ("trainer", "可请学员分享亲身经历。")]
    assert render_notes(notes) == '??? note dd-notes "补充说明"\n\n    本案例为虚构。'


def test_an_editors_label_overrides_the_rules_both_ways():
    assert roles("讲师：这个数字每年更新，课前核对。") == [("trainer", "这个数字每年更新，课前核对。")]
    assert roles("【讲师】这个数字每年更新。") == [("trainer", "这个数字每年更新。")]
    assert roles("说明：本页按编号顺序排列的是法定步骤。") == [("note", "本页按编号顺序排列的是法定步骤。")]
    assert roles("要点：先讲条件再讲金额的合同最容易误读。") == [("point", "先讲条件再讲金额的合同最容易误读。")]
    # the generic 注意 / 提示 do not make a stage direction public
    assert roles("注意：本页不要讲太久。") == [("trainer", "注意：本页不要讲太久。")]


def test_a_label_holds_for_the_lines_under_it_up_to_a_blank_line_but_not_for_stage_directions():
    notes = "讨论：\n1. 哪种缴费方式更适合刚工作的人？\n2. 可请学员分组回答。\n\n保费按年缴纳。"
    assert roles(notes) == [("discussion", "1. 哪种缴费方式更适合刚工作的人？"), ("trainer", "2. 可请学员分组回答。"),
                            ("note", "保费按年缴纳。")]
    assert "1\\. 哪种缴费方式" in render_notes(notes)  # escaped: not a markdown list


def test_every_part_keeps_the_notes_line_the_editor_sees_even_around_a_question():
    notes = "先讲定义。\n\n" + QUESTION + "\n\n提醒学员：保单要自己读。"
    parts = classify_notes(blank_questions(notes))
    assert [(p.role.value, p.line) for p in parts] == [("trainer", 1), ("point", 8)]
    assert blank_questions(notes).count("\n") == notes.count("\n")


def test_learners_pages_hold_neither_stage_directions_nor_the_label_speaker_notes(tmp_path):
    deck = build_deck(tmp_path / "保险.pptx", [
        SlideSpec([Title("保险基础")]),
        SlideSpec([Title("犹豫期"), Text(1, 2, 8, 1, "投保后十五天内可以无条件退保。")],
                  notes="先请学员说说犹豫期的含义，再逐条讲解。\n\n提醒学员：退保要书面申请。\n\n" + QUESTION),
        SlideSpec([Title("理赔"), Text(1, 2, 8, 1, "出险后及时报案。")], notes="讨论：为什么要及时报案？"),
    ])
    pages = "".join(f.content.decode() for f in convert([deck]).files if f.path.endswith(".md"))
    for trainer_only in ("先请学员", "逐条讲解", "讲者备注"):
        assert trainer_only not in pages
    assert '!!! tip dd-notes "要点提示"\n\n    退保要书面申请。' in pages
    assert '!!! question dd-notes "思考与讨论"\n\n    为什么要及时报案？' in pages
    assert "犹豫期一般多长" in pages  # the editor's question is in the quiz, not in the notes


def test_inspect_shows_the_role_of_each_notes_line_and_why(tmp_path, capsys):
    deck = build_deck(tmp_path / "d.pptx", [SlideSpec([Title("甲")]), SlideSpec(
        [Title("乙"), Text(1, 2, 8, 1, "正文。")], notes="本页按编号顺序讲解。\n\n" + QUESTION + "\n\n讨论：为什么？")])
    code, out, _ = run(capsys, "inspect", str(deck), "--slide", "2")
    notes = [line.split() for line in out.splitlines() if line.strip().startswith("notes")]
    assert code == 0
    assert [(n[1], n[2], n[3]) for n in notes] == [("1", "trainer", "讲解提示"), ("3", "question", "编者题"),
                                                 ("8", "discussion", "思考与讨论")]
    assert "a stage direction (本页)" in out and "the trainer's handout only" in out


def test_the_trainers_handout_needs_the_decks(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    code, _, err = run(capsys, "pdf", "--notes", "--site", "site", "--source", "nowhere")
    assert code == 2 and "the slides folder does not exist" in one_error_line(err)
