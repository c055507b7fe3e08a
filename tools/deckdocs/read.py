"""Read a .pptx into a :class:`~deckdocs.model.Deck`: the only module that knows python-pptx.

Everything PowerPoint-specific ends here: placeholder types, group coordinate spaces, run
properties, SmartArt data parts, chart caches, AlternateContent, sections. Callers get
positioned, typed shapes. A shape that cannot be read becomes a shape with a ``problem``
(with whatever text could still be salvaged): one bad shape never sinks a deck. Whether the
file is a deck at all, and a safe one, :mod:`deckdocs.package` decides first.
"""

from __future__ import annotations

import hashlib
import io
import re
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import PartFactory
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.parts.slide import NotesSlidePart, SlidePart

from deckdocs.errors import DeckReadError
from deckdocs.package import ZIP_DATA_ERRORS, checked_package, damaged_error, read_deck_bytes
from deckdocs.repair import DamagedPart, stub_damaged_parts
from deckdocs.model import (
    Box, Chart, Deck, Image, Paragraph, Run, Section, Shape, ShapeKind, Slide, ThemeColors,
)

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_CHARTEX_URI = "http://schemas.microsoft.com/office/drawing/2014/chartex"
_ALTERNATE = f"{{{_NS['mc']}}}AlternateContent"
_SHAPE_TAGS = frozenset(CT_GroupShape._shape_tags)
# No entities, no network, no huge trees: for the parts we parse ourselves (SmartArt data).
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

# Tags, looked up once: python-pptx's qn() builds an object on every call, and reading a long
# deck asks for a tag a million times.
(_P_SP, _P_PIC, _P_CXN_SP, _P_GRP_SP, _P_GRAPHIC_FRAME, _P_SP_PR, _P_GRP_SP_PR, _P_XFRM, _P_CNV_PR, _P_NV_PR, _P_PH,
 _P_TX_BODY, _P_OLE_OBJ) = (qn(f"p:{t}") for t in (
    "sp", "pic", "cxnSp", "grpSp", "graphicFrame", "spPr", "grpSpPr", "xfrm", "cNvPr", "nvPr", "ph", "txBody",
    "oleObj"))
(_A_XFRM, _A_OFF, _A_EXT, _A_CH_OFF, _A_CH_EXT, _A_P, _A_PPR, _A_R, _A_FLD, _A_BR, _A_T, _A_RPR, _A_DEF_RPR,
 _A_END_PARA_RPR, _A_HLINK_CLICK, _A_GRAPHIC_DATA, _A_BLIP, _A_PRST_GEOM, _A_LST_STYLE) = (qn(f"a:{t}") for t in (
    "xfrm", "off", "ext", "chOff", "chExt", "p", "pPr", "r", "fld", "br", "t", "rPr", "defRPr", "endParaRPr",
    "hlinkClick", "graphicData", "blip", "prstGeom", "lstStyle"))
_R_ID, _R_EMBED, _R_LINK = qn("r:id"), qn("r:embed"), qn("r:link")
_MEDIA_TAGS = tuple(qn(t) for t in ("p:videoFile", "a:videoFile", "a:audioFile", "a:quickTimeFile", "a:wavAudioFile"))
_RUN_TAGS = (_A_R, _A_FLD, _A_BR)
_OLE_TYPES = (MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT, MSO_SHAPE_TYPE.LINKED_OLE_OBJECT)
_PLAIN_INT = re.compile(r"-?[0-9]+")

_PLACEHOLDER_NAMES = {
    PP_PLACEHOLDER.TITLE: "title",
    PP_PLACEHOLDER.CENTER_TITLE: "title",
    PP_PLACEHOLDER.VERTICAL_TITLE: "title",
    PP_PLACEHOLDER.SUBTITLE: "subtitle",
    PP_PLACEHOLDER.BODY: "body",
    PP_PLACEHOLDER.VERTICAL_BODY: "body",
    PP_PLACEHOLDER.OBJECT: "object",
    PP_PLACEHOLDER.VERTICAL_OBJECT: "object",
    PP_PLACEHOLDER.SLIDE_NUMBER: "slide_number",
    PP_PLACEHOLDER.FOOTER: "footer",
    PP_PLACEHOLDER.DATE: "date",
    PP_PLACEHOLDER.HEADER: "header",
    PP_PLACEHOLDER.PICTURE: "picture",
    PP_PLACEHOLDER.TABLE: "table",
    PP_PLACEHOLDER.CHART: "chart",
    PP_PLACEHOLDER.ORG_CHART: "diagram",
    PP_PLACEHOLDER.MEDIA_CLIP: "media",
}
_PLACEHOLDER_TYPES = {kind.xml_value: name for kind, name in _PLACEHOLDER_NAMES.items()}  # p:ph/@type → name
_PLACEHOLDER_DEFAULT_TYPE = PP_PLACEHOLDER.OBJECT.xml_value  # a p:ph without a type


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
    except _NotWellFormed:
        pass  # one part is not well-formed: empty the parts the deck can do without, and read again
    with _package_errors(shown):
        data, damaged = stub_damaged_parts(data, shown)
    try:
        return _read_package(data, shown, damaged)
    except _NotWellFormed as exc:
        raise _unreadable(exc.__cause__, shown) from None


