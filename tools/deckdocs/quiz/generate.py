"""Questions a trainer would write, drafted from a slide's items (the glossary kinds are in
:mod:`deckdocs.quiz.terms`).

Kinds (``KIND_NAMES``): ``multiple`` (以下哪些属于…, the slide's headings against headings of
other slides), ``cloze`` (an item heading blanked out of its own body), ``true-false`` (a body
with its own heading or a sibling's), ``ordering`` (the steps of a sequence slide, and which step
comes next), ``describes`` (which heading a body belongs to, only where the body does not name
it). A draft holds its stem, its right options and a ranked list of candidate distractors; the
bank (:mod:`deckdocs.quiz.bank`) grants distractors to all drafts at once, so that none is used
more than twice.

What keeps a question fair (issue 11): the answer, or half of its characters, never shows in the
stem (:func:`gives_away`); options are of one kind (headings with headings, terms with terms,
definitions with definitions) and of comparable length; no two options share their core
(:func:`share_core`); a distractor is never arguably right (``Material.is_outside``,
``Material.is_wrong_heading``, definitions that do not overlap).

What keeps it stable: a question's id hashes its kind and the content it is made from; its
wording is chosen by that id; its candidates come from its own slide or from a walk on a hash
ring that starts where its own content hashes to; options are ordered by ``hash(id, text)``.
Slide numbers and positions play no part. Pure: no IO.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from deckdocs.model import ArrangedSlide, Course
from deckdocs.quiz.material import WORD_SUFFIXES, Entry, Material, SlideMaterial
from deckdocs.quiz.model import Option, Question, Source
from deckdocs.quiz.notes import parse_notes
from deckdocs.quiz.text import _hash, _line, first_clause, gives_away, share_core

BLANK = "（　　）"
_CIRCLED = "①②③④⑤⑥"
_COUNTS = dict(zip(range(2, 11), "两三四五六七八九十"))
_TRUE, _FALSE = "正确", "错误"
# Titles that name a category, so that "以下哪些属于{title}？" reads naturally.
_CATEGORY = re.compile(r"(措施|特点|要求|要点|机制|步骤|法规|方式|技术|渠道|对象|策略)$")


@dataclass(frozen=True)
class Candidate:
    """A possible wrong option, with what it is really about and the slide it was borrowed from."""

    text: str
    feedback: str
    borrowed: tuple[tuple[int, str], ...] = ()  # (slide, fingerprint) of other slides it depends on


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
    alternate: str = ""  # the stem worded otherwise, for the 综合测验

    @property
    def topic(self) -> str:
        if self.term is not None:  # a term, and the item whose sentence it is asked through
            return f"term:{self.term}|entry:{self.entry.key}" if self.kind == "cloze" else f"term:{self.term}"
        if self.kind == "ordering":  # a topic of its own: the order, not what the steps are
            return "order:" + slide_topic(self.slide.course, self.slide.slide.number)
        if self.kind == "multiple" or self.entry is None:
            return slide_topic(self.slide.course, self.slide.slide.number)
        return f"entry:{self.entry.key}"


def slide_topic(course: Course, number: int) -> str:
    return f"slide:{course.source}:{number}"


def _phrase(key: str, variants: tuple[str, ...]) -> tuple[str, str]:
    """Return one phrasing of ``variants``, chosen by the question's id (so it never changes),
    and another one for the 综合测验 when the 本章自测 already asks the question."""
    n = int(key[-4:], 16) % len(variants)
    return variants[n], variants[(n + 1) % len(variants)]


def _key(kind: str, *content: str) -> str:
    prefix = {"multiple": "multi", "true-false": "tf", "ordering": "order", "describes": "desc"}.get(kind, kind)
    return f"{prefix}-{_hash(kind, *content)[:10]}"


def _about(entry: Entry) -> str:
    return f"“{entry.heading}”讲的是：{first_clause(entry.body)}。"


def _elsewhere(material: Material, entry: Entry, slide: SlideMaterial) -> Candidate:
    """Return a heading from another slide as a candidate, with what it is really about."""
    return Candidate(entry.heading, f"“{entry.heading}”出自“{entry.section}”，讲的是：{first_clause(entry.body)}。",
                     material.slides_with(entry, slide.slide.number))


def _quote(entry: Entry) -> str:
    return entry.body


# ---------------------------------------------------------------- kinds


def draft_slide(material: Material, slide: SlideMaterial) -> list[Draft]:
    """Return the drafts a slide gives, kind by kind."""
    drafts: list[Draft | None] = []
    if slide.has_title and len(slide.entries) >= 2:
        drafts.append(_multiple(material, slide))
    if slide.is_sequence:
        drafts.extend([_ordering(slide), _next_step(material, slide)])
    for entry in slide.entries:
        drafts.append(_cloze_heading(material, slide, entry))
        if len(slide.entries) >= 2:
            drafts.append(_true_false(material, slide, entry))
            drafts.append(_describes(material, slide, entry))
    return [d for d in drafts if d is not None]


def _multiple(material: Material, slide: SlideMaterial) -> Draft | None:
    key = _key("multiple", slide.seed)
    title = slide.title
    if _CATEGORY.search(title):
        prompt, alternate = _phrase(key, (f"以下哪些属于{title}？（多选）", f"下列各项中，哪些属于“{title}”？（多选）"))
    else:
        prompt, alternate = _phrase(key, (f"讲到“{title}”时，课程介绍了以下哪些内容？（多选）",
                                 f"“{title}”包括以下哪些方面？（多选）"))
    right = [e for e in sorted(slide.entries, key=lambda e: _hash(key, e.key))
             if e.heading_norm not in material.repeated and not gives_away(e.heading, prompt + alternate)]
    right = _without_shared_core(right, material)[:3]
    if len(right) < 2 or len(os.path.commonprefix([e.heading for e in right])) >= 2:
        return None  # 微粒贷的业务模式, 微粒贷的用户群体: the shared beginning marks the right ones
    headings = [e.heading for e in slide.entries]
    named = "、".join(headings[:-1]) + "和" + headings[-1]
    explanation = f"“{title}”讲了{named}{_COUNTS.get(len(headings), len(headings))}项。"
    draft = Draft("multiple", key, slide, prompt, tuple(Option(e.heading, True) for e in right), explanation,
                  "", wrong=(2, 2), alternate=alternate)
    # Lazy: only the candidates the bank looks at are checked.
    draft.candidates = (_elsewhere(material, e, slide) for e in material.outside(slide, key))
    # Whether a heading of the slide may be a right answer depends on the slides repeating it.
    draft.lent = tuple(sorted({s for e in slide.entries for s in material.slides_with(e, slide.slide.number)}))
    return draft


def _without_shared_core(entries: list[Entry], material: Material) -> list[Entry]:
    kept: list[Entry] = []
    for entry in entries:
        if not any(share_core(entry.heading, k.heading, material.common) for k in kept):
            kept.append(entry)
    return kept


def _siblings(material: Material, slide: SlideMaterial, entry: Entry) -> list[Candidate]:
    key = _hash("siblings", entry.key)
    found = [e for e in sorted(slide.entries, key=lambda e: _hash(key, e.key))
             if e is not entry and material.is_wrong_heading(e, entry)]
    return [Candidate(e.heading, _about(e), material.slides_with(e, slide.slide.number)) for e in found]


def _describes(material: Material, slide: SlideMaterial, entry: Entry) -> Draft | None:
    key = _key("describes", slide.seed, entry.key)
    title, body = slide.title, entry.body
    prompt, alternate = _phrase(key, (f"“{body}”——这段话讲的是“{title}”中的哪一项？",
                             f"下面这段话出自“{title}”，它讲的是哪一项？“{body}”",
                             f"“{body}”这段说明对应“{title}”里的哪个要点？"))
    if gives_away(entry.heading, prompt + alternate):
        return None
    draft = Draft("describes", key, slide, prompt, (Option(entry.heading, True),),
                  f"这段话讲的正是“{entry.heading}”。", _quote(entry), entry, alternate=alternate)
    draft.candidates = _siblings(material, slide, entry)
    return draft


def _true_false(material: Material, slide: SlideMaterial, entry: Entry) -> Draft | None:
    key = _key("true-false", slide.seed, entry.key)
    swapped = None
    if int(key[-1], 16) % 2:  # about half the statements are false: a sibling's heading swapped in
        swapped = next((c for c in sorted(slide.entries, key=lambda e: _hash(key, e.key))
                        if c is not entry and material.is_wrong_heading(c, entry)), None)
    shown = swapped or entry
    if gives_away(entry.heading, entry.body) or gives_away(shown.heading, entry.body):
        return None  # the body names a heading: the statement would judge itself
    prompt, alternate = _phrase(key, (f"判断：在“{slide.title}”中，“{shown.heading}”这一项讲的是“{entry.body}”",
                             f"判断：“{entry.body}”——这是“{slide.title}”中“{shown.heading}”的内容。"))
    if swapped is None:
        right = Option(_TRUE, True)
        wrong = Option(_FALSE, False, f"这句话正是“{entry.heading}”的内容。")
        explanation = f"说法正确，这是“{entry.heading}”的内容。"
    else:
        right = Option(_FALSE, True)
        wrong = Option(_TRUE, False, f"这句话讲的是“{entry.heading}”；{_about(swapped)}")
        explanation = f"说法错误：这句话讲的是“{entry.heading}”，不是“{swapped.heading}”。"
    lent = material.slides_with(swapped, slide.slide.number) if swapped else ()
    return Draft("true-false", key, slide, prompt, (right,), explanation, _quote(entry), entry,
                 wrong=(0, 0), fixed=(wrong,), alternate=alternate, lent=lent)


def _orders(key: str, n: int) -> list[list[int]]:
    """Return the right order's wrong neighbours: orders that swap one or two pairs of steps."""
    found: list[list[int]] = []
    swaps = sorted(((i, j) for i in range(n) for j in range(i + 1, n)), key=lambda p: _hash(key, str(p)))
    for i, j in swaps:
        order = list(range(n))
        order[i], order[j] = order[j], order[i]
        found.append(order)
    return found


