"""Quizzes: questions generated from each slide's items plus the editors' questions in the
speaker notes, rendered for mkdocs-quiz (``<quiz>`` blocks). Pure: no IO.

Per content slide with items (heading + body) three kinds of question are generated:

* ``describes`` — a body is quoted; which heading of the slide does it describe?
* ``covers`` — which of these is covered in the slide's section? (one right, three from elsewhere)
* ``odd-one-out`` — which of these is *not* covered in the section? (three from it, one not)

Every question must have exactly one defensible answer, so a wrong option is dropped when
it could be argued right. Text is compared after :func:`_norm` (NFKC, no punctuation or
spaces, lower case, near-synonyms such as 诈骗/欺诈 folded together) by character bigrams;
"similar" is an overlap ``|A∩B| / min(|A|,|B|)`` of at least ``HEADING_NEAR``/``BODY_NEAR``.

* An option from elsewhere (``covers``, ``odd-one-out``) must not share a bigram with the
  section's title or headings (the course title's bigrams, i.e. the product name, excepted),
  must not have a heading the course repeats on several slides (信用评分模型, 案例背景: it
  means something else on each), must not be mostly named in the section's text, must not
  have a body similar to one of the section's, and must not come from a section with a
  similar title. ``covers`` is not asked about a repeated heading either.
* A sibling heading offered for ``describes`` must not be similar to the right heading, must
  not be mostly named in the quoted body, and no item anywhere in the course with that heading
  may have a body similar to the quoted one (the deck repeats headings with new bodies).

Distractor rule (so a changed slide changes only its own questions): options from elsewhere
are chosen by rendezvous hashing. Every valid candidate item gets the score
``sha256(question seed + candidate key)``, where the seed hashes the question's own slide (its
title and items) and the key hashes the candidate's own heading and body; items of other
chapters come first, then the lowest scores win. Slide numbers and positions play no part. So
editing slide B changes a question of slide A only if B's old item was one of its picks or a
new item of B outscores them. The course-wide checks above (a heading repeated elsewhere, the
same heading with a similar body elsewhere) look at other slides only through those headings.
Options are ordered by ``sha256(question key + option text)``; editors' options keep their order.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from deckdocs.errors import QuizFormatError
from deckdocs.model import ArrangedSlide, Chapter, Course, Item, SlideSection
from deckdocs.notes import parse_notes, strip_questions
from deckdocs.outline import QUIZ_ANCHOR
from deckdocs.export.qti import export_qti
from deckdocs.render import escape, front_matter

__all__ = [
    "ChapterQuiz", "Option", "Question", "QuestionBank", "Source", "build_question_bank",
    "export_qti", "render_chapter_quiz", "render_final_quiz", "strip_questions", "PAGE_META",
]

PAGE_META = "quiz:\n  enabled: true"  # front matter lines that turn mkdocs-quiz on for a page
CHAPTER_TARGET, CHAPTER_MAX = 7, 10  # generated questions per chapter quiz: aim, and cap
FINAL_PER_CHAPTER = 3  # generated questions each chapter gives the final test
MAX_OPTIONS = 4
MIN_OPTIONS = 3  # a generated question with fewer options is too easy to guess: skipped
HEADING_NEAR = 0.5  # bigram overlap at which two headings or titles count as the same topic
BODY_NEAR = 0.35  # bigram overlap at which two bodies count as saying the same thing
NAMED = 0.5  # share of a heading's bigrams found in a text at which the text counts as naming it
MIN_BODY_CHARS = 6  # shorter bodies say too little to be quoted as a question
_URL_SAFE = frozenset("-._~/#%")
# Said in place of mkdocs-quiz's intro block, whose reset button fails colour contrast in the
# dark palette; the progress panel beside the page has a reset link.
_HOW_TO = "选择答案后立即显示对错和解析，解析中的链接指向出处。答题记录保存在本机浏览器中，可在“测验进度”中重置。"


@dataclass(frozen=True, order=True)
class Source:
    """Where a question comes from: a docs-relative page, an anchor on it, and a label."""

    page_path: str
    anchor: str | None
    label: str


@dataclass(frozen=True)
class Option:
    text: str
    is_correct: bool


@dataclass(frozen=True)
class Question:
    key: str  # stable: a hash of the content behind the question
    kind: str  # describes | covers | odd-one-out | editor
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: Source
    slide: int
    chapter: str  # the chapter's title ("" for editor questions on the title or closing slide)


@dataclass(frozen=True)
class ChapterQuiz:
    course: str  # the course's source deck name
    stem: str
    number: int
    title: str
    questions: tuple[Question, ...]  # the chapter's 本章自测
    final: tuple[Question, ...]  # the chapter's share of the 综合测验


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]  # every question, generated or written, in deck order
    chapters: tuple[ChapterQuiz, ...]
    extra: tuple[Question, ...]  # editors' questions on title, contents or closing slides
    problems: tuple[QuizFormatError, ...]
    title: str = ""

    def for_chapter(self, course: Course, chapter: Chapter) -> tuple[Question, ...]:
        """Return the chapter's 本章自测 questions (empty for a chapter without any)."""
        for quiz in self.chapters:
            if quiz.course == course.source and quiz.stem == chapter.stem:
                return quiz.questions
        return ()

    @cached_property
    def final(self) -> tuple[Question, ...]:
        """Return the 综合测验 questions: a share of every chapter, then the extra ones."""
        return tuple(q for quiz in self.chapters for q in quiz.final) + self.extra


