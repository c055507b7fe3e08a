"""Questions about the editors' glossary terms that the course uses: the term and its meaning
either way round, the term blanked out of the first body using it, and true/false with its own
meaning or another term's. Distractors are other terms whose meanings do not overlap. Pure."""

from __future__ import annotations

from deckdocs.quiz.generate import (
    _FALSE, _TRUE, BLANK, Candidate, Draft, _blankable, _cloze_prompt, _key, _phrase, _quote,
)
from deckdocs.quiz.material import Material, SlideMaterial, Term
from deckdocs.quiz.model import Option
from deckdocs.quiz.text import BODY_NEAR, _grams, _hash, _norm, _overlap, first_clause, gives_away, share_core


def draft_terms(material: Material) -> list[tuple[SlideMaterial, Draft]]:
    """Return one term question and one cloze for each glossary term the course uses."""
    by_number = {s.slide.number: s for s in material.slides}
    drafts = []
    for term in material.terms:
        slide = by_number[term.entry.slide]
        for draft in (_term(material, slide, term), _cloze_term(material, slide, term),
                      _true_false_term(material, slide, term)):
            if draft is not None:
                drafts.append((slide, draft))
    return drafts


def _cloze_term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    entry = term.entry
    word = next(w for w in term.words if w in entry.body)
    if word == entry.heading:
        return None  # the heading cloze of the same item asks exactly this
    if not _blankable(word, entry.body):
        return None
    key = _key("cloze", term.key, entry.key)
    prompt, alternate = _cloze_prompt(key, entry.body.replace(word, BLANK))
    if gives_away(word, prompt + alternate):
        return None
    draft = Draft("cloze", key, slide, prompt, (Option(word, True),),
                  f"括号里应填“{word}”，即{first_clause(term.definition, 200)}。", _quote(entry), entry,
                  alternate=alternate, term=term.name)
    draft.candidates = [Candidate(t.name, f"“{t.name}”是指{first_clause(t.definition)}。", _borrowed(t, slide))
                        for t in _other_terms(material, term, key, closest=False)
                        if not any(w in slide.text for w in t.words) and not _grams(_norm(t.name)) & _grams(_norm(word))]
    return draft


def _term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    key = _key("term", term.key)
    meaning = first_clause(term.definition, 60)
    masked = meaning
    for word in sorted(term.words, key=len, reverse=True):
        masked = masked.replace(word, "它")
    others = _other_terms(material, term, key)
    explanation = f"“{term.name}”是指{meaning}。"
    if int(key[-1], 16) % 2 and term.name not in meaning:  # the definition given, the term asked
        prompt, alternate = _phrase(key, (f"“{masked}”——这说的是哪个术语？", f"下面这句话解释的是哪个术语？“{masked}”"))
        if gives_away(term.name, prompt + alternate):
            return None
        draft = Draft("term", key, slide, prompt, (Option(term.name, True),), explanation, _quote(term.entry),
                      term.entry, alternate=alternate, term=term.name)
        draft.candidates = [Candidate(t.name, f"“{t.name}”是指{first_clause(t.definition, 60)}。", _borrowed(t, slide))
                            for t in others]
        return draft
    prompt, alternate = _phrase(key, (f"“{term.name}”指的是什么？", f"关于“{term.name}”，下列哪种解释是对的？"))
    if any(w in meaning for w in term.words):
        return None  # the definition repeats the term: it would pick itself out
    draft = Draft("term", key, slide, prompt, (Option(meaning, True),), explanation, _quote(term.entry), term.entry,
                  alternate=alternate, term=term.name)
    draft.candidates = [Candidate(first_clause(t.definition, 60), f"这是“{t.name}”的意思。", _borrowed(t, slide))
                        for t in others if not any(w in first_clause(t.definition, 60) for w in t.words)]
    return draft


def _true_false_term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    """Return "判断：“逾期”是指……" with the term's own meaning, or about half the time another's."""
    key = _key("true-false", term.key)
    meaning = first_clause(term.definition, 60)
    other = None
    if int(key[-1], 16) % 2:
        other = next((t for t in _other_terms(material, term, key)
                      if not any(w in first_clause(t.definition, 60) for w in t.words)), None)
        if other is None:
            return None
    shown = first_clause(other.definition, 60) if other else meaning
    if any(w in shown for w in term.words):
        return None  # the meaning repeats the term: the statement would judge itself
    prompt, alternate = _phrase(key, (f"判断：“{term.name}”是指{shown}。", f"判断：“{term.name}”指的是{shown}。"))
    if other is None:
        right, wrong = Option(_TRUE, True), Option(_FALSE, False, f"这正是“{term.name}”的意思。")
        explanation = f"说法正确，“{term.name}”是指{meaning}。"
    else:
        right = Option(_FALSE, True)
        wrong = Option(_TRUE, False, f"这说的是“{other.name}”；“{term.name}”是指{meaning}。")
        explanation = f"说法错误：这说的是“{other.name}”。“{term.name}”是指{meaning}。"
    borrowed = _borrowed(other, slide) if other else ()
    draft = Draft("true-false", key, slide, prompt, (right,), explanation, _quote(term.entry), term.entry,
                  wrong=(0, 0), fixed=(wrong,), alternate=alternate, term=term.name)
    draft.lent = borrowed
    return draft


def _borrowed(term: Term, slide: SlideMaterial) -> tuple[tuple[int, str], ...]:
    entry = term.entry
    return () if entry.slide == slide.slide.number else ((entry.slide, entry.fingerprint),)


def _other_terms(material: Material, term: Term, key: str, *, closest: bool = True) -> list[Term]:
    """Return other terms whose meaning differs from ``term``'s, ranked by the question's id; with
    ``closest`` the closest in meaning first (a plausible distractor: 先息后本 for 等额本息)."""
    def rank(other: Term) -> tuple[int, str]:
        near = round(10 * _overlap(other.definition_grams, term.definition_grams)) if closest else 0
        return -near, _hash(key, other.key)
    return sorted(material.distinct_terms(term, _distinct), key=rank)


def _distinct(material: Material, term: Term, other: Term) -> bool:
    return (other is not term and _overlap(other.definition_grams, term.definition_grams) < BODY_NEAR
            and not any(share_core(w, v, material.common) for w in other.words for v in term.words))
