"""One slide: its shapes, notes and look (a hash of everything drawn on it)."""

from __future__ import annotations

import hashlib

from pptx.enum.shapes import PP_PLACEHOLDER

from deckdocs.messages import _
from deckdocs.model import Box, Shape, ShapeKind, Slide
from deckdocs.read.shapes import members, read_shape_safely
from deckdocs.read.text import read_paragraphs, salvaged_paragraphs
from deckdocs.read.ooxml import SHAPE_TAGS


_NOT_DRAWN = ("/notesSlide", "/slide", "/comments", "/commentAuthors", "/tags")  # relationship types
_SLIDE_NUMBER_FIELD = b'type="slidenum"'


def slide_look(slide, number: int, parts: dict[str, bytes]) -> str:
    """Return a short hash of everything that is drawn on the slide, "" when it cannot be read.

    The slide's XML and every part it draws from (layout, master, theme, pictures, charts),
    but not its notes or the slides it links to: an edit that shows in the slide show
    changes it, a notes edit does not. A slide showing its own number also hashes that
    number. ``parts`` caches each shared part's hash (a master serves many slides).
    """
    try:
        digest = hashlib.sha256(_part_hash(slide.part, parts))
        if _SLIDE_NUMBER_FIELD in slide.part.blob:
            digest.update(f"#{number}".encode())
        return digest.hexdigest()[:16]
    except Exception:  # a damaged part: the picture is made anew every time
        return ""


def _part_hash(part, parts: dict[str, bytes]) -> bytes:
    name = str(part.partname)
    if name not in parts:
        parts[name] = b""  # a relationship cycle ends here
        digest = hashlib.sha256(part.blob)
        for rel in sorted(part.rels.values(), key=lambda r: r.rId):
            if rel.reltype.endswith(_NOT_DRAWN):
                continue
            digest.update(rel.target_ref.encode() if rel.is_external else _part_hash(rel.target_part, parts))
        parts[name] = digest.digest()
    return parts[name]


def read_slide_safely(slide, number: int) -> Slide:
    """Read one slide; a slide python-pptx cannot walk keeps a placeholder shape saying so."""
    try:
        return _read_slide(slide, number)
    except Exception:  # one bad slide never sinks a deck
        problem = _("slide {n} could not be read (its XML is not laid out as PowerPoint writes it)").format(n=number)
        return Slide(number, (Shape(0, _("slide {n}").format(n=number), ShapeKind.OTHER, Box(0, 0, 0, 0), problem=problem),),
                     is_hidden=is_hidden_slide(slide))


# Past this many shapes python-pptx's per-shape walk takes seconds per slide (0.4 ms a shape);
# the text is read straight from the XML instead, in document order.
MAX_READ_SHAPES = 2_000


def _read_slide(slide, number: int) -> Slide:
    tree = slide.shapes._spTree
    count = sum(1 for element in tree.iter() if element.tag in SHAPE_TAGS)
    if count > MAX_READ_SHAPES:
        problem = _("the slide has {count} shapes, more than the {limit} deckdocs lays out: its text is read in "
                    "the order the shapes were added, without headings or pictures").format(count=count,
                                                                                            limit=MAX_READ_SHAPES)
        text = Shape(0, _("slide {n}").format(n=number), ShapeKind.TEXT, Box(0, 0, 0, 0),
                     paragraphs=salvaged_paragraphs(tree), problem=problem)
        return Slide(number, (text,), speaker_notes(slide), is_hidden_slide(slide), *_layout(slide))
    shapes = tuple(s for s in (read_shape_safely(shape, None) for shape in members(slide.shapes))
                   if s is not None)
    return Slide(number, shapes, speaker_notes(slide), is_hidden_slide(slide), *_layout(slide))


def is_hidden_slide(slide) -> bool:
    return slide._element.get("show") in ("0", "false")


def _layout(slide) -> tuple[str, str]:
    """Return the slide layout's name and type (``title``, ``secHead``, ``obj`` …; "" when unknown)."""
    try:
        layout = slide.slide_layout
        return layout.name or "", layout._element.get("type") or ""
    except Exception:  # a slide without a (readable) layout
        return "", ""


def speaker_notes(slide) -> str:
    """Return the speaker notes: the notes placeholder, else every text on the notes page.

    Blank lines above the first text are kept, so that line N is the notes pane's line N (a
    notes question's error names it); "" when the notes hold no text."""
    try:
        if not slide.has_notes_slide:
            return ""
        notes_slide = slide.notes_slide
        frame = notes_slide.notes_text_frame
        if frame is not None:
            return _kept_lines("\n".join(p.text for p in read_paragraphs(frame)))
        texts = [shape.text_frame for shape in notes_slide.shapes if shape.has_text_frame
                 and not (shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)]
        return _kept_lines("\n".join(p.text for frame in texts for p in read_paragraphs(frame)))
    except Exception:  # damaged notes cost the notes, not the slide
        return ""


def _kept_lines(text: str) -> str:
    return text.rstrip() if text.strip() else ""
