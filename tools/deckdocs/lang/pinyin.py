"""Pinyin for page names and the glossary's order, remembered between runs.

pypinyin loads 3 MB of dictionaries when it is imported (0.2–0.3 s, longer than reading the
course deck), yet a run needs the pinyin of a few chapter titles and glossary terms. Two things
keep that cheap, and the answers are pypinyin's either way:

- what pypinyin answered is kept in :data:`MEMO` (:mod:`deckdocs.lang.memo`), which the pipeline
  saves in the project's cache, so a run that meets no new text does not import it;
- for new text, deckdocs imports pypinyin without its phrase dictionary (its own
  ``PYPINYIN_NO_PHRASES`` and ``PYPINYIN_NO_DICT_COPY`` switches) and, before each question,
  loads back from a machine-wide index (:mod:`deckdocs.lang.index`) the entries that text
  can touch: the phrases that occur in it and the phrase prefixes its segmenter looks up
  (pypinyin's ``load_phrases_dict`` and its segmenter's ``train``). pypinyin's segmenter and
  converter only ever look up parts of the text, and each part gets the answer the whole
  dictionary gives, so the pinyin is the same (tests/test_pinyin.py compares).

deckdocs is then the process's only user of pypinyin, which holds the phrases of the texts asked
so far; when pypinyin was imported before, or no index can be had, it is used as it is.
"""

from __future__ import annotations

import json
import os
import sys

from deckdocs.lang.index import LibraryIndex
from deckdocs.lang.memo import LibraryMemo
from deckdocs.scoped import updated

_PLAIN, _TONE3 = "plain", "tone3"
MEMO = LibraryMemo("pypinyin", (_PLAIN, _TONE3))
_SWITCHES = ("PYPINYIN_NO_PHRASES", "PYPINYIN_NO_DICT_COPY")


def plain(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text)``: syllables without tones, other text as it is."""
    return MEMO.answer(_PLAIN, text, _plain)


def tone3(text: str) -> tuple[str, ...]:
    """Return ``lazy_pinyin(text, style=TONE3, neutral_tone_with_five=True)``: tone numbers."""
    return MEMO.answer(_TONE3, text, _tone3)


def _plain(text: str) -> list[str]:
    PYPINYIN.prepare(text)
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


def _tone3(text: str) -> list[str]:
    PYPINYIN.prepare(text)
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)


def phrase_entries():
    """Yield pypinyin's phrase dictionary as index entries: every prefix of every phrase (what
    its segmenter looks up), with the phrase's readings as JSON where the prefix is a phrase."""
    from pypinyin import phrases_dict  # the dictionary pypinyin ships, read whole

    phrases = phrases_dict.phrases_dict
    for phrase, readings in phrases.items():
        yield from ((_PHRASE, phrase[:end], None) for end in range(1, len(phrase)) if phrase[:end] not in phrases)
        yield _PHRASE, phrase, json.dumps(readings, ensure_ascii=False)


_PHRASE = "phrase"
INDEX = LibraryIndex("pypinyin", phrase_entries)


class _Pypinyin:
    """pypinyin in this process: whether deckdocs imported it without its phrases."""

    def __init__(self) -> None:
        self.is_partial: bool | None = None  # None: not imported by deckdocs yet

    def prepare(self, text: str) -> None:
        """Make pypinyin answer ``text`` as with its whole dictionary."""
        if self.is_partial is None:
            has_index = INDEX.longest(_PHRASE) is not None  # building it imports pypinyin whole
            self.is_partial = has_index and "pypinyin" not in sys.modules
            if self.is_partial:
                _import_without_phrases()
        if self.is_partial and not _load_phrases_of(text):
            from pypinyin import load_phrases_dict, phrases_dict

            load_phrases_dict(phrases_dict.phrases_dict)  # the index failed: the whole dictionary
            self.is_partial = False


PYPINYIN = _Pypinyin()


def _import_without_phrases() -> None:
    with updated(os.environ, dict.fromkeys(_SWITCHES, "1")):
        import pypinyin  # noqa: F401


def _load_phrases_of(text: str) -> bool:
    """Load into pypinyin the index entries that parts of ``text`` are; return whether it could."""
    longest = INDEX.longest(_PHRASE)
    if not longest:
        return False
    parts = (text[start:start + n] for start in range(len(text)) for n in range(1, longest + 1) if start + n <= len(text))
    found = INDEX.lookup(_PHRASE, parts)
    if found is None:
        return False
    from pypinyin import load_phrases_dict
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg import mmseg

    phrases = {key: json.loads(value) for key, value in found.items() if value is not None and key not in PHRASES_DICT}
    if phrases:
        load_phrases_dict(phrases)  # which trains the segmenter again on every phrase loaded so far
    mmseg.seg.train(found)  # the prefixes its segmenter looks up in this text
    return True
