"""The staged pipeline behind :func:`deckdocs.convert`: read → arrange → outline → render.

Reading happens here (the input end); writing is left to :mod:`deckdocs.write`, so a run
either converts every deck or changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckdocs.arrange import arrange_deck
from deckdocs.errors import DeckdocsError
from deckdocs.model import Course, OutputFile
from deckdocs.outline import ascii_slug, outline_course
from deckdocs.read import read_deck
from deckdocs.render import render_course, render_site_home

DECK_SUFFIXES = (".pptx", ".ppsx", ".potx", ".pptm")


@dataclass(frozen=True)
class Conversion:
    courses: tuple[Course, ...]
    files: tuple[OutputFile, ...]
    problems: tuple[DeckdocsError, ...] = ()  # worth a warning; the site still builds


def find_decks(source_dir: Path) -> tuple[Path, ...]:
    """Return the decks in ``source_dir``, sorted by name (PowerPoint's ~$ lock files skipped).

    Raises:
        DeckdocsError: the folder is missing or holds no deck.
    """
    if not source_dir.is_dir():
        raise DeckdocsError("the slides folder does not exist", path=str(source_dir),
                            hint="Create it and put the course .pptx in it.")
    decks = tuple(sorted(p for p in source_dir.iterdir()
                         if p.suffix.lower() in DECK_SUFFIXES and not p.name.startswith(("~$", "."))))
    if not decks:
        raise DeckdocsError("no .pptx deck in the slides folder", path=str(source_dir),
                            hint="Save the course deck there as .pptx.")
    return decks


def outline_decks(decks: tuple[Path, ...]) -> tuple[Course, ...]:
    """Return one course per deck; with several decks each gets its own folder in docs/.

    Raises:
        DeckdocsError: a deck cannot be read (nothing is converted then).
    """
    courses = []
    prefixes: set[str] = set()
    for path in decks:
        deck = read_deck(path)
        prefix = ""
        if len(decks) > 1:
            prefix = ascii_slug(path.stem)
            while prefix in prefixes or prefix == "assets":
                prefix += "-2"
            prefixes.add(prefix)
        courses.append(outline_course(deck, arrange_deck(deck), prefix))
    return tuple(courses)


def convert(decks: tuple[Path, ...] | list[Path]) -> Conversion:
    """Return the docs files for ``decks``: every page and picture, nothing written yet.

    Raises:
        DeckdocsError: a deck cannot be read.
    """
    courses = outline_decks(tuple(decks))
    files: list[OutputFile] = []
    for course in courses:
        files.extend(render_course(course))
    if len(courses) > 1:
        files.append(OutputFile("index.md", render_site_home(courses).encode()))
    return Conversion(courses, tuple(files))
