"""The glossary (术语表): which slide headings are terms, the editors' ``glossary.yml``, the page.

``concepts`` decides which item headings name a concept and which terms are near-duplicates
(参见); ``file`` reads ``source_slides/glossary.yml``; ``build`` collects the terms and renders
the page and the terms data file. The names below are ``build``'s, loaded when first asked
for: importing ``deckdocs.glossary.file`` or ``.concepts`` does not load the page renderer.
"""

from __future__ import annotations

import importlib

__all__ = [
    "GLOSSARY_PAGE", "TERMS_DATA", "Definition", "Glossary", "GlossaryEntry", "SectionRef", "Term",
    "build_glossary", "glossary_files", "glossary_terms", "is_concept",
    "load_glossary_file", "parse_glossary", "pinyin_key", "render_glossary_page", "render_terms_data",
]


def __getattr__(name: str):
    if name in __all__ or name in ("initial_letter", "GLOSSARY_TITLE", "QUOTE_LABEL", "OTHER_LETTER"):
        return getattr(importlib.import_module("deckdocs.glossary.build"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
