"""One course's slides as quiz material, with the indexes that keep generation linear.

An *entry* is an item (heading + body); a *term* is an editor's glossary entry used on a slide.
Whether a distractor could be argued right is decided against indexes built once per course
(entries by heading; every entry on a hash ring, per chapter and for the whole course), never
by scanning every entry for every candidate: a question walks a bounded stretch of a ring from
the point its own content hashes to (rendezvous on a ring), so its candidates depend on its own
content and on the few entries that hash next to it, never on slide positions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from deckdocs.glossary.file import GlossaryEntry
from deckdocs.model import ArrangedSlide, Chapter, Course, Item, SlideSection
from deckdocs.quiz.model import Source
from deckdocs.quiz.text import BODY_NEAR, HEADING_NEAR, _grams, _hash, _line, _named, _norm, _overlap

MIN_BODY_CHARS = 6  # shorter bodies say too little to be quoted as a question
PHRASE = 4  # characters in a run two bodies share when they are about the same thing
WALK = 48  # ring positions a question looks at for distractors: bounded, so the bank stays linear
# A slide is a sequence when its title says so, or when arrows or numbered badges join its items
# and a later body refers back to an earlier step (…后，/ 之后 / 完毕).
_SEQUENCE_TITLE = re.compile(r"步骤|流程|顺序|阶段|环节|程序|过程")
_REFERS_BACK = re.compile(r"后[,，]|之后|完毕")
_BADGE_NUMBER = re.compile(r"\d+")
WORD_SUFFIXES = frozenset("率性额费化者方人")  # 违约率, 合法性: a term followed by one is part of a longer word


@dataclass(frozen=True)
class Entry:
    """An item as quiz material, with everything comparisons need."""

    heading: str
    body: str
    anchor: str | None
    section: str  # the section heading (slide title)
    slide: int
    fingerprint: str  # of its slide, for the change report of pages that borrow it

    @cached_property
    def heading_norm(self) -> str:
        return _norm(self.heading)

    @cached_property
    def body_norm(self) -> str:
        return _norm(self.body)

    @cached_property
    def heading_grams(self) -> frozenset[str]:
        return _grams(self.heading_norm)

    @cached_property
    def body_grams(self) -> frozenset[str]:
        return _grams(self.body_norm)

    @cached_property
    def section_grams(self) -> frozenset[str]:
        return _grams(_norm(self.section))

    @cached_property
    def key(self) -> str:
        return _hash(self.heading_norm, self.body_norm)

    @cached_property
    def phrases(self) -> frozenset[str]:
        return _phrases(self.body_norm)


def _phrases(norm: str) -> frozenset[str]:
    """Return the runs of ``PHRASE`` characters in ``norm``: two texts that share one (欺诈行为,
    违约通知) talk about the same thing."""
    return frozenset(norm[i:i + PHRASE] for i in range(len(norm) - PHRASE + 1))


@dataclass(frozen=True)
class Term:
    """An editor's glossary term that the course uses, with the first sentence using it."""

    name: str
    definition: str
    aliases: tuple[str, ...]
    entry: Entry  # the first item (deck order) whose body uses it

    @cached_property
    def key(self) -> str:
        return _hash("term", _norm(self.name), _norm(self.definition))

    @cached_property
    def definition_grams(self) -> frozenset[str]:
        return _grams(_norm(self.definition))

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class SlideMaterial:
    course: Course
    chapter: Chapter
    section: SlideSection
    entries: tuple[Entry, ...]

    @property
    def slide(self) -> ArrangedSlide:
        return self.section.slide

    @property
    def title(self) -> str:
        return self.section.heading

    @cached_property
    def seed(self) -> str:
        return _hash(_norm(self.slide.title), *(e.key for e in self.entries))

    @cached_property
    def title_grams(self) -> frozenset[str]:
        return _grams(_norm(self.slide.title))

    @cached_property
    def text(self) -> str:
        return "\n".join([self.slide.title, *(f"{e.heading}\n{e.body}" for e in self.entries)])

    @cached_property
    def text_grams(self) -> frozenset[str]:
        """Return the bigrams of everything the section says: title, headings, bodies."""
        grams = self.title_grams
        for entry in self.entries:
            grams |= entry.heading_grams | entry.body_grams
        return grams

    @cached_property
    def label_grams(self) -> frozenset[str]:
        """Return the bigrams of the section's title and headings: its key terms."""
        grams = self.title_grams
        for entry in self.entries:
            grams |= entry.heading_grams
        return grams

    @cached_property
    def phrases(self) -> frozenset[str]:
        found = frozenset()
        for entry in self.entries:
            found |= entry.phrases
        return found - self.common_phrases

    @cached_property
    def common_phrases(self) -> frozenset[str]:
        return _phrases(_norm(self.course.title))

    @property
    def has_title(self) -> bool:
        return bool(self.slide.title.strip())

    @cached_property
    def is_sequence(self) -> bool:
        """Return whether the items are steps in order (for ordering questions)."""
        n = len(self.entries)
        if not 3 <= n <= 6 or len(self.entries) != sum(isinstance(b, Item) for b in self.slide.blocks):
            return False
        if _SEQUENCE_TITLE.search(self.slide.title):
            return True
        numbers = [int(m.group()) for b in self.slide.badges if (m := _BADGE_NUMBER.search(b))]
        joined = self.slide.arrows >= n - 1 or numbers == list(range(1, n + 1))
        return joined and any(_REFERS_BACK.search(e.body) for e in self.entries[1:])

    def source(self, entry: Entry | None = None) -> Source:
        parts = [f"第 {self.chapter.number} 章 {self.chapter.title}", self.section.heading]
        if entry is not None:
            parts.append(entry.heading)
        anchor = entry.anchor if entry is not None and entry.anchor else self.section.anchor
        return Source(self.course.page_path(self.chapter.stem), anchor, " › ".join(parts))


