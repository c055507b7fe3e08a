"""``deckdocs inspect``: each slide's shapes in reading order with their role and the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deckdocs.arrange import arrange_slide, deck_context
from deckdocs.errors import DeckdocsError
from deckdocs.read import read_deck

_SHOWN = 40  # characters of text shown per shape


def describe_deck(path: Path, slide_number: int | None = None) -> Iterator[str]:
    """Yield report lines: per slide, the title, blocks in reading order, and every shape's role.

    Raises:
        DeckdocsError: the deck cannot be read, or ``slide_number`` is not in it.
    """
    deck = read_deck(path)
    if slide_number is not None and not 1 <= slide_number <= len(deck.slides):
        raise DeckdocsError(f"there is no slide {slide_number} (the deck has {len(deck.slides)})", path=str(path),
                            hint="Give a slide number from 1.")
    context = deck_context(deck)
    for slide in deck.slides:
        if slide_number is not None and slide.number != slide_number:
            continue
        arranged = arrange_slide(slide, context)
        hidden = " (hidden: left out of the site)" if slide.is_hidden else ""
        yield f"slide {slide.number}{hidden}: {arranged.title or '(no title)'}"
        if arranged.problem:
            yield f"      read in plain order: {arranged.problem}"
        for n, p in enumerate(arranged.placements, 1):
            text = " ".join(p.text.split())
            text = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
            yield f"  {n:>2}. {p.role.value:<17} {p.shape_name!r:<24} {text!r}  — {p.reason}"
        if slide.notes:
            yield f"      notes        {len(slide.notes)} characters of speaker notes"
