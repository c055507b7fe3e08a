"""The question bank: every course's questions, each chapter's 本章自测 and the 综合测验.

Locality (issue 20): a question depends only on the content it is made from — its slide's
text and the headings, glossary entries or other slides' text it quotes — and every choice about
it is made from that content alone: its distractors from its own ranked candidates (no cap shared
across the bank), its options' order by ``hash(id, text)``, its score (``generate.score``), and
whether it reaches a page by its rank among its own slide's questions. So adding, removing or
editing one thing moves only the questions that use it, and each course (a copy of a deck too)
gets all its questions. Work is linear in the slides: no step compares a draft with all others.

Fewer but better on the pages (issue 22): each slide offers its best questions (by score, then
``hash(id)``) to its chapter's 本章自测 — every slide's best before any slide's second best, up to
``CHAPTER_TARGET`` with the editors' questions counted first, however many slides the chapter
has — and its next best to the 综合测验; no course sentence is quoted by two questions anywhere
on the site. The rest stays in the bank for ``deckdocs quiz`` and QTI.
"""

from __future__ import annotations

from dataclasses import replace

from deckdocs.glossary.file import GlossaryEntry
from deckdocs.model import Chapter, Course
from deckdocs.quiz.curate import Curation, apply_curation
from deckdocs.quiz.draft import STANDS_OUT, Candidate, Draft
from deckdocs.quiz.generate import draft_slide, editor_questions, finish
from deckdocs.quiz.material import Material
from deckdocs.quiz.terms import draft_terms
from deckdocs.quiz.model import GENERATED_KINDS, ChapterQuiz, Question, QuestionBank, Source
from deckdocs.quiz.text import _grams, _hash, _norm, share_core

CHAPTER_TARGET = 8  # generated and editors' questions per 本章自测 at most, every slide's best first
MIN_PAGE = 5  # a 本章自测 has this many (when its chapter has them) before any waits for the 综合测验
GOOD = 3  # a question scoring less fills a 本章自测 up to MIN_PAGE, no further
PER_SLIDE = 2  # questions a slide offers its 本章自测, best first
FINAL_PER_SLIDE = 2  # questions each slide gives the 综合测验 beyond those on its chapter's page (and one more if good)
# A distractor half or twice as long as the answer stands out.
MIN_LENGTH_RATIO, MAX_LENGTH_RATIO = 0.5, 2.0
PREFIX = 6  # candidates a draft considers beyond what it needs (a long one among them keeps the answer from standing out)
SAME_QUESTION = 0.4  # share of an editors' stem a generated question holds when it asks the same
_ORDER = {kind: n for n, kind in enumerate(GENERATED_KINDS)}
# The 综合测验 opens each chapter with single-answer questions, as a paper does; 多选 comes last.
_SHOWN = ("cloze", "true-false", "term", "scenario", "ordering", "multiple")


def build_question_bank(courses: tuple[Course, ...], glossary: tuple[GlossaryEntry, ...] = (),
                        curation: Curation | None = None) -> QuestionBank:
    """Return every course's questions, each chapter's 本章自测 and the 综合测验.

    Never raises for a malformed editor question or an unknown id in ``curation``: it is left
    out and listed in ``problems``.
    """
    generated: dict[str, Question] = {}
    seeds: dict[str, str] = {}  # question id → its slide's content hash
    owned: dict[str, list[str]] = {}  # course → its generated questions' ids
    materials = [Material(course, glossary) for course in courses]
    for material in materials:  # each course on its own: two decks never share or ration questions
        seen: set[str] = set()  # a slide repeated word for word asks nothing new
        found = [d for slide in material.slides if not (slide.seed in seen or seen.add(slide.seed))
                 for d in draft_slide(material, slide)]
        found += [d for _, d in draft_terms(material)]
        drafts: dict[str, Draft] = {}
        for draft in found:
            drafts.setdefault(draft.key, draft)
        made = allocate(list(drafts.values()), material.common)
        generated.update(made)
        owned[material.course.source] = sorted(made)
        seeds.update((key, draft.slide.seed) for key, draft in drafts.items())
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
        for key in owned[course.source]:
            if key in generated:  # not dropped by the editors
                by_slide.setdefault(generated[key].slide, []).append(generated[key])
        owner = _quote_owners([q for found in by_slide.values() for q in found], seeds)
        for chapter in course.chapters:
            slides = []
            for section in chapter.sections:
                found, bad = editor_questions(course, section.slide, _slide_source(course, chapter, section),
                                              chapter.title)
                problems.extend(bad)
                mine = sorted(by_slide.get(section.slide.number, ()), key=lambda q: (_ORDER[q.kind], q.key))
                # A sentence quoted on two slides is asked about on one of them only.
                offered = [q for q in mine if all(owner[s] == seeds[q.key] for s in q.sentences)]
                slides.append((list(found), offered))
                everything.extend(found + tuple(mine))
            chapters.append(_chapter_quiz(course, chapter, slides))
        everything.extend(closing)
    title = "、".join(c.title for c in courses)
    return QuestionBank(tuple(everything), tuple(chapters), tuple(extra), tuple(problems), title)


