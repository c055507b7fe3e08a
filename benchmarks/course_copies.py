"""Decks that look like the course at any size: the course's own slides, its content slides repeated.

A deck of ``count`` slides keeps the title slide, the 目录 slide, the six part dividers and the
closing slide, and fills each part with copies of that part's content slides (15–26 shapes, a
picture each) until the deck has ``count`` slides. Every content slide carries speaker notes:
its own (quiz questions included) when the course slide has some, else one line of notes. The
copies share the course's pictures and layouts, as slides copied in PowerPoint do.

Built decks are kept in ``benchmarks/out/`` (gitignored) under a name that holds the course's
hash, so a changed course deck gives new copies.

    python benchmarks/course_copies.py 1000      # prints the path of the 1,000-slide deck
"""

from __future__ import annotations

import copy
import hashlib
import sys
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
OUT = ROOT / "benchmarks" / "out"
PLAIN_NOTES = "本页按从左到右、从上到下的顺序讲解，讲完请学员复述要点。"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def course_copy(count: int, course: Path = COURSE, out_dir: Path = OUT) -> Path:
    """Return a deck of ``count`` slides made from ``course`` (built once, then reused)."""
    digest = hashlib.sha256(course.read_bytes()).hexdigest()[:10]
    path = out_dir / f"course-{count}-{digest}.pptx"
    if not path.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        build_copy(course, count).save(partial)
        partial.replace(path)
    return path


def build_copy(course: Path, count: int):
    """Return the python-pptx presentation of ``count`` slides (not saved)."""
    prs = Presentation(str(course))
    originals = list(prs.slides)
    parts = _parts(originals)
    fixed = 3 + len(parts)  # title, 目录, closing slide and the dividers
    content = [slide for _, slides in parts for slide in slides]
    if count < fixed + len(content):
        raise ValueError(f"a course copy has at least {fixed + len(content)} slides")
    order = [originals[0], originals[1]]
    rounds, extra = divmod(count - fixed, len(content))
    for divider, slides in parts:
        order.append(divider)
        for n in range(rounds + 1):
            order.extend(s for s in slides if n < rounds or content.index(s) < extra)
    order.append(originals[-1])
    for source in order:
        _copy_slide(prs, source, is_content=source in content)
    id_list = prs.slides._sldIdLst
    for entry in list(id_list)[:len(originals)]:  # the originals: their copies are in the deck now
        prs.part.drop_rel(entry.rId)
        id_list.remove(entry)
    return prs


def _parts(slides) -> list[tuple[object, list[object]]]:
    """Return (divider, content slides) per part: a divider is a slide of four shapes or fewer."""
    parts: list[tuple[object, list[object]]] = []
    for slide in slides[2:-1]:
        if len(slide.shapes) <= 4:
            parts.append((slide, []))
        else:
            parts[-1][1].append(slide)
    return parts


def _copy_slide(prs, source, *, is_content: bool) -> None:
    slide = prs.slides.add_slide(source.slide_layout)
    renamed = {}
    for rid, rel in source.part.rels.items():
        if rel.reltype in (RT.SLIDE_LAYOUT, RT.NOTES_SLIDE):
            continue
        if rel.is_external:
            renamed[rid] = slide.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            renamed[rid] = slide.part.relate_to(rel.target_part, rel.reltype)
    c_sld = copy.deepcopy(source.element.cSld)
    for element in c_sld.iter():
        for key, value in element.attrib.items():
            if key.startswith(_R) and value in renamed:
                element.set(key, renamed[value])
    slide.element.replace(slide.element.cSld, c_sld)
    notes = source.notes_slide.notes_text_frame.text if source.has_notes_slide else ""
    if notes or is_content:
        slide.notes_slide.notes_text_frame.text = notes or PLAIN_NOTES


def change_one_slide(deck: Path, number: int = 4, mark: str = "（修订）") -> None:
    """Change one run of text on slide ``number`` of ``deck`` in place, as an editor's small fix."""
    prs = Presentation(str(deck))
    slide = prs.slides[number - 1]
    run = next(r for shape in slide.shapes if shape.has_text_frame
               for p in shape.text_frame.paragraphs for r in p.runs if r.text.strip())
    run.text += mark
    prs.save(str(deck))


if __name__ == "__main__":
    print(course_copy(int(sys.argv[1])))
