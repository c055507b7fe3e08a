"""Run ``mkdocs build --strict`` in this process, for ``deckdocs build``.

A second interpreter would import MkDocs, Material, mkdocs-quiz and deckdocs' plugin again and
load jieba's dictionary a second time (Material's Chinese search and the extract both need it):
about a third of a build's time. In-process they load once. What editors saw from the
``mkdocs build --strict`` command is kept: MkDocs' log lines (its own formatter and levels, on
stderr), warnings failing the build, and ``!ENV`` values in mkdocs.yml read from the environment.
The config is deckdocs' embedded default with the project's mkdocs.yml, if any, merged over it
(deckdocs.site.config).
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from logging.handlers import BufferingHandler
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _
from deckdocs.scoped import updated

_HELD_RECORDS = 10_000  # log records kept while MkDocs loads the config (it logs a few)


class BuildFailed(Exception):
    """MkDocs stopped the build (a warning in strict mode, a plugin's error); it has logged why."""


def build_site(config_file: Path, site_dir: Path, *, environ: Mapping[str, str], deck: Mapping | None = None) -> None:
    """Build the site as ``mkdocs build --strict -f CONFIG_FILE -d SITE_DIR`` would, in this process.

    ``config_file`` need not exist: the embedded default and ``deck``
    (:func:`deckdocs.site.config.deck_settings`) are the config then. ``environ`` is set in ``os.environ`` while the config is read and the site built (mkdocs.yml's
    ``!ENV`` values, the plugin's settings), then restored.

    Raises:
        DeckdocsError: MkDocs cannot load the config (bad YAML, an unknown plugin or option);
            the message holds MkDocs' reasons in one line.
        BuildFailed: MkDocs aborted the build; the message is MkDocs' (``Aborted with 1
            warnings in strict mode!``), the reasons are in the log above it.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from deckdocs.lang.segment import import_jieba

    import_jieba()  # before Material's search plugin imports it: without pkg_resources, 0.08 s less
    with updated(os.environ, environ), mkdocs_log() as log:
        config = _load_config(config_file, site_dir, log, deck or {})
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        except MkDocsException as exc:  # Abort (strict mode, a BuildError) or a plugin's ConfigurationError
            raise BuildFailed(exc.format_message()) from None
        finally:
            config.plugins.on_shutdown()


def _load_config(config_file: Path, site_dir: Path, log: logging.Handler, deck: Mapping):
    """Return MkDocs' config for a strict build into ``site_dir``; raise one line when it is bad.

    MkDocs logs each config error or warning, then raises "Aborted with a configuration
    error!": the records are held back while loading, and on failure they become the message.
    """
    from mkdocs.exceptions import MkDocsException

    from deckdocs.site.config import load_site_config

    held = BufferingHandler(capacity=_HELD_RECORDS)
    logger = logging.getLogger("mkdocs")
    logger.removeHandler(log)
    logger.addHandler(held)
    try:
        config = load_site_config(config_file, deck, strict=True, site_dir=str(site_dir))
    except MkDocsException as exc:
        reasons = [r.getMessage() for r in held.buffer if r.levelno >= logging.WARNING] or [exc.format_message()]
        what = " ".join("; ".join(reasons).split()).rstrip(".")  # YAML errors span lines; the message adds its full stop
        raise DeckdocsError(_("MkDocs cannot use this config: {reason}").format(reason=what), path=str(config_file),
                            hint=_("Correct {name} and build again.").format(name=config_file.name)) from None
    finally:
        logger.removeHandler(held)
        logger.addHandler(log)
    for record in held.buffer:  # debug and info lines of a config that loaded
        log.handle(record)
    return config


@contextmanager
def mkdocs_log() -> Iterator[logging.Handler]:
    """Log as the ``mkdocs`` command does (mkdocs/__main__.py), for this build only; yield the handler.

    The ``mkdocs`` logger gets MkDocs' own handler and formatter (coloured and wrapped on a
    terminal, ``INFO    -  …`` otherwise) at level INFO; repeated build messages are shown
    once; DeprecationWarnings are logged as MkDocs logs them.
    """
    from mkdocs.commands import build
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs")
    saved = logger.level, logger.propagate
    handler = logging.StreamHandler()
    handler.name = "MkDocsStreamHandler"
    plain = not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    if plain:
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    else:
        from mkdocs.__main__ import ColorFormatter  # the command's module: imported only for a terminal

        handler.setFormatter(ColorFormatter())
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    duplicates = DuplicateFilter()
    with warnings.catch_warnings():
        if not sys.warnoptions:  # as MkDocs: `python -W …` wins
            build.log.addFilter(duplicates)
            warnings.simplefilter("module", DeprecationWarning)
            warnings.showwarning = _show_warning
        try:
            yield handler
        finally:
            build.log.removeFilter(duplicates)
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]


def _show_warning(*args, **kwargs) -> None:
    from mkdocs.__main__ import _showwarning  # logs the warning with the lines that caused it

    _showwarning(*args, **kwargs)
