"""The child process of ``deckdocs serve``: MkDocs' own ``serve`` with deckdocs' config.

``mkdocs serve -f mkdocs.yml`` would need a complete mkdocs.yml; a project has none, or one
with only what it changes. So the child builds the settings as ``deckdocs build`` does
(deckdocs.site.config) and hands them to MkDocs' serve as options over an empty config.

    python -m deckdocs.site.preview CONFIG ADDR DECK_SETTINGS_JSON
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from deckdocs.site.config import site_settings


class _EmptyConfig(io.BytesIO):
    """An empty YAML config that MkDocs may read again on every rebuild (it closes what it read)."""

    def __init__(self) -> None:
        super().__init__(b"{}")

    def close(self) -> None:
        self.seek(0)


def serve(config_file: Path, addr: str, deck: dict) -> None:
    """Serve the site on ``addr`` with live reload until stopped.

    With ``config_file`` present MkDocs reads it (and watches it; settings it changes take effect
    when serve starts again); without one, paths are relative to the working folder, the project.

    Raises:
        DeckdocsError: the config is not YAML MkDocs can read.
    """
    import copy

    from mkdocs.commands import serve as mkdocs_serve

    from deckdocs.scoped import updated
    from deckdocs.site.build import mkdocs_log

    settings = site_settings(config_file, deck)
    settings.pop("site_dir", None)  # MkDocs serves from a temporary folder of its own
    load_config = mkdocs_serve.load_config

    def load_with_settings(**options):
        # MkDocs loads the config again for every rebuild, and validating it empties the
        # markdown_extensions entries it is given: each load gets its own copy of the settings.
        return load_config(**options, **copy.deepcopy(settings))

    with mkdocs_log(), updated(vars(mkdocs_serve), {"load_config": load_with_settings}):
        if config_file.is_file():
            mkdocs_serve.serve(config_file=str(config_file), dev_addr=addr)
        else:  # no file to watch or to be relative to: the project folder is the working folder
            mkdocs_serve.serve(config_file=_EmptyConfig(), config_file_path="", dev_addr=addr)


if __name__ == "__main__":
    config, address, deck_json = sys.argv[1:4]
    serve(Path(config), address, json.loads(deck_json))
