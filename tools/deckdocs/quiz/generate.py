"""Questions a trainer would write, drafted from a slide's items (the glossary kinds are in
:mod:`deckdocs.quiz.terms`, a case slide's scenarios in :mod:`deckdocs.quiz.cases`, what every
draft is made of in :mod:`deckdocs.quiz.draft`).

Kinds (``KIND_NAMES``): ``scenario`` (a case slide's situation: what is the right move, what
comes of the wrong one), ``ordering`` (the steps of a sequence slide, and what to do next),
``cloze`` (an item heading blanked out of its own body), ``true-false`` (a case's move judged,
or a body with its own heading or a sibling's), ``multiple`` (以下哪些属于…, a category slide's
headings against headings of the same kind in its chapter). Not ``describes`` (which heading a
body belongs to) any more: it asked for a label, and its right option was the one heading the
body did not echo (``rules.independence`` found it). A case slide's labels (案例背景, 错误做法 …)
are never asked as such.

Contrast, not absurdity (issue 22): every distractor and every false statement is the same kind
of thing as the answer — a sibling item of the slide, a heading with the same head (…系统,
…法, …用户) elsewhere in the course, a step of the same procedure, another case's wrong move —
and a question with fewer than two such distractors is not asked. A question's wording and
whether its statement is true are chosen by two independent hashes of its id, so no wording
gives the answer away.

What keeps a question fair (issue 11): the answer, or half of its characters, never shows in the
stem (:func:`gives_away`); options of comparable length; no two options share their core
(:func:`share_core`); a distractor is never arguably right (``Material.is_outside``,
``Material.is_wrong_heading``). What keeps it stable: its id hashes its kind and the content it
is made from; its candidates come from its own slide or a bounded walk on a hash ring; options
are ordered by ``hash(id, text)``. Slide numbers and positions play no part. Pure: no IO.
"""

from __future__ import annotations

import os
import re

from deckdocs.model import ArrangedSlide, Course
from deckdocs.quiz.cases import draft_case
from deckdocs.quiz.draft import (
    _FALSE, _TRUE, BASE_SCORE, BLANK, STANDS_OUT, Candidate, Draft, _key, _phrase, _quote, _says, _stop, is_true, slide_topic,
)
from deckdocs.quiz.material import WORD_SUFFIXES, Entry, Material, SlideMaterial
from deckdocs.quiz.model import Option, Question, Source
from deckdocs.quiz.notes import parse_notes
from deckdocs.quiz.text import _grams, _hash, _line, _norm, _overlap, gives_away, quoted, share_core

_CIRCLED = "①②③④⑤⑥"
MIN_POINT = 8  # characters of a clause a 判断题 quotes on its own: shorter ones say too little
# “必须遵守相关法律法规” fits every item of a slide about rules: no one item's point. (Decided
# from the clause alone: comparing it with the rest of the course would tie the question to
# every slide that says something alike.)
_BOILERPLATE = re.compile(r"遵守|遵循|相关法律|法律法规|有关规定|相关规定")
_NOUN_PHRASE = re.compile(r"的[^，的]{1,4}$")  # 当场不能解决的投诉: what the sentence is about, not what it says
# A clause that only sets the scene (…后, 根据…) or leans on the one before it (并…, 例如…, 因为…)
# says nothing a learner could judge on its own.
_WHEN = re.compile(r"(后|时|前|之后|以后)$|^(根据|通过|针对|利用|运用|并|且|而|但|因为|由于|例如|比如|如|以便|以|从而|同时|再|还|也|即)")
_COUNTS = dict(zip(range(2, 11), "两三四五六七八九十"))
# Titles that name a category, so that "以下哪些属于{title}？" reads naturally.
_CATEGORY = re.compile(r"(措施|特点|要求|要点|机制|步骤|法规|方式|技术|渠道|对象|策略|制度|用品|原则|用语|政策)$")




def draft_slide(material: Material, slide: SlideMaterial) -> list[Draft]:
    """Return the drafts a slide gives, kind by kind: scenarios from a case slide, the rest from
    the items of any other slide."""
    if slide.is_case:
        return draft_case(material, slide)
    drafts: list[Draft | None] = []
    if slide.has_title and len(slide.entries) >= 2:
        drafts.append(_multiple(material, slide))
    if slide.is_sequence:
        drafts.extend([_ordering(slide), _next_step(slide)])
    for entry in slide.entries:
        if material.is_ambiguous(entry):
            continue  # which heading it belongs to is not one answer
        drafts.append(_cloze_heading(material, slide, entry))
        if len(slide.entries) >= 2:
            drafts.append(_true_false(material, slide, entry))
    return [d for d in drafts if d is not None]


