"""The glossary (术语表): terms from the slides and glossary.yml, as a page and a data file.

Extract time (pure): :func:`build_glossary` collects the terms, :func:`render_glossary_page`
writes ``docs/glossary.md`` and :func:`render_terms_data` the data file the site-time linker
reads (:mod:`deckdocs.glossary.terms_data`); :func:`glossary_files` returns both as output files.
Search: :func:`glossary_terms` gives the search build (``search.user_dictionary_terms``) every term, so jieba keeps each one word.

Which item headings are terms, and which terms are near-duplicates (参见), is decided by
:mod:`deckdocs.glossary.concepts`. A slide sentence is the editor's last resort, not a definition: one
that restates the term (实施贷后监控系统，实时跟踪…) is shown as 课件原文 with its slide, and
:attr:`Glossary.undefined` lists those terms for ``deckdocs check``.

Editors decide the rest in ``source_slides/glossary.yml``: ``not_terms`` drops a heading,
``terms`` adds a term or replaces a slide's definition (see :mod:`deckdocs.glossary.file`).
"""

from __future__ import annotations

import json
import posixpath
import re
import string
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pymdownx.slugs import slugify

from deckdocs.lang import pinyin
from deckdocs.glossary.concepts import are_related, is_concept, restates
from deckdocs.errors import GlossaryError
from deckdocs.messages import _
from deckdocs.glossary.file import GlossaryEntry, load_glossary_file, parse_glossary
from deckdocs.model import ChartBlock, Course, Item, OutputFile, SlideSection, TableBlock, TextBlock
from deckdocs.render import escape, render_paragraphs
from deckdocs.glossary.terms_data import TERMS_DATA, TERMS_DATA_FORMAT, TermLinks, term_pattern

__all__ = [
    "GLOSSARY_PAGE", "TERMS_DATA", "Definition", "Glossary", "GlossaryEntry", "SectionRef", "Term",
    "build_glossary", "glossary_files", "glossary_terms", "is_concept",
    "load_glossary_file", "parse_glossary", "pinyin_key", "render_glossary_page", "render_terms_data",
]

GLOSSARY_PAGE = "glossary.md"
GLOSSARY_TITLE = "术语表"
QUOTE_LABEL = "课件原文"
_READINGS = {"还款": "huan2 kuan3"}  # pypinyin reads 还款 as hai kuan
_READING = re.compile("|".join(map(re.escape, _READINGS)))
_SLUG = slugify(case="lower")
OTHER_LETTER = "#"


def pinyin_key(term: str) -> tuple:
    """Return the sort key of a term: dictionary order, syllable by syllable (letters, then
    tone), so that words starting with the same character stay together (微粒贷, 微众银行,
    违约). Latin words sort among the pinyin, case-insensitively; terms starting with neither
    a Chinese character nor a Latin letter come last.
    """
    syllables = tuple((s.rstrip("012345").lower(), s[len(s.rstrip("012345")):]) for s in _syllables(term))
    return (initial_letter(term) == OTHER_LETTER, syllables, term)


def initial_letter(term: str) -> str:
    """Return the A–Z letter a term is filed under, or ``#`` for anything else."""
    syllables = _syllables(term)
    first = syllables[0][:1].upper() if syllables else ""
    return first if first in string.ascii_uppercase else OTHER_LETTER


def _syllables(term: str) -> list[str]:
    """Return the pinyin of ``term`` with tone numbers; other text comes back as it is."""
    out: list[str] = []
    last = 0
    for match in _READING.finditer(term):
        out.extend(pinyin.tone3(term[last:match.start()]))
        out.extend(_READINGS[match.group()].split())
        last = match.end()
    out.extend(pinyin.tone3(term[last:]))
    return [s.strip() for s in out if s.strip()]


# ---------------------------------------------------------------- the glossary


@dataclass(frozen=True, order=True)
class SectionRef:
    """A place on a chapter page where a term is defined or used."""

    page_path: str  # docs-relative path of the chapter page
    anchor: str  # the item's anchor where the term is an item heading, else the section's
    slide: int
    label: str  # chapter › section


@dataclass(frozen=True)
class Definition:
    """One definition of a term: from a slide (``source`` says where) or from glossary.yml."""

    markdown: str  # escaped, ready for the page
    text: str  # plain text on one line, for the tooltip
    source: SectionRef | None = None
    is_quote: bool = False  # slide text that restates the term: shown as 课件原文, not as a definition


