"""The exit-code contract of extract, check and inspect: 0 ok, 1 a check failed, 2 bad input,
with one plain line on stderr and no traceback unless --debug."""

from __future__ import annotations

import pytest

from decks import SlideSpec, Text, Title, build_deck, empty_deck
from cli_run import one_error_line, run
from deckdocs.cli import main
from deckdocs.errors import DeckReadError


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with one deck, as the working directory."""
    (tmp_path / "source_slides").mkdir()
    save_deck(tmp_path, "第一版正文。")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def save_deck(root, body: str):
    return build_deck(root / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, body)])])






# ---------------------------------------------------------------- extract


def test_extract_writes_the_pages_and_reports_each_with_its_slides(project, capsys):
    code, out, err = run(capsys, "extract")
    assert code == 0 and err == ""
    assert "added  docs/01-ke-cheng.md  (slide 2)" in out
    assert out.strip().splitlines()[-1].startswith("deckdocs: 1 deck, 2 slides (1 with content) → 4 pages in docs/: ")
    save_deck(project, "第二版正文。")
    code, out, _ = run(capsys, "extract")
    assert code == 0 and "changed  docs/01-ke-cheng.md  (slide 2 changed)" in out


def test_extract_says_nothing_changed_on_a_second_run(project, capsys):
    run(capsys, "extract")
    code, out, _ = run(capsys, "extract")
    assert code == 0 and out.strip().endswith("nothing changed")


@pytest.mark.parametrize("argv, message", [
    (["extract", "--source", "nowhere"], "the slides folder does not exist"),
    (["extract", "missing.pptx"], "missing.pptx: no such deck"),
])
def test_extract_exits_2_on_a_missing_folder_or_deck(project, capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in one_error_line(err)


def test_extract_exits_2_on_an_empty_slides_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "extract", "--source", str(tmp_path / "empty"), "--docs", str(tmp_path / "docs"))
    assert code == 2 and "no .pptx deck in the slides folder" in one_error_line(err)


def test_extract_exits_2_and_names_a_hand_edited_page(project, capsys):
    run(capsys, "extract")
    (project / "docs" / "01-ke-cheng.md").write_text("手改\n", encoding="utf-8")
    save_deck(project, "第二版正文。")
    code, _, err = run(capsys, "extract")
    assert code == 2 and "edited by hand since the last run: 01-ke-cheng.md" in one_error_line(err)
    code, out, _ = run(capsys, "extract", "--force")
    assert code == 0 and "backup  docs/.deckdocs-backups/01-ke-cheng.md.bak" in out


def synthetic_broken(tmp_path, kind: str):
    path = tmp_path / f"{kind}.pptx"
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    data = {
        "encrypted": cfb + "EncryptionInfo".encode("utf-16-le"),
        "binary-ppt": cfb + "PowerPoint Document".encode("utf-16-le"),
        "truncated": b"PK\x03\x04\x14\x00\x00\x00 cut short",
        "not-a-zip": "这不是演示文稿".encode(),
    }.get(kind)
    if kind == "no-slides":
        return empty_deck(path)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind, message", [
    ("encrypted", "the deck is password-protected. Remove the password"),
    ("binary-ppt", "old binary PowerPoint 97-2003 file (.ppt), not .pptx. Open it in PowerPoint"),
    ("truncated", "the file is damaged (truncated, or not a complete zip package). Copy the deck again"),
    ("not-a-zip", "not a .pptx file (it is not a zip package). Save the deck"),
    ("no-slides", "the deck has no slides. Add slides"),
])
def test_every_unreadable_deck_gets_one_line_saying_what_and_what_to_do(tmp_path, capsys, kind, message):
    deck = synthetic_broken(tmp_path, kind)
    code, _, err = run(capsys, "extract", str(deck), "--docs", str(tmp_path / "docs"))
    line = one_error_line(err)
    assert code == 2 and str(deck) in line and message in line
    assert not (tmp_path / "docs").exists()


def test_debug_shows_the_traceback(tmp_path):
    deck = synthetic_broken(tmp_path, "truncated")
    with pytest.raises(DeckReadError):
        main(["--debug", "extract", str(deck), "--docs", str(tmp_path / "docs")])
    with pytest.raises(DeckReadError):
        main(["extract", str(deck), "--docs", str(tmp_path / "docs"), "--debug"])


# ---------------------------------------------------------------- check


def test_check_exits_0_when_docs_match_and_1_listing_what_is_stale(project, capsys):
    code, out, _ = run(capsys, "check")
    assert code == 1 and "stale  docs/01-ke-cheng.md: would be added (slide 2)" in out
    run(capsys, "extract")
    code, out, _ = run(capsys, "check")
    assert code == 0 and "docs/ matches the decks" in out
    save_deck(project, "第二版正文。")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "stale  docs/01-ke-cheng.md: would be changed (slide 2 changed)" in out
    assert "run `deckdocs extract`" in out.strip().splitlines()[-1]


def test_check_exits_1_on_a_hand_edit_and_changes_nothing(project, capsys):
    run(capsys, "extract")
    (project / "docs" / "index.md").write_text("手改\n", encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "stale  docs/index.md: edited by hand since it was generated" in out
    assert (project / "docs" / "index.md").read_text(encoding="utf-8") == "手改\n"


def test_check_exits_2_on_a_deck_it_cannot_read(project, capsys):
    (project / "source_slides" / "broken.pptx").write_bytes(b"PK\x03\x04 cut short")
    code, _, err = run(capsys, "check")
    assert code == 2 and "broken.pptx: the file is damaged" in one_error_line(err)


# ---------------------------------------------------------------- inspect


def test_inspect_lists_each_slide_and_exits_0(project, capsys):
    code, out, _ = run(capsys, "inspect", "source_slides/course.pptx")
    assert code == 0 and "slide 2: 第一页" in out


def test_inspect_marks_hidden_slides(tmp_path, capsys):
    deck = build_deck(tmp_path / "d.pptx", [SlideSpec([Title("显示")]), SlideSpec([Title("备用页")], hidden=True)])
    code, out, _ = run(capsys, "inspect", str(deck), "--slide", "2")
    assert code == 0 and "slide 2 (hidden: left out of the site): 备用页" in out


@pytest.mark.parametrize("argv, message", [
    (["--slide", "9"], "there is no slide 9 (the deck has 2)"),
    ([], None),
])
def test_inspect_exits_2_on_a_bad_slide_number_or_an_unreadable_deck(project, tmp_path, capsys, argv, message):
    if message:
        target = "source_slides/course.pptx"
    else:
        target, message = str(synthetic_broken(tmp_path, "binary-ppt")), "old binary PowerPoint"
    code, _, err = run(capsys, "inspect", target, *argv)
    assert code == 2 and message in one_error_line(err)
