"""The question bank: every course's questions, each chapter's 本章自测 and the 综合测验.

Distractors are picked for all drafts at once, in the order of the drafts' ids (never their
positions), so that no distractor serves more than ``MAX_REUSE`` questions in the whole bank.
Then the editors' choices (``quiz.yml``) drop or reword questions, and each chapter's questions
are shared out: one of every kind the chapter has (when it has two or more of that kind) is
kept for the 综合测验, and the 本章自测 mixes the kinds round-robin from the rest.
"""

from __future__ import annotations

from dataclasses import replace

from deckdocs.glossary.file import GlossaryEntry
from deckdocs.model import Chapter, Course
from deckdocs.quiz.curate import Curation, apply_curation
from deckdocs.quiz.generate import Candidate, Draft, draft_slide, editor_questions, finish
from deckdocs.quiz.material import Material
from deckdocs.quiz.terms import draft_terms
from deckdocs.quiz.model import GENERATED_KINDS, ChapterQuiz, Question, QuestionBank, Source
from deckdocs.quiz.text import _hash, _norm, share_core

CHAPTER_TARGET, CHAPTER_MAX = 8, 10  # generated questions per chapter quiz: aim, and cap with the editors'
MIN_QUIZ_KINDS = 3  # kinds every 本章自测 mixes when the chapter has them
MAX_REUSE = 2  # questions a distractor may serve in the whole bank
# A distractor half or twice as long as the answer stands out.
MIN_LENGTH_RATIO, MAX_LENGTH_RATIO = 0.5, 2.0
PREFIX = 3  # candidates a draft considers beyond what it needs
_ORDER = {kind: n for n, kind in enumerate(GENERATED_KINDS)}
# The 综合测验 opens each chapter with single-answer questions, as a paper does; 多选 comes last.
_SHOWN = ("cloze", "true-false", "term", "describes", "ordering", "multiple")


def build_question_bank(courses: tuple[Course, ...], glossary: tuple[GlossaryEntry, ...] = (),
                        curation: Curation | None = None) -> QuestionBank:
    """Return every course's questions, each chapter's 本章自测 and the 综合测验.

    Never raises for a malformed editor question or an unknown id in ``curation``: it is left
    out and listed in ``problems``.
    """
    materials = [Material(course, glossary) for course in courses]
    drafts: dict[str, Draft] = {}
    for material in materials:
        seen: set[str] = set()  # a slide repeated word for word asks nothing new
        found = [d for slide in material.slides if not (slide.seed in seen or seen.add(slide.seed))
                 for d in draft_slide(material, slide)]
        found += [d for _, d in draft_terms(material)]
        for draft in found:
            drafts.setdefault(draft.key, draft)
    generated = allocate(list(drafts.values()), {m.course.source: m.common for m in materials})
    generated, problems = apply_curation(generated, curation)
    problems = list(problems)
    everything, chapters, extra = [], [], []
    for material in materials:
        course = material.course
        home = Source(course.page_path("index"), None, course.title)
        front, closing = [], []
        for slides, into in ((course.front, front), (course.closing, closing)):
            for slide in slides:
                found, bad = editor_questions(course, slide, home, "")
                into.extend(found)
                problems.extend(bad)
        extra.extend(front + closing)
        everything.extend(front)
        by_slide: dict[int, list[Question]] = {}
        for key, question in generated.items():
            if drafts[key].slide.course is course:
                by_slide.setdefault(question.slide, []).append(question)
        for chapter in course.chapters:
            written, made = [], []
            for section in chapter.sections:
                found, bad = editor_questions(course, section.slide, _slide_source(course, chapter, section),
                                              chapter.title)
                problems.extend(bad)
                mine = sorted(by_slide.get(section.slide.number, ()), key=lambda q: (_ORDER[q.kind], q.key))
                written.extend(found)
                made.extend(mine)
                everything.extend(found + tuple(mine))
            chapters.append(_chapter_quiz(course, chapter, written, made))
        everything.extend(closing)
    title = "、".join(c.title for c in courses)
    return QuestionBank(tuple(everything), tuple(chapters), tuple(extra), tuple(problems), title)