def _ordering(slide: SlideMaterial) -> Draft | None:
    steps = slide.entries
    key = _key("ordering", slide.seed)
    n = len(steps)
    # Labels ①②… go to the steps in a shuffled order, never the right one.
    shuffled = sorted(range(n), key=lambda i: _hash(key, steps[i].key))
    if shuffled == list(range(n)):
        shuffled = shuffled[1:] + shuffled[:1]
    label = {step: _CIRCLED[position] for position, step in enumerate(shuffled)}
    listing = "　".join(f"{_CIRCLED[p]}{steps[s].heading}" for p, s in enumerate(shuffled))
    prompt, alternate = _phrase(key, (f"“{slide.title}”中的几个环节已打乱，正确的先后顺序是？{listing}",
                             f"把下列环节按“{slide.title}”中的先后顺序排列，正确的是？{listing}"))

    def spelled(order: list[int]) -> str:
        return "→".join(label[s] for s in order)

    right = Option(spelled(list(range(n))), True)
    wrong = []
    for order in _orders(key, n)[:3]:
        first = next(i for i in range(n) if order[i] != i)
        early, late = steps[order[first]], steps[first]
        wrong.append(Option(spelled(order), False, f"这个顺序把“{early.heading}”排在了“{late.heading}”前面，"
                                                   f"实际上要先“{late.heading}”。"))
    chain = "→".join(s.heading for s in steps)
    link = next((s for s in steps[1:] if re.search(r"后[,，]|之后|完毕", s.body)), steps[-1])
    return Draft("ordering", key, slide, prompt, (right,), f"正确顺序是：{chain}。", _quote(link), link,
                 wrong=(0, 0), fixed=tuple(wrong), alternate=alternate)


