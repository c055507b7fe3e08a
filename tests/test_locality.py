"""Locality as a property: an edit changes only the pages and questions that show or use it.

Hundreds of seeded single edits (a body, a heading, a notes line, a new or removed slide, a
glossary term added, changed or removed, a quiz.yml drop or fix, a second deck added or edited)
are made to the course deck and to a generated second deck, each converted in-process
(pipeline.convert_read: the decks are read once, edited as arranged slides, never written to
disk; no mkdocs build). After each edit:

- questions (test_questions_change_only_where_the_edit_is_used): a question whose id or wording
  changed uses what the edit changed (:func:`uses`): it comes from a slide edited, added or
  removed (a slide only renumbered does not count: questions show no slide number), records one
  as a source (``Question.borrowed``), quotes a course sentence such a slide says too, names the
  edited glossary term, or is the quiz.yml id edited. This is the quiz bank's own locality.
- sources (test_questions_record_only_sources_they_quote): what a question records as a source is
  what it quotes or weighs, so that recording cannot excuse a ripple.
- pages (test_pages_change_only_where_the_edit_shows): a chapter page's lesson changes only when
  one of its slides changed (or were renumbered, or the course's chapters did); its 本章自测 and
  its course's 综合测验 only when one of their candidate questions changed or uses the edit; a
  course home only with its own deck or its quizzes' sizes, and the root course's home (the
  catalogue's cards) with any course's quiz sizes or the list of courses; the glossary only with
  a term or a slide that uses one; another deck's pages never.

test_a_ripple_is_caught checks that the page test fails on a real ripple (a chapter's quiz
shared out by its number of slides).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

import pytest

from conftest import ROOT
from decks import build_deck, item_slides
from deckdocs.glossary.file import GlossaryEntry, load_glossary_file
from deckdocs.model import ArrangedSlide, Deck, Item, OutputFile, Paragraph, Run, Section, TableBlock, TextBlock
from deckdocs.pipeline import QUIZ_PAGE, convert_read, outline_read, read_decks
from deckdocs.quiz import render_question
from deckdocs.quiz.curate import Curation, Fix
from deckdocs.write import compare_files

COURSE_EDITS = 150  # seeds over the course deck alone
SECOND_DECK_EDITS = 60  # seeds over a site of the course and a second deck
SECOND_DECKS = 4  # second decks tried as the one added

DeckRead = tuple[Deck, tuple[ArrangedSlide, ...]]


@dataclass(frozen=True)
class Site:
    decks: tuple[DeckRead, ...]
    entries: tuple[GlossaryEntry, ...]
    curation: Curation = Curation("quiz.yml")
    root: str | None = None


@dataclass(frozen=True)
class Edit:
    what: str
    before: Site
    after: Site
    slides: frozenset[tuple[str, int]] = frozenset()  # (deck, number) edited or renumbered, before or after
    words: frozenset[str] = frozenset()  # glossary terms, aliases and definitions edited
    ids: frozenset[str] = frozenset()  # quiz.yml ids edited
    decks: frozenset[str] = field(default_factory=frozenset)  # decks whose slides were edited, added or removed
    kind: str = ""  # body, heading, title, notes, insert, remove, glossary add …, quiz drop, quiz fix, deck added


# ---------------------------------------------------------------- what a site shows


@dataclass
class Built:
    parts: dict[str, str]  # a page (its 本章自测 apart, as "page#quiz"), or any other file
    questions: dict[str, str]  # id → the question as rendered
    question_of: dict[str, object]  # id → the Question
    page_of: dict[str, str]  # id → the page whose quiz may show it
    deck_of_page: dict[str, str]  # page → its course's deck
    home_of: dict[str, str]  # a course's deck → its home page
    slides_of_page: dict[str, frozenset[tuple[str, int]]]
    chapters: dict[str, tuple]  # deck → (number, title, stem) of each chapter
    outside: dict[str, frozenset[int]]  # deck → slides in no chapter (cover, 目录, dividers, closing)
    fingerprints: dict[tuple[str, int], str]
    glossary_words: frozenset[str]
    texts: dict[tuple[str, int], str]  # every slide's text
    files: tuple[OutputFile, ...]  # for the change report; each file's content is its hash
    sizes: dict[str, tuple]  # deck → (本章自测 size, 综合测验 share) of each chapter: what home pages and cards show
    quiz_page_of: dict[str, str]  # deck → its course's 综合测验 page


QUIZ_HEADING = "\n## 本章自测 "


def split_quiz(text: str) -> tuple[str, str]:
    """Return a chapter page's lesson (front matter without the quiz switch) and its 本章自测."""
    if QUIZ_HEADING not in text:
        return text, ""
    lesson, quiz = text.split(QUIZ_HEADING, 1)
    return lesson.replace("quiz:\n  enabled: true\n", ""), quiz