def _multiple(material: Material, slide: SlideMaterial) -> Draft | None:
    title = slide.title
    if not _CATEGORY.search(title):
        return None  # "讲到…时介绍了哪些内容" asks about the slide's layout, not the subject
    key = _key("multiple", slide.course.source, slide.seed)
    prompt = _phrase(key, (f"以下哪些属于{title}？（多选）", f"下列各项中，哪些属于“{title}”？（多选）"))
    right = [e for e in sorted(slide.entries, key=lambda e: _hash(key, e.key))
             if e.heading_norm not in material.repeated and not gives_away(e.heading, prompt)]
    right = _without_shared_core(right, material)[:3]
    if len(right) < 2 or len(os.path.commonprefix([e.heading for e in right])) >= 2:
        return None  # 微粒贷的业务模式, 微粒贷的用户群体: the shared beginning marks the right ones
    headings = [e.heading for e in slide.entries]
    named = "、".join(headings[:-1]) + "和" + headings[-1]
    explanation = f"“{title}”包括{named}{_COUNTS.get(len(headings), len(headings))}项。"
    draft = Draft("multiple", key, slide, prompt, tuple(Option(e.heading, True, sort=e.head) for e in right),
                  explanation, "", wrong=(2, 2), grade="multiple")
    heads = {e.head for e in right}
    # Lazy: only the candidates the bank looks at are checked; the same kind, the same chapter.
    draft.candidates = (_elsewhere(material, e, slide) for head in sorted(heads)
                        for e in material.same_head(slide, head, key)
                        if material.chapter_of(e) == slide.chapter.number)
    draft.lent = tuple(sorted({s for e in slide.entries for s in material.slides_with(e, slide.slide.number)}))
    return draft


def _elsewhere(material: Material, entry: Entry, slide: SlideMaterial, why: str = "，不属于这一页。") -> Candidate:
    """Return a heading from another slide (the same kind of thing) as a candidate."""
    return Candidate(entry.heading, f"“{entry.heading}”出自“{entry.section}”，讲的是{_says(entry)}{why}",
                     material.slides_with(entry, slide.slide.number), entry.head)


def _point(entry: Entry) -> str:
    """Return what ``entry``'s body says its heading does: the clause after the one naming it
    (运用先进的大数据风控技术，对用户信用进行评估 → 对用户信用进行评估), else its longest other clause."""
    parts = [p.strip() for p in re.split(r"[，,；;。！？!?]", entry.body) if p.strip()]
    named = next((i for i, p in enumerate(parts) if entry.heading in p), None)
    if named is not None and named + 1 < len(parts):
        return parts[named + 1]
    return max((p for p in parts if entry.heading not in p), key=len, default="")


def _without_shared_core(entries: list[Entry], material: Material) -> list[Entry]:
    kept: list[Entry] = []
    for entry in entries:
        if not any(share_core(entry.heading, k.heading, material.common) for k in kept):
            kept.append(entry)
    return kept


def _siblings(material: Material, slide: SlideMaterial, entry: Entry, why: str) -> list[Candidate]:
    key = _hash("siblings", entry.key)
    # A case's label (案例背景, 产生后果) is no content to fill in, wherever a deck puts it.
    found = [e for e in sorted(slide.entries, key=lambda e: _hash(key, e.key))
             if e is not entry and e.role not in ("situation", "wrong", "consequence")
             and material.is_wrong_heading(e, entry)]
    return [Candidate(e.heading, f"“{e.heading}”是“{slide.title}”的另一项，讲的是{_says(e)}{why}",
                      material.slides_with(e, slide.slide.number), "sibling") for e in found]


