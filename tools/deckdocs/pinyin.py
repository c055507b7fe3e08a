"""Pinyin for page names and the glossary's order, remembered between runs.

pypinyin loads 3 MB of dictionaries when it is imported (0.2–0.3 s, longer than reading the
course deck), yet a run needs the pinyin of a few chapter titles and glossary terms, the same
ones run after run. What pypinyin answered is kept in :data:`MEMO` (:mod:`deckdocs.memo`), which
the pipeline saves in the project's cache, so a run that meets no new text does not import it.
The answers are pypinyin's, memo or not.
"""

from __future__ import annotations

from deckdocs.memo import LibraryMemo

_PLAIN, _TONE3 = "plain", "tone3"
MEMO = LibraryMemo("pypinyin", (_PLAIN, _TONE3))


def plain(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text)``: syllables without tones, other text as it is."""
    return MEMO.answer(_PLAIN, text, _plain)


def tone3(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text, style=TONE3, neutral_tone_with_five=True)``: tone numbers."""
    return MEMO.answer(_TONE3, text, _tone3)


def _plain(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


def _tone3(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