def slide_text(slide: ArrangedSlide) -> str:
    parts = [slide.title, slide.notes]
    for block in slide.blocks:
        match block:
            case Item():
                parts += [block.heading_text, block.body_text]
            case TextBlock():
                parts.append(block.text)
            case TableBlock():
                parts += ["".join(row) for row in block.rows]
    return "\n".join(parts)


@cache
def build(site: Site) -> Built:
    conversion = convert_read(site.decks, site.entries, site.curation, root_deck=site.root)
    parts: dict[str, str] = {}
    for f in conversion.files:
        if f.path.endswith(".md"):
            lesson, quiz = split_quiz(f.content.decode())
            parts[f.path] = lesson
            if quiz:
                parts[f.path + "#quiz"] = quiz
        else:
            parts[f.path] = f.content.hex() if len(f.content) < 4096 else str(hash(f.content))
    bank = conversion.bank
    everything = (*bank.questions, *bank.final)
    questions = {q.key: render_question(q, q.source.page_path) for q in everything}
    deck_of_page, home_of, slides_of_page, chapters, outside = {}, {}, {}, {}, {}
    several = len(conversion.courses) > 1
    quiz_page_of = {c.source: c.page_path("quiz") if several else QUIZ_PAGE for c in conversion.courses}
    sizes = {c.source: tuple((q.stem, len(q.questions), len(q.final)) for q in bank.chapters if q.course == c.source)
             for c in conversion.courses}
    for course in conversion.courses:
        home = course.page_path("index")
        home_of[course.source] = home
        deck_of_page[home] = course.source
        inside = set()
        for chapter in course.chapters:
            path = course.page_path(chapter.stem)
            deck_of_page[path] = course.source
            slides_of_page[path] = frozenset((course.source, n) for n in chapter.slide_numbers)
            inside |= set(chapter.slide_numbers)
        chapters[course.source] = tuple((c.number, c.title, c.stem) for c in course.chapters)
        numbers = {s.number for d, slides in site.decks if d.name == course.source for s in slides}
        outside[course.source] = frozenset(numbers - inside)
    fingerprints = {(d.name, s.number): s.fingerprint for d, slides in site.decks for s in slides}
    texts = {(d.name, s.number): slide_text(s) for d, slides in site.decks for s in slides}
    words = frozenset(w for e in site.entries if not e.is_excluded for w in (e.term, *e.aliases))
    return Built(parts, questions, {q.key: q for q in everything}, {q.key: q.source.page_path for q in everything},
                 deck_of_page, home_of, slides_of_page, chapters, outside, fingerprints, words, texts,
                 tuple(replace(f, content=hashlib.sha256(f.content).digest()) for f in conversion.files), sizes,
                 quiz_page_of)


def changed_questions(a: Built, b: Built) -> set[str]:
    return {k for k in set(a.questions) | set(b.questions) if a.questions.get(k) != b.questions.get(k)}


# ---------------------------------------------------------------- the two contracts


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Changed:
    """What an edit changed, as questions can use it: the slides whose content changed (not those
    only renumbered: a question shows no slide number)."""

    edit: Edit
    prints: frozenset[tuple[str, str]]  # (deck, fingerprint) of a slide edited, added or removed
    said: frozenset[tuple[str, str]]  # (deck, their text with whitespace dropped)

    @classmethod
    def of(cls, edit: Edit) -> "Changed":
        a, b = build(edit.before), build(edit.after)
        before, after = (Counter((d, h) for (d, _), h in x.fingerprints.items()) for x in (a, b))
        prints = frozenset((before - after) + (after - before))
        said = frozenset((s[0], _flat(x.texts[s])) for x in (a, b) for s, h in x.fingerprints.items()
                         if (s[0], h) in prints)
        return cls(edit, prints, said)


