"""Write generated files into ``docs/``: the only module that writes, and it never loses a page.

``docs/`` mixes generated pages with hand-written ones. A manifest
(``docs/.deckdocs-manifest.json``; MkDocs skips dot-files) records every file deckdocs wrote,
with its hash and the slides behind it, and only files in the manifest are ever replaced or
removed. A generated file edited by hand since the last run stops the run (``force`` keeps a
``.bak`` copy in ``docs/.deckdocs-backups/``, which MkDocs and git leave out, and goes on); a hand-written file where deckdocs would write always stops it.

A run is all or nothing. New contents are staged beside ``docs/`` first; the swap then
replaces each file atomically, keeping the old one, and puts everything back if any step
fails. Should the process die mid-swap, the manifest written before the swap already accepts
both the old and the new bytes of every file, so the next run neither loses a page nor calls
a half-swapped page a hand edit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from deckdocs.errors import DeckdocsError, HandEditedError
from deckdocs.messages import N_, _, ngettext, shown
from deckdocs.model import OutputFile

MANIFEST = ".deckdocs-manifest.json"
# --force keeps hand edits here: MkDocs publishes no dot-folder, and a .gitignore in it keeps it out of git.
BACKUP_DIR = ".deckdocs-backups"
STAGING_PREFIX = ".deckdocs-staging-"
_LISTED = 5  # files named in one error message before "and N more"


@dataclass(frozen=True)
class Change:
    """One file a run adds, changes or removes, and the slides behind it."""

    path: str
    kind: str  # "added", "changed" or "removed"
    detail: str = ""  # e.g. "slide 9 changed; slide 20 added"

    def __str__(self) -> str:
        kind = {"added": _("{path}: added"), "changed": _("{path}: changed"), "removed": _("{path}: removed")}
        return kind.get(self.kind, "{path}").format(path=self.path) + \
            (_(" ({detail})").format(detail=self.detail) if self.detail else "")


@dataclass(frozen=True)
class Plan:
    """What a run does to ``docs/``, worked out before anything is written."""

    writes: tuple[OutputFile, ...]  # files whose bytes on disk change
    removals: tuple[str, ...]
    changes: tuple[Change, ...]
    hand_edited: tuple[str, ...]  # generated files changed by hand since the last run
    foreign: tuple[str, ...]  # hand-written files where deckdocs would write
    manifest: str  # the manifest's text after the run
    backups: tuple[str, ...] = ()  # .bak copies made (``force``), docs-relative


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- the manifest


def is_safe_path(path: str) -> bool:
    """Return whether ``path`` is a plain docs-relative POSIX path (no ``..``, not absolute)."""
    if not path or "\\" in path or ":" in path or "\x00" in path:
        return False
    parts = PurePosixPath(path).parts
    return not path.startswith("/") and all(part not in ("", ".", "..") for part in parts) and path != MANIFEST


def read_manifest(docs_dir: Path) -> dict[str, dict]:
    """Return the manifest's file records by path; empty when there is none yet.

    Raises:
        DeckdocsError: the manifest exists but is not one deckdocs wrote.
    """
    path = docs_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        records = {name: dict(record) for name, record in files.items()}
        if not all(is_safe_path(name) and isinstance(r.get("sha256"), str) for name, r in records.items()):
            raise ValueError("a record has an unsafe path or no hash")
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DeckdocsError(_("the manifest is damaged ({error}: {detail})").format(error=type(exc).__name__, detail=exc),
                            path=str(path),
                            hint=_("Restore it from git (git checkout -- docs/.deckdocs-manifest.json).")) from None
    return records


def _is_ours(record: dict, disk_hash: str) -> bool:
    return disk_hash == record["sha256"] or disk_hash in record.get("previous", ())


def _slide_records(f: OutputFile) -> dict[str, str]:
    """Return a file's slides as manifest keys: "9", or "deck.pptx#9" for a site-wide file."""
    return {**{str(n): h for n, h in f.slides}, **{f"{deck}#{n}": h for deck, n, h in f.deck_slides}}


