"""The MkDocs adapter: wires MkDocs events to deckdocs functions, and nothing more.

Enabled in ``mkdocs.yml`` as ``- deckdocs``. Each hook calls a pure function of a capability
module (glossary, search …) so that tests can call those directly.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from deckdocs.watch import decks_stamp, extract_into

log = logging.getLogger("mkdocs.plugins.deckdocs")


class DeckdocsConfig(Config):
    source = opt.Type(str, default="source_slides")  # folder of decks, relative to mkdocs.yml
    extract_on_serve = opt.Type(bool, default=True)


class DeckdocsPlugin(BasePlugin[DeckdocsConfig]):
    def on_startup(self, *, command, dirty):
        self._serving = command == "serve"
        self._stamp = None

    def on_config(self, config):
        self._root = Path(config.config_file_path or ".").resolve().parent
        self._source = self._root / self.config.source
        return config

    def on_pre_build(self, config):
        """While serving, re-extract when a deck changed since the last build."""
        if not (getattr(self, "_serving", False) and self.config.extract_on_serve):
            return
        stamp = decks_stamp(self._source)
        if self._stamp is not None and stamp != self._stamp:
            extract_into(self._source, Path(config.docs_dir))
        self._stamp = stamp

    def on_serve(self, server, config, builder):
        """Watch the decks too: a changed deck triggers a rebuild, which re-extracts it."""
        if self.config.extract_on_serve and self._source.is_dir():
            server.watch(str(self._source))
        return server
