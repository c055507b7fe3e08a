"""The project's cache (``.deckdocs-cache/`` beside ``docs/``): decks already read, and what
slow-to-import libraries answered (:mod:`deckdocs.lang.memo`: pypinyin's pinyin, jieba's words).

A deck is read and arranged once per content: the entry is named by the SHA-256 of the deck's
bytes and by a stamp of the code that read it (every deckdocs module, python-pptx and lxml), so
a changed deck or another version of deckdocs simply misses. Entries are JSON of the model's
dataclasses (never pickle: a cache file planted in a repository must not run code), written
atomically, and carry a checksum of their body: a truncated, corrupted or foreign entry is
ignored and the deck read again. The folder holds a ``.gitignore`` of ``*``, so it stays out
of git in any project.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import json
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path

from deckdocs import model
from deckdocs.glossary import concepts
from deckdocs.lang import pinyin
from deckdocs.lang.memo import LibraryMemo, library_stamp
from deckdocs.messages import language
from deckdocs.model import ArrangedSlide, Box, Deck, Image, Run

CACHE_DIR = ".deckdocs-cache"
FORMAT = 1
KEEP_ENTRIES = 64  # older deck entries are removed beyond this many
_LIBRARIES = ("pptx", "lxml")  # their versions can change what a deck reads as
_CLASSES = {cls.__name__: cls for cls in vars(model).values() if isinstance(cls, type) and is_dataclass(cls)}
_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in _CLASSES.values()}
_ENUMS = {cls.__name__: cls for cls in vars(model).values()
          if isinstance(cls, type) and issubclass(cls, enum.Enum) and cls.__module__ == model.__name__}


class DeckCache:
    """The cache folder of one project; every method is safe to call when it is unusable."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._used: set[str] = set()

    # ------------------------------------------------------------ decks

    def load(self, digest: str, shown: str) -> tuple[Deck, tuple[ArrangedSlide, ...]] | None:
        """Return the deck and its arranged slides cached for a deck whose bytes hash to ``digest``,
        named ``shown`` as the deck is now; None when there is no sound entry."""
        path = self._deck_path(digest)
        body = _read_entry(path, {"deck": digest, "code": code_stamp(), "messages": language()})
        if body is None:
            return None
        try:
            images = {key: base64.b64decode(data, validate=True) for key, data in body["images"].items()}
            deck, arranged = decode(body["value"], images)
        except Exception:  # an entry that does not decode is a miss, whatever is wrong with it
            return None
        if not isinstance(deck, Deck) or not all(isinstance(s, ArrangedSlide) for s in arranged):
            return None
        self._used.add(path.name)
        return replace(deck, path=shown), arranged

    def store(self, digest: str, deck: Deck, arranged: tuple[ArrangedSlide, ...]) -> None:
        """Keep a deck just read; a cache that cannot be written is left alone."""
        images: dict[str, str] = {}
        value = json_chunks((replace(deck, path=""), arranged), images)
        body = b"".join([b'{"value":', *value, b',"images":', _json(images), b"}"])
        del value  # the pieces: from here only the joined body is held
        path = self._deck_path(digest)
        if _write_entry(self.folder, path, {"deck": digest, "code": code_stamp(), "messages": language()}, body):
            self._used.add(path.name)
            self._prune()

    def _deck_path(self, digest: str) -> Path:
        # A deck's problems are kept in the language the editor reads them in: one entry per language.
        return self.folder / "decks" / f"{code_stamp()[:16]}-{language()}-{digest}.json"

    def _prune(self) -> None:
        """Remove entries of other code, and all but the newest ``KEEP_ENTRIES`` of this code."""
        try:
            entries = [p for p in (self.folder / "decks").iterdir() if p.suffix == ".json"]
            current = code_stamp()[:16]
            stale = [p for p in entries if not p.name.startswith(current)]
            kept = sorted((p for p in entries if p.name.startswith(current) and p.name not in self._used),
                          key=lambda p: p.stat().st_mtime, reverse=True)
            for path in stale + kept[max(KEEP_ENTRIES - len(self._used), 0):]:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # pruning is housekeeping

    # ------------------------------------------------------------ libraries' answers

    def load_memos(self) -> None:
        """Give every library's memo the answers saved for the installed version of the library."""
        for memo in _memos():
            body = _read_entry(self._memo_path(memo), {"library": memo.library, "stamp": memo.stamp()})
            if isinstance(body, dict):
                memo.remember(body)

    def store_memos(self) -> None:
        """Save the memo of every library this run asked anything new (one entry a library)."""
        for memo in _memos():
            if memo.has_new_answers() and _write_entry(self.folder, self._memo_path(memo),
                                                       {"library": memo.library, "stamp": memo.stamp()}, _json(memo.memo())):
                memo.mark_saved()

    def _memo_path(self, memo: LibraryMemo) -> Path:
        return self.folder / f"{memo.library}.json"