def _records(files: tuple[OutputFile, ...]) -> dict[str, dict]:
    return {f.path: {"sha256": sha256(f.content), "source": f.source, "slides": _slide_records(f),
                     **({"parts": dict(f.parts)} if f.parts or _is_page(f.path) else {})} for f in files}


def root_deck(docs_dir: Path) -> str | None:
    """Return the deck whose course home is ``docs/index.md`` (its file name), per the manifest.

    Raises:
        DeckdocsError: the manifest is damaged.
    """
    record = read_manifest(docs_dir).get("index.md")
    return (record.get("source") or None) if record else None


def course_folders(docs_dir: Path) -> dict[str, str]:
    """Return the folder each deck's course has in ``docs_dir`` (deck file name → folder), per
    the manifest; a course at the root of docs/ has none.

    Raises:
        DeckdocsError: the manifest is damaged.
    """
    return {record["source"]: path.rsplit("/", 1)[0] for path, record in sorted(read_manifest(docs_dir).items())
            if path.endswith("/index.md") and path.count("/") == 1 and record.get("source")}


def _manifest_text(records: dict[str, dict]) -> str:
    data = {"generator": "deckdocs",
            "note": "Files deckdocs wrote; it replaces or removes only these.",
            "files": dict(sorted(records.items()))}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- planning


def _disk_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes()) if path.is_file() else None
    except FileNotFoundError:
        return None


def plan_docs(files: tuple[OutputFile, ...], docs_dir: Path) -> Plan:
    """Return what writing ``files`` into ``docs_dir`` would do, without writing.

    Raises:
        DeckdocsError: the manifest is damaged, or a file has an unsafe path (a bug).
    """
    manifest = read_manifest(docs_dir)
    writes, changes, hand_edited, foreign = [], [], [], []
    for f in sorted(files, key=lambda f: f.path):
        if not is_safe_path(f.path):
            raise DeckdocsError(_("refusing to write outside docs/: '{path}'").format(path=shown(f.path)), path=str(docs_dir))
        on_disk = _disk_hash(docs_dir / f.path)
        new = sha256(f.content)
        record = manifest.get(f.path)
        if on_disk == new:
            continue  # nothing to write; the manifest takes the file over if it had no record
        if record is None and on_disk is not None:
            foreign.append(f.path)
            continue
        writes.append(f)
        if on_disk is None:
            changes.append(Change(f.path, "added", _added_detail(f)))
        else:
            if not _is_ours(record, on_disk):
                hand_edited.append(f.path)
            changes.append(Change(f.path, "changed", _changed_detail(record, f)))
    removals = []
    for path in sorted(set(manifest) - {f.path for f in files}):
        on_disk = _disk_hash(docs_dir / path)
        if on_disk is None:
            continue
        if not _is_ours(manifest[path], on_disk):
            hand_edited.append(path)
        removals.append(path)
        changes.append(Change(path, "removed", _removed_detail(path, manifest[path])))
    return Plan(tuple(writes), tuple(removals), tuple(changes), tuple(sorted(hand_edited)), tuple(foreign),
                _manifest_text(_records(files)))


def compare_files(old: tuple[OutputFile, ...], new: tuple[OutputFile, ...]) -> tuple[Change, ...]:
    """Return what replacing one run's files by another's changes, as :func:`plan_docs` reports it
    (without a docs/ folder: the old files stand for what is on disk)."""
    records = _records(old)
    changes = []
    for f in sorted(new, key=lambda f: f.path):
        record = records.get(f.path)
        if record is None:
            changes.append(Change(f.path, "added", _added_detail(f)))
        elif record["sha256"] != sha256(f.content):
            changes.append(Change(f.path, "changed", _changed_detail(record, f)))
    changes += [Change(path, "removed", _removed_detail(path, records[path]))
                for path in sorted(set(records) - {f.path for f in new})]
    return tuple(changes)


def _is_page(path: str) -> bool:
    return path.endswith(".md")


def _is_picture(path: str) -> bool:
    return path.rsplit(".", 1)[-1].lower() in ("png", "jpg", "jpeg", "gif", "bmp", "webp")


