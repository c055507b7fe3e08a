"""Slide pictures (deckdocs.snapshot): rendered once per look, kept in docs/, stale without LibreOffice.

Most tests swap LibreOffice for a fake renderer that records what it was asked for; one test
runs the real LibreOffice and pdftoppm on a tiny deck (skipped without them, failed in CI).
"""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from decks import Picture, SlideSpec, Text, Title, build_deck, png
from deckdocs import snapshot
from deckdocs.cli import main
from deckdocs.read import read_deck

RED, GREEN, BLUE, YELLOW = (220, 0, 0), (0, 170, 0), (0, 0, 220), (240, 220, 0)


def colour_deck(path, fourth=BLUE, notes=""):
    """A cover, then a red slide, a hidden green one and a ``fourth``-coloured one."""
    def coloured(title, rgb, **kwargs):
        return SlideSpec([Title(title), Picture(0.5, 1.5, 12.3, 5.5, png(16, 9, rgb))], **kwargs)
    return build_deck(path, [SlideSpec([Title("颜色课程")]), coloured("红色页", RED, notes=notes),
                             coloured("绿色页", GREEN, hidden=True), coloured("第四页", fourth)])


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "source_slides").mkdir()
    colour_deck(tmp_path / "source_slides" / "course.pptx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def renders(monkeypatch):
    """Replace LibreOffice with a fake: every call's slide numbers are recorded."""
    calls = []

    def fake_render(deck, numbers, soffice, seconds):
        calls.append(numbers)
        out = {}
        for n in numbers:
            buffer = io.BytesIO()
            Image.new("RGB", (64, 36), (n * 40 % 256, 0, 0)).save(buffer, "WEBP")
            out[n] = buffer.getvalue()
        return snapshot.Rendering(out)

    monkeypatch.setattr(snapshot, "render_slides", fake_render)
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "soffice-fake")
    return calls


def pictures_on_page(root) -> list[str]:
    page = (root / "docs" / "01-yan-se-ke-cheng.md")
    if not page.exists():
        page = next(p for p in (root / "docs").glob("*.md") if "dd-slide-picture" in p.read_text("utf-8"))
    return [line.split("](")[1].split(")")[0] for line in page.read_text("utf-8").splitlines()
            if line.startswith("![幻灯片")]


def test_each_section_shows_its_slide_picture_and_unchanged_slides_are_never_rendered_again(project, renders, capsys):
    assert main(["extract"]) == 0
    assert renders == [(2, 4)]  # hidden slide 3 and the cover have no section
    shown = pictures_on_page(project)
    assert len(shown) == 2 and all(p.startswith("assets/slides/") and p.endswith(".webp") for p in shown)
    assert all((project / "docs" / p).is_file() for p in shown)
    manifest = json.loads((project / "docs" / ".deckdocs-manifest.json").read_text("utf-8"))["files"]
    assert all(p in manifest for p in shown)
    assert "rendered course.pptx slides 2, 4" in capsys.readouterr().out

    assert main(["extract"]) == 0
    assert renders == [(2, 4)]  # nothing changed: LibreOffice is not started
    assert "nothing changed" in capsys.readouterr().out


def test_a_notes_edit_changes_the_page_but_not_the_picture(project, renders):
    assert main(["extract"]) == 0
    colour_deck(project / "source_slides" / "course.pptx", notes="新的讲者备注。")
    assert main(["extract"]) == 0
    assert renders == [(2, 4)]


def test_a_changed_slide_alone_is_rendered_again_and_its_old_picture_removed(project, renders):
    assert main(["extract"]) == 0
    before = pictures_on_page(project)
    colour_deck(project / "source_slides" / "course.pptx", fourth=YELLOW)
    assert main(["extract"]) == 0
    assert renders == [(2, 4), (4,)]
    after = pictures_on_page(project)
    assert after[0] == before[0] and after[1] != before[1]
    assert not (project / "docs" / before[1]).exists()


def test_without_libreoffice_a_changed_slide_keeps_its_picture_and_check_notes_it(project, renders, monkeypatch, capsys):
    assert main(["extract"]) == 0
    before = pictures_on_page(project)
    colour_deck(project / "source_slides" / "course.pptx", fourth=YELLOW)
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "")
    capsys.readouterr()
    assert main(["extract"]) == 0
    assert renders == [(2, 4)]
    assert pictures_on_page(project) == before
    assert "slide pictures out of date: course.pptx slide 4" in capsys.readouterr().err

    assert main(["check"]) == 0  # the pages match; a late picture is a note, not a failure
    out, err = capsys.readouterr()
    assert "matches the decks" in out and "out of date: course.pptx slide 4" in err

    monkeypatch.setenv(snapshot.SOFFICE_ENV, "soffice-fake")  # LibreOffice again: the picture catches up
    assert main(["extract"]) == 0
    assert renders == [(2, 4), (4,)]
    assert main(["check"]) == 0
    assert "out of date" not in capsys.readouterr().err