def _slide_source(course: Course, chapter: Chapter, section) -> Source:
    label = f"第 {chapter.number} 章 {chapter.title} › {section.heading}"
    return Source(course.page_path(chapter.stem), section.anchor, label)


# ---------------------------------------------------------------- distractors


def allocate(drafts: list[Draft], common: dict[str, frozenset[str]]) -> dict[str, Question]:
    """Return the questions of ``drafts`` (by id) with distractors picked; drafts that cannot get
    enough fair distractors are left out.

    Each draft names the first few fair candidates it would take (``PREFIX`` beyond what it
    needs). A distractor wanted by more than ``MAX_REUSE`` drafts goes to those with the lowest
    ``hash(distractor, draft id)``: a rank that depends on nothing but the two. So a question
    depends only on its own candidates and on the drafts that outrank it for one of them (and on
    what those drafts considered), and it lists their slides among its ``borrowed`` slides, for
    the change report. No order of processing, no chain of knock-on effects.
    """
    prefixes = {}
    wanters: dict[str, list[Draft]] = {}
    for draft in drafts:
        prefix = _prefix(draft, common.get(draft.slide.course.source, frozenset()))
        prefixes[draft.key] = prefix
        for candidate in prefix:
            wanters.setdefault(_norm(candidate.text), []).append(draft)
    ranks = {norm: sorted(found, key=lambda d: _hash(norm, d.key)) for norm, found in wanters.items()}
    questions = {}
    for draft in sorted(drafts, key=lambda d: d.key):
        fewest, most = draft.wrong
        granted, above = [], set()
        for candidate in prefixes[draft.key]:
            ranked = ranks[_norm(candidate.text)]
            place = ranked.index(draft)
            for rival in ranked[:place]:  # it, and what made it want this distractor too
                above.add((rival.slide.slide.number, rival.slide.slide.fingerprint))
                above.update(s for c in prefixes[rival.key] for s in c.borrowed)
            if place < MAX_REUSE:
                granted.append(candidate)
        wrong = _fair_pick(draft, granted, common.get(draft.slide.course.source, frozenset()))
        if len(wrong) < fewest:
            continue
        question = finish(draft, wrong)
        above.discard((draft.slide.slide.number, draft.slide.slide.fingerprint))
        questions[draft.key] = replace(question, borrowed=tuple(sorted({*question.borrowed, *above})))
    return questions


def _prefix(draft: Draft, common: frozenset[str]) -> list[Candidate]:
    """Return the fair candidates a draft would consider: ``PREFIX`` more than it needs."""
    fewest, most = draft.wrong
    if most == 0:
        return []
    rights = [o.text for o in draft.right]
    shortest, longest = min(map(len, rights)), max(map(len, rights))
    found: list[Candidate] = []
    for candidate in draft.candidates:
        if len(found) == most + PREFIX:
            break
        if (MIN_LENGTH_RATIO * shortest <= len(candidate.text) <= MAX_LENGTH_RATIO * longest
                and not any(share_core(candidate.text, r, common) for r in rights)
                and all(_norm(candidate.text) != _norm(c.text) for c in found)):
            found.append(candidate)
    return found


def _fair_pick(draft: Draft, granted: list[Candidate], common: frozenset[str]) -> list[Candidate]:
    """Return up to the draft's most distractors from ``granted`` (best first) that share no
    core with each other; the answer is not left the longest option when a granted one is as long."""
    most = draft.wrong[1]
    rights = [o.text for o in draft.right]
    chosen: list[Candidate] = []
    rest = list(granted)
    while rest and len(chosen) < most:
        candidate = rest.pop(0)
        if not any(share_core(candidate.text, c.text, common) for c in chosen):
            chosen.append(candidate)
    longest = max(map(len, rights))
    if len(rights) == 1 and chosen and all(len(c.text) < longest for c in chosen):
        for candidate in rest:
            if len(candidate.text) >= longest and not any(share_core(candidate.text, c.text, common)
                                                          for c in chosen[:-1]):
                chosen[-1] = candidate
                break
    return chosen


