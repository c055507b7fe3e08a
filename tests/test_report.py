"""The change report of `deckdocs extract` is true: each changed page names the slides whose
content changed on it, the quiz and glossary pages what changed on them, a home page the shared
part that changed; never "added" or "removed" for a slide that was not."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation

from cli_run import run
from deckdocs.pipeline import question_bank

FIVE = "通常能在几分钟内完成审批"  # slide 5 of the course deck, the one-word edit


@pytest.fixture
def project(course_slides, capsys):
    """The course deck, its glossary and quiz.yml, extracted once; the working directory."""
    assert run(capsys, "extract")[0] == 0
    return course_slides


def report(capsys) -> dict[str, str]:
    """Return each changed page's report line after an extract: page → what the parentheses say."""
    code, out, _ = run(capsys, "extract")
    assert code == 0
    lines = {}
    for line in out.splitlines():
        match = re.match(r"\s*(added|changed|removed)\s+docs/(\S+)(?:\s+\((.*)\))?$", line)
        if match:
            lines[match.group(2)] = f"{match.group(1)}: {match.group(3) or ''}"
    return lines


def edit_slide(deck, number: int, old: str, new: str) -> None:
    prs = Presentation(str(deck))
    for shape in prs.slides[number - 1].shapes:
        for paragraph in (shape.text_frame.paragraphs if shape.has_text_frame else ()):
            for r in paragraph.runs:
                if old in r.text:
                    r.text = r.text.replace(old, new)
                    prs.save(str(deck))
                    return
    raise AssertionError(f"{old!r} is not on slide {number}")


def test_one_word_on_slide_5_is_named_on_its_page_and_no_slide_is_said_added_or_removed(project, capsys):
    edit_slide(next(project.glob("*.pptx")), 5, "几分钟", "五分钟")
    lines = report(capsys)
    assert lines["01-wei-li-dai-gai-shu.md"].startswith("changed: slide 5 changed")
    assert lines.get("index.md", "changed: slide 5 changed").startswith("changed: slide 5 changed")
    for page, line in lines.items():
        assert not re.search(r"(?:: |; )slides? [\d, –]+ (added|removed)", line), (page, line)
        assert line != "changed: ", f"{page} changed and says nothing"
        if page.startswith(("02-", "03-", "04-", "05-", "06-")):  # slide 5 is not on them: questions only
            assert "slide 5 changed" not in line and re.fullmatch(r"changed: (\d+ questions? on slide \d+ \w+(; )?)+", line), line


def test_a_glossary_term_added_is_named_on_the_glossary_page(project, capsys):
    glossary = project / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "terms:\n", "terms:\n  征信: 个人信用信息的采集、整理、保存和使用活动。\n", 1), encoding="utf-8")
    lines = report(capsys)
    assert lines["glossary.md"] == "changed: 征信 added"
    for page, line in lines.items():
        assert "slide" not in line or "question" in line, (page, line)


def test_a_reworded_question_is_named_by_its_slide_on_each_page_that_shows_it(project, capsys):
    bank = question_bank((next(project.glob("*.pptx")),))
    shown = next(q for quiz in bank.chapters for q in quiz.questions if q.kind == "cloze")
    (project / "quiz.yml").write_text(f"fix:\n  {shown.key}:\n    question: 编辑改写的题干（　　）？\n", encoding="utf-8")
    lines = report(capsys)
    page = shown.source.page_path
    assert lines[page] == f"changed: 1 question on slide {shown.slide} changed"
    assert set(lines) <= {page, "quiz.md"}


def test_a_dropped_question_is_named_and_no_other_chapter_changes(project, capsys):
    bank = question_bank((next(project.glob("*.pptx")),))
    dropped = next(q for quiz in bank.chapters for q in quiz.questions if q.kind != "editor")
    (project / "quiz.yml").write_text(f"drop:\n  - {dropped.key}\n", encoding="utf-8")
    lines = report(capsys)
    page = dropped.source.page_path
    # The 本章自测 may take another question in its place (the bank's choice): that is said too.
    assert re.search(rf"\d+ questions? on slide {dropped.slide} removed", lines[page]), lines[page]
    assert set(lines) <= {page, "quiz.md", "index.md"}  # the home page tells the quiz's size
    if "index.md" in lines:
        assert lines["index.md"] == f"changed: {page.removesuffix('.md')} quiz size changed"


def test_a_manifest_from_before_parts_were_recorded_is_not_read_as_every_question_added(project, capsys):
    import json

    manifest = project.parent / "docs" / ".deckdocs-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for record in data["files"].values():
        record.pop("parts", None)
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edit_slide(next(project.glob("*.pptx")), 5, "几分钟", "五分钟")
    lines = report(capsys)
    assert lines["01-wei-li-dai-gai-shu.md"].startswith("changed: slide 5 changed")
    assert not any(" added" in line for line in lines.values()), lines


def test_the_site_home_of_several_courses_names_the_course_added(tmp_path, monkeypatch, capsys):
    from decks import SlideSpec, Text, Title, build_deck

    def deck(name: str, title: str):
        build_deck(tmp_path / "source_slides" / name, [
            SlideSpec([Title(title)]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, f"{title}的正文。")])])

    (tmp_path / "source_slides").mkdir()
    monkeypatch.chdir(tmp_path)
    deck("a.pptx", "甲课程")
    deck("b.pptx", "乙课程")
    assert run(capsys, "extract")[0] == 0
    deck("c.pptx", "丙课程")
    lines = report(capsys)
    assert lines["index.md"] == "changed: course 丙课程 added"
    assert not any(page.startswith(("a/", "b/")) for page in lines), lines


def test_a_new_deck_whose_name_makes_the_same_folder_leaves_the_course_there_in_place(tmp_path, monkeypatch, capsys):
    from decks import SlideSpec, Text, Title, build_deck

    def deck(name: str, title: str):
        build_deck(tmp_path / "source_slides" / name, [
            SlideSpec([Title(title)]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, f"{title}的正文。")])])

    (tmp_path / "source_slides").mkdir()
    monkeypatch.chdir(tmp_path)
    deck("x.pptx", "甲课程")
    deck("课程.pptx", "乙课程")
    assert run(capsys, "extract")[0] == 0
    docs = tmp_path / "docs"
    before = {p.relative_to(docs).as_posix(): p.read_bytes() for p in (docs / "ke-cheng").rglob("*.md")}
    assert "ke-cheng/index.md" in before
    deck("客程.pptx", "丙课程")  # ke-cheng too, and its name sorts before 课程.pptx
    lines = report(capsys)
    assert {p.relative_to(docs).as_posix(): p.read_bytes() for p in (docs / "ke-cheng").rglob("*.md")} == before
    assert not any(page.startswith("ke-cheng/") for page in lines), lines
    assert "丙课程" in (docs / "ke-cheng-2" / "index.md").read_text(encoding="utf-8")