def test_a_site_that_never_had_pictures_says_nothing_about_them(project, monkeypatch, capsys):
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "")
    assert main(["extract"]) == 0
    assert pictures_on_page(project) == []
    assert capsys.readouterr().err == ""


def test_the_look_changes_with_what_is_drawn_not_with_the_notes(tmp_path):
    a = read_deck(colour_deck(tmp_path / "a.pptx"))
    b = read_deck(colour_deck(tmp_path / "b.pptx", notes="备注"))
    c = read_deck(colour_deck(tmp_path / "c.pptx", fourth=YELLOW))
    assert [s.look for s in a.slides] == [s.look for s in b.slides]
    assert [s.look for s in a.slides][:3] == [s.look for s in c.slides][:3]
    assert a.slides[3].look != c.slides[3].look
    assert len({s.look for s in a.slides}) == 4


def test_a_slide_showing_its_number_looks_different_once_it_moves(tmp_path):
    from pptx import Presentation

    path = build_deck(tmp_path / "n.pptx", [SlideSpec([Title("一")]), SlideSpec([Title("二"), Text(1, 2, 5, 1, "正文")])])
    prs = Presentation(str(path))
    slide = prs.slides[1]
    slide.shapes.title._element.xpath(".//a:r")[0].addnext(
        slide.shapes.title._element.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}fld",
                                                {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"}))
    prs.save(str(path))
    first = read_deck(path).slides[1].look
    prs = Presentation(str(path))
    ids = prs.slides._sldIdLst
    ids.insert(0, ids[1])  # the numbered slide moves to the front
    prs.save(str(path))
    assert read_deck(path).slides[0].look != first


# ---------------------------------------------------------------- the real LibreOffice


def colour_at_centre(data: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "WEBP"
        assert image.width == snapshot.WIDTH_PX
        return image.convert("RGB").getpixel((image.width // 2, image.height * 3 // 5))


def is_near(rgb, target) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(rgb, target))


def test_libreoffice_renders_each_slide_to_its_own_number_past_a_hidden_slide(tmp_path, soffice):
    deck = colour_deck(tmp_path / "course.pptx")
    pictures = snapshot.render_slides(deck, (2, 3, 4), soffice).pictures
    assert is_near(colour_at_centre(pictures[2]), RED)
    assert is_near(colour_at_centre(pictures[3]), GREEN)  # a hidden slide still has its page
    assert is_near(colour_at_centre(pictures[4]), BLUE)
    only = snapshot.render_slides(deck, (4,), soffice).pictures  # one page exported, still slide 4
    assert list(only) == [4] and is_near(colour_at_centre(only[4]), BLUE)


def test_a_slide_that_looks_the_same_in_two_decks_is_rendered_and_stored_once(project, renders):
    colour_deck(project / "source_slides" / "second.pptx", fourth=YELLOW)  # slide 2 the same red slide
    assert main(["extract"]) == 0
    assert renders == [(2, 4), (4,)]  # the second deck's red slide is the first deck's picture
    pictures = sorted((project / "docs").rglob("*.webp"))
    assert len(pictures) == 3 and {p.parent.relative_to(project / "docs").as_posix() for p in pictures} == {"assets/slides"}
    shown = {}
    for page in (project / "docs").rglob("0*.md"):
        for line in page.read_text("utf-8").splitlines():
            if line.startswith("![幻灯片"):
                target = line.split("](")[1].split(")")[0]
                assert (page.parent / target).resolve().is_file(), (page, target)
                shown.setdefault(page.parent.name, []).append((page.parent / target).resolve())
    assert len(shown) == 2 and len({path for paths in shown.values() for path in paths}) == 3

    assert main(["extract"]) == 0  # nothing changed: nothing rendered, nothing moves
    assert renders == [(2, 4), (4,)]
    assert sorted((project / "docs").rglob("*.webp")) == pictures


def test_slides_left_when_the_run_is_out_of_time_are_noted_once_and_drawn_by_the_next_run(project, renders, monkeypatch,
                                                                                         capsys):
    monkeypatch.setattr(snapshot, "BATCH_SLIDES", 1)
    monkeypatch.setattr(snapshot, "RUN_SECONDS", snapshot.MIN_BATCH_SECONDS + 0.5)
    real_render = snapshot.render_slides

    def slow(deck, numbers, soffice, seconds):
        import time
        time.sleep(1)  # the first slide spends the run's time
        return real_render(deck, numbers, soffice, seconds)

    monkeypatch.setattr(snapshot, "render_slides", slow)
    assert main(["extract"]) == 0
    assert renders == [(2,)]
    err = capsys.readouterr().err
    assert err.count("no time was left in this run to draw slide 4") == 1, err
    monkeypatch.setattr(snapshot, "RUN_SECONDS", 40)
    assert main(["extract"]) == 0
    assert renders == [(2,), (4,)]
