"""Read a .pptx into a :class:`~deckdocs.model.Deck`: the only module that knows python-pptx.

Everything PowerPoint-specific ends here: placeholder types, group coordinate spaces, run
properties, SmartArt data parts, sections. Callers get positioned, typed shapes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from deckdocs.errors import DeckReadError
from deckdocs.model import (
    Box, Chart, Deck, Image, Paragraph, Run, Section, Shape, ShapeKind, Slide,
)

# Hostile-file limits: a real deck is far below both.
MAX_INFLATED_BYTES = 1_000_000_000
MAX_PARTS = 20_000
MAX_RATIO = 200  # a part inflating more than this is a zip bomb, not a deck

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
}
_DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}
_PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

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


def read_deck(path: str | Path) -> Deck:
    """Return the deck at ``path`` with every slide's shapes positioned in slide coordinates.

    Raises:
        DeckReadError: the file is missing, not a presentation, encrypted, a binary .ppt,
            Strict OOXML, a damaged or hostile zip, or has no slides.
    """
    path = Path(path)
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeckReadError(f"cannot read the file ({exc.strerror})", path=shown,
                            hint="Check the path and that the file is not open elsewhere.") from None
    data = _checked_package(data, shown)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many types for broken packages
        raise DeckReadError(f"not a readable PowerPoint file ({type(exc).__name__}: {exc})",
                            path=shown, hint="Open it in PowerPoint and save it again as .pptx.") from None
    width = int(prs.slide_width or 12192000)
    height = int(prs.slide_height or 6858000)
    slides = tuple(_read_slide(slide, number, shown) for number, slide in enumerate(prs.slides, 1))
    if not slides:
        raise DeckReadError("the deck has no slides", path=shown,
                            hint="Add slides, or remove the file from source_slides/.")
    title = (prs.core_properties.title or "").strip()
    return Deck(shown, width, height, slides, _read_sections(prs), title)


# ---------------------------------------------------------------- the package


def _checked_package(data: bytes, shown: str) -> bytes:
    """Return the package bytes, normalised so python-pptx opens shows and templates.

    Raises DeckReadError for what python-pptx cannot or must not read.
    """
    if data.startswith(_CFB_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise DeckReadError("the deck is password-protected", path=shown,
                                hint="Remove the password in PowerPoint (File > Info > Protect) and save again.")
        raise DeckReadError("this is an old binary PowerPoint 97-2003 file, not .pptx", path=shown,
                            hint="Open it in PowerPoint, WPS or LibreOffice and save it as .pptx.")
    if not data.startswith(b"PK"):
        raise DeckReadError("not a .pptx file (it is not a zip package)", path=shown,
                            hint="Save the deck from PowerPoint, WPS or LibreOffice as .pptx.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DeckReadError("the file is damaged (truncated or not a complete zip package)", path=shown,
                            hint="Copy the deck again from its source, or re-save it from PowerPoint.") from None
    _check_limits(infos, shown)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise DeckReadError("not a PowerPoint package ([Content_Types].xml is missing)", path=shown,
                            hint="Save the deck from PowerPoint, WPS or LibreOffice as .pptx.")
    types = archive.read("[Content_Types].xml")
    if b"purl.oclc.org/ooxml" in types or _is_strict(archive, names):
        raise DeckReadError("the deck is saved as Strict Open XML, which deckdocs cannot read", path=shown,
                            hint="In PowerPoint use Save As > 'PowerPoint Presentation (.pptx)', not Strict.")
    if not any(t.encode() in types for t in _MAIN_TYPES) or _PPTX_MAIN.encode() in types:
        return data
    # A show (.ppsx) or template (.potx): same parts, another main content type. python-pptx
    # refuses those by content type alone, so present it as a presentation.
    patched = types
    for main_type in _MAIN_TYPES:
        patched = patched.replace(main_type.encode(), _PPTX_MAIN.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            blob = patched if info.filename == "[Content_Types].xml" else archive.read(info)
            target.writestr(info, blob)
    return out.getvalue()


def _check_limits(infos: list[zipfile.ZipInfo], shown: str) -> None:
    if len(infos) > MAX_PARTS:
        raise DeckReadError(f"the package has {len(infos)} parts, more than a deck can have", path=shown,
                            hint="This file is not a normal deck; re-save it from PowerPoint.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DeckReadError(f"part {info.filename} inflates {info.file_size // info.compress_size}×: "
                                "a zip bomb, not a deck", path=shown, hint="Do not use this file.")
    if total > MAX_INFLATED_BYTES:
        raise DeckReadError(f"the package inflates to {total // 1_000_000} MB, beyond the "
                            f"{MAX_INFLATED_BYTES // 1_000_000} MB limit", path=shown,
                            hint="Compress the pictures and videos in PowerPoint, then save again.")
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise DeckReadError(f"the package has an unsafe part name {name!r}", path=shown,
                                hint="Do not use this file.")


def _is_strict(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "ppt/presentation.xml" not in names:
        return False
    head = archive.open("ppt/presentation.xml").read(4096)
    return b"purl.oclc.org/ooxml" in head


def _read_sections(prs) -> tuple[Section, ...]:
    root = prs.part._element
    ids = [int(sld_id.get("id")) for sld_id in root.findall("p:sldIdLst/p:sldId", _NS)]
    number_of = {sld_id: n for n, sld_id in enumerate(ids, 1)}
    sections = []
    for section in root.iterfind(".//p14:sectionLst/p14:section", _NS):
        numbers = tuple(
            number_of[int(ref.get("id"))]
            for ref in section.iterfind("p14:sldIdLst/p14:sldId", _NS)
            if int(ref.get("id")) in number_of
        )
        sections.append(Section((section.get("name") or "").strip(), numbers))
    return tuple(sections)


# ---------------------------------------------------------------- slides


def _read_slide(slide, number: int, shown: str) -> Slide:
    shapes = []
    for shape in slide.shapes:
        read = _read_shape_safely(shape, None, shown, number)
        if read is not None:
            shapes.append(read)
    notes = ""
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        notes = _frame_text(frame) if frame is not None else ""
    is_hidden = slide._element.get("show") in ("0", "false")
    return Slide(number, tuple(shapes), notes.strip(), is_hidden, slide.slide_layout.name or "")


def _frame_text(frame) -> str:
    return "\n".join(p.text for p in _read_paragraphs(frame))


def _read_shape_safely(shape, transform, shown: str, number: int) -> Shape | None:
    """Read one shape; a shape python-pptx chokes on becomes a shape with a problem."""
    try:
        return _read_shape(shape, transform, shown, number)
    except Exception as exc:  # one bad shape never sinks a deck
        box = Box(0, 0, 0, 0)
        return Shape(_shape_id(shape), _shape_name(shape), ShapeKind.OTHER, box,
                     problem=f"unreadable shape ({type(exc).__name__})")


def _shape_id(shape) -> int:
    try:
        return int(shape.shape_id)
    except Exception:
        return 0


def _shape_name(shape) -> str:
    try:
        return shape.name or ""
    except Exception:
        return ""


def _read_shape(shape, transform, shown: str, number: int) -> Shape:
    box = _box(shape, transform)
    common = dict(shape_id=_shape_id(shape), name=_shape_name(shape), box=box,
                  description=_description(shape), placeholder=_placeholder(shape))
    shape_type = _shape_type(shape)
    if shape_type == MSO_SHAPE_TYPE.GROUP:
        child_transform = _group_transform(shape, transform)
        children = tuple(
            child for child in (_read_shape_safely(s, child_transform, shown, number) for s in shape.shapes)
            if child is not None
        )
        return Shape(kind=ShapeKind.GROUP, children=children, **common)
    element = shape._element
    if element.find(".//" + qn("p:videoFile")) is not None or element.find(".//" + qn("a:videoFile")) is not None \
            or element.find(".//" + qn("a:audioFile")) is not None:
        return Shape(kind=ShapeKind.MEDIA, **common)
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = tuple(tuple(_cell_text(cell) for cell in row.cells) for row in shape.table.rows)
        return Shape(kind=ShapeKind.TABLE, table=rows, **common)
    if getattr(shape, "has_chart", False) and shape.has_chart:
        chart, problem = _read_chart(shape.chart)
        return Shape(kind=ShapeKind.CHART, chart=chart, problem=problem, **common)
    if _is_diagram(element):
        return Shape(kind=ShapeKind.DIAGRAM, paragraphs=_diagram_paragraphs(shape), **common)
    if shape_type in (MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT, MSO_SHAPE_TYPE.LINKED_OLE_OBJECT) \
            or element.find(".//" + qn("p:oleObj")) is not None:
        return Shape(kind=ShapeKind.OLE, **common)
    if shape_type == MSO_SHAPE_TYPE.PICTURE or element.tag == qn("p:pic"):
        image, problem = _read_image(shape)
        return Shape(kind=ShapeKind.PICTURE, image=image, problem=problem, **common)
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        paragraphs = _read_paragraphs(shape.text_frame)
        if any(p.text.strip() for p in paragraphs):
            size, bold = _font_facts(shape)
            return Shape(kind=ShapeKind.TEXT, paragraphs=paragraphs, font_size_pt=size, is_bold=bold, **common)
    return Shape(kind=ShapeKind.SHAPE, **common)


def _shape_type(shape):
    try:
        return shape.shape_type
    except Exception:  # python-pptx raises on some graphic frames and unknown shapes
        return None


def _placeholder(shape) -> str | None:
    if not getattr(shape, "is_placeholder", False):
        return None
    try:
        kind = shape.placeholder_format.type
    except Exception:
        return "other"
    return _PLACEHOLDER_NAMES.get(kind, "other")


def _description(shape) -> str:
    for child in shape._element.iter(qn("p:cNvPr")):
        return (child.get("descr") or "").strip()
    return ""


# ---------------------------------------------------------------- geometry


def _box(shape, transform) -> Box:
    try:
        left, top = int(shape.left or 0), int(shape.top or 0)
        width, height = int(shape.width or 0), int(shape.height or 0)
    except Exception:  # no xfrm anywhere up the placeholder chain
        left = top = width = height = 0
    if transform is not None:
        left, top, width, height = transform(left, top, width, height)
    return Box(left, top, width, height)


def _group_transform(group, outer):
    """Return a function mapping the group's child coordinates to slide coordinates.

    A group's children live in its own space (chOff/chExt) which PowerPoint scales onto the
    group's frame (off/ext); nested groups compose.
    """
    xfrm = group._element.grpSpPr.find(qn("a:xfrm"))
    if xfrm is None:
        return outer
    def pair(tag, a, b):
        el = xfrm.find(qn(tag))
        return (int(el.get(a, 0)), int(el.get(b, 0))) if el is not None else (0, 0)
    off, ext = pair("a:off", "x", "y"), pair("a:ext", "cx", "cy")
    ch_off, ch_ext = pair("a:chOff", "x", "y"), pair("a:chExt", "cx", "cy")
    sx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
    sy = ext[1] / ch_ext[1] if ch_ext[1] else 1.0

    def transform(left, top, width, height):
        mapped = (round(off[0] + (left - ch_off[0]) * sx), round(off[1] + (top - ch_off[1]) * sy),
                  round(width * sx), round(height * sy))
        return outer(*mapped) if outer is not None else mapped

    return transform


# ---------------------------------------------------------------- text


def _read_paragraphs(frame) -> tuple[Paragraph, ...]:
    return tuple(_read_paragraph(p) for p in frame.paragraphs)


def _read_paragraph(paragraph) -> Paragraph:
    runs = []
    for child in paragraph._p:
        if child.tag == qn("a:r") or child.tag == qn("a:fld"):
            text = "".join(t.text or "" for t in child.iter(qn("a:t")))
            rpr = child.find(qn("a:rPr"))
            runs.append(Run(_clean(text), _flag(rpr, "b"), _flag(rpr, "i"), _href(paragraph, rpr)))
        elif child.tag == qn("a:br"):
            runs.append(Run("\n"))
    ppr = paragraph._p.find(qn("a:pPr"))
    is_bullet = ppr is not None and (ppr.find(qn("a:buChar")) is not None or ppr.find(qn("a:buAutoNum")) is not None)
    return Paragraph(tuple(_merge(runs)), int(paragraph.level or 0), is_bullet)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\u000b", "\n"))


def _flag(rpr, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _href(paragraph, rpr) -> str | None:
    if rpr is None:
        return None
    click = rpr.find(qn("a:hlinkClick"))
    if click is None:
        return None
    rid = click.get(qn("r:id"))
    if not rid:
        return None
    try:
        rel = paragraph.part.rels[rid]
    except KeyError:
        return None
    return rel.target_ref if rel.is_external else None


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


def _font_facts(shape) -> tuple[float | None, bool]:
    """Return the largest font size set on the shape's runs (pt) and whether all text is bold.

    Sizes come from the runs, the paragraphs' defaults and the shape's own list style; a size
    inherited from the layout or master is not resolved (``None``), except for titles.
    """
    body = shape.text_frame._txBody
    sizes = [int(el.get("sz")) / 100 for tag in ("a:rPr", "a:defRPr", "a:endParaRPr")
             for el in body.iter(qn(tag)) if el.get("sz")]
    runs = [r for r in body.iter(qn("a:r")) if (r.findtext(qn("a:t")) or "").strip()]
    bold = bool(runs) and all(_flag(r.find(qn("a:rPr")), "b") for r in runs)
    return (max(sizes) if sizes else None), bold


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in _read_paragraphs(cell.text_frame) if p.text.strip())


# ---------------------------------------------------------------- pictures, charts, SmartArt


def _read_image(shape) -> tuple[Image | None, str | None]:
    blip = shape._element.find(".//" + qn("a:blip"))
    if blip is None:
        return None, "the picture has no image data"
    if blip.get(qn("r:embed")) is None and blip.get(qn("r:link")) is not None:
        return None, "the picture is linked to an outside file, not embedded"
    try:
        image = shape.image
        ext = (image.ext or "bin").lower()
        return Image(image.blob, ext if re.fullmatch(r"[a-z0-9]{1,5}", ext) else "bin"), None
    except Exception as exc:  # dangling rId, missing part
        return None, f"the picture's image is missing ({type(exc).__name__})"


def _read_chart(chart) -> tuple[Chart, str | None]:
    title = ""
    try:
        if chart.has_title and chart.chart_title.has_text_frame:
            title = chart.chart_title.text_frame.text.strip()
    except Exception:
        pass  # a chart with an unreadable title still has data
    try:
        plot = chart.plots[0]
        categories = tuple(str(c) for c in plot.categories)
        series = tuple((s.name or "", tuple(_number(v) for v in s.values)) for s in plot.series)
    except Exception as exc:  # python-pptx cannot read every plot type (bar3D, area3D …)
        return Chart(title), f"chart data unreadable ({type(exc).__name__})"
    return Chart(title, categories, series), None


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _is_diagram(element) -> bool:
    data = element.find(".//" + qn("a:graphicData"))
    return data is not None and data.get("uri") == _DIAGRAM_URI


def _diagram_paragraphs(shape) -> tuple[Paragraph, ...]:
    """Return SmartArt text, which lives in the diagram data part, not on the slide."""
    rel_ids = shape._element.find(".//" + qn("a:graphicData"))
    ref = rel_ids.find("dgm:relIds", _NS)
    if ref is None:
        return ()
    rid = ref.get(qn("r:dm"))
    try:
        part = shape.part.related_part(rid)
    except KeyError:
        return ()
    root = etree.fromstring(part.blob)
    paragraphs = []
    for point in root.iterfind(".//dgm:pt", _NS):
        if point.get("type") not in (None, "node", "doc"):
            continue
        for p in point.iterfind("dgm:t/a:p", _NS):
            text = _clean("".join(t.text or "" for t in p.iter(qn("a:t"))))
            if text.strip():
                paragraphs.append(Paragraph((Run(text),), is_bullet=point.get("type") != "doc"))
    return tuple(paragraphs)