def _true_false(material: Material, slide: SlideMaterial, entry: Entry) -> Draft | None:
    key = _key("true-false", slide.course.source, slide.seed, entry.key)
    # The slide's items in a ring (by a hash of the slide): each item is set against the next one
    # that fits, so the slide's false statements name different headings (three saying “……说的是
    # 反洗钱法” would lean on each other).
    ring = sorted(slide.entries, key=lambda e: _hash(slide.seed, e.key))
    at = ring.index(entry)
    swapped = next((c for c in ring[at + 1:] + ring[:at] if material.is_wrong_heading(c, entry)), None)
    if swapped is None:
        return None  # no sibling to set against it: it could only be true
    shown = entry if is_true(key) else swapped
    said = entry.body
    if gives_away(entry.heading, said) or gives_away(swapped.heading, said):
        # The body names a heading (微粒贷需遵循反洗钱法规定，对用户身份进行严格审核): the statement
        # judges what it says besides, the longest clause that names neither (chosen before the truth).
        said = max((c for c in _clauses_of(entry.body) if len(c) >= MIN_POINT and not _WHEN.search(c)
                    and not _NOUN_PHRASE.search(c) and not _BOILERPLATE.search(c)
                    and not _echoed(c, entry, slide, material.common)
                    and not gives_away(entry.heading, c) and not gives_away(swapped.heading, c)), key=len, default="")
        if not said:
            return None  # nothing it says without naming a heading: the statement would judge itself
        prompt = _phrase(key, (f"判断：“{slide.title}”中，{quoted(said)}说的是“{shown.heading}”这一项。",
                               f"判断：“{slide.title}”中“{shown.heading}”一项讲到了{quoted(said)}。"))
    else:
        prompt = _phrase(key, (f"判断：在“{slide.title}”中，{quoted(said)}说的是“{shown.heading}”。",
                               f"判断：“{slide.title}”中“{shown.heading}”一项的内容是{quoted(said)}{_stop(said)}"))
    if shown is entry:
        right = Option(_TRUE, True)
        wrong = Option(_FALSE, False, f"这句话确实是“{entry.heading}”一项的内容。")
        explanation = f"说法正确：这句话正是“{slide.title}”中“{entry.heading}”一项的内容。"
    else:
        right = Option(_FALSE, True)
        wrong = Option(_TRUE, False, f"“{swapped.heading}”讲的是{_says(swapped)}；这句话说的是“{entry.heading}”。")
        explanation = f"说法错误：这句话说的是“{entry.heading}”，不是“{swapped.heading}”。"
    lent = material.slides_with(swapped, slide.slide.number)
    return Draft("true-false", key, slide, prompt, (right,), explanation, _quote(entry), entry,
                 wrong=(0, 0), fixed=(wrong,), lent=lent, grade="true-false")


ECHO = 0.25  # share of a clause's words another item of the slide says that makes it arguable


def _echoed(clause: str, entry: Entry, slide: SlideMaterial, common: frozenset[str]) -> bool:
    """Return whether another item of the slide says words of ``clause`` (防止身份盗用和欺诈行为 on a
    slide of anti-fraud measures): set against that item the statement could be argued either way."""
    grams = _grams(_norm(clause)) - common
    return any(len(grams & other.body_grams) >= ECHO * len(grams) for other in slide.entries if other is not entry)


def _clauses_of(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"[，,；;。！？!?]", body) if p.strip()]


def _orders(key: str, n: int) -> list[list[int]]:
    """Return the right order's wrong neighbours: orders that swap one pair of steps."""
    found: list[list[int]] = []
    swaps = sorted(((i, j) for i in range(n) for j in range(i + 1, n)), key=lambda p: _hash(key, str(p)))
    for i, j in swaps:
        order = list(range(n))
        order[i], order[j] = order[j], order[i]
        found.append(order)
    return found


def _ordering(slide: SlideMaterial) -> Draft | None:
    steps = slide.entries
    key = _key("ordering", slide.course.source, slide.seed)
    n = len(steps)
    # Labels ①②… go to the steps in a shuffled order, never the right one.
    shuffled = sorted(range(n), key=lambda i: _hash(key, steps[i].key))
    if shuffled == list(range(n)):
        shuffled = shuffled[1:] + shuffled[:1]
    label = {step: _CIRCLED[position] for position, step in enumerate(shuffled)}
    listing = "　".join(f"{_CIRCLED[p]}{steps[s].heading}" for p, s in enumerate(shuffled))
    prompt = _phrase(key, (f"“{slide.title}”中的几个环节已打乱，正确的先后顺序是？{listing}",
                           f"把下列环节按“{slide.title}”中的先后顺序排列，正确的是？{listing}"))

    def spelled(order: list[int]) -> str:
        return "→".join(label[s] for s in order)

    right = Option(spelled(list(range(n))), True, sort="order")
    wrong = []
    for order in _orders(key, n)[:3]:
        first = next(i for i in range(n) if order[i] != i)
        early, late = steps[order[first]], steps[first]
        wrong.append(Option(spelled(order), False, f"这个顺序把“{early.heading}”排在了“{late.heading}”前面，"
                                                   f"实际上要先“{late.heading}”。", "order"))
    chain = "→".join(s.heading for s in steps)
    # It quotes no one sentence: the order of the whole slide is what it asks.
    return Draft("ordering", key, slide, prompt, (right,), f"“{slide.title}”的正确顺序是：{chain}。", "", None,
                 wrong=(0, 0), fixed=tuple(wrong), grade="ordering")


