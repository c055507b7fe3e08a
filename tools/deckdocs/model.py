"""Plain data passed between the pipeline stages.

read → :class:`Deck` · arrange → :class:`ArrangedSlide` · outline → :class:`Course` ·
render → :class:`OutputFile`. Every value here is a frozen dataclass: stages never mutate
what they are given, and equal inputs give equal outputs.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

EMU_PER_POINT = 12700


@dataclass(frozen=True, order=True)
class Box:
    """A shape's rectangle on the slide, in EMU, in slide coordinates (groups resolved)."""

    left_emu: int
    top_emu: int
    width_emu: int
    height_emu: int

    @property
    def right_emu(self) -> int:
        return self.left_emu + self.width_emu

    @property
    def bottom_emu(self) -> int:
        return self.top_emu + self.height_emu

    @property
    def center_x_emu(self) -> float:
        return self.left_emu + self.width_emu / 2

    @property
    def center_y_emu(self) -> float:
        return self.top_emu + self.height_emu / 2

    @property
    def area_emu2(self) -> int:
        return max(self.width_emu, 0) * max(self.height_emu, 0)

    def overlap_x_emu(self, other: Box) -> int:
        """Return how far the two boxes overlap horizontally (0 when apart)."""
        return max(0, min(self.right_emu, other.right_emu) - max(self.left_emu, other.left_emu))

    def overlap_y_emu(self, other: Box) -> int:
        """Return how far the two boxes overlap vertically (0 when apart)."""
        return max(0, min(self.bottom_emu, other.bottom_emu) - max(self.top_emu, other.top_emu))

    def union(self, other: Box) -> Box:
        """Return the smallest box holding both."""
        left = min(self.left_emu, other.left_emu)
        top = min(self.top_emu, other.top_emu)
        right = max(self.right_emu, other.right_emu)
        bottom = max(self.bottom_emu, other.bottom_emu)
        return Box(left, top, right - left, bottom - top)


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; a line break is a run whose text is ``"\\n"``."""

    text: str
    is_bold: bool = False
    is_italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text frame; ``level`` is the outline (bullet) level from 0.

    ``is_numbered`` marks an auto-numbered list item (``is_bullet`` is then true as well).
    """

    runs: tuple[Run, ...]
    level: int = 0
    is_bullet: bool = False
    is_numbered: bool = False

    @cached_property  # arrange, outline and the quiz ask for it again and again
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def paragraphs_text(paragraphs: tuple[Paragraph, ...]) -> str:
    """Return the paragraphs' plain text, one line each, blank ones dropped."""
    return "\n".join(p.text for p in paragraphs if p.text.strip())


class ShapeKind(str, enum.Enum):
    TEXT = "text"  # any shape with a text frame (text box, placeholder, autoshape with text)
    SHAPE = "shape"  # autoshape, line or connector carrying no text
    PICTURE = "picture"
    TABLE = "table"
    GROUP = "group"
    CHART = "chart"
    DIAGRAM = "diagram"  # SmartArt: its text comes from the diagram data part
    MEDIA = "media"  # video or audio
    OLE = "ole"  # embedded or linked object
    OTHER = "other"


@dataclass(frozen=True)
class Image:
    """A picture's bytes; ``name`` is a stable, content-derived file name."""

    data: bytes = field(repr=False)
    ext: str

    @cached_property
    def sha1(self) -> str:
        return hashlib.sha1(self.data).hexdigest()

    @property
    def name(self) -> str:
        return f"{self.sha1[:16]}.{self.ext}"


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...] = ()
    series: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, values as text)


@dataclass(frozen=True)
class Shape:
    """One shape of a slide as the reader saw it.

    ``placeholder`` names the placeholder type (``title``, ``subtitle``, ``body``,
    ``slide_number``, ``footer``, ``date``, ``object`` …) or is ``None`` for free shapes.
    ``problem`` says what could not be read (a missing or linked image, an unreadable chart)
    when the rest of the shape still is.
    """

    shape_id: int
    name: str
    kind: ShapeKind
    box: Box
    paragraphs: tuple[Paragraph, ...] = ()
    placeholder: str | None = None
    font_size_pt: float | None = None
    is_bold: bool = False
    children: tuple[Shape, ...] = ()
    table: tuple[tuple[str, ...], ...] | None = None
    image: Image | None = None
    chart: Chart | None = None
    description: str = ""
    problem: str | None = None
    geometry: str = ""  # the preset outline of an autoshape ("chevron", "rightArrow"), else ""

    @cached_property
    def text(self) -> str:  # cached: arrange asks for it for every pair of shapes
        return paragraphs_text(self.paragraphs)


def leaf_shapes(shapes: tuple[Shape, ...]) -> Iterator[Shape]:
    """Yield every shape that is not a group, groups opened to any depth, in tree order."""
    for shape in shapes:
        if shape.kind is ShapeKind.GROUP:
            yield from leaf_shapes(shape.children)
        else:
            yield shape


@dataclass(frozen=True)
class Slide:
    number: int  # from 1, in presentation order
    shapes: tuple[Shape, ...]
    notes: str = ""
    is_hidden: bool = False
    layout_name: str = ""
    layout_type: str = ""  # ST_SlideLayoutType: "title", "secHead", "obj" …; "" when the layout has none
    look: str = ""  # a hash of everything drawn on the slide (read.slide_look); "" when unknown


@dataclass(frozen=True)
class Section:
    """A PowerPoint section (``p14:sectionLst``)."""

    name: str
    slide_numbers: tuple[int, ...]


