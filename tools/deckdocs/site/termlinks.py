"""Link glossary terms in chapter pages at site time, with the definition as a tooltip.

The extractor writes the term list to ``docs/.deckdocs-terms.json`` (MkDocs skips dot-files,
so it never becomes a page); the plugin reads it once per build (:func:`load_term_links`)
and runs :func:`link_page_terms` over every page's HTML in ``on_page_content``.

Why HTML and not markdown: by then headings, links, code and quizzes are elements that can
be recognised for certain, and the text between them is plain. Why not the ``abbr``
extension: it matches on ``\\b`` word boundaries, and running Chinese has none, so it never
finds 等额本息 in 包括等额本息、先息后本等.

The HTML is walked with the standard library's tokenizer and written back token by token;
only text nodes outside excluded elements change, so everything else survives byte for byte
(except end tags, which come back in lower case).
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from deckdocs.errors import GlossaryError
from deckdocs.outline import QUIZ_ANCHOR

TERMS_DATA = ".deckdocs-terms.json"  # docs-relative; hidden from the site by MkDocs
TERMS_DATA_FORMAT = 1
TERM_CLASS = "dd-term"

# Never link inside these: headings, links, code, form controls, embedded documents.
_SKIP_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "dfn", "code", "pre", "kbd", "samp", "var",
    "script", "style", "textarea", "button", "select", "option", "label", "svg", "math",
    "summary", "title", "head", "template", "iframe", "object", "quiz", "form", "nav",
})
# ... nor inside elements with these classes: the slide-number note, admonition titles,
# mkdocs-quiz's rendered quizzes (quiz, quiz-*), and an opt-out for editors.
_SKIP_CLASSES = frozenset({"dd-slide", "admonition-title", "dd-no-terms", TERM_CLASS})
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
_SECTION_HEADINGS = {"h1": 1, "h2": 2}
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


# ---------------------------------------------------------------- the data file


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
        raise GlossaryError(f"the terms data file is unreadable ({exc})", path=path,
                            hint="Run 'deckdocs extract' again to rewrite it.") from None


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


def load_term_links(docs_dir: Path, files) -> TermLinks:
    """Return the site's terms with the glossary page's URL taken from MkDocs ``files``.

    Without a data file, or when the glossary page is not among ``files``, there is nothing
    to link and the result is empty.

    Raises:
        GlossaryError: the data file is unreadable.
    """
    links = read_terms_data(docs_dir)
    page = files.get_file_from_path(links.glossary_page) if links.terms else None
    if page is None:
        return TermLinks()
    return replace(links, glossary_url=page.url)


# ---------------------------------------------------------------- linking


def link_page_terms(html: str, links: TermLinks, page_path: str, page_url: str) -> str:
    """Return a page's HTML with its terms linked, when the page is a chapter page."""
    if page_path not in links.pages:
        return html
    return link_terms(html, links, page_url)


def link_terms(html: str, links: TermLinks, page_url: str) -> str:
    """Return ``html`` with the first occurrence of each term linked to its glossary entry.

    The link's ``title`` is the definition, which Material shows as a tooltip on hover and
    keyboard focus. At each place the longest term wins (反洗钱法 before 反洗钱); a term
    already linked on the page is skipped whole, never split into a shorter one. Nothing is
    linked in headings, links, code, quizzes (and the 本章自测 section), the slide-number
    note, or on the glossary page itself (``page_url`` equal to the glossary's URL).
    """
    if not links.terms or page_url == links.glossary_url:
        return html
    from mkdocs.utils import get_relative_url  # site time only: extract never loads MkDocs

    href = get_relative_url(links.glossary_url, page_url or "./")
    linker = _Linker(links.terms, href)
    linker.feed(html)
    linker.close()
    return "".join(linker.out)


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


@dataclass
class _Open:
    tag: str
    is_skipped: bool


class _Linker(HTMLParser):
    """Copies HTML token by token, linking terms in the text it may touch."""

    def __init__(self, terms: tuple[TermLink, ...], glossary_href: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.quiz_level = 0  # > 0 inside the 本章自测 section: its heading level
        self.by_word = {w: t for t in terms for w in t.words}
        self.pattern = term_pattern(tuple(self.by_word))
        self.href = glossary_href
        self.done: set[str] = set()  # names of terms linked already
        self.heading: list[str] | None = None  # text of the heading being read
        self.defined_here = ""  # the term the current section's heading names: no tooltip of itself

    @property
    def is_skipping(self) -> bool:
        return self.quiz_level > 0 or any(o.is_skipped for o in self.stack)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        level = _SECTION_HEADINGS.get(tag)
        if level and self.quiz_level and level <= self.quiz_level:
            self.quiz_level = 0  # the next chapter-level heading ends the quiz section
        if level and dict(attrs).get("id") == QUIZ_ANCHOR:
            self.quiz_level = level
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = []
        if tag not in _VOID_TAGS:
            self.stack.append(_Open(tag, _is_excluded(tag, attrs)))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if self.heading is not None and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = "".join(self.heading).replace("¶", "").strip()
            term = self.by_word.get(text) if tag == "h3" else None  # an item heading defines its body
            self.defined_here = term.name if term else ""
            self.heading = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)
        self.out.append(data if self.is_skipping else self.link(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def link(self, text: str) -> str:
        parts, last = [], 0
        for match in self.pattern.finditer(text):
            term = self.by_word[match.group()]
            if term.name in self.done or term.name == self.defined_here:
                continue  # linked already, or the section that defines it: no tooltip of itself
            self.done.add(term.name)
            href = htmlmod.escape(f"{self.href}#{term.anchor}")
            title = htmlmod.escape(term.tooltip)
            parts.append(text[last:match.start()])
            parts.append(f'<a class="{TERM_CLASS}" href="{href}" title="{title}">{match.group()}</a>')
            last = match.end()
        if not parts:
            return text
        parts.append(text[last:])
        return "".join(parts)


def _is_excluded(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _SKIP_TAGS:
        return True
    classes = (dict(attrs).get("class") or "").split()
    return any(c in _SKIP_CLASSES or c == "quiz" or c.startswith("quiz-") for c in classes)