def _next_step(slide: SlideMaterial) -> Draft | None:
    """Return "下一步应该做什么？" after one step of a procedure, the other steps as distractors."""
    steps = slide.entries
    key = _key("ordering", slide.course.source, slide.seed, "next")
    position = {s.key: n for n, s in enumerate(steps, 1)}
    for i in sorted(range(len(steps) - 1), key=lambda i: _hash(key, steps[i].key)):
        before, after = steps[i], steps[i + 1]
        prompt = _phrase(key, (f"按照“{slide.title}”，“{before.heading}”已经完成，下一步应该做什么？",
                               f"“{before.heading}”做完之后，按“{slide.title}”接下来该做什么？"))
        others = [s for s in steps if s is not before and s is not after]
        if gives_away(after.heading, prompt) or not others or \
                len(after.heading) > STANDS_OUT * max(len(s.heading) for s in others):
            continue  # the answer named, or the one long step among short ones: try another step
        draft = Draft("ordering", key, slide, prompt, (Option(after.heading, True, sort="step"),),
                      f"“{before.heading}”是第 {i + 1} 步，紧接着的第 {i + 2} 步是“{after.heading}”。",
                      _quote(after), after, grade="next")

        def why(s: Entry) -> str:
            n = position[s.key]
            if n < i + 1:
                return f"“{s.heading}”是第 {n} 步，在“{before.heading}”之前就已经做过了。"
            return f"“{s.heading}”是第 {n} 步，要等“{after.heading}”之后才做。"
        draft.candidates = [Candidate(s.heading, why(s), (), "step")
                            for s in sorted(steps, key=lambda s: _hash(key, s.key)) if s is not before and s is not after]
        return draft
    return None


def _cloze_heading(material: Material, slide: SlideMaterial, entry: Entry) -> Draft | None:
    """Return a cloze that blanks the item's heading out of its own body, when the body says it."""
    if not _blankable(entry.heading, entry.body):
        return None
    key = _key("cloze", slide.course.source, slide.seed, entry.key)
    sentence = entry.body.replace(entry.heading, BLANK)
    prompt = _cloze_prompt(key, sentence)
    if gives_away(entry.heading, prompt):
        return None
    draft = Draft("cloze", key, slide, prompt, (Option(entry.heading, True, sort=entry.head),),
                  f"这句话是“{slide.title}”中“{entry.heading}”一项的说明，括号里填的正是“{entry.heading}”。",
                  _quote(entry), entry, grade="cloze")
    point = _point(entry)
    why = f"；括号所在的这句话讲的是{quoted(point)}，说的不是它。" if point else "；放进这句话意思就不对了。"
    siblings = [c for c in _siblings(material, slide, entry, why) if c.text not in entry.body]
    others = (_elsewhere(material, e, slide, why) for e in material.same_head(slide, entry.head, key)
              if e.heading not in entry.body)

    def candidates():
        yield from siblings
        yield from others
    draft.candidates = candidates()
    return draft


def _blankable(word: str, body: str) -> bool:
    """Return whether ``word`` can be blanked out of ``body``: said once, as a word of its own
    (not the start of a longer one such as 违约 in 违约率), leaving enough to go on."""
    if body.count(word) != 1 or len(body) - len(word) < 10:
        return False
    after = body[body.index(word) + len(word):][:1]
    return after not in WORD_SUFFIXES


def _cloze_prompt(key: str, sentence: str) -> str:
    return _phrase(key, (f"选词填空：{sentence}", f"请选出最恰当的一项填入括号：{sentence}"))


# ---------------------------------------------------------------- drafts → questions


def finish(draft: Draft, wrong: list[Candidate]) -> Question:
    """Return the question of ``draft`` with ``wrong`` as its distractors, options in a stable order."""
    options = list(draft.right) + list(draft.fixed) + [Option(c.text, False, c.feedback, c.sort) for c in wrong]
    options.sort(key=lambda o: _hash(draft.key, o.text))
    if draft.kind == "true-false":
        options.sort(key=lambda o: o.text != _TRUE)  # 正确 first, as on every paper
    borrowed = tuple(sorted({s for c in wrong for s in c.borrowed} | set(draft.lent)))
    slide = draft.slide
    return Question(draft.key, draft.kind, draft.prompt, tuple(options), draft.explanation, slide.source(draft.entry),
                    slide.slide.number, slide.chapter.title, draft.quote, borrowed, draft.alternate, draft.topic,
                    score(draft, wrong))


def score(draft: Draft, wrong: list[Candidate]) -> int:
    """Return how good the question is (0–10) from its own content: its kind, how many
    distractors it has, whether one is a near neighbour of the answer, how long its stem is."""
    points = BASE_SCORE[draft.grade or draft.kind]
    points += len(wrong) >= 3
    rights = [_grams(_norm(o.text)) for o in draft.right]
    # A distractor that shares words with the answer (先息后本 / 等额本息 share none, but 贷后监控系统 /
    # 交易监控系统 do) asks for knowing the difference, not for spotting the odd one out.
    points += any(_overlap(_grams(_norm(c.text)), r) >= 0.2 for c in wrong for r in rights)
    points -= len(draft.prompt) > 90
    return max(0, min(10, points))


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