def uses(x: Built, key: str, changed: Changed) -> bool:
    """Return whether question ``key`` of the site ``x`` (before or after the edit) uses what the
    edit changed: it comes from a slide edited, added or removed, records one as a source
    (``Question.borrowed``: test_questions_record_only_sources_they_quote keeps those honest),
    quotes a course sentence such a slide of its deck says too (a sentence said under two headings is not asked, and one quoted on two
    slides is asked on one of them, chosen among those slides), names an edited glossary term,
    or is the quiz.yml id edited."""
    q = x.question_of.get(key)
    if q is None:
        return False
    edit = changed.edit
    deck = x.deck_of_page.get(q.source.page_path)
    return ((deck, x.fingerprints.get((deck, q.slide))) in changed.prints
            or any((deck, h) in changed.prints for _, h in q.borrowed)
            or any(_flat(sentence) in text for sentence in q.sentences for d, text in changed.said if d == deck)
            or any(w in x.questions[key] or w in q.topics for w in edit.words)
            or key.removesuffix("-2") in edit.ids)


def involved(edit: Edit) -> set[str]:
    """Return the questions, before or after the edit, that changed or use what it changed: the
    only ones whose 本章自测 and 综合测验 may change."""
    a, b = build(edit.before), build(edit.after)
    changed = Changed.of(edit)
    return changed_questions(a, b) | {k for x in (a, b) for k in x.question_of if uses(x, k, changed)}


def page_faults(edit: Edit) -> list[str]:
    """Return every changed part of the site the edit does not show on it."""
    a, b = build(edit.before), build(edit.after)
    concerned = involved(edit)
    pages_concerned = {x.page_of[k] for x in (a, b) for k in concerned if k in x.page_of}
    decks_concerned = {x.deck_of_page.get(p) for x in (a, b) for p in pages_concerned}
    resized = {d for d in set(a.sizes) | set(b.sizes) if a.sizes.get(d) != b.sizes.get(d)}
    slides = edit.slides
    touched_words = edit.words | {w for w in a.glossary_words | b.glossary_words
                                  if any(w in x.texts.get(s, "") for x in (a, b) for s in slides)}
    courses_changed = ({d for d, _ in edit.before.decks} != {d for d, _ in edit.after.decks}
                       or any(a.home_of.get(d) != b.home_of.get(d) for d in edit.decks))
    quiz_pages = {page: d for x in (a, b) for d, page in x.quiz_page_of.items()}
    faults = []
    for part in sorted(set(a.parts) | set(b.parts)):
        if a.parts.get(part) == b.parts.get(part):
            continue
        page = part.removesuffix("#quiz")
        deck = a.deck_of_page.get(page) or b.deck_of_page.get(page)
        if part.endswith("#quiz"):
            ok = page in pages_concerned
        elif part in quiz_pages:  # a course's 综合测验: a share of each of its chapters' questions
            owner = quiz_pages[part]
            ok = (owner in decks_concerned or courses_changed
                  or (owner in edit.decks and a.chapters.get(owner) != b.chapters.get(owner)))
        elif part in ("glossary.md", ".deckdocs-terms.json"):
            # The glossary shows a term's definition and every section using it, linked with its slide number.
            glossary = a.parts.get("glossary.md", "") + b.parts.get("glossary.md", "")
            ok = (bool(touched_words) or courses_changed
                  or any(f"（幻灯片 {n}）" in glossary for _, n in slides))
        elif deck is not None and page in (a.home_of.get(deck), b.home_of.get(deck)):
            # A course home shows its chapters' quiz sizes; the root course's home (index.md) also
            # shows every other course's card, with its question counts.
            ok = (deck in edit.decks or deck in resized
                  or (page == "index.md" and (courses_changed or bool(resized - {deck}))))
        elif deck is not None:  # a chapter page's lesson
            shown = a.slides_of_page.get(page, frozenset()) | b.slides_of_page.get(page, frozenset())
            structure = (a.chapters.get(deck) != b.chapters.get(deck)
                         or any((deck, n) in slides for x in (a, b) for n in x.outside.get(deck, ())))
            ok = deck in edit.decks and (bool(shown & slides) or structure)
        elif page == "index.md":  # the site home of several courses: every course's card
            ok = bool(edit.decks) or courses_changed or bool(resized)
        elif part.startswith(("stylesheets/", "assets/deck-logo")):  # the site's look: the root course's theme
            ok = (edit.before.root or edit.before.decks[0][0].name) in edit.decks
        else:  # a course's pictures
            ok = bool(edit.decks)
        if not ok:
            faults.append(f"{edit.what}: {part} changed")
    return faults


