from deckdocs.cli import run

run()
