"""Issue 22's question quality, each pattern with a test that fails on it: wording that tells the
answer, distractors of another kind, label matching on case slides, fewer than two same-kind
distractors, nested quotes. Checked on the course deck and on decks of other subjects, with the
kinds worked out here again from the decks and glossaries, not taken from the generator."""

from __future__ import annotations

import re

import pytest

from deckdocs.glossary.file import GlossaryEntry, load_glossary_file
from deckdocs.model import Item
from deckdocs.pipeline import outline_decks
from deckdocs.quiz import build_question_bank
from deckdocs.quiz.material import definition_genus, heading_head, heading_role
from deckdocs.quiz.model import Option, Question, QuestionBank, Source
from deckdocs.quiz.rules import independence, is_full_order, measure
from deckdocs.quiz.text import _norm

from conftest import ROOT
from decks import SlideSpec, Text, Title, build_deck, item_slides
from quiz_subjects import SUBJECTS, subject_deck, subject_glossary

GLOSSARY = ROOT / "source_slides" / "glossary.yml"


def _items(course):
    return [(s.slide.number, b.heading_text, b.body_text) for c in course.chapters for s in c.sections
            for b in s.slide.blocks if isinstance(b, Item)]


@pytest.fixture(scope="module")
def decks(course_deck, tmp_path_factory):
    """Return (course, glossary, bank) for the course deck, the two subjects and a generated deck."""
    glossary = load_glossary_file(GLOSSARY)
    (course,) = outline_decks((course_deck,))
    found = [(course, glossary, build_question_bank((course,), glossary))]
    folder = tmp_path_factory.mktemp("subjects")
    for name in SUBJECTS:
        (subject,) = outline_decks((subject_deck(folder, name),))
        found.append((subject, subject_glossary(name), build_question_bank((subject,), subject_glossary(name))))
    pool = sorted({(h, b) for _, h, b in _items(course)})
    for seed in (1, 2):
        slides, sections = item_slides(pool, 40, seed=seed)
        (generated,) = outline_decks((build_deck(folder / f"generated-{seed}.pptx", slides, sections=sections),))
        found.append((generated, glossary, build_question_bank((generated,), glossary)))
    return found


def _what(q: Question) -> str:
    return f"{q.key} slide {q.slide}: {q.prompt} {[o.text for o in q.options]}"


# ---------------------------------------------------------------- wording independent of the answer


def _statement(key: str, true: bool, wording: str) -> Question:
    options = (Option("正确", true), Option("错误", not true))
    return Question(key, "true-false", wording, options, "", Source("a.md", None, ""), 1, "")


def test_the_independence_test_finds_a_wording_that_is_always_true():
    """The old pattern: “X是指…” always true, “X指的是…” always false (52 of 52 on the course)."""
    told = [_statement(f"tf-{n}", n % 2 == 0, f"判断：“术语{n}”{'是指' if n % 2 == 0 else '指的是'}某种做法{n}。")
            for n in range(40)]
    tells = independence(told).tells
    assert tells and {t.feature for t in tells} >= {"wording 指的"}
    fair = [_statement(f"tf-{n}", n % 2 == 0, f"判断：“术语{n}”{'是指' if n % 4 < 2 else '指的是'}某种做法{n}。")
            for n in range(40)]
    assert independence(fair).tells == []


def test_no_wording_position_length_or_style_tells_the_answer_on_any_deck(decks):
    """Pooled over every deck, so that the test has the power one deck lacks: every stretch of our
    wording in a 判断题 is used for true and false statements alike, and the right option's
    position, length and style are as common as any option's (binomial test, p < 0.001)."""
    questions = [q for _, _, bank in decks for q in bank.questions]
    quality = independence(questions)
    assert quality.tested["true-false"] >= 20 and quality.tested["cloze"] >= 5
    assert quality.tells == []
    statements = [q for q in questions if q.kind == "true-false"]
    share = sum(q.answer == "正确" for q in statements) / len(statements)
    assert 0.35 <= share <= 0.65, share  # 判断题 are true about half the time


def test_the_right_option_is_not_the_longest_more_often_than_chance(decks):
    qualities = [measure(bank) for _, _, bank in decks]
    unique = sum(q.unique_longest for q in qualities)
    assert unique >= 30
    assert sum(q.right_longest for q in qualities) / unique <= sum(q.chance_longest for q in qualities) / unique + 0.10


# ---------------------------------------------------------------- contrast, not absurdity


def _kinds_by_text(course, glossary) -> dict[str, set[str]]:
    """Return what each heading, term and case sentence is, worked out from the deck and glossary:
    a heading's head (…系统, …法), a term's genus, a case sentence's role, a slide's siblings."""
    kinds: dict[str, set[str]] = {}
    for slide, heading, body in _items(course):
        kinds.setdefault(heading, set()).update({f"head:{heading_head(_norm(heading))}", f"slide:{slide}"})
        role = heading_role(heading)
        if role is not None:
            kinds.setdefault(body, set()).add("move" if role in ("action", "wrong") else f"role:{role}")
    for entry in glossary:
        kinds.setdefault(entry.term, set()).add(f"genus:{definition_genus(entry.definition)}")
        # a meaning shown as an option: the definition's beginning, maybe without "一种还款方式："
        for text in (entry.definition, re.sub(r"^一种[^：]{1,8}：", "", entry.definition)):
            kinds.setdefault("meaning:" + _norm(text), set()).add(f"genus:{definition_genus(entry.definition)}")
    return kinds