def _read_package(data: bytes, shown: str, damaged: tuple[DamagedPart, ...] = ()) -> Deck:
    """Return the deck in the package ``data`` (damaged parts already replaced by ``damaged``).

    Raises:
        DeckReadError: python-pptx cannot open the package, or it has no slides.
        _NotWellFormed: a part is not well-formed XML.
    """
    with _package_errors(shown):
        with _lazy_slide_parts():
            prs = Presentation(io.BytesIO(data))
        parts = _slide_parts(prs)
    if not parts:
        raise DeckReadError("the deck has no slides", path=shown,
                            hint="Add slides, or remove the file from source_slides/.")
    width = _emu(lambda: prs.slide_width, 12192000)
    height = _emu(lambda: prs.slide_height, 6858000)
    owners = {part.owner: part for part in damaged}
    looks: dict[str, bytes] = {}
    read = tuple(_read_slide_part(part, number, owners, looks, shown) for number, part in enumerate(parts, 1))
    _check_unread_parts(prs, shown)
    return Deck(shown, width, height, read, _read_sections(prs), _core_title(prs), _read_theme(prs),
                problems=_damage_notes(parts, damaged), description=_core_description(prs))


def _read_slide_part(part, number: int, owners: dict[str, DamagedPart], looks: dict[str, bytes], shown: str) -> Slide:
    """Return the slide of ``part``; its XML and its notes' are parsed now and let go afterwards.

    Raises:
        _NotWellFormed: the slide's or its notes' XML is not well-formed.
    """
    with _package_errors(shown):
        _parse(part)
        notes = _notes_part(part)
        if notes is not None:
            _parse(notes)
        slide = part.slide
    try:
        read = _damaged_slide(slide, number, owners) or _read_slide_safely(slide, number)
        return replace(read, look=slide_look(slide, number, looks))  # the look hashes the XML as read
    finally:
        for each in (part, notes):
            if isinstance(each, _LazyXmlPart):
                each.release()


def _slide_parts(prs) -> list:
    """Return the presentation's slide parts in show order, parsing none of the lazy ones."""
    slides = prs.slides  # python-pptx renames the slide parts in show order here
    parts = []
    for sld_id in slides._sldIdLst:
        part = prs.part.related_part(sld_id.rId)
        if not isinstance(part, _LazyXmlPart):
            part.slide  # what python-pptx's slide list asks of each part: a part of another kind raises here
        parts.append(part)
    return parts


def _notes_part(part):
    """Return the notes part of the slide part ``part``, or None."""
    try:
        return part.part_related_by(RT.NOTES_SLIDE)
    except Exception:  # no notes, or two (python-pptx raises on reading them: the notes are left out)
        return None


def _parse(part) -> None:
    """Parse a lazy part's XML now, where a part that is not well-formed can be told apart."""
    if isinstance(part, _LazyXmlPart):
        part._element  # parses it


def _check_unread_parts(prs, shown: str) -> None:
    """Parse the lazy parts no slide in the show reached (notes of a removed slide …): python-pptx
    would have parsed them on opening, so one that is not well-formed is a damaged part too.

    Raises:
        _NotWellFormed: such a part is not well-formed XML.
    """
    for part in prs.part.package.iter_parts():
        if isinstance(part, _LazyXmlPart) and not part.was_parsed:
            with _package_errors(shown):
                _parse(part)
            part.release()


class _NotWellFormed(Exception):
    """A part of the package is not well-formed XML (the parser's error is the cause)."""


@contextmanager
def _package_errors(shown: str):
    """Turn what python-pptx and zipfile raise on a broken package into a :class:`DeckReadError`
    (a part that is not well-formed into :class:`_NotWellFormed`)."""
    try:
        yield
    except (DeckReadError, _NotWellFormed):
        raise
    except etree.XMLSyntaxError as exc:
        raise _NotWellFormed() from exc
    except ZIP_DATA_ERRORS:  # a part's data is damaged (python-pptx unpacks every part on opening)
        raise damaged_error(shown) from None
    except Exception as exc:  # python-pptx raises many types for broken packages
        raise _unreadable(exc, shown) from None


def _unreadable(exc: BaseException, shown: str) -> DeckReadError:
    return DeckReadError(f"not a readable PowerPoint file ({type(exc).__name__}: {_short(exc)})",
                         path=shown, hint="Open it in PowerPoint and save it again as .pptx.")


# ---------------------------------------------------------------- parts parsed when read


class _LazyXmlPart:
    """A python-pptx XML part that parses its XML when it is first used, and can let it go.

    python-pptx parses every part of a package when it opens it, so a 5,000-slide deck has
    10,000 slide and notes trees in memory at once (a gigabyte). Slides and their notes are
    opened as these parts instead: each keeps its bytes, is parsed when it is read, and is
    released once its slide has been read, so one slide's trees are alive at a time.
    """

    _tree = None
    was_parsed = False
    _PROXIES = ("slide", "notes_slide")  # python-pptx's cached proxies, which hold the tree

    @classmethod
    def load(cls, partname, content_type, package, blob: bytes):
        part = cls(partname, content_type, package, None)
        part._blob = blob
        return part

    @property
    def _element(self):
        if self._tree is None:
            self._tree = parse_xml(self._blob)
            self.was_parsed = True
        return self._tree

    @_element.setter
    def _element(self, element) -> None:
        self._tree = element

    def release(self) -> None:
        """Let the parsed tree go (it is parsed again from the bytes if it is used again)."""
        for name in self._PROXIES:
            proxy = self.__dict__.pop(name, None)
            if proxy is not None:
                # A proxy and its shapes refer to each other: without this the tree would wait
                # for the garbage collector, and be freed cold, costing more than parsing it.
                proxy.__dict__.clear()
        self._tree = None