SlideKey = tuple[str, int]  # (deck, number); deck "" for a page's own deck


def _key(text: str) -> SlideKey:
    deck, _, number = text.rpartition("#")
    return deck, int(number)


def _about(path: str, keys) -> str:
    """Return "slides 3–7" for a page, "picture on slide 5" for a picture, "" otherwise."""
    if not keys:
        return ""
    if _is_page(path):
        return _by_deck(keys)
    return _("picture on {slides}").format(slides=_by_deck(keys)) if _is_picture(path) else ""


def _by_deck(keys) -> str:
    """Return "slides 3–7", or "a.pptx slide 2, b.pptx slides 1–4" for a site-wide file."""
    decks: dict[str, list[int]] = {}
    for deck, number in sorted(keys):
        decks.setdefault(deck, []).append(number)
    return _(", ").join(_("{deck} {slides}").format(deck=shown(deck), slides=_numbers(numbers)) if deck
                        else _numbers(numbers) for deck, numbers in decks.items())


def _numbers(numbers) -> str:
    """Return "slide 3", "slides 3–7" or "slides 1, 3, 5–7"."""
    numbers = sorted(set(numbers))
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    text = _(", ").join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)
    return (_("slide {numbers}") if len(numbers) == 1 else _("slides {numbers}")).format(numbers=text)


def _added_detail(f: OutputFile) -> str:
    return _about(f.path, [_key(k) for k in _slide_records(f)])


def _removed_detail(path: str, record: dict) -> str:
    about = _about(path, [_key(k) for k in record.get("slides", {})])
    return _("was {about}").format(about=about) if about else ""


def _changed_detail(record: dict, new: OutputFile) -> str:
    """Return which slides behind a page changed, matching slides by content, not number.

    Inserting a slide renumbers every later one; those slides did not change, so they are
    reported together as renumbered rather than each as changed. A site-wide page (quiz.md)
    of several decks names the deck of each slide.
    """
    before = {_key(k): h for k, h in record.get("slides", {}).items()}
    after = {_key(k): h for k, h in _slide_records(new).items()}
    kept = Counter(before.values()) & Counter(after.values())

    def unmatched(slides: dict[SlideKey, str]) -> list[SlideKey]:
        left = kept.copy()
        out = []
        for key in sorted(slides):
            if left[slides[key]] > 0:
                left[slides[key]] -= 1
            else:
                out.append(key)
        return out

    fresh, gone = unmatched(after), unmatched(before)
    events = [(key, "changed") for key in fresh if key in gone]
    events += [(key, "added") for key in fresh if key not in gone]
    events += [(key, "removed") for key in gone if key not in fresh]
    notes: dict[str, list[str]] = {}
    for (deck, number), what in sorted(events):
        if deck:  # a site-wide page: one note per deck and kind, "b.pptx: slides 1–4 added"
            numbers = [n for (d, n), w in events if d == deck and w == what]
            note = _(_EVENTS[what]).format(thing=_numbers(numbers))
            if note not in notes.get(deck, []):
                notes.setdefault(deck, []).append(note)
        else:
            notes.setdefault(deck, []).append(_(_EVENTS[what]).format(thing=_numbers([number])))
    # A manifest from before deck names were recorded keys a site-wide page's slides by number only.
    moved = sum(1 for key, h in after.items() if key not in fresh and before.get(key, before.get(("", key[1]))) != h)
    if moved:
        notes.setdefault("", []).append(ngettext("{n} slide renumbered", "{n} slides renumbered", moved).format(n=moved))
    text = _("; ").join(_("{deck}: {notes}").format(deck=shown(deck), notes=_("; ").join(n)) if deck
                        else _("; ").join(n) for deck, n in sorted(notes.items()))
    if not _is_page(new.path):
        return _about(new.path, list(after))
    # A manifest from before parts were recorded cannot tell what changed among them: say nothing.
    parts = _part_notes(record["parts"], dict(new.parts)) if "parts" in record else []
    return _("; ").join(t for t in (text, *parts) if t)


