"""Pictures, charts and SmartArt: what they show, from their own parts."""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

from deckdocs.messages import _
from deckdocs.model import Chart, Image, Paragraph
from deckdocs.read.text import one_line, read_paragraph
from deckdocs.read.ooxml import A_BLIP, A_GRAPHIC_DATA, A_P, NS, R_EMBED, R_LINK, SAFE_XML


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


def read_image(shape) -> tuple[Image | None, str | None]:
    blip = next(shape._element.iter(A_BLIP), None)
    if blip is None:
        return None, _("the picture has no image data")
    if blip.get(R_EMBED) is None and blip.get(R_LINK) is not None:
        return None, _("the picture is linked to an outside file, not embedded")
    try:
        data = shape.image.blob
    except Exception:  # dangling rId, missing part
        return None, _("the picture's image is missing from the deck")
    ext, name = image_format(data)
    if ext is None:
        return None, _("the picture is in {format} format, which browsers cannot show").format(format=name)
    return Image(data, ext), None


def read_chart(chart_space) -> tuple[Chart, str | None]:
    """Return a chart's title and the data cached in its part, for any chart type.

    The cache (``c:strCache``/``c:numCache``) is what PowerPoint draws; the embedded workbook
    is not opened. Scatter charts use the x values as categories.
    """
    c = NS["c"]
    title = _chart_title(chart_space)
    series, categories = [], ()
    for ser in chart_space.iterfind(f".//{{{c}}}plotArea/*/{{{c}}}ser"):
        name = " ".join(_cache_points(ser.find(f"{{{c}}}tx"))) or (ser.findtext(f"{{{c}}}tx/{{{c}}}v") or "")
        values = _cache_points(ser.find(f"{{{c}}}val")) or _cache_points(ser.find(f"{{{c}}}yVal"))
        if not categories:
            categories = _cache_points(ser.find(f"{{{c}}}cat")) or _cache_points(ser.find(f"{{{c}}}xVal"))
        series.append((one_line(name), tuple(_number(v) for v in values)))
    deleted = chart_space.find(f"{{{c}}}chart/{{{c}}}autoTitleDeleted")
    if not title and len(series) == 1 and (deleted is None or deleted.get("val") in ("0", "false")):
        title = series[0][0]  # PowerPoint titles a one-series chart with its series' name
    if not series:
        return Chart(title), _("the chart holds no data")
    return Chart(title, tuple(one_line(x) for x in categories), tuple(series)), None


def _chart_title(chart_space) -> str:
    c = NS["c"]
    title = chart_space.find(f"{{{c}}}chart/{{{c}}}title")
    if title is None:
        return ""
    rich = [read_paragraph(p, None).text for p in title.iter(A_P)]
    return one_line(" ".join(rich)) or one_line(" ".join(_cache_points(title)))


def _cache_points(element) -> tuple[str, ...]:
    """Return the cached point values under ``element`` in index order ("" for gaps)."""
    if element is None:
        return ()
    c = NS["c"]
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


def diagram_paragraphs(shape) -> tuple[tuple[Paragraph, ...], str | None]:
    """Return SmartArt text, which lives in the diagram data part, not on the slide.

    Nodes come in the diagram's own order (the parent-of connections, by ``srcOrd``), as
    bullets nested by depth.
    """
    ref = next(shape._element.iter(A_GRAPHIC_DATA)).find("dgm:relIds", NS)
    rid = ref.get(qn("r:dm")) if ref is not None else None
    if not rid:
        return (), _("the SmartArt has no data part")
    try:
        part = shape.part.related_part(rid)
        root = etree.fromstring(part.blob, SAFE_XML)
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return (), _("the SmartArt data is missing or damaged")
    points = {pt.get("modelId"): pt for pt in root.iterfind("dgm:ptLst/dgm:pt", NS)
              if pt.get("type") in (None, "node", "asst", "doc")}
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iterfind("dgm:cxnLst/dgm:cxn", NS):
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
        for p in points[model_id].iterfind("dgm:t/a:p", NS):
            paragraph = read_paragraph(p, None, 0 if is_doc else max(depth - 1, 0))
            if paragraph.text.strip():
                paragraphs.append(Paragraph(paragraph.runs, paragraph.level, is_bullet=not is_doc))
    return tuple(paragraphs), None
