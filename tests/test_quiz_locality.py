"""Quiz locality as a contract (issue 20 item 1, issue 21's starved second course): a question
depends only on the content it is made from, and so does where it goes (本章自测, 综合测验, or the
bank only). Tested as a property over seeded random single edits of the course: the questions
whose text, options or place changed are those of the edited slide, or those that borrowed from
it, never others."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace

import pytest

from deckdocs.glossary.file import GlossaryEntry, load_glossary_file
from deckdocs.model import Item, Paragraph, Run
from deckdocs.pipeline import outline_decks, question_bank
from deckdocs.quiz import build_question_bank

from conftest import ROOT

GLOSSARY = ROOT / "source_slides" / "glossary.yml"
EDITS = 120


def _placed(bank) -> dict[str, tuple]:
    """Return every question by id: its place, and all a learner sees of it."""
    place = {q.key: "page" for quiz in bank.chapters for q in quiz.questions}
    place.update({q.key: "final" for quiz in bank.chapters for q in quiz.final})
    return {q.key: (place.get(q.key, "bank"), q.prompt, q.options, q.explanation, q.quote)
            for q in bank.questions if q.kind != "editor"}


def _with_body(course, number: int, index: int, text: str):
    chapters = []
    for chapter in course.chapters:
        sections = []
        for section in chapter.sections:
            if section.slide.number == number:
                blocks = list(section.slide.blocks)
                item = blocks[index]
                blocks[index] = Item(item.heading, (Paragraph((Run(text),)),))
                section = replace(section, slide=replace(section.slide, blocks=tuple(blocks)))
            sections.append(section)
        chapters.append(replace(chapter, sections=tuple(sections)))
    return replace(course, chapters=tuple(chapters))


@pytest.fixture(scope="module")
def course(course_deck):
    (found,) = outline_decks((course_deck,))
    return found


def test_one_edited_body_moves_only_the_questions_that_use_that_slide(course):
    glossary = load_glossary_file(GLOSSARY)
    before_bank = build_question_bank((course,), glossary)
    before = _placed(before_bank)
    items = [(s.slide.number, i, b) for c in course.chapters for s in c.sections
             for i, b in enumerate(s.slide.blocks) if isinstance(b, Item)]
    rng = random.Random(20)
    moved_somewhere = 0
    for _ in range(EDITS):
        number, index, item = rng.choice(items)
        words = item.body_text
        cut = rng.randrange(4, len(words) - 2)
        text = rng.choice([words[:cut] + "，务必" + words[cut:], words.replace("微粒贷", "该产品", 1),
                           words[:cut] + "。" + "这一点很重要。", words + "（详见附件）"])
        after_bank = build_question_bank((_with_body(course, number, index, text),), glossary)
        after = _placed(after_bank)
        # A term the slide uses (or used) may be asked through another item now, on its slide.
        terms = {g.term for g in glossary if any(w in words + text for w in (g.term, *g.aliases))}
        homes = {q.slide for b in (before_bank, after_bank) for q in b.questions
                 if {t.removeprefix("term:") for t in q.topics} & terms}
        uses = {q.key for b in (before_bank, after_bank) for q in b.questions
                if q.slide in {number} | homes or number in {n for n, _ in q.borrowed}}
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert changed <= uses, (number, text, sorted(changed - uses))
        moved_somewhere += bool(changed)
    assert moved_somewhere > EDITS // 2  # the edits do change questions: of their own slide


def test_a_glossary_term_added_or_removed_moves_only_term_questions_and_its_slide(course):
    glossary = load_glossary_file(GLOSSARY)
    before_bank = build_question_bank((course,), glossary)
    before = _placed(before_bank)
    rng = random.Random(7)
    for entry in rng.sample(list(glossary), 12):  # each removed
        after_bank = build_question_bank((course,), tuple(g for g in glossary if g is not entry))
        after = _placed(after_bank)
        used = {q.slide for b in (before_bank, after_bank) for q in b.questions if f"term:{entry.term}" in q.topic}
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        questions = {q.key: q for b in (before_bank, after_bank) for q in b.questions}
        assert all("term:" in questions[k].topic or questions[k].slide in used for k in changed), entry.term
    added = glossary + (GlossaryEntry("额度", "贷款机构根据借款人的信用情况给出的可借款的最高金额。"),)
    after_bank = build_question_bank((course,), added)
    after = _placed(after_bank)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    questions = {q.key: q for b in (before_bank, after_bank) for q in b.questions}
    used = {q.slide for q in after_bank.questions if "term:额度" in q.topic}
    assert all("term:" in questions[k].topic or questions[k].slide in used for k in changed)


def test_a_new_slide_moves_nothing_outside_its_chapter(course):
    glossary = load_glossary_file(GLOSSARY)
    before = _placed(build_question_bank((course,), glossary))
    first = course.chapters[2]
    section = first.sections[0]

    def item(h, b):
        return Item((Paragraph((Run(h),)),), (Paragraph((Run(b),)),))

    new = replace(section, slide=replace(section.slide, number=99, title="风险提示", blocks=(
        item("额度管理", "系统根据用户信用情况调整额度，用户可在官方入口查看当前可借金额。"),
        item("还款提醒", "还款日前系统会发送提醒，用户应确保还款账户余额充足。"))), anchor="风险提示",
        block_anchors=("额度管理", "还款提醒"))
    chapters = list(course.chapters)
    chapters[2] = replace(first, sections=(*first.sections, new))
    after_bank = build_question_bank((replace(course, chapters=tuple(chapters)),), glossary)
    after = _placed(after_bank)
    chapter_of = {q.key: q.chapter for q in after_bank.questions}
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            assert chapter_of[key] == first.title, key  # its chapter's share per slide changed, nothing else
    assert not after.keys() - before.keys() - {q.key for q in after_bank.questions if q.slide == 99
                                                 or 99 in {n for n, _ in q.borrowed}}


def test_a_copy_of_the_course_under_another_title_gets_all_its_questions(tmp_path, course_deck):
    """Issue 21: the second course was starved (drafts shared by id across courses, a bank-wide
    cap). Each course now has the same questions, pages and 综合测验 share as alone."""
    shutil.copy(course_deck, tmp_path / "a.pptx")
    shutil.copy(course_deck, tmp_path / "b.pptx")
    shutil.copy(GLOSSARY, tmp_path / "glossary.yml")
    alone = question_bank((tmp_path / "a.pptx",))
    both = question_bank((tmp_path / "a.pptx", tmp_path / "b.pptx"))
    per_course: dict[str, list[int]] = {}
    for quiz in both.chapters:
        per_course.setdefault(quiz.course, []).append(len(quiz.questions))
    first, second = per_course.values()
    assert all(n >= 3 for n in first + second)  # every chapter of both has its 本章自测
    made = {}
    for question in (q for q in both.questions if q.kind != "editor"):
        made.setdefault(question.source.page_path.split("/")[0], []).append(question)
    alone_made = len([q for q in alone.questions if q.kind != "editor"])
    assert len(made) == 2 and all(abs(len(found) - alone_made) <= alone_made // 10 for found in made.values())
    assert len({q.key for q in both.questions}) == len(both.questions)  # ids stay unique (QTI, quiz.yml)