def question_faults(edit: Edit) -> list[str]:
    """Return every question that changed although it does not use what the edit changed."""
    a, b = build(edit.before), build(edit.after)
    changed = Changed.of(edit)
    faults = []
    for key in sorted(changed_questions(a, b)):
        if not any(uses(x, key, changed) for x in (a, b)):
            q = a.question_of.get(key) or b.question_of.get(key)
            faults.append(f"{edit.what}: question {key} (slide {q.slide}: {q.prompt[:30]}) changed")
    return faults


# ---------------------------------------------------------------- edits


PHRASES = ("，须按合同约定按时还款", "（以官方公告为准）", "，详见用户协议", "，并留存相关凭证", "，由专人复核")
NEW_TERMS = (("征信", "个人信用信息的采集、整理、保存和使用活动。"), ("额度", "贷款机构给予借款人的最高可借金额。"),
             ("逾期", "借款人未在约定的还款日足额还款。"), ("提前还款", "在约定期限之前归还全部或部分借款。"),
             ("风控", "风险控制的简称，指识别、评估和降低风险的做法。"), ("授信", "贷款机构向借款人承诺提供的信用额度。"))


def _replace_slides(site: Site, index: int, deck: Deck, slides: tuple[ArrangedSlide, ...]) -> Site:
    decks = list(site.decks)
    decks[index] = (deck, slides)
    return replace(site, decks=tuple(decks))


def _with_text(paragraphs: tuple[Paragraph, ...], change) -> tuple[Paragraph, ...]:
    first = next(i for i, p in enumerate(paragraphs) if p.text.strip())
    p = paragraphs[first]
    return paragraphs[:first] + (replace(p, runs=(Run(change(p.text)),)),) + paragraphs[first + 1:]


def _content(slides, numbers) -> list[ArrangedSlide]:
    return [s for s in slides if s.number in numbers]


def text_edit(site: Site, index: int, rng: random.Random, kind: str) -> Edit | None:
    deck, slides = site.decks[index]
    inside = set().union(*build(site).slides_of_page.values())
    pool = _content(slides, {n for d, n in inside if d == deck.name}) if kind != "notes" else list(slides)
    rng.shuffle(pool)
    for slide in pool:
        blocks = list(slide.blocks)
        spots = [i for i, b in enumerate(blocks) if (isinstance(b, Item) and (b.body if kind == "body" else b.heading))
                 or (kind == "body" and isinstance(b, TextBlock) and b.text.strip())]
        if kind == "notes":
            edited = replace(slide, notes=(slide.notes + "\n" if slide.notes else "") + f"讲解提示：举一个身边的例子{rng.randrange(99)}。")
        elif kind == "title" and slide.title:
            edited = replace(slide, title=slide.title + "要点")
        elif spots:
            i = rng.choice(spots)
            block = blocks[i]
            if kind == "body":
                phrase = rng.choice(PHRASES)
                change = (lambda t: t.rstrip("。") + phrase + "。") if rng.random() < 0.5 else (
                    lambda t: re.sub(r"几|一些|多种|各种|部分", "五", t, count=1) if re.search(r"几|一些|多种|各种|部分", t)
                    else t + phrase)
                blocks[i] = (replace(block, body=_with_text(block.body, change)) if isinstance(block, Item)
                             else replace(block, paragraphs=_with_text(block.paragraphs, change)))
            else:
                blocks[i] = replace(block, heading=_with_text(block.heading, lambda t: t + "要求"))
            edited = replace(slide, blocks=tuple(blocks))
        else:
            continue
        after = tuple(edited if s is slide else s for s in slides)
        return Edit(f"{deck.name} slide {slide.number} {kind}", site, _replace_slides(site, index, deck, after),
                    frozenset({(deck.name, slide.number)}), decks=frozenset({deck.name}), kind=kind)
    return None