@dataclass(frozen=True)
class ThemeColors:
    """The deck theme's colour scheme (``a:clrScheme``) as ``RRGGBB``; "" for a slot it lacks."""

    dk1: str = ""
    lt1: str = ""
    dk2: str = ""
    lt2: str = ""
    accent1: str = ""
    accent2: str = ""
    accent3: str = ""
    accent4: str = ""
    accent5: str = ""
    accent6: str = ""


@dataclass(frozen=True)
class Deck:
    path: str  # as given; used in messages
    slide_width_emu: int
    slide_height_emu: int
    slides: tuple[Slide, ...]
    sections: tuple[Section, ...] = ()
    title: str = ""  # core properties title, if any
    theme: ThemeColors | None = None  # the first slide master's theme colours, when readable
    problems: tuple[str, ...] = ()  # damaged parts left out (notes, layouts, core properties)
    description: str = ""  # core properties comments (else subject), if any

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- arrange


class Role(str, enum.Enum):
    TITLE = "title"
    HEADING = "item heading"
    BODY = "item body"
    TEXT = "text"
    BADGE = "badge"
    DECORATION = "decoration"
    LEFTOVER = "template leftover"  # 单击此处添加标题, 汇报人：XX: dropped, and the editor is told
    TABLE = "table"
    PICTURE = "picture"
    CHART = "chart"
    OBJECT = "object"


@dataclass(frozen=True)
class Placement:
    """What arrange made of one shape, and why (for ``deckdocs inspect``)."""

    shape_name: str
    role: Role
    reason: str
    text: str = ""


@dataclass(frozen=True)
class Item:
    """A heading with the body that belongs to it."""

    heading: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]

    @property
    def heading_text(self) -> str:
        return " ".join(p.text.strip() for p in self.heading if p.text.strip())

    @property
    def body_text(self) -> str:
        return paragraphs_text(self.body)


@dataclass(frozen=True)
class TextBlock:
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return paragraphs_text(self.paragraphs)


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PictureBlock:
    image: Image | None
    description: str
    name: str
    problem: str | None = None


@dataclass(frozen=True)
class ChartBlock:
    chart: Chart


@dataclass(frozen=True)
class ObjectBlock:
    """Something a page can only name: a video, an embedded object."""

    kind: ShapeKind
    name: str
    description: str = ""


Block = Item | TextBlock | TableBlock | PictureBlock | ChartBlock | ObjectBlock


@dataclass(frozen=True)
class ArrangedSlide:
    number: int
    title: str  # "" when the slide has none
    blocks: tuple[Block, ...]
    notes: str = ""
    placements: tuple[Placement, ...] = ()
    badges: tuple[str, ...] = ()  # e.g. ("PART01",) on a part divider
    arrows: int = 0  # arrow and chevron shapes: a slide of steps joins them with these
    problem: str | None = None  # why the slide was read in plain order (too many shapes …)
    layout: str = ""  # what the layout says the slide is (deckdocs.signals: cover, divider, closing …)

    @cached_property
    def fingerprint(self) -> str:
        """Return a short hash of what the slide contributes to pages."""
        blob = repr((self.title, self.blocks, self.notes)).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]


# ---------------------------------------------------------------- outline


@dataclass(frozen=True)
class SlideSection:
    """A slide as a section of a chapter page, with its anchors."""

    slide: ArrangedSlide
    heading: str  # the slide title, or 幻灯片 N when it has none
    anchor: str
    block_anchors: tuple[str | None, ...]  # one per slide.blocks; items get anchors


@dataclass(frozen=True)
class Chapter:
    number: int  # from 1
    title: str
    stem: str  # file stem, e.g. "01-wei-li-dai-gai-shu"
    sections: tuple[SlideSection, ...]
    anchor: str  # the page title's anchor
    reserved_anchors: tuple[str, ...] = ()

    @property
    def slide_numbers(self) -> tuple[int, ...]:
        return tuple(s.slide.number for s in self.sections)


@dataclass(frozen=True)
class Course:
    source: str  # the deck's file name
    title: str
    subtitle: tuple[str, ...]  # other lines of the title slide
    prefix: str  # folder under docs/ ("" when the site holds one deck)
    front: tuple[ArrangedSlide, ...]  # title and table-of-contents slides
    chapters: tuple[Chapter, ...]
    closing: tuple[ArrangedSlide, ...] = ()
    description: str = ""  # the deck's own description (its properties), if any

    def page_path(self, stem: str) -> str:
        """Return the docs-relative path of one of this course's pages."""
        return f"{self.prefix}/{stem}.md" if self.prefix else f"{stem}.md"


@dataclass(frozen=True)
class CourseCard:
    """What a catalogue of courses shows of one course beside its own outline."""

    course: Course
    questions: int  # 本章自测 questions over all its chapters
    final_questions: int  # its 综合测验's questions
    cover: PictureBlock | None = None  # the cover slide's picture, if it has one


# ---------------------------------------------------------------- render → write


@dataclass(frozen=True)
class SlidePicture:
    """A rendered picture of a slide, kept in docs/ (deckdocs.snapshot)."""

    path: str  # docs-relative POSIX path
    width_px: int
    height_px: int


@dataclass(frozen=True)
class OutputFile:
    """A file for docs/: its docs-relative POSIX path, its bytes, the slides behind it."""

    path: str
    content: bytes = field(repr=False)
    slides: tuple[tuple[int, str], ...] = ()  # (slide number, fingerprint)
    source: str = ""  # the deck it came from
    # For a site-wide file (quiz.md, the glossary) of a several-deck site: (deck, number, fingerprint).
    deck_slides: tuple[tuple[str, int, str], ...] = ()
    # What else the page shows, for the change report (deckdocs.write): (part, hash of what it shows),
    # a part being "question:<slide>:<id>", "term:<name>", "part:<name>" (the home page's course
    # list) or "size:<chapter> quiz size".
    parts: tuple[tuple[str, str], ...] = ()