# ---------------------------------------------------------------- text comparison

# Words a deck uses interchangeably; folded together before texts are compared, so that
# 防范诈骗 and 防止欺诈 count as the same topic.
_SYNONYMS = (("诈骗", "欺诈"), ("防范", "防止"), ("预防", "防止"), ("审核", "审批"), ("借款", "贷款"))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")
    for word, same in _SYNONYMS:
        text = text.replace(word, same)
    return re.sub(r"^\d+", "", text)


def _grams(norm: str) -> frozenset[str]:
    return frozenset(norm[i:i + 2] for i in range(len(norm) - 1)) or frozenset({norm} - {""})


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _named(heading: frozenset[str], text: frozenset[str]) -> bool:
    """Return whether most of a heading's bigrams occur in ``text`` (it talks about it)."""
    return bool(heading) and len(heading & text) / len(heading) >= NAMED


def _line(text: str) -> str:
    """Return ``text`` on one line: control characters dropped, whitespace runs collapsed."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return re.sub(r"\s+", " ", text).strip()


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- material


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


# ---------------------------------------------------------------- generation


def _question(kind: str, slide: _Slide, seed: str, prompt: str, right: list[str], wrong: list[str],
              explanation: str, entry: _Entry | None) -> Question | None:
    if len(right) + len(wrong) < MIN_OPTIONS:
        return None
    key = _hash(kind, slide.seed, seed)[:16]
    options = [Option(t, True) for t in right] + [Option(t, False) for t in wrong]
    options.sort(key=lambda o: _hash(key, o.text))
    return Question(key, kind, prompt, tuple(options), explanation, slide.source(entry),
                    slide.section.slide.number, slide.chapter.title)


def _describes(material: _Material, slide: _Slide, entry: _Entry) -> Question | None:
    taken = {entry.heading_norm}
    siblings = [(False, e) for e in slide.entries
                if e is not entry and material.is_wrong_heading(e, entry)
                and _overlap(e.body_grams, entry.body_grams) < BODY_NEAR]
    wrong = _pick(siblings, slide.seed + entry.key, MAX_OPTIONS - 1, taken)
    if len(wrong) < MIN_OPTIONS - 1:
        extra = [c for c in material.outside(slide) if material.is_wrong_heading(c[1], entry)]
        wrong += _pick(extra, slide.seed + entry.key, MIN_OPTIONS - 1 - len(wrong), taken)
    prompt = f"“{entry.body}”——这段内容对应“{slide.section.heading}”中的哪一项？"
    explanation = f"这段内容出自“{entry.heading}”。"
    return _question("describes", slide, entry.key, prompt, [entry.heading], [e.heading for e in wrong],
                     explanation, entry)


def _covers(slide: _Slide, entry: _Entry, outside) -> Question | None:
    taken = {e.heading_norm for e in slide.entries}
    wrong = _pick(outside, slide.seed + "covers" + entry.key, MAX_OPTIONS - 1, taken)
    title = slide.section.heading
    prompt = f"下列哪一项是“{title}”一节介绍的内容？"
    explanation = f"“{entry.heading}”属于“{title}”：{entry.body} 其余选项出自课程的其他小节。"
    return _question("covers", slide, entry.key, prompt, [entry.heading], [e.heading for e in wrong],
                     explanation, entry)


def _odd_one_out(slide: _Slide, outside) -> Question | None:
    taken: set[str] = set()
    inside = _pick([(False, e) for e in slide.entries], slide.seed + "inside", MAX_OPTIONS - 1, taken)
    odd = _pick(outside, slide.seed + "odd", 1, taken)
    if len(inside) < MIN_OPTIONS - 1 or not odd:
        return None
    title = slide.section.heading
    prompt = f"下列哪一项不是“{title}”一节介绍的内容？"
    explanation = (f"“{odd[0].heading}”不在“{title}”一节中，它出自“{odd[0].section}”；"
                   f"其余选项都是本节内容。")
    return _question("odd-one-out", slide, "odd", prompt, [odd[0].heading], [e.heading for e in inside],
                     explanation, None)


def _generate(material: _Material, slide: _Slide) -> tuple[Question, ...]:
    """Return the slide's generated questions, kinds interleaved, best first."""
    describes = [_describes(material, slide, e) for e in slide.entries]
    covers, odd = [], []
    if slide.has_title:
        outside = material.outside(slide)
        rotated = slide.entries[1:] + slide.entries[:1]
        # A heading the deck repeats says little about this section: no 'covers' question for it.
        covers = [_covers(slide, e, outside) for e in rotated if e.heading_norm not in material.repeated]
        odd = [_odd_one_out(slide, outside)]
    lanes = [[q for q in lane if q is not None] for lane in (describes, odd, covers)]
    ordered = []
    for i in range(max(map(len, lanes), default=0)):
        ordered.extend(lane[i] for lane in lanes if i < len(lane))
    return tuple(ordered)