class _LazySlidePart(_LazyXmlPart, SlidePart):
    pass


class _LazyNotesSlidePart(_LazyXmlPart, NotesSlidePart):
    pass


_LAZY_PARTS = {CT.PML_SLIDE: _LazySlidePart, CT.PML_NOTES_SLIDE: _LazyNotesSlidePart}


@contextmanager
def _lazy_slide_parts():
    """Have python-pptx open slides and notes as lazy parts while the block runs.

    ``PartFactory.part_type_for`` is python-pptx's registry of part classes, shared by every
    user of python-pptx in the process (MkDocs and its plugins run in ours): only our two entries
    change, and only while we open a package.
    """
    registry = PartFactory.part_type_for
    before = {content_type: registry.get(content_type) for content_type in _LAZY_PARTS}
    registry.update(_LAZY_PARTS)
    try:
        yield
    finally:
        for content_type, part_class in before.items():
            if part_class is None:
                registry.pop(content_type, None)
            else:
                registry[content_type] = part_class


def _part_name(part) -> str:
    return str(part.partname).lstrip("/")


def _damaged_slide(slide, number: int, owners: dict[str, DamagedPart]) -> Slide | None:
    """Return a slide holding only a note when its part was damaged; else None."""
    part = owners.get(_part_name(slide.part))
    if part is None:
        return None
    problem = f"{part.name} is not well-formed XML ({part.reason}): the slide's content is left out"
    note = Shape(0, f"slide {number}", ShapeKind.OTHER, Box(0, 0, 0, 0), description="这张幻灯片已损坏，内容未能读取",
                 problem=problem)  # the description is what learners read; the problem goes to the editor
    return Slide(number, (note,), _notes(slide), _is_hidden(slide))


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
        where = f" (used by slide{'s' if len(users) > 1 else ''} {', '.join(map(str, users))})" if users else ""
        notes.append(f"the {part.kind} part {part.name!r}{where} is not well-formed XML ({part.reason}); "
                     "it was left out and the rest of the deck converted")
    return tuple(notes)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:119] + "…"


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
        ids = [sld_id.get("id") for sld_id in root.findall("p:sldIdLst/p:sldId", _NS)]
        number_of = {sld_id: n for n, sld_id in enumerate(ids, 1)}
        sections = []
        for section in root.iterfind(".//p14:sectionLst/p14:section", _NS):
            numbers = tuple(number_of[ref.get("id")] for ref in section.iterfind("p14:sldIdLst/p14:sldId", _NS)
                            if ref.get("id") in number_of)
            sections.append(Section(_one_line(section.get("name") or ""), numbers))
        return tuple(sections)
    except Exception:  # damaged section list: chapters come from dividers instead
        return ()


_THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def _read_theme(prs) -> ThemeColors | None:
    """Return the first slide master's theme colours; ``None`` when there is no readable theme."""
    try:
        part = prs.slide_masters[0].part.part_related_by(_THEME_REL)
        root = etree.fromstring(part.blob, _SAFE_XML)
    except Exception:  # no master, no theme part, damaged XML: the site keeps its default colours
        return None
    scheme = root.find(".//a:themeElements/a:clrScheme", _NS)
    if scheme is None:
        return None
    colors = {}
    for slot in ThemeColors.__dataclass_fields__:
        element = scheme.find(f"a:{slot}/*", _NS)
        if element is None:
            continue
        # srgbClr val="1F497D"; sysClr val="windowText" lastClr="000000" (the colour it had when saved)
        value = element.get("lastClr") if element.tag == f"{{{_NS['a']}}}sysClr" else element.get("val")
        if value and _HEX.match(value):
            colors[slot] = value.upper()
    return ThemeColors(**colors) if colors else None


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


# ---------------------------------------------------------------- slides


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


def _read_slide_safely(slide, number: int) -> Slide:
    """Read one slide; a slide python-pptx cannot walk keeps a placeholder shape saying so."""
    try:
        return _read_slide(slide, number)
    except Exception as exc:  # one bad slide never sinks a deck
        problem = f"slide {number} could not be read ({type(exc).__name__})"
        return Slide(number, (Shape(0, f"slide {number}", ShapeKind.OTHER, Box(0, 0, 0, 0), problem=problem),),
                     is_hidden=_is_hidden(slide))


# Past this many shapes python-pptx's per-shape walk takes seconds per slide (0.4 ms a shape);
# the text is read straight from the XML instead, in document order.
MAX_READ_SHAPES = 2_000


def _read_slide(slide, number: int) -> Slide:
    tree = slide.shapes._spTree
    count = sum(1 for element in tree.iter() if element.tag in _SHAPE_TAGS)
    if count > MAX_READ_SHAPES:
        problem = (f"the slide has {count} shapes, more than the {MAX_READ_SHAPES} deckdocs lays out: "
                   "its text is read in the order the shapes were added, without headings or pictures")
        text = Shape(0, f"slide {number}", ShapeKind.TEXT, Box(0, 0, 0, 0),
                     paragraphs=_salvaged_paragraphs(tree), problem=problem)
        return Slide(number, (text,), _notes(slide), _is_hidden(slide), _layout_name(slide))
    shapes = tuple(s for s in (_read_shape_safely(shape, None) for shape in _members(slide.shapes))
                   if s is not None)
    return Slide(number, shapes, _notes(slide), _is_hidden(slide), _layout_name(slide))


