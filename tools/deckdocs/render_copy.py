"""The copy of a deck that LibreOffice opens to draw slide pictures: nothing in it leads outside.

LibreOffice does what a deck tells it: it reads a picture linked to ``file:///…/private.png``
into the slide, fetches http and ftp targets, opens linked OLE files. So it never sees the deck
itself, only this copy, in which every relationship that leads outside the package (its
``TargetMode`` is External, its target has a scheme, or climbs above the package root) is cut:
a linked picture or background shows a grey placeholder picture instead, every other outside
link (hyperlinks, OLE links, media, templates, themes) is removed. DOCTYPEs go too (a billion
laughs in a theme crashed LibreOffice).

Only the slides to be drawn keep their content; the others are emptied, and those before the
first or after the last are left out of the slide list (slide number fields are written out as
numbers), so LibreOffice loads a 3,000-slide deck as fast as a short one. A slide to be
drawn that would obviously blow the rendering bounds (thousands of shapes, a huge table or text,
groups nested past the XML parser's depth limit) is emptied too and reported, never handed to
LibreOffice.

This is raw package surgery on bytes (zipfile and lxml), like :mod:`deckdocs.repair`; the deck's
content is still read only by :mod:`deckdocs.read`.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from deckdocs.messages import N_, _
from deckdocs.repair import EMPTY_SLIDE

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = f"{{{_PR}}}Relationship"
_LINK, _EMBED = f"{{{_R}}}link", f"{{{_R}}}embed"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
PLACEHOLDER_PART = "ppt/media/deckdocs-outside-link.png"
_SLIDE_PART = re.compile(r"ppt/slides/slide\d+\.xml")
_LAYOUT_OR_MASTER = re.compile(r"ppt/(slideLayouts/slideLayout|slideMasters/slideMaster)\d+\.xml")
# A shape whose text holds a slide number field, with no placeholder in between (a placeholder's
# number is drawn from the slide's own copy of it, which holds the number written out).
_SLIDE_NUMBER_SHAPE = re.compile(rb"<p:sp>(?:(?!</p:sp>|<p:ph\b).)*?type=\"slidenum\"", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

# What one slide may hold and still be drawn. LibreOffice took 57 s and 1.5 GB for one table cell
# of 100,000 characters, 7 GB for 14,000 text boxes and never finished 5,000 nested groups; a
# dense real slide has a few hundred shapes and a couple of thousand characters.
MAX_RENDER_SHAPES = 1_500
MAX_RENDER_TABLE_CELLS = 1_000
MAX_RENDER_TEXT_CHARS = 20_000
MAX_RENDER_RELATED_BYTES = 3_000_000  # the XML of its SmartArt and charts (1 MB of SmartArt text: 6 GB)
MAX_RENDER_CHART_POINTS = 20_000  # all series of all its charts
_SHAPES = {f"{{{_P}}}{name}" for name in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp")}
_CELL, _TEXT = f"{{{_A}}}tc", f"{{{_A}}}t"
_CHART_POINT = "{http://schemas.openxmlformats.org/drawingml/2006/chart}pt"
_DAMAGED = "damaged"  # not well-formed, or groups nested past the parser's depth limit

# How each kind of outside relationship is named to the editor (by the end of its type).
_KINDS = (("/image", N_("picture")), ("/oleObject", N_("OLE object")), ("/hyperlink", N_("hyperlink")),
          ("/video", N_("media file")), ("/audio", N_("media file")), ("/media", N_("media file")),
          ("/theme", N_("theme")), ("/attachedTemplate", N_("template")))


@dataclass(frozen=True)
class RenderCopy:
    """The package LibreOffice opens, and what was done to the slides to be drawn."""

    data: bytes
    linked: dict[int, tuple[str, ...]] = field(default_factory=dict)  # slide → kinds of outside links cut
    not_drawn: dict[int, str] = field(default_factory=dict)  # slide → why it is not drawn
    damaged: tuple[int, ...] = ()  # not drawn either: not well-formed (reading said so already)
    first_number: int = 1  # the slide that is page 1 of the copy's PDF (slides before it are left out)


def render_copy(data: bytes, numbers: tuple[int, ...]) -> RenderCopy:
    """Return a copy of the package ``data`` fit for LibreOffice, drawing only slides ``numbers``.

    ``data`` has passed :func:`deckdocs.package.checked_package`. Parts that are not
    well-formed are passed on as they are (LibreOffice copes with them; nothing in them can be
    followed, since outside links live in relationship parts, which are emptied when damaged).
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    cut: dict[str, set[str]] = {}  # part → kinds of outside links cut from its relationships
    relinked: dict[str, set[str]] = {}  # part → ids of linked pictures now pointing at the placeholder
    targets: dict[str, dict[str, str]] = {}  # part → relationship type → internal target part
    for name in sorted(parts):
        if name.endswith(".rels"):
            source = _source_of(name)
            parts[name] = _safe_rels(parts[name], source, cut.setdefault(source, set()),
                                     relinked.setdefault(source, set()), targets.setdefault(source, {}))
    slides = _slides_in_order(parts, targets.get("ppt/presentation.xml", {}))
    wanted = set(numbers)
    linked: dict[int, tuple[str, ...]] = {}
    not_drawn: dict[int, str] = {}
    damaged: list[int] = []
    for number, name in enumerate(slides, 1):
        if number not in wanted:
            parts[name] = EMPTY_SLIDE.encode()
            continue
        why = _too_heavy(parts[name], _related(parts, name))
        if why:
            if why == _DAMAGED:
                damaged.append(number)
            else:
                not_drawn[number] = why
            parts[name] = EMPTY_SLIDE.encode()
            continue
        if b'"slidenum"' in parts[name]:
            parts[name] = _literal_slide_numbers(parts[name], number)
        drawn_from = _drawn_from(name, targets)
        kinds = sorted({kind for part in drawn_from for kind in cut.get(part, ()) if kind != "hyperlink"})
        if kinds:
            linked[number] = tuple(kinds)
    # Slides before the first drawn are left out unless a layout or master draws the slide number
    # outside a placeholder (LibreOffice ignores firstSlideNum: the number would be wrong).
    numbered = any(_SLIDE_NUMBER_SHAPE.search(blob) for name, blob in parts.items() if _LAYOUT_OR_MASTER.fullmatch(name))
    first = _keep_range(parts, 1 if numbered else min(numbers), max(numbers)) if numbers and slides else 1
    for name, ids in relinked.items():
        if ids and name in parts and parts[name] != EMPTY_SLIDE.encode():
            parts[name] = _embed_links(parts[name], ids)
    for name, blob in parts.items():
        if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in blob[:65536]:
            parts[name] = _DOCTYPE.sub(b"", blob, count=1)
    if any(relinked.values()):
        parts[PLACEHOLDER_PART] = _placeholder_png()
        parts["[Content_Types].xml"] = _with_png_type(parts.get("[Content_Types].xml", b""))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, blob in parts.items():
            target.writestr(name, blob)
    return RenderCopy(out.getvalue(), linked, not_drawn, tuple(damaged), first)


