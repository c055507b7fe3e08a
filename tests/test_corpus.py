"""Real-world decks (../shared/corpus): every readable one converts and keeps its text, every
unreadable one gets its one-line message.

Recall is measured against what python-pptx exposes of each visible slide: the text of every
shape (groups recursed, tables cell by cell, placeholders except slide number, date, footer
and header), chart titles, SmartArt text from the diagram data part, and the speaker notes
learners read (stage directions are for the trainer's handout only: deckdocs.speaker_notes).
Each source line must appear in the generated markdown once markup and escapes are removed;
recall is the share of characters (whitespace ignored) whose line was found, as often as the
deck has it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from decks import Text, Title, build_deck
from deckdocs import convert
from deckdocs.cli import main
from deckdocs.package import checked_package
from deckdocs.speaker_notes import learner_parts

pytestmark = pytest.mark.corpus

# As in conftest.py; not imported from it, since tests/browser has a conftest module too.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

MIN_RECALL = 0.99
BROKEN = {  # file → what its one-line message must say
    "tika__testPPT_protected_passtika.pptx": "the deck is password-protected. Remove the password",
    "poi__Divino_Revelado.pptx": "the file is damaged (truncated, or not a complete zip package)",
    "poi__clusterfuzz-POIXSLFFuzzer-6254434927378432.pptx": "the file is damaged",
    "openxmlsdk__strict_Photo_Album3.pptx": "the deck is saved as Strict Open XML, which deckdocs cannot read. "
                                            "In PowerPoint use File > Save As",
    "poi__basic_test_ppt_file.ppt-renamed.pptx": "this is an old binary PowerPoint 97-2003 file (.ppt), not .pptx. "
                                                 "Open it in PowerPoint, WPS or LibreOffice and save it as .pptx",
    "pythonpptx__no-slides.pptx": "the deck has no slides. Add slides",
}


def corpus_names() -> list:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"the real-world corpus is not at {CORPUS}"))]
    with manifest.open(encoding="utf-8") as f:
        return [row["filename"] for row in csv.DictReader(f, delimiter="\t")]


READABLE = [n for n in corpus_names() if not isinstance(n, str) or n not in BROKEN]
UNREADABLE = sorted(BROKEN) if (CORPUS / "MANIFEST.tsv").exists() else corpus_names()


# ---------------------------------------------------------------- the yardstick: python-pptx

_DECORATIVE = {PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.HEADER}
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R_DM = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}dm"


def shape_lines(shape):
    if shape.is_placeholder and shape.placeholder_format.type in _DECORATIVE:
        return
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for child in shape.shapes:
            yield from shape_lines(child)
        return
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                yield cell.text
        return
    if getattr(shape, "has_chart", False) and shape.has_chart:
        chart = shape.chart
        if chart.has_title and chart.chart_title.has_text_frame:
            yield chart.chart_title.text_frame.text
        return
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        yield shape.text_frame.text
    relids = shape._element.find(f".//{_DGM}relIds")
    if relids is not None:
        data = etree.fromstring(shape.part.related_part(relids.get(_R_DM)).blob)
        for point in data.iter(f"{_DGM}pt"):
            if point.get("type") in (None, "node", "asst", "doc"):
                for p in point.iterfind(f"{_DGM}t/{_A}p"):
                    yield "".join(t.text or "" for t in p.iter(f"{_A}t"))


def slide_lines(path: Path) -> dict[int, list[str]]:
    """Return each visible slide's text lines as python-pptx exposes them, whitespace removed."""
    prs = Presentation(io.BytesIO(checked_package(path.read_bytes(), str(path))))
    by_slide = {}
    for number, slide in enumerate(prs.slides, 1):
        if slide._element.get("show") in ("0", "false"):
            continue  # hidden slides are left out of the site, by design
        texts = []
        for shape in slide.shapes:
            texts.extend(shape_lines(shape))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            # what learners read of the notes: stage directions are the trainer's (deckdocs pdf --notes)
            notes = slide.notes_slide.notes_text_frame.text.replace("\v", "\n")
            texts.extend(part.text for part in learner_parts(notes))
        lines = (squash(line) for text in texts for line in re.split(r"[\n\v]", text))
        by_slide[number] = [line for line in lines if line]
    return by_slide


def source_lines(path: Path) -> Counter:
    """Return the visible slides' text lines, whitespace removed, counted over the deck."""
    return Counter(line for lines in slide_lines(path).values() for line in lines)


# ---------------------------------------------------------------- the markdown, markup removed

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_ATTR_LIST = re.compile(r"\{ #[^}]*\}")
_OUR_TAGS = re.compile(r"</?(?:p|br)\b[^>]*>")
_LINK_TARGET = re.compile(r"\]\(<[^>]*>\)")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&#63;": "?", "&#61;": "=", "&#58;": ":", "&#126;": "~",
             "&quot;": '"'}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


def plain_text(markdown: str) -> str:
    """Return the text a reader sees: escapes resolved, our markup (* [ | headings' anchors) gone."""
    text = _LINK_TARGET.sub("", _OUR_TAGS.sub("\n", _ATTR_LIST.sub("", _FRONT_MATTER.sub("", markdown))))
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if char not in "*[|":  # unescaped, these are markup deckdocs wrote
            out.append(char)
        i += 1
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], "".join(out))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class SiteText(str):
    """The plain text of every page made from a deck, whitespace removed; ``warned`` holds the
    squashed warnings of each slide (a line left off the site with a warning is not lost)."""

    warned: dict[int, str]


