"""The site's config: deckdocs' embedded default, the deck's name and language, and a project's
mkdocs.yml holding only what it changes."""

from __future__ import annotations

import textwrap

import pytest

from cli_run import one_error_line, run
from decks import SlideSpec, Text, Title, build_deck
from deckdocs.errors import DeckdocsError
from deckdocs.pipeline import outline_decks
from deckdocs.site.config import DEFAULT_CONFIG, deck_settings, merge, site_settings, text_language


@pytest.mark.parametrize("text, language", [
    ("微粒贷是一款无抵押、无担保的个人小额信贷产品。", "zh"),
    ("微粒贷App 的 QQ 用户可以在手机上申请借款。", "zh"),
    ("這個課程說明銀行貸款的審核與還款。", "zh-Hant"),
    ("このコースでは、ローンの審査について説明します。", "ja"),
    ("이 과정은 대출 심사에 대해 설명합니다.", "ko"),
    ("AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation", "en"),
    ("A long English paragraph about lending that mentions 微粒贷 once in passing, nothing more.", "en"),
    ("", "en"),
])
def test_the_language_is_the_one_the_text_is_written_in(text, language):
    assert text_language([text]) == language


def test_mappings_merge_key_by_key_and_plugins_by_name():
    base = {"theme": {"name": "material", "language": "zh", "features": ["a", "b"]},
            "plugins": ["search", {"deckdocs": {"search": "deckdocs", "handout": False}}, "offline"],
            "markdown_extensions": ["abbr", {"toc": {"permalink": True}}]}
    over = {"theme": {"language": "en", "features": ["c"]},
            "plugins": [{"deckdocs": {"search": "material"}}, "tags"],
            "markdown_extensions": [{"toc": {"permalink_title": "链接"}}]}
    merged = merge(base, over)
    assert merged["theme"] == {"name": "material", "language": "en", "features": ["c"]}
    assert merged["plugins"] == ["search", {"deckdocs": {"search": "material", "handout": False}}, "offline", "tags"]
    assert merged["markdown_extensions"] == ["abbr", {"toc": {"permalink": True, "permalink_title": "链接"}}]
    assert base["theme"]["language"] == "zh"  # nothing changed in place


def test_the_deck_names_the_site_and_a_mkdocs_yml_wins_over_it(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("三国演义阅读分享"), Text(1, 5, 8, 1, "读书会第三期")]),
                                               SlideSpec([Title("桃园结义"), Text(1, 2, 8, 1, "刘备、关羽、张飞结为兄弟。")])])
    deck_part = deck_settings(outline_decks((deck,)))
    assert deck_part == {"site_name": "三国演义阅读分享", "site_description": "读书会第三期", "theme": {"language": "zh"}}
    config = tmp_path / "mkdocs.yml"
    settings = site_settings(config, deck_part)  # no mkdocs.yml: the default and the deck
    assert settings["site_name"] == "三国演义阅读分享" and settings["theme"]["name"] == "material"
    assert settings["theme"]["palette"][0]["primary"] == "custom" and settings["use_directory_urls"] is False
    config.write_text("# 只写要改的设置\n", encoding="utf-8")
    same = lambda s: {k: v for k, v in s.items() if k != "markdown_extensions"}  # slugify: a new function each load
    assert same(site_settings(config, deck_part)) == same(settings)  # comments only: nothing changed
    config.write_text("site_name: 读书会\ncopyright: 读书会 2026\ntheme:\n  language: en\n", encoding="utf-8")
    changed = site_settings(config, deck_part)
    assert changed["site_name"] == "读书会" and changed["copyright"] == "读书会 2026"
    assert changed["theme"]["language"] == "en" and changed["theme"]["palette"] == settings["theme"]["palette"]
    assert changed["plugins"] == settings["plugins"]


