"""``deckdocs new FOLDER [DECK …]``: a course project to start from.

The project holds only what its people edit or keep: a ``mkdocs.yml`` of commented examples
(deckdocs' embedded config does the rest), ``source_slides/`` with the Chinese editors' guide and
the commented ``glossary.yml`` and ``quiz.yml``, a ``.gitignore``, and the GitHub Pages workflow.

A folder is used when it is missing or empty, or when all it holds is part of such a project
(the files below, decks in ``source_slides/``, what builds leave: ``docs/``, ``site/``, the
cache, the exports; a ``.git`` folder): then only the missing files are written, and no file is
ever replaced. Anything else in it (a stray file, another kind of project) refuses the folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _, shown
from deckdocs.pipeline import DECK_SUFFIXES

SKELETON = Path(__file__).parent / "skeleton"
GUIDE = "source_slides/README.md"
# project path → packaged file
FILES = {
    "mkdocs.yml": SKELETON / "mkdocs.yml",
    GUIDE: SKELETON / GUIDE,
    "source_slides/glossary.yml": SKELETON / "source_slides" / "glossary.yml",
    "source_slides/quiz.yml": SKELETON / "source_slides" / "quiz.yml",
    ".gitignore": SKELETON / "gitignore",
    ".github/workflows/pages.yml": SKELETON / "github" / "pages.yml",
}
_FOLDERS = {"source_slides", ".github", ".github/workflows"}
# What a project's own runs leave in it (pages, the site, the cache, exports): not looked into.
_MADE = {".git", "docs", "site", ".deckdocs-cache", "course-scorm.zip", "quiz-qti.zip"}

# The guide is this repository's source_slides/README.md; its first part is about our own
# course deck, so a new project's guide starts with its own introduction instead.
GUIDE_INTRO = """# source_slides

课程的原稿（.pptx 课件）放在这个目录里。每个课件成为网站里的一门课程；用 PowerPoint、WPS 或 LibreOffice
打开、修改、保存（保持 .pptx 格式和文件名），然后在项目目录运行 `deckdocs build`。

Put the course decks (.pptx) in this folder; each deck becomes a course of the site.

"""


@dataclass(frozen=True)
class NewProject:
    folder: Path
    written: tuple[str, ...]  # project paths, in the order written
    kept: tuple[str, ...]  # files that were there already and were left as they are

    @property
    def has_deck(self) -> bool:
        slides = self.folder / "source_slides"
        return any(p.suffix.lower() in DECK_SUFFIXES for p in slides.iterdir()) if slides.is_dir() else False


def guide_text() -> str:
    """Return the editors' guide for a new project: its own introduction, then every section of ours."""
    text = FILES[GUIDE].read_text(encoding="utf-8")
    start = text.find("\n## ")
    return GUIDE_INTRO + (text[start + 1:] if start >= 0 else text)


def start_project(folder: Path, decks: tuple[Path, ...] = ()) -> NewProject:
    """Write a course project into ``folder`` (created when missing), with ``decks`` copied into
    ``source_slides/``; return what was written.

    Raises:
        DeckdocsError: the folder holds something that is not part of a project (nothing is
            written then), or a deck is missing or not a .pptx.
    """
    for deck in decks:
        if not deck.is_file():
            raise DeckdocsError(_("no such deck"), path=str(deck), hint=_("Check the file name."))
        if deck.suffix.lower() not in DECK_SUFFIXES:
            raise DeckdocsError(_("not a PowerPoint deck (.pptx)"), path=str(deck),
                                hint=_("Open it and save it as PowerPoint (.pptx), then name that file."))
    if folder.exists() and not folder.is_dir():
        raise DeckdocsError(_("a file is in the way of the project folder"), path=str(folder),
                            hint=_("Choose another name."))
    foreign = _foreign(folder) if folder.is_dir() else []
    if foreign:
        raise DeckdocsError(_("the folder is not empty ({name} is not part of a deckdocs project)").format(
                                name=shown(foreign[0])), path=str(folder),
                            hint=_("Name a new or empty folder, e.g. deckdocs new my-course."))
    written, kept = [], []
    for name, source in FILES.items():
        target = folder / name
        if target.exists():
            kept.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(guide_text() if name == GUIDE else source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(name)
    for deck in decks:
        target = folder / "source_slides" / deck.name
        if target.exists():
            kept.append(target.relative_to(folder).as_posix())
            continue
        shutil.copyfile(deck, target)
        written.append(target.relative_to(folder).as_posix())
    return NewProject(folder, tuple(written), tuple(kept))


def _foreign(folder: Path, under: Path | None = None) -> list[str]:
    """Return what ``folder`` (or its subfolder ``under``) holds that a new project would not,
    as project paths, sorted."""
    foreign = []
    for path in sorted((under or folder).iterdir()):
        name = path.relative_to(folder).as_posix()
        is_deck = path.parent == folder / "source_slides" and path.suffix.lower() in DECK_SUFFIXES
        if name in _MADE or (name in FILES or is_deck) and path.is_file():
            continue
        if name in _FOLDERS and path.is_dir():
            foreign += _foreign(folder, path)
        else:
            foreign.append(name)
    return foreign