def _next_step(material: Material, slide: SlideMaterial) -> Draft | None:
    steps = slide.entries
    key = _key("ordering", slide.seed, "next")
    for i in sorted(range(len(steps) - 1), key=lambda i: _hash(key, steps[i].key)):
        before, after = steps[i], steps[i + 1]
        prompt, alternate = _phrase(key, (f"在“{slide.title}”中，“{before.heading}”之后的下一步是？",
                                 f"完成“{before.heading}”之后，接下来是哪一步？"))
        if gives_away(after.heading, prompt + alternate):
            continue
        position = {s.key: n for n, s in enumerate(steps, 1)}
        draft = Draft("ordering", key, slide, prompt, (Option(after.heading, True),),
                      f"“{before.heading}”是第 {i + 1} 步，下一步是“{after.heading}”。", _quote(after), after,
                      alternate=alternate)
        draft.candidates = [Candidate(s.heading, f"“{s.heading}”是第 {position[s.key]} 步。")
                            for s in sorted(steps, key=lambda s: _hash(key, s.key))
                            if s is not before and s is not after]
        return draft
    return None


def _cloze_heading(material: Material, slide: SlideMaterial, entry: Entry) -> Draft | None:
    """Return a cloze that blanks the item's heading out of its own body, when the body says it."""
    if not _blankable(entry.heading, entry.body):
        return None
    key = _key("cloze", slide.seed, entry.key)
    sentence = entry.body.replace(entry.heading, BLANK)
    prompt, alternate = _cloze_prompt(key, sentence)
    if gives_away(entry.heading, prompt + alternate):
        return None
    draft = Draft("cloze", key, slide, prompt, (Option(entry.heading, True),),
                  f"括号里应填“{entry.heading}”。", _quote(entry), entry, alternate=alternate)
    siblings = [c for c in _siblings(material, slide, entry) if c.text not in entry.body]
    others = (_elsewhere(material, e, slide) for e in material.outside(slide, key) if e.heading not in entry.body)
    draft.candidates = itertools.chain(siblings, others)
    return draft


