"""`deckdocs check` names LibreOffice missing only where the renderer (snapshot.find_soffice)
would not find it: check never renders, so stale slide pictures are a note either way."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from decks import Picture, SlideSpec, Title, build_deck, png
from deckdocs import snapshot
from deckdocs.cli import main


def deck(path, rgb):
    return build_deck(path, [SlideSpec([Title("颜色课程")]),
                             SlideSpec([Title("彩色页"), Picture(0.5, 1.5, 12.3, 5.5, png(16, 9, rgb))])])


@pytest.fixture
def stale_picture(tmp_path, monkeypatch, capsys):
    """A project whose docs/ has a picture of slide 2, then slide 2 recoloured: its picture is out of date."""
    (tmp_path / "source_slides").mkdir()
    deck(tmp_path / "source_slides" / "course.pptx", (220, 0, 0))
    monkeypatch.chdir(tmp_path)

    def fake_render(deck_path, numbers, soffice, seconds):
        out = {}
        for n in numbers:
            buffer = io.BytesIO()
            Image.new("RGB", (64, 36), (200, 0, 0)).save(buffer, "WEBP")
            out[n] = buffer.getvalue()
        return snapshot.Rendering(out)

    monkeypatch.setattr(snapshot, "render_slides", fake_render)
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "soffice-fake")
    assert main(["extract"]) == 0
    deck(tmp_path / "source_slides" / "course.pptx", (0, 0, 220))
    capsys.readouterr()
    return tmp_path


def test_check_on_a_machine_with_libreoffice_says_to_run_extract_not_to_install_it(stale_picture, monkeypatch, capsys):
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "/usr/bin/soffice")
    code = main(["check"])
    _, err = capsys.readouterr()
    note = next(line for line in err.splitlines() if "slide pictures" in line)
    assert "out of date: course.pptx slide 2" in note
    assert "not installed" not in note and "run `deckdocs extract` to render them (with /usr/bin/soffice)" in note
    assert code == 1  # the recoloured picture on the page is stale too


def test_check_where_the_renderer_finds_no_libreoffice_says_it_is_not_installed(stale_picture, monkeypatch, capsys):
    monkeypatch.setenv(snapshot.SOFFICE_ENV, "")  # find_soffice: set and empty means none
    main(["check"])
    _, err = capsys.readouterr()
    note = next(line for line in err.splitlines() if "slide pictures" in line)
    assert "out of date: course.pptx slide 2" in note and "LibreOffice is not installed here" in note


def test_check_follows_the_path_lookup_when_nothing_is_configured(stale_picture, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(snapshot.SOFFICE_ENV)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    main(["check"])
    note = next(line for line in capsys.readouterr().err.splitlines() if "slide pictures" in line)
    assert f"with {fake}" in note
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    main(["check"])
    note = next(line for line in capsys.readouterr().err.splitlines() if "slide pictures" in line)
    assert "LibreOffice is not installed here" in note
