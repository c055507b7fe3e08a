"""The trainer's speaker notes in the handout (``deckdocs pdf --notes``): every line, from the decks.

The site's pages hold only what learners read of the notes (要点提示, 思考与讨论, 补充说明: the
``dd-notes`` blocks of :func:`deckdocs.render.render_notes`); stage directions are never written
to a page, so the trainer's handout reads the notes from the decks themselves. Under each slide
it prints them all, in notes order, each marked with its role, in place of the learners' blocks.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from html import escape

import lxml.html
from lxml.html import HtmlElement

from deckdocs.model import Course
from deckdocs.quiz.notes import strip_questions
from deckdocs.render import NOTES_CLASS
from deckdocs.speaker_notes import TITLES, NotesPart, classify_notes

TRAINER_NOTES_TITLE = "讲者备注"
HOME = "index.html"  # the site's home page: the handout's cover, not one of its chapters
HOME_NOTES_TITLE = "封面、目录与结束页的讲者备注"
# site-relative page (.html) → slide number → its notes, stage directions included
TrainerNotes = Mapping[str, Mapping[int, tuple[NotesPart, ...]]]


def trainer_notes(courses: tuple[Course, ...]) -> dict[str, dict[int, tuple[NotesPart, ...]]]:
    """Return every slide's notes (editors' quiz questions cut out: the handout's appendix has
    them), by the page they are on, as the built site names it (with and without directory
    URLs); the title, contents and closing slides are on their course's home page."""
    found: dict[str, dict[int, tuple[NotesPart, ...]]] = {}
    for course in courses:
        home = posixpath.splitext(course.page_path("index"))[0] + ".html"
        found[home] = {s.number: parts for s in (*course.front, *course.closing)
                       if (parts := classify_notes(strip_questions(s.notes)))}
        for chapter in course.chapters:
            stem = posixpath.splitext(course.page_path(chapter.stem))[0]
            slides = {s.slide.number: parts for s in chapter.sections
                      if (parts := classify_notes(strip_questions(s.slide.notes)))}
            if slides:
                found[stem + ".html"] = found[posixpath.join(stem, "index.html")] = slides
    return {page: slides for page, slides in found.items() if slides}


def render_slides_notes(slides: Mapping[int, tuple[NotesPart, ...]]) -> str:
    """Return the trainer's notes of slides without a section of their own (the title, contents
    and closing slides), slide by slide."""
    blocks = "".join(f'<p class="dd-notes-slide">幻灯片 {number}</p>{render_trainer_notes(parts)}'
                     for number, parts in sorted(slides.items()))
    # No heading: a page of quizzes with these would no longer count as one (pdf.Chapter.is_quiz_only).
    return f'<div class="dd-home-notes"><p class="dd-trainer-notes-title">{HOME_NOTES_TITLE}</p>{blocks}</div>'


def render_trainer_notes(parts: tuple[NotesPart, ...]) -> str:
    """Return one slide's notes for the trainer as HTML: each part with its role, learners' or not."""
    lines = "".join(f'<p><span class="dd-note-role">【{TITLES[p.role]}】</span>{escape(p.text)}</p>' for p in parts)
    return f'<aside class="dd-trainer-notes"><p class="dd-trainer-notes-title">{TRAINER_NOTES_TITLE}</p>{lines}</aside>'


def insert_trainer_notes(article: HtmlElement, notes: Mapping[int, tuple[NotesPart, ...]]) -> None:
    """Put each slide's trainer notes at the end of its section of ``article``, in place of the
    learners' notes blocks there (they would repeat them); the notes of slides without a section
    (a course's home page: its title and closing slides) at the end of the page."""
    placed = set()
    for marker in article.xpath(".//p[contains(concat(' ', normalize-space(@class), ' '), ' dd-slide ')][@data-slide]"):
        parts = notes.get(int(marker.get("data-slide"))) if marker.get("data-slide").isdigit() else None
        if not parts:
            continue
        placed.add(int(marker.get("data-slide")))
        last = marker
        following = marker.getnext()
        while following is not None and following.tag not in ("h1", "h2"):
            if isinstance(following.tag, str) and NOTES_CLASS in following.get("class", "").split():
                following.drop_tree()  # the trainer's version says the same, marked
            else:
                last = following
            following = last.getnext()
        last.addnext(lxml.html.fragment_fromstring(render_trainer_notes(parts)))
    others = {number: parts for number, parts in notes.items() if number not in placed}
    if others:
        for block in article.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {NOTES_CLASS} ')]"):
            block.drop_tree()
        article.append(lxml.html.fragment_fromstring(render_slides_notes(others)))
