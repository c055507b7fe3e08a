"""One shape, read from its XML where python-pptx's properties would walk the tree again,
positioned in slide coordinates (groups resolved)."""

from __future__ import annotations

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER

from deckdocs.messages import _
from deckdocs.model import Box, Shape, ShapeKind
from deckdocs.read.text import cell_text, font_facts, list_styles, one_line, read_body, salvaged_paragraphs
from deckdocs.read.graphics import diagram_paragraphs, read_chart, read_image
from deckdocs.read.ooxml import (
    ALTERNATE, A_CH_EXT, A_CH_OFF, A_EXT, A_GRAPHIC_DATA, A_OFF, A_PRST_GEOM, A_XFRM, CHARTEX_URI, DIAGRAM_URI,
    MEDIA_TAGS, NS, OLE_TYPES, PLAIN_INT, P_CNV_PR, P_CXN_SP, P_GRAPHIC_FRAME, P_GRP_SP, P_GRP_SP_PR, P_NV_PR,
    P_OLE_OBJ, P_PH, P_PIC, P_SP, P_SP_PR, P_TX_BODY, P_XFRM, SHAPE_TAGS,
)
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


def members(shapes):
    """Yield the shapes of a slide or group in document order, AlternateContent included.

    python-pptx skips ``mc:AlternateContent`` (ink, 3D models, newer objects); its
    ``mc:Fallback`` holds a plain shape (usually a picture) that every reader understands.
    """
    part = shapes.part
    for element in shapes._spTree.iterchildren():
        if element.tag in SHAPE_TAGS:
            yield _LazyShape(element, shapes._shape_factory, part)
        elif element.tag == ALTERNATE:
            fallback = element.find("mc:Fallback", NS)
            branch = fallback if fallback is not None else element.find("mc:Choice", NS)
            for child in branch if branch is not None else ():
                if child.tag in SHAPE_TAGS:
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


def read_shape_safely(shape, transform) -> Shape | None:
    """Read one shape; one python-pptx chokes on keeps its text and says what went wrong."""
    try:
        if _attribute(shape._element, "hidden"):
            return None  # hidden in the selection pane: never shown in the slide show
        return _read_shape(shape, transform)
    except Exception:  # one bad shape never sinks a deck
        paragraphs = salvaged_paragraphs(shape._element)
        problem = _("unreadable shape (its XML is not laid out as PowerPoint writes it)")
        box = Box(0, 0, 0, 0)
        try:
            box = _box(shape, transform)
        except Exception:
            pass  # no position either: the shape sorts first
        kind = ShapeKind.TEXT if paragraphs else ShapeKind.OTHER
        return Shape(_shape_id(shape), _shape_name(shape), kind, box, paragraphs=paragraphs, problem=problem)


def _attribute(element, name: str) -> bool:
    for c_nv_pr in element.iter(P_CNV_PR):
        return c_nv_pr.get(name) in ("1", "true")
    return False


def _non_visual(element):
    """Return the shape's first child element (``p:nvSpPr``, ``p:nvPicPr`` …), as python-pptx's
    ``_nvXxPr`` does, or None."""
    return next(element.iterchildren(etree.Element), None)


def _shape_id(shape) -> int:
    try:
        value = int(_non_visual(shape._element).find(P_CNV_PR).get("id"))
    except Exception:  # no cNvPr or no id: python-pptx raises too
        return 0
    return value if 0 <= value <= 4294967295 else 0  # python-pptx rejects an id out of ST_DrawingElementId


def _shape_name(shape) -> str:
    try:
        return one_line(_non_visual(shape._element).find(P_CNV_PR).get("name") or "")
    except Exception:
        return ""


def _ph(element):
    """Return the shape's ``p:ph`` at ``./*[1]/p:nvPr/p:ph`` (where python-pptx finds it), or None."""
    non_visual = _non_visual(element)
    nv_pr = non_visual.find(P_NV_PR) if non_visual is not None else None
    return nv_pr.find(P_PH) if nv_pr is not None else None