@dataclass(frozen=True)
class Term:
    """A glossary entry: its definitions in deck order, its aliases, where it is used."""

    name: str
    anchor: str
    definitions: tuple[Definition, ...]
    aliases: tuple[str, ...] = ()
    uses: tuple[SectionRef, ...] = ()
    see_terms: tuple[str, ...] = ()  # near-duplicate terms (参见), in pinyin order
    see_sections: tuple[SectionRef, ...] = ()  # slides whose title is a near-duplicate (防欺诈措施)

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def tooltip(self) -> str:
        """Return the text shown on hover: the first definition, or the slide's words marked as such."""
        first = self.definitions[0]
        return f"{QUOTE_LABEL}：{first.text}" if first.is_quote else first.text

    @cached_property
    def letter(self) -> str:
        return initial_letter(self.name)

    @property
    def is_from_slides(self) -> bool:
        return any(d.source is not None for d in self.definitions)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]  # in pinyin order
    pages: tuple[str, ...] = ()  # the chapter pages, where terms get linked
    slides: tuple[tuple[int, str], ...] = ()  # (number, fingerprint) of the slides it draws on
    unused: tuple[str, ...] = ()  # terms of glossary.yml no section uses: worth a warning
    undefined: tuple[tuple[str, str, int], ...] = ()  # (term, deck, slide): heading terms glossary.yml does not define

    def groups(self) -> tuple[tuple[str, tuple[Term, ...]], ...]:
        """Return the terms grouped by initial letter, A–Z then ``#``, empty letters left out."""
        by_letter: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms:
            by_letter[term.letter].append(term)
        return tuple((letter, tuple(by_letter[letter])) for letter in _LETTERS if letter in by_letter)


_LETTERS = (*string.ascii_uppercase, OTHER_LETTER)


def build_glossary(courses: tuple[Course, ...], entries: tuple[GlossaryEntry, ...] = ()) -> Glossary:
    """Return the site's glossary: the concept headings of every course, the terms of
    glossary.yml (whose definitions win), and for each term the sections that use it.

    Raises:
        GlossaryError: an alias in glossary.yml is also the name of a term on the slides.
    """
    chosen = {e.term: e for e in entries if not e.is_excluded}
    excluded = {e.term for e in entries if e.is_excluded}
    from_slides: dict[str, list[Definition]] = defaultdict(list)
    places = list(_sections(courses))
    for section, page_path, chapter_title in places:
        for block, anchor in zip(section.slide.blocks, section.block_anchors):
            if not isinstance(block, Item) or anchor is None:
                continue
            name = block.heading_text.strip()
            if name in chosen or name in excluded or not block.body_text.strip():
                continue  # glossary.yml decides these
            if not is_concept(name, section.slide.title):
                continue
            source = SectionRef(page_path, anchor, section.slide.number, f"{chapter_title} › {section.heading}")
            text = _one_line(block.body_text)
            from_slides[name].append(Definition(render_paragraphs(block.body), text, source, restates(text, name)))

    _check_aliases(chosen.values(), from_slides)
    names = sorted(set(chosen) | set(from_slides), key=pinyin_key)
    aliases = {name: chosen[name].aliases if name in chosen else () for name in names}
    uses = _uses(places, aliases)
    anchors = _Anchors()
    titles = _titles(places)
    terms = []
    for name in names:
        if name in chosen:
            definitions = (Definition(escape(chosen[name].definition), chosen[name].definition),)
        else:
            definitions = tuple(from_slides[name])
        see_terms = tuple(other for other in names if are_related(name, other))
        known = set(uses.get(name, ())) | {d.source for d in definitions}
        see_sections = tuple(ref for ref in titles if are_related(name, _title_of(ref)) and ref not in known)
        terms.append(Term(name, anchors.claim(name), definitions, aliases[name], uses.get(name, ()),
                          see_terms, see_sections))
    used_slides = {ref.slide for term in terms for ref in term.uses} | {
        d.source.slide for term in terms for d in term.definitions if d.source}
    slides = sorted({(s.slide.number, s.slide.fingerprint) for s, _, _ in places if s.slide.number in used_slides})
    pages = tuple(sorted({page for _, page, _ in places}))
    unused = tuple(t.name for t in terms if not t.uses)
    deck_of = {course.page_path(chapter.stem): course.source for course in courses for chapter in course.chapters}
    firsts = {name: from_slides[name][0].source for name in names if name not in chosen}
    undefined = tuple((name, deck_of[ref.page_path], ref.slide) for name, ref in firsts.items())
    return Glossary(tuple(terms), pages, tuple(slides), unused, undefined)


