"""``deckdocs inspect``: each slide's shapes in reading order with their role and the reason, then
each speaker-notes line with its role (for learners or for the trainer only) and the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deckdocs.arrange import arrange_slide, deck_context
from deckdocs.errors import DeckdocsError
from deckdocs.messages import _, shown
from deckdocs.quiz.notes import blank_questions, parse_notes
from deckdocs.read import read_deck
from deckdocs.speaker_notes import TITLES, NoteRole, classify_notes

_SHOWN = 40  # characters of text shown per shape


def describe_deck(path: Path, slide_number: int | None = None) -> Iterator[str]:
    """Yield report lines: per slide, the title, blocks in reading order, and every shape's role.

    Raises:
        DeckdocsError: the deck cannot be read, or ``slide_number`` is not in it.
    """
    deck = read_deck(path)
    if slide_number is not None and not 1 <= slide_number <= len(deck.slides):
        raise DeckdocsError(_("there is no slide {n} (the deck has {count})").format(n=slide_number, count=len(deck.slides)),
                            path=str(path), hint=_("Give a slide number from 1."))
    context = deck_context(deck)
    for slide in deck.slides:
        if slide_number is not None and slide.number != slide_number:
            continue
        arranged = arrange_slide(slide, context)
        title = shown(arranged.title) if arranged.title else _("(no title)")
        yield (_("slide {n} (hidden: left out of the site): {title}") if slide.is_hidden
               else _("slide {n}: {title}")).format(n=slide.number, title=title)
        if arranged.problem:
            yield _("      read in plain order: {problem}").format(problem=arranged.problem)
        for n, p in enumerate(arranged.placements, 1):
            text = " ".join(p.text.split())
            text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
            yield f"  {n:>2}. {p.role.value:<17} {p.shape_name!r:<24} {text!r}  — {_(p.reason)}"
        if slide.notes:
            yield from _describe_notes(slide.notes)


def _describe_notes(notes: str) -> Iterator[str]:
    """Yield a line per notes part: its notes line, its role and why; and each editor's question."""
    parsed = parse_notes(notes)
    lines = [(q.line, f"{'question':<10} {'编者题':<5}", q.prompt, _("an editor's quiz question (问题：)"))
             for q in parsed.questions]
    lines += [(p.line, f"{'question':<10} {'编者题':<5}", "", _("left out of the quizzes: {what}").format(what=p.what))
              for p in parsed.problems]
    for part in classify_notes(blank_questions(notes)):
        seen = _("the trainer's handout only") if part.role is NoteRole.TRAINER else _("on the page")
        lines.append((part.line, f"{part.role.value:<10} {TITLES[part.role]:<5}", part.text,
                      _("{reason}; {seen}").format(reason=part.reason, seen=seen)))
    for line, role, text, why in sorted(lines, key=lambda entry: entry[0]):
        text = " ".join(text.split())
        text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
        yield _("      notes {line}  {role} {text}  — {why}").format(line=f"{line:>3}", role=role, text=repr(text), why=why)