def _part_notes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Return what changed among the other things a page shows: its questions ("2 questions on
    slide 13 changed"), its glossary terms ("征信 added"), its shared parts ("course list changed",
    "course 乙课程 added"), a chapter's quiz size on a home page (only when it changed: one that
    comes or goes with its chapter is told by the chapter's slides).

    A question is matched by its id, wherever its slide moved; its record holds its slide's
    fingerprint and its markdown's hash. A question whose wording changed keeps its id (quiz.yml);
    one whose slide's content changed gets a new id, so on a slide whose content changed a
    question gone and one new are reported together as changed. On a slide that did not change,
    they are what they are: one question dropped, another chosen in its place.
    """
    def split(parts: dict[str, str]):
        questions, others = {}, {}
        for name, value in parts.items():
            kind, _, rest = name.partition(":")
            if kind == "question":
                where, _, key = rest.rpartition(":")
                fingerprint, _, digest = value.rpartition(":")
                questions[key] = (where, fingerprint, digest)
            else:
                others[name] = value
        return questions, others

    old_questions, old_others = split(before)
    new_questions, new_others = split(after)
    per_slide: dict[str, Counter] = {}
    looks: dict[str, dict[str, set]] = {}  # slide → "added"/"removed" → fingerprints
    for key in sorted(set(old_questions) | set(new_questions)):
        was, now = old_questions.get(key), new_questions.get(key)
        if was is not None and now is not None and was[2] == now[2]:
            continue
        what = "changed" if was is not None and now is not None else "added" if now is not None else "removed"
        where = (now or was)[0]
        per_slide.setdefault(where, Counter())[what] += 1
        looks.setdefault(where, {}).setdefault(what, set()).add((now or was)[1])
    notes = []
    for where, counts in sorted(per_slide.items(), key=lambda item: _key(item[0])):
        seen = looks[where]
        if seen.get("added") and seen.get("removed") and seen["added"] != seen["removed"]:
            paired = min(counts["added"], counts["removed"])  # the slide changed: new ids for old
            counts = Counter(changed=counts["changed"] + paired, added=counts["added"] - paired,
                             removed=counts["removed"] - paired)
        deck, number = _key(where)
        slide = _("{deck} slide {n}").format(deck=shown(deck), n=number) if deck else _("slide {n}").format(n=number)
        notes += [_question_event(what, n).format(n=n, slide=slide)
                  for what in ("changed", "added", "removed") for n in (counts[what],) if n]
    for name in sorted(set(old_others) | set(new_others), key=lambda n: (n.partition(":")[0] != "term", n)):
        if old_others.get(name) == new_others.get(name):
            continue
        what = "changed" if name in old_others and name in new_others else "added" if name in new_others else "removed"
        if what == "changed" or not name.startswith("size:"):  # a quiz size comes and goes with its chapter
            notes.append(_(_EVENTS[what]).format(thing=_part_shown(name)))
    return notes


# What happened to a slide or another thing a page shows: "slide 5 changed", "征信 added".
_EVENTS = {"changed": N_("{thing} changed"), "added": N_("{thing} added"), "removed": N_("{thing} removed")}


def _question_event(what: str, n: int) -> str:
    if what == "changed":
        return ngettext("{n} question on {slide} changed", "{n} questions on {slide} changed", n)
    if what == "added":
        return ngettext("{n} question on {slide} added", "{n} questions on {slide} added", n)
    return ngettext("{n} question on {slide} removed", "{n} questions on {slide} removed", n)


def _part_shown(name: str) -> str:
    """Return how a page's part (see OutputFile.parts) is named in the change report."""
    kind, _unused, rest = name.partition(":")
    if kind == "part" and rest == "course list":
        return _("course list")
    if kind == "part" and rest.startswith("course "):
        return _("course {title}").format(title=shown(rest.removeprefix("course ")))
    if kind == "size" and rest.endswith(" quiz size"):
        return _("{chapter} quiz size").format(chapter=shown(rest.removesuffix(" quiz size")))
    return shown(rest)


# ---------------------------------------------------------------- writing