def _is_hidden(slide) -> bool:
    return slide._element.get("show") in ("0", "false")


def _layout_name(slide) -> str:
    try:
        return slide.slide_layout.name or ""
    except Exception:  # a slide without a (readable) layout
        return ""


def _notes(slide) -> str:
    """Return the speaker notes: the notes placeholder, else every text on the notes page."""
    try:
        if not slide.has_notes_slide:
            return ""
        notes_slide = slide.notes_slide
        frame = notes_slide.notes_text_frame
        if frame is not None:
            return "\n".join(p.text for p in _read_paragraphs(frame)).strip()
        texts = [shape.text_frame for shape in notes_slide.shapes if shape.has_text_frame
                 and not (shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)]
        return "\n".join(p.text for frame in texts for p in _read_paragraphs(frame)).strip()
    except Exception:  # damaged notes cost the notes, not the slide
        return ""


def _members(shapes):
    """Yield the shapes of a slide or group in document order, AlternateContent included.

    python-pptx skips ``mc:AlternateContent`` (ink, 3D models, newer objects); its
    ``mc:Fallback`` holds a plain shape (usually a picture) that every reader understands.
    """
    part = shapes.part
    for element in shapes._spTree.iterchildren():
        if element.tag in _SHAPE_TAGS:
            yield _LazyShape(element, shapes._shape_factory, part)
        elif element.tag == _ALTERNATE:
            fallback = element.find("mc:Fallback", _NS)
            branch = fallback if fallback is not None else element.find("mc:Choice", _NS)
            for child in branch if branch is not None else ():
                if child.tag in _SHAPE_TAGS:
                    yield _LazyShape(child, shapes._shape_factory, part)


class _LazyShape:
    """A shape's element, its slide's part, and python-pptx's shape object made only when one of
    its properties is asked for (most shapes are read from the element alone)."""

    __slots__ = ("_element", "_factory", "part", "_shape")

    def __init__(self, element, factory, part):
        self._element, self._factory, self.part, self._shape = element, factory, part, None

    def __getattr__(self, name):
        if self._shape is None:
            self._shape = self._factory(self._element)
        return getattr(self._shape, name)


def _read_shape_safely(shape, transform) -> Shape | None:
    """Read one shape; one python-pptx chokes on keeps its text and says what went wrong."""
    try:
        if _attribute(shape._element, "hidden"):
            return None  # hidden in the selection pane: never shown in the slide show
        return _read_shape(shape, transform)
    except Exception as exc:  # one bad shape never sinks a deck
        paragraphs = _salvaged_paragraphs(shape._element)
        problem = f"unreadable shape ({type(exc).__name__})"
        box = Box(0, 0, 0, 0)
        try:
            box = _box(shape, transform)
        except Exception:
            pass  # no position either: the shape sorts first
        kind = ShapeKind.TEXT if paragraphs else ShapeKind.OTHER
        return Shape(_shape_id(shape), _shape_name(shape), kind, box, paragraphs=paragraphs, problem=problem)


def _attribute(element, name: str) -> bool:
    for c_nv_pr in element.iter(_P_CNV_PR):
        return c_nv_pr.get(name) in ("1", "true")
    return False


# The element-level reads below return what python-pptx's properties return (shape_id, name,
# is_placeholder, placeholder_format.type, left …, shape_type, text_frame.paragraphs), straight
# from the XML: a long deck has tens of thousands of shapes, and each property walks the tree again.


def _non_visual(element):
    """Return the shape's first child element (``p:nvSpPr``, ``p:nvPicPr`` …), as python-pptx's
    ``_nvXxPr`` does, or None."""
    return next(element.iterchildren(etree.Element), None)


def _shape_id(shape) -> int:
    try:
        value = int(_non_visual(shape._element).find(_P_CNV_PR).get("id"))
    except Exception:  # no cNvPr or no id: python-pptx raises too
        return 0
    return value if 0 <= value <= 4294967295 else 0  # python-pptx rejects an id out of ST_DrawingElementId


def _shape_name(shape) -> str:
    try:
        return _one_line(_non_visual(shape._element).find(_P_CNV_PR).get("name") or "")
    except Exception:
        return ""


def _ph(element):
    """Return the shape's ``p:ph`` at ``./*[1]/p:nvPr/p:ph`` (where python-pptx finds it), or None."""
    non_visual = _non_visual(element)
    nv_pr = non_visual.find(_P_NV_PR) if non_visual is not None else None
    return nv_pr.find(_P_PH) if nv_pr is not None else None


