"""What each entry point imports: every verb and the MkDocs plugin load only what they use.

Measured in fresh interpreters (python -X importtime; benchmarks/extract.py prints the times):
python-pptx, pypinyin and mkdocs-quiz each cost 0.1–0.2 s to import.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import probe
from decks import SlideSpec, Text, Title, build_deck

TOOLS = probe.TOOLS
HEAVY = ("pptx", "pypinyin", "mkdocs", "mkdocs_quiz", "playwright", "jieba", "material")


def imported_after(code: str, cwd: Path, among: tuple[str, ...] = HEAVY) -> set[str]:
    """Return the packages or modules ``among`` (the heavy packages) that a fresh interpreter has
    imported after ``code``."""
    return probe.imported_after(code, cwd, among)


def test_help_imports_none_of_the_heavy_libraries(tmp_path):
    code = ("from deckdocs.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert imported_after(code, tmp_path) == set()


def test_help_loads_neither_lxml_nor_the_pipeline_nor_the_pdf_export(tmp_path):
    """The export verbs' options are declared by deckdocs.export.options; the exports themselves load only to export."""
    code = ("from deckdocs.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    modules = ("lxml", "deckdocs.pipeline", "deckdocs.export.pdf", "deckdocs.export.manifest", "deckdocs.glossary",
               "deckdocs.export.qti", "deckdocs.export.scorm")
    assert imported_after(code, tmp_path, modules) == set()
    assert imported_after("import deckdocs.export.scorm", tmp_path, ("deckdocs.export.scorm",)) == {"deckdocs.export.scorm"}


def test_extract_reads_with_python_pptx_and_never_loads_mkdocs_quizzes_or_the_browser(tmp_path):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx",
               [SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")])])
    code = "from deckdocs.cli import main\nassert main(['extract']) == 0"
    assert imported_after(code, tmp_path) == {"pptx", "pypinyin"}
    assert (tmp_path / "docs" / "index.md").is_file()
    assert imported_after(code, tmp_path) == set()  # the deck and the pinyin come from .deckdocs-cache/


def test_extract_loads_neither_the_exports_nor_pyyaml_without_the_editors_files(tmp_path):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx",
               [SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")])])
    code = "from deckdocs.cli import main\nassert main(['extract']) == 0"
    modules = ("deckdocs.export.qti", "deckdocs.export.scorm", "deckdocs.export.pdf", "mkdocs", "mkdocs_quiz", "yaml")
    assert imported_after(code, tmp_path, modules) == set()
    (tmp_path / "source_slides" / "glossary.yml").write_text("terms:\n  正文: 页面的主体文字。\n", encoding="utf-8")
    assert imported_after(code, tmp_path, modules) == {"yaml"}


def test_the_mkdocs_plugin_imports_neither_the_deck_reader_nor_pinyin(tmp_path):
    assert not imported_after("import deckdocs.site.plugin", tmp_path) & {"pptx", "pypinyin", "playwright"}


def test_the_qti_versions_offered_are_mkdocs_quizs():
    from mkdocs_quiz.qti import QTIVersion

    from deckdocs.export.options import QTI_VERSIONS

    assert QTI_VERSIONS == tuple(v.value for v in QTIVersion)


def test_the_command_exits_with_the_code_main_returned(tmp_path):
    """``python -m deckdocs`` (like the console script, cli.run) freezes the objects before exiting."""
    env = {"PYTHONPATH": TOOLS, "PATH": "/usr/bin:/bin"}

    def exit_code(*argv: str) -> int:
        return subprocess.run([sys.executable, "-m", "deckdocs", *argv], cwd=tmp_path, env=env,
                              capture_output=True).returncode

    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [SlideSpec([Title("课程")])])
    assert exit_code("check") == 1  # no docs/ yet
    assert exit_code("extract", "missing.pptx") == 2
    assert exit_code("extract") == 0
    assert exit_code("check") == 0