def _literal_slide_numbers(blob: bytes, number: int) -> bytes:
    """Return the slide's XML with each slide number field written out as the number itself,
    so the slide shows its number in the deck whatever its place in the copy."""
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return blob
    for field_element in list(root.iter(f"{{{_A}}}fld")):
        if field_element.get("type") != "slidenum":
            continue
        run = etree.Element(f"{{{_A}}}r")
        properties = field_element.find(f"{{{_A}}}rPr")
        if properties is not None:
            run.append(properties)
        etree.SubElement(run, f"{{{_A}}}t").text = str(number)
        field_element.getparent().replace(field_element, run)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _keep_range(parts: dict[str, bytes], first: int, last: int) -> int:
    """Leave only slides ``first`` to ``last`` in the presentation's slide list, so LibreOffice
    loads no more of a long deck than it draws (3,000 emptied slides took it past 1 GB). Return
    the number of the copy's first slide: 1 when the presentation part cannot be changed (then
    every slide stays). ``firstSlideNum`` is set too, for a LibreOffice that reads it."""
    blob = parts.get("ppt/presentation.xml")
    try:
        root = etree.fromstring(blob, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return 1
    ids = root.find(f"{{{_P}}}sldIdLst")
    if ids is None:
        return 1
    for position, sld_id in reversed(list(enumerate(ids.findall(f"{{{_P}}}sldId"), 1))):
        if not first <= position <= last:
            ids.remove(sld_id)
    for gone in (f"{{{_P}}}custShowLst", f"{{{_P}}}extLst"):  # custom shows and sections name slides
        for element in root.findall(gone):
            root.remove(element)
    try:
        offset = int(root.get("firstSlideNum") or 1)
    except ValueError:
        offset = 1
    root.set("firstSlideNum", str(offset + first - 1))
    parts["ppt/presentation.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return first


def _source_of(rels_name: str) -> str:
    """Return the part whose relationships ``rels_name`` holds ("" for the package's own)."""
    folder, _, file = rels_name.rpartition("_rels/")
    return (folder + file.removesuffix(".rels")).strip("/") if file != ".rels" else ""


def _safe_rels(blob: bytes, source: str, cut: set[str], relinked: set[str], targets: dict[str, str]) -> bytes:
    """Return the relationships part with every outside relationship cut (see the module)."""
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return b'<Relationships xmlns="%s"/>' % _PR.encode()
    base = posixpath.dirname(source)
    for rel in list(root.iter(_REL)):
        kind_type = rel.get("Type") or ""
        target = (rel.get("Target") or "").strip()
        if not _is_outside(target, rel.get("TargetMode") or "", base):
            path = target.split("#")[0]
            targets.setdefault(kind_type, path.lstrip("/") if path.startswith("/")
                               else posixpath.normpath(posixpath.join(base, path)))
            continue
        kind = next((name for end, name in _KINDS if kind_type.endswith(end)), "link")
        cut.add(kind)
        if kind == "picture":
            rel.set("Target", posixpath.relpath(PLACEHOLDER_PART, base or "."))
            rel.attrib.pop("TargetMode", None)
            relinked.add(rel.get("Id") or "")
        else:
            rel.getparent().remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _is_outside(target: str, mode: str, base: str) -> bool:
    """Return whether a relationship leads outside the package: external, a URL or drive path,
    or a relative path climbing above the package root."""
    if mode.strip().lower() == "external":
        return True
    if _SCHEME.match(target) or target.startswith(("//", "\\")) or "\\" in target:
        return True
    if target.startswith("/"):
        return False  # a part name from the package root
    inside = posixpath.normpath(posixpath.join(base, target))
    return inside == ".." or inside.startswith("../")


def _slides_in_order(parts: dict[str, bytes], presentation_targets: dict[str, str]) -> list[str]:
    """Return the slide part names in show order (the presentation's slide list); slides the
    list does not reach are left out (LibreOffice does not show them either)."""
    rels = parts.get("ppt/_rels/presentation.xml.rels")
    main = parts.get("ppt/presentation.xml")
    if rels is None or main is None:
        return []
    try:
        by_id = {rel.get("Id"): posixpath.normpath(posixpath.join("ppt", rel.get("Target") or "")).lstrip("/")
                 for rel in etree.fromstring(rels, _PARSER).iter(_REL)}
        ids = [e.get(f"{{{_R}}}id") for e in etree.fromstring(main, _PARSER).iterfind(f".//{{{_P}}}sldId")]
    except etree.XMLSyntaxError:
        return []
    return [by_id[i] for i in ids if i in by_id and _SLIDE_PART.fullmatch(by_id[i]) and by_id[i] in parts]


def _too_heavy(blob: bytes, related: tuple[int, int, int]) -> str:
    """Return why a slide is not drawn (in the editor's words), or "" when it may be.

    ``related`` is the XML size, text and chart points of the SmartArt and charts it draws.
    """
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return _DAMAGED
    shapes = cells = chars = 0
    for element in root.iter(_SHAPES | {_CELL, _TEXT}):
        if element.tag == _TEXT:
            chars += len(element.text or "")
        elif element.tag == _CELL:
            cells += 1
        else:
            shapes += 1
    related_bytes, related_chars, points = related
    if shapes > MAX_RENDER_SHAPES:
        return _("it has {count} shapes (more than {limit})").format(count=f"{shapes:,}", limit=f"{MAX_RENDER_SHAPES:,}")
    if cells > MAX_RENDER_TABLE_CELLS:
        return _("its tables have {count} cells (more than {limit})").format(count=f"{cells:,}",
                                                                          limit=f"{MAX_RENDER_TABLE_CELLS:,}")
    if chars + related_chars > MAX_RENDER_TEXT_CHARS:
        return _("it holds {count} characters of text (more than {limit})").format(
            count=f"{chars + related_chars:,}", limit=f"{MAX_RENDER_TEXT_CHARS:,}")
    if related_bytes > MAX_RENDER_RELATED_BYTES:
        return _("its SmartArt and charts hold {size} MB of XML").format(size=related_bytes // 1_000_000)
    if points > MAX_RENDER_CHART_POINTS:
        return _("its charts have {count} data points (more than {limit})").format(
            count=f"{points:,}", limit=f"{MAX_RENDER_CHART_POINTS:,}")
    return ""


def _related(parts: dict[str, bytes], slide: str) -> tuple[int, int, int]:
    """Return the size of the SmartArt and chart XML a slide draws, the characters of the
    SmartArt's text and the charts' data points."""
    rels = parts.get(posixpath.join(posixpath.dirname(slide), "_rels", posixpath.basename(slide) + ".rels"))
    if not rels:
        return 0, 0, 0
    size = chars = points = 0
    for rel in etree.fromstring(rels, _PARSER).iter(_REL):  # made well-formed by _safe_rels
        kind = rel.get("Type") or ""
        if "/diagram" not in kind and not kind.endswith("/chart"):
            continue
        blob = parts.get(posixpath.normpath(posixpath.join(posixpath.dirname(slide), rel.get("Target") or "")), b"")
        size += len(blob)
        if size > MAX_RENDER_RELATED_BYTES or not (kind.endswith("/diagramData") or kind.endswith("/chart")):
            continue  # the drawing part repeats the data's text
        try:
            root = etree.fromstring(blob, _PARSER)
        except etree.XMLSyntaxError:
            continue
        chars += sum(len(t.text or "") for t in root.iter(_TEXT))
        points += sum(1 for _ in root.iter(_CHART_POINT))
    return size, chars, points


def _drawn_from(slide: str, targets: dict[str, dict[str, str]]) -> list[str]:
    """Return the slide part and the layout and master it is drawn on."""
    found = [slide]
    layout = next((t for kind, t in targets.get(slide, {}).items() if kind.endswith("/slideLayout")), None)
    if layout:
        found.append(layout)
        master = next((t for kind, t in targets.get(layout, {}).items() if kind.endswith("/slideMaster")), None)
        if master:
            found.append(master)
    return found


def _embed_links(blob: bytes, ids: set[str]) -> bytes:
    """Return the part's XML with pictures linked by ``ids`` embedded instead (the relationship
    now points at the placeholder inside the package)."""
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return blob
    for element in root.iter(etree.Element):
        rid = element.get(_LINK)
        if rid in ids:
            del element.attrib[_LINK]
            if element.get(_EMBED) is None:
                element.set(_EMBED, rid)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_png_type(blob: bytes) -> bytes:
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return blob
    etree.SubElement(root, f"{{{_CT}}}Override", PartName="/" + PLACEHOLDER_PART, ContentType="image/png")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _placeholder_png(width: int = 16, height: int = 9, grey: int = 200) -> bytes:
    """Return a light grey PNG: what a slide shows where its content was linked from outside."""
    raw = b"".join(b"\x00" + bytes((grey, grey, grey)) * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