def _read_shape(shape, transform) -> Shape:
    element = shape._element
    tag = element.tag
    ph = _ph(element)
    box = _box(shape, transform)
    common = dict(shape_id=_shape_id(shape), name=_shape_name(shape), box=box,
                  description=_description(shape), placeholder=_placeholder(ph), geometry=_geometry(shape))
    if tag == _P_GRP_SP:  # python-pptx's GroupShape, MSO_SHAPE_TYPE.GROUP
        child_transform = _group_transform(shape, transform)
        children = tuple(child for child in (_read_shape_safely(s, child_transform) for s in _members(shape.shapes))
                         if child is not None)
        return Shape(kind=ShapeKind.GROUP, children=children, **common)
    if next(element.iter(*_MEDIA_TAGS), None) is not None:
        return Shape(kind=ShapeKind.MEDIA, **common)
    # Only a graphic frame has a table, a chart or an OLE shape type (python-pptx's GraphicFrame).
    is_frame = tag == _P_GRAPHIC_FRAME
    if is_frame and shape.has_table:
        rows = tuple(tuple(_cell_text(cell) for cell in row.cells) for row in shape.table.rows)
        return Shape(kind=ShapeKind.TABLE, table=rows, **common)
    if is_frame and shape.has_chart:
        chart, problem = _read_chart(shape.chart._chartSpace)
        return Shape(kind=ShapeKind.CHART, chart=chart, problem=problem, **common)
    graphic_uri = _graphic_uri(element)
    if graphic_uri == _DIAGRAM_URI:
        paragraphs, problem = _diagram_paragraphs(shape)
        return Shape(kind=ShapeKind.DIAGRAM, paragraphs=paragraphs, problem=problem, **common)
    if graphic_uri == _CHARTEX_URI:
        return Shape(kind=ShapeKind.CHART, problem="this chart type (Office 2016 chartex) cannot be read", **common)
    if (is_frame and _shape_type(shape) in _OLE_TYPES) or next(element.iter(_P_OLE_OBJ), None) is not None:
        return Shape(kind=ShapeKind.OLE, **{**common, "description": common["description"] or _ole_label(element)})
    if tag == _P_PIC:  # python-pptx's shape type PICTURE is only ever a p:pic
        image, problem = _read_image(shape)
        return Shape(kind=ShapeKind.PICTURE, image=image, problem=problem, **common)
    if tag == _P_SP:  # only python-pptx's Shape (p:sp) has a text frame
        tx_body = element.find(_P_TX_BODY)
        if tx_body is None:
            # python-pptx's text_frame adds an empty body, and the slide's look hashes the XML as
            # read: adding it here too keeps every look (and slide picture) the same.
            tx_body = element.get_or_add_txBody()
        paragraphs = _read_body(tx_body, shape.part, _list_styles(tx_body, ph, shape.part))
        if any(p.text.strip() for p in paragraphs):
            size, bold = _font_facts(tx_body)
            return Shape(kind=ShapeKind.TEXT, paragraphs=paragraphs, font_size_pt=size, is_bold=bold, **common)
    return Shape(kind=ShapeKind.SHAPE, **common)


def _shape_type(shape):
    try:
        return shape.shape_type
    except Exception:  # python-pptx raises on some graphic frames and unknown shapes
        return None


def _geometry(shape) -> str:
    geometry = next(shape._element.iter(_A_PRST_GEOM), None)
    return geometry.get("prst", "") if geometry is not None else ""


def _graphic_uri(element) -> str | None:
    data = next(element.iter(_A_GRAPHIC_DATA), None)
    return data.get("uri") if data is not None else None


def _placeholder(ph) -> str | None:
    """Return the role of the placeholder whose ``p:ph`` is ``ph`` (None: not a placeholder)."""
    if ph is None:
        return None
    return _PLACEHOLDER_TYPES.get(ph.get("type", _PLACEHOLDER_DEFAULT_TYPE), "other")


def _description(shape) -> str:
    """Return the shape's alt text on one line (it ends up in attributes and one-line notes)."""
    for c_nv_pr in shape._element.iter(_P_CNV_PR):
        return _one_line(c_nv_pr.get("descr") or "")
    return ""


def _ole_label(element) -> str:
    ole = next(element.iter(_P_OLE_OBJ), None)
    if ole is None:
        return ""
    return _one_line(ole.get("name") or ole.get("progId") or "")


# ---------------------------------------------------------------- geometry


def _box(shape, transform) -> Box:
    frame = _own_frame(shape._element)
    if frame is not None:
        left, top, width, height = frame
    else:  # python-pptx resolves the rest: a placeholder's position inherited from its layout …
        try:
            left, top = int(shape.left or 0), int(shape.top or 0)
            width, height = int(shape.width or 0), int(shape.height or 0)
        except Exception:  # no xfrm anywhere up the placeholder chain
            left = top = width = height = 0
    if transform is not None:
        left, top, width, height = transform(left, top, width, height)
    return Box(left, top, width, height)


def _own_frame(element) -> tuple[int, int, int, int] | None:
    """Return the shape's own offset and extent when its ``xfrm`` sets all four as plain EMU
    (python-pptx gives the same values then); None leaves the case to python-pptx."""
    tag = element.tag
    if tag in (_P_SP, _P_PIC, _P_CXN_SP):
        properties = element.find(_P_SP_PR)
        xfrm = properties.find(_A_XFRM) if properties is not None else None
    elif tag == _P_GRP_SP:
        properties = element.find(_P_GRP_SP_PR)
        xfrm = properties.find(_A_XFRM) if properties is not None else None
    elif tag == _P_GRAPHIC_FRAME:
        xfrm = element.find(_P_XFRM)
    else:
        return None
    if xfrm is None:
        return None
    off, ext = xfrm.find(_A_OFF), xfrm.find(_A_EXT)
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    if not all(value is not None and _PLAIN_INT.fullmatch(value) for value in values):
        return None  # "1in" and the like: python-pptx converts them
    return tuple(int(value) for value in values)


