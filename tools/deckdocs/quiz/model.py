"""The question bank's value objects: where a question comes from, its options, the bank."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from deckdocs.errors import QuizFormatError
from deckdocs.model import Chapter, Course



@dataclass(frozen=True, order=True)
class Source:
    """Where a question comes from: a docs-relative page, an anchor on it, and a label."""

    page_path: str
    anchor: str | None
    label: str


@dataclass(frozen=True)
class Option:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class Question:
    key: str  # stable: a hash of the content behind the question
    kind: str  # describes | covers | odd-one-out | editor
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: Source
    slide: int
    chapter: str  # the chapter's title ("" for editor questions on the title or closing slide)


@dataclass(frozen=True)
class ChapterQuiz:
    course: str  # the course's source deck name
    stem: str
    number: int
    title: str
    questions: tuple[Question, ...]  # the chapter's 本章自测
    final: tuple[Question, ...]  # the chapter's share of the 综合测验


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]  # every question, generated or written, in deck order
    chapters: tuple[ChapterQuiz, ...]
    extra: tuple[Question, ...]  # editors' questions on title, contents or closing slides
    problems: tuple[QuizFormatError, ...]
    title: str = ""

    def for_chapter(self, course: Course, chapter: Chapter) -> tuple[Question, ...]:
        """Return the chapter's 本章自测 questions (empty for a chapter without any)."""
        for quiz in self.chapters:
            if quiz.course == course.source and quiz.stem == chapter.stem:
                return quiz.questions
        return ()

    @cached_property
    def final(self) -> tuple[Question, ...]:
        """Return the 综合测验 questions: a share of every chapter, then the extra ones."""
        return tuple(q for quiz in self.chapters for q in quiz.final) + self.extra