def _renumbered(deck: Deck, slides: list[ArrangedSlide], old_numbers: list[int | None]) -> tuple[Deck, tuple]:
    """Return the deck and slides numbered 1… in list order; ``old_numbers`` maps each to its old number."""
    new_of = {old: n for n, old in enumerate(old_numbers, 1) if old is not None}
    slides = tuple(replace(s, number=n) for n, s in enumerate(slides, 1))
    by_old = {s.number: s for s in deck.slides}
    read = tuple(replace(by_old[old], number=n) if old in by_old else replace(deck.slides[0], number=n, notes="")
                 for n, old in enumerate(old_numbers, 1))
    sections = tuple(Section(sec.name, tuple(new_of[m] for m in sec.slide_numbers if m in new_of)) for sec in deck.sections)
    return replace(deck, slides=read, sections=sections), slides


def insert_or_remove(site: Site, index: int, rng: random.Random, kind: str) -> Edit | None:
    deck, slides = site.decks[index]
    inside = sorted(n for d, n in set().union(*build(site).slides_of_page.values()) if d == deck.name)
    if len(inside) < 3:
        return None
    at = rng.choice(inside)
    ordered = list(slides)
    numbers: list[int | None] = [s.number for s in slides]
    position = next(i for i, s in enumerate(ordered) if s.number == at)
    if kind == "insert":
        model = slides[position]
        new = replace(model, title=f"补充说明{rng.randrange(99)}",
                      blocks=(TextBlock((Paragraph((Run(f"本页补充说明第 {rng.randrange(99)} 条注意事项。"),)),)),), notes="")
        ordered.insert(position + 1, new)
        numbers.insert(position + 1, None)
        what = f"{deck.name} slide inserted after {at}"
    else:
        del ordered[position]
        del numbers[position]
        what = f"{deck.name} slide {at} removed"
    new_deck, new_slides = _renumbered(deck, ordered, numbers)
    if kind == "insert" and deck.sections:  # the new slide belongs to the section of the slide before it
        new_number = position + 2
        new_deck = replace(new_deck, sections=tuple(
            Section(s.name, tuple(sorted((*s.slide_numbers, new_number)))) if new_number - 1 in s.slide_numbers else s
            for s in new_deck.sections))
    # Every slide from the edit on is renumbered: its number shows on pages, so it counts as touched.
    first = at + 1 if kind == "insert" else at
    touched = {(deck.name, n) for n in range(first, max(len(slides), len(new_slides)) + 1)}
    return Edit(what, site, _replace_slides(site, index, new_deck, new_slides), frozenset(touched),
                decks=frozenset({deck.name}), kind=kind)


def glossary_edit(site: Site, rng: random.Random, kind: str) -> Edit | None:
    entries = [e for e in site.entries if not e.is_excluded]
    if kind == "add":
        fresh = [(t, d) for t, d in NEW_TERMS if t not in {e.term for e in site.entries}
                 and not any(t in e.aliases for e in site.entries)]
        term, definition = rng.choice(fresh)
        after = (*site.entries, GlossaryEntry(term, definition))
        return Edit(f"glossary {term} added", site, replace(site, entries=after), words=frozenset({term, definition}),
                    kind="glossary add")
    entry = rng.choice(entries)
    if kind == "change":
        new = replace(entry, definition=entry.definition.rstrip("。") + "，以合同约定为准。")
        after = tuple(new if e is entry else e for e in site.entries)
        words = {entry.term, *entry.aliases, entry.definition, new.definition}
        return Edit(f"glossary {entry.term} changed", site, replace(site, entries=after), words=frozenset(words),
                    kind="glossary change")
    after = tuple(e for e in site.entries if e is not entry)
    return Edit(f"glossary {entry.term} removed", site, replace(site, entries=after),
                words=frozenset({entry.term, *entry.aliases, entry.definition}), kind="glossary remove")


