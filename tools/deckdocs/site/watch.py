"""Live preview: re-extract when a deck in the slides folder is saved, text first, pictures after.

While MkDocs serves, a :class:`DeckWatcher` thread (started by the plugin's ``on_serve``) looks
at the slides folder every ``POLL_S``. When a deck was saved it re-extracts the pages without
rendering (a fraction of a second: the changed slide keeps its last picture) and writes them;
MkDocs sees ``docs/`` change and rebuilds once, so the open page shows the new text. Only after
that rebuild is LibreOffice asked for the changed slides' pictures, which a second extract
writes: a second rebuild, the picture following the text. MkDocs never watches the decks
themselves, so a save is never rebuilt for twice (once for the deck, once for ``docs/``).

Extraction writes only files whose bytes change, so an unchanged deck causes no rebuild, and a
deck caught half-saved is logged and read again when its stamp changes on the next save.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _

log = logging.getLogger("mkdocs.plugins.deckdocs")

Stamp = tuple[tuple[str, int, int], ...]
POLL_S = 0.1  # a stat of each file in source_slides/: cheap, and a tenth of the 2 s an edit may take to show
TEXT_BUILD_WAIT_S = 30.0  # the pictures wait this long at most for the text's rebuild
STOP_WAIT_S = 10.0  # an extract under way when serving stops: LibreOffice may be rendering (a daemon thread)


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
    """Re-extract every deck in ``source_dir`` into ``docs_dir``, pictures included; log, never raise.

    Returns whether any file in ``docs_dir`` changed.
    """
    from deckdocs.snapshot import find_soffice

    text = extract_text(source_dir, docs_dir)
    if text is None:
        return False
    pictures = text.wants_pictures and extract_pictures(source_dir, docs_dir, find_soffice())
    return text.changed or pictures


@dataclass(frozen=True)
class Extracted:
    """What one extract did: whether ``docs/`` changed and whether slides wait for their pictures."""

    changed: bool
    wants_pictures: bool  # a changed or new slide shows an old picture, or none yet


def extract_text(source_dir: Path, docs_dir: Path) -> Extracted | None:
    """Re-extract without rendering (changed slides keep their last picture); None on bad input."""
    return _extract(source_dir, docs_dir, soffice=None)


def extract_pictures(source_dir: Path, docs_dir: Path, soffice: str | None) -> bool:
    """Re-extract rendering the slides whose pictures are out of date; return whether docs changed."""
    done = _extract(source_dir, docs_dir, soffice=soffice) if soffice else None
    return bool(done and done.changed)


def _extract(source_dir: Path, docs_dir: Path, *, soffice: str | None) -> Extracted | None:
    """Extract and write; None after logging the error.

    A deck that cannot be read, or a page edited by hand, leaves ``docs_dir`` as it was and is
    logged as an error (shown in the terminal running the preview).
    """
    from deckdocs.cache import CACHE_DIR
    from deckdocs.pipeline import convert, find_decks
    from deckdocs.write import root_deck, write_docs

    try:
        conversion = convert(find_decks(source_dir), root_deck=root_deck(docs_dir), docs_dir=docs_dir,
                             soffice=soffice, cache_dir=docs_dir.parent / CACHE_DIR)
        plan = write_docs(conversion.files, docs_dir)
    except DeckdocsError as exc:
        log.error(_("deckdocs: {message}").format(message=exc.message))
        return None
    for problem in conversion.problems:  # a notes question left out, a shape not read whole
        log.warning(_("deckdocs: {message}").format(message=problem.message))
    for change in plan.changes:
        log.info(_("deckdocs: {message}").format(message=change))
    return Extracted(bool(plan.changes), bool(conversion.snapshots.stale or conversion.snapshots.missing))


class DeckWatcher:
    """A thread that re-extracts saved decks into ``docs/`` while MkDocs serves (see the module).

    Builds and extracts take turns (:meth:`build_started`, :meth:`build_ended`): both use
    jieba, whose dictionary the search index borrows during a build.
    """

    def __init__(self, source_dir: Path, docs_dir: Path, *, soffice: str | None) -> None:
        self.source_dir = source_dir
        self.docs_dir = docs_dir
        self.soffice = soffice
        self._turn = threading.Lock()  # held by a build or by an extract
        self._building = False  # the build holds _turn (a Lock any thread could release)
        self._builds = threading.Condition()
        self._builds_ended = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="deckdocs-watch", daemon=True)

    def start(self) -> None:
        self._stamp = decks_stamp(self.source_dir)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; an extract under way finishes first (it writes all or nothing).

        Called when the server stops, possibly in the middle of a build (Ctrl-C): the build's
        turn is given back, or an extract waiting for it would never end.
        """
        self._stopping.set()
        self.build_ended()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=STOP_WAIT_S)

    def build_started(self) -> None:
        """Wait for an extract under way to finish writing, then hold extracts off until build_ended."""
        self._turn.acquire()
        self._building = True

    def build_ended(self) -> None:
        if self._building:
            self._building = False
            self._turn.release()
        with self._builds:
            self._builds_ended += 1
            self._builds.notify_all()

    def _run(self) -> None:
        while not self._stopping.wait(POLL_S):
            stamp = decks_stamp(self.source_dir)
            if stamp == self._stamp:
                continue
            if self._stopping.wait(POLL_S) or decks_stamp(self.source_dir) != stamp:
                continue  # still being written: extract once it holds still
            self._stamp = stamp
            self._refresh()

    def _refresh(self) -> None:
        with self._builds:
            builds = self._builds_ended
        with self._turn:
            text = extract_text(self.source_dir, self.docs_dir)
        if not (text and text.wants_pictures and self.soffice):
            return
        if text.changed:  # the text's rebuild first: the page shows the edit while LibreOffice renders
            with self._builds:
                self._builds.wait_for(lambda: self._builds_ended > builds or self._stopping.is_set(),
                                      timeout=TEXT_BUILD_WAIT_S)
        if self._stopping.is_set() or decks_stamp(self.source_dir) != self._stamp:
            return  # saved again meanwhile: its text goes first
        log.info(_("deckdocs: rendering the changed slides' pictures"))
        with self._turn:
            extract_pictures(self.source_dir, self.docs_dir, self.soffice)
