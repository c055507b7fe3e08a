"""What the command prints, in the editor's language: Chinese, or English when asked.

Every line deckdocs prints is written in English in the code and wrapped in :func:`_`, which
looks it up in the catalogue ``messages/zh/LC_MESSAGES/deckdocs.po`` (compiled to ``.mo``,
read by the standard library's :mod:`gettext`). A message not (yet) in the catalogue is printed
in English: nothing fails for want of a translation. Wrapping a message::

    raise DeckdocsError(_("no deck in {folder}").format(folder=source), hint=_("Put a .pptx file there."))

Placeholders are named and filled after the lookup (never an f-string inside ``_()``, which
would look up the filled-in text); text from a deck or an editor's file goes through
:func:`shown`, so that the message stays one line. A message defined before the language is known (a module
constant) is marked with :func:`N_` and looked up with ``_(CONSTANT)`` where it is used.

The language, first that applies: :func:`set_language` (``--lang``), ``$DECKDOCS_LANG``, a
Chinese locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` = ``zh_*``), the site's
``theme.language`` in ``mkdocs.yml``; else Chinese, the editors' language.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache
from pathlib import Path

LANG_ENV = "DECKDOCS_LANG"
LANGUAGES = ("zh", "en")
CATALOGUE_DIR = Path(__file__).parent  # <lang>/LC_MESSAGES/deckdocs.mo
DOMAIN = "deckdocs"
_LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order: the first one set decides
_THEME_LANGUAGE = re.compile(r"^theme:[^\n]*\n(?:[ \t]+[^\n]*\n|\s*\n)*?[ \t]+language:[ \t]*['\"]?([A-Za-z_-]+)", re.M)

_chosen: dict[str, object] = {"lang": None, "config": Path("mkdocs.yml")}  # set_language, for this process


def set_language(lang: str | None, config_file: Path | None = None) -> None:
    """Print in ``lang`` ("zh" or "en") from now on, or as the environment and ``config_file``
    (the site's MkDocs config) say when it is None."""
    _chosen["lang"] = lang
    _chosen["config"] = config_file or Path("mkdocs.yml")


def language() -> str:
    """Return "zh" or "en": the language the editor reads (see the module)."""
    asked = _chosen["lang"] or os.environ.get(LANG_ENV, "").strip().lower()[:2]
    if asked in LANGUAGES:
        return asked
    locale = next((os.environ[name] for name in _LOCALE_ENV if os.environ.get(name)), "")
    if locale.lower().startswith("zh"):
        return "zh"
    return "zh" if site_language(Path(_chosen["config"])).startswith("zh") else "en"


def site_language(config_file: Path) -> str:
    """Return ``theme.language`` of the MkDocs config ("zh" when it has none: the default).

    Read with a pattern, not PyYAML: every command prints, and most never load the config.
    """
    try:
        info = config_file.stat()
    except OSError:
        return "zh"
    return _theme_language(str(config_file.resolve()), info.st_mtime_ns)


@cache
def _theme_language(path: str, mtime_ns: int) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "zh"
    found = _THEME_LANGUAGE.search(text)
    return found.group(1).lower() if found else "zh"


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, CATALOGUE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """Return ``message`` in the editor's language (English when the catalogue lacks it)."""
    lang = language()
    return message if lang == "en" else _catalogue(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form for ``n``, in the editor's language."""
    lang = language()
    if lang == "en":
        return singular if n == 1 else plural
    return _catalogue(lang).ngettext(singular, plural, n)


def shown(text: str) -> str:
    """Return ``text`` (from a deck or an editor's file) as printable text on one line: control
    characters and line separators escaped as ``repr`` does, without its quotes. Quote it in the
    message itself: ``_("option '{text}' appears twice").format(text=shown(text))``."""
    return repr(str(text))[1:-1]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without looking it up yet (a module constant)."""
    return message
