"""The site's glossary terms as ``deckdocs extract`` writes them for the plugin
(``docs/.deckdocs-terms.json``), and the pattern that finds them in text.

Written at extract time (:func:`deckdocs.glossary.render_terms_data`) and read at site time by
:mod:`deckdocs.site.termlinks`, which links them in the pages' HTML. It lives with the glossary
because render-time code does not import site-time modules; site time may import it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from deckdocs.errors import GlossaryError
from deckdocs.messages import _

TERMS_DATA = ".deckdocs-terms.json"  # docs-relative; hidden from the site by MkDocs
TERMS_DATA_FORMAT = 1
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, order=True)
class TermLink:
    """A term as the linker needs it: its spellings, its glossary anchor and its tooltip."""

    name: str
    anchor: str
    tooltip: str
    aliases: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class TermLinks:
    """The site's terms: which pages get links, and where the glossary page is."""

    terms: tuple[TermLink, ...] = ()
    pages: frozenset[str] = frozenset()  # docs-relative paths of the chapter pages
    glossary_page: str = ""  # docs-relative path of the glossary page
    glossary_url: str = ""  # its site URL (e.g. "glossary/"); known only at site time

    @property
    def words(self) -> tuple[str, ...]:
        """Every term and alias, sorted (as ``deckdocs.glossary.glossary_terms`` of the built glossary)."""
        return tuple(sorted({w for term in self.terms for w in term.words}))


def parse_terms_data(text: str, path: str = TERMS_DATA) -> TermLinks:
    """Return the terms in a terms data file's text (no glossary URL yet).

    Raises:
        GlossaryError: the text is not a terms data file this version understands.
    """
    try:
        data = json.loads(text)
        if data.get("format") != TERMS_DATA_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {TERMS_DATA_FORMAT}")
        terms = tuple(TermLink(t["name"], t["anchor"], t["tooltip"], tuple(t.get("aliases", ())))
                      for t in data["terms"])
        return TermLinks(terms, frozenset(data["pages"]), data["glossary"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GlossaryError(_("the terms data file is unreadable ({why})").format(why=exc), path=path,
                            hint=_("Run 'deckdocs extract' again to rewrite it.")) from None


def read_terms_data(docs_dir: Path) -> TermLinks:
    """Return the terms of ``docs_dir``'s terms data file; none when there is no file.

    Raises:
        GlossaryError: the file is unreadable.
    """
    path = docs_dir / TERMS_DATA
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return TermLinks()
    return parse_terms_data(text, str(path))


def term_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Return a pattern matching any of ``words``, the longest first at each place.

    Chinese needs no word boundary; a word that starts or ends with a Latin letter or digit
    does not match inside a longer Latin word (App is not found in Apple).
    """
    return _term_pattern(tuple(sorted(set(words), key=lambda w: (-len(w), w))))


@lru_cache(maxsize=8)
def _term_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in words:
        before = r"(?<![A-Za-z0-9])" if _ASCII_WORD.match(word[0]) else ""
        after = r"(?![A-Za-z0-9])" if _ASCII_WORD.match(word[-1]) else ""
        parts.append(before + re.escape(word) + after)
    return re.compile("|".join(parts) or r"(?!)")