def quiz_file_edit(site: Site, rng: random.Random, kind: str) -> Edit | None:
    generated = sorted(k for k, q in build(site).question_of.items() if q.kind != "editor" and not k.endswith("-2"))
    key = rng.choice(generated)
    question = build(site).question_of[key]
    if kind == "drop":
        curation = replace(site.curation, drops=(*site.curation.drops, (key, 1)))
    else:
        option = rng.choice(question.options).text
        fix = Fix(key, 1, question=question.prompt.rstrip("？?") + "（请选出一项）？" if rng.random() < 0.5 else "",
                  options=((option, option + "（改写）"),))
        curation = replace(site.curation, fixes=(*site.curation.fixes, fix))
    return Edit(f"quiz.yml {kind} {key}", site, replace(site, curation=curation), ids=frozenset({key}),
                kind=f"quiz {kind}")


SLIDE_EDITS = ("body", "body", "title", "heading", "notes", "insert", "remove")
SITE_EDITS = ("glossary add", "glossary change", "glossary remove", "quiz drop", "quiz fix")


def random_edit(site: Site, index: int, seed: int) -> Edit:
    rng = random.Random(seed)
    for _ in range(20):
        kind = rng.choice(SLIDE_EDITS + SITE_EDITS)
        if kind in ("insert", "remove"):
            edit = insert_or_remove(site, index, rng, kind)
        elif kind.startswith("glossary"):
            edit = glossary_edit(site, rng, kind.split()[1])
        elif kind.startswith("quiz"):
            edit = quiz_file_edit(site, rng, kind.split()[1])
        else:
            edit = text_edit(site, index, rng, kind)
        if edit is not None:
            return replace(edit, what=f"seed {seed}: {edit.what}")
    raise AssertionError(f"seed {seed}: no edit found")


# ---------------------------------------------------------------- the sites


@pytest.fixture(scope="module")
def course_site(course_deck) -> Site:
    entries = load_glossary_file(ROOT / "source_slides" / "glossary.yml")
    return Site(read_decks((course_deck,)), entries)


def _second_deck(course_site: Site, folder, seed: int) -> DeckRead:
    (course,) = outline_read(tuple(d for d, _ in course_site.decks), None, tuple(s for _, s in course_site.decks))
    pool = sorted({(b.heading_text, b.body_text) for c in course.chapters for s in c.sections
                   for b in s.slide.blocks if isinstance(b, Item)})
    slides, sections = item_slides(pool, 9, seed=seed, per_chapter=3)
    (read,) = read_decks((build_deck(folder / f"second-{seed}.pptx", slides, sections=sections),))
    return read


@pytest.fixture(scope="module")
def second_decks(course_site, tmp_path_factory) -> list[DeckRead]:
    folder = tmp_path_factory.mktemp("second")
    return [_second_deck(course_site, folder, seed) for seed in range(1, SECOND_DECKS + 1)]


@pytest.fixture(scope="module")
def edits(course_site, second_decks) -> list[Edit]:
    """Return every seeded edit: of the course alone, of a two-deck site, and second decks added."""
    found = [random_edit(course_site, 0, seed) for seed in range(COURSE_EDITS)]
    root = course_site.decks[0][0].name

    def with_second(second: DeckRead) -> Site:  # in find_decks' order: second-1.pptx sorts first
        return replace(course_site, decks=tuple(sorted((*course_site.decks, second), key=lambda d: d[0].name)),
                       root=root)

    for second in second_decks:
        found.append(Edit(f"{second[0].name} added", replace(course_site, root=root), with_second(second),
                          frozenset((second[0].name, s.number) for s in second[1]), decks=frozenset({second[0].name}),
                          kind="deck added"))
    two = with_second(second_decks[0])
    second_index = next(i for i, (d, _) in enumerate(two.decks) if d.name != root)
    # Two of three edits are of the second deck, the rest of the course beside it.
    found += [random_edit(two, second_index if seed % 3 else 1 - second_index, 1000 + seed)
              for seed in range(SECOND_DECK_EDITS)]
    return found