def write_docs(files: tuple[OutputFile, ...], docs_dir: Path, *, force: bool = False) -> Plan:
    """Bring ``docs_dir`` in line with ``files``, all or nothing, and return what was done.

    Raises:
        HandEditedError: a generated file was edited by hand (and ``force`` is off), or a
            hand-written file sits where deckdocs would write (even with ``force``).
        DeckdocsError: ``docs_dir`` cannot be written; nothing in it was changed.
    """
    plan = plan_docs(files, docs_dir)
    if plan.foreign:
        raise HandEditedError(_("not written by deckdocs, but the slides now generate a page there: {pages}").format(
                                  pages=_listed(plan.foreign)), path=str(docs_dir),
                              hint=_("Rename or move a page you wrote yourself; deckdocs never overwrites it. "
                                     "Delete it if it is an old generated page."))
    if plan.hand_edited and not force:
        raise HandEditedError(_("edited by hand since the last run: {pages}").format(pages=_listed(plan.hand_edited)),
                              path=str(docs_dir),
                              hint=_("Move your edits into the slides (or into a page of your own), or run again with "
                                     "--force (it keeps a copy in {backups}/ and goes on).").format(
                                  backups=docs_dir / BACKUP_DIR))
    old_manifest = _read_bytes(docs_dir / MANIFEST)
    if not (plan.writes or plan.removals) and old_manifest == plan.manifest.encode("utf-8"):
        return plan  # already current: touch nothing, so a live preview does not rebuild
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
        backups = _swap(plan, docs_dir, old_manifest)
    except OSError as exc:
        raise DeckdocsError(_("cannot write the pages ({reason}: {file})").format(reason=exc.strerror or exc,
                                                                                 file=exc.filename or ""),
                            path=str(docs_dir), hint=_("Check that the folder is writable and the disk is "
                                                       "not full; nothing in it was changed.")) from None
    return Plan(plan.writes, plan.removals, plan.changes, plan.hand_edited, plan.foreign, plan.manifest, backups)


def _listed(paths: tuple[str, ...]) -> str:
    listed = _(", ").join(paths[:_LISTED])
    if len(paths) <= _LISTED:
        return listed
    return _("{listed} and {n} more").format(listed=listed, n=len(paths) - _LISTED)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _swap(plan: Plan, docs_dir: Path, old_manifest: bytes | None) -> tuple[str, ...]:
    """Stage, then swap every file in; on any failure put ``docs_dir`` back as it was."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=docs_dir.parent))
    undo: list = []  # callables, run in reverse on failure
    try:
        for f in plan.writes:
            _write_new(staging / "new" / f.path, f.content)
        backups = tuple(_backup(docs_dir, path, undo) for path in plan.hand_edited)
        undo.append(lambda: _restore_bytes(docs_dir / MANIFEST, old_manifest))
        _replace_manifest(docs_dir, staging, _interim_manifest(plan, docs_dir))
        for f in plan.writes:
            _put(staging / "new" / f.path, docs_dir, f.path, staging / "old" / f.path, undo)
        for path in plan.removals:
            _take(docs_dir, path, staging / "old" / path, undo)
        _replace_manifest(docs_dir, staging, plan.manifest)
        return backups
    except BaseException:
        for step in reversed(undo):
            step()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_new(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _interim_manifest(plan: Plan, docs_dir: Path) -> str:
    """Return the manifest valid during the swap: every file's old and new hashes are ours."""
    old = read_manifest(docs_dir)
    records = json.loads(plan.manifest)["files"]
    for path, record in old.items():
        if path in records:
            previous = [record["sha256"], *record.get("previous", ())]
            records[path] = {**records[path], "previous": sorted(set(previous) - {records[path]["sha256"]})}
        else:
            records[path] = record
    return _manifest_text(records)


def _replace_manifest(docs_dir: Path, staging: Path, text: str) -> None:
    staged = staging / MANIFEST
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, docs_dir / MANIFEST)


def _restore_bytes(target: Path, data: bytes | None) -> None:
    if data is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(data)