def _entries(section: SlideSection) -> tuple[Entry, ...]:
    entries = []
    for block, anchor in zip(section.slide.blocks, section.block_anchors):
        if isinstance(block, Item):
            entry = Entry(_line(block.heading_text), _line(block.body_text), anchor, section.heading,
                          section.slide.number, section.slide.fingerprint)
            if entry.heading_norm and len(entry.body_norm) >= MIN_BODY_CHARS:
                entries.append(entry)
    return tuple(entries)


class _Ring:
    """Entries ordered by the hash of their own content; a walk starts where a seed hashes to."""

    def __init__(self, entries) -> None:
        unique: dict[str, Entry] = {}
        for entry in entries:
            unique.setdefault(entry.key, entry)  # a slide repeated word for word is one candidate
        self.points = sorted(unique)
        self.entries = [unique[k] for k in self.points]

    def walk(self, seed: str, steps: int = WALK):
        if not self.entries:
            return
        start = bisect.bisect_left(self.points, _hash(seed))
        for i in range(min(steps, len(self.entries))):
            yield self.entries[(start + i) % len(self.entries)]


class Material:
    """One course's slides as quiz material, and what is known across all of them."""

    def __init__(self, course: Course, glossary: tuple[GlossaryEntry, ...] = ()) -> None:
        self.course = course
        self.slides = tuple(SlideMaterial(course, chapter, section, _entries(section))
                            for chapter in course.chapters for section in chapter.sections)
        self.entries = tuple(e for s in self.slides for e in s.entries)
        # The course title's bigrams (the product's name: 微粒贷) are in every topic.
        self.common = _grams(_norm(course.title))
        # Entries by heading, one per distinct body: a slide repeated word for word adds nothing.
        self.by_heading: dict[str, dict[str, Entry]] = {}
        for entry in self.entries:
            self.by_heading.setdefault(entry.heading_norm, {}).setdefault(entry.body_norm, entry)
        self._slides_of: dict[str, set[tuple[int, str]]] = {}
        for entry in self.entries:
            self._slides_of.setdefault(entry.heading_norm, set()).add((entry.slide, entry.fingerprint))
        # A heading with several different bodies (信用评分模型, 案例背景) means something else on each slide.
        self.repeated = frozenset(h for h, bodies in self.by_heading.items() if len(bodies) > 1)
        self.ring = _Ring(self.entries)
        by_chapter: dict[int, list[Entry]] = {}
        for slide in self.slides:
            by_chapter.setdefault(slide.chapter.number, []).extend(slide.entries)
        self.chapter_rings = {number: _Ring(found) for number, found in by_chapter.items()}
        self.terms = _terms(glossary, self.entries)
        self._distinct_terms: dict[str, list[Term]] = {}

    def slides_with(self, entry: Entry, but: int) -> tuple[tuple[int, str], ...]:
        """Return (slide, fingerprint) of every slide but ``but`` with ``entry``'s heading: whether
        the heading may be offered depends on what each of them says under it."""
        return tuple(sorted(s for s in self._slides_of.get(entry.heading_norm, ()) if s[0] != but))

    def distinct_terms(self, term: Term, is_distinct) -> list[Term]:
        """Return the terms ``is_distinct(self, term, other)`` accepts, worked out once per term."""
        if term.name not in self._distinct_terms:
            self._distinct_terms[term.name] = [t for t in self.terms if is_distinct(self, term, t)]
        return self._distinct_terms[term.name]

    def is_outside(self, candidate: Entry, slide: SlideMaterial) -> bool:
        """Return whether ``candidate`` is clearly not part of ``slide``'s section."""
        if candidate.slide == slide.slide.number or candidate.heading_norm in self.repeated:
            return False
        if candidate.heading_grams - self.common & slide.label_grams:  # shares a word with its labels
            return False
        if slide.has_title and (_overlap(candidate.heading_grams, slide.title_grams) >= HEADING_NEAR
                                or _overlap(candidate.section_grams, slide.title_grams) >= HEADING_NEAR):
            return False
        if _named(candidate.heading_grams, slide.text_grams) or candidate.phrases & slide.phrases:
            return False
        return not any(_overlap(candidate.heading_grams, entry.heading_grams) >= HEADING_NEAR
                       or _overlap(candidate.body_grams, entry.body_grams) >= BODY_NEAR
                       for entry in slide.entries)

    def is_wrong_heading(self, heading: Entry, entry: Entry) -> bool:
        """Return whether ``heading``'s heading is clearly not what ``entry``'s body describes."""
        if (heading.heading_norm == entry.heading_norm
                or _overlap(heading.heading_grams, entry.heading_grams) >= HEADING_NEAR
                or _named(heading.heading_grams, entry.body_grams)
                or heading.heading_norm in entry.body_norm
                or _overlap(heading.body_grams, entry.body_grams) >= BODY_NEAR):
            return False
        return not any(_overlap(other.body_grams, entry.body_grams) >= BODY_NEAR
                       for other in self.by_heading.get(heading.heading_norm, {}).values())

    def outside(self, slide: SlideMaterial, seed: str):
        """Yield candidates from elsewhere: the slide's chapter first, then the whole course."""
        seen = set()
        for ring in (self.chapter_rings.get(slide.chapter.number, self.ring), self.ring):
            for entry in ring.walk(seed):
                if entry.key not in seen:
                    seen.add(entry.key)
                    if self.is_outside(entry, slide):
                        yield entry


def _terms(glossary: tuple[GlossaryEntry, ...], entries: tuple[Entry, ...]) -> tuple[Term, ...]:
    """Return the glossary's terms that some item body uses, each with the first such item."""
    wanted = {}
    for g in glossary:
        if not g.is_excluded and g.definition:
            for word in (g.term, *g.aliases):
                wanted.setdefault(word, g)
    if not wanted or not entries:
        return ()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(wanted, key=lambda w: (-len(w), w))))
    found: dict[str, Term] = {}
    for entry in entries:
        for match in pattern.finditer(entry.body):
            if entry.body[match.end():match.end() + 1] in WORD_SUFFIXES:
                continue  # 违约 in 违约率: part of another word
            g = wanted[match.group()]
            if g.term not in found:
                found[g.term] = Term(g.term, _line(g.definition), tuple(g.aliases), entry)
    return tuple(found[t] for t in sorted(found))
