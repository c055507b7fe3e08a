"""Site-time behaviour: the MkDocs plugin and the pure functions it calls.

``plugin`` (the thin MkDocs adapter) · ``search`` (Chinese search index and worker) ·
``termlinks`` (glossary term links) · ``progress`` (saved quiz answers keyed by content) ·
``handout`` (no link to a handout the build did not print) ·
``nav`` (course titles in a multi-deck nav) · ``watch`` and ``serve`` (live preview) ·
``build`` (``deckdocs build``'s MkDocs run, in the same process).
"""
