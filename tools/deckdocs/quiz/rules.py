"""The rules every generated question obeys (issue 11), measured on a whole bank.

Used by the tests (each rule on the course deck and on generated decks) and by
``benchmarks/quiz_quality.py``. Editors' questions are theirs and are not measured. Pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from deckdocs.quiz.model import Question, QuestionBank
from deckdocs.quiz.text import _norm, gives_away, share_core

# Kinds whose answer is a verdict (正确/错误) or an order of labels, not words from the course:
# their stems are checked for giving the answer away in their own way.
_VERDICT_KINDS = ("true-false",)


@dataclass
class Quality:
    questions: int = 0
    per_kind: Counter = field(default_factory=Counter)
    quiz_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chapter → kinds in its 本章自测
    final_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chapter → kinds in the 综合测验
    answer_in_stem: list[Question] = field(default_factory=list)
    shared_core: list[tuple[Question, str, str]] = field(default_factory=list)
    unique_longest: int = 0  # questions whose longest option is longer than all others
    right_longest: int = 0  # … and that option is right
    chance_longest: float = 0.0  # how many of those a right option would be longest by chance
    reuse: Counter = field(default_factory=Counter)  # distractor → questions using it
    repeated_in_final: list[Question] = field(default_factory=list)

    @property
    def longest_share(self) -> float:
        return self.right_longest / self.unique_longest if self.unique_longest else 0.0

    @property
    def chance_share(self) -> float:
        return self.chance_longest / self.unique_longest if self.unique_longest else 0.0

    @property
    def max_reuse(self) -> int:
        return max(self.reuse.values(), default=0)


def is_full_order(question: Question) -> bool:
    return question.kind == "ordering" and "→" in question.answer


def shows_answer(question: Question) -> bool:
    """Return whether the stem gives the answer away."""
    if question.kind in _VERDICT_KINDS:
        return False
    if is_full_order(question):  # the steps listed in the right order already
        labels = [c for c in question.answer if c != "→"]
        return labels == sorted(labels)
    return any(gives_away(o.text, question.prompt) for o in question.options if o.is_correct)


def measure(bank: QuestionBank, common: frozenset[str] = frozenset()) -> Quality:
    """Return the bank's figures for every rule."""
    quality = Quality()
    generated = [q for q in bank.questions if q.kind != "editor"]
    quality.questions = len(generated)
    for question in generated:
        quality.per_kind[question.kind] += 1
        if shows_answer(question):
            quality.answer_in_stem.append(question)
        lengths = sorted((len(o.text) for o in question.options), reverse=True)
        if len(lengths) > 1 and lengths[0] > lengths[1]:
            quality.unique_longest += 1
            longest = max(question.options, key=lambda o: len(o.text))
            quality.right_longest += longest.is_correct
            quality.chance_longest += sum(o.is_correct for o in question.options) / len(question.options)
        if question.kind in _VERDICT_KINDS or is_full_order(question):
            continue
        wrong = [o.text for o in question.options if not o.is_correct]
        for text in wrong:
            quality.reuse[_norm(text)] += 1
        for i, a in enumerate(wrong):
            for b in [o.text for o in question.options if o.is_correct] + wrong[i + 1:]:
                if share_core(a, b, common):
                    quality.shared_core.append((question, a, b))
    for quiz in bank.chapters:
        quality.quiz_kinds[quiz.title] = tuple(sorted({q.kind for q in quiz.questions if q.kind != "editor"}))
        quality.final_kinds[quiz.title] = tuple(sorted({q.kind for q in quiz.final if q.kind != "editor"}))
        asked = {q.prompt for q in quiz.questions}
        quality.repeated_in_final.extend(q for q in quiz.final if q.prompt in asked)
    return quality
