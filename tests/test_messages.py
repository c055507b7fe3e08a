"""deckdocs speaks the editor's language: Chinese by default or when the site or locale is Chinese,
English when asked; the same facts and exit codes either way; the catalogue compiled as written."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from cli_run import run
from decks import Picture, SlideSpec, Text, Title, build_deck, new_project, png, rewrite_parts
from deckdocs.errors import DeckdocsError, QuizFormatError
from deckdocs.messages import _, language, set_language, site_language
from deckdocs.messages.update import LOCALES, compiled, extracted, po_path

# What may stay Latin in a Chinese line: file names and paths, options and commands, product names.
ALLOWED_LATIN = {"deckdocs", "docs", "pptx", "mkdocs", "yml", "source_slides", "MkDocs", "PowerPoint", "LibreOffice",
                 "extract", "serve", "inspect", "port", "force", "glossary", "quiz", "terms", "not_terms", "course", "QTI",
                 "SCORM", "IP", "Chromium", "PDF", "XML", "markdown", "jieba", "md", "cd", "addr", "config", "webp", "html"}


@pytest.fixture
def chinese(monkeypatch):
    """The editor's default: no DECKDOCS_LANG, an English server locale (the site's language decides)."""
    monkeypatch.delenv("DECKDOCS_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language(None)


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = new_project(tmp_path / "project")
    build_deck(root / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]),
        SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")], notes="讲稿。\n\n问题：没有选项的问题？")])
    monkeypatch.chdir(root)
    return root


def english_words(line: str) -> list[str]:
    """Return the Latin words of ``line`` that are neither allowed names nor inside a path."""
    line = re.sub(r"[\w./-]*[/\\.][\w./-]*", " ", line)  # paths, file names, versions
    line = re.sub(r"`[^`]*`|--[\w-]+", " ", line)  # commands and options
    return [w for w in re.findall(r"[A-Za-z_]{2,}", line) if w not in ALLOWED_LATIN]


# ---------------------------------------------------------------- which language


def test_the_site_language_comes_from_the_theme_and_defaults_to_chinese(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n  features:\n    - toc.follow\n  language: en\n"
                      "plugins:\n  - search:\n      lang: zh\n", encoding="utf-8")
    assert site_language(config) == "en"
    config.write_text("site_name: x\ntheme:\n  name: material\nplugins:\n  - search:\n      language: en\n",
                      encoding="utf-8")
    assert site_language(config) == "zh"  # no theme.language: MkDocs' default for a deckdocs site is ours
    assert site_language(tmp_path / "missing.yml") == "zh"


def test_the_locale_and_the_environment_choose_before_the_site(chinese, tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text("theme:\n  name: material\n  language: en\n", encoding="utf-8")
    set_language(None, config)
    assert language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language() == "zh"
    monkeypatch.setenv("DECKDOCS_LANG", "en")
    assert language() == "en"
    set_language("zh", config)
    assert language() == "zh"


def test_a_message_missing_from_the_catalogue_is_printed_in_english(chinese):
    assert _("a message nobody has translated yet: {x}").format(x=1) == "a message nobody has translated yet: 1"
    assert _("no such deck") == "找不到这个课件"


# ---------------------------------------------------------------- errors and lines in Chinese


def test_an_error_names_file_slide_and_shape_in_chinese_with_full_width_punctuation(chinese):
    error = DeckdocsError("坏了", path="source_slides/课程.pptx", slide=3, shape="文本框 2", hint="请重新保存。")
    assert error.message == "source_slides/课程.pptx 第 3 张幻灯片的形状“文本框 2”：坏了。请重新保存。"
    notes = QuizFormatError("没有标出正确答案", line=4, path="a.pptx", slide=2)
    assert notes.message == "a.pptx 第 2 张幻灯片：备注第 4 行：没有标出正确答案"


def test_bad_input_is_one_chinese_line_with_the_same_exit_code(chinese, tmp_path, monkeypatch, capsys):
    root = new_project(tmp_path / "empty")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "extract")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line == ("deckdocs：错误：source_slides：课件文件夹里没有 .pptx 课件。请把课程课件以 .pptx 格式保存到这里。")
    assert english_words(line) == []
    code, _out, err = run(capsys, "extract", "--lang", "en")
    assert code == 2 and err.strip() == ("deckdocs: error: source_slides: no .pptx deck in the slides folder. "
                                         "Save the course deck there as .pptx.")



def test_a_malformed_statements_file_is_one_chinese_line_for_report(chinese, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml: the editors' default, Chinese
    source, out = tmp_path / "记录.json", tmp_path / "report.html"
    source.write_text("[\n{not json", encoding="utf-8")
    code, printed, err = run(capsys, "report", "--statements", str(source), "--out", str(out))
    assert code == 2 and printed == "" and not out.exists()
    (line,) = err.strip().splitlines()
    assert line == (f"deckdocs：错误：{source}：不是 JSON 文件，第 2 行有错。"
                    "请给出一个 JSON 文件，里面是 xAPI 学习记录的列表。")
    assert set(english_words(line)) <= {"JSON", "xAPI"}
    code, _printed, err = run(capsys, "report", "--statements", str(source), "--out", str(out), "--lang", "en")
    assert code == 2 and err.strip() == (f"deckdocs: error: {source}: not a JSON file at line 2. "
                                         "Give a JSON list of xAPI statements.")

def test_extract_and_check_report_in_chinese_and_exit_as_in_english(chinese, project, capsys):
    code, out, err = run(capsys, "extract")
    assert code == 0
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("deckdocs：1 个课件，2 张幻灯片") and "个页面：新增" in summary, summary
    assert "；1 道题未收录：第 2 张幻灯片的备注第 " in summary and "（见上方警告）" in summary
    for line in (summary, *err.strip().splitlines()):
        assert line.startswith("deckdocs：") and not line.startswith("deckdocs:"), line
    (project / "docs" / "01-ke-cheng.md").write_text("手改\n", encoding="utf-8")
    code, out, _err = run(capsys, "check")
    assert code == 1
    last = out.strip().splitlines()[-1]
    assert last.startswith("deckdocs：docs/ 与课件不一致（") and "请先把手工改动移回幻灯片" in last
    assert english_words(summary) == [] and english_words(last) == []
    code, out, _err = run(capsys, "--lang", "en", "check")
    assert code == 1 and "does not match the decks" in out


def test_an_english_site_prints_english_unless_the_locale_is_chinese(chinese, project, capsys, monkeypatch):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "theme:\n  language: en\n", encoding="utf-8")
    code, out, _err = run(capsys, "extract")
    assert code == 0 and out.strip().splitlines()[-1].startswith("deckdocs: 1 deck, 2 slides")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    code, out, _err = run(capsys, "extract")
    assert code == 0 and out.strip().splitlines()[-1].startswith("deckdocs：1 个课件")


DAMAGED_PARTS = ("ppt/notesSlides/notesSlide1.xml", "ppt/slides/slide4.xml", "ppt/slideLayouts/slideLayout6.xml")


@pytest.fixture
def damaged_project(tmp_path, monkeypatch):
    """A project whose deck has a linked picture (slide 3), a damaged slide (4), a damaged
    speaker notes part (slide 2's) and a damaged layout."""
    root = new_project(tmp_path / "project")
    deck = build_deck(tmp_path / "deck.pptx", [
        SlideSpec([Title("课程")]),
        SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")], notes="讲稿。"),
        SlideSpec([Title("第二页"), Picture(1, 2, 3, 3, png(), linked=True)]),
        SlideSpec([Title("第三页"), Text(1, 2, 8, 1, "丙的正文。")])])
    rewrite_parts(deck, root / "source_slides" / "课程.pptx",  # one character XML cannot hold in each
                  lambda name, data: data.replace(b"</", b"\x01</", 1) if name in DAMAGED_PARTS else data)
    monkeypatch.chdir(root)
    return root


def chinese_warnings(err: str) -> list[str]:
    """Return the warning lines of ``err``, every line of it checked to be Chinese: no English word
    left but file names, identifiers and what the deck itself says (a shape's name, quoted “…”)."""
    lines = err.strip().splitlines()
    for line in lines:
        assert line.startswith(("deckdocs：警告：", "deckdocs：提示：")) and "Traceback" not in line, line
        assert english_words(re.sub(r"“[^”]*”", " ", line)) == [], line
    return [line for line in lines if line.startswith("deckdocs：警告：")]


def test_a_damaged_deck_with_a_linked_picture_is_warned_about_in_chinese(chinese, damaged_project, capsys):
    code, out, err = run(capsys, "extract")
    assert code == 0 and out.strip().splitlines()[-1].startswith("deckdocs：1 个课件，4 张幻灯片")
    lines = chinese_warnings(err)
    assert len(lines) == 4, lines
    said = "\n".join(lines)
    assert "第 3 张幻灯片的形状“Picture 2”：图片链接的是外部文件，没有嵌入课件。" in said
    assert "第 4 张幻灯片的形状“第 4 张幻灯片”：ppt/slides/slide4.xml 已损坏（XML 格式有误：第 2 行第 " in said
    assert "演讲者备注部件“ppt/notesSlides/notesSlide1.xml”（第 2 张幻灯片用到它）已损坏（" in said
    assert "幻灯片版式部件“ppt/slideLayouts/slideLayout6.xml”（第 1、2、3、4 张幻灯片用到它）已损坏（" in said
    code, _out, err = run(capsys, "--lang", "en", "extract")  # the same facts, in English
    assert code == 0 and len(err.strip().splitlines()) == 4
    assert "slide 3: shape 'Picture 2': the picture is linked to an outside file, not embedded." in err
    assert "the speaker notes part 'ppt/notesSlides/notesSlide1.xml' (used by slide 1)" not in err
    assert "the speaker notes part 'ppt/notesSlides/notesSlide1.xml' (used by slide 2) is damaged (" in err


def test_libreoffice_s_warning_about_a_linked_picture_is_chinese(chinese, damaged_project, capsys, monkeypatch, soffice):
    monkeypatch.setenv("DECKDOCS_SOFFICE", soffice)
    code, _out, err = run(capsys, "extract")
    assert code == 0
    said = "\n".join(chinese_warnings(err))
    assert ("第 3 张幻灯片：这张幻灯片链接的课件外图片没有载入：幻灯片图片上的相应位置显示为灰色占位图。"
            "请把这些内容插入课件本身（不要用链接），然后重新保存。") in said


def test_help_is_chinese_by_default_and_english_with_lang_en(chinese, capsys):
    with pytest.raises(SystemExit):
        run(capsys, "--help")
    assert "把幻灯片课件变成 MkDocs Material 课程网站。" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run(capsys, "--lang", "en", "--help")
    assert "write markdown pages into docs/ from the decks" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run(capsys, "extract", "--lang", "en", "--help")
    assert "folder of decks (default: source_slides)" in capsys.readouterr().out


def test_the_command_line_speaks_chinese_from_a_fresh_process(project):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": ":".join(sys.path), "DECKDOCS_SOFFICE": ""}
    done = subprocess.run([sys.executable, "-m", "deckdocs", "serve", "--port", "0"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "deckdocs：错误：不是有效的端口：0。请使用 1024 到 65535 之间的端口，例如 --port 8001。"


# ---------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("lang", LOCALES)
def test_the_compiled_catalogue_is_the_po_file_compiled(lang):
    po = po_path(lang)
    assert po.with_suffix(".mo").read_bytes() == compiled(po.read_bytes(), lang), (
        "deckdocs.mo is out of date: run python -m deckdocs.messages.update")


@pytest.mark.parametrize("lang", LOCALES)
def test_every_translation_keeps_the_placeholders_and_uses_full_width_punctuation(lang):
    from babel.messages.pofile import read_po

    fields = lambda text: sorted(f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None)
    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    checked = 0
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert fields(text) == fields(ids[-1]), (message.id, text)
            # what the editor types (quoted, a command, an option, a path) keeps its ASCII punctuation
            prose = re.sub(r"“[^”]*”|`[^`]*`|\{[^}]*\}|\[[^]]*\]|[\w./:-]*[/.][\w./-]*|--[\w-]+|\d+:\d+", "", text)
            assert not re.search(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!(][\u4e00-\u9fff]", prose), (message.id, text)
            checked += 1
    assert checked > 100


def test_the_catalogue_has_every_message_of_the_code_translated():
    """Not required at run time (a missing one prints English); run python -m deckdocs.messages.update."""
    from babel.messages.pofile import read_po

    with po_path("zh").open("rb") as f:
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f, locale="zh") if m.string}
    in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted() if m.id}
    assert sorted(in_code - translated) == [], "translate them in deckdocs.po, then: python -m deckdocs.messages.update"


def test_text_from_the_deck_stays_on_the_one_line_in_either_language(chinese, monkeypatch):
    from deckdocs.quiz.notes import parse_notes

    error = DeckdocsError("坏了", path="a.pptx", slide=1, shape="文本框\u2028第二行\x0b")
    for lang in ("zh", "en"):
        monkeypatch.setenv("DECKDOCS_LANG", lang)
        assert len(error.message.splitlines()) == 1, error.message
        (problem,) = parse_notes("问题：哪一项正确？\n- [x] 甲\n- [ ] 乙\n多出来的\x1c一行", slide=2, path="a.pptx").problems
        assert len(problem.message.splitlines()) == 1, problem.message
    assert "文本框\\u2028第二行\\x0b" in error.message