def _group_transform(group, outer):
    """Return a function mapping the group's child coordinates to slide coordinates.

    A group's children live in its own space (chOff/chExt) which PowerPoint scales onto the
    group's frame (off/ext); nested groups compose.
    """
    xfrm = group._element.grpSpPr.find(_A_XFRM)
    if xfrm is None:
        return outer

    def pair(tag, a, b):
        el = xfrm.find(tag)
        return (int(el.get(a, 0)), int(el.get(b, 0))) if el is not None else (0, 0)

    off, ext = pair(_A_OFF, "x", "y"), pair(_A_EXT, "cx", "cy")
    ch_off, ch_ext = pair(_A_CH_OFF, "x", "y"), pair(_A_CH_EXT, "cx", "cy")
    sx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
    sy = ext[1] / ch_ext[1] if ch_ext[1] else 1.0

    def transform(left, top, width, height):
        mapped = (round(off[0] + (left - ch_off[0]) * sx), round(off[1] + (top - ch_off[1]) * sy),
                  round(width * sx), round(height * sy))
        return outer(*mapped) if outer is not None else mapped

    return transform


# ---------------------------------------------------------------- text


def _read_paragraphs(frame, styles: tuple = ()) -> tuple[Paragraph, ...]:
    return _read_body(frame._txBody, frame.part, styles)


def _read_body(tx_body, part, styles: tuple = ()) -> tuple[Paragraph, ...]:
    """Return the paragraphs of a text body (``p:txBody``, ``a:txBody``) as python-pptx's
    ``TextFrame.paragraphs`` lists them, with their levels."""
    return tuple(_read_paragraph(p, part, _level(p), styles) for p in tx_body.iterchildren(_A_P))


def _level(p) -> int:
    ppr = p.find(_A_PPR)
    if ppr is None:
        # python-pptx's paragraph.level adds an empty a:pPr, and the slide's look hashes the XML
        # as read: adding it here too keeps every look (and slide picture) the same.
        ppr = p.get_or_add_pPr()
    lvl = ppr.get("lvl")
    return int(lvl) if lvl is not None else 0  # python-pptx: int(), default 0


# A paragraph's bullet is the first of these found going up PowerPoint's inheritance chain.
_BULLET_TAGS = {qn("a:buNone"): "", qn("a:buChar"): "bullet", qn("a:buBlip"): "bullet", qn("a:buAutoNum"): "number"}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_LEVEL_TAGS = tuple(qn(f"a:lvl{n}pPr") for n in range(1, 10))


def _list_styles(tx_body, ph, part) -> tuple:
    """Return the list styles a shape's paragraphs inherit from, nearest first.

    PowerPoint resolves a paragraph's properties from the paragraph itself, then the shape's
    own ``a:lstStyle``, then (for a placeholder) the layout's placeholder of the same idx (else
    type), the master's placeholder of that type, and last the master's text styles
    (``p:titleStyle`` for titles, ``p:bodyStyle`` for every other placeholder). Text boxes
    inherit no bullets. Each entry holds ``a:lvl1pPr`` … ``a:lvl9pPr``. ``tx_body`` is the
    shape's ``p:txBody``, ``ph`` its ``p:ph`` (None: not a placeholder), ``part`` its slide's part.
    """
    styles = [tx_body.find(_A_LST_STYLE)]
    if ph is not None:
        try:
            styles += _inherited_list_styles(ph, part)
        except Exception:  # a missing or damaged layout or master costs only inherited bullets
            pass
    return tuple(style for style in styles if style is not None)


def _inherited_list_styles(ph, part) -> list:
    ph_type, ph_idx = ph.get("type", "body"), ph.get("idx", "0")
    layout = part.slide_layout
    master = layout.slide_master
    base_type = "title" if ph_type in ("title", "ctrTitle") else ph_type
    if base_type not in ("title", "dt", "ftr", "sldNum", "hdr"):
        base_type = "body"  # the master has one body placeholder for every kind of content
    styles = []
    for tree, matches in ((layout._element, (lambda t, i: i == ph_idx, lambda t, i: t == ph_type)),
                          (master._element, (lambda t, i: t == base_type,))):
        placeholders = [(sp, sp_ph.get("type", "body"), sp_ph.get("idx", "0"))
                        for sp in tree.iter(qn("p:sp")) for sp_ph in sp.iter(qn("p:ph"))]
        for match in matches:
            found = next((sp for sp, t, i in placeholders if match(t, i)), None)
            if found is not None:
                styles.append(found.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}"))
                break
    tx_styles = master._element.find(qn("p:txStyles"))
    if tx_styles is not None:
        styles.append(tx_styles.find(qn("p:titleStyle") if base_type == "title" else qn("p:bodyStyle")))
    return styles


def _bullet(ppr, styles: tuple, level: int) -> str:
    """Return "bullet", "number" or "" (none) for a paragraph at ``level`` (from 0)."""
    level_tag = _LEVEL_TAGS[min(level, 8)]
    for props in (ppr, *(style.find(level_tag) for style in styles)):
        if props is None:
            continue
        for child in props:
            if child.tag in _BULLET_TAGS:
                return _BULLET_TAGS[child.tag]
    return ""


