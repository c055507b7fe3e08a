"""``deckdocs build`` runs MkDocs in its own process (deckdocs.site.build) and keeps what the
``mkdocs build --strict`` command gave: strict mode, one line for a config MkDocs cannot load,
--site and --config, the handout and --verbose settings, and nothing left behind in the process."""

from __future__ import annotations

import logging
import os
import subprocess

import pytest

from cli_run import one_error_line, run
from decks import SlideSpec, Text, Title, build_deck, new_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with one small deck, as the working directory."""
    root = new_project(tmp_path / "project")
    build_deck(root / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "第一页的正文。")])])
    monkeypatch.chdir(root)
    return root


def home(root) -> str:
    return (root / "site" / "index.html").read_text(encoding="utf-8")


def test_build_starts_no_second_process_and_leaves_the_process_as_it_was(project, capsys, monkeypatch):
    def no_child(*args, **kwargs):
        raise AssertionError(f"a child process was started: {args}")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_child)
    handlers = list(logging.getLogger("mkdocs").handlers)
    environ = dict(os.environ)
    code, out, err = run(capsys, "build", "--no-pdf")
    assert code == 0, err
    assert "第一页的正文" in (project / "site" / "01-ke-cheng.html").read_text(encoding="utf-8")
    assert "INFO    -  Building documentation to directory:" in err, "MkDocs' own log lines, as its command printed them"
    assert out.strip().endswith("deckdocs: site built in site/")
    assert logging.getLogger("mkdocs").handlers == handlers and dict(os.environ) == environ


def test_a_warning_fails_the_strict_build_with_exit_1_and_one_line_of_ours(project, capsys):
    run(capsys, "extract")
    (project / "docs" / "notes.md").write_text("# 补充说明\n\n见[不存在的页](missing.md)。\n", encoding="utf-8")
    code, out, err = run(capsys, "build", "--no-pdf")
    assert code == 1 and "Traceback" not in err
    assert "WARNING -  Doc file 'notes.md' contains a link 'missing.md'" in err
    assert err.strip().splitlines()[-1] == "deckdocs: error: mkdocs build --strict failed (see the messages above)"
    assert "Aborted with 1 warnings in strict mode!" in out and "site built" not in out
    # As with the mkdocs command: MkDocs aborts after writing every page, so site/ is the whole
    # new build, the page with the broken link included, for the editor to look at.
    assert (project / "site" / "notes.html").is_file() and (project / "site" / "01-ke-cheng.html").is_file()
    (project / "docs" / "notes.md").write_text("# 补充说明\n\n见[第一页](01-ke-cheng.md)。\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--no-pdf")
    assert code == 0, err  # the next build starts clean: no warning counted from the last one


@pytest.mark.parametrize("config, reason", [
    ("site_name: 课程\nnav: [\n", "MkDocs encountered an error parsing the configuration file"),
    ("site_name: 课程\nplugins:\n  - no-such-plugin\n", 'The "no-such-plugin" plugin is not installed'),
    ("site_name: 课程\nno_such_option: 1\n", "Unrecognised configuration name: no_such_option"),
])
def test_a_config_mkdocs_cannot_load_is_one_line_and_exit_2(project, capsys, config, reason):
    (project / "bad.yml").write_text(config, encoding="utf-8")
    code, _, err = run(capsys, "build", "--no-pdf", "--config", "bad.yml")
    line = one_error_line(err)
    assert code == 2 and line.startswith("deckdocs: error: bad.yml: MkDocs cannot use this config: ")
    assert reason in line and line.endswith("Correct bad.yml and build again.")
    assert not (project / "site").exists()


def test_site_and_config_options_are_used(project, capsys):
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "other.yml").write_text(config.replace("site_name: ", "site_name: 另一个配置 ", 1), encoding="utf-8")
    code, out, err = run(capsys, "build", "--no-pdf", "--config", "other.yml", "--site", "public")
    assert code == 0, err
    assert "另一个配置" in (project / "public" / "index.html").read_text(encoding="utf-8")
    assert not (project / "site").exists() and "deckdocs: site built in public/" in out


def test_the_home_page_links_the_handout_only_when_the_build_prints_it(project, capsys, monkeypatch):
    import deckdocs.cli
    import deckdocs.export.pdf

    monkeypatch.delenv("DECKDOCS_HANDOUT", raising=False)
    monkeypatch.setattr(deckdocs.export.pdf, "can_print", lambda: True)
    printed = []
    monkeypatch.setattr(deckdocs.cli, "_build_handout", lambda site, outline: printed.append(site))
    code, _, err = run(capsys, "build")
    assert code == 0, err
    assert 'href="course.pdf"' in home(project) and printed
    assert "DECKDOCS_HANDOUT" not in os.environ
    code, _, _ = run(capsys, "build", "--no-pdf")
    assert code == 0 and "course.pdf" not in home(project)


def test_verbose_reaches_the_plugin_and_is_not_kept(project, capsys, monkeypatch):
    monkeypatch.delenv("DECKDOCS_VERBOSE", raising=False)
    code, _, _ = run(capsys, "--verbose", "build", "--no-pdf")
    assert code == 0 and logging.getLogger("jieba").level == logging.DEBUG, "jieba's start-up lines are shown"
    assert "DECKDOCS_VERBOSE" not in os.environ
    code, _, _ = run(capsys, "build", "--no-pdf")
    assert code == 0 and logging.getLogger("jieba").level == logging.WARNING


def test_the_search_dictionary_gets_every_term_and_alias_from_the_terms_data():
    from deckdocs.glossary import glossary_terms
    from deckdocs.glossary.terms_data import TermLink, TermLinks

    links = TermLinks((TermLink("等额本息", "deng", "每月还款额相同。"), TermLink("反洗钱法", "fan", "法律。", ("反洗钱", "AML"))))
    assert links.words == ("AML", "反洗钱", "反洗钱法", "等额本息") == glossary_terms(links)
