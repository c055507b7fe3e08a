"""Errors that carry where the problem is; the CLI turns them into one line."""

from __future__ import annotations

from deckdocs.messages import _, shown


class DeckdocsError(Exception):
    """Base error: ``what`` went wrong in ``path`` (at ``slide``), and ``hint`` says what to do."""

    def __init__(self, what: str, *, path: str = "", slide: int | None = None,
                 shape: str = "", hint: str = "") -> None:
        self.what = what
        self.path = path
        self.slide = slide
        self.shape = shape
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Return one line, in the editor's language (deckdocs.messages): where, what, what to do."""
        where = self.path
        if self.slide is not None:
            where = (_("{path}: slide {slide}") if where else _("slide {slide}")).format(path=where, slide=self.slide)
        if self.shape:
            where = _("{where}: shape '{shape}'").format(where=where, shape=shown(self.shape))
        text = _("{where}: {what}").format(where=where, what=self.what) if where else self.what
        return _("{text}. {hint}").format(text=text, hint=self.hint) if self.hint else text


class DeckReadError(DeckdocsError):
    """The file is not a deck deckdocs can read (encrypted, binary .ppt, broken zip …)."""


class QuizFormatError(DeckdocsError):
    """An editor's question in the speaker notes is malformed."""

    def __init__(self, what: str, *, line: int, **kwargs) -> None:
        self.line = line
        super().__init__(_("notes line {line}: {what}").format(line=line, what=what), **kwargs)


class QuizFileError(DeckdocsError):
    """``source_slides/quiz.yml`` (the editors' choices about generated questions) is malformed."""


class GlossaryError(DeckdocsError):
    """``source_slides/glossary.yml`` has an unknown key, an empty definition or a duplicate."""


class HandEditedError(DeckdocsError):
    """A generated file was edited by hand since the last run."""


class CheckFailed(DeckdocsError):
    """``docs/`` does not match the slides."""
