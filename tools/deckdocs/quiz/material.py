"""One course's slides as quiz material: entries (an item's heading and body), slides, and
the checks that keep a distractor from being arguably right."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from deckdocs.model import Chapter, Course, Item, SlideSection
from deckdocs.quiz.model import Source
from deckdocs.quiz.text import BODY_NEAR, HEADING_NEAR, _grams, _hash, _line, _named, _norm, _overlap

MIN_BODY_CHARS = 6  # shorter bodies say too little to be quoted as a question


@dataclass(frozen=True)
class _Entry:
    """An item as quiz material, with everything comparisons need."""

    heading: str
    body: str
    anchor: str | None
    section: str  # the section heading (slide title)

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


@dataclass(frozen=True)
class _Slide:
    course: Course
    chapter: Chapter
    section: SlideSection
    entries: tuple[_Entry, ...]

    @cached_property
    def seed(self) -> str:
        return _hash(_norm(self.section.slide.title), *(e.key for e in self.entries))

    @cached_property
    def title_grams(self) -> frozenset[str]:
        return _grams(_norm(self.section.slide.title))

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

    @property
    def has_title(self) -> bool:
        return bool(self.section.slide.title.strip())

    def source(self, entry: _Entry | None = None) -> Source:
        parts = [f"第 {self.chapter.number} 章 {self.chapter.title}", self.section.heading]
        if entry is not None:
            parts.append(entry.heading)
        anchor = entry.anchor if entry is not None and entry.anchor else self.section.anchor
        return Source(self.course.page_path(self.chapter.stem), anchor, " › ".join(parts))


def _entries(section: SlideSection) -> tuple[_Entry, ...]:
    entries = []
    for block, anchor in zip(section.slide.blocks, section.block_anchors):
        if isinstance(block, Item):
            entry = _Entry(_line(block.heading_text), _line(block.body_text), anchor, section.heading)
            if entry.heading_norm and len(entry.body_norm) >= MIN_BODY_CHARS:
                entries.append(entry)
    return tuple(entries)


class _Material:
    """One course's slides as quiz material, and what is known across all of them."""

    def __init__(self, course: Course) -> None:
        self.slides = tuple(_Slide(course, chapter, section, _entries(section))
                            for chapter in course.chapters for section in chapter.sections)
        self.pool = tuple((s, e) for s in self.slides for e in s.entries)
        self.entries = tuple(e for _, e in self.pool)
        # The course title's bigrams (the product's name: 微粒贷) are in every topic.
        self.common = _grams(_norm(course.title))
        seen: dict[str, set[int]] = {}
        for slide, entry in self.pool:
            seen.setdefault(entry.heading_norm, set()).add(slide.section.slide.number)
        # A heading on several slides (信用评分模型, 案例背景) means something else on each.
        self.repeated = frozenset(h for h, where in seen.items() if len(where) > 1)

    def is_outside(self, candidate: _Entry, slide: _Slide) -> bool:
        """Return whether ``candidate`` is clearly not part of ``slide``'s section."""
        if candidate.heading_norm in self.repeated:
            return False
        if candidate.heading_grams - self.common & slide.label_grams:  # shares a word with its labels
            return False
        if slide.has_title and (_overlap(candidate.heading_grams, slide.title_grams) >= HEADING_NEAR
                                or _overlap(candidate.section_grams, slide.title_grams) >= HEADING_NEAR):
            return False
        if _named(candidate.heading_grams, slide.text_grams):
            return False
        return not any(_overlap(candidate.heading_grams, entry.heading_grams) >= HEADING_NEAR
                       or _overlap(candidate.body_grams, entry.body_grams) >= BODY_NEAR
                       for entry in slide.entries)

    def is_wrong_heading(self, heading: _Entry, entry: _Entry) -> bool:
        """Return whether ``heading``'s heading is clearly not what ``entry``'s body describes."""
        if (_overlap(heading.heading_grams, entry.heading_grams) >= HEADING_NEAR
                or _named(heading.heading_grams, entry.body_grams)):
            return False
        return not any(other.heading_norm == heading.heading_norm
                       and _overlap(other.body_grams, entry.body_grams) >= BODY_NEAR for other in self.entries)

    def outside(self, slide: _Slide) -> list[tuple[bool, _Entry]]:
        """Return the candidates from elsewhere, each with whether it is of the same chapter."""
        return [(other.chapter.number == slide.chapter.number, e) for other, e in self.pool
                if other.section is not slide.section and self.is_outside(e, slide)]


def _pick(candidates, seed: str, count: int, taken: set[str]) -> list[_Entry]:
    """Return up to ``count`` candidates by rendezvous hashing, one per heading."""
    picked = []
    for candidate in sorted(candidates, key=lambda c: (c[0], _hash(seed, c[1].key))):
        entry = candidate[1]
        if len(picked) == count:
            break
        if entry.heading_norm not in taken:
            taken.add(entry.heading_norm)
            picked.append(entry)
    return picked