def _editor_questions(course: Course, slide: ArrangedSlide, source: Source, chapter: str):
    parsed = parse_notes(slide.notes, slide=slide.number, path=course.source)
    questions = []
    for q in parsed.questions:
        options = tuple(Option(_line(text), ok) for text, ok in q.options)
        key = _hash("editor", course.source, _line(q.prompt), *(o.text for o in options))[:16]
        questions.append(Question(key, "editor", _line(q.prompt), options, _line(q.explanation),
                                  source, slide.number, chapter))
    return tuple(questions), parsed.problems


# ---------------------------------------------------------------- the bank


def build_question_bank(courses: tuple[Course, ...]) -> QuestionBank:
    """Return every course's questions, each chapter's 本章自测 and the 综合测验.

    Never raises for a malformed editor question: it is left out and listed in ``problems``.
    """
    everything, chapters, extra, problems = [], [], [], []
    for course in courses:
        material = _Material(course)
        home = Source(course.page_path("index"), None, course.title)
        for slide in course.front:
            found, bad = _editor_questions(course, slide, home, "")
            extra.extend(found)
            everything.extend(found)
            problems.extend(bad)
        for chapter in course.chapters:
            lanes, written = [], []
            for slide in (s for s in material.slides if s.chapter is chapter):
                found, bad = _editor_questions(course, slide.section.slide, slide.source(), chapter.title)
                problems.extend(bad)
                generated = _generate(material, slide)
                everything.extend(found + generated)
                written.append(found)
                lanes.append(generated)
            chapters.append(_chapter_quiz(course, chapter, lanes, written))
        for slide in course.closing:
            found, bad = _editor_questions(course, slide, home, "")
            extra.extend(found)
            everything.extend(found)
            problems.extend(bad)
    title = "、".join(c.title for c in courses)
    return QuestionBank(tuple(everything), tuple(chapters), tuple(extra), tuple(problems), title)


