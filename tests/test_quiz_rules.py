"""The rules every generated question obeys (issues 11 and 22), each checked on the course deck,
on two decks of other subjects (tests/quiz_subjects.py) and on a generated deck of the course's
items shuffled (real .pptx files built with python-pptx)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from deckdocs.glossary.file import load_glossary_file
from deckdocs.model import Item
from deckdocs.pipeline import convert, outline_decks, question_bank
from deckdocs.quiz import build_question_bank
from deckdocs.quiz.bank import CHAPTER_TARGET, asks_the_same
from deckdocs.quiz.generate import BLANK
from deckdocs.quiz.material import PHRASE
from deckdocs.quiz.rules import is_full_order, measure, shows_answer
from deckdocs.quiz.text import _grams, _norm, clauses, first_clause, full_width

from conftest import ROOT
from decks import Rect, SlideSpec, Text, Title, build_deck, item_slides
from quiz_subjects import subject_deck, subject_glossary

GLOSSARY = ROOT / "source_slides" / "glossary.yml"
DECKS = ["course", "safety", "service", "generated-1"]


def _items(course) -> list[tuple[str, str]]:
    return sorted({(b.heading_text, b.body_text) for c in course.chapters for s in c.sections
                   for b in s.slide.blocks if isinstance(b, Item)})


@pytest.fixture(scope="module")
def glossary():
    return load_glossary_file(GLOSSARY)


@pytest.fixture(scope="module")
def course(course_deck):
    (course,) = outline_decks((course_deck,))
    return course


@pytest.fixture(scope="module", params=DECKS)
def deck(request, course, glossary, tmp_path_factory):
    """Return (course, bank) for the course deck and for two generated decks."""
    if request.param == "course":
        return course, build_question_bank((course,), glossary)
    if request.param in ("safety", "service"):
        (subject,) = outline_decks((subject_deck(tmp_path_factory.mktemp(request.param), request.param),))
        return subject, build_question_bank((subject,), subject_glossary(request.param))
    seed = int(request.param.split("-")[1])
    slides, sections = item_slides(_items(course), 40, seed=seed)
    path = build_deck(tmp_path_factory.mktemp(request.param) / "deck.pptx", slides, sections=sections)
    (generated,) = outline_decks((path,))
    return generated, build_question_bank((generated,), glossary)


def request_names(course) -> set[str]:
    """Return the subject a deck of tests/quiz_subjects.py was built from (empty for others)."""
    from quiz_subjects import SUBJECTS
    return {name for name, (title, _) in SUBJECTS.items() if course.source.endswith(f"{title}.pptx")}


def _generated(bank):
    return [q for q in bank.questions if q.kind != "editor"]


def _what(question) -> str:
    return f"{question.key} slide {question.slide}: {question.prompt} {[o.text for o in question.options]}"


def test_the_answer_never_shows_in_the_stem(deck):
    course, bank = deck
    shown = [_what(q) for q in _generated(bank) if shows_answer(q)]
    assert shown == []
    assert _generated(bank)


def test_options_are_of_one_kind_and_comparable_length(deck, glossary):
    course, bank = deck
    headings = {h for h, _ in _items(course)}
    bodies = {b for _, b in _items(course)}
    terms = {g.term for g in glossary} | {a for g in glossary for a in g.aliases}
    for name in ("safety", "service"):
        terms |= {g.term for g in subject_glossary(name)}
    for question in _generated(bank):
        texts = [o.text for o in question.options]
        if question.kind in ("multiple", "ordering") and not is_full_order(question):
            assert set(texts) <= headings, _what(question)
        elif question.kind == "scenario":  # moves and consequences: sentences of the deck's cases
            assert set(texts) <= bodies, _what(question)
        elif question.kind == "true-false":
            assert sorted(texts) == ["正确", "错误"], _what(question)
        elif question.kind == "term" and question.answer in terms:
            assert set(texts) <= terms, _what(question)
        elif question.kind == "cloze":
            assert set(texts) <= terms or set(texts) <= headings, _what(question)
        right = [len(o.text) for o in question.options if o.is_correct]
        for option in question.options:
            assert min(right) / 2 <= len(option.text) <= max(right) * 2, _what(question)


def test_no_two_options_share_their_core(deck):
    course, bank = deck
    quality = measure(bank, _grams(_norm(course.title)))
    assert [(q.key, a, b) for q, a, b in quality.shared_core] == []


def test_a_distractor_from_elsewhere_could_not_be_argued_to_belong_to_the_slide(deck):
    """Checked independently of the generator: a heading offered as wrong is not on the
    question's slide, and no item anywhere under that heading shares a phrase with the slide."""
    course, bank = deck
    slides = {s.slide.number: [b for b in s.slide.blocks if isinstance(b, Item)]
              for c in course.chapters for s in c.sections}
    bodies_of: dict[str, list[str]] = {}
    for items in slides.values():
        for item in items:
            bodies_of.setdefault(_norm(item.heading_text), []).append(_norm(item.body_text))
    checked = 0
    for question in (q for q in _generated(bank) if q.kind in ("multiple", "cloze") and "term:" not in q.topic):
        on_slide = slides[question.slide]
        phrases = {b[i:i + PHRASE] for item in on_slide for b in [_norm(item.body_text)]
                   for i in range(len(b) - PHRASE + 1)} - {_norm(course.title)[i:i + PHRASE] for i in range(10)}
        for option in (o for o in question.options if not o.is_correct and _norm(o.text) in bodies_of):
            if option.sort == "sibling":
                continue  # the slide's own other item: not from elsewhere
            assert _norm(option.text) not in {_norm(i.heading_text) for i in on_slide}, _what(question)
            for body in bodies_of[_norm(option.text)]:
                assert not any(body[i:i + PHRASE] in phrases for i in range(len(body) - PHRASE + 1)), _what(question)
            checked += 1
    if course.source.startswith("微粒贷"):
        assert checked