def _titles(places) -> list[SectionRef]:
    """Return a reference to every chapter section, labelled with its title."""
    return [SectionRef(page_path, section.anchor, section.slide.number, f"{chapter_title} › {section.heading}")
            for section, page_path, chapter_title in places]


def _title_of(ref: SectionRef) -> str:
    return ref.label.rsplit(" › ", 1)[-1]


def _sections(courses: tuple[Course, ...]):
    """Yield (section, page path, chapter title) for every section of every chapter."""
    for course in courses:
        for chapter in course.chapters:
            for section in chapter.sections:
                yield section, course.page_path(chapter.stem), chapter.title


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _check_aliases(entries, from_slides: dict[str, list[Definition]]) -> None:
    for entry in entries:
        for alias in entry.aliases:
            if alias in from_slides:
                slide = from_slides[alias][0].source.slide
                what = _("alias {alias} of {term} is also a term on slide {n}").format(alias=alias, term=entry.term,
                                                                                       n=slide)
                if entry.line:
                    what = _("line {line}: {what}").format(line=entry.line, what=what)
                raise GlossaryError(what, path=entry.path,
                                    hint=_("Delete the alias, or list {alias} under not_terms.").format(alias=alias))


def _section_texts(section: SlideSection):
    """Yield (anchor, text) for the visible texts of a section; an item's texts carry its anchor."""
    yield section.anchor, section.heading
    for block, anchor in zip(section.slide.blocks, section.block_anchors):
        match block:
            case Item():
                yield anchor or section.anchor, block.heading_text
                yield anchor or section.anchor, block.body_text
            case TextBlock():
                yield section.anchor, block.text
            case TableBlock():
                yield from ((section.anchor, cell) for row in block.rows for cell in row)
            case ChartBlock():
                yield section.anchor, block.chart.title


def _uses(places, aliases: dict[str, tuple[str, ...]]) -> dict[str, tuple[SectionRef, ...]]:
    """Return, for each term, the sections whose text uses it (longest match, as on the site).

    A use links to the first item of the section that has the term, else to the section.
    """
    owner = {word: name for name, words in aliases.items() for word in (name, *words)}
    pattern = term_pattern(tuple(owner))
    found: dict[str, list[SectionRef]] = defaultdict(list)
    for section, page_path, chapter_title in places:
        anchors: dict[str, str] = {}
        for anchor, text in _section_texts(section):
            for match in pattern.finditer(text):
                anchors.setdefault(owner[match.group()], anchor)
        label = f"{chapter_title} › {section.heading}"
        for name, anchor in sorted(anchors.items()):
            found[name].append(SectionRef(page_path, anchor, section.slide.number, label))
    return {name: tuple(refs) for name, refs in found.items()}


class _Anchors:
    """Hands out one stable anchor per term on the glossary page."""

    def __init__(self) -> None:
        self.taken = {GLOSSARY_TITLE, *(_letter_anchor(letter) for letter in _LETTERS)}

    def claim(self, name: str) -> str:
        base = _SLUG(name, "-") or "term"
        anchor, n = base, 2
        while anchor in self.taken:
            anchor, n = f"{base}-{n}", n + 1
        self.taken.add(anchor)
        return anchor


def _letter_anchor(letter: str) -> str:
    return "letter-other" if letter == OTHER_LETTER else f"letter-{letter.lower()}"


# ---------------------------------------------------------------- the page and the data file


