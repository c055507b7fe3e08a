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
# What a heading names is told by its last characters (反洗钱法 and 暂行办法 are rules, 个人用户 and
# 小微企业主 people, 交易监控系统 a system): headings with the same head are the same kind of
# thing, and only those are set against each other (contrast, not absurdity).
_HEAD_FAMILIES = (("法规", ("暂行办法", "办法", "条例", "规定", "法")),
                  ("人", ("用户", "客户", "企业主", "经营者", "上班族", "人员", "者", "主", "族", "员", "人")))
# Labels of a case slide, by what they say: the situation, a wrong move, what came of it, the
# right move. A slide with a situation and one of the others is a case (scenario questions).
ROLES = (("situation", re.compile(r"背景|情况|情景|经过$")), ("wrong", re.compile(r"错误|误区|不当")),
         ("consequence", re.compile(r"后果|影响|结果|损失")),
         ("action", re.compile(r"正确做法|处理方式|处理办法|应对|对策|正确处理|解决办法|做法$|借款过程|处理过程")),
         ("lesson", re.compile(r"启示|教训|要点|提示")))


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

    @cached_property
    def head(self) -> str:
        return heading_head(self.heading_norm)

    @cached_property
    def role(self) -> str | None:
        return heading_role(self.heading)


def heading_head(norm: str) -> str:
    """Return what kind of thing a (normalised) heading names: its family, or its last two characters."""
    for family, ends in _HEAD_FAMILIES:
        if norm.endswith(ends):
            return family
    return norm[-2:]


def heading_role(heading: str) -> str | None:
    """Return the part of a case a label plays (situation, wrong, consequence, action, lesson), if any."""
    return next((role for role, pattern in ROLES if pattern.search(heading)), None)


def definition_genus(definition: str) -> str:
    """Return what a definition says its term is: 一种还款方式：… → 还款方式; …及早发现风险的系统 →
    系统; 《…法》 → 法规. Terms with the same genus are the same kind of thing."""
    text = re.sub(r"（[^）]*）|\([^)]*\)", "", definition.strip())
    if text.startswith("《"):
        return "法规"
    one = re.match(r"一种(\w+?)[：:，,]", text)
    if one:
        return one.group(1)
    sentence = re.split(r"[。；;]", text, maxsplit=1)[0]
    sentence = re.split(r"[，,]\s*(?:如|例如|即|常用|通常|必须)", sentence, maxsplit=1)[0]  # examples, asides
    parts = re.split(r"[，,：:]", sentence)
    # The genus ends a clause after its last 的 (…及早发现风险的系统); a list there (…的身份、行为和
    # 交易等信息) is what the term works on, not what it is.
    # …的是… (最常见的是未按时足额还款) says what it usually is, not what kind of thing; a long
    # stretch after 的 (约定的还款日足额还款) is a verb phrase. No genus then: the term is not
    # set against others (随借随还 is no 违约).
    heads = [p[p.rindex("的") + 1:].strip() for p in parts if "的" in p]
    head = next((h for h in heads if not re.search(r"[、和及与]", h) and 0 < len(h) <= 6 and not h.startswith("是")), "")
    head = re.sub(r"[^\w]", "", head)
    if not head or head.endswith(_MEASURES):
        # A measure (…占全部贷款的比例, …的分数) is no kind: a ratio of bad loans and an interest
        # rate are both 比例 but nobody would take one for the other.
        return ""
    return "法规" if head.endswith(("规章", "条例", "法律")) else head[-2:]


