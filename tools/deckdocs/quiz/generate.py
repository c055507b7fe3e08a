"""Questions generated from each slide's items, and the editors' questions in the speaker notes.
Pure: no IO.

Per content slide with items (heading + body) three kinds of question are generated:

* ``describes`` — a body is quoted; which heading of the slide does it describe?
* ``covers`` — which of these is covered in the slide's section? (one right, three from elsewhere)
* ``odd-one-out`` — which of these is *not* covered in the section? (three from it, one not)

Every question must have exactly one defensible answer, so a wrong option is dropped when
it could be argued right. Text is compared after :func:`_norm` (NFKC, no punctuation or
spaces, lower case, near-synonyms such as 诈骗/欺诈 folded together) by character bigrams;
"similar" is an overlap ``|A∩B| / min(|A|,|B|)`` of at least ``HEADING_NEAR``/``BODY_NEAR``.

* An option from elsewhere (``covers``, ``odd-one-out``) must not share a bigram with the
  section's title or headings (the course title's bigrams, i.e. the product name, excepted),
  must not have a heading the course repeats on several slides (信用评分模型, 案例背景: it
  means something else on each), must not be mostly named in the section's text, must not
  have a body similar to one of the section's, and must not come from a section with a
  similar title. ``covers`` is not asked about a repeated heading either.
* A sibling heading offered for ``describes`` must not be similar to the right heading, must
  not be mostly named in the quoted body, and no item anywhere in the course with that heading
  may have a body similar to the quoted one (the deck repeats headings with new bodies).

Distractor rule (so a changed slide changes only its own questions): options from elsewhere
are chosen by rendezvous hashing. Every valid candidate item gets the score
``sha256(question seed + candidate key)``, where the seed hashes the question's own slide (its
title and items) and the key hashes the candidate's own heading and body; items of other
chapters come first, then the lowest scores win. Slide numbers and positions play no part. So
editing slide B changes a question of slide A only if B's old item was one of its picks or a
new item of B outscores them. The course-wide checks above (a heading repeated elsewhere, the
same heading with a similar body elsewhere) look at other slides only through those headings.
Options are ordered by ``sha256(question key + option text)``; editors' options keep their order.
"""

from __future__ import annotations

from deckdocs.model import ArrangedSlide, Course
from deckdocs.quiz.material import _Entry, _Material, _pick, _Slide
from deckdocs.quiz.model import Option, Question, Source
from deckdocs.quiz.notes import parse_notes
from deckdocs.quiz.text import BODY_NEAR, _hash, _line, _overlap

MAX_OPTIONS = 4
MIN_OPTIONS = 3  # a generated question with fewer options is too easy to guess: skipped


def _question(kind: str, slide: _Slide, seed: str, prompt: str, right: list[str], wrong: list[str],
              explanation: str, entry: _Entry | None) -> Question | None:
    if len(right) + len(wrong) < MIN_OPTIONS:
        return None
    key = _hash(kind, slide.seed, seed)[:16]
    options = [Option(t, True) for t in right] + [Option(t, False) for t in wrong]
    options.sort(key=lambda o: _hash(key, o.text))
    return Question(key, kind, prompt, tuple(options), explanation, slide.source(entry),
                    slide.section.slide.number, slide.chapter.title)


def _describes(material: _Material, slide: _Slide, entry: _Entry) -> Question | None:
    taken = {entry.heading_norm}
    siblings = [(False, e) for e in slide.entries
                if e is not entry and material.is_wrong_heading(e, entry)
                and _overlap(e.body_grams, entry.body_grams) < BODY_NEAR]
    wrong = _pick(siblings, slide.seed + entry.key, MAX_OPTIONS - 1, taken)
    if len(wrong) < MIN_OPTIONS - 1:
        extra = [c for c in material.outside(slide) if material.is_wrong_heading(c[1], entry)]
        wrong += _pick(extra, slide.seed + entry.key, MIN_OPTIONS - 1 - len(wrong), taken)
    prompt = f"“{entry.body}”——这段内容对应“{slide.section.heading}”中的哪一项？"
    explanation = f"这段内容出自“{entry.heading}”。"
    return _question("describes", slide, entry.key, prompt, [entry.heading], [e.heading for e in wrong],
                     explanation, entry)


def _covers(slide: _Slide, entry: _Entry, outside) -> Question | None:
    taken = {e.heading_norm for e in slide.entries}
    wrong = _pick(outside, slide.seed + "covers" + entry.key, MAX_OPTIONS - 1, taken)
    title = slide.section.heading
    prompt = f"下列哪一项是“{title}”一节介绍的内容？"
    explanation = f"“{entry.heading}”属于“{title}”：{entry.body} 其余选项出自课程的其他小节。"
    return _question("covers", slide, entry.key, prompt, [entry.heading], [e.heading for e in wrong],
                     explanation, entry)


def _odd_one_out(slide: _Slide, outside) -> Question | None:
    taken: set[str] = set()
    inside = _pick([(False, e) for e in slide.entries], slide.seed + "inside", MAX_OPTIONS - 1, taken)
    odd = _pick(outside, slide.seed + "odd", 1, taken)
    if len(inside) < MIN_OPTIONS - 1 or not odd:
        return None
    title = slide.section.heading
    prompt = f"下列哪一项不是“{title}”一节介绍的内容？"
    explanation = (f"“{odd[0].heading}”不在“{title}”一节中，它出自“{odd[0].section}”；"
                   f"其余选项都是本节内容。")
    return _question("odd-one-out", slide, "odd", prompt, [odd[0].heading], [e.heading for e in inside],
                     explanation, None)


def _generate(material: _Material, slide: _Slide) -> tuple[Question, ...]:
    """Return the slide's generated questions, kinds interleaved, best first."""
    describes = [_describes(material, slide, e) for e in slide.entries]
    covers, odd = [], []
    if slide.has_title:
        outside = material.outside(slide)
        rotated = slide.entries[1:] + slide.entries[:1]
        # A heading the deck repeats says little about this section: no 'covers' question for it.
        covers = [_covers(slide, e, outside) for e in rotated if e.heading_norm not in material.repeated]
        odd = [_odd_one_out(slide, outside)]
    lanes = [[q for q in lane if q is not None] for lane in (describes, odd, covers)]
    ordered = []
    for i in range(max(map(len, lanes), default=0)):
        ordered.extend(lane[i] for lane in lanes if i < len(lane))
    return tuple(ordered)


def _editor_questions(course: Course, slide: ArrangedSlide, source: Source, chapter: str):
    parsed = parse_notes(slide.notes, slide=slide.number, path=course.source)
    questions = []
    for q in parsed.questions:
        options = tuple(Option(_line(text), ok) for text, ok in q.options)
        key = _hash("editor", course.source, _line(q.prompt), *(o.text for o in options))[:16]
        questions.append(Question(key, "editor", _line(q.prompt), options, _line(q.explanation),
                                  source, slide.number, chapter))
    return tuple(questions), parsed.problems
