"""What every generated question is drafted as: its candidates, its draft, the choices made
from its id (wording, truth, direction), and the shared pieces of wording. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from deckdocs.model import Course
from deckdocs.quiz.material import Entry, SlideMaterial
from deckdocs.quiz.model import Option
from deckdocs.quiz.text import _hash, clauses, quoted

BLANK = "（　　）"
STANDS_OUT = 1.3  # an answer this much longer than every distractor gives itself away
_TRUE, _FALSE = "正确", "错误"
# How good each kind of question is for a learner, before its own content counts (``score``):
# a case to act on or a step to take teaches most, a label to match least.
BASE_SCORE = {"scenario": 6, "case-which": 5, "next": 5, "ordering": 4, "term": 4, "cloze": 4, "case-tf": 5, "term-tf": 4,
              "true-false": 2, "multiple": 3}


@dataclass(frozen=True)
class Candidate:
    """A possible wrong option: what it is, why it does not fit, and the slides it came from."""

    text: str
    feedback: str
    borrowed: tuple[tuple[int, str], ...] = ()  # (slide, fingerprint) of other slides it depends on
    sort: str = ""  # what kind of thing it is: always the answer's kind


@dataclass
class Draft:
    kind: str
    key: str
    slide: SlideMaterial
    prompt: str
    right: tuple[Option, ...]
    explanation: str
    quote: str
    entry: Entry | None = None
    candidates: Iterable[Candidate] = ()  # best first; may be lazy
    wrong: tuple[int, int] = (2, 3)  # how many distractors: at least, at most
    fixed: tuple[Option, ...] = ()  # wrong options that need no picking (正确/错误, other orders)
    lent: tuple[tuple[int, str], ...] = ()  # other slides whose content the stem uses
    term: str | None = None  # the glossary term it asks about
    alternate: str = ""  # kept for editors' fixes (quiz.yml); generated questions have one wording
    grade: str = ""  # its kind for ``BASE_SCORE`` (a case's 判断题 is not a label's)

    @property
    def topic(self) -> str:
        if self.term is not None:  # a term, and the item whose sentence it is asked through
            return f"term:{self.term}|entry:{self.entry.key}" if self.kind == "cloze" else f"term:{self.term}"
        if self.kind == "ordering":  # a topic of its own: the order, or the step after one
            what = "next:" if self.grade == "next" else "order:"
            return what + slide_topic(self.slide.course, self.slide.slide.number)
        if self.kind == "multiple" or self.entry is None:
            return slide_topic(self.slide.course, self.slide.slide.number)
        return f"entry:{self.entry.key}"


def slide_topic(course: Course, number: int) -> str:
    return f"slide:{course.source}:{number}"


def pick(key: str, what: str, n: int) -> int:
    """Return a number below ``n`` chosen by the question's id and ``what`` the choice is about:
    different choices (wording, truth, direction) are independent of each other."""
    return int(_hash(key, what)[:8], 16) % n


def _phrase(key: str, variants: tuple[str, ...]) -> str:
    """Return one wording of ``variants``, chosen by the question's id alone (never by its answer)."""
    return variants[pick(key, "wording", len(variants))]


def is_true(key: str) -> bool:
    """Return whether a 判断题's statement is true: half of them, by a hash of its id of its own."""
    return pick(key, "truth", 2) == 0


def _key(kind: str, *content: str) -> str:
    prefix = {"multiple": "multi", "true-false": "tf", "ordering": "order",
              "scenario": "case"}.get(kind, kind)
    return f"{prefix}-{_hash(kind, *content)[:10]}"


def _says(entry: Entry) -> str:
    return quoted(clauses(entry.body))


def _stop(text: str) -> str:
    """Return the full stop a sentence ending in a quote of ``text`` needs: none when the quote
    already ends one (“……。”)."""
    return "" if text.rstrip()[-1:] in "。！？!?" else "。"


def _quote(entry: Entry) -> str:
    return entry.body


# ---------------------------------------------------------------- kinds
