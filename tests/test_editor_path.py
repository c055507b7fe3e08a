"""The editor's path through the command line: backups, subfolders, missing inputs, .odp files,
questions left out, the check command's advice, summaries and quiet runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from decks import SlideSpec, Text, Title, build_deck, new_project
from cli_run import one_error_line, run


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project (mkdocs.yml, overrides …) with one deck, as the working directory."""
    root = new_project(tmp_path / "project")
    save_deck(root)
    monkeypatch.chdir(root)
    return root


def save_deck(root: Path, body: str = "第一版正文。", notes: str = "") -> Path:
    return build_deck(root / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, body)], notes=notes)])






def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- --force backups


def test_force_keeps_the_backup_out_of_the_site_and_out_of_git_and_check_mentions_it(project, capsys):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    run(capsys, "extract")
    (project / "docs" / "01-ke-cheng.md").write_text("手改\n", encoding="utf-8")
    save_deck(project, "第二版正文。")
    code, out, _ = run(capsys, "extract", "--force")
    assert code == 0
    backup = project / "docs" / ".deckdocs-backups" / "01-ke-cheng.md.bak"
    assert backup.read_text(encoding="utf-8") == "手改\n"
    assert not list((project / "docs").glob("*.bak*"))
    files = get_files(load_config(str(project / "mkdocs.yml")))
    assert not [f.src_uri for f in files if ".bak" in f.src_uri and not f.inclusion.is_excluded()]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(backup)], cwd=project)
    assert ignored.returncode == 0, "git ignores the backup"
    code, out, _ = run(capsys, "check")
    assert code == 0 and "docs/.deckdocs-backups/01-ke-cheng.md.bak is a backup copy of a hand edit (--force);" in out
    (project / "docs" / "index.md.bak").write_text("旧版本留下的\n", encoding="utf-8")  # where older versions put it
    code, out, _ = run(capsys, "check")
    assert "docs/index.md.bak is a backup copy of a hand edit (--force) (MkDocs publishes it where it is)" in out


def test_check_on_a_hand_edit_gives_the_command_that_works(project, capsys):
    run(capsys, "extract")
    (project / "docs" / "01-ke-cheng.md").write_text("手改\n", encoding="utf-8")
    code, out, _ = run(capsys, "check")
    last = out.strip().splitlines()[-1]
    assert code == 1 and "`deckdocs extract --force`" in last and ".deckdocs-backups" in last
    code, _, _ = run(capsys, "extract", "--force")
    assert code == 0


# ---------------------------------------------------------------- where deckdocs runs, what it needs


def test_run_from_a_subfolder_refuses_and_names_the_project_folder(project, capsys, monkeypatch):
    run(capsys, "extract")
    before = tree(project)
    monkeypatch.chdir(project / "docs")
    for command in ("extract", "build", "check"):
        code, _, err = run(capsys, command)
        line = one_error_line(err)
        assert code == 2 and f"subfolder of the project at {project}" in line and f"cd {project}" in line
    assert tree(project) == before and not (project / "docs" / "docs").exists()


def test_build_with_a_config_named_that_is_not_there_stops_before_writing_anything(project, capsys):
    code, _, err = run(capsys, "build", "--no-pdf", "--config", "other.yml")
    assert code == 2 and "other.yml: no such MkDocs config" in one_error_line(err)
    assert not (project / "docs" / ".deckdocs-manifest.json").exists() and not list((project / "docs").glob("*.md"))


