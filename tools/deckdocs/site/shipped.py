"""What every course site needs and the package ships: CSS, scripts, the file:// worker shim,
templates; added to a site's config and files by the plugin, so a project holds none of them.

The site paths are the ones projects used when these files lived in their ``docs/`` and
``overrides/``: a project that still has its own copy there keeps it (docs/ wins over the
package, ``theme.custom_dir`` over deckdocs' templates).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deckdocs.look import THEME_CSS
from deckdocs.site import search

ASSETS = Path(__file__).parent / "assets"
THEME_DIR = Path(__file__).parent / "theme"  # main.html (page titles), 404.html, partials/copyright.html (Chinese footer)

STYLESHEET = "stylesheets/deckdocs.css"
SCRIPT = "javascripts/deckdocs.js"
# npm iframe-worker 1.0.4 (MIT), the Web Worker shim that runs search from file://. Listed as a
# polyfill, the offline plugin does not add its CDN copy (a request to an outside host).
WORKER_SHIM = "javascripts/iframe-worker.js"

_SOURCES = {STYLESHEET: ASSETS / "deckdocs.css", SCRIPT: ASSETS / "deckdocs.js", WORKER_SHIM: ASSETS / "iframe-worker.js"}


def site_files(*, searching: bool) -> Iterator[tuple[str, Path]]:
    """Yield (site path, packaged file) for every file the site gets from the package; the search
    worker only when deckdocs' search is on."""
    yield from sorted(_SOURCES.items())
    if searching:
        yield search.WORKER_URI, search.WORKER_SOURCE


def add_to_config(config, docs_dir: Path) -> None:
    """List the shipped CSS and scripts in ``config`` (the deck's colours first when extract wrote
    them to ``docs_dir``) and put deckdocs' templates between a project's ``custom_dir`` and the theme's.

    Entries a config lists already are not listed twice.
    """
    css = [THEME_CSS] if (docs_dir / THEME_CSS).is_file() else []
    _add(config.extra_css, [*css, STYLESHEET])
    _add(config.extra_javascript, [SCRIPT])
    polyfills = config.extra.setdefault("polyfills", [])
    if not any("iframe-worker" in str(url) for url in polyfills):
        polyfills.append(WORKER_SHIM)
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def _add(listed: list, paths: list[str]) -> None:
    """Append each of ``paths`` not listed yet (extra_javascript holds strings or script objects)."""
    known = {str(entry) for entry in listed}
    listed.extend(path for path in paths if path not in known)