def _blankable(word: str, body: str) -> bool:
    """Return whether ``word`` can be blanked out of ``body``: said once, as a word of its own
    (not the start of a longer one such as 违约 in 违约率), leaving enough to go on."""
    if body.count(word) != 1 or len(body) - len(word) < 10:
        return False
    after = body[body.index(word) + len(word):][:1]
    return after not in WORD_SUFFIXES


def _cloze_prompt(key: str, sentence: str) -> tuple[str, str]:
    return _phrase(key, (f"选词填空：{sentence}", f"“{sentence}”——括号里应填哪一项？",
                           f"请选出最恰当的一项填入括号：{sentence}"))


# ---------------------------------------------------------------- drafts → questions


def finish(draft: Draft, wrong: list[Candidate]) -> Question:
    """Return the question of ``draft`` with ``wrong`` as its distractors, options in a stable order."""
    options = list(draft.right) + list(draft.fixed) + [Option(c.text, False, c.feedback) for c in wrong]
    options.sort(key=lambda o: _hash(draft.key, o.text))
    if draft.kind == "true-false":
        options.sort(key=lambda o: o.text != _TRUE)  # 正确 first, as on every paper
    borrowed = tuple(sorted({s for c in wrong for s in c.borrowed} | set(draft.lent)))
    slide = draft.slide
    return Question(draft.key, draft.kind, draft.prompt, tuple(options), draft.explanation, slide.source(draft.entry),
                    slide.slide.number, slide.chapter.title, draft.quote, borrowed, draft.alternate, draft.topic)


def editor_questions(course: Course, slide: ArrangedSlide, source: Source, chapter: str):
    """Return the editors' questions in the slide's notes, and the malformed ones as problems."""
    parsed = parse_notes(slide.notes, slide=slide.number, path=course.source)
    questions = []
    for q in parsed.questions:
        options = tuple(Option(_line(text), ok, _line(q.feedback_of(i))) for i, (text, ok) in enumerate(q.options))
        key = "editor-" + _hash("editor", course.source, _line(q.prompt), *(o.text for o in options))[:10]
        questions.append(Question(key, "editor", _line(q.prompt), options, _line(q.explanation),
                                  source, slide.number, chapter, topic=slide_topic(course, slide.number)))
    return tuple(questions), parsed.problems