def _quote_owners(questions: list[Question], seeds: dict[str, str]) -> dict[str, str]:
    """Return, for each course sentence the questions quote, the content hash of the slide whose
    questions may quote it: the lowest ``hash(sentence, slide content)``, so that the choice
    depends only on the slides that quote it."""
    best: dict[str, tuple[str, str]] = {}
    for question in questions:
        seed = seeds[question.key]
        for sentence in question.sentences:
            rank = (_hash(sentence, seed), seed)
            if sentence not in best or rank < best[sentence]:
                best[sentence] = rank
    return {sentence: seed for sentence, (_, seed) in best.items()}


def _slide_source(course: Course, chapter: Chapter, section) -> Source:
    label = f"第 {chapter.number} 章 {chapter.title} › {section.heading}"
    return Source(course.page_path(chapter.stem), section.anchor, label)


# ---------------------------------------------------------------- distractors


def allocate(drafts: list[Draft], common: frozenset[str]) -> dict[str, Question]:
    """Return the questions of ``drafts`` (by id) with distractors picked; drafts that cannot get
    two fair distractors of the answer's kind are left out.

    Each draft takes the best of its own fair candidates: no distractor is rationed across the
    bank, so a question depends on nothing but its own content and the candidates it considered
    (their slides are its ``borrowed`` slides, for the change report). Linear in the drafts.
    """
    questions = {}
    for draft in sorted(drafts, key=lambda d: d.key):
        fewest, _ = draft.wrong
        considered = _prefix(draft, common)
        wrong = _fair_pick(draft, considered, common)
        if len(wrong) < fewest:
            continue
        question = finish(draft, wrong)
        own = (draft.slide.slide.number, draft.slide.slide.fingerprint)
        borrowed = {*question.borrowed, *(s for c in considered for s in c.borrowed)} - {own}
        questions[draft.key] = replace(question, borrowed=tuple(sorted(borrowed)))
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
        else:
            if longest > STANDS_OUT * max(len(c.text) for c in chosen):
                return []  # the answer alone is much the longest: a learner would pick it unread
    return chosen


# ---------------------------------------------------------------- quizzes


def _chapter_quiz(course: Course, chapter: Chapter,
                  slides: list[tuple[list[Question], list[Question]]]) -> ChapterQuiz:
    """Return the chapter's quiz and its share of the 综合测验.

    ``slides`` holds each slide's editors' questions and generated ones. The editors' questions
    all go to the page; the generated ones are ranked (:func:`_best_first`) and shared out by
    :func:`_share_out`. Each slide then gives the 综合测验 up to ``FINAL_PER_SLIDE`` of what its
    page does not show, and one more when that one is good or asks in another way (a 判断题
    after a cloze), so that the 综合测验 asks something new.
    """
    quiz: list[Question] = []
    final: list[Question] = []
    ranked = [(written, _best_first([q for q in made if not any(asks_the_same(q, w) for w in written)],
                                    {t for q in written for t in q.topics})) for written, made in slides]
    chosen = _share_out(ranked)
    for written, best in ranked:
        page = [q for q in best if q.key in chosen]
        quiz.extend(written)
        quiz.extend(sorted(page, key=lambda q: (_ORDER[q.kind], q.key)))
        rest = [q for q in best if q.key not in chosen]
        given = rest[:FINAL_PER_SLIDE]
        final.extend(given + [q for q in rest[FINAL_PER_SLIDE:]
                              if q.score >= GOOD or _form(q) not in {_form(g) for g in given}][:1])
    final_ordered = tuple(sorted(final, key=lambda q: (_SHOWN.index(q.kind), q.slide, q.key)))
    return ChapterQuiz(course.source, chapter.stem, chapter.number, chapter.title, tuple(quiz), final_ordered)