def _kind_of(kinds: dict[str, set[str]], text: str) -> set[str]:
    if text in kinds:
        return kinds[text]
    norm = _norm(text)
    return set().union(*(k for key, k in kinds.items() if key.startswith("meaning:") and key[8:].startswith(norm)))


def test_every_distractor_is_the_same_kind_of_thing_as_the_answer_and_there_are_two(decks):
    checked = 0
    for course, glossary, bank in decks:
        kinds = _kinds_by_text(course, glossary)
        for question in (q for q in bank.questions if q.kind not in ("editor", "true-false") and not is_full_order(q)):
            right = set().union(*(_kind_of(kinds, o.text) for o in question.options if o.is_correct))
            wrong = [o for o in question.options if not o.is_correct]
            assert len(wrong) >= 2, _what(question)
            for option in wrong:
                found = _kind_of(kinds, option.text)
                assert found & right, f"{option.text!r} ({found}) against {right}: {_what(question)}"
                checked += 1
    assert checked > 100


def _deck(path, items):
    slide = SlideSpec([Title("还款安排")] + [Text(0.5 + i * 3, 2, 2.8, 0.6, h, size=18, bold=True)
                                          for i, (h, _) in enumerate(items)]
                      + [Text(0.5 + i * 3, 2.8, 2.8, 2, b) for i, (_, b) in enumerate(items)])
    (course,) = outline_decks((build_deck(path, [slide]),))
    return course


def test_a_term_with_one_neighbour_of_its_kind_is_not_asked_as_a_choice(tmp_path):
    glossary = (GlossaryEntry("等额本息", "一种还款方式：按月偿还同样多的钱，其中本金占比逐月增加。"),
                GlossaryEntry("先息后本", "一种还款方式：借款期内只付利息，到期时一次归还全部本金。"),
                GlossaryEntry("罚息", "借款人逾期时按合同对逾期款项加收的利息。"),
                GlossaryEntry("气球贷", "一种还款方式：前期按较长期限计算月供，到期一次还清余款。"))
    bank = build_question_bank((_deck(tmp_path / "two.pptx", ITEMS),), glossary)
    about = [q for q in bank.questions if "term:等额本息" in q.topic or "term:先息后本" in q.topic]
    assert about and all(q.kind == "true-false" for q in about)  # one neighbour: a 判断题, no choice
    for question in about:  # the false statement borrows the neighbour's meaning, never 罚息's
        assert "罚息" not in question.prompt + question.explanation
    third = ITEMS + [("气球贷", "部分产品采用气球贷，前期月供较低，到期需要一次还清余款。")]
    kinds = {q.kind for q in build_question_bank((_deck(tmp_path / "three.pptx", third),), glossary).questions
             if "term:等额本息" in q.topic or "term:先息后本" in q.topic}
    assert "term" in kinds  # two neighbours of its kind: now it is asked


ITEMS = [("还款方式", "用户可以选择等额本息或先息后本两种方式，按合同约定的日期还款。"),
         ("逾期后果", "未按时还款会被收取罚息，并影响个人信用记录和今后借款。"),
         ("提前还款", "资金宽裕时可以提前还清全部借款，利息按实际天数计算。")]


# ---------------------------------------------------------------- case slides


def test_case_slides_give_scenarios_with_the_slides_own_moves_never_label_questions(decks):
    for course, _, bank in decks[:3]:
        cases = {}
        for slide, heading, body in _items(course):
            role = heading_role(heading)
            if role is not None:
                cases.setdefault(slide, {})[role] = body
        cases = {n: roles for n, roles in cases.items() if "situation" in roles and len(roles) >= 2}
        assert cases
        labels = {h for n, h, _ in _items(course) if n in cases}
        for question in (q for q in bank.questions if q.slide in cases and q.kind != "editor"):
            assert not {o.text for o in question.options} & labels, _what(question)  # never "which label"
            assert not re.search(r"哪一项|哪个要点|这一项讲的是", question.prompt), _what(question)
        for number, roles in cases.items():
            scenarios = [q for q in bank.questions if q.slide == number and q.kind == "scenario"]
            if "action" in roles:
                ask = [q for q in scenarios if q.answer == roles["action"]]
                situation = roles["situation"].replace("“", "「").replace("”", "」")
                assert ask and situation in ask[0].prompt, number
                assert any(p in ask[0].prompt for p in ("正确的做法", "应该怎么做"))
                if "wrong" in roles:  # the case's own wrong move is the first distractor
                    assert roles["wrong"] in [o.text for o in ask[0].options]
    safety = decks[1][2]
    assert any("后果" in q.prompt or "发生什么" in q.prompt for q in safety.questions if q.kind == "scenario")


