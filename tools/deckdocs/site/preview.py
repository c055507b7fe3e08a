"""The child process of ``deckdocs serve``: MkDocs' own ``serve`` with deckdocs' config.

``mkdocs serve -f mkdocs.yml`` would need a complete mkdocs.yml; a project has none, or one
with only what it changes. So the child has MkDocs' serve load its config as ``deckdocs build``
does (:func:`deckdocs.site.config.load_site_config`), afresh for every rebuild, so an edit of
mkdocs.yml shows at once, as with ``mkdocs serve``.

    python -m deckdocs.site.preview CONFIG ADDR DECK_SETTINGS_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from deckdocs.site.config import load_site_config


def serve(config_file: Path, addr: str, deck: dict) -> None:
    """Serve the site on ``addr`` with live reload until stopped.

    Raises:
        DeckdocsError: the config is not YAML MkDocs can read.
    """
    from mkdocs.commands import serve as mkdocs_serve

    from deckdocs.scoped import updated
    from deckdocs.site.build import mkdocs_log

    def load(config_file=None, **options):  # MkDocs' serve calls it for the first build and every rebuild
        return load_site_config(config_path, deck, **options)

    config_path = config_file
    with mkdocs_log(), updated(vars(mkdocs_serve), {"load_config": load}):
        mkdocs_serve.serve(dev_addr=addr)


if __name__ == "__main__":
    config, address, deck_json = sys.argv[1:4]
    serve(Path(config), address, json.loads(deck_json))
