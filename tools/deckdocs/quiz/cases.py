"""Scenario questions from case slides (issue 22): a slide whose labels tell a situation
(案例背景) and what was done about it (错误做法, 产生后果, 正确做法 / 处理方式) asks what the right move is,
what comes of the wrong one, and whether a move is right — answered with the slide's own
sentences, against the case's own wrong move and other cases' moves and consequences (the same
kind of thing). Its labels are never asked about. Pure."""

from __future__ import annotations

from deckdocs.quiz.draft import _FALSE, _TRUE, Candidate, Draft, _key, _phrase, _quote, is_true
from deckdocs.quiz.material import Material, SlideMaterial
from deckdocs.quiz.model import Option
from deckdocs.quiz.text import BODY_NEAR, _grams, _norm, _overlap, clauses, full_width, quoted


def draft_case(material: Material, slide: SlideMaterial) -> list[Draft]:
    """Return the scenario questions of a case slide."""
    drafts = [_right_move(material, slide), _which_case(material, slide), _consequence(material, slide),
              _case_true_false(slide)]
    return [d for d in drafts if d is not None]


def _right_move(material: Material, slide: SlideMaterial) -> Draft | None:
    """Return "遇到这种情况，正确的做法是？": the case's situation, its right move against wrong moves."""
    roles = slide.roles
    situation, action = roles["situation"], roles.get("action")
    if action is None:
        return None
    key = _key("scenario", slide.course.source, slide.seed, "action")
    prompt = _phrase(key, (f"{quoted(situation.body)}遇到这种情况，正确的做法是？",
                           f"情况是这样的：{quoted(situation.body)}这时应该怎么做？"))
    consequence = roles.get("consequence")
    why = f"这是“{slide.title}”给出的正确做法"
    if "wrong" in roles and consequence is not None:
        why += f"；案例中的错误做法导致{full_width(clauses(consequence.body))}"
    draft = Draft("scenario", key, slide, prompt, (Option(action.body, True, sort="action"),), why + "。",
                  _quote(action), action, grade="scenario")

    def candidates():
        own = roles.get("wrong")
        if own is not None:
            yield Candidate(own.body, "这正是案例中的错误做法" + (f"，结果{full_width(clauses(consequence.body))}。"
                                                        if consequence is not None else "。"), (), "action")
        for role, what in (("wrong", "中的错误做法"), ("action", "的做法，针对的是另一种情况")):
            for other in material.same_role(slide, role, key):
                title = other.section
                yield Candidate(other.body, f"这是“{title}”{what}，不是本案该做的。",
                                ((other.slide, other.fingerprint),), "action")
    draft.candidates = candidates()
    return draft


def _which_case(material: Material, slide: SlideMaterial) -> Draft | None:
    """Return "这是针对哪种情况的做法？": the case's right move, its situation against other cases'
    situations (the same kind of thing), each of which the slides answer with another move."""
    roles = slide.roles
    situation, action = roles["situation"], roles.get("action")
    if action is None:
        return None
    key = _key("scenario", slide.course.source, slide.seed, "situation")
    prompt = _phrase(key, (f"{quoted(action.body)}这是针对下列哪种情况的正确做法？",
                           f"下面这种处理，适用于哪一种情况？{quoted(action.body)}"))
    explanation = f"这是“{slide.title}”的情况，题中的处理正是这个案例给出的正确做法。"  # the situation follows as 课程原文
    # Asks what the right-move question asks, the other way round: one topic, never both on a page.
    draft = Draft("scenario", key, slide, prompt, (Option(situation.body, True, sort="situation"),), explanation,
                  _quote(situation), action, grade="case-which")

    def likeness(text: str) -> float:  # how much of a situation the move's words show
        grams = _grams(_norm(text))
        return len(grams & action.body_grams) / max(len(grams), 1)
    found = [Candidate(o.body, f"这是“{o.section}”的情况，那里的做法是{full_width(clauses(move))}。",
                       ((o.slide, o.fingerprint),), "situation")
             for o in material.same_role(slide, "situation", key)
             if (move := material.role_of(o, "action")) and _overlap(_grams(_norm(move)), action.body_grams) < BODY_NEAR]
    # The situations most like the move first; a situation the move's words point to unlike any
    # other (倒车前回头确认… → 倒车时没有回头观察) is found without knowing the case: not asked.
    found.sort(key=lambda c: -likeness(c.text))
    if len(found) < 2 or likeness(situation.body) > likeness(found[0].text):
        return None
    draft.candidates = found
    return draft


def _consequence(material: Material, slide: SlideMaterial) -> Draft | None:
    """Return "这样做会带来什么后果？": the case's situation (and wrong move), what came of it."""
    roles = slide.roles
    situation, consequence, wrong = roles["situation"], roles.get("consequence"), roles.get("wrong")
    if consequence is None:
        return None
    key = _key("scenario", slide.course.source, slide.seed, "consequence")
    if wrong is not None:  # the wrong move tells the story; the situation is the right-move question's
        prompt = _phrase(key, (f"{quoted(wrong.body)}这样做会带来什么后果？", f"{quoted(wrong.body)}接下来最可能发生什么？"))
    else:
        prompt = _phrase(key, (f"{quoted(situation.body)}这会带来什么后果？", f"{quoted(situation.body)}接下来最可能发生什么？"))
    explanation = f"这是“{slide.title}”中实际发生的后果"
    if "action" in roles:
        explanation += f"；正确的做法是{full_width(clauses(roles['action'].body))}"
    draft = Draft("scenario", key, slide, prompt, (Option(consequence.body, True, sort="consequence"),),
                  explanation + "。", _quote(consequence), consequence, grade="scenario")
    draft.candidates = (Candidate(o.body, f"这是“{o.section}”的后果，起因不同：{full_width(clauses(material.role_of(o, 'situation')))}。",
                                  ((o.slide, o.fingerprint),), "consequence")
                        for o in material.same_role(slide, "consequence", key))
    return draft


def _case_true_false(slide: SlideMaterial) -> Draft | None:
    """Return "判断：遇到这种情况，这样做是对的": the case's right move or, as often, its wrong one."""
    roles = slide.roles
    situation, action, wrong = roles["situation"], roles.get("action"), roles.get("wrong")
    if action is None or wrong is None:
        # Without its own wrong move a statement could only be true, or set another case's move
        # against this situation, which no one would take for right.
        return None
    key = _key("true-false", slide.course.source, slide.seed, "case")
    move = action if is_true(key) else wrong
    prompt = _phrase(key, (f"判断：{quoted(situation.body)}这时，{quoted(move.body)}是正确的做法。",
                           f"判断：对于{quoted(situation.body)}这种情况，{quoted(move.body)}这样处理是对的。"))
    consequence = roles.get("consequence")
    if move is action:
        right = Option(_TRUE, True)
        wrong_option = Option(_FALSE, False, f"说法没有错，这正是“{slide.title}”给出的做法。")
        explanation = f"说法正确：这是“{slide.title}”给出的做法。"
    else:
        right = Option(_FALSE, True)
        harm = f"，结果{full_width(clauses(consequence.body))}" if consequence is not None else ""
        wrong_option = Option(_TRUE, False, f"这是案例中的错误做法{harm}。")
        explanation = f"说法错误：这是案例中的错误做法{harm}。正确的做法是{full_width(clauses(action.body))}。"
    # Either way it asks what the case's right move is: that is the sentence it quotes.
    return Draft("true-false", key, slide, prompt, (right,), explanation, _quote(action), action,
                 wrong=(0, 0), fixed=(wrong_option,), grade="case-tf")