def test_enough_edits_of_every_kind_over_two_decks(edits):
    assert len(edits) >= 200
    kinds = " ".join(e.what for e in edits)
    for kind in ("body", "title", "heading", "notes", "inserted", "removed", "glossary", "added", "changed",
                 "quiz.yml drop", "quiz.yml fix", "second-"):
        assert kind in kinds, kind
    assert sum(": second-" in e.what and " slide" in e.what for e in edits) >= 20  # the second deck edited


def test_every_edit_changes_something(edits):
    """An edit the site does not show at all would test nothing."""
    unseen = [e.what for e in edits if build(e.before).parts == build(e.after).parts]
    assert len(unseen) < len(edits) // 10, unseen[:10]


def test_pages_change_only_where_the_edit_shows(edits):
    faults = [fault for edit in edits for fault in page_faults(edit)]
    assert not faults, f"{len(faults)} pages changed that do not show the edit:\n" + "\n".join(faults[:40])



def test_questions_change_only_where_the_edit_is_used(edits):
    faults = [fault for edit in edits for fault in question_faults(edit)]
    assert not faults, f"{len(faults)} questions changed that do not use the edit:\n" + "\n".join(faults[:40])


def test_a_ripple_is_caught(edits, monkeypatch):
    """The page test can fail: with each 本章自测 cut by a share that depends on how many slides
    its chapter has (as the bank once shared ``CHAPTER_TARGET`` out), a slide inserted or removed
    changes its chapter's quiz although none of its questions changed."""
    import deckdocs.quiz

    real = deckdocs.quiz.build_question_bank

    def by_slide_count(courses, *args, **kwargs):
        bank = real(courses, *args, **kwargs)
        slides = {(c.source, ch.stem): len(ch.sections) for c in courses for ch in c.chapters}
        return replace(bank, chapters=tuple(replace(q, questions=q.questions[slides[q.course, q.stem] % 2:])
                                            for q in bank.chapters))

    moves = [e for e in edits if e.kind in ("insert", "remove")]
    build.cache_clear()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(deckdocs.quiz, "build_question_bank", by_slide_count)
            faults = [fault for edit in moves for fault in page_faults(edit)]
    finally:
        build.cache_clear()
    assert any(fault.endswith("#quiz changed") for fault in faults), faults[:5]


SLIDE_NOTE = re.compile(r"(?:^|; )slides? [\d, –]+ (added|removed)")  # not "1 question on slide 5 added"


def report_faults(edit: Edit) -> list[str]:
    """Return every changed page whose report line is untrue or silent about the edit."""
    a, b = build(edit.before), build(edit.after)
    changes = {c.path: c for c in compare_files(a.files, b.files) if c.path.endswith(".md") and c.kind == "changed"}
    faults = []
    for path, change in changes.items():
        if not change.detail:
            faults.append(f"{edit.what}: {change} says nothing")
        if edit.kind not in ("insert", "remove", "deck added"):  # no slide renumbered: numbers are slides
            shown = [{n for n, _ in f.slides} for x in (a, b) for f in x.files if f.path == path]
            for match in SLIDE_NOTE.finditer(change.detail):
                numbers = {int(n) for n in re.findall(r"\d+", match.group())}
                was, now = shown if match.group(1) == "added" else shown[::-1]
                if numbers & was or not numbers <= now:
                    faults.append(f"{edit.what}: {change}: no slide was {match.group(1)}")
        slides = {n for d, n in edit.slides if d == (a.deck_of_page.get(path) or b.deck_of_page.get(path))}
        if (edit.kind in ("body", "heading", "title") and path in a.slides_of_page and a.parts.get(path) != b.parts.get(path)
                and not any(f"slide {n} changed" in change.detail for n in slides)):
            faults.append(f"{edit.what}: {change} does not name the slide")
    if edit.kind.startswith("glossary") and "glossary.md" in changes:
        term, verb = edit.what.split()[-2:]  # "glossary 征信 added"
        said = changes["glossary.md"].detail
        # A term removed from glossary.yml stays when a slide defines it: it then quotes the slide.
        if f"{term} {verb}" not in said and not (verb == "removed" and f"{term} changed" in said):
            faults.append(f"{edit.what}: {changes['glossary.md']} does not name the term")
    if edit.kind.startswith("quiz") and changes and not any("question" in c.detail for c in changes.values()):
        faults.append(f"{edit.what}: no page names the question: {list(changes.values())}")
    return faults


