"""The committed course deck: the seed text in shape order, designed layouts, a reproducible build.

These tests read source_slides/微粒贷基础知识培训课件课程.pptx with python-pptx directly (not through
deckdocs), so they describe the deck itself: what a naive shape-order dump gives, where headings
sit relative to their bodies, and why a plain position sort is not enough to pair them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE, PP_PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
BUILDER = ROOT / "tests" / "fixtures" / "build_course_deck.py"
SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_NAME_LINE = "文件名称:微粒贷基础知识培训课件课程.pptx"

SLIDE_COUNT = 27
SEED_SLIDES = 18  # slides 1-18 are the ones the seed dump covers
DIVIDERS = (3, 7, 11, 15, 19, 23)
CONTENT_SLIDES = tuple(n for n in range(4, 27) if n not in DIVIDERS)
WRITTEN_SLIDES = range(20, 27)  # slides written for the deck, beyond the seed
EMU_PER_INCH = 914400
TOLERANCE = EMU_PER_INCH // 20  # 0.05 in: "the same top" on a designed slide
FONT = "微软雅黑"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
QUIZ_OPTION = re.compile(r"^- \[( |x)\] \S")


# ---------------------------------------------------------------- reading the deck


@dataclass(frozen=True)
class TextShape:
    """One text-bearing shape with its geometry in EMU and its run styles."""

    text: str
    left: int
    top: int
    width: int
    height: int
    size_pt: float
    is_bold: bool
    is_title_placeholder: bool

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class SlideView:
    """A slide split the way the deck is built: title, badges, (heading, body) items."""

    number: int
    title: TextShape
    badges: tuple[TextShape, ...]
    items: tuple[tuple[TextShape, TextShape], ...]  # (heading, body) in shape-tree order


def leaves(shapes):
    """Yield the shapes in tree order, recursing into groups."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from leaves(shape.shapes)
        else:
            yield shape


