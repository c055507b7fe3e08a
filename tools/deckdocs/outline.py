"""Group arranged slides into a course: home, chapters and the anchors of every section.

Chapters come from, in order of precedence: PowerPoint sections (``p14:sectionLst``), part
divider slides (a part name with PARTnn, or a slide naming an entry of the 目录 slide), and
otherwise the whole deck as one chapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pymdownx.slugs import slugify

from deckdocs import signals
from deckdocs.lang import pinyin
from deckdocs.model import (
    ArrangedSlide, Chapter, ChartBlock, Course, Deck, Item, PictureBlock, SlideSection, TableBlock,
    TextBlock,
)

QUIZ_ANCHOR = "本章自测"
_TOC_TITLE = re.compile(r"^(目\s*录|contents?|agenda|outline|议\s*程|大\s*纲|课程目录|内容提要)$", re.IGNORECASE)
_PART_BADGE = re.compile(r"^PART\s*0?\d{1,2}$", re.IGNORECASE)
_SLUG = slugify(case="lower")
_STEM_MAX = 40


def outline_course(deck: Deck, slides: tuple[ArrangedSlide, ...], prefix: str = "") -> Course:
    """Return the course the arranged slides make: its home, chapters and anchors.

    The cover and the 目录 slide make the home page, closing slides (谢谢观看, Q&A) its last
    words: none of them is a chapter or a section.
    """
    if not slides:
        return Course(deck.name, _fallback_title(deck), (), prefix, (), (), description=deck.description)
    title_slide = slides[0] if len(slides) > 1 and _is_cover(slides[0]) else None
    toc = next((s for s in slides[:4] if _is_toc(s)), None)
    toc_entries = _toc_entries(toc) if toc else ()
    front_numbers = {s.number for s in (title_slide, toc) if s is not None}
    closing = tuple(s for s in slides if s.number not in front_numbers and _is_closing(s))
    body = [s for s in slides if s.number not in front_numbers and s not in closing]

    groups = _groups_from_sections(deck, body) or _groups_from_dividers(body, toc_entries)
    if groups is None:
        groups = [(_course_title(deck, title_slide), body)] if body else []
    front = tuple(s for s in slides if s.number in front_numbers)
    chapters = []
    for title, chapter_slides in groups:
        if not chapter_slides:
            continue
        chapters.append(_chapter(len(chapters) + 1, title, chapter_slides))
    subtitle = _subtitle(title_slide)
    return Course(deck.name, _course_title(deck, title_slide), subtitle, prefix, front, tuple(chapters), closing,
                  deck.description)


# ---------------------------------------------------------------- recognising slides


def _content_blocks(slide: ArrangedSlide):
    return [b for b in slide.blocks if isinstance(b, (Item, TableBlock, PictureBlock, ChartBlock))]


def _texts(slide: ArrangedSlide) -> list[str]:
    return [b.text.strip() for b in slide.blocks if isinstance(b, TextBlock) and b.text.strip()]


def _lines(slide: ArrangedSlide) -> list[str]:
    """Return every line of text on the slide except its title, in reading order."""
    lines = []
    for block in slide.blocks:
        if isinstance(block, Item):
            lines += [block.heading_text, *block.body_text.split("\n")]
        elif isinstance(block, TextBlock):
            lines += block.text.split("\n")
    return [line.strip() for line in lines if line.strip()]


def _is_toc(slide: ArrangedSlide) -> bool:
    return bool(_TOC_TITLE.match(slide.title.strip())) or (slide.layout == signals.TOC and not _content_blocks(slide))


def _is_cover(slide: ArrangedSlide) -> bool:
    """Return whether the first slide is the cover: its layout says so, or it is a title with a few labels.

    A first slide on a content layout with a list (Title and Content, bullets) is content.
    """
    if _is_toc(slide) or slide.layout in (signals.DIVIDER, signals.CLOSING) or \
            any(isinstance(b, (TableBlock, ChartBlock)) for b in slide.blocks):
        return False  # a deck may open on its first part's divider
    lines = _lines(slide)
    if slide.layout == signals.COVER:  # its pictures (a cover picture, logos) go to the home page
        return bool(slide.title or lines) and len(lines) <= 8
    if any(isinstance(b, PictureBlock) for b in slide.blocks):
        return False
    if slide.layout == signals.CONTENT and _has_list(slide):
        return False
    return _is_title_slide(slide)


def _has_list(slide: ArrangedSlide) -> bool:
    paragraphs = [p for b in slide.blocks if isinstance(b, TextBlock) for p in b.paragraphs if p.text.strip()]
    return any(isinstance(b, Item) for b in slide.blocks) or sum(p.is_bullet for p in paragraphs) >= 2


def _is_title_slide(slide: ArrangedSlide) -> bool:
    """A first slide with a title and a few short lines (date, presenter) is the cover."""
    if not slide.title:
        return False
    lines = _lines(slide)
    # Cover lines are labels (a date, a presenter), not sentences.
    return len(lines) <= 4 and all(len(line) <= 40 and not line.endswith(("。", ".", "！", "？")) for line in lines)


def _is_closing(slide: ArrangedSlide) -> bool:
    """Return whether the slide only says goodbye: closing words (谢谢观看, THANK YOU, Q&A) or a
    closing layout (封底) with a few words, and nothing to learn (no items, tables, charts)."""
    if any(isinstance(b, (Item, TableBlock, ChartBlock)) for b in slide.blocks):
        return False
    texts = [t for t in [slide.title, *_texts(slide)] if t]
    words = " ".join(texts)
    if slide.layout == signals.CLOSING:
        return len(words) <= 2 * signals.CLOSING_MAX_CHARS
    return bool(texts) and not _content_blocks(slide) and signals.is_closing_text(texts[0].split("\n")[0], words)


def _toc_entries(toc: ArrangedSlide) -> tuple[str, ...]:
    entries = []
    for block in toc.blocks:
        if isinstance(block, TextBlock):
            entries.extend(p.text.strip() for p in block.paragraphs if p.text.strip())
        elif isinstance(block, Item):
            entries.append(block.heading_text)
    return tuple(e for e in entries if not signals.PART_NUMBER.match(e))


def _names(slide: ArrangedSlide) -> list[str]:
    """Return the slide's title and texts that could name a part: not its numbers, unless a
    number is all the slide says ("第一部分" under a PART01 badge)."""
    texts = [t for t in [slide.title, *_texts(slide)] if t]
    return [t for t in texts if not signals.PART_NUMBER.match(t)] or texts[:1]


def _divider_title(slide: ArrangedSlide, toc_entries: tuple[str, ...], after: int = -1) -> tuple[str, int, bool] | None:
    """Return (the part's name, the 目录 entry it names or ``after``, whether a number or the 目录
    confirms it) when the slide opens a part, else None.

    A part opens on a slide with nothing to learn on it that names a 目录 entry (by likeness:
    the two are often worded a little differently), carries a part number (PART01, a big 01,
    第一部分), or sits on a section layout (节标题, Section Header). Whether the slide is *only*
    a divider is :func:`_is_bare_divider`'s question.
    """
    if _content_blocks(slide):
        return None
    names = _names(slide)
    if not names:
        return None
    for name in names:
        index = signals.match_entry(name, toc_entries, after)
        if index is not None:
            return name, index, True
    numbered = any(_PART_BADGE.match(b) or signals.PART_NUMBER.match(b) for b in slide.badges) or \
        (bool(slide.badges) and len(names) == 1 and all(re.fullmatch(r"0?\d{1,2}", b) for b in slide.badges))
    if numbered or slide.layout == signals.DIVIDER:
        return names[0], after, numbered
    return None


def _is_bare_divider(slide: ArrangedSlide, name: str) -> bool:
    """A divider has nothing on it but its part name (and badges): no other text, no notes.

    A slide with more under a 目录 title opens its chapter and stays in it, so none of its
    text is lost.
    """
    if slide.title and slide.title != name or slide.notes.strip():
        return False
    return all(isinstance(b, TextBlock) and b.text.strip() in ("", name) for b in slide.blocks)


def _is_divider(slide: ArrangedSlide, toc_entries: tuple[str, ...]) -> bool:
    found = _divider_title(slide, toc_entries)
    return found is not None and _is_bare_divider(slide, found[0])


def _groups_from_sections(deck: Deck, body: list[ArrangedSlide]):
    """Return [(title, slides)] from PowerPoint sections, or None when the deck has too few."""
    by_number = {s.number: s for s in body}
    groups = []
    for section in deck.sections:
        slides = [by_number[n] for n in section.slide_numbers if n in by_number]
        slides = [s for s in slides if not _is_divider(s, ())]
        name = section.name
        if _DEFAULT_SECTION.match(name) and slides:  # PowerPoint's name, not the editor's: the first slide's title
            name = slides[0].title or name
        if slides and name:
            groups.append((name, slides))
    return groups if len(groups) >= 2 else None


# The name PowerPoint and WPS give a section nobody named (the slides before the first one named).
_DEFAULT_SECTION = re.compile(r"^(默认节|無標題的章節|无标题节|未命名节|default section|untitled section)$", re.IGNORECASE)


# A section layout alone opens parts only when the deck has at least this many such slides:
# one lone Section Header in a long deck is a template's leftover more often than a part.
MIN_LAYOUT_DIVIDERS = 2


def _groups_from_dividers(body: list[ArrangedSlide], toc_entries: tuple[str, ...]):
    """Return [(title, slides)] split at divider slides, or None when the deck has none.

    A content slide whose title names an entry of the 目录 slide also opens a chapter.
    """
    found: dict[int, str] = {}
    after = -1
    confirmed = 0
    for slide in body:
        divider = _divider_title(slide, toc_entries, after)
        if divider is not None:
            found[slide.number], after = divider[0], divider[1]
            confirmed += divider[2]
    if not confirmed and len(found) < MIN_LAYOUT_DIVIDERS:
        found = {}
    groups: list[tuple[str, list[ArrangedSlide]]] = []
    for slide in body:
        name = found.get(slide.number)
        if name is not None:
            groups.append((signals.without_part_number(name), [] if _is_bare_divider(slide, name) else [slide]))
            continue
        if toc_entries and slide.title in toc_entries:
            groups.append((slide.title, [slide]))
            continue
        if not groups:
            groups.append(("", []))  # slides before the first divider: an untitled opening chapter
        groups[-1][1].append(slide)
    if not any(title for title, _ in groups):
        return None
    return [(title or "导言", slides) for title, slides in groups]


# Titles that name no course: a tool's default ("Slide 1", "PowerPoint Presentation", "演示文稿1").
_GENERIC_TITLE = re.compile(r"^(slide|page|幻灯片|页面?)\s*\d+$|^(powerpoint\s*)?presentation\s*\d*$|"
                            r"^(演示文稿|无标题|未命名)\S*$|^untitled\b.*$", re.IGNORECASE)


def _course_title(deck: Deck, title_slide: ArrangedSlide | None) -> str:
    if title_slide is not None and title_slide.title and not _GENERIC_TITLE.match(title_slide.title.strip()):
        return title_slide.title
    return _fallback_title(deck)


def _fallback_title(deck: Deck) -> str:
    """Return the deck's own title, else its file name: an editor named the file, not "Slide 1"."""
    if deck.title and not _GENERIC_TITLE.match(deck.title):
        return deck.title
    return deck.name.rsplit(".", 1)[0]


