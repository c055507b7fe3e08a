"""The rules every generated question obeys (issues 11 and 22), measured on a whole bank.

Used by the tests (each rule on the course deck and on decks of other subjects) and by
``benchmarks/quiz_quality.py``. Editors' questions are theirs and are not measured. Pure.

Wording independent of the answer is tested as statistics, not by reading the generator: for a
判断题, every two-character stretch of our own wording (outside the quotes) that several stems
share must occur with true and with false statements at about the kind's rate; for a choice,
the right option's position, length (longest, shortest), and style (a full stop, quotes,
brackets) must be as common as among all options. A binomial test flags a feature whose rate
could hardly be chance (``ALPHA``).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from deckdocs.quiz.model import Question, QuestionBank
from deckdocs.quiz.text import _grams, _norm, gives_away, share_core

# Kinds whose answer is a verdict (正确/错误) or an order of labels, not words from the course:
# their stems are checked for giving the answer away in their own way.
_VERDICT_KINDS = ("true-false",)
ALPHA = 0.001  # a feature this unlikely by chance is a tell (many features are tested per kind)
MIN_SUPPORT = 8  # stems or options a feature must occur in to be tested
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
_CUT = re.compile(r"…")
_NESTED = re.compile(r"“[^”]*“")
_HALF_WIDTH = re.compile(r"[,;:?!()]")


@dataclass(frozen=True)
class Tell:
    """A feature that goes with being right more (or less) often than chance."""

    kind: str
    feature: str
    right: int  # right answers (true statements, right options) with the feature
    total: int  # statements or options with the feature
    expected: float  # the share of right ones chance would give
    p: float


@dataclass
class Quality:
    questions: int = 0
    per_kind: Counter = field(default_factory=Counter)
    quiz_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chapter → kinds in its 本章自测
    final_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chapter → kinds in the 综合测验
    on_pages: dict[str, tuple[int, int]] = field(default_factory=dict)  # chapter → (本章自测, 综合测验) questions
    answer_in_stem: list[Question] = field(default_factory=list)
    shared_core: list[tuple[Question, str, str]] = field(default_factory=list)
    unique_longest: int = 0  # questions whose longest option is longer than all others
    right_longest: int = 0  # … and that option is right
    chance_longest: float = 0.0  # how many of those a right option would be longest by chance
    reuse: Counter = field(default_factory=Counter)  # distractor → questions using it
    repeated_in_final: list[Question] = field(default_factory=list)
    tested: Counter = field(default_factory=Counter)  # kind → features tested for independence
    tells: list[Tell] = field(default_factory=list)
    smallest_p: dict[str, float] = field(default_factory=dict)  # kind → the smallest p of its features
    distractors: Counter = field(default_factory=Counter)  # kind → distractors
    same_kind: Counter = field(default_factory=Counter)  # kind → distractors of the answer's kind
    repeated_sentences: list[str] = field(default_factory=list)  # course sentences asked twice on the site
    cut: list[str] = field(default_factory=list)  # options, explanations or feedback cut off (……)
    nested: list[str] = field(default_factory=list)  # texts with “ inside “”
    half_width: list[str] = field(default_factory=list)  # our own wording with , ; : ? ! ( )
    explanation_chars: dict[str, list[int]] = field(default_factory=dict)  # kind → lengths (with the quote)
    feedback_chars: dict[str, list[int]] = field(default_factory=dict)  # kind → wrong options' feedback lengths
    no_feedback: int = 0  # wrong options without feedback

    @property
    def longest_share(self) -> float:
        return self.right_longest / self.unique_longest if self.unique_longest else 0.0

    @property
    def chance_share(self) -> float:
        return self.chance_longest / self.unique_longest if self.unique_longest else 0.0

    @property
    def max_reuse(self) -> int:
        return max(self.reuse.values(), default=0)

    def same_kind_share(self, kind: str) -> float:
        return self.same_kind[kind] / self.distractors[kind] if self.distractors[kind] else 1.0


def is_full_order(question: Question) -> bool:
    return question.kind == "ordering" and "→" in question.answer


def shows_answer(question: Question) -> bool:
    """Return whether the stem gives the answer away."""
    if question.kind in _VERDICT_KINDS:
        return False
    if is_full_order(question):  # the steps listed in the right order already
        labels = [c for c in question.answer if c != "→"]
        return labels == sorted(labels)
    if question.kind == "scenario":  # sentences about one case share its words: the option "most like
        # the stem" is measured as a feature of its own (``_option_features``)
        return _norm(question.answer) in _norm(question.prompt)
    return any(gives_away(o.text, question.prompt) for o in question.options if o.is_correct)


def binomial_p(k: int, n: int, p: float) -> float:
    """Return the two-sided exact binomial p-value of ``k`` successes in ``n`` at rate ``p``."""
    if n == 0 or p <= 0 or p >= 1:
        return 1.0
    probs = [math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(n + 1)]
    return min(1.0, sum(x for x in probs if x <= probs[k] * (1 + 1e-9)))


def own_wording(text: str) -> str:
    """Return ``text`` without what it quotes: the words deckdocs chose."""
    return _QUOTED.sub("", text)


def _stem_features(question: Question) -> set[str]:
    own = _norm(own_wording(question.prompt))
    return {own[i:i + 2] for i in range(len(own) - 1)}


def _option_features(question: Question) -> list[tuple[object, set[str]]]:
    """Return each option with its features: position, longest/shortest, style."""
    lengths = [len(o.text) for o in question.options]
    stem = _grams(_norm(own_wording(question.prompt) + "".join(_QUOTED.findall(question.prompt))))
    likeness = [len(_grams(_norm(o.text)) & stem) / max(len(_grams(_norm(o.text))), 1) for o in question.options]
    found = []
    for n, option in enumerate(question.options):
        features = {f"position {n + 1} of {len(question.options)}"}
        if lengths.count(max(lengths)) == 1 and len(option.text) == max(lengths):
            features.add("the longest")
        if lengths.count(min(lengths)) == 1 and len(option.text) == min(lengths):
            features.add("the shortest")
        if likeness.count(max(likeness)) == 1 and likeness[n] == max(likeness):
            features.add("the most like the stem")
        if option.text.endswith(("。", "！", "？")):
            features.add("ends with a full stop")
        if "“" in option.text or "「" in option.text:
            features.add("has quotes")
        if "（" in option.text or "(" in option.text:
            features.add("has brackets")
        found.append((option, features))
    return found


def _independence(quality: Quality, questions: list[Question]) -> None:
    """Record, per kind, every feature whose rate among right answers could hardly be chance."""
    by_kind: dict[str, list[Question]] = {}
    for question in questions:
        if not is_full_order(question):
            by_kind.setdefault(question.kind, []).append(question)
    for kind, found in sorted(by_kind.items()):
        counts: Counter = Counter()
        rights: Counter = Counter()
        if kind in _VERDICT_KINDS:  # the statement's wording against its truth
            base = sum(q.answer == "正确" for q in found) / len(found)
            for question in found:
                for feature in _stem_features(question):
                    counts[f"wording {feature}"] += 1
                    rights[f"wording {feature}"] += question.answer == "正确"
            rate = {feature: base for feature in counts}
        else:  # the right option's position, length and style against all options'
            options = [pair for q in found for pair in _option_features(q)]
            share = sum(o.is_correct for o, _ in options) / len(options)
            for option, features in options:
                for feature in features:
                    counts[feature] += 1
                    rights[feature] += option.is_correct
            # by chance a feature (a position, the longest …) is right at the rate options are right
            rate = {feature: share for feature in counts}
        smallest = 1.0
        for feature, total in counts.items():
            if total < MIN_SUPPORT:
                continue
            quality.tested[kind] += 1
            p = binomial_p(rights[feature], total, rate[feature])
            smallest = min(smallest, p)
            if p < ALPHA:
                quality.tells.append(Tell(kind, feature, rights[feature], total, rate[feature], p))
        quality.smallest_p[kind] = smallest


def independence(questions: list[Question]) -> Quality:
    """Return the wording/answer figures (``tested``, ``tells``, ``smallest_p``) of ``questions``,
    which may come from several banks: pooled, the test has the power one small deck lacks."""
    quality = Quality()
    _independence(quality, [q for q in questions if q.kind != "editor"])
    return quality


def _same_kind(question: Question, wrong) -> bool:
    sorts = {o.sort for o in question.options if o.is_correct}
    return wrong.sort in sorts or wrong.sort == "sibling" or (wrong.sort == "order" and "order" in sorts)


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
        _wording(quality, question)
        if question.kind in _VERDICT_KINDS or is_full_order(question):
            continue
        wrong = [o for o in question.options if not o.is_correct]
        for option in wrong:
            quality.reuse[_norm(option.text)] += 1
            quality.distractors[question.kind] += 1
            quality.same_kind[question.kind] += _same_kind(question, option)
        texts = [o.text for o in wrong]
        for i, a in enumerate(texts):
            for b in [o.text for o in question.options if o.is_correct] + texts[i + 1:]:
                if share_core(a, b, common):
                    quality.shared_core.append((question, a, b))
    _independence(quality, generated)
    asked: Counter = Counter()
    for quiz in bank.chapters:
        quality.quiz_kinds[quiz.title] = tuple(sorted({q.kind for q in quiz.questions if q.kind != "editor"}))
        quality.final_kinds[quiz.title] = tuple(sorted({q.kind for q in quiz.final if q.kind != "editor"}))
        quality.on_pages[quiz.title] = (len(quiz.questions), len(quiz.final))
        prompts = {q.prompt for q in quiz.questions}
        quality.repeated_in_final.extend(q for q in quiz.final if q.prompt in prompts)
        for question in (*quiz.questions, *quiz.final):
            if question.kind != "editor":
                asked.update(question.sentences)
    quality.repeated_sentences = sorted(s for s, n in asked.items() if n > 1)
    return quality


def _wording(quality: Quality, question: Question) -> None:
    """Record the question's cut, nested or half-width wording and its feedback lengths."""
    wrong = [o for o in question.options if not o.is_correct]
    feedback = [o.feedback for o in wrong]
    quality.no_feedback += sum(not f for f in feedback)
    explained = question.explanation + question.quote
    quality.explanation_chars.setdefault(question.kind, []).append(len(explained))
    quality.feedback_chars.setdefault(question.kind, []).extend(len(f) for f in feedback if f)
    for text in (question.prompt, question.explanation, *(o.text for o in question.options), *feedback):
        if _CUT.search(text):
            quality.cut.append(text)
        if _NESTED.search(text):
            quality.nested.append(text)
    for text in (question.explanation, *feedback):
        if _HALF_WIDTH.search(own_wording(text)):
            quality.half_width.append(text)


def median(values: list[int]) -> float:
    return statistics.median(values) if values else 0.0
