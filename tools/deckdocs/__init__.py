"""deckdocs: turn a slide deck into a searchable MkDocs Material course site.

The pipeline is read → arrange → outline → render → write; :func:`convert` runs the pure
part of it and returns the files, :func:`deckdocs.write.write_docs` puts them in ``docs/``.
"""

from deckdocs.pipeline import Conversion, convert

__version__ = "0.1.0"
__all__ = ["Conversion", "convert", "__version__"]
