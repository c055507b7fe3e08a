"""Questions about the editors' glossary terms that the course uses: the term and its meaning
either way round, the term blanked out of the first body using it, and true/false with its own
meaning or another term's.

Every distractor, and the meaning a false statement borrows, is a term of the same genus (what
its definition says it is: 等额本息 and 先息后本 are both 还款方式, 贷后监控系统 and 交易监控系统
both 系统), nearest in meaning first; a term without two such neighbours (one for a 判断题) is
not asked about. Pure.
"""

from __future__ import annotations

import re

from deckdocs.quiz.draft import _FALSE, _TRUE, BLANK, Candidate, Draft, _key, _phrase, _quote, is_true, pick
from deckdocs.quiz.generate import _blankable, _cloze_prompt
from deckdocs.quiz.material import Material, SlideMaterial, Term
from deckdocs.quiz.model import Option
from deckdocs.quiz.text import BODY_NEAR, _grams, _hash, _norm, _overlap, clauses, full_width, gives_away, share_core

MEANING = 40  # characters of a definition shown as an option: its leading whole clauses


def draft_terms(material: Material) -> list[tuple[SlideMaterial, Draft]]:
    """Return one term question, one cloze and one 判断题 for each glossary term the course uses."""
    by_number = {s.slide.number: s for s in material.slides}
    drafts = []
    for term in material.terms:
        slide = by_number[term.entry.slide]
        kinds = (_term, _cloze_term, _true_false_term)
        if slide.is_case and term.entry.role not in (None, "lesson"):
            kinds = (_true_false_term,)  # a case's situation and moves are asked as scenarios, not blanked
        for draft in (kind(material, slide, term) for kind in kinds):
            if draft is not None:
                drafts.append((slide, draft))
    return drafts


def _meaning(term: Term) -> str:
    """Return the term's meaning as an option: its leading clauses, without "一种还款方式：", which
    every option of the question would begin with."""
    return full_width(clauses(re.sub(r"^一种[^：:，,]{1,8}[：:]", "", term.definition), MEANING))


def _cloze_term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    entry = term.entry
    word = next(w for w in term.words if w in entry.body)
    if word == entry.heading:
        return None  # the heading cloze of the same item asks exactly this
    if not _blankable(word, entry.body):
        return None
    key = _key("cloze", material.course.source, term.key, entry.key)
    prompt = _cloze_prompt(key, entry.body.replace(word, BLANK))
    if gives_away(word, prompt):
        return None
    draft = Draft("cloze", key, slide, prompt, (Option(word, True, sort=term.genus),),
                  f"括号里应填“{word}”，即{full_width(clauses(term.definition, 200))}。", _quote(entry), entry,
                  term=term.name, grade="cloze")
    draft.candidates = [Candidate(t.name, f"“{t.name}”是指{_meaning(t)}，放进这句话意思不对。", _borrowed(t, slide),
                                  t.genus)
                        for t in _neighbours(material, term, key)
                        if not any(w in slide.text for w in t.words) and not _grams(_norm(t.name)) & _grams(_norm(word))]
    return draft


