"""Turn a slide's positioned shapes into reading-ordered blocks.

Geometry decides, not shape order: designers add a body before its heading, number badges as
separate shapes, and lay items out in rows, columns and grids where a (top, left) sort reads
every heading before any body. The steps:

0. drop template leftovers, line by line (:mod:`deckdocs.leftovers`: 单击此处添加标题, 20XX,
   汇报人：XX); a shape left with no text is a leftover as a whole;
1. classify shapes: title, decoration (slide numbers, footers, text-less shapes, repeated
   logos), badge (a number used only for numbering), content;
2. pair each item heading with the body under it (or beside it), cheapest pair first;
3. order the resulting units by recursive XY-cut: rows top to bottom, columns left to right.

Groups stay together: a group's shapes are arranged on their own and read as one unit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from deckdocs.messages import N_, _, shown
from deckdocs.leftovers import leftover_reason
from deckdocs.signals import PART_NUMBER, layout_role
from deckdocs.model import (
    ArrangedSlide, Block, Box, ChartBlock, Deck, Item, ObjectBlock, Paragraph, PictureBlock,
    Placement, Role, Shape, ShapeKind, Slide, TableBlock, TextBlock, leaf_shapes,
)

# A heading is one short line; body text is longer or ends a sentence.
HEADING_MAX_CHARS = 30
_SENTENCE_END = tuple("。．.!?！？；;，,、")
_BADGE = re.compile(r"^(?:0?\d{1,2}|PART\s*0?\d{1,2}|第?[一二三四五六七八九十]{1,2}|[①-⑳]|\d{1,2}[.、)）])$",
                    re.IGNORECASE)
# Preset outlines that point from one step to the next (DrawingML ST_ShapeType names).
_ARROWS = frozenset({"rightArrow", "leftArrow", "downArrow", "chevron", "homePlate", "notchedRightArrow",
                     "stripedRightArrow", "curvedRightArrow", "bentArrow", "straightConnector1"})
# PowerPoint names a title "Title 1" / "标题 1", and keeps the name when the placeholder is unlinked.
_TITLE_NAME = re.compile(r"^(title|标题)\b", re.IGNORECASE)
_PART_BADGE = re.compile(r"^PART\s*0?\d{1,2}$", re.IGNORECASE)
# The reasons of a shape's role (deckdocs inspect) are marked here and looked up where they are shown.
_DECORATIVE_PLACEHOLDERS = {"slide_number": N_("slide-number placeholder"), "footer": N_("footer placeholder"),
                            "date": N_("date placeholder"), "header": N_("header placeholder")}
# A picture on this many slides (and on at least a third of them) is a logo, not content.
REPEATED_PICTURE_MIN_SLIDES = 3
TINY_PICTURE_SHARE = 0.004  # of the slide's area


@dataclass(frozen=True)
class DeckContext:
    """Deck-wide facts that one slide alone cannot show."""

    width_emu: int
    height_emu: int
    repeated_images: frozenset[str] = frozenset()


def deck_context(deck: Deck) -> DeckContext:
    """Return the facts arrange needs about the whole deck (slide size, repeated pictures)."""
    counts: Counter[str] = Counter()
    for slide in deck.slides:
        counts.update({s.image.sha1 for s in leaf_shapes(slide.shapes) if s.image is not None})
    threshold = max(REPEATED_PICTURE_MIN_SLIDES, len(deck.slides) // 3)
    repeated = frozenset(sha for sha, n in counts.items() if n >= threshold)
    return DeckContext(deck.slide_width_emu, deck.slide_height_emu, repeated)


def arrange_deck(deck: Deck) -> tuple[ArrangedSlide, ...]:
    """Return every visible slide of ``deck`` arranged; hidden slides are left out."""
    context = deck_context(deck)
    return tuple(arrange_slide(slide, context) for slide in deck.slides if not slide.is_hidden)


def arrange_slide(slide: Slide, context: DeckContext) -> ArrangedSlide:
    """Return the slide's title, its blocks in reading order, and the role of every shape.

    Placements come in reading order: the title, the content, then what was dropped. A slide
    with more than :data:`MAX_ARRANGED_SHAPES` shapes, or one whose geometry defeats the
    arrangement, is read in plain reading order instead, with a ``problem`` saying so: it
    costs that slide its pairing, never the deck.
    """
    layout = layout_role(slide.layout_type, slide.layout_name)
    count = sum(1 for _ in leaf_shapes(slide.shapes))
    if count > MAX_ARRANGED_SHAPES:
        return replace(_plain_slide(slide, context, _("the slide has {count} shapes, more than the {limit} deckdocs arranges: read top "
                                                                "to bottom, left to right, without headings").format(
                                                                  count=count, limit=MAX_ARRANGED_SHAPES)),
                       layout=layout)
    try:
        return replace(_arrange_slide(slide, context), layout=layout)
    except Exception as exc:  # odd geometry (or a bug) costs this slide its arrangement only
        return replace(_plain_slide(slide, context, _("the slide could not be arranged ({error}): read top to bottom, left to right, "
                                                        "without headings").format(error=type(exc).__name__)),
                       layout=layout)


# Pairing compares every two text boxes and checks what lies between them (cubic at worst);
# past this many shapes a slide is no longer read as headings and bodies (the course's busiest
# slide has 20, the corpus's 120).
MAX_ARRANGED_SHAPES = 300


def _plain_slide(slide: Slide, context: DeckContext, problem: str) -> ArrangedSlide:
    """Return the slide in plain reading order (top, then left): title placeholder, then every shape."""
    leaves = list(leaf_shapes(slide.shapes))
    title_shape = next((s for s in leaves if s.kind is ShapeKind.TEXT and s.placeholder == "title"
                        and s.text.strip()), None)
    placements: list[Placement] = []
    if title_shape is not None:
        placements.append(Placement(title_shape.name, Role.TITLE, N_("the title placeholder"), title_shape.text))
    blocks: list[Block] = []
    dropped: list[Placement] = []
    for shape in sorted((s for s in leaves if s is not title_shape), key=lambda s: (s.box.top_emu, s.box.left_emu)):
        role, reason = _classify(shape, context, slide.number, 0, len(leaves))
        if role is not None:
            dropped.append(Placement(shape.name, role, reason, shape.text))
            continue
        block = _block(shape) or TextBlock(_strip(shape.paragraphs))
        blocks.append(block)
        placements.append(Placement(shape.name, _ROLE_OF_BLOCK[type(block)], N_("plain reading order"), shape.text))
    title = " ".join(title_shape.text.split("\n")).strip() if title_shape is not None else ""
    return ArrangedSlide(slide.number, title, tuple(blocks), slide.notes, tuple(placements + dropped),
                         problem=problem)


def _arrange_slide(slide: Slide, context: DeckContext) -> ArrangedSlide:
    placements: list[Placement] = []
    leftovers: list[Placement] = []
    shapes = _without_leftovers(slide.shapes, leftovers)
    title_shape = _find_title(shapes, context, slide.number)
    if title_shape is not None:
        placements.append(Placement(title_shape.name, Role.TITLE, _title_reason(title_shape), title_shape.text))
    dropped: list[Placement] = []
    badges: list[str] = []
    units = _reading_order(_arrange_shapes(
        [s for s in shapes if s is not title_shape], context, slide.number, dropped, badges,
        is_titled=title_shape is not None))
    blocks = tuple(block for unit in units for block in unit.blocks)
    placements += [p for unit in units for p in unit.placements] + dropped + leftovers
    title = " ".join(title_shape.text.split("\n")) if title_shape is not None else ""
    arrows = sum(1 for shape in leaf_shapes(slide.shapes) if shape.geometry in _ARROWS)
    return ArrangedSlide(slide.number, title.strip(), blocks, slide.notes, tuple(placements), tuple(badges), arrows)


def _without_leftovers(shapes: tuple[Shape, ...], leftovers: list[Placement]) -> tuple[Shape, ...]:
    """Return the shapes with template-leftover lines taken out; what was taken goes to ``leftovers``.

    A shape whose every line is a leftover goes as a whole; one with real text keeps that text.
    """
    out: list[Shape] = []
    for shape in shapes:
        if shape.kind is ShapeKind.GROUP:
            out.append(replace(shape, children=_without_leftovers(shape.children, leftovers)))
            continue
        if shape.kind is not ShapeKind.TEXT or not shape.text.strip():
            out.append(shape)
            continue
        reasons = [_paragraph_leftover(p) for p in shape.paragraphs]
        gone = [(p, r) for p, r in zip(shape.paragraphs, reasons) if r]
        if not gone:
            out.append(shape)
            continue
        text = "\n".join(p.text for p, _ in gone)
        why = "; ".join(dict.fromkeys(r for _, r in gone))
        leftovers.append(Placement(shape.name, Role.LEFTOVER, why, text))
        kept = tuple(p for p, r in zip(shape.paragraphs, reasons) if not r)
        if any(p.text.strip() for p in kept):
            out.append(replace(shape, paragraphs=kept))
    return tuple(out)


def _paragraph_leftover(paragraph: Paragraph) -> str | None:
    """Return why a paragraph is a leftover: every line of it (line breaks split it) must be one."""
    lines = [line for line in paragraph.text.split("\n") if line.strip()]
    reasons = [leftover_reason(line) for line in lines]
    return reasons[0] if reasons and all(reasons) else None


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class _Unit:
    """Blocks that are read together, with the box they cover and the shapes they came from."""

    box: Box
    blocks: tuple[Block, ...]
    placements: tuple[Placement, ...] = ()


def _arrange_shapes(shapes, context, number, dropped, badges, is_titled: bool = False) -> list[_Unit]:
    """Return the content units of ``shapes``; decorations and badges go to ``dropped``.

    ``is_titled``: the slide has a title beside these shapes, so a lone number among them
    numbers that title (a divider's big 01), it is not content.
    """
    units: list[_Unit] = []
    texts: list[Shape] = []
    numbers = [s for s in shapes if s.kind is ShapeKind.TEXT and _BADGE.match(s.text.strip())]
    for shape in shapes:
        role, reason = _classify(shape, context, number, len(numbers), len(shapes) + is_titled)
        if shape.kind is ShapeKind.GROUP:
            inner = _reading_order(_arrange_shapes(list(shape.children), context, number, dropped, badges))
            if inner:
                units.append(_Unit(shape.box, tuple(b for u in inner for b in u.blocks),
                                   tuple(p for u in inner for p in u.placements)))
            continue
        if role is not None:
            dropped.append(Placement(shape.name, role, reason, shape.text))
            if role is Role.BADGE:
                badges.append(shape.text.strip())
            continue
        block = _block(shape)
        if block is None:
            texts.append(shape)
        else:
            placement = Placement(shape.name, _ROLE_OF_BLOCK[type(block)], reason, shape.text)
            units.append(_Unit(shape.box, (block,), (placement,)))
    units.extend(_pair_items(texts, context))
    return units


_ROLE_OF_BLOCK = {TableBlock: Role.TABLE, PictureBlock: Role.PICTURE, ChartBlock: Role.CHART,
                  ObjectBlock: Role.OBJECT, TextBlock: Role.TEXT}


def _classify(shape: Shape, context: DeckContext, number: int, n_numbers: int, n_shapes: int):
    """Return (role, reason) for shapes that are not content, else (None, reason)."""
    if shape.placeholder in _DECORATIVE_PLACEHOLDERS:
        return Role.DECORATION, _DECORATIVE_PLACEHOLDERS[shape.placeholder]
    if shape.kind is ShapeKind.PICTURE:
        if shape.image is not None and shape.image.sha1 in context.repeated_images:
            return Role.DECORATION, N_("the same picture repeats on many slides (a logo)")
        if not shape.description and shape.box.area_emu2 < TINY_PICTURE_SHARE * context.width_emu * context.height_emu:
            return Role.DECORATION, N_("a tiny picture without alt text")
        return None, N_("a content picture")
    if shape.kind in (ShapeKind.SHAPE, ShapeKind.OTHER) and not shape.problem:
        return Role.DECORATION, N_("no text")
    if shape.kind is ShapeKind.TEXT:
        text = shape.text.strip()
        if text == str(number) and shape.box.area_emu2 < 0.02 * context.width_emu * context.height_emu:
            return Role.DECORATION, N_("the slide number in a text box")
        if _PART_BADGE.match(text) or PART_NUMBER.match(text):
            return Role.BADGE, N_("a part number (PARTnn, 第一部分, Part 2)")
        if _BADGE.match(text) and (n_numbers >= 2 or n_shapes > 1):
            return Role.BADGE, N_("a number used only for numbering")
    return None, ""


def _block(shape: Shape) -> Block | None:
    """Return the block a non-text shape makes; ``None`` for text, which is paired later."""
    match shape.kind:
        case ShapeKind.TABLE:
            return TableBlock(shape.table or ())
        case ShapeKind.PICTURE:
            return PictureBlock(shape.image, shape.description, shape.name, shape.problem)
        case ShapeKind.CHART:
            return ChartBlock(shape.chart) if shape.chart else ObjectBlock(shape.kind, shape.name)
        case ShapeKind.DIAGRAM:
            return TextBlock(shape.paragraphs) if shape.paragraphs else ObjectBlock(shape.kind, shape.name)
        case ShapeKind.MEDIA | ShapeKind.OLE | ShapeKind.OTHER:
            return ObjectBlock(shape.kind, shape.name, shape.description or (shape.problem or ""))
    return None


# ---------------------------------------------------------------- titles


def _find_title(shapes, context: DeckContext, number: int) -> Shape | None:
    """Return the title: the title placeholder, else the topmost, largest text on the slide."""
    texts = [s for s in shapes if s.kind is ShapeKind.TEXT and s.text.strip()]
    for shape in texts:
        if shape.placeholder == "title":
            return shape
    candidates = [s for s in texts
                  if s.placeholder not in _DECORATIVE_PLACEHOLDERS and not _BADGE.match(s.text.strip())
                  and sum(1 for p in s.paragraphs if p.text.strip()) == 1 and len(s.text) <= 40]
    if not candidates:
        return None
    content = [s for s in texts if not _BADGE.match(s.text.strip()) and s.placeholder not in _DECORATIVE_PLACEHOLDERS]

    def on_top(shape: Shape) -> bool:
        # Near the top of the slide, or nothing above it (a part divider's big centred name).
        return shape.box.top_emu < 0.25 * context.height_emu or \
            all(o.box.top_emu >= shape.box.bottom_emu - 0.3 * shape.box.height_emu for o in content if o is not shape)

    tops = [s for s in candidates if on_top(s)]
    if not tops:
        return None
    best = max(tops, key=lambda s: (s.font_size_pt or 0, s.is_bold, -s.box.top_emu))
    others = [o for o in content if o is not best]
    band = 0.25 * context.height_emu
    size = best.font_size_pt
    if size:
        sizes = sorted(s.font_size_pt for s in content if s.font_size_pt)
        if best.box.top_emu < band:
            # At the top: larger than anything else up there, and not a small label.
            rivals = [o for o in others if o.box.top_emu < band]
            is_title = all(size > (o.font_size_pt or 0) for o in rivals) and \
                (size >= sizes[len(sizes) // 2] or _TITLE_NAME.match(best.name) is not None)
        else:  # lower down only the largest text on the slide (a divider's name) is a title
            is_title = all(size > (o.font_size_pt or 0) for o in others)
        return best if is_title else None
    # No size to compare: a lone line above everything else, unless it reads as an item's heading.
    if others and all(best.box.bottom_emu <= o.box.top_emu for o in others) and \
            not any(_looks_like_heading_of(best, o) and _pair_cost(best, o, context) is not None for o in others):
        return best
    return None


def _title_reason(shape: Shape) -> str:
    if shape.placeholder == "title":
        return N_("the title placeholder")
    return N_("the topmost, largest text on the slide")


# ---------------------------------------------------------------- items


def _is_heading_like(shape: Shape) -> bool:
    lines = [p for p in shape.paragraphs if p.text.strip()]
    text = shape.text.strip()
    return (len(lines) == 1 and "\n" not in text and len(text) <= HEADING_MAX_CHARS
            and not text.endswith(_SENTENCE_END))


def _looks_like_heading_of(heading: Shape, body: Shape) -> bool:
    """Return whether ``heading`` reads as the heading of ``body`` by text and type."""
    if not _is_heading_like(heading):
        return False
    h, b = heading.text.strip(), body.text.strip()
    if len(h) >= len(b):
        return False
    bigger = (heading.font_size_pt or 0) > (body.font_size_pt or 0)
    bolder = heading.is_bold and not body.is_bold
    return bigger or bolder or not _is_heading_like(body) or len(b) >= 2 * len(h)


def _pair_cost(heading: Shape, body: Shape, context: DeckContext) -> float | None:
    """Return how far apart a heading and a body are, or None when they cannot pair.

    Stacked: the body starts below the heading and they share most of the narrower width.
    Beside: the body starts right of the heading, level with it. Beside costs a little more,
    since a heading above a body is the commoner layout.
    """
    h, b = heading.box, body.box
    tolerance = max(h.height_emu, 1) * 0.3
    narrower = max(min(h.width_emu, b.width_emu), 1)
    if b.top_emu >= h.bottom_emu - tolerance and h.overlap_x_emu(b) >= 0.5 * narrower:
        gap = max(0, b.top_emu - h.bottom_emu)
        if gap <= 0.2 * context.height_emu:
            return gap + 0.2 * abs(h.left_emu - b.left_emu)
    shorter = max(min(h.height_emu, b.height_emu), 1)
    if b.left_emu >= h.right_emu - tolerance and h.overlap_y_emu(b) >= 0.5 * shorter:
        gap = max(0, b.left_emu - h.right_emu)
        if gap <= 0.15 * context.width_emu:
            return gap + 0.2 * abs(h.top_emu - b.top_emu) + 0.02 * context.width_emu
    return None


def _pair_items(texts: list[Shape], context: DeckContext) -> list[_Unit]:
    """Pair headings with bodies, cheapest first; what stays single is a text block."""
    options = []
    for i, heading in enumerate(texts):
        if not _is_heading_like(heading):
            continue
        for j, body in enumerate(texts):
            if i != j:
                cost = _pair_cost(heading, body, context)  # geometry first: cheaper than the text
                if cost is not None and _looks_like_heading_of(heading, body) and not _blocked(heading, body, texts):
                    options.append((cost, i, j))
    used: set[int] = set()
    units: list[_Unit] = []
    for cost, i, j in sorted(options):
        if i in used or j in used:
            continue
        used.update((i, j))
        heading, body = texts[i], texts[j]
        item = Item(_strip(heading.paragraphs), _strip(body.paragraphs))
        units.append(_Unit(heading.box.union(body.box), (item,), (
            Placement(heading.name, Role.HEADING, _("short line above or beside '{name}'").format(name=shown(body.name)), heading.text),
            Placement(body.name, Role.BODY, _("text under or beside heading '{name}'").format(name=shown(heading.name)), body.text))))
    for k, shape in enumerate(texts):
        if k in used:
            continue
        inner = _item_in_one_box(shape)
        if inner is not None:
            reason = N_("bold first line of its box, the body below it")
            units.append(_Unit(shape.box, (inner,), (Placement(shape.name, Role.HEADING, reason, shape.text),)))
            continue
        placement = Placement(shape.name, Role.TEXT, N_("text with no heading or body next to it"), shape.text)
        units.append(_Unit(shape.box, (TextBlock(_strip(shape.paragraphs)),), (placement,)))
    return units


def _item_in_one_box(shape: Shape) -> Item | None:
    """Return an item when one box holds both: a short, bold first line over plain text.

    Many decks type the heading and its body into one text box; bold alone tells them apart.
    """
    paragraphs = _strip(shape.paragraphs)
    if len(paragraphs) < 2 or paragraphs[0].is_bullet:
        return None
    first, rest = paragraphs[0], paragraphs[1:]
    text = first.text.strip()
    visible = [r for r in first.runs if r.text.strip()]
    rest_runs = [r for p in rest for r in p.runs if r.text.strip()]
    if not (visible and all(r.is_bold for r in visible) and rest_runs and not all(r.is_bold for r in rest_runs)):
        return None
    if len(text) > HEADING_MAX_CHARS or "\n" in text or text.endswith(_SENTENCE_END):
        return None
    return Item((first,), rest)


def _blocked(heading: Shape, body: Shape, texts: list[Shape]) -> bool:
    """Return whether another text sits between the heading and the body."""
    between = heading.box.union(body.box)
    for other in texts:
        if other is heading or other is body:
            continue
        o = other.box
        inside = (o.left_emu >= between.left_emu and o.right_emu <= between.right_emu
                  and o.top_emu >= between.top_emu and o.bottom_emu <= between.bottom_emu)
        if inside:
            return True
    return False


def _strip(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Drop empty paragraphs at both ends (designers pad boxes with blank lines)."""
    items = list(paragraphs)
    while items and not items[0].text.strip():
        items.pop(0)
    while items and not items[-1].text.strip():
        items.pop()
    return tuple(items)


# ---------------------------------------------------------------- reading order


def _reading_order(units: list[_Unit]) -> list[_Unit]:
    """Return units in reading order by XY-cut: rows first, then columns, within each band again.

    Iterative, with a stack of bands still to cut: nested strips (an L inside an L inside …)
    cut one band per level, which would recurse past Python's limit.
    """
    ordered: list[_Unit] = []
    pending: list[list[_Unit]] = [list(units)]
    while pending:
        group = pending.pop()
        if len(group) <= 1:
            ordered.extend(group)
            continue
        for axis in ("y", "x"):
            bands = _split(group, axis)
            if len(bands) > 1:
                pending.extend(reversed(bands))  # the first band is cut (and read) first
                break
        else:
            ordered.extend(sorted(group, key=lambda u: (u.box.top_emu, u.box.left_emu)))
    return ordered


def _split(units: list[_Unit], axis: str) -> list[list[_Unit]]:
    """Split units into bands separated by a gap along ``axis`` (small overlaps forgiven)."""
    def span(u):
        b = u.box
        return (b.top_emu, b.bottom_emu) if axis == "y" else (b.left_emu, b.right_emu)

    ordered = sorted(units, key=lambda u: span(u))
    bands: list[list[_Unit]] = [[ordered[0]]]
    end = span(ordered[0])[1]
    for unit in ordered[1:]:
        start, stop = span(unit)
        slack = 0.15 * min(stop - start, max(end - span(bands[-1][0])[0], 1))
        if start >= end - max(slack, 0):
            bands.append([unit])
            end = stop
        else:
            bands[-1].append(unit)
            end = max(end, stop)
    return bands