def test_the_pages_ask_the_best_few_and_the_final_test_other_ones_never_a_sentence_twice(deck):
    course, bank = deck
    quality = measure(bank)
    assert quality.repeated_sentences == []
    assert quality.repeated_in_final == []
    on_pages = [q for quiz in bank.chapters for q in (*quiz.questions, *quiz.final)]
    assert len({q.key for q in on_pages}) == len(on_pages)
    assert len(on_pages) < len(bank.questions)  # the rest stays in the bank for `deckdocs quiz` and QTI
    everywhere = {s for q in on_pages for s in q.sentences}
    for quiz in bank.chapters:
        assert len(quiz.questions) <= CHAPTER_TARGET, quiz.title
        shown = {q.key for q in (*quiz.questions, *quiz.final)}
        for slide in {q.slide for q in quiz.questions}:  # a slide shows its best: none better left in the bank
            best = max((q.score for q in quiz.questions if q.slide == slide and q.kind != "editor"), default=0)
            editors = [q for q in quiz.questions if q.slide == slide and q.kind == "editor"]
            for question in (q for q in bank.questions if q.slide == slide and q.key not in shown
                             and not q.sentences & everywhere and not any(asks_the_same(q, e) for e in editors)):
                assert question.score <= best + 2, _what(question)  # (a kind chosen twice counts 2 less)


def test_every_question_teaches_a_whole_sentence_and_every_wrong_option_says_why(deck):
    course, bank = deck
    bodies = {b for _, b in _items(course)}
    quality = measure(bank)
    assert quality.cut == [] and quality.nested == [] and quality.no_feedback == 0
    for question in _generated(bank):
        assert question.explanation.endswith("。"), _what(question)
        if question.kind != "multiple" and not is_full_order(question):
            assert question.quote in bodies, _what(question)  # the slide's whole sentence, never a piece
        wrong = [o for o in question.options if not o.is_correct]
        for option in wrong:
            assert len(option.feedback) >= 12 and option.feedback.endswith("。"), _what(question)
            assert option.feedback != question.explanation, _what(question)
        if len(wrong) > 1:
            assert len({o.feedback for o in wrong}) == len(wrong), _what(question)


def test_what_deckdocs_writes_around_the_course_text_is_chinese_with_full_width_punctuation(deck, glossary):
    course, bank = deck
    texts = {t for pair in _items(course) for t in pair}
    texts |= {s.heading for c in course.chapters for s in c.sections}
    texts |= {g.term for g in glossary} | {g.definition for g in glossary}
    texts |= {first_clause(t, n) for t in list(texts) for n in (40, 60)}
    # Deck text set into our sentences: its leading clauses, made full-width
    texts |= {full_width(clauses(t, n)) for t in list(texts) for n in (40, 60, 200)}
    cut = sorted(texts, key=len, reverse=True)
    for question in _generated(bank):
        prompt = question.prompt.replace(BLANK, question.answer)  # a cloze cuts course text in two
        for text in (prompt, question.explanation, *(o.feedback for o in question.options)):
            own = text
            for course_text in cut:
                own = own.replace(course_text, "")
            own = re.sub(r"“[^”]*”", "", own)  # anything else quoted comes from the course (a clause of it)
            assert "“" not in own and "”" not in own, text  # quotes inside quotes are 「」
            assert not re.search(r"[A-Za-z,.;:?!()\[\]]", own), f"{own!r} in {text!r}"


def test_the_same_deck_gives_the_same_bank(deck, glossary):
    course, bank = deck
    for name in ("safety", "service"):
        if name in request_names(course):
            glossary = subject_glossary(name)
    again = build_question_bank((course,), glossary)
    assert again.questions == bank.questions and again.final == bank.final