def _term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    key = _key("term", material.course.source, term.key)
    meaning = _meaning(term)
    masked = meaning
    for word in sorted(term.words, key=len, reverse=True):
        masked = masked.replace(word, "它")
    others = _neighbours(material, term, key)
    explanation = f"“{term.name}”是指{full_width(clauses(term.definition, 200))}。"
    if pick(key, "direction", 2) and term.name not in meaning:  # the definition given, the term asked
        prompt = _phrase(key, (f"“{masked}”——这说的是哪个术语？", f"下面这句话解释的是哪个术语？“{masked}”"))
        if gives_away(term.name, prompt):
            return None
        draft = Draft("term", key, slide, prompt, (Option(term.name, True, sort=term.genus),), explanation,
                      _quote(term.entry), term.entry, term=term.name, grade="term")
        draft.candidates = [Candidate(t.name, f"“{t.name}”是指{_meaning(t)}，与这句话说的不同。", _borrowed(t, slide),
                                      t.genus) for t in others]
        return draft
    prompt = _phrase(key, (f"“{term.name}”指的是什么？", f"关于“{term.name}”，下列哪种解释是对的？"))
    if any(w in meaning for w in term.words):
        return None  # the definition repeats the term: it would pick itself out
    draft = Draft("term", key, slide, prompt, (Option(meaning, True, sort=term.genus),), explanation,
                  _quote(term.entry), term.entry, term=term.name, grade="term")
    draft.candidates = [Candidate(_meaning(t), f"这是“{t.name}”的意思，不是“{term.name}”。", _borrowed(t, slide), t.genus)
                        for t in others if not any(w in _meaning(t) for w in t.words)]
    return draft


def _true_false_term(material: Material, slide: SlideMaterial, term: Term) -> Draft | None:
    """Return "判断：“逾期”是指……" with the term's own meaning, or (as often) its nearest neighbour's."""
    key = _key("true-false", material.course.source, term.key)
    meaning = _meaning(term)
    other = next((t for t in _neighbours(material, term, key) if not any(w in _meaning(t) for w in t.words)), None)
    if other is None:
        return None  # nothing of its kind to set against it: the statement could only be true
    shown = meaning if is_true(key) else _meaning(other)
    if any(w in shown for w in term.words):
        return None  # the meaning repeats the term: the statement would judge itself
    prompt = _phrase(key, (f"判断：“{term.name}”是指{shown}。", f"判断：{shown}，这说的是“{term.name}”。"))
    if is_true(key):
        right, wrong = Option(_TRUE, True), Option(_FALSE, False, f"说法没有错，这就是“{term.name}”的意思；"
                                                                 f"不要与“{other.name}”（{_meaning(other)}）混淆。")
        explanation = f"说法正确，“{term.name}”是指{meaning}。"
    else:
        right = Option(_FALSE, True)
        wrong = Option(_TRUE, False, f"这说的是“{other.name}”；“{term.name}”是指{meaning}。")
        explanation = f"说法错误：这说的是“{other.name}”。“{term.name}”是指{meaning}。"
    lent = _borrowed(other, slide)  # either way the feedback names it
    return Draft("true-false", key, slide, prompt, (right,), explanation, _quote(term.entry), term.entry,
                 wrong=(0, 0), fixed=(wrong,), term=term.name, lent=lent, grade="term-tf")


def _borrowed(term: Term, slide: SlideMaterial) -> tuple[tuple[int, str], ...]:
    entry = term.entry
    return () if entry.slide == slide.slide.number else ((entry.slide, entry.fingerprint),)


def _neighbours(material: Material, term: Term, key: str) -> list[Term]:
    """Return the other terms of ``term``'s genus whose meaning differs from its own, the closest
    in meaning first (先息后本 for 等额本息), then by the question's id. Never one that the term's
    definition names, or whose definition names the term, or that a definition of another term of
    the sentence names (人脸识别 for 反欺诈技术, which is …如人脸识别…: it would be right too)."""
    def rank(other: Term) -> tuple[int, str]:
        return -round(10 * _overlap(other.definition_grams, term.definition_grams)), _hash(key, other.key)
    around = " ".join(t.definition for t in material.terms if any(w in term.entry.body for w in t.words))
    return sorted((t for t in material.distinct_terms(term, _distinct)
                   if not any(w in term.definition or w in around for w in t.words)
                   and not any(w in t.definition for w in term.words)), key=rank)


def _distinct(material: Material, term: Term, other: Term) -> bool:
    return (other is not term and term.genus and other.genus == term.genus
            and _overlap(other.definition_grams, term.definition_grams) < BODY_NEAR
            and not any(share_core(w, v, material.common) for w in other.words for v in term.words))