def _memos() -> tuple[LibraryMemo, ...]:
    """Return the memo of every library the pipeline asks (looked up on each call)."""
    return pinyin.MEMO, concepts.MEMO


# ---------------------------------------------------------------- entries


def _read_entry(path: Path, expected: dict) -> object | None:
    """Return an entry's body when its header matches ``expected`` and its checksum its body."""
    try:
        header_line, _, body_line = path.read_bytes().partition(b"\n")
        header = json.loads(header_line)
        if header != {"format": FORMAT, **expected, "sha256": hashlib.sha256(body_line).hexdigest()}:
            return None
        return json.loads(body_line)
    except (OSError, ValueError):
        return None


def _write_entry(folder: Path, path: Path, header: dict, data: bytes) -> bool:
    """Write an entry (header line, body line: ``data``, JSON on one line) atomically into the
    cache ``folder``; return whether it was written."""
    from deckdocs.write import write_file

    head = json.dumps({"format": FORMAT, **header, "sha256": hashlib.sha256(data).hexdigest()}).encode()
    try:
        if not (folder / ".gitignore").exists():
            write_file(folder / ".gitignore", b"# deckdocs' cache: never commit it\n*\n")
        write_file(path, head + b"\n" + data)
        return True
    except OSError:
        return False


@cache
def code_stamp() -> str:
    """Return a hash of everything that decides what a deck reads as: deckdocs' modules, the
    installed python-pptx and lxml (their location, size and time, found without importing), and
    the messages' catalogues (the problems a deck keeps are worded by them)."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent
    for source in sorted([*package.glob("*.py"), *package.glob("read/*.py"), *package.glob("lang/*.py"),
                          *package.glob("glossary/*.py"), *package.glob("messages/*/LC_MESSAGES/*.mo")]):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    for name in _LIBRARIES:
        digest.update(f"{name}:{library_stamp(name)}\n".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- JSON of the model


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_chunks(value, images: dict[str, str], depth: int = 3) -> list[bytes]:
    """Return the JSON of ``encode(value, images)`` in pieces, the same bytes once joined.

    The tuples and dataclasses of the first ``depth`` levels are written item by item: a deck
    of thousands of slides is never held encoded whole (its encoded form takes five times the
    memory of its JSON: 190 MB at 5,000 slides).
    """
    out: list[bytes] = []

    def write(value, depth: int) -> None:
        kind = type(value)
        if depth and kind is tuple:
            out.append(b"[")
            for n, item in enumerate(value):
                if n:
                    out.append(b",")
                write(item, depth - 1)
            out.append(b"]")
        elif depth and kind in _FIELD_NAMES and kind not in (Run, Box, Image):  # as encode() writes it
            out.append(b'{"@":' + _json(kind.__name__) + b',"f":[')
            for n, name in enumerate(_FIELD_NAMES[kind]):
                if n:
                    out.append(b",")
                write(getattr(value, name), depth - 1)
            out.append(b"]}")
        else:
            out.append(_json(encode(value, images)))

    write(value, depth)
    return out


def encode(value, images: dict[str, str]):
    """Return ``value`` (model dataclasses, enums, tuples, text, numbers) as JSON-ready data;
    pictures' bytes go into ``images`` once each, by hash."""
    kind = type(value)
    if kind is tuple:
        return [encode(item, images) for item in value]
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is Run:  # the commonest objects, whose fields are all plain values
        return {"@": "Run", "f": [value.text, value.is_bold, value.is_italic, value.href]}
    if kind is Box:
        return {"@": "Box", "f": [value.left_emu, value.top_emu, value.width_emu, value.height_emu]}
    if kind is Image:
        if value.sha1 not in images:
            images[value.sha1] = base64.b64encode(value.data).decode("ascii")
        return {"@image": value.sha1, "ext": value.ext}
    names = _FIELD_NAMES.get(kind)
    if names is not None:
        return {"@": kind.__name__, "f": [encode(getattr(value, name), images) for name in names]}
    if isinstance(value, enum.Enum):
        return {"@enum": kind.__name__, "value": value.value}
    raise TypeError(f"cannot cache a {kind.__name__}")


def decode(data, images: dict[str, bytes]):
    """Return the value :func:`encode` gave ``data`` for; raises on anything else.

    A picture used on many slides becomes one :class:`Image`, as python-pptx shares its part.
    """
    pictures: dict[tuple[str, str], Image] = {}

    def value(data):
        if isinstance(data, list):
            return tuple(value(item) for item in data)
        if isinstance(data, dict):
            if "@image" in data:
                key = (data["@image"], data["ext"])
                if key not in pictures:
                    pictures[key] = Image(images[key[0]], key[1])
                return pictures[key]
            if "@enum" in data:
                return _ENUMS[data["@enum"]](data["value"])
            return _CLASSES[data["@"]](*(value(item) for item in data["f"]))
        if data is None or isinstance(data, (str, int, float)):
            return data
        raise TypeError(f"unexpected {type(data).__name__} in a cache entry")

    return value(data)
