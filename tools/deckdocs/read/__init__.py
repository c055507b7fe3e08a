"""Read a .pptx into a :class:`~deckdocs.model.Deck`: the only package that knows python-pptx.

Everything PowerPoint-specific ends here: placeholder types, group coordinate spaces, run
properties, SmartArt data parts, chart caches, AlternateContent, sections. Callers get
positioned, typed shapes. A shape that cannot be read becomes a shape with a ``problem``
(with whatever text could still be salvaged): one bad shape never sinks a deck. Whether the
file is a deck at all, and a safe one, :mod:`deckdocs.package` decides first.

The package is opened in :mod:`~deckdocs.read.parts`, each slide read in :mod:`~deckdocs.read.slides`,
its shapes in :mod:`~deckdocs.read.shapes`, their text in :mod:`~deckdocs.read.text` and pictures,
charts and SmartArt in :mod:`~deckdocs.read.graphics`.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation

from deckdocs.errors import DeckReadError
from deckdocs.messages import _, ngettext, shown
from deckdocs.package import checked_package, read_deck_bytes
from deckdocs.repair import DamagedPart, stub_damaged_parts, xml_fault
from deckdocs.model import Box, Deck, Section, Shape, ShapeKind, Slide, ThemeColors
from deckdocs.read.parts import (
    LazyXmlPart, NotWellFormed, Unopenable, check_unread_parts, lazy_slide_parts, notes_part, package_errors, parse_part,
    show_slide_parts, unreadable_error,
)
from deckdocs.read.slides import MAX_READ_SHAPES, is_hidden_slide, speaker_notes, read_slide_safely, slide_look
from deckdocs.read.text import one_line
from deckdocs.read.graphics import image_format
from deckdocs.read.ooxml import NS, SAFE_XML

__all__ = ["read_deck", "image_format", "slide_look", "MAX_READ_SHAPES"]


def read_deck(path: str | Path, data: bytes | None = None) -> Deck:
    """Return the deck at ``path`` with every slide's shapes positioned in slide coordinates.

    ``data`` is the file's bytes when the caller has read them already (the pipeline hashes
    them for its cache). Hidden slides are read (``is_hidden``); what to do with them is
    arrange's decision.

    Raises:
        DeckReadError: the file is missing, not a presentation, encrypted, a binary .ppt,
            Strict OOXML, a damaged or hostile zip, or has no slides.
    """
    path = Path(path)
    shown = str(path)
    if data is None:
        data = read_deck_bytes(path)
    data = checked_package(data, shown)
    try:
        return _read_package(data, shown)
    except (NotWellFormed, Unopenable):
        pass  # a part is damaged: empty the parts the deck can do without, and read again
    try:
        with package_errors(shown):
            data, damaged = stub_damaged_parts(data, shown)
        if damaged:
            return _read_package(data, shown, damaged)
    except (NotWellFormed, Unopenable):
        pass
    raise unreadable_error(shown) from None


def _read_package(data: bytes, shown: str, damaged: tuple[DamagedPart, ...] = ()) -> Deck:
    """Return the deck in the package ``data`` (damaged parts already replaced by ``damaged``).

    Raises:
        DeckReadError: the slide list is wrong, or the deck has no slides.
        NotWellFormed: a part is not well-formed XML.
        Unopenable: python-pptx cannot open the package or a slide.
    """
    with package_errors(shown):
        with lazy_slide_parts():
            prs = Presentation(io.BytesIO(data))
        parts = show_slide_parts(prs, shown)
    if not parts:
        raise DeckReadError(_("the deck has no slides"), path=shown,
                            hint=_("Add slides, or remove the file from source_slides/."))
    width = _emu(lambda: prs.slide_width, 12192000)
    height = _emu(lambda: prs.slide_height, 6858000)
    owners = {part.owner: part for part in damaged}
    looks: dict[str, bytes] = {}
    read = tuple(_read_slide_part(part, number, owners, looks, shown) for number, part in enumerate(parts, 1))
    check_unread_parts(prs, shown)
    theme, theme_problem = _read_theme(prs)
    problems = _damage_notes(parts, damaged) + ((theme_problem,) if theme_problem else ())
    return Deck(shown, width, height, read, _read_sections(prs), _core_title(prs), theme,
                problems=problems, description=_core_description(prs))


def _read_slide_part(part, number: int, owners: dict[str, DamagedPart], looks: dict[str, bytes], shown: str) -> Slide:
    """Return the slide of ``part``; its XML and its notes' are parsed now and let go afterwards.

    Raises:
        NotWellFormed: the slide's or its notes' XML is not well-formed.
    """
    with package_errors(shown):
        parse_part(part)
        notes = notes_part(part)
        if notes is not None:
            parse_part(notes)
        slide = part.slide
    try:
        read = _damaged_slide(slide, number, owners) or read_slide_safely(slide, number)
        return replace(read, look=slide_look(slide, number, looks))  # the look hashes the XML as read
    finally:
        for each in (part, notes):
            if isinstance(each, LazyXmlPart):
                each.release()


def _part_name(part) -> str:
    return str(part.partname).lstrip("/")


def _damaged_slide(slide, number: int, owners: dict[str, DamagedPart]) -> Slide | None:
    """Return a slide holding only a note when its part was damaged; else None."""
    part = owners.get(_part_name(slide.part))
    if part is None:
        return None
    problem = _("{part} is damaged ({why}): the slide's content is left out").format(part=shown(part.name), why=part.reason)
    note = Shape(0, _("slide {n}").format(n=number), ShapeKind.OTHER, Box(0, 0, 0, 0), description="这张幻灯片已损坏，内容未能读取",
                 problem=problem)  # the description is what learners read; the problem goes to the editor
    return Slide(number, (note,), speaker_notes(slide), is_hidden_slide(slide))


def _damage_notes(parts, damaged: tuple[DamagedPart, ...]) -> tuple[str, ...]:
    """Return a warning for each damaged part other than a slide, naming the slides (given by
    their parts) it touches."""
    notes = []
    slide_parts = {_part_name(part) for part in parts}
    for part in damaged:
        if part.owner in slide_parts:
            continue  # the slide itself says so
        users = [n for n, slide_part in enumerate(parts, 1)
                 if any(_part_name(rel.target_part) == part.owner for rel in slide_part.rels.values()
                        if not rel.is_external)]
        if users:
            note = ngettext("the {kind} part '{part}' (used by slide {slides}) is damaged ({why}); it was left out "
                            "and the rest of the deck converted",
                            "the {kind} part '{part}' (used by slides {slides}) is damaged ({why}); it was left out "
                            "and the rest of the deck converted", len(users))
        else:
            note = _("the {kind} part '{part}' is damaged ({why}); it was left out and the rest of the deck converted")
        notes.append(note.format(kind=_(part.kind), part=shown(part.name), slides=_(", ").join(map(str, users)),
                                 why=part.reason))
    return tuple(notes)


def _emu(get, default: int) -> int:
    try:
        return int(get() or default)
    except Exception:  # a damaged p:sldSz
        return default


def _core_title(prs) -> str:
    try:
        return " ".join((prs.core_properties.title or "").split())
    except Exception:  # a damaged docProps/core.xml costs only the fallback title
        return ""


_TOOL_COMMENTS = ("generated using python-pptx",)  # what a tool wrote, not the editor


def _core_description(prs) -> str:
    """Return the deck's description as editors set it in File > Info > Properties: its
    comments, else its subject (one line); "" when neither is set."""
    try:
        props = prs.core_properties
        for value in (props.comments, props.subject):
            line = " ".join((value or "").split())
            if line and line not in _TOOL_COMMENTS and line != " ".join((props.title or "").split()):
                return line
    except Exception:  # a damaged docProps/core.xml costs only the description
        pass
    return ""


def _read_sections(prs) -> tuple[Section, ...]:
    try:
        root = prs.part._element
        ids = [sld_id.get("id") for sld_id in root.findall("p:sldIdLst/p:sldId", NS)]
        number_of = {sld_id: n for n, sld_id in enumerate(ids, 1)}
        sections = []
        for section in root.iterfind(".//p14:sectionLst/p14:section", NS):
            numbers = tuple(number_of[ref.get("id")] for ref in section.iterfind("p14:sldIdLst/p14:sldId", NS)
                            if ref.get("id") in number_of)
            sections.append(Section(one_line(section.get("name") or ""), numbers))
        return tuple(sections)
    except Exception:  # damaged section list: chapters come from dividers instead
        return ()


_THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def _read_theme(prs) -> tuple[ThemeColors | None, str]:
    """Return the first slide master's theme colours (``None`` when there is no readable theme),
    and a warning when its theme part is there but damaged."""
    try:
        part = prs.slide_masters[0].part.part_related_by(_THEME_REL)
    except Exception:  # no master, no theme: the site keeps its default colours
        return None, ""
    name = str(part.partname).lstrip("/")
    try:
        root = etree.fromstring(part.blob, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        return None, _("the theme part '{part}' is damaged ({why}); the site keeps its default colours").format(
            part=shown(name), why=xml_fault(exc))
    if root.tag != f"{{{NS['a']}}}theme" or b"<!DOCTYPE" in part.blob[:4096]:
        return None, _("the theme part '{part}' is damaged (it is not a theme PowerPoint writes); the site keeps "
                       "its default colours").format(part=shown(name))
    scheme = root.find(".//a:themeElements/a:clrScheme", NS)
    if scheme is None:
        return None, ""
    colors = {}
    for slot in ThemeColors.__dataclass_fields__:
        element = scheme.find(f"a:{slot}/*", NS)
        if element is None:
            continue
        # srgbClr val="1F497D"; sysClr val="windowText" lastClr="000000" (the colour it had when saved)
        value = element.get("lastClr") if element.tag == f"{{{NS['a']}}}sysClr" else element.get("val")
        if value and _HEX.match(value):
            colors[slot] = value.upper()
    return (ThemeColors(**colors) if colors else None), ""
