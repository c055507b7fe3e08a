import sys

from deckdocs.cli import main

sys.exit(main())