def _subtitle(title_slide: ArrangedSlide | None) -> tuple[str, ...]:
    if title_slide is None:
        return ()
    return tuple(_lines(title_slide))


# ---------------------------------------------------------------- chapters and anchors


@dataclass
class _Anchors:
    """Hands out unique, readable anchors within one page."""

    taken: set[str]
    next_suffix: dict[str, int] = field(default_factory=dict)  # a long deck repeats headings

    def claim(self, text: str, fallback: str) -> str:
        base = _SLUG(text, "-") or fallback
        anchor, n = base, self.next_suffix.get(base, 2)
        if n > 2:
            anchor, n = f"{base}-{n}", n + 1
        while anchor in self.taken:
            anchor, n = f"{base}-{n}", n + 1
        self.taken.add(anchor)
        self.next_suffix[base] = n
        return anchor


def _chapter(number: int, title: str, slides: list[ArrangedSlide]) -> Chapter:
    anchors = _Anchors({QUIZ_ANCHOR})
    page_anchor = anchors.claim(title, f"chapter-{number}")
    sections = []
    for slide in slides:
        heading = slide.title or f"幻灯片 {slide.number}"
        if not sections and heading == title:  # the part's opening slide: the page's title is its heading
            anchor = page_anchor
        else:
            anchor = anchors.claim(heading, f"slide-{slide.number}")
        block_anchors = tuple(
            anchors.claim(b.heading_text, f"slide-{slide.number}-item") if isinstance(b, Item) else None
            for b in slide.blocks
        )
        sections.append(SlideSection(slide, heading, anchor, block_anchors))
    return Chapter(number, title, f"{number:02d}-{ascii_slug(title)}", tuple(sections), page_anchor, (QUIZ_ANCHOR,))


def ascii_slug(text: str, limit: int = _STEM_MAX) -> str:
    """Return a stable ASCII slug: Chinese as pinyin syllables, other words lower-cased."""
    words = pinyin.plain(text)
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "part"