def _chapter_quiz(course: Course, chapter: Chapter, lanes: list[tuple[Question, ...]],
                  written: list[tuple[Question, ...]]) -> ChapterQuiz:
    """Return the chapter's quiz: the editors' questions, then generated ones slide by slide.

    Each slide with generated questions gives ``ceil(CHAPTER_TARGET / slides)`` of them, so a
    change on one slide never changes which questions another slide gives; when that passes
    ``CHAPTER_MAX`` the later rounds are cut. The final test takes the next round(s) of each slide.
    """
    used = [lane for lane in lanes if lane]
    quota = math.ceil(CHAPTER_TARGET / len(used)) if used else 0
    n_written = sum(map(len, written))
    budget = max(CHAPTER_MAX - n_written, 0)
    picked = _round_robin(used, 0, quota)[:budget]
    chosen = set(picked)
    quiz = tuple(q for found, lane in zip(written, lanes) for q in (*found, *(q for q in lane if q in chosen)))
    fresh = [q for q in _round_robin(used, quota, quota + FINAL_PER_CHAPTER) if q not in chosen]
    final_set = set((fresh + picked)[:FINAL_PER_CHAPTER])
    final_ordered = tuple(q for found, lane in zip(written, lanes)
                          for q in (*found, *(q for q in lane if q in final_set)))
    return ChapterQuiz(course.source, chapter.stem, chapter.number, chapter.title, quiz, final_ordered)


def _round_robin(lanes: list[tuple[Question, ...]], start: int, stop: int) -> list[Question]:
    return [lane[i] for i in range(start, stop) for lane in lanes if i < len(lane)]


# ---------------------------------------------------------------- markdown


def _link(source: Source, page_path: str) -> str:
    if source.page_path == page_path:
        target = ""
    else:
        target = posixpath.relpath(source.page_path, posixpath.dirname(page_path) or ".")
    if source.anchor:
        target += "#" + source.anchor
    # Percent-encode ASCII that could end or break a markdown link; keep Chinese readable.
    return "".join(c if ord(c) > 127 or c.isalnum() or c in _URL_SAFE else f"%{ord(c):02X}" for c in target)


def render_question(question: Question, page_path: str) -> str:
    """Return one question as a mkdocs-quiz ``<quiz>`` block; deck text is escaped."""
    lines = ["<quiz>", escape(question.prompt)]
    lines.extend(f"- [{'x' if o.is_correct else ' '}] {escape(o.text)}" for o in question.options)
    lines.append("")
    if question.explanation:
        lines.extend([f"**解析：**{escape(question.explanation)}", ""])
    lines.append(f"**出处：**[{escape(question.source.label)}]({_link(question.source, page_path)})")
    lines.append("</quiz>")
    return "\n".join(lines)


def render_chapter_quiz(questions: tuple[Question, ...], page_path: str) -> str:
    """Return the markdown of a chapter's 本章自测 section ("" without questions).

    The page needs :data:`PAGE_META` in its front matter for mkdocs-quiz to render it.
    """
    if not questions:
        return ""
    # Kept out of the search index: a search should land on the lesson, not on a question.
    parts = [f"## 本章自测 {{ #{QUIZ_ANCHOR} data-search-exclude }}", f"共 {len(questions)} 题。{_HOW_TO}"]
    parts.extend(render_question(q, page_path) for q in questions)
    parts.append("<!-- mkdocs-quiz results -->")
    return "\n\n".join(parts) + "\n"


def render_final_quiz(bank: QuestionBank, page_path: str = "quiz.md") -> str:
    """Return the whole 综合测验 page: front matter, one section per chapter, the results."""
    title = f"{bank.title} 综合测验" if bank.title else "综合测验"
    parts = [front_matter("综合测验", f"{title}：从每一章抽取的题目", f"{PAGE_META}\nsearch:\n  exclude: true"),
             "# 综合测验 { #综合测验 }",
             f"本测验从每一章抽取题目，共 {len(bank.final)} 题。{_HOW_TO}"]
    groups = [(f"第 {quiz.number} 章 {quiz.title}", quiz.final) for quiz in bank.chapters if quiz.final]
    if bank.extra:
        groups.append(("课程综合", bank.extra))
    for number, (heading, questions) in enumerate(groups, 1):
        parts.append(f"## {escape(heading)} {{ #part-{number} }}")
        parts.extend(render_question(q, page_path) for q in questions)
    parts.append("<!-- mkdocs-quiz results -->")
    return "\n\n".join(parts) + "\n"

