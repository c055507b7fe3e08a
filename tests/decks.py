"""Build small real .pptx files with python-pptx at exact positions, for tests.

A slide is a list of shape specs made by the helpers below; positions are in inches on a
13.333 × 7.5 in (16:9) slide.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.util import Inches, Pt
from pptx.oxml.ns import qn

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


@dataclass
class Picture:
    left: float
    top: float
    width: float
    height: float
    png: bytes
    description: str = ""


@dataclass
class Table:
    left: float
    top: float
    width: float
    height: float
    rows: list[list[str]]


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
    return box


def _add(shapes, spec, tmp: Path):
    if isinstance(spec, Text):
        return _add_text(shapes, spec)
    if isinstance(spec, Rect):
        from pptx.enum.shapes import MSO_SHAPE
        return shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
    if isinstance(spec, Picture):
        path = tmp / f"img-{zlib.crc32(spec.png)}.png"
        path.write_bytes(spec.png)
        pic = shapes.add_picture(str(path), Inches(spec.left), Inches(spec.top), Inches(spec.width), Inches(spec.height))
        if spec.description:
            pic._element.nvPicPr.cNvPr.set("descr", spec.description)
        return pic
    if isinstance(spec, Table):
        frame = shapes.add_table(len(spec.rows), len(spec.rows[0]), Inches(spec.left), Inches(spec.top),
                                 Inches(spec.width), Inches(spec.height))
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                frame.table.cell(r, c).text = value
        return frame
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