# ---------------------------------------------------------------- quizzes


def reworded(question: Question) -> Question:
    """Return ``question`` asked with its other wording, options in an order of its own."""
    key = f"{question.key}-2"
    options = sorted(question.options, key=lambda o: _hash(key, o.text))
    if question.kind == "true-false":
        options.sort(key=lambda o: o.text != "正确")
    return replace(question, key=key, prompt=question.alternate, options=tuple(options))


def _chapter_quiz(course: Course, chapter: Chapter, written: list[Question], made: list[Question]) -> ChapterQuiz:
    """Return the chapter's quiz and its share of the 综合测验.

    Of each kind with two or more questions, one (the lowest ``hash(id)``) goes to the final
    test; a kind with one question goes there too when the 本章自测 still mixes enough kinds.
    The 本章自测 takes the editors' questions and generated ones kind by kind, round-robin, never
    two about the same topic (a term, an item, a whole slide).
    """
    by_kind: dict[str, list[Question]] = {}
    for question in sorted(made, key=lambda q: _hash(q.key, "pick")):
        by_kind.setdefault(question.kind, []).append(question)
    plural = [k for k in by_kind if len(by_kind[k]) > 1]
    final: set[Question] = set()
    final_topics: set[str] = set()
    for kind in sorted(by_kind, key=_ORDER.get):  # one of each kind, each about a different topic
        if kind in plural or len(plural) >= MIN_QUIZ_KINDS:
            lane = by_kind[kind]
            chosen = next((q for q in lane if not q.topics & final_topics), lane[0])
            lane.remove(chosen)
            final.add(chosen)
            final_topics |= chosen.topics
    budget = max(min(CHAPTER_TARGET, CHAPTER_MAX - len(written)), 0)
    lanes = [list(by_kind[k]) for k in sorted(by_kind, key=_ORDER.get) if by_kind[k]]
    picked: set[Question] = set()
    topics = {t for q in written for t in q.topics}  # the editors' questions come first; each topic once

    def take(lane: list[Question], question: Question) -> None:
        lane.remove(question)
        picked.add(question)
        topics.update(question.topics)

    for lane in lanes:  # every kind once, even if its only question shares a topic
        if len(picked) < budget:
            take(lane, next((q for q in lane if not q.topics & topics), lane[0]))
    while len(picked) < budget:
        fresh = [(lane, next((q for q in lane if not q.topics & topics), None)) for lane in lanes]
        if all(q is None for _, q in fresh):
            break
        for lane, question in fresh:
            if question is not None and not question.topics & topics and len(picked) < budget:
                take(lane, question)
    in_order = {q.key: n for n, q in enumerate(made)}
    quiz = tuple(written) + tuple(sorted(picked, key=lambda q: (q.slide, in_order[q.key])))
    quiz = tuple(sorted(quiz, key=lambda q: q.slide))  # stable: the editors' first on each slide
    for kind in {q.kind for q in made} - {q.kind for q in final}:
        spare = [q for q in by_kind[kind] if q not in picked]
        if spare:
            final.add(spare[0])
            continue
        # The only question of its kind is in the 本章自测: the final test asks it worded otherwise.
        asked = min((q for q in picked if q.kind == kind), key=lambda q: _hash(q.key, "pick"), default=None)
        if asked is not None and asked.alternate and asked.alternate != asked.prompt:
            final.add(reworded(asked))
    final_ordered = tuple(sorted(final, key=lambda q: (_SHOWN.index(q.kind), q.slide, q.key)))
    return ChapterQuiz(course.source, chapter.stem, chapter.number, chapter.title, quiz, final_ordered)
