"""The quiz UI in Chinese forms: deckdocs hands mkdocs-quiz its own translation file for zh,
and every string mkdocs-quiz shows a learner is there, in Chinese, with full-width punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from mkdocs.config import load_config
from mkdocs_quiz.translations import TranslationManager

import mkdocs_quiz
from deckdocs.site.plugin import QUIZ_TRANSLATIONS

ROOT = Path(__file__).resolve().parents[1]
POT = Path(mkdocs_quiz.__file__).parent / "locales" / "mkdocs_quiz.pot"


def test_every_string_mkdocs_quiz_shows_has_a_chinese_form():
    ours = {e.msgid: e.msgstr for e in polib.pofile(str(QUIZ_TRANSLATIONS))}
    wanted = [e.msgid for e in polib.pofile(str(POT)) if e.msgid]
    assert wanted and [m for m in wanted if not ours.get(m)] == []
    for msgid, text in ours.items():
        bare = text.replace("{n}", "")
        assert not re.search(r"[A-Za-z:!?(),;]", bare), (msgid, text)  # no English, no half-width marks
        assert re.search(r"[\u4e00-\u9fff]", bare), (msgid, text)


def test_the_plugin_gives_mkdocs_quiz_the_file_and_a_site_file_wins(tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    quiz = config.plugins["mkdocs_quiz"].config
    assert quiz["custom_translations"]["zh"] == str(QUIZ_TRANSLATIONS)
    strings = TranslationManager("zh", Path(quiz["custom_translations"]["zh"]))
    assert strings.get("Answered:") == "已答" and strings.get("Question {n}", n=3) == "第 3 题"
    assert strings.get("Correct answer!") == "回答正确！"

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins["mkdocs_quiz"].config["custom_translations"] = {"zh": "mine.po"}
    config = config.plugins.on_config(config)
    assert config.plugins["mkdocs_quiz"].config["custom_translations"] == {"zh": "mine.po"}
