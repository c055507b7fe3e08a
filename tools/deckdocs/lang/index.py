"""A machine-wide index of a library's dictionary, so that a run looks up a few words in it
instead of loading all of it.

pypinyin loads 47,000 phrases when it is imported, for a run that meets a few dozen. A
:class:`LibraryIndex` is an SQLite file of such a dictionary's entries, built once per machine
from the library's own data (like jieba's own cache of its dictionary in the temporary folder)
and named by :func:`deckdocs.lang.memo.library_stamp`: another version of the library builds another
index, and the old one is removed. A missing, damaged or foreign file is built again; when no
index can be had (a read-only home, a broken SQLite), :meth:`LibraryIndex.lookup` returns None
and the caller loads the library whole. The entries are the library's: the index only decides
how many of them a run reads.

The folder is ``$DECKDOCS_INDEX_DIR``, else ``$XDG_CACHE_HOME/deckdocs``, else ``~/.cache/deckdocs``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from deckdocs.lang.memo import library_stamp

FORMAT = 2
_CHUNK = 500  # keys per query, well under SQLite's limit on parameters


def index_dir() -> Path:
    """Return the folder of the machine-wide indexes."""
    if os.environ.get("DECKDOCS_INDEX_DIR"):
        return Path(os.environ["DECKDOCS_INDEX_DIR"])
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "deckdocs"


class LibraryIndex:
    """The index of one library's data: entries of a few kinds (a dictionary's words, a
    model's rows …), each a text key with an optional text value."""

    def __init__(self, library: str, entries: Callable[[], Iterable[tuple[str, str, str | None]]]):
        self.library = library
        self._entries = entries  # yields the library's own (kind, key, value); run only to build
        self._db: sqlite3.Connection | None = None
        self._failed = False

    def lookup(self, kind: str, keys: Iterable[str]) -> dict[str, str | None] | None:
        """Return the entries of ``kind`` among ``keys`` (key → value; keys the library does not
        have are left out), or None when no index can be had."""
        keys = sorted(set(keys))
        for attempt in range(2):  # a damaged index is built again once
            db = self._open(rebuild=attempt > 0)
            if db is None:
                return None
            try:
                found: dict[str, str | None] = {}
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start:start + _CHUNK]
                    found.update(db.execute(f"SELECT key, value FROM entries WHERE kind = ? AND key IN "
                                            f"({','.join('?' * len(chunk))})", (kind, *chunk)).fetchall())
                return found
            except sqlite3.Error:
                self.close()
        self._failed = True
        return None

    def longest(self, kind: str) -> int | None:
        """Return the length of the longest key of ``kind``, or None when no index can be had."""
        found = self._meta(f"longest {kind}")
        return int(found) if found is not None else None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def path(self) -> Path:
        stamp = hashlib.sha256(f"{FORMAT}:{library_stamp(self.library)}".encode()).hexdigest()[:16]
        return index_dir() / f"{self.library}-{stamp}.sqlite"

    def _meta(self, name: str) -> str | None:
        db = self._open()
        try:
            row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone() if db else None
        except sqlite3.Error:
            row = None
        return row[0] if row else None

    def _open(self, rebuild: bool = False) -> sqlite3.Connection | None:
        """Return the open index, building it when it is missing, foreign or damaged."""
        if self._failed:
            return None
        if self._db is not None and not rebuild:
            return self._db
        self.close()
        path = self.path()
        if not rebuild:
            self._db = _connect(path, self.library)
            if self._db is not None:
                return self._db
        try:
            self._build(path)
        except (OSError, sqlite3.Error):
            self._failed = True
            return None
        self._db = _connect(path, self.library)
        self._failed = self._db is None
        return self._db

    def _build(self, path: Path) -> None:
        """Write the index to a temporary file beside ``path``, then move it into place (another
        process building the same index at the same time does no harm)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        os.close(handle)
        try:
            db = sqlite3.connect(temporary)
            try:
                db.execute("CREATE TABLE entries (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key)) WITHOUT ROWID")
                db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                longest: dict[str, int] = {}
                rows = []
                for kind, key, value in self._entries():
                    rows.append((kind, key, value))
                    longest[kind] = max(longest.get(kind, 0), len(key))
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
                db.executemany("INSERT INTO meta VALUES (?, ?)", [
                    ("format", str(FORMAT)), ("library", self.library), ("stamp", library_stamp(self.library)),
                    *((f"longest {kind}", str(n)) for kind, n in longest.items())])
                db.commit()
            finally:
                db.close()
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        for other in path.parent.glob(f"{self.library}-*.sqlite"):  # the indexes of other versions
            if other != path:
                other.unlink(missing_ok=True)


def _connect(path: Path, library: str) -> sqlite3.Connection | None:
    """Return a read-only connection to the index at ``path`` when it is this library's, of the
    installed version; None otherwise."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("format") == str(FORMAT) and meta.get("library") == library \
                and meta.get("stamp") == library_stamp(library):
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None
