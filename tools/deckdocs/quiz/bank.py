"""The question bank: every course's questions, each chapter's 本章自测 and the 综合测验."""

from __future__ import annotations

import math

from deckdocs.model import Chapter, Course
from deckdocs.quiz.generate import _editor_questions, _generate
from deckdocs.quiz.material import _Material
from deckdocs.quiz.model import ChapterQuiz, Question, QuestionBank, Source

CHAPTER_TARGET, CHAPTER_MAX = 7, 10  # generated questions per chapter quiz: aim, and cap
FINAL_PER_CHAPTER = 3  # generated questions each chapter gives the final test


def build_question_bank(courses: tuple[Course, ...]) -> QuestionBank:
    """Return every course's questions, each chapter's 本章自测 and the 综合测验.

    Never raises for a malformed editor question: it is left out and listed in ``problems``.
    """
    everything, chapters, extra, problems = [], [], [], []
    for course in courses:
        material = _Material(course)
        home = Source(course.page_path("index"), None, course.title)
        for slide in course.front:
            found, bad = _editor_questions(course, slide, home, "")
            extra.extend(found)
            everything.extend(found)
            problems.extend(bad)
        for chapter in course.chapters:
            lanes, written = [], []
            for slide in (s for s in material.slides if s.chapter is chapter):
                found, bad = _editor_questions(course, slide.section.slide, slide.source(), chapter.title)
                problems.extend(bad)
                generated = _generate(material, slide)
                everything.extend(found + generated)
                written.append(found)
                lanes.append(generated)
            chapters.append(_chapter_quiz(course, chapter, lanes, written))
        for slide in course.closing:
            found, bad = _editor_questions(course, slide, home, "")
            extra.extend(found)
            everything.extend(found)
            problems.extend(bad)
    title = "、".join(c.title for c in courses)
    return QuestionBank(tuple(everything), tuple(chapters), tuple(extra), tuple(problems), title)


def _chapter_quiz(course: Course, chapter: Chapter, lanes: list[tuple[Question, ...]],
                  written: list[tuple[Question, ...]]) -> ChapterQuiz:
    """Return the chapter's quiz: the editors' questions, then generated ones slide by slide.

    Each slide with generated questions gives ``ceil(CHAPTER_TARGET / slides)`` of them, so a
    change on one slide never changes which questions another slide gives; when that passes
    ``CHAPTER_MAX`` the later rounds are cut. The final test takes the next round(s) of each slide.
    """
    used = [lane for lane in lanes if lane]
    quota = math.ceil(CHAPTER_TARGET / len(used)) if used else 0
    n_written = sum(map(len, written))
    budget = max(CHAPTER_MAX - n_written, 0)
    picked = _round_robin(used, 0, quota)[:budget]
    chosen = set(picked)
    quiz = tuple(q for found, lane in zip(written, lanes) for q in (*found, *(q for q in lane if q in chosen)))
    fresh = [q for q in _round_robin(used, quota, quota + FINAL_PER_CHAPTER) if q not in chosen]
    final_set = set((fresh + picked)[:FINAL_PER_CHAPTER])
    final_ordered = tuple(q for found, lane in zip(written, lanes)
                          for q in (*found, *(q for q in lane if q in final_set)))
    return ChapterQuiz(course.source, chapter.stem, chapter.number, chapter.title, quiz, final_ordered)


def _round_robin(lanes: list[tuple[Question, ...]], start: int, stop: int) -> list[Question]:
    return [lane[i] for i in range(start, stop) for lane in lanes if i < len(lane)]