def render_glossary_page(glossary: Glossary, page_path: str = GLOSSARY_PAGE) -> str:
    """Return the markdown of the glossary page: a letter bar, then the terms by letter."""
    here = posixpath.dirname(page_path) or "."
    groups = glossary.groups()
    present = {letter for letter, _ in groups}
    anchors = {term.name: term.anchor for term in glossary.terms}
    parts = [
        "---\ntitle: 术语表\ndescription: 课程术语及释义，按拼音排序，并链接到使用它们的章节。\n---",
        f"# {GLOSSARY_TITLE} {{ #{GLOSSARY_TITLE} }}",
        f"本页收录课程中的 {len(glossary.terms)} 个术语，按拼音首字母排序。"
        "章节正文里第一次出现的术语会链接到这里，鼠标悬停或用键盘选中时显示释义。",
    ]
    if not groups:
        return "\n\n".join(parts) + "\n"
    bar = "\n".join(f'<a href="#{_letter_anchor(letter)}">{letter}</a>' if letter in present
                   else f'<span class="dd-glossary-empty" aria-hidden="true">{letter}</span>'
                   for letter in _LETTERS if letter != OTHER_LETTER or letter in present)
    parts.append(f'<nav class="dd-glossary-letters" aria-label="按拼音首字母跳转">\n{bar}\n</nav>')
    for letter, terms in groups:
        heading = "其他" if letter == OTHER_LETTER else letter
        parts.append(f"## {heading} {{ #{_letter_anchor(letter)} }}")
        parts.extend(_render_term(term, here, anchors) for term in terms)
    return "\n\n".join(parts) + "\n"


def _link(ref: SectionRef, here: str) -> str:
    target = posixpath.relpath(ref.page_path, here)
    return f"[{escape(ref.label)}（幻灯片 {ref.slide}）]({target}#{ref.anchor})"


def _render_term(term: Term, here: str, anchors: dict[str, str]) -> str:
    parts = [f"### {escape(term.name)} {{ #{term.anchor} }}"]
    for definition in term.definitions:
        if definition.is_quote:  # the slide's words, marked as such: not offered as a definition
            parts.append(f"{QUOTE_LABEL}：\n{{ .dd-term-quote }}")
            parts.append("\n".join(f"> {line}" if line else ">" for line in definition.markdown.split("\n")))
            parts.append(f"出处：{_link(definition.source, here)}\n{{ .dd-term-source }}")
            continue
        parts.append(definition.markdown)
        if definition.source is not None:
            parts.append(f"出处：{_link(definition.source, here)}\n{{ .dd-term-source }}")
    if term.aliases:
        parts.append("又称：" + "、".join(escape(a) for a in term.aliases) + "\n{ .dd-term-aliases }")
    sources = {d.source for d in term.definitions}
    others = [ref for ref in term.uses if ref not in sources]
    if others:
        label = "另见" if term.is_from_slides else "出现于"
        parts.append(f"{label}：" + " · ".join(_link(ref, here) for ref in others) + "\n{ .dd-term-uses }")
    see = [f"[{escape(name)}](#{anchors[name]})" for name in term.see_terms]
    see += [_link(ref, here) for ref in term.see_sections]
    if see:
        parts.append("参见：" + " · ".join(see) + "\n{ .dd-term-see }")
    return "\n\n".join(parts)


def render_terms_data(glossary: Glossary, page_path: str = GLOSSARY_PAGE) -> str:
    """Return the terms data file (JSON) the site-time linker reads from ``docs/`` + TERMS_DATA."""
    data = {
        "format": TERMS_DATA_FORMAT,
        "glossary": page_path,
        "pages": list(glossary.pages),
        "terms": [{"name": t.name, "anchor": t.anchor, "aliases": list(t.aliases), "tooltip": t.tooltip}
                  for t in glossary.terms],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def glossary_files(glossary: Glossary, page_path: str = GLOSSARY_PAGE, source: str = "") -> tuple[OutputFile, ...]:
    """Return the glossary page and the terms data file as output files for ``docs/``."""
    return (
        OutputFile(page_path, render_glossary_page(glossary, page_path).encode(), glossary.slides, source),
        OutputFile(TERMS_DATA, render_terms_data(glossary, page_path).encode(), glossary.slides, source),
    )


# ---------------------------------------------------------------- search


def glossary_terms(glossary: Glossary | TermLinks) -> tuple[str, ...]:
    """Return every term and alias, sorted: from a built glossary, or at site time from the
    terms data file (``terms_data.read_terms_data(docs_dir)``)."""
    return tuple(sorted({w for term in glossary.terms for w in (term.name, *term.aliases)}))
