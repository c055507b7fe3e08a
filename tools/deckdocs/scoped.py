"""Changes to a shared mapping that last for one block, then are undone.

Some mappings deckdocs touches belong to the whole process: ``os.environ`` (MkDocs reads
mkdocs.yml's ``!ENV`` values from it, pypinyin its switches), python-pptx's registry of part
classes, jieba's dictionary. A change to one of them is made inside :func:`restored` or
:func:`updated`, so that the other users in the process find them as they were.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager

_ABSENT = object()


@contextmanager
def restored(mapping: MutableMapping, keys: Iterable[Hashable]) -> Iterator[MutableMapping]:
    """Yield ``mapping``; afterwards each of ``keys`` holds what it held before (a key that was
    absent is removed), whatever the block did with it, and even when the block raised."""
    saved = {key: mapping.get(key, _ABSENT) for key in keys}
    try:
        yield mapping
    finally:
        for key, value in saved.items():
            if value is _ABSENT:
                mapping.pop(key, None)
            else:
                mapping[key] = value


@contextmanager
def updated(mapping: MutableMapping, values: Mapping) -> Iterator[MutableMapping]:
    """Yield ``mapping`` updated with ``values``; afterwards those keys are as they were."""
    with restored(mapping, values) as changed:
        changed.update(values)
        yield changed