def test_a_question_does_not_depend_on_its_position_or_on_unrelated_slides(course, glossary):
    """Insert a slide of new items at the start of chapter 1: every question keeps its id, text,
    options and option order; only slide numbers move."""
    bank = build_question_bank((course,), glossary)
    first = course.chapters[0]
    section = first.sections[0]
    from deckdocs.model import Paragraph, Run

    def item(h, b):
        return Item((Paragraph((Run(h),)),), (Paragraph((Run(b),)),))

    new = replace(section, slide=replace(section.slide, number=99, title="开场活动", blocks=(
        item("破冰游戏", "学员两两分组，互相介绍自己的工作岗位和培训期待。"),
        item("课程约定", "手机调至静音，按时参加每一节课，课后完成练习。"))), anchor="开场活动",
        block_anchors=("破冰游戏", "课程约定"))
    moved = replace(course, chapters=(replace(first, sections=(new, *first.sections)), *course.chapters[1:]))
    after = {q.key: q for q in build_question_bank((moved,), glossary).questions}
    unexplained = []
    for question in bank.questions:
        assert question.key in after, _what(question)
        twin = after[question.key]
        if (twin.prompt, twin.options, twin.explanation) != (question.prompt, question.options, question.explanation):
            if 99 not in {n for n, _ in twin.borrowed}:  # a distractor from the new slide: the page names it
                unexplained.append(_what(twin))
    # Nothing is rationed across the bank any more: no knock-on moves at all.
    assert unexplained == []


def test_changing_one_slide_changes_only_its_questions_or_names_it_on_the_page(tmp_path, course, glossary):
    """Real decks: change one item's body on one slide; a question elsewhere that changed must
    have borrowed from that slide, and its page's slides list that slide for the change report."""
    slides, sections = item_slides(_items(course), 24, seed=3)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "glossary.yml").write_text(GLOSSARY.read_text(encoding="utf-8"), encoding="utf-8")
    build_deck(tmp_path / "a" / "deck.pptx", slides, sections=sections)
    target = 7
    shapes = list(slides[target - 1].shapes)
    body = next(i for i, s in enumerate(shapes) if isinstance(s, Text) and s.size != 18)
    shapes[body] = replace(shapes[body], text=shapes[body].text + "这一点请结合实际案例理解。")
    changed = slides[:target - 1] + [SlideSpec(shapes)] + slides[target:]
    after = convert([build_deck(tmp_path / "b" / "deck.pptx", changed, sections=sections)])
    old, new = ({q.key: q for q in question_bank((tmp_path / folder / "deck.pptx",)).questions} for folder in "ab")
    assert {k for k, q in old.items() if q.slide == target} != {k for k, q in new.items() if q.slide == target}
    pages = {f.path: {n for n, _ in f.slides} for f in after.files}
    (deck_course,) = after.courses
    new_bank = question_bank((tmp_path / "b" / "deck.pptx",))
    page_of = {q.key: deck_course.page_path(quiz.stem) for quiz in new_bank.chapters for q in quiz.questions}
    def content(q):
        return q.prompt, q.options, q.explanation, q.quote

    for key in set(old) & set(new):
        if old[key].slide != target and content(old[key]) != content(new[key]):
            assert target in {n for n, _ in old[key].borrowed + new[key].borrowed}, _what(new[key])
            if key in page_of:
                assert target in pages[page_of[key]], page_of[key]
    for key in set(old) - set(new):  # a question that vanished was made from the slide or borrowed from it
        assert old[key].slide == target or target in {n for n, _ in old[key].borrowed}, _what(old[key])


def test_a_slide_of_steps_joined_by_arrows_gets_an_ordering_question(tmp_path, glossary):
    steps = [("提出申请", "用户在官方入口提出借款申请，填写借款金额和用途。"),
             ("系统审核", "提出申请后，系统根据信用情况自动审核，几分钟内给出结果。"),
             ("确认到账", "审核通过后，用户确认借款，资金转入绑定的银行卡。")]
    shapes = [Title("借款怎么办")]
    for i, (heading, body) in enumerate(steps):
        shapes += [Text(0.5 + i * 4.2, 2, 3.5, 0.6, heading, size=18, bold=True), Text(0.5 + i * 4.2, 2.8, 3.5, 2, body)]
    arrows = [Rect(4.05 + i * 4.2, 3, 0.3, 0.4, shape="CHEVRON") for i in range(2)]
    with_arrows = build_deck(tmp_path / "arrows.pptx", [SlideSpec(shapes + arrows)])
    plain = build_deck(tmp_path / "plain.pptx", [SlideSpec(shapes)])
    ordering = [q for q in build_question_bank(outline_decks((with_arrows,)), glossary).questions if q.kind == "ordering"]
    assert ordering and is_full_order(ordering[0])
    assert "①" in ordering[0].prompt and ordering[0].answer != "①→②→③"
    assert not [q for q in build_question_bank(outline_decks((plain,)), glossary).questions if q.kind == "ordering"]