def _share_out(slides: list[tuple[list[Question], list[Question]]]) -> set[str]:
    """Return the ids of the generated questions a chapter's 本章自测 shows.

    ``slides`` holds each slide's editors' questions and its generated ones best first. Each
    slide offers its page its best ``PER_SLIDE``, keeping one back for the 综合测验 when it has
    two or more: what a slide shows depends on its own questions only, so an edit moves only the questions of the slides it touches, and a slide
    added or removed only its own (issue 20); a chapter of three slides or more shows at least
    ``MIN_PAGE`` when its slides have them. Only a chapter offered more than ``CHAPTER_TARGET``
    (with the editors' questions) ranks its slides' offers against each other: every slide's best
    before any slide's second best, ties by ``hash(id)``, which does not depend on how many
    slides the chapter has.
    """
    have = sum(len(written) for written, _ in slides)
    # A slide with two or more keeps its last back, so that it asks something new in the 综合测验.
    offered = sorted((len(written) + place, _hash(q.key, "page"), q.key) for written, best in slides
                     for place, q in enumerate(best[:PER_SLIDE if len(best) > PER_SLIDE else len(best)]))
    return {key for _place, _order, key in offered[:max(CHAPTER_TARGET - have, 0)]}


def asks_the_same(question: Question, editors: Question) -> bool:
    """Return whether a generated question asks what an editors' question on its slide asks
    already: most of the editors' stem and of their answer are in its stem and answer
    (有人自称“微粒贷客服”…正确的做法是？ 挂断电话，通过官方入口核实)."""
    def held(theirs: str, ours: str) -> float:
        grams = _grams(_norm(theirs))
        return len(grams & _grams(_norm(ours))) / len(grams) if grams else 0.0
    # A 判断题's answer is 正确 or 错误: what it asks about is the sentence it judges.
    answer = held(editors.answer, question.quote if question.kind == "true-false" else question.answer)
    # The other way round (这是针对哪种情况的做法？): their answer in our stem, their stem in our answer.
    reverse = held(editors.answer, question.prompt) >= 1.5 * SAME_QUESTION and held(editors.prompt, question.answer) >= 0.75 * SAME_QUESTION
    return reverse or answer >= 1.5 * SAME_QUESTION or (answer >= SAME_QUESTION
                                                        and held(editors.prompt, question.prompt) >= SAME_QUESTION)


def _best_first(questions: list[Question], topics: set[str]) -> list[Question]:
    """Return the questions a slide may show, best first: by score, a kind already chosen on the
    slide counting two points less (a slide's questions should not all be 判断题), ties by
    ``hash(id)``; never two that quote the same course sentence (``Question.sentences``) or ask
    about the same topic."""
    left = sorted(questions, key=lambda q: _hash(q.key, "rank"))
    chosen: list[Question] = []
    quoted: set[str] = set()
    topics = set(topics)
    kinds: dict[str, int] = {}
    while left:
        left = [q for q in left if not q.sentences & quoted and not q.topics & topics]
        if not left:
            break
        question = max(left, key=lambda q: q.score - 2 * kinds.get(_form(q), 0))  # first of equals: hash order
        left.remove(question)
        chosen.append(question)
        quoted.update(question.sentences)
        topics.update(question.topics)
        kinds[_form(question)] = kinds.get(_form(question), 0) + 1
    return chosen


def _form(question: Question) -> str:
    """Return what a learner sees a question as: its kind, and for steps the order or the next step."""
    return question.kind + (":next" if question.topic.startswith("next:") else "")
