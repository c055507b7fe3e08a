"""Link glossary terms in chapter pages at site time, with the definition as a tooltip.

The extractor writes the term list to ``docs/.deckdocs-terms.json`` (MkDocs skips dot-files,
so it never becomes a page; :mod:`deckdocs.glossary.terms_data`); the plugin reads it once per
build (:func:`load_term_links`) and runs :func:`link_page_terms` over every page's HTML in
``on_page_content``.

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
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from deckdocs.outline import QUIZ_ANCHOR
from deckdocs.glossary.terms_data import TermLink, TermLinks, read_terms_data, term_pattern

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
