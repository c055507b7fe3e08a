"""Live preview: re-extract when a deck in the slides folder changes, so the browser reloads.

MkDocs' live-reload server watches ``source_slides/`` (see :mod:`deckdocs.site.plugin`); every
rebuild asks :func:`decks_stamp` whether a deck changed since the last one and, if so, calls
:func:`extract_into`. Extraction writes only files whose bytes change, so an unchanged deck
causes no second rebuild, and a deck caught half-saved is simply read again on the next save.
"""

from __future__ import annotations

import logging
from pathlib import Path

from deckdocs.errors import DeckdocsError

log = logging.getLogger("mkdocs.plugins.deckdocs")

Stamp = tuple[tuple[str, int, int], ...]


def decks_stamp(source_dir: Path) -> Stamp:
    """Return (name, size, mtime) of every file in ``source_dir``: it changes when a deck does.

    Lock and temporary files that PowerPoint (``~$deck.pptx``) and LibreOffice
    (``.~lock.deck.pptx#``) create while a deck is open are left out: opening a deck is not
    changing it.
    """
    if not source_dir.is_dir():
        return ()
    stamp = []
    for path in source_dir.iterdir():
        if path.name.startswith(("~$", ".")):
            continue
        try:
            info = path.stat()
        except FileNotFoundError:
            continue  # removed while we looked: the next stamp will say so
        if path.is_file():
            stamp.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamp))


def extract_into(source_dir: Path, docs_dir: Path) -> bool:
    """Re-extract every deck in ``source_dir`` into ``docs_dir``; log, never raise, on bad input.

    A deck that cannot be read, or a page edited by hand, leaves ``docs_dir`` as it was and is
    logged as an error (shown in the terminal running the preview). Returns whether any file
    in ``docs_dir`` changed.
    """
    from deckdocs.cache import CACHE_DIR
    from deckdocs.pipeline import convert, find_decks
    from deckdocs.snapshot import find_soffice
    from deckdocs.write import root_deck, write_docs

    try:
        conversion = convert(find_decks(source_dir), root_deck=root_deck(docs_dir), docs_dir=docs_dir,
                             soffice=find_soffice(),
                             cache_dir=docs_dir.parent / CACHE_DIR)
        plan = write_docs(conversion.files, docs_dir)
    except DeckdocsError as exc:
        log.error("deckdocs: %s", exc.message)
        return False
    for problem in conversion.problems:  # a notes question left out, a shape not read whole
        log.warning("deckdocs: %s", problem.message)
    for change in plan.changes:
        log.info("deckdocs: %s", change)
    return bool(plan.changes)
