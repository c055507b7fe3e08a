"""deckdocs: turn a slide deck into a searchable MkDocs Material course site.

The pipeline is read → arrange → outline → render → write; :func:`convert` runs the pure
part of it and returns the files, :func:`deckdocs.write.write_docs` puts them in ``docs/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Conversion", "convert", "__version__"]

if TYPE_CHECKING:
    from deckdocs.pipeline import Conversion, convert


def __getattr__(name: str):
    # The pipeline (python-pptx, pypinyin …) is imported on first use, not with the package:
    # `deckdocs --help` and the MkDocs plugin import deckdocs without needing it.
    if name in ("Conversion", "convert"):
        from deckdocs import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'deckdocs' has no attribute {name!r}")