def _read_shape(shape, transform) -> Shape:
    element = shape._element
    tag = element.tag
    ph = _ph(element)
    box = _box(shape, transform)
    common = dict(shape_id=_shape_id(shape), name=_shape_name(shape), box=box,
                  description=_description(shape), placeholder=_placeholder(ph), geometry=_geometry(shape))
    if tag == P_GRP_SP:  # python-pptx's GroupShape, MSO_SHAPE_TYPE.GROUP
        child_transform = _group_transform(shape, transform)
        children = tuple(child for child in (read_shape_safely(s, child_transform) for s in members(shape.shapes))
                         if child is not None)
        return Shape(kind=ShapeKind.GROUP, children=children, **common)
    if next(element.iter(*MEDIA_TAGS), None) is not None:
        return Shape(kind=ShapeKind.MEDIA, **common)
    # Only a graphic frame has a table, a chart or an OLE shape type (python-pptx's GraphicFrame).
    is_frame = tag == P_GRAPHIC_FRAME
    if is_frame and shape.has_table:
        rows = tuple(tuple(cell_text(cell) for cell in row.cells) for row in shape.table.rows)
        return Shape(kind=ShapeKind.TABLE, table=rows, **common)
    if is_frame and shape.has_chart:
        chart, problem = read_chart(shape.chart._chartSpace)
        return Shape(kind=ShapeKind.CHART, chart=chart, problem=problem, **common)
    graphic_uri = _graphic_uri(element)
    if graphic_uri == DIAGRAM_URI:
        paragraphs, problem = diagram_paragraphs(shape)
        return Shape(kind=ShapeKind.DIAGRAM, paragraphs=paragraphs, problem=problem, **common)
    if graphic_uri == CHARTEX_URI:
        return Shape(kind=ShapeKind.CHART, problem=_("this chart type (Office 2016 chartex) cannot be read"), **common)
    if (is_frame and _shape_type(shape) in OLE_TYPES) or next(element.iter(P_OLE_OBJ), None) is not None:
        return Shape(kind=ShapeKind.OLE, **{**common, "description": common["description"] or _ole_label(element)})
    if tag == P_PIC:  # python-pptx's shape type PICTURE is only ever a p:pic
        image, problem = read_image(shape)
        return Shape(kind=ShapeKind.PICTURE, image=image, problem=problem, **common)
    if tag == P_SP:  # only python-pptx's Shape (p:sp) has a text frame
        tx_body = element.find(P_TX_BODY)
        if tx_body is None:
            # python-pptx's text_frame adds an empty body, and the slide's look hashes the XML as
            # read: adding it here too keeps every look (and slide picture) the same.
            tx_body = element.get_or_add_txBody()
        paragraphs = read_body(tx_body, shape.part, list_styles(tx_body, ph, shape.part))
        if any(p.text.strip() for p in paragraphs):
            size, bold = font_facts(tx_body)
            return Shape(kind=ShapeKind.TEXT, paragraphs=paragraphs, font_size_pt=size, is_bold=bold, **common)
    return Shape(kind=ShapeKind.SHAPE, **common)


def _shape_type(shape):
    try:
        return shape.shape_type
    except Exception:  # python-pptx raises on some graphic frames and unknown shapes
        return None


def _geometry(shape) -> str:
    geometry = next(shape._element.iter(A_PRST_GEOM), None)
    return geometry.get("prst", "") if geometry is not None else ""


def _graphic_uri(element) -> str | None:
    data = next(element.iter(A_GRAPHIC_DATA), None)
    return data.get("uri") if data is not None else None


def _placeholder(ph) -> str | None:
    """Return the role of the placeholder whose ``p:ph`` is ``ph`` (None: not a placeholder)."""
    if ph is None:
        return None
    return _PLACEHOLDER_TYPES.get(ph.get("type", _PLACEHOLDER_DEFAULT_TYPE), "other")


def _description(shape) -> str:
    """Return the shape's alt text on one line (it ends up in attributes and one-line notes)."""
    for c_nv_pr in shape._element.iter(P_CNV_PR):
        return one_line(c_nv_pr.get("descr") or "")
    return ""


def _ole_label(element) -> str:
    ole = next(element.iter(P_OLE_OBJ), None)
    if ole is None:
        return ""
    return one_line(ole.get("name") or ole.get("progId") or "")


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
    if tag in (P_SP, P_PIC, P_CXN_SP):
        properties = element.find(P_SP_PR)
        xfrm = properties.find(A_XFRM) if properties is not None else None
    elif tag == P_GRP_SP:
        properties = element.find(P_GRP_SP_PR)
        xfrm = properties.find(A_XFRM) if properties is not None else None
    elif tag == P_GRAPHIC_FRAME:
        xfrm = element.find(P_XFRM)
    else:
        return None
    if xfrm is None:
        return None
    off, ext = xfrm.find(A_OFF), xfrm.find(A_EXT)
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    if not all(value is not None and PLAIN_INT.fullmatch(value) for value in values):
        return None  # "1in" and the like: python-pptx converts them
    return tuple(int(value) for value in values)


def _group_transform(group, outer):
    """Return a function mapping the group's child coordinates to slide coordinates.

    A group's children live in its own space (chOff/chExt) which PowerPoint scales onto the
    group's frame (off/ext); nested groups compose.
    """
    xfrm = group._element.grpSpPr.find(A_XFRM)
    if xfrm is None:
        return outer

    def pair(tag, a, b):
        el = xfrm.find(tag)
        return (int(el.get(a, 0)), int(el.get(b, 0))) if el is not None else (0, 0)

    off, ext = pair(A_OFF, "x", "y"), pair(A_EXT, "cx", "cy")
    ch_off, ch_ext = pair(A_CH_OFF, "x", "y"), pair(A_CH_EXT, "cx", "cy")
    sx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
    sy = ext[1] / ch_ext[1] if ch_ext[1] else 1.0

    def transform(left, top, width, height):
        mapped = (round(off[0] + (left - ch_off[0]) * sx), round(off[1] + (top - ch_off[1]) * sy),
                  round(width * sx), round(height * sy))
        return outer(*mapped) if outer is not None else mapped

    return transform
