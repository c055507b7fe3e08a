"""``deckdocs report``: what learners answered (xAPI statements) turned into advice for editors.

:mod:`.statements` reads the statements (a learning record store or a JSON file),
:mod:`.analysis` works out the item analysis, :mod:`.page` draws it as one offline HTML page.
"""
