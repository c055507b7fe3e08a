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
# site-relative page (.html) → slide number → its notes, stage directions included
TrainerNotes = Mapping[str, Mapping[int, tuple[NotesPart, ...]]]


def trainer_notes(courses: tuple[Course, ...]) -> dict[str, dict[int, tuple[NotesPart, ...]]]:
    """Return every chapter slide's notes (editors' quiz questions cut out: the handout's
    appendix has them), by the page they are on, as the built site names it (with and without
    directory URLs)."""
    found: dict[str, dict[int, tuple[NotesPart, ...]]] = {}
    for course in courses:
        for chapter in course.chapters:
            stem = posixpath.splitext(course.page_path(chapter.stem))[0]
            slides = {s.slide.number: parts for s in chapter.sections
                      if (parts := classify_notes(strip_questions(s.slide.notes)))}
            if slides:
                found[stem + ".html"] = found[posixpath.join(stem, "index.html")] = slides
    return found


def render_trainer_notes(parts: tuple[NotesPart, ...]) -> str:
    """Return one slide's notes for the trainer as HTML: each part with its role, learners' or not."""
    lines = "".join(f'<p><span class="dd-note-role">【{TITLES[p.role]}】</span>{escape(p.text)}</p>' for p in parts)
    return f'<aside class="dd-trainer-notes"><p class="dd-trainer-notes-title">{TRAINER_NOTES_TITLE}</p>{lines}</aside>'


def insert_trainer_notes(article: HtmlElement, notes: Mapping[int, tuple[NotesPart, ...]]) -> None:
    """Put each slide's trainer notes at the end of its section of ``article``, in place of the
    learners' notes blocks there (they would repeat them)."""
    for marker in article.xpath(".//p[contains(concat(' ', normalize-space(@class), ' '), ' dd-slide ')][@data-slide]"):
        parts = notes.get(int(marker.get("data-slide"))) if marker.get("data-slide").isdigit() else None
        if not parts:
            continue
        last = marker
        following = marker.getnext()
        while following is not None and following.tag not in ("h1", "h2"):
            if NOTES_CLASS in following.get("class", "").split():
                following.drop_tree()  # the trainer's version says the same, marked
            else:
                last = following
            following = last.getnext()
        last.addnext(lxml.html.fragment_fromstring(render_trainer_notes(parts)))