def test_a_procedure_asks_what_to_do_next(decks):
    course, _, bank = decks[0]
    nexts = [q for q in bank.questions if q.kind == "ordering" and not is_full_order(q)]
    assert nexts and all(re.search(r"下一步应该做什么|接下来该做什么", q.prompt) for q in nexts)
    for question in nexts:
        wrong = [o for o in question.options if not o.is_correct]
        assert all(re.search(r"是第 \d 步", o.feedback) for o in wrong), _what(question)


# ---------------------------------------------------------------- feedback and punctuation


def test_a_quote_inside_a_quote_becomes_corner_brackets(decks):
    course, _, bank = decks[0]
    fraud = next(b for _, h, b in _items(course) if "“" in b and "客服" in b)  # 某用户接到自称“微粒贷客服”的电话……
    shown = [q for q in bank.questions if fraud.replace("“", "「").replace("”", "」") in q.prompt]
    assert shown
    for _, _, found in decks:
        for question in found.questions:
            if question.kind == "editor":
                continue
            for text in (question.prompt, question.explanation, *(o.feedback for o in question.options)):
                assert not re.search(r"“[^”]*“", text), text


def test_a_true_statement_is_explained_not_restated(decks):
    """Not "这正是‘催收’的意思": the 错误 option of a true statement says why the statement holds."""
    for _, _, bank in decks:
        for question in (q for q in bank.questions if q.kind == "true-false" and q.answer == "正确"):
            (wrong,) = [o for o in question.options if not o.is_correct]
            assert not re.fullmatch(r"这正是“[^”]+”的意思。", wrong.feedback), _what(question)
            assert wrong.feedback.startswith(("说法没有错", "这句话确实")), _what(question)


# ---------------------------------------------------------------- more questions, same bar (iquiz2)


def test_a_measure_is_no_kind_so_a_ratio_of_bad_loans_is_never_set_against_an_interest_rate(decks):
    assert definition_genus("预计无法收回的贷款占全部贷款的比例，反映贷款资产的质量。") == ""
    assert definition_genus("一定期限内利息与本金的比例，常用年利率或日利率表示。") == ""
    assert definition_genus("通过各种手段掩饰、隐瞒违法犯罪所得及其收益的来源和性质，使其看似合法的行为。") == "行为"
    course, glossary, bank = decks[0]
    meaning = {g.term: g.definition for g in glossary}
    for question in bank.questions:
        said = question.prompt + "".join(o.text for o in question.options)
        assert not ("利率" in said and meaning["坏账率"][:12] in said), _what(question)
        assert not ("坏账率" in said and meaning["利率"][:12] in said), _what(question)


def test_a_case_asks_which_situation_its_right_move_answers_against_other_cases_situations(decks):
    for course, _, bank in decks[:3]:
        situations = {b for _, h, b in _items(course) if heading_role(h) == "situation"}
        which = [q for q in bank.questions if q.kind == "scenario" and "哪种情况" in q.prompt]
        for question in which:
            assert {o.text for o in question.options} <= situations and len(question.options) == 3, _what(question)
            assert all(o.feedback.startswith("这是“") for o in question.options if not o.is_correct), _what(question)
    assert any("哪种情况" in q.prompt for _, _, bank in decks[:3] for q in bank.questions)


def test_a_statement_judges_a_whole_clause_that_says_something_of_its_own(decks):
    judged = 0
    for course, _, bank in decks[:3]:
        bodies = [b for _, _, b in _items(course)]
        for question in (q for q in bank.questions if q.kind == "true-false" and "讲到了" in q.prompt
                         or q.kind == "true-false" and "这一项" in q.prompt):
            said = re.findall(r"“([^”]+)”", question.prompt)[-2 if "这一项" in question.prompt else -1]
            said = said.replace("「", "“").replace("」", "”")
            assert any(re.search(r"(^|[，,；;])" + re.escape(said) + r"($|[，,；;。])", b) for b in bodies), _what(question)
            assert not re.match(r"(并|且|而|但|因为|由于|例如|如|以|根据|通过)", said), _what(question)
            assert not re.search(r"遵守|相关法律", said), _what(question)
            judged += 1
    assert judged >= 10


def test_every_chapter_of_the_course_has_five_on_its_page_and_the_final_test_draws_from_most(decks):
    course, _, bank = decks[0]
    assert [len(q.questions) for q in bank.chapters] and all(len(q.questions) >= 5 for q in bank.chapters)
    # What a slide puts on its page depends on its own questions only (issue 20), and the pages
    # come first (issue 21: five each): the 综合测验 gets what the slides have beyond that.
    assert len({q.chapter for q in bank.final}) >= len(course.chapters) / 2
    assert len(bank.final) >= len(course.chapters)
