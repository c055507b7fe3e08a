"""Write generated files into ``docs/``: the only module that writes, and it never loses a page.

A manifest (``docs/.deckdocs-manifest.json``; MkDocs skips dot-files) records every file
deckdocs wrote with its hash and the slides behind it. Only files in the manifest are ever
replaced or removed; a generated file edited by hand since stops the run (``force`` keeps a
``.bak`` copy). New contents are staged beside ``docs/`` and moved in with atomic renames,
the manifest last, so an interrupted run leaves every file whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from deckdocs.errors import DeckdocsError, HandEditedError
from deckdocs.model import OutputFile

MANIFEST = ".deckdocs-manifest.json"


@dataclass(frozen=True)
class Change:
    path: str
    kind: str  # "added", "changed" or "removed"
    detail: str = ""  # e.g. "slide 9 changed; slide 20 added"

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Plan:
    """What a run would do to ``docs/``."""

    writes: tuple[OutputFile, ...]
    removals: tuple[str, ...]
    changes: tuple[Change, ...]
    hand_edited: tuple[str, ...]  # generated files changed by hand since the last run
    foreign: tuple[str, ...]  # files deckdocs would write over but did not write itself


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(docs_dir: Path) -> dict[str, dict]:
    """Return the manifest's file records; empty when there is none yet."""
    path = docs_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DeckdocsError(f"the manifest is unreadable ({exc})", path=str(path),
                            hint="Restore it from git (git checkout -- docs/.deckdocs-manifest.json).") from None
    return dict(data.get("files", {}))


def _disk_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def _slide_detail(old: dict, new: OutputFile) -> str:
    before = {int(k): v for k, v in old.get("slides", {}).items()}
    after = dict(new.slides)
    notes = []
    for number in sorted(set(before) | set(after)):
        if number not in before:
            notes.append(f"slide {number} added")
        elif number not in after:
            notes.append(f"slide {number} removed")
        elif before[number] != after[number]:
            notes.append(f"slide {number} changed")
    return "; ".join(notes)


def plan_docs(files: tuple[OutputFile, ...], docs_dir: Path) -> Plan:
    """Return what writing ``files`` into ``docs_dir`` would change, without writing."""
    manifest = read_manifest(docs_dir)
    writes, changes, hand_edited, foreign = [], [], [], []
    new_paths = {f.path for f in files}
    for f in sorted(files, key=lambda f: f.path):
        target = docs_dir / f.path
        on_disk = _disk_hash(target)
        record = manifest.get(f.path)
        if on_disk is not None and record is None:
            foreign.append(f.path)
            continue
        if record is not None and on_disk is not None and on_disk != record["sha256"]:
            hand_edited.append(f.path)
        if on_disk == sha256(f.content):
            if record is None or record.get("slides") != {str(n): h for n, h in f.slides}:
                writes.append(f)  # same bytes; only the manifest record is refreshed
            continue
        writes.append(f)
        if record is None or on_disk is None:
            changes.append(Change(f.path, "added"))
        else:
            changes.append(Change(f.path, "changed", _slide_detail(record, f)))
    removals = []
    for path in sorted(set(manifest) - new_paths):
        on_disk = _disk_hash(docs_dir / path)
        if on_disk is None:
            continue
        if on_disk != manifest[path]["sha256"]:
            hand_edited.append(path)
        removals.append(path)
        changes.append(Change(path, "removed"))
    return Plan(tuple(writes), tuple(removals), tuple(changes), tuple(sorted(hand_edited)), tuple(foreign))


def write_docs(files: tuple[OutputFile, ...], docs_dir: Path, *, force: bool = False) -> Plan:
    """Bring ``docs_dir`` in line with ``files`` and return what was done.

    Raises:
        HandEditedError: a generated file was edited by hand (and ``force`` is off), or a
            file deckdocs would write already exists and is not deckdocs's.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_docs(files, docs_dir)
    if plan.foreign:
        raise HandEditedError(f"{plan.foreign[0]} exists but deckdocs did not write it", path=str(docs_dir),
                              hint="Rename or move that hand-written file; deckdocs never overwrites it.")
    if plan.hand_edited and not force:
        names = ", ".join(plan.hand_edited)
        raise HandEditedError(f"edited by hand since the last run: {names}", path=str(docs_dir),
                              hint="Move your edits into the slides (or a hand-written page), "
                                   "or run again with --force to keep a .bak copy and go on.")
    staging = Path(tempfile.mkdtemp(prefix=".deckdocs-staging-", dir=docs_dir.parent))
    try:
        staged = []
        for f in plan.writes:
            path = staging / f.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f.content)
            staged.append((path, docs_dir / f.path))
        manifest = _next_manifest(read_manifest(docs_dir), files)
        (staging / MANIFEST).write_text(manifest, encoding="utf-8")
        for path in plan.hand_edited:
            if (docs_dir / path).exists():
                shutil.copy2(docs_dir / path, docs_dir / (path + ".bak"))
        for source, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        for path in plan.removals:
            (docs_dir / path).unlink(missing_ok=True)
            _prune_empty(docs_dir / path, docs_dir)
        os.replace(staging / MANIFEST, docs_dir / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return plan


def _next_manifest(old: dict[str, dict], files: tuple[OutputFile, ...]) -> str:
    records = {
        f.path: {"sha256": sha256(f.content), "source": f.source,
                 "slides": {str(n): h for n, h in f.slides}}
        for f in files
    }
    data = {"generator": "deckdocs", "note": "Files deckdocs wrote; it replaces or removes only these.",
            "files": dict(sorted(records.items()))}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _prune_empty(path: Path, docs_dir: Path) -> None:
    parent = path.parent
    while parent != docs_dir and docs_dir in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def stale_report(files: tuple[OutputFile, ...], docs_dir: Path) -> tuple[str, ...]:
    """Return one line per way ``docs_dir`` differs from what the slides generate."""
    plan = plan_docs(files, docs_dir)
    lines = [f"{p}: edited by hand since generated" for p in plan.hand_edited]
    lines += [f"{p}: exists but was not generated by deckdocs" for p in plan.foreign]
    lines += [f"{c.path}: would be {c.kind}" + (f" ({c.detail})" if c.detail else "") for c in plan.changes]
    manifest_text = _next_manifest({}, files)
    current = (docs_dir / MANIFEST).read_text(encoding="utf-8") if (docs_dir / MANIFEST).exists() else ""
    if not lines and current != manifest_text:
        lines.append(f"{MANIFEST}: out of date")
    return tuple(lines)
