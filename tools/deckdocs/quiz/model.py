"""The question bank's value objects: where a question comes from, its options, the bank."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from deckdocs.errors import DeckdocsError
from deckdocs.model import Chapter, Course

# The kinds of question, in the order a quiz mixes them, with the names editors see.
KIND_NAMES = {"scenario": "情景题", "ordering": "排序题", "multiple": "多选题", "cloze": "选词填空", "true-false": "判断题",
              "term": "术语题", "editor": "编者题"}
GENERATED_KINDS = tuple(k for k in KIND_NAMES if k != "editor")
QUOTED = 12  # characters from which a quoted stretch of a stem is a course sentence, not a name



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
    feedback: str = ""  # shown under the option once chosen: what it is, and why it does (not) fit
    sort: str = ""  # what kind of thing it is (还款方式, a step, a case's wrong move), "" for a verdict


@dataclass(frozen=True)
class Question:
    key: str  # the question's id: its kind and a hash of the content it is made from
    kind: str  # one of KIND_NAMES
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: Source
    slide: int
    chapter: str  # the chapter's title ("" for editor questions on the title or closing slide)
    quote: str = ""  # the course sentence that answers it, shown in the explanation
    borrowed: tuple[tuple[int, str], ...] = ()  # (slide, fingerprint) of other slides its options came from
    alternate: str = ""  # the stem worded otherwise: the 综合测验 asks it so when the 本章自测 has it
    topic: str = ""  # what it asks about (a term, an item, a whole slide; "|" between several)
    score: int = 0  # how good a question it is (0–10, from its own content): the best reach the pages

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self.topic.split("|")) - {""}

    @property
    def sentences(self) -> frozenset[str]:
        """Return the course sentences the question quotes: the one it asks about, and those its
        stem quotes (a case's situation); none may be asked twice on the site."""
        found = {s for s in re.findall(r"“([^”]{%d,})”" % QUOTED, self.prompt)}
        return frozenset(found | ({self.quote} if self.quote else set()))

    @property
    def answer(self) -> str:
        """Return the right option(s), joined by 、."""
        return "、".join(o.text for o in self.options if o.is_correct)


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
    problems: tuple[DeckdocsError, ...]
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
