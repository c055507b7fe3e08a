"""Build small real .pptx files with python-pptx at exact positions, for tests.

A slide is a list of shape specs made by the helpers below; positions are in inches on a
13.333 × 7.5 in (16:9) slide.
"""

from __future__ import annotations

import re

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)


@dataclass
class Text:
    left: float
    top: float
    width: float
    height: float
    text: str | list[str]
    size: float | None = 14
    bold: bool = False
    name: str = ""
    href: str | None = None  # a hyperlink on every run


@dataclass
class Title:
    text: str  # in the title placeholder


@dataclass
class Group:
    shapes: list
    name: str = "Group"


@dataclass
class Rect:
    left: float
    top: float
    width: float
    height: float
    shape: str = "RECTANGLE"  # an MSO_SHAPE name: CHEVRON, RIGHT_ARROW …


@dataclass
class Picture:
    left: float
    top: float
    width: float
    height: float
    png: bytes
    description: str = ""
    linked: bool = False  # the picture points at an outside file instead of embedding it
    missing: bool = False  # the picture's relationship points nowhere


@dataclass
class Table:
    left: float
    top: float
    width: float
    height: float
    rows: list[list[str]]


@dataclass
class SmartArt:
    """A SmartArt diagram; ``nodes`` are texts, or (text, [child texts]) for a two-level one."""

    left: float
    top: float
    width: float
    height: float
    nodes: list


@dataclass
class Chart:
    left: float
    top: float
    width: float
    height: float
    categories: list[str]
    series: dict[str, list[float]]
    title: str = ""
    kind: XL_CHART_TYPE = XL_CHART_TYPE.COLUMN_CLUSTERED


@dataclass
class Video:
    left: float
    top: float
    width: float
    height: float
    name: str = ""


@dataclass
class Embedded:
    """An embedded OLE object (an Excel workbook shown as an icon)."""

    left: float
    top: float
    width: float
    height: float


@dataclass
class SlideSpec:
    shapes: list = field(default_factory=list)
    notes: str = ""
    hidden: bool = False


def png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """Return a tiny solid-colour PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _add_text(shapes, spec: Text):
    box = shapes.add_textbox(Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
    if spec.name:
        box.name = spec.name
    lines = spec.text if isinstance(spec.text, list) else [spec.text]
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        if spec.size:
            run.font.size = Pt(spec.size)
        if spec.bold:
            run.font.bold = True
        if spec.href:
            run.hyperlink.address = spec.href
    return box


def _add(shapes, spec, tmp: Path):
    if isinstance(spec, Text):
        return _add_text(shapes, spec)
    if isinstance(spec, Rect):
        from pptx.enum.shapes import MSO_SHAPE
        return shapes.add_shape(getattr(MSO_SHAPE, spec.shape), Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
    if isinstance(spec, Picture):
        path = tmp / f"img-{zlib.crc32(spec.png)}.png"
        path.write_bytes(spec.png)
        pic = shapes.add_picture(str(path), Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
        if spec.description:
            pic._element.nvPicPr.cNvPr.set("descr", spec.description)
        blip = pic._element.find(".//" + qn("a:blip"))
        if spec.linked:
            rid = pic.part.relate_to("file:///C:/Pictures/missing.png", RT.IMAGE, is_external=True)
            del blip.attrib[qn("r:embed")]
            blip.set(qn("r:link"), rid)
        if spec.missing:
            blip.set(qn("r:embed"), "rId999")
        return pic
    if isinstance(spec, Table):
        frame = shapes.add_table(len(spec.rows), len(spec.rows[0]), Inches(spec.left), Inches(spec.top),
                                 Inches(spec.width), Inches(spec.height))
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                frame.table.cell(r, c).text = value
        return frame
    if isinstance(spec, SmartArt):
        return _add_smartart(shapes, spec)
    if isinstance(spec, Chart):
        data = CategoryChartData()
        data.categories = spec.categories
        for name, values in spec.series.items():
            data.add_series(name, values)
        frame = shapes.add_chart(spec.kind, Inches(spec.left), Inches(spec.top), Inches(spec.width),
                                 Inches(spec.height), data)
        if spec.title:
            frame.chart.has_title = True
            frame.chart.chart_title.text_frame.text = spec.title
        return frame
    if isinstance(spec, Video):
        movie = shapes.add_movie(io.BytesIO(b"\x00\x00\x00\x18ftypmp42" + bytes(64)), Inches(spec.left),
                                 Inches(spec.top), Inches(spec.width), Inches(spec.height),
                                 poster_frame_image=io.BytesIO(png()), mime_type="video/mp4")
        if spec.name:
            movie.name = spec.name
        return movie
    if isinstance(spec, Embedded):
        from pptx.enum.shapes import PROG_ID
        return shapes.add_ole_object(io.BytesIO(b"PK\x03\x04 not really a workbook"), PROG_ID.XLSX,
                                     Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
    if isinstance(spec, Group):
        group = shapes.add_group_shape()
        group.name = spec.name
        for child in spec.shapes:
            _add(group.shapes, child, tmp)
        return group
    raise TypeError(spec)


def build_deck(path: Path, slides: list[SlideSpec | list], *, sections: list[tuple[str, list[int]]] | None = None) -> Path:
    """Write a 16:9 deck at ``path``; ``sections`` are (name, 1-based slide numbers)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title_only = prs.slide_layouts[5]
    blank = prs.slide_layouts[6]
    for spec in slides:
        spec = spec if isinstance(spec, SlideSpec) else SlideSpec(list(spec))
        titles = [s for s in spec.shapes if isinstance(s, Title)]
        slide = prs.slides.add_slide(title_only if titles else blank)
        if titles:
            slide.shapes.title.text = titles[0].text
            slide.shapes.title.left, slide.shapes.title.top = Inches(0.5), Inches(0.3)
            slide.shapes.title.width, slide.shapes.title.height = Inches(12), Inches(1)
        for shape in spec.shapes:
            if not isinstance(shape, Title):
                _add(slide.shapes, shape, path.parent)
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
        if spec.hidden:
            slide._element.set("show", "0")
    if sections:
        _add_sections(prs, sections)
    prs.save(str(path))
    return path