def test_the_report_names_what_changed_and_nothing_else(edits):
    faults = [fault for edit in edits for fault in report_faults(edit)]
    assert not faults, f"{len(faults)} untrue report lines:\n" + "\n".join(faults[:40])


def test_a_reworded_option_leaves_no_quote_of_its_old_text(edits):
    """quiz.yml coherence over every seeded fix: the explanation and feedback follow the option."""
    fixes = [e for e in edits if e.kind == "quiz fix"]
    assert len(fixes) >= 5
    for edit in fixes:
        fix = edit.after.curation.fixes[-1]
        (old, new), = fix.options
        question = build(edit.after).question_of[fix.key]
        assert new in [o.text for o in question.options], edit.what
        quoted = [question.explanation, *(o.feedback for o in question.options)]
        assert not any(f"“{old}”" in text for text in quoted), (edit.what, quoted)


def _lines(slide: ArrangedSlide) -> list[str]:
    """Return the slide's title, item headings and paragraphs: what a question can quote."""
    lines = [slide.title]
    for block in slide.blocks:
        match block:
            case Item():
                lines += [block.heading_text, *(p.text for p in block.body)]
            case TextBlock():
                lines += [p.text for p in block.paragraphs]
    return [line.strip() for line in lines if len(line.strip()) >= 2]



def test_questions_record_only_sources_they_quote(edits):
    """The sources a question records (its ``borrowed`` slides) are what it quotes or weighs: a
    line of the slide; a glossary term it names (“小额贷款”, or an option that is the term) that
    the slide uses (which terms the course uses decides a term question's neighbours, and the slide
    a term is asked through is the one using it); or a heading of its own slide's items that the
    slide has too (a true 判断题 is asked only when a sibling could be set against its item, which
    depends on everything said under the sibling's heading). Otherwise the question test above
    would pass by a question claiming every slide."""
    faults = set()
    for site in {e.before for e in edits}:
        built = build(site)
        lines = {s.fingerprint: _lines(s) for _, slides in site.decks for s in slides}
        texts = {s.fingerprint: slide_text(s) for _, slides in site.decks for s in slides}
        headings = {(d.name, s.number): {b.heading_text.strip() for b in s.blocks if isinstance(b, Item)} - {""}
                    for d, slides in site.decks for s in slides}
        heading_of = {s.fingerprint: headings[d.name, s.number] for d, slides in site.decks for s in slides}
        words = {w for e in site.entries if not e.is_excluded for w in (e.term, *e.aliases)}
        for key, q in built.question_of.items():
            said = " ".join([q.prompt, q.explanation, q.quote, *(o.text for o in q.options),
                             *(o.feedback for o in q.options)])
            named = {w for w in words if f"“{w}”" in said or any(o.text == w for o in q.options)}
            own = headings.get((built.deck_of_page.get(q.source.page_path), q.slide), set())
            for number, fingerprint in q.borrowed:
                if not (any(line in said for line in lines.get(fingerprint, ()))
                        or any(w in texts.get(fingerprint, "") for w in named)
                        or heading_of.get(fingerprint, set()) & own):
                    faults.add(f"question {key} (slide {q.slide}) records slide {number} but quotes nothing of it")
    assert not faults, f"{len(faults)} sources recorded but not quoted:\n" + "\n".join(sorted(faults)[:40])