def _keep(target: Path, keep: Path) -> None:
    """Keep the current bytes of ``target`` at ``keep`` (a hard link when the disk allows)."""
    keep.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(target, keep)
    except OSError:
        shutil.copy2(target, keep)


def _put(source: Path, docs_dir: Path, path: str, keep: Path, undo: list) -> None:
    target = docs_dir / path
    made = _make_parents(target.parent, docs_dir)
    undo.append(lambda: _remove_dirs(made))
    if target.exists():
        _keep(target, keep)
        undo.append(lambda: os.replace(keep, target))
    else:
        undo.append(lambda: target.unlink(missing_ok=True))
    os.replace(source, target)


def _take(docs_dir: Path, path: str, keep: Path, undo: list) -> None:
    target = docs_dir / path
    keep.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, keep)
    undo.append(lambda: (target.parent.mkdir(parents=True, exist_ok=True), os.replace(keep, target)))
    _prune_empty(target.parent, docs_dir)


def _backup(docs_dir: Path, path: str, undo: list) -> str:
    """Copy a hand-edited file to ``.deckdocs-backups/<name>.bak`` (``.bak2`` … when an older
    copy is there); return its docs-relative path."""
    folder = docs_dir / BACKUP_DIR
    if not folder.is_dir():
        folder.mkdir()
        (folder / ".gitignore").write_text("# Backups of hand-edited pages (deckdocs --force): not for git.\n*\n",
                                           encoding="utf-8")
    n = 1
    while True:
        name = f"{BACKUP_DIR}/{path}.bak" if n == 1 else f"{BACKUP_DIR}/{path}.bak{n}"
        if not (docs_dir / name).exists():
            break
        n += 1
    (docs_dir / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(docs_dir / path, docs_dir / name)
    undo.append(lambda: (docs_dir / name).unlink(missing_ok=True))
    return name


def find_backups(docs_dir: Path) -> tuple[str, ...]:
    """Return the docs-relative paths of backup copies of hand edits: in the backup folder, and
    ``*.bak`` files older versions of deckdocs left among the pages (which MkDocs publishes)."""
    if not docs_dir.is_dir():
        return ()
    found = [p for p in docs_dir.rglob("*.bak*") if p.is_file() and ".bak" in p.suffix]
    return tuple(sorted(p.relative_to(docs_dir).as_posix() for p in found))


def _make_parents(folder: Path, docs_dir: Path) -> list[Path]:
    made = []
    while not folder.exists() and folder != docs_dir:
        made.append(folder)
        folder = folder.parent
    for d in reversed(made):
        d.mkdir()
    return made


def _remove_dirs(made: list[Path]) -> None:
    for d in made:
        try:
            d.rmdir()
        except OSError:
            pass  # not empty: something else lives there now


def _prune_empty(folder: Path, docs_dir: Path) -> None:
    while folder != docs_dir and docs_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# ---------------------------------------------------------------- check


_WOULD_BE = {"added": N_("{path}: would be added"), "changed": N_("{path}: would be changed"),
             "removed": N_("{path}: would be removed")}


def stale_report(files: tuple[OutputFile, ...], docs_dir: Path) -> tuple[str, ...]:
    """Return one line per way ``docs_dir`` differs from what the slides generate; () if none.

    Raises:
        DeckdocsError: the manifest is damaged.
    """
    plan = plan_docs(files, docs_dir)
    lines = [_("{path}: edited by hand since it was generated").format(path=p) for p in plan.hand_edited]
    lines += [_("{path}: written by hand, but deckdocs generates a page there").format(path=p) for p in plan.foreign]
    lines += [_(_WOULD_BE[c.kind]).format(path=c.path) + (_(" ({detail})").format(detail=c.detail) if c.detail else "")
              for c in plan.changes]
    if not lines and _read_bytes(docs_dir / MANIFEST) != plan.manifest.encode("utf-8"):
        lines.append(_("{path}: out of date").format(path=MANIFEST))
    return tuple(lines)


def write_file(path: Path, content: bytes) -> None:
    """Write one file outside ``docs/`` (an export) atomically: whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would keep the export from a web server or a colleague
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