def _read_paragraph(p, part, level: int = 0, styles: tuple = ()) -> Paragraph:
    """Return one ``a:p`` as runs; ``part`` resolves hyperlinks (``None``: no links); ``styles``
    are the list styles it inherits bullets from (see :func:`_list_styles`)."""
    runs = []
    for child in _run_elements(p):
        if child.tag == _A_BR:
            runs.append(Run("\n"))
            continue
        text = "".join(t.text or "" for t in child.iter(_A_T))
        rpr = child.find(_A_RPR)
        runs.append(Run(_clean(text), _flag(rpr, "b"), _flag(rpr, "i"), _href(part, rpr)))
    bullet = _bullet(p.find(_A_PPR), styles, level)
    return Paragraph(tuple(_merge(runs)), level, bool(bullet), bullet == "number")


def _run_elements(p):
    """Yield a paragraph's runs, fields and breaks, taking AlternateContent's fallback (equations)."""
    for child in p:
        if child.tag in _RUN_TAGS:
            yield child
        elif child.tag == _ALTERNATE:
            fallback = child.find("mc:Fallback", _NS)
            if fallback is not None:
                yield from _run_elements(fallback)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


def _clean(text: str) -> str:
    # PowerPoint stores a soft return typed in a run as a vertical tab.
    return _CONTROL.sub("", text.replace("\u000b", "\n").replace("\r\n", "\n").replace("\r", "\n"))


def _flag(rpr, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _href(part, rpr) -> str | None:
    """Return an external hyperlink's target; render decides which schemes are safe."""
    if rpr is None or part is None:
        return None
    click = rpr.find(_A_HLINK_CLICK)
    rid = click.get(_R_ID) if click is not None else None
    if not rid:
        return None
    try:
        rel = part.rels[rid]
    except KeyError:
        return None
    return rel.target_ref.strip() if rel.is_external else None


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of equal formatting (PowerPoint splits runs at every edit)."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last and run.text != "\n" and last.text != "\n" and \
                (last.is_bold, last.is_italic, last.href) == (run.is_bold, run.is_italic, run.href):
            merged[-1] = Run(last.text + run.text, last.is_bold, last.is_italic, last.href)
        else:
            merged.append(run)
    return merged


def _salvaged_paragraphs(element) -> tuple[Paragraph, ...]:
    """Return the plain text of a shape python-pptx could not read, straight from its XML."""
    try:
        paragraphs = tuple(_read_paragraph(p, None) for p in element.iter(_A_P))
    except Exception:
        return ()
    return paragraphs if any(p.text.strip() for p in paragraphs) else ()


def _font_facts(body) -> tuple[float | None, bool]:
    """Return the largest font size set on the text body's runs (pt) and whether all text is bold.

    Sizes come from the runs, the paragraphs' defaults and the shape's own list style; a size
    inherited from the layout or master is not resolved (``None``), except for titles.
    """
    sizes = [int(el.get("sz")) / 100 for tag in (_A_RPR, _A_DEF_RPR, _A_END_PARA_RPR)
             for el in body.iter(tag) if (el.get("sz") or "").isdigit()]
    runs = [r for r in body.iter(_A_R) if (r.findtext(_A_T) or "").strip()]
    bold = bool(runs) and all(_flag(r.find(_A_RPR), "b") for r in runs)
    return (max(sizes) if sizes else None), bold


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in _read_paragraphs(cell.text_frame) if p.text.strip())


# ---------------------------------------------------------------- pictures


