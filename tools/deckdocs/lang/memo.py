"""What a slow-to-import library answered, remembered between runs.

pypinyin (0.2–0.3 s to import) and jieba (0.4–0.7 s to load its dictionary and tagger) take
longer to start than reading the course deck, yet a run asks them about a few chapter titles,
headings and terms, the same ones run after run. A :class:`LibraryMemo` keeps each answer by
the kind of question (its *style*) and the text; the pipeline saves it in the project's cache
(:mod:`deckdocs.cache`) under :meth:`LibraryMemo.stamp`, so a run that meets no new text never
imports the library, and another version of the library starts a new memo. The answers are the
library's, memo or not. (Text not in the memo is answered from the machine-wide index of the
libraries' data, :mod:`deckdocs.lang.index`, without loading them whole.)
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable, Mapping


class LibraryMemo:
    """The answers of one library (imported by name), each a tuple of strings."""

    def __init__(self, library: str, styles: tuple[str, ...]):
        self.library = library
        self._answers: dict[str, dict[str, tuple[str, ...]]] = {style: {} for style in styles}
        self._added = False  # whether the memo holds answers it was not loaded or saved with

    def answer(self, style: str, text: str, compute: Callable[[str], Iterable[str]]) -> tuple[str, ...]:
        """Return the answer to ``style`` for ``text``; ``compute`` (which asks the library) runs
        only for a question not asked before."""
        answers = self._answers[style]
        if text not in answers:
            answers[text] = tuple(compute(text))
            self._added = True
        return answers[text]

    def stamp(self) -> str:
        """Return :func:`library_stamp` of the library: another version may answer differently,
        so its memo is another."""
        return library_stamp(self.library)

    def remember(self, saved: Mapping[str, Mapping[str, list[str]]]) -> None:
        """Add answers saved by an earlier run (of the same library); anything malformed is skipped."""
        for style, answers in self._answers.items():
            known = saved.get(style, {})
            if not isinstance(known, Mapping):
                continue
            for text, words in known.items():
                if isinstance(text, str) and isinstance(words, list) and all(isinstance(w, str) for w in words):
                    answers.setdefault(text, tuple(words))

    def has_new_answers(self) -> bool:
        """Return whether the library was asked something since the memo was loaded or saved."""
        return self._added

    def mark_saved(self) -> None:
        self._added = False

    def memo(self) -> dict[str, dict[str, list[str]]]:
        """Return every answer so far, to be saved."""
        return {style: {text: list(words) for text, words in sorted(answers.items())}
                for style, answers in self._answers.items()}


def library_stamp(name: str) -> str:
    """Return a stamp of the installed package ``name`` (its location, size and time), found
    without importing it; "none" when it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return "none"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"