def test_build_without_mkdocs_yml_names_the_site_after_the_deck(project, capsys):
    (project / "mkdocs.yml").unlink()
    code, out, err = run(capsys, "build", "--no-pdf")
    assert code == 0, err
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>课程</title>" in home and '<html lang="zh"' in home
    assert not (project / "mkdocs.yml").exists() and not (project / "overrides").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_a_busy_port_says_so_in_one_line_before_writing(project, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(capsys, "serve", "--port", str(port))
    line = one_error_line(err)
    assert code == 2 and f"127.0.0.1:{port} is already in use" in line and f"--port {port + 1}" in line
    assert not (project / "docs" / ".deckdocs-manifest.json").exists() and not list((project / "docs").glob("*.md"))


def test_stopping_serve_stops_the_mkdocs_server_too(project):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    serve = subprocess.Popen([sys.executable, "-m", "deckdocs", "serve", "--port", str(port)], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # until the server answers (a bounded wait, not a timed assertion)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                assert serve.poll() is None, "deckdocs serve ended early"
                time.sleep(0.1)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 0
        for _ in range(100):
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", port))
                    break
                except OSError:
                    time.sleep(0.1)
        else:
            pytest.fail("mkdocs serve still holds the port after deckdocs serve stopped")
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


# ---------------------------------------------------------------- OpenDocument files


def odp(path: Path) -> Path:
    """Write a minimal OpenDocument presentation (what LibreOffice saves as .odp)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                                  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def test_an_odp_beside_its_pptx_is_left_out_with_a_warning(project, capsys):
    odp(project / "source_slides" / "course.odp")
    code, out, err = run(capsys, "extract")
    assert code == 0 and (project / "docs" / "01-ke-cheng.md").exists()
    assert "course.odp: left out: a LibreOffice/OpenDocument deck (.odp), beside course.pptx" in err
    assert "Move it out of the folder, or delete it." in err


def test_a_lone_odp_says_to_save_it_as_pptx_and_move_it_out(project, capsys):
    odp(project / "source_slides" / "other.odp")
    code, _, err = run(capsys, "extract")
    line = one_error_line(err)
    assert code == 2 and "other.odp" in line and "save it as PowerPoint (.pptx)" in line and "move this file out" in line


def test_an_odp_renamed_to_pptx_is_named_as_an_opendocument_file(project, capsys):
    odp(project / "source_slides" / "renamed.pptx")
    code, _, err = run(capsys, "extract")
    line = one_error_line(err)
    assert code == 2 and "renamed.pptx: this is an OpenDocument file (.odp" in line and "[Content_Types]" not in line


# ---------------------------------------------------------------- the summary


def test_a_notes_question_with_a_mistake_is_counted_in_the_summary(project, capsys):
    run(capsys, "extract")
    save_deck(project, notes="讲稿。\n\n问题：没有选项的问题？")
    code, out, err = run(capsys, "extract")
    assert code == 0 and "slide 2: notes line 3: " in err
    assert "1 question left out: slide 2, notes line 3 (see the warning above)" in out.strip().splitlines()[-1]
    code, out, _ = run(capsys, "extract")
    assert "nothing changed; 1 question left out" in out


def test_the_summary_counts_every_slide_and_those_with_content_in_plain_words(project, capsys):
    code, out, _ = run(capsys, "extract")
    assert out.strip().splitlines()[-1].startswith("deckdocs: 1 deck, 2 slides (1 with content) → 4 pages in docs/: ")


def test_unused_glossary_terms_are_quiet_unless_verbose(project, capsys):
    (project / "source_slides" / "glossary.yml").write_text("terms:\n  不存在的词: 没有出现在幻灯片上的词。\n",
                                                            encoding="utf-8")
    code, _, err = run(capsys, "extract")
    assert code == 0 and "used on no slide" not in err
    code, _, err = run(capsys, "extract", "--verbose")
    assert code == 0 and "glossary term '不存在的词' is used on no slide" in err


def test_jieba_starts_quietly_unless_verbose():
    import logging

    import jieba

    from deckdocs.site.search import quiet_jieba

    before = jieba.default_logger.level
    try:
        quiet_jieba()
        assert not jieba.default_logger.isEnabledFor(logging.DEBUG), "no 'Building prefix dict …' lines"
        quiet_jieba(verbose=True)
        assert jieba.default_logger.isEnabledFor(logging.DEBUG)
    finally:
        jieba.default_logger.setLevel(before)


def test_live_preview_warns_about_a_question_left_out(tmp_path, caplog):
    from deckdocs.site.watch import extract_into

    save_deck(new_project(tmp_path / "p"), notes="讲稿。\n\n问题：没有选项的问题？")
    assert extract_into(tmp_path / "p" / "source_slides", tmp_path / "p" / "docs") is True
    assert "slide 2: notes line 3: " in caplog.text