def site_text(path: Path) -> SiteText:
    conversion = convert([path])
    text = SiteText(squash("\n".join(plain_text(f.content.decode("utf-8")) for f in conversion.files
                                     if f.path.endswith(".md"))))
    text.warned = {}
    for problem in conversion.problems:
        if problem.slide is not None:
            text.warned[problem.slide] = text.warned.get(problem.slide, "") + squash(problem.message)
    return text


def lost_by_slide(path: Path, found_in: SiteText | None = None) -> dict[int, list[str]]:
    """Return, for each visible slide that lost any, the lines of it found on no page and in
    no warning about that slide.

    Recall over the whole deck can hide one slide lost whole (a divider's body, say); this
    asks every slide, dividers included. ``found_in`` is :func:`site_text` when already made.
    """
    found_in = site_text(path) if found_in is None else found_in
    lost = {n: [line for line in lines if line not in found_in and line not in found_in.warned.get(n, "")]
            for n, lines in slide_lines(path).items()}
    return {n: lines for n, lines in lost.items() if lines}


def recall(path: Path, found_in: str | None = None) -> tuple[float, int, list[str]]:
    """Return (recall, characters in the deck, lines not found)."""
    wanted = source_lines(path)
    found_in = site_text(path) if found_in is None else found_in
    total = sum(len(line) * n for line, n in wanted.items())
    kept, lost = 0, []
    for line, n in wanted.items():
        found = min(n, found_in.count(line))
        kept += len(line) * found
        lost += [line] * (n - found)
    return (kept / total if total else 1.0), total, lost


# ---------------------------------------------------------------- tests


def test_plain_text_undoes_escapes_and_markup():
    assert plain_text('---\ntitle: "x"\n---\n## 标题 { #biao-ti }\n\\# 不是标题 **粗** \\*星\\* a\\|b &lt;b&gt;') == \
        "## 标题 \n# 不是标题 粗 *星* a|b <b>"


@pytest.mark.parametrize("name", READABLE)
def test_every_readable_deck_converts_and_keeps_its_text(name, corpus_dir):
    text = site_text(corpus_dir / name)
    ratio, total, lost = recall(corpus_dir / name, text)
    assert ratio >= MIN_RECALL, f"{name}: recall {ratio:.4f} of {total} characters; lost {lost[:5]}"
    assert lost_by_slide(corpus_dir / name, text) == {}, "every visible slide keeps every line, dividers included"


def test_slides_titled_like_agenda_entries_keep_their_text(tmp_path):
    members = ["Alice Smith, Chair", "Bob Jones, Treasurer", "Carol White, Secretary"]
    path = build_deck(tmp_path / "board.pptx", [
        [Title("Annual Board Meeting"), Text(1, 2, 8, 1, "March 2024")],
        [Title("Agenda"), Text(1, 1.5, 8, 3, ["Jurisdictional Updates", "New Business"])],
        [Title("Jurisdictional Updates"), Text(1, 1.5, 8, 4, members)],
        [Title("Membership"), Text(1, 1.5, 8, 2, "Two new members joined the board this year.")],
        [Title("New Business")],
        [Title("Budget"), Text(1, 1.5, 8, 2, "The budget for next year is approved.")],
    ])
    assert lost_by_slide(path) == {}
    text = site_text(path)
    assert all(squash(m) in text for m in members)


@pytest.mark.parametrize("name", UNREADABLE)
def test_every_unreadable_deck_gets_its_one_line_message(name, corpus_dir, tmp_path, capsys):
    path = corpus_dir / name
    assert main(["extract", str(path), "--docs", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"deckdocs: error: {path}: {BROKEN[name]}")
    assert not (tmp_path / "docs").exists()


def pages(path: Path) -> str:
    return "\n".join(f.content.decode("utf-8") for f in convert([path]).files if f.path.endswith(".md"))


def test_a_slide_show_file_is_accepted(corpus_dir, tmp_path, capsys):
    assert main(["extract", str(corpus_dir / "poi__testPPT.ppsx"), "--docs", str(tmp_path / "docs")]) == 0
    assert list((tmp_path / "docs").glob("0*.md"))


@pytest.mark.parametrize("name, hidden_text", [
    ("poi__60810.pptx", "Everyone has a unique set of talents."),
    ("poi__2411-Performance_Up.pptx", "Monitoring Solaris: SE Toolkit"),
    ("tika__testPPT_various2.pptx", "This slide is hidden"),
])
def test_hidden_slides_are_left_out(corpus_dir, name, hidden_text):
    assert squash(hidden_text) not in squash(plain_text(pages(corpus_dir / name)))


def test_videos_linked_pictures_and_ole_objects_become_notes_for_the_reader(corpus_dir):
    assert '!!! info "视频或音频"' in pages(corpus_dir / "poi__EmbeddedVideo.pptx")
    assert '!!! warning "图片无法显示"' in pages(corpus_dir / "openxmlsdk__linkedpicture.pptx")
    assert '!!! info "嵌入对象"' in pages(corpus_dir / "poi__bug64693.pptx")


def test_charts_python_pptx_cannot_plot_still_give_their_data(corpus_dir):
    text = pages(corpus_dir / "docling__pptx_chart.pptx")
    assert "（图表数据无法读取）" not in text and "| Q1 | 10 |" in text


def test_a_line_left_off_the_site_with_a_warning_is_not_lost(course_deck):
    text = site_text(course_deck)
    assert squash("汇报人:XX") not in text and squash("汇报人:XX") in text.warned[1]
    lost = lost_by_slide(course_deck, text)
    assert squash("汇报人:XX") not in lost.get(1, []) and squash("汇报人:XX") not in lost.get(27, [])