_MEASURES = ("比例", "分数", "可能性", "能力", "情况", "性质", "程度", "总称")


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
    entry: Entry  # the item whose body it is asked through (``_terms``)

    @cached_property
    def key(self) -> str:
        return _hash("term", _norm(self.name), _norm(self.definition))

    @cached_property
    def definition_grams(self) -> frozenset[str]:
        return _grams(_norm(self.definition))

    @cached_property
    def genus(self) -> str:
        return definition_genus(self.definition)

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
    def roles(self) -> dict[str, "Entry"]:
        """Return the case labels of the slide by role (the first of each), when it is a case."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.role is not None:
                found.setdefault(entry.role, entry)
        return found if "situation" in found and len(found) >= 2 else {}

    @property
    def is_case(self) -> bool:
        return bool(self.roles)

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
        # A body the deck gives under two headings cannot be asked about by its heading.
        self._headings_of: dict[str, set[str]] = {}
        for entry in self.entries:
            self._headings_of.setdefault(entry.body_norm, set()).add(entry.heading_norm)
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
        # Same-kind neighbours: entries by head, and the case slides' labels by role.
        by_head: dict[str, list[Entry]] = {}
        by_role: dict[str, list[Entry]] = {}
        for slide in self.slides:
            for entry in slide.entries:
                if slide.is_case:
                    if entry.role is not None:
                        by_role.setdefault(entry.role, []).append(entry)
                else:
                    by_head.setdefault(entry.head, []).append(entry)
        self._chapter_of = {slide.slide.number: slide.chapter.number for slide in self.slides}
        self._roles_of = {slide.slide.number: slide.roles for slide in self.slides if slide.is_case}
        self.head_rings = {head: _Ring(found) for head, found in by_head.items()}
        self.role_rings = {role: _Ring(found) for role, found in by_role.items()}
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

    def same_head(self, slide: SlideMaterial, head: str, seed: str):
        """Yield entries of other slides whose heading has ``head`` (the same kind of thing) and
        that are clearly not part of ``slide``: a bounded walk, the slide's chapter first."""
        ring = self.head_rings.get(head)
        if ring is None:
            return
        chapter = slide.chapter.number
        for entry in sorted(ring.walk(seed), key=lambda e: self._chapter_of[e.slide] != chapter):
            if self.is_outside(entry, slide):
                yield entry

    def is_ambiguous(self, entry: Entry) -> bool:
        """Return whether the deck gives ``entry``'s body under another heading too."""
        return len(self._headings_of.get(entry.body_norm, ())) > 1

    def chapter_of(self, entry: Entry) -> int:
        return self._chapter_of[entry.slide]

    def role_of(self, entry: Entry, role: str) -> str:
        """Return the body of the label playing ``role`` on ``entry``'s case slide ("" if none)."""
        found = self._roles_of.get(entry.slide, {}).get(role)
        return found.body if found is not None else ""

    def same_role(self, slide: SlideMaterial, role: str, seed: str):
        """Yield other case slides' labels of ``role`` (other cases' wrong moves, consequences)."""
        for entry in self.role_rings.get(role, _Ring(())).walk(seed):
            if entry.slide != slide.slide.number:
                yield entry

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
    """Return the glossary's terms that some item body uses, each with the item it is asked
    through: of the items using it, the one with the lowest ``hash(term, item)`` (rendezvous), so
    that which one it is depends on those items' content, never on their order in the deck."""
    wanted = {}
    for g in glossary:
        if not g.is_excluded and g.definition:
            for word in (g.term, *g.aliases):
                wanted.setdefault(word, g)
    if not wanted or not entries:
        return ()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(wanted, key=lambda w: (-len(w), w))))
    found: dict[str, tuple[str, Entry, GlossaryEntry]] = {}
    for entry in entries:
        for match in pattern.finditer(entry.body):
            if entry.body[match.end():match.end() + 1] in WORD_SUFFIXES:
                continue  # 违约 in 违约率: part of another word
            g = wanted[match.group()]
            rank = _hash("term", g.term, entry.key)
            if g.term not in found or rank < found[g.term][0]:
                found[g.term] = (rank, entry, g)
    return tuple(Term(t, _line(g.definition), tuple(g.aliases), entry) for t, (_, entry, g) in sorted(found.items()))
