"""Live preview: re-extract when a deck in the slides folder changes, so the browser reloads."""

from __future__ import annotations

import logging
from pathlib import Path

from deckdocs.errors import DeckdocsError

log = logging.getLogger("mkdocs.plugins.deckdocs")


def decks_stamp(source_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Return (name, size, mtime) of every file in ``source_dir``: it changes when a deck does."""
    if not source_dir.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                        for p in source_dir.iterdir() if p.is_file()))


def extract_into(source_dir: Path, docs_dir: Path) -> bool:
    """Re-extract every deck in ``source_dir`` into ``docs_dir``; log, never raise, on bad input.

    Returns whether docs changed.
    """
    from deckdocs.pipeline import convert, find_decks
    from deckdocs.write import write_docs

    try:
        plan = write_docs(convert(find_decks(source_dir)).files, docs_dir)
    except DeckdocsError as exc:
        log.error("deckdocs: %s", exc.message)
        return False
    for change in plan.changes:
        log.info("deckdocs: %s", change)
    return bool(plan.changes)
