"""Pinyin for page names and the glossary's order, remembered between runs.

pypinyin loads 3 MB of dictionaries when it is imported (0.2–0.3 s, longer than reading the
course deck), yet a run needs the pinyin of a few chapter titles and glossary terms, the same
ones run after run. What pypinyin answered is kept in a memo that the pipeline saves in the
project's cache (:mod:`deckdocs.cache`) under a stamp of the installed pypinyin, so a run that
meets no new text does not import it. The answers are pypinyin's, memo or not.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping

_PLAIN, _TONE3 = "plain", "tone3"
_memo: dict[str, dict[str, tuple[str, ...]]] = {_PLAIN: {}, _TONE3: {}}  # what pypinyin answered
_added = False  # whether the memo holds answers it was not loaded with


def plain(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text)``: syllables without tones, other text as it is."""
    return _answer(_PLAIN, text)


def tone3(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text, style=TONE3, neutral_tone_with_five=True)``: tone numbers."""
    return _answer(_TONE3, text)


def _answer(style: str, text: str) -> tuple[str, ...]:
    global _added
    memo = _memo[style]
    if text not in memo:
        from pypinyin import Style, lazy_pinyin

        if style == _PLAIN:
            memo[text] = tuple(lazy_pinyin(text))
        else:
            memo[text] = tuple(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))
        _added = True
    return memo[text]


def library_stamp() -> str:
    """Return a stamp of the installed pypinyin (its location, size and time), found without
    importing it: another version may answer differently, so its memo is another."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.origin:
        return "none"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def remember(memo: Mapping[str, Mapping[str, list[str]]]) -> None:
    """Add answers saved by an earlier run (of the same pypinyin)."""
    for style in (_PLAIN, _TONE3):
        for text, syllables in memo.get(style, {}).items():
            if isinstance(text, str) and isinstance(syllables, list) and all(isinstance(s, str) for s in syllables):
                _memo[style].setdefault(text, tuple(syllables))


def has_new_answers() -> bool:
    """Return whether pypinyin was asked something since the memo was loaded or saved."""
    return _added


def mark_saved() -> None:
    global _added
    _added = False


def memo() -> dict[str, dict[str, list[str]]]:
    """Return every answer so far, to be saved."""
    return {style: {text: list(s) for text, s in sorted(answers.items())} for style, answers in _memo.items()}