# Formats every browser shows in <img>. SVG is left out on purpose: a deck's SVG could carry
# script, and PowerPoint always stores a PNG beside it, which is what ``a:blip`` names.
_WEB_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"BM", "bmp"),
)
_OTHER_IMAGES = (
    (b"\xd7\xcd\xc6\x9a", "WMF"), (b"\x01\x00\x09\x00", "WMF"), (b"\x02\x00\x09\x00", "WMF"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
)


def image_format(data: bytes) -> tuple[str | None, str]:
    """Return (file extension if browsers can show it, else None; the format's name)."""
    for magic, ext in _WEB_IMAGES:
        if data.startswith(magic):
            return ext, ext.upper()
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "WEBP"
    if data[40:44] == b" EMF":
        return None, "EMF"
    for magic, name in _OTHER_IMAGES:
        if data.startswith(magic):
            return None, name
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in data[:4096].lower():
        return None, "SVG"
    return None, "unknown"


def _read_image(shape) -> tuple[Image | None, str | None]:
    blip = next(shape._element.iter(_A_BLIP), None)
    if blip is None:
        return None, "the picture has no image data"
    if blip.get(_R_EMBED) is None and blip.get(_R_LINK) is not None:
        return None, "the picture is linked to an outside file, not embedded"
    try:
        data = shape.image.blob
    except Exception as exc:  # dangling rId, missing part
        return None, f"the picture's image is missing ({type(exc).__name__})"
    ext, name = image_format(data)
    if ext is None:
        return None, f"the picture is in {name} format, which browsers cannot show"
    return Image(data, ext), None


# ---------------------------------------------------------------- charts


def _read_chart(chart_space) -> tuple[Chart, str | None]:
    """Return a chart's title and the data cached in its part, for any chart type.

    The cache (``c:strCache``/``c:numCache``) is what PowerPoint draws; the embedded workbook
    is not opened. Scatter charts use the x values as categories.
    """
    c = _NS["c"]
    title = _chart_title(chart_space)
    series, categories = [], ()
    for ser in chart_space.iterfind(f".//{{{c}}}plotArea/*/{{{c}}}ser"):
        name = " ".join(_cache_points(ser.find(f"{{{c}}}tx"))) or (ser.findtext(f"{{{c}}}tx/{{{c}}}v") or "")
        values = _cache_points(ser.find(f"{{{c}}}val")) or _cache_points(ser.find(f"{{{c}}}yVal"))
        if not categories:
            categories = _cache_points(ser.find(f"{{{c}}}cat")) or _cache_points(ser.find(f"{{{c}}}xVal"))
        series.append((_one_line(name), tuple(_number(v) for v in values)))
    deleted = chart_space.find(f"{{{c}}}chart/{{{c}}}autoTitleDeleted")
    if not title and len(series) == 1 and (deleted is None or deleted.get("val") in ("0", "false")):
        title = series[0][0]  # PowerPoint titles a one-series chart with its series' name
    if not series:
        return Chart(title), "the chart holds no data"
    return Chart(title, tuple(_one_line(x) for x in categories), tuple(series)), None


def _chart_title(chart_space) -> str:
    c = _NS["c"]
    title = chart_space.find(f"{{{c}}}chart/{{{c}}}title")
    if title is None:
        return ""
    rich = [_read_paragraph(p, None).text for p in title.iter(_A_P)]
    return _one_line(" ".join(rich)) or _one_line(" ".join(_cache_points(title)))


def _cache_points(element) -> tuple[str, ...]:
    """Return the cached point values under ``element`` in index order ("" for gaps)."""
    if element is None:
        return ()
    c = _NS["c"]
    cache = None
    for tag in ("strCache", "numCache", "multiLvlStrCache", "strLit", "numLit"):
        cache = element.find(f".//{{{c}}}{tag}")
        if cache is not None:
            break
    if cache is None:
        return ()
    if cache.tag == f"{{{c}}}multiLvlStrCache":
        cache = cache.find(f"{{{c}}}lvl")  # the innermost level labels each point
        if cache is None:
            return ()
    points = {}
    for pt in cache.iterfind(f"{{{c}}}pt"):
        try:
            points[int(pt.get("idx", len(points)))] = pt.findtext(f"{{{c}}}v") or ""
        except ValueError:
            continue
    count = cache.find(f"{{{c}}}ptCount")
    try:
        size = int(count.get("val")) if count is not None else 0
    except (TypeError, ValueError):
        size = 0
    size = min(max(size, max(points, default=-1) + 1), 10_000)  # a hostile ptCount stays small
    return tuple(points.get(i, "") for i in range(size))


def _number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    return f"{number:g}" if number == number and abs(number) != float("inf") else value


# ---------------------------------------------------------------- SmartArt


def _diagram_paragraphs(shape) -> tuple[tuple[Paragraph, ...], str | None]:
    """Return SmartArt text, which lives in the diagram data part, not on the slide.

    Nodes come in the diagram's own order (the parent-of connections, by ``srcOrd``), as
    bullets nested by depth.
    """
    ref = next(shape._element.iter(_A_GRAPHIC_DATA)).find("dgm:relIds", _NS)
    rid = ref.get(qn("r:dm")) if ref is not None else None
    if not rid:
        return (), "the SmartArt has no data part"
    try:
        part = shape.part.related_part(rid)
        root = etree.fromstring(part.blob, _SAFE_XML)
    except (KeyError, etree.XMLSyntaxError, ValueError) as exc:
        return (), f"the SmartArt data is missing or damaged ({type(exc).__name__})"
    points = {pt.get("modelId"): pt for pt in root.iterfind("dgm:ptLst/dgm:pt", _NS)
              if pt.get("type") in (None, "node", "asst", "doc")}
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iterfind("dgm:cxnLst/dgm:cxn", _NS):
        if cxn.get("type") in (None, "parOf") and cxn.get("destId") in points:
            try:
                order = int(cxn.get("srcOrd") or 0)
            except ValueError:
                order = 0
            children.setdefault(cxn.get("srcId"), []).append((order, cxn.get("destId")))
    ordered: list[tuple[str, int]] = []
    seen: set[str] = set()

    def visit(model_id: str, depth: int) -> None:
        if model_id in seen or depth > 32:
            return
        seen.add(model_id)
        ordered.append((model_id, depth))
        for _, child in sorted(children.get(model_id, []), key=lambda c: c[0]):
            visit(child, depth + 1)

    for model_id, pt in points.items():
        if pt.get("type") == "doc":
            visit(model_id, 0)
    ordered += [(m, 1) for m in points if m not in seen]  # points no connection reaches
    paragraphs = []
    for model_id, depth in ordered:
        is_doc = points[model_id].get("type") == "doc"
        for p in points[model_id].iterfind("dgm:t/a:p", _NS):
            paragraph = _read_paragraph(p, None, 0 if is_doc else max(depth - 1, 0))
            if paragraph.text.strip():
                paragraphs.append(Paragraph(paragraph.runs, paragraph.level, is_bullet=not is_doc))
    return tuple(paragraphs), None