def _add_sections(prs, sections):
    p14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
    ids = [sld.get("id") for sld in prs.part._element.findall(qn("p:sldIdLst") + "/" + qn("p:sldId"))]
    ext_lst = prs.part._element.find(qn("p:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(prs.part._element, qn("p:extLst"))
    ext = etree.SubElement(ext_lst, qn("p:ext"), uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    section_lst = etree.SubElement(ext, f"{{{p14}}}sectionLst")
    for n, (name, numbers) in enumerate(sections):
        section = etree.SubElement(section_lst, f"{{{p14}}}section", name=name,
                                   id="{%08d-0000-0000-0000-000000000000}" % n)
        lst = etree.SubElement(section, f"{{{p14}}}sldIdLst")
        for number in numbers:
            etree.SubElement(lst, f"{{{p14}}}sldId", id=ids[number - 1])


_DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_smartart(shapes, spec: SmartArt):
    """Add a SmartArt frame whose text lives, as in PowerPoint, only in a diagram data part."""
    from xml.sax.saxutils import escape

    points, connections = ['<dgm:pt modelId="0" type="doc"><dgm:t><a:bodyPr/><a:p/></dgm:t></dgm:pt>'], []

    def add(text: str, parent: str, order: int) -> str:
        model_id = str(len(points))
        points.append(f'<dgm:pt modelId="{model_id}"><dgm:t><a:bodyPr/><a:p><a:r><a:t>{escape(text)}</a:t>'
                      f'</a:r></a:p></dgm:t></dgm:pt>')
        connections.append(f'<dgm:cxn modelId="c{model_id}" srcId="{parent}" destId="{model_id}" srcOrd="{order}" destOrd="0"/>')
        return model_id

    # Points are stored in reverse, so only the connections give the order.
    for order, node in enumerate(spec.nodes):
        text, children = (node, []) if isinstance(node, str) else node
        parent = add(text, "0", order)
        for child_order, child in enumerate(children):
            add(child, parent, child_order)
    blob = (f'<dgm:dataModel xmlns:dgm="{_DGM}" xmlns:a="{_A}"><dgm:ptLst>{"".join(reversed(points))}</dgm:ptLst>'
            f'<dgm:cxnLst>{"".join(connections)}</dgm:cxnLst></dgm:dataModel>').encode()
    slide_part = shapes.part
    package = slide_part.package
    n = sum(1 for p in package.iter_parts() if str(p.partname).startswith("/ppt/diagrams/")) + 1
    part = Part(PackURI(f"/ppt/diagrams/data{n}.xml"),
                "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml", package, blob)
    rid = slide_part.relate_to(part, RT.DIAGRAM_DATA)
    shape_id = max([int(e.get("id")) for e in shapes._spTree.iter(qn("p:cNvPr"))] + [1]) + 1
    xml = (f'<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
           f'xmlns:a="{_A}" xmlns:r="{_R}"><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Diagram {shape_id}"/>'
           f'<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
           f'<p:xfrm><a:off x="{Inches(spec.left)}" y="{Inches(spec.top)}"/>'
           f'<a:ext cx="{Inches(spec.width)}" cy="{Inches(spec.height)}"/></p:xfrm>'
           f'<a:graphic><a:graphicData uri="{_DGM}"><dgm:relIds xmlns:dgm="{_DGM}" r:dm="{rid}" r:lo="{rid}" '
           f'r:qs="{rid}" r:cs="{rid}"/></a:graphicData></a:graphic></p:graphicFrame>')
    frame = etree.fromstring(xml)
    shapes._spTree.append(frame)
    return frame


# ---------------------------------------------------------------- package variants

SHOW_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def rewrite_parts(source: Path, target: Path, change) -> Path:
    """Copy the package at ``source`` to ``target``, passing each part through ``change(name, bytes)``.

    ``change`` returns the new bytes, or ``None`` to leave the part out.
    """
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return target


def retyped(source: Path, target: Path, main_type: str) -> Path:
    """Copy a deck as a show (.ppsx) or template (.potx): the same parts, another main type."""
    def change(name, data):
        return data.replace(_PRESENTATION_TYPE.encode(), main_type.encode()) if name == "[Content_Types].xml" else data
    return rewrite_parts(source, target, change)


def empty_deck(path: Path) -> Path:
    """Write a deck with no slides at all."""
    Presentation().save(str(path))
    return path


# ---------------------------------------------------------------- projects

def new_project(root: Path, repo: Path = Path(__file__).resolve().parents[1]) -> Path:
    """Return a fresh project folder at ``root``: the repo's mkdocs.yml (its INHERIT of deckdocs'
    embedded config made absolute, so plain ``mkdocs`` reads it there too), an empty ``source_slides/``
    and ``docs/``."""
    (root / "source_slides").mkdir(parents=True)
    (root / "docs").mkdir()
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"^INHERIT: (?!/)", f"INHERIT: {repo}/", config, flags=re.M), encoding="utf-8")
    return root


# Titles for generated item slides; a few name a sequence, so that ordering questions come up.
_ITEM_TITLES = ("要点", "特点", "措施", "要求", "办理步骤", "注意事项", "处理流程", "基本概念")


def item_slides(pool: list[tuple[str, str]], count: int, *, seed: int = 1, per_chapter: int = 5):
    """Return ``count`` content slides of 3–4 items (heading above body, side by side) drawn
    from ``pool`` (heading, body) pairs with a seeded shuffle, and the sections for them."""
    import random

    rng = random.Random(seed)
    slides, sections = [], []
    for n in range(count):
        size = 3 + n % 2
        items = rng.sample(pool, size)
        shapes = [Title(f"{items[0][0][:4]}{_ITEM_TITLES[n % len(_ITEM_TITLES)]}")]
        for i, (heading, body) in enumerate(items):
            x = 0.5 + i * 3.2
            shapes += [Text(x, 2, 3, 0.6, heading, size=18, bold=True), Text(x, 2.8, 3, 2, body)]
        slides.append(SlideSpec(shapes))
        if n % per_chapter == 0:
            sections.append((f"第{len(sections) + 1}部分", []))
        sections[-1][1].append(n + 1)
    return slides, sections