def test_a_mkdocs_yml_that_is_not_a_mapping_is_one_line(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("- site_name\n", encoding="utf-8")
    with pytest.raises(DeckdocsError, match="mkdocs.yml: the config is not a list of settings"):
        site_settings(config, {})


def test_the_default_lists_no_file_of_a_project(tmp_path):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    assert "custom_dir" not in text and "extra_css" not in text and "extra_javascript" not in text
    assert "site_name" not in text  # the deck's, or the project's


def test_a_missing_custom_dir_is_one_sentence_with_one_full_stop(tmp_path, monkeypatch, capsys):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [SlideSpec([Title("课程")]), SlideSpec([Title("第一页")])])
    (tmp_path / "mkdocs.yml").write_text("theme:\n  custom_dir: overrides\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "--no-pdf")
    line = one_error_line(err)
    assert code == 2 and "overrides" in line and ".." not in line and line.endswith("Correct mkdocs.yml and build again.")


def test_a_partial_mkdocs_yml_changes_only_what_it_says(tmp_path, monkeypatch, capsys):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [SlideSpec([Title("课程")]), SlideSpec([Title("第一页")])])
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: 我的培训
        copyright: 培训部
        plugins:
          - deckdocs:
              search: material
        """), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "--no-pdf")
    assert code == 0, err
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "我的培训</title>" in home and "培训部" in home and "本站根据培训课件生成" in home
    assert 'href="stylesheets/deckdocs.css"' in home and (tmp_path / "site" / "search" / "search_index.js").is_file()
    assert not (tmp_path / "site" / "assets" / "javascripts" / "workers" / "deckdocs-search.js").exists()  # Material's search


def test_a_projects_own_copies_win_over_the_shipped_files(tmp_path, monkeypatch, capsys):
    """An older project still holds the CSS in docs/ and templates in its custom_dir: those are used."""
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [SlideSpec([Title("课程")]), SlideSpec([Title("第一页")])])
    (tmp_path / "docs" / "stylesheets").mkdir(parents=True)
    (tmp_path / "docs" / "stylesheets" / "deckdocs.css").write_text("/* 本项目自己的样式 */\n", encoding="utf-8")
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "partials" / "copyright.html").write_text("<div>本项目自己的页脚</div>\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("theme:\n  custom_dir: overrides\nextra_css: [stylesheets/deckdocs.css]\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", "--no-pdf")
    assert code == 0, err
    site = tmp_path / "site"
    assert (site / "stylesheets" / "deckdocs.css").read_text(encoding="utf-8") == "/* 本项目自己的样式 */\n"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "本项目自己的页脚" in home and "本站根据培训课件生成" not in home
    assert home.count('href="stylesheets/deckdocs.css"') == 1
    assert "页面不存在" in (site / "404.html").read_text(encoding="utf-8")  # deckdocs' 404 page, below the project's templates


def test_an_english_deck_gets_an_english_site_and_its_cover_lines_as_the_description(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [
        SlideSpec([Title("Apache Performance Tuning"), Text(1, 5, 8, 0.5, "Part 1: Scaling Up"), Text(1, 6, 8, 0.5, "Sander Temme")]),
        SlideSpec([Title("Why tune"), Text(1, 2, 8, 1, "Requests per second matter more than raw speed.")])])
    assert deck_settings(outline_decks((deck,))) == {
        "site_name": "Apache Performance Tuning", "site_description": "Part 1: Scaling Up; Sander Temme",
        "theme": {"language": "en"}}


def test_serve_takes_an_edit_of_a_partial_mkdocs_yml_at_once(tmp_path):
    import os
    import subprocess
    import sys

    from serving import fetch, free_port, stop_server, wait_for

    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [SlideSpec([Title("预览课程")]), SlideSpec([Title("第一页")])])
    (tmp_path / "mkdocs.yml").write_text("copyright: 培训部\n", encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "deckdocs", "serve", "--port", str(port)], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    home = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "<title>预览课程</title>" in fetch(home), 60) is not None, "the preview never came up"
        assert "培训部" in fetch(home)
        (tmp_path / "mkdocs.yml").write_text("copyright: 培训部\nsite_name: 新名字\n", encoding="utf-8")
        assert wait_for(lambda: "<title>预览课程 - 新名字</title>" in fetch(home), 30) is not None, "the edit did not show"
    finally:
        stop_server(server)
        server.stderr.close()


def test_with_several_decks_the_course_at_the_sites_root_names_it(tmp_path):
    first = build_deck(tmp_path / "a.pptx", [SlideSpec([Title("进阶课程")]), SlideSpec([Title("第一页")])])
    second = build_deck(tmp_path / "b.pptx", [SlideSpec([Title("基础课程")]), SlideSpec([Title("第一页")])])
    assert deck_settings(outline_decks((first, second), root_deck="b.pptx"))["site_name"] == "基础课程"
    assert deck_settings(outline_decks((first, second)))["site_name"] == "进阶课程"  # no course at the root: the first
