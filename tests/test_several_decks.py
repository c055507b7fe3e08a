"""Adding a second deck to a one-course site: the first course keeps its URLs, the report is
true, and a course is never named "Slide 1"."""

from __future__ import annotations

import os
import subprocess
import sys

from decks import SlideSpec, Text, Title, build_deck, new_project
from cli_run import run


def course(path, title, body):
    return build_deck(path, [SlideSpec([Title(title), Text(1, 2, 8, 1, "2024")]),
                             SlideSpec([Title(f"{title}第一页"), Text(1, 2, 8, 1, body)])])




def test_a_second_deck_leaves_the_first_course_where_it_was(tmp_path, monkeypatch, capsys):
    project = new_project(tmp_path / "project")
    monkeypatch.chdir(project)
    course(project / "source_slides" / "first.pptx", "甲课程", "甲课程的正文。")
    assert run(capsys, "extract")[0] == 0
    before = {p.relative_to(project / "docs").as_posix(): p.read_bytes() for p in (project / "docs").rglob("*.md")}
    assert {"index.md", "01-jia-ke-cheng.md"} <= set(before)

    course(project / "source_slides" / "second.pptx", "乙课程", "乙课程的正文。")
    code, out, _ = run(capsys, "extract")
    assert code == 0
    after = {p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    assert set(before) <= after, "no page of the first course moved"
    assert (project / "docs" / "01-jia-ke-cheng.md").read_bytes() == before["01-jia-ke-cheng.md"]
    assert {"second/index.md", "second/01-yi-ke-cheng.md"} <= after
    lines = {line.split()[1]: line for line in out.splitlines() if line.strip().startswith(("added", "changed", "removed"))}
    assert "removed" not in lines["docs/index.md"], "the home page lost no slide"
    assert "docs/quiz.md" not in lines, "the first course's 综合测验 is its own: a second course leaves it as it was"
    assert "added" in lines["docs/second/quiz.md"], "the second course gets its own 综合测验"
    assert lines["docs/index.md"].endswith("(course list changed)"), "the home page's list of other courses"
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "## 其他课程" in home and "[乙课程](second/index.md)" in home

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "01-jia-ke-cheng.html").exists() and (project / "site" / "second" / "index.html").exists()
    assert run(capsys, "check")[0] == 0


def test_a_deck_without_a_title_is_named_by_its_file(tmp_path):
    from deckdocs import convert

    path = build_deck(tmp_path / "Quarterly Review.pptx", [
        [Title("Slide 1"), Text(1, 2, 8, 1, "2024")],
        [Title("Results"), Text(1, 2, 8, 1, "Sales grew by a third.")],
    ])
    (c,) = convert([path]).courses
    assert c.title == "Quarterly Review" and [ch.title for ch in c.chapters] == ["Quarterly Review"]
