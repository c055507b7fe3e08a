"""deckdocs new FOLDER [DECK …]: a course project to start from, which builds as it is."""

from __future__ import annotations

import subprocess

import yaml

from cli_run import one_error_line, run
from decks import SlideSpec, Text, Title, build_deck
from deckdocs.newproject import FILES

PROJECT_FILES = [".github/workflows/pages.yml", ".gitignore", "mkdocs.yml", "source_slides/README.md",
                 "source_slides/glossary.yml", "source_slides/quiz.yml"]


def files_of(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def a_deck(path):
    return build_deck(path, [SlideSpec([Title("信贷入门"), Text(1, 5, 8, 1, "新员工培训")]),
                             SlideSpec([Title("贷款种类"), Text(1, 2, 8, 2, "个人消费贷款用于日常消费。")])])


def test_new_writes_a_project_that_builds_as_it_is(tmp_path, monkeypatch, capsys):
    deck = a_deck(tmp_path / "信贷入门.pptx")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "course", str(deck))
    assert code == 0, err
    assert sorted(FILES) == PROJECT_FILES
    assert files_of(tmp_path / "course") == sorted([*PROJECT_FILES, "source_slides/信贷入门.pptx"])
    assert "cd course && deckdocs build" in out.splitlines()[-1]
    project = tmp_path / "course"
    assert yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")) is None  # examples, all commented
    guide = (project / "source_slides" / "README.md").read_text(encoding="utf-8")
    assert guide.startswith("# source_slides\n\n课程的原稿") and "微粒贷基础知识培训课件课程.pptx" not in guide
    assert "## 备注中的测验题" in guide and "tests/fixtures" not in guide
    workflow = yaml.safe_load((project / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert any("deckdocs build" in step.get("run", "") for step in steps)
    monkeypatch.chdir(project)
    code, out, err = run(capsys, "build", "--no-pdf")
    assert code == 0 and "warning" not in err.lower(), err
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>信贷入门</title>" in home
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    for generated in ("site/index.html", ".deckdocs-cache"):
        assert subprocess.run(["git", "check-ignore", "-q", generated], cwd=project).returncode == 0, generated
    assert subprocess.run(["git", "check-ignore", "-q", "docs/index.md"], cwd=project).returncode == 1


def test_new_in_a_folder_holding_something_else_refuses_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "notes.txt").write_text("我的笔记\n", encoding="utf-8")
    code, out, err = run(capsys, "new", str(folder))
    assert code == 2 and "notes.txt is not part of a deckdocs project" in one_error_line(err)
    assert files_of(folder) == ["notes.txt"] and out == ""


def test_new_adds_only_what_a_project_lacks_and_replaces_nothing(tmp_path, capsys):
    folder = tmp_path / "course"
    (folder / "source_slides").mkdir(parents=True)
    a_deck(folder / "source_slides" / "course.pptx")
    (folder / "mkdocs.yml").write_text("site_name: 我们的课程\n", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "extra.md").write_text("# 手写页\n", encoding="utf-8")
    code, out, err = run(capsys, "new", str(folder))
    assert code == 0, err
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: 我们的课程\n"
    assert f"kept  {folder / 'mkdocs.yml'} (already there)" in out
    assert (folder / ".github" / "workflows" / "pages.yml").is_file() and (folder / "source_slides" / "quiz.yml").is_file()
    assert "put the course deck" not in out


def test_new_with_a_deck_that_is_not_there_writes_nothing(tmp_path, capsys):
    code, _, err = run(capsys, "new", str(tmp_path / "course"), str(tmp_path / "missing.pptx"))
    assert code == 2 and "missing.pptx: no such deck" in one_error_line(err)
    assert not (tmp_path / "course").exists()


def test_new_without_a_deck_says_where_to_put_one(tmp_path, capsys):
    code, out, _ = run(capsys, "new", str(tmp_path / "course"))
    assert code == 0 and "put the course deck (.pptx) in" in out.splitlines()[-1]