def is_slide_number(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER


def naive_dump(slide) -> list[tuple[str, bool]]:
    """Return each non-empty text frame and table cell in tree order, flagged when a slide number."""
    texts = []
    for shape in leaves(slide.shapes):
        if shape.has_text_frame and shape.text_frame.text:
            texts.append((shape.text_frame.text, is_slide_number(shape)))
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += [(cell.text, False) for row in shape.table.rows for cell in row.cells if cell.text]
    return texts


def text_shape(shape) -> TextShape:
    runs = [run for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    is_title = shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                                          PP_PLACEHOLDER.CENTER_TITLE)
    return TextShape(shape.text_frame.text, shape.left, shape.top, shape.width, shape.height,
                     max(run.font.size.pt for run in runs), any(run.font.bold for run in runs), is_title)


def text_shapes(slide) -> list[TextShape]:
    """Return the slide's text shapes in tree order, slide numbers left out."""
    return [text_shape(s) for s in leaves(slide.shapes)
            if s.has_text_frame and s.text_frame.text and not is_slide_number(s)]


def view(slide, number: int) -> SlideView:
    """Split a content slide into title, badges and items (each body comes right before its heading)."""
    shapes = text_shapes(slide)
    title = next((s for s in shapes if s.is_title_placeholder), None) or max(shapes, key=lambda s: s.size_pt)
    badges = tuple(s for s in shapes if re.fullmatch(r"\d{2}", s.text))
    rest = [s for s in shapes if s is not title and s not in badges]
    assert len(rest) % 2 == 0 and all(not b.is_bold and h.is_bold for b, h in zip(rest[::2], rest[1::2])), (
        f"slide {number}: text shapes are not body, heading pairs")
    return SlideView(number, title, badges, tuple(zip(rest[1::2], rest[::2])))


@pytest.fixture(scope="module")
def deck():
    assert DECK.exists(), f"the course deck is not committed at {DECK}; run {BUILDER.relative_to(ROOT)}"
    return Presentation(str(DECK))


@pytest.fixture(scope="module")
def views(deck) -> dict[int, SlideView]:
    return {n: view(deck.slides[n - 1], n) for n in CONTENT_SLIDES}


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    """Return the seed's text lines after its metadata header (基本信息 … 文档摘要)."""
    seeds = [p for p in sorted(SEED_DIR.glob("*.txt")) if SEED_NAME_LINE in p.read_text(encoding="utf-8")]
    if not seeds:
        pytest.skip(f"the seed text of the course deck is not in {SEED_DIR}")
    lines = [line.strip() for line in seeds[0].read_text(encoding="utf-8").split("\n")]
    return [line for line in lines[lines.index("文档摘要") + 1:] if line]


def same(values, tolerance: int = TOLERANCE) -> bool:
    values = list(values)
    return max(values) - min(values) <= tolerance


def is_above(heading: TextShape, body: TextShape) -> bool:
    return (abs(heading.left - body.left) <= TOLERANCE and -TOLERANCE <= body.top - heading.bottom
            <= EMU_PER_INCH * 3 // 10)


def is_left_of(heading: TextShape, body: TextShape) -> bool:
    overlaps = heading.top < body.bottom and body.top < heading.bottom
    return overlaps and 0 <= body.left - heading.right <= EMU_PER_INCH * 6 // 10


# ---------------------------------------------------------------- the text


def test_the_deck_has_27_slides_at_16_by_9(deck):
    assert len(deck.slides) == SLIDE_COUNT
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)


def assert_seed_text(deck, seed_lines) -> None:
    dumped, numbers = [], []
    for n, slide in enumerate(list(deck.slides)[:SEED_SLIDES], start=1):
        for text, is_number in naive_dump(slide):
            (numbers if is_number else dumped).append((n, text))
    assert all(text == str(n) for n, text in numbers)
    texts = [text for _, text in dumped]
    # The seed stops mid-sentence in the last body; the deck completes it and adds its heading.
    assert texts[:len(seed_lines) - 1] == seed_lines[:-1]
    assert texts[len(seed_lines) - 1].startswith(seed_lines[-1])
    assert texts[len(seed_lines):] == ["信息披露"]


def test_a_naive_dump_of_slides_1_to_18_gives_the_seed_text_in_order(deck, seed_lines):
    assert_seed_text(deck, seed_lines)


def test_slide_numbers_are_slidenum_fields_on_content_slides_only(deck):
    for n, slide in enumerate(deck.slides, start=1):
        placeholders = [s for s in slide.shapes if is_slide_number(s)]
        assert len(placeholders) == (1 if n in CONTENT_SLIDES else 0), f"slide {n}"
        for shape in placeholders:
            fields = shape._element.findall(f".//{A}fld[@type='slidenum']")
            assert [f.findtext(f"{A}t") for f in fields] == [str(n)], f"slide {n}"


def test_every_run_names_the_font_for_latin_and_east_asian_text(deck):
    for n, slide in enumerate(deck.slides, start=1):
        for rpr in slide._element.iter(f"{A}rPr"):
            assert rpr.find(f"{A}latin").get("typeface") == FONT, f"slide {n}"
            assert rpr.find(f"{A}ea").get("typeface") == FONT, f"slide {n}"


def test_the_deck_has_no_sections(deck):
    assert b"sectionLst" not in deck.part.blob


# ---------------------------------------------------------------- titles, headings, bodies


def test_titles_sit_in_the_placeholder_on_some_slides_and_in_a_text_box_on_others(views):
    in_placeholder = [n for n, v in views.items() if v.title.is_title_placeholder]
    assert in_placeholder and len(in_placeholder) < len(views)
    for v in views.values():
        others = [s for item in v.items for s in item] + list(v.badges)
        assert 28 <= v.title.size_pt <= 32, f"slide {v.number}"
        assert all(v.title.top < s.top and v.title.size_pt > s.size_pt for s in others), f"slide {v.number}"


def test_each_heading_is_one_short_bold_line_larger_than_its_body(views):
    for v in views.values():
        assert 2 <= len(v.items) <= 5, f"slide {v.number}"
        for heading, body in v.items:
            assert heading.is_bold and 16 <= heading.size_pt <= 18, heading.text
            assert not body.is_bold and 12 <= body.size_pt <= 14, body.text
            assert len(heading.text) <= 20 and not re.search(r"[。，,；;]", heading.text), heading.text
            # one line: the box is no taller than 1.5 lines of its font
            assert heading.height <= heading.size_pt * 1.5 * 12700 + TOLERANCE, heading.text


def test_each_heading_sits_directly_above_or_directly_left_of_its_body(views):
    for v in views.values():
        for heading, body in v.items:
            assert is_above(heading, body) or is_left_of(heading, body), f"slide {v.number}: {heading.text}"


def test_items_read_rows_top_to_bottom_and_left_to_right_in_tree_order(views):
    for v in views.values():
        units = [(min(h.top, b.top), h.left, i) for i, (h, b) in enumerate(v.items)]
        rows: list[list[tuple[int, int, int]]] = []
        for unit in sorted(units):
            if rows and unit[0] - rows[-1][0][0] <= EMU_PER_INCH // 10:
                rows[-1].append(unit)
            else:
                rows.append([unit])
        reading = [i for row in rows for _, _, i in sorted(row, key=lambda u: u[1])]
        assert reading == list(range(len(v.items))), f"slide {v.number}"


def test_a_naive_position_sort_mispairs_headings_on_at_least_six_slides(views):
    mispaired = []
    for v in views.values():
        shapes = sorted((s for item in v.items for s in item), key=lambda s: (s.top, s.left))
        true_body = {id(h): b for h, b in v.items}
        for i, shape in enumerate(shapes):
            if id(shape) in true_body and (i + 1 == len(shapes) or shapes[i + 1] is not true_body[id(shape)]):
                mispaired.append(v.number)
                break
    assert len(mispaired) >= 6, mispaired


# ---------------------------------------------------------------- layout variety


def headings_in_one_row(v: SlideView, count: int) -> bool:
    heads = [h for h, _ in v.items]
    return len(heads) == count and same(h.top for h in heads) and all(is_above(h, b) for h, b in v.items)


def is_list_with_badges_on_the_left(v: SlideView) -> bool:
    heads = [h for h, _ in v.items]
    return (len(heads) >= 3 and same(h.left for h in heads) and len(v.badges) == len(heads)
            and all(b.right < h.left and h.top <= b.top + b.height // 2 <= body.bottom
                    for b, (h, body) in zip(v.badges, v.items)))


def is_flow_with_badges_above(v: SlideView) -> bool:
    return (headings_in_one_row(v, 4) and len(v.badges) == 4
            and all(b.bottom < h.top and abs((b.left + b.right) - (h.left + h.right)) // 2 <= TOLERANCE
                    for b, (h, _) in zip(v.badges, v.items)))


def is_grid_2x2(v: SlideView) -> bool:
    heads = [h for h, _ in v.items]
    return (len(heads) == 4 and len({h.top for h in heads}) == 2 and len({h.left for h in heads}) == 2
            and all(is_above(h, b) for h, b in v.items))


LAYOUTS = {
    "a vertical list with number badges on the left": is_list_with_badges_on_the_left,
    "two columns": lambda v: headings_in_one_row(v, 2),
    "three columns": lambda v: headings_in_one_row(v, 3),
    "four items in one row": lambda v: headings_in_one_row(v, 4) and not v.badges,
    "a five-step flow": lambda v: headings_in_one_row(v, 5),
    "a step flow with a badge above each step": is_flow_with_badges_above,
    "a 2x2 grid": is_grid_2x2,
    "headings beside their bodies": lambda v: all(is_left_of(h, b) for h, b in v.items),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_the_deck_uses_the_layout(views, name):
    assert any(LAYOUTS[name](v) for v in views.values()), name


def test_the_five_step_flow_has_text_less_arrows_between_steps(deck, views):
    arrows = {MSO_SHAPE.CHEVRON, MSO_SHAPE.RIGHT_ARROW}
    flows = [n for n, v in views.items() if headings_in_one_row(v, 5)]
    for n in flows:
        shapes = [s for s in deck.slides[n - 1].shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
        assert sum(s.auto_shape_type in arrows and not s.text_frame.text for s in shapes) >= 4, f"slide {n}"


def test_some_items_are_group_shapes_holding_the_body_then_the_heading(deck):
    groups = [s for n in CONTENT_SLIDES for s in deck.slides[n - 1].shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    texts = [[text_shape(s) for s in g.shapes if s.has_text_frame and s.text_frame.text] for g in groups]
    assert any(len(t) == 2 and not t[0].is_bold and t[1].is_bold for t in texts)


# ---------------------------------------------------------------- pictures, table, notes


def pictures(slide):
    return [s for s in leaves(slide.shapes) if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_every_content_slide_carries_the_same_small_logo_in_a_corner(deck):
    logos = {n: [p for p in pictures(deck.slides[n - 1]) if not p._element.nvPicPr.cNvPr.get("descr")]
             for n in CONTENT_SLIDES}
    assert all(len(found) == 1 for found in logos.values()), logos
    assert len({found[0].image.sha1 for found in logos.values()}) == 1
    inch_and_a_half = EMU_PER_INCH * 3 // 2
    for n, (logo,) in logos.items():
        assert logo.width * logo.height < deck.slide_width * deck.slide_height // 100, f"slide {n}"
        near_x = logo.left < inch_and_a_half or deck.slide_width - (logo.left + logo.width) < inch_and_a_half
        near_y = logo.top < inch_and_a_half or deck.slide_height - (logo.top + logo.height) < inch_and_a_half
        assert near_x and near_y, f"slide {n}"


def test_the_written_slides_hold_one_table_and_one_described_picture(deck):
    slides = [deck.slides[n - 1] for n in WRITTEN_SLIDES]
    tables = [s.table for slide in slides for s in slide.shapes if getattr(s, "has_table", False) and s.has_table]
    assert len(tables) == 1
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert 3 <= len(rows) <= 5 and all(all(row) and re.search(r"[\u4e00-\u9fff]", "".join(row)) for row in rows)
    described = [p for slide in slides for p in pictures(slide) if p._element.nvPicPr.cNvPr.get("descr")]
    assert len(described) == 1 and re.search(r"[\u4e00-\u9fff]", described[0]._element.nvPicPr.cNvPr.get("descr"))
    assert described[0].width > 4 * EMU_PER_INCH


def quiz_blocks(notes: str) -> list[list[str]]:
    blocks = [block.strip("\n").split("\n") for block in re.split(r"\n[ \t]*\n", notes)]
    return [block for block in blocks if block[0].startswith("问题：")]


def test_notes_hold_well_formed_quiz_questions_in_at_least_five_parts(deck):
    parts = set()
    for n in CONTENT_SLIDES:
        slide = deck.slides[n - 1]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        for block in quiz_blocks(notes):
            options = block[1:-1] if block[-1].startswith("解析：") else block[1:]
            assert len(options) >= 2 and all(QUIZ_OPTION.match(line) for line in options), block
            assert any(line.startswith("- [x]") for line in options), block
            parts.add((n - 3) // 4 + 1)
    assert len(parts) >= 5, parts


def test_some_notes_carry_presenter_text_besides_questions(deck):
    presenter = [n for n in CONTENT_SLIDES if deck.slides[n - 1].has_notes_slide and any(
        not block.startswith("问题：")
        for block in re.split(r"\n[ \t]*\n", deck.slides[n - 1].notes_slide.notes_text_frame.text))]
    assert len(presenter) >= 3


# ---------------------------------------------------------------- the build


def build(out: Path) -> Path:
    result = subprocess.run([sys.executable, str(BUILDER), str(out)], check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("rebuilt") / "deck.pptx")


def test_the_script_still_builds_the_reconstruction_from_the_seed(rebuilt, seed_lines):
    # The committed .pptx is the source of truth editors open in PowerPoint, so it may move on
    # from the script; the script stays a faithful record of how the reconstruction was made.
    rebuilt_deck = Presentation(str(rebuilt))
    assert len(rebuilt_deck.slides) == SLIDE_COUNT
    assert_seed_text(rebuilt_deck, seed_lines)


def test_building_twice_gives_the_same_bytes(rebuilt, tmp_path):
    assert build(tmp_path / "again.pptx").read_bytes() == rebuilt.read_bytes()


def test_libreoffice_converts_the_deck_to_pdf(deck, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) is not installed")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(DECK)], check=False, capture_output=True, text=True, timeout=300)
    pdf = tmp_path / (DECK.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == SLIDE_COUNT
