"""The staged pipeline behind :func:`deckdocs.convert`: read → arrange → outline → render.

Reading happens here (the input end); writing is left to :mod:`deckdocs.write`, so a run
either converts every deck or changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from deckdocs import quiz
from deckdocs.arrange import arrange_deck
from deckdocs.cache import DeckCache
from deckdocs.errors import DeckdocsError
from deckdocs.messages import N_, _, shown
from deckdocs.glossary import GLOSSARY_PAGE, build_glossary, glossary_files
from deckdocs.glossary.file import GlossaryEntry, load_glossary_file
from deckdocs.look import look_files
from deckdocs.model import ArrangedSlide, Course, CourseCard, Deck, OutputFile, PictureBlock, Role, leaf_shapes
from deckdocs.outline import ascii_slug, outline_course
from deckdocs.quiz.curate import Curation, load_curation
from deckdocs.package import read_deck_bytes
from deckdocs.render import part_digest, render_course, render_site_home
from deckdocs.snapshot import Snapshots, take_snapshots
from deckdocs.write import course_folders

DECK_SUFFIXES = (".pptx", ".ppsx", ".potx", ".pptm", ".ppsm", ".potm")
OTHER_PRESENTATIONS = {".ppt": N_("an old binary PowerPoint file (.ppt)"), ".pps": N_("an old PowerPoint show (.pps)"),
                       ".pot": N_("an old PowerPoint template (.pot)"),
                       ".odp": N_("a LibreOffice/OpenDocument deck (.odp)"), ".key": N_("a Keynote deck (.key)")}
GLOSSARY_FILE = "glossary.yml"  # editor-owned, beside the decks
QUIZ_PAGE = "quiz.md"
QUIZ_FILE = "quiz.yml"  # editor-owned, beside the decks: generated questions dropped or reworded
STUDY_LINKS = (("术语表", GLOSSARY_PAGE), ("综合测验", QUIZ_PAGE))
HANDOUT = "course.pdf"  # written into the site's root by ``deckdocs build`` / ``deckdocs pdf``


@dataclass(frozen=True)
class Conversion:
    courses: tuple[Course, ...]
    files: tuple[OutputFile, ...]
    problems: tuple[DeckdocsError, ...] = ()  # worth a warning; the site still builds
    notes: tuple[DeckdocsError, ...] = ()  # editors' work still open (``deckdocs check`` lists them)
    slide_count: int = 0  # every slide of every deck, hidden ones included
    minor: tuple[DeckdocsError, ...] = ()  # the same on every run until an editor acts (--verbose shows them)
    snapshots: Snapshots = Snapshots()  # the slide pictures (none without ``docs_dir``)
    bank: quiz.QuestionBank | None = None  # the questions the pages show


def find_decks(source_dir: Path) -> tuple[Path, ...]:
    """Return the decks in ``source_dir``, sorted by name (PowerPoint's ~$ lock files skipped).

    Raises:
        DeckdocsError: the folder is missing, holds no deck, or holds a presentation in a
            format deckdocs cannot read (.ppt, .odp, .key), which would otherwise vanish silently;
            a copy beside a deck of the same name is left out instead (:func:`left_out`).
    """
    if not source_dir.is_dir():
        raise DeckdocsError(_("the slides folder does not exist"), path=str(source_dir),
                            hint=_("Run deckdocs in the project folder (the one holding mkdocs.yml and source_slides/), "
                                   "or create the folder and put the course .pptx in it."))
    files = sorted(p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
    decks = tuple(p for p in files if p.suffix.lower() in DECK_SUFFIXES)
    copies = _copies(files, decks)
    for path in files:
        if path.suffix.lower() in OTHER_PRESENTATIONS and path not in copies:
            raise DeckdocsError(_("{format} is not a format deckdocs reads").format(
                                    format=_(OTHER_PRESENTATIONS[path.suffix.lower()])),
                                path=str(path), hint=_("Open it and save it as PowerPoint (.pptx) in the same folder, "
                                                       "then move this file out of the folder (or delete it)."))
    if not decks:
        raise DeckdocsError(_("no .pptx deck in the slides folder"), path=str(source_dir),
                            hint=_("Save the course deck there as .pptx."))
    return decks


def _copies(files, decks) -> list[Path]:
    """Return the .ppt/.odp/.key files that have a deck of the same name beside them (already saved as .pptx)."""
    stems = {d.stem.lower() for d in decks}
    return [p for p in files if p.suffix.lower() in OTHER_PRESENTATIONS and p.stem.lower() in stems]


def left_out(source_dir: Path) -> tuple[DeckdocsError, ...]:
    """Return a warning for each old-format copy of a deck (``course.odp`` beside ``course.pptx``),
    which :func:`find_decks` leaves out."""
    if not source_dir.is_dir():
        return ()
    files = sorted(p for p in source_dir.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
    decks = [p for p in files if p.suffix.lower() in DECK_SUFFIXES]
    return tuple(DeckdocsError(_("left out: {format}, beside {deck} which is read instead").format(
                                   format=_(OTHER_PRESENTATIONS[p.suffix.lower()]), deck=f"{p.stem}{d.suffix}"),
                               path=str(p), hint=_("Move it out of the folder, or delete it."))
                 for p in _copies(files, decks) for d in decks if d.stem.lower() == p.stem.lower())


def outline_read(decks: tuple[Deck, ...], root_deck: str | None = None,
                 arranged: tuple[tuple[ArrangedSlide, ...], ...] | None = None,
                 folders: dict[str, str] | None = None) -> tuple[Course, ...]:
    """Return one course per read deck; with several decks each gets its own folder in docs/,
    except ``root_deck`` (a file name), the course already at the root of docs/, which stays
    there so that its pages keep their URLs. ``folders`` maps a deck to the folder its course
    has already (:func:`deckdocs.write.course_folders`): it keeps it, and a new deck whose name
    makes the same folder name takes another, even when its name sorts first. ``arranged``
    holds each deck's arranged slides when they are known already (the cache)."""
    if arranged is None:
        arranged = tuple(arrange_deck(deck) for deck in decks)
    names = {deck.name for deck in decks}
    kept = {name: folder for name, folder in (folders or {}).items() if name in names and name != root_deck}
    taken = set(kept.values()) | {"assets"}
    courses = []
    for deck, slides in zip(decks, arranged):
        prefix = ""
        if len(decks) > 1 and deck.name != root_deck:
            prefix = kept.get(deck.name) or ascii_slug(Path(deck.path).stem)
            if deck.name not in kept:
                while prefix in taken:
                    prefix += "-2"
            taken.add(prefix)
        courses.append(outline_course(deck, slides, prefix))
    return tuple(courses)


def outline_decks(paths: tuple[Path, ...], root_deck: str | None = None) -> tuple[Course, ...]:
    """Return one course per deck file (``root_deck`` as for :func:`outline_read`).

    Raises:
        DeckdocsError: a deck cannot be read (nothing is converted then).
    """
    from deckdocs.read import read_deck  # python-pptx: only when a deck must be read

    return outline_read(tuple(read_deck(path) for path in paths), root_deck)


def _curation(decks: tuple[Path, ...]):
    return load_curation(Path(decks[0]).parent / QUIZ_FILE) if decks else None


def _question_parts(questions, where, fingerprints: dict[tuple[str, int], str]) -> tuple[tuple[str, str], ...]:
    """Return the parts a quiz shows for the change report: each question by its slide and id,
    with its slide's fingerprint and a hash of its markdown. ``where(question)`` returns its deck
    and slide label ("13", or "deck.pptx#13" on a page of several decks)."""
    parts = []
    for q in questions:
        deck, label = where(q)
        digest = part_digest(quiz.render_question(q, q.source.page_path))
        parts.append((f"question:{label}:{q.key}", f"{fingerprints.get((deck, q.slide), '')}:{digest}"))
    return tuple(sorted(parts))


def _fingerprints(courses: tuple[Course, ...]) -> dict[tuple[str, int], str]:
    return {(c.source, s.number): s.fingerprint
            for c in courses for s in (*c.front, *(x.slide for ch in c.chapters for x in ch.sections), *c.closing)}


def _with_questions(pages: list[OutputFile], course: Course, bank, fingerprints) -> list[OutputFile]:
    """Return ``pages`` with the questions of each chapter's 本章自测 among their parts, so that
    the change report says which questions changed and on which slide."""
    parts = {course.page_path(chapter.stem): _question_parts(bank.for_chapter(course, chapter),
                                                             lambda q: (course.source, q.slide), fingerprints)
             for chapter in course.chapters}
    return [replace(page, parts=page.parts + parts[page.path]) if parts.get(page.path) else page for page in pages]


def question_bank(decks: tuple[Path, ...], root_deck: str | None = None) -> quiz.QuestionBank:
    """Return the question bank of ``decks`` as ``convert`` makes it (glossary and quiz.yml beside
    the first deck; ``root_deck`` as for :func:`outline_read`).

    Raises:
        DeckdocsError: a deck, the glossary file or quiz.yml cannot be read.
    """
    courses = outline_decks(decks, root_deck)
    entries = load_glossary_file(Path(decks[0]).parent / GLOSSARY_FILE) if decks else ()
    return quiz.build_question_bank(courses, entries, _curation(decks))


def read_decks(paths: tuple[Path, ...], cache: DeckCache | None = None
               ) -> tuple[tuple[Deck, tuple[ArrangedSlide, ...]], ...]:
    """Return each deck read, with its arranged slides.

    With a cache, a deck whose bytes were read before (by this code) is taken from it, and a
    deck read now is kept there. The bytes hashed are the bytes read: a deck saved meanwhile
    cannot be cached under the old content.

    Raises:
        DeckdocsError: a deck cannot be read.
    """
    out = []
    for path in paths:
        path = Path(path)
        data = read_deck_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        hit = cache.load(digest, str(path)) if cache is not None else None
        if hit is None:
            from deckdocs.read import read_deck  # python-pptx: only when a deck must be read

            deck = read_deck(path, data)
            hit = (deck, arrange_deck(deck))
            if cache is not None:
                cache.store(digest, *hit)
        out.append(hit)
    return tuple(out)


def shape_problems(deck: Deck) -> tuple[DeckdocsError, ...]:
    """Return a warning for every shape of a visible slide that could not be read whole."""
    return tuple(
        DeckdocsError(shape.problem, path=deck.path, slide=slide.number, shape=shape.name,
                      hint=_("deckdocs inspect shows the slide; fix or replace the shape in PowerPoint."))
        for slide in deck.slides if not slide.is_hidden
        for shape in leaf_shapes(slide.shapes) if shape.problem
    ) + tuple(DeckdocsError(problem, path=deck.path, hint=_("Open the deck in PowerPoint and save it again."))
              for problem in deck.problems)


def arrangement_problems(courses: tuple[Course, ...]) -> list[DeckdocsError]:
    """Return a warning for every slide read in plain order instead of arranged."""
    return [DeckdocsError(slide.problem, path=course.source, slide=slide.number,
                          hint=_("Split the slide or simplify its layout in PowerPoint."))
            for course in courses
            for slide in (*course.front, *(s.slide for ch in course.chapters for s in ch.sections), *course.closing)
            if slide.problem]


def leftover_problems(deck: Deck, course: Course) -> tuple[DeckdocsError, ...]:
    """Return a warning for every template leftover (20XX, 汇报人：XX …) arrange left off the site."""
    slides = (*course.front, *(s.slide for ch in course.chapters for s in ch.sections), *course.closing)
    return tuple(
        DeckdocsError(_("template text '{text}' left off the site: {reason}").format(
                          text=shown(" / ".join(p.text.split("\n"))), reason=_(p.reason)),
                      path=deck.path, slide=slide.number, shape=p.shape_name,
                      hint=_("Replace it with the real text in PowerPoint, or delete it."))
        for slide in sorted(slides, key=lambda s: s.number) for p in slide.placements if p.role is Role.LEFTOVER
    )


def course_bank(bank: quiz.QuestionBank, course: Course) -> quiz.QuestionBank:
    """Return the part of ``bank`` that is ``course``'s: its chapters' quizzes and the editors'
    questions on its cover and closing slides, titled by the course (for its own 综合测验)."""
    chapters = tuple(q for q in bank.chapters if q.course == course.source)
    extra = tuple(q for q in bank.extra if q.source.page_path == course.page_path("index"))
    return replace(bank, questions=(), chapters=chapters, extra=extra, problems=(), title=course.title)


def course_card(course: Course, bank: quiz.QuestionBank) -> CourseCard:
    """Return what the site's catalogue shows of ``course``: its questions and cover picture."""
    questions = sum(len(q.questions) for q in bank.chapters if q.course == course.source)
    final = sum(len(q.final) for q in bank.chapters if q.course == course.source)
    cover = next((b for s in course.front[:1] for b in s.blocks if isinstance(b, PictureBlock) and b.image), None)
    return CourseCard(course, questions, final, cover)


def convert(decks: tuple[Path, ...] | list[Path], *, glossary_file: Path | None = None,
            root_deck: str | None = None, docs_dir: Path | None = None,
            soffice: str | None = None, cache_dir: Path | None = None) -> Conversion:
    """Return the docs files for ``decks``: every page and picture, nothing written yet.

    ``glossary_file`` is the editors' glossary; by default ``glossary.yml`` beside the first
    deck (in ``source_slides/``). Without one the glossary holds the deck's own terms.
    ``root_deck`` names the deck whose course is at the root of docs/ already
    (:func:`deckdocs.write.root_deck`): adding a second deck must not move its pages.
    With ``docs_dir`` every chapter section shows a picture of its slide: the pictures already
    in ``docs_dir`` are reused, changed slides are rendered with ``soffice`` (LibreOffice), or
    keep their last picture when it is None (deckdocs.snapshot).
    ``cache_dir`` is the project's cache (:mod:`deckdocs.cache`): decks read before and what
    pypinyin and jieba answered about known text come from it; the pages are the same with it or without.

    Raises:
        DeckdocsError: a deck or the glossary file cannot be read.
    """
    decks = tuple(decks)
    cache = DeckCache(cache_dir) if cache_dir is not None else None
    if cache is not None:
        cache.load_memos()
    read_arranged = read_decks(decks, cache)
    if glossary_file is None and decks:
        glossary_file = Path(decks[0]).parent / GLOSSARY_FILE
    entries = load_glossary_file(glossary_file) if glossary_file is not None else ()
    folders = course_folders(docs_dir) if docs_dir is not None else {}
    conversion = convert_read(read_arranged, entries, _curation(decks), root_deck=root_deck, docs_dir=docs_dir,
                              soffice=soffice, glossary_path=str(glossary_file or ""), folders=folders)
    if cache is not None:
        cache.store_memos()
    return conversion


def convert_read(read_arranged: tuple[tuple[Deck, tuple[ArrangedSlide, ...]], ...],
                 entries: tuple[GlossaryEntry, ...] = (), curation: Curation | None = None, *,
                 root_deck: str | None = None, docs_dir: Path | None = None, soffice: str | None = None,
                 glossary_path: str = "", folders: dict[str, str] | None = None) -> Conversion:
    """Return the docs files of decks already read and arranged (:func:`read_decks`), with the
    glossary file's ``entries`` and the editors' ``curation`` (quiz.yml): :func:`convert` after
    reading, and what the locality test runs edit after edit. ``root_deck`` and ``folders`` as
    for :func:`outline_read`.

    Raises:
        DeckdocsError: a glossary alias clashes with a slide term.
    """
    read = tuple(deck for deck, _ in read_arranged)
    courses = outline_read(read, root_deck, tuple(slides for _, slides in read_arranged), folders)
    snapshots = take_snapshots(read, courses, docs_dir, soffice=soffice) if docs_dir is not None else Snapshots()
    glossary = build_glossary(courses, entries)
    bank = quiz.build_question_bank(courses, entries, curation)
    files: list[OutputFile] = []
    several = len(courses) > 1
    cards = tuple(course_card(c, bank) for c in courses)
    fingerprints = _fingerprints(courses)
    # The site-wide pages show questions and terms, not slides: the report names those that changed.
    deck_of = {c.page_path(page): c.source for c in courses for page in ("index", *(ch.stem for ch in c.chapters))}

    def slide_label(q):
        deck = deck_of.get(q.source.page_path, "")
        return deck, (str(q.slide) if not several else f"{deck}#{q.slide}")

    def final_quiz(path: str, of: quiz.QuestionBank) -> OutputFile:
        return OutputFile(path, quiz.render_final_quiz(of, path).encode(),
                          parts=(("part:course list", part_digest(of.title)),
                                 *_question_parts(of.final, slide_label, fingerprints)))

    for course in courses:
        quizzes = {chapter.stem: quiz.render_chapter_quiz(bank.for_chapter(course, chapter), course.page_path(chapter.stem))
                   for chapter in course.chapters}
        # With several courses each has its own 综合测验 beside its chapters; the glossary is shared.
        links = ((STUDY_LINKS[0], ("综合测验", course.page_path("quiz"))) if several else STUDY_LINKS)
        pages = render_course(course, notes_filter=quiz.strip_questions, quizzes=quizzes,
                              quiz_meta=quiz.PAGE_META, extra_links=links, handout=HANDOUT,
                              other_courses=tuple(c for c in cards if c.course.prefix) if not course.prefix else (),
                              pictures=snapshots.for_course(course))
        files.extend(_with_questions(pages, course, bank, fingerprints))
        if several:  # each course's own 综合测验 beside its chapters
            files.append(final_quiz(course.page_path("quiz"), course_bank(bank, course)))
    files.extend(snapshots.files)
    if several and all(c.prefix for c in courses):
        home_parts = tuple((f"part:course {c.course.title}", part_digest(render_site_home((c,)))) for c in cards)
        files.append(OutputFile("index.md", render_site_home(cards, extra_links=STUDY_LINKS[:1]).encode(),
                                parts=home_parts))
    if not several:
        files.append(final_quiz(QUIZ_PAGE, bank))
    terms = tuple((f"term:{t.name}", part_digest(repr(t))) for t in glossary.terms)
    files.extend(replace(f, slides=(), parts=terms) for f in glossary_files(glossary))
    # Several decks: the root course's look (else the first deck's), so that adding a deck whose
    # name sorts first does not restyle the pages already there.
    files.extend(look_files(next((d for d in read if d.name == root_deck), read[0] if read else None)))
    problems = [problem for deck in read for problem in shape_problems(deck)]
    problems += [problem for deck, course in zip(read, courses) for problem in leftover_problems(deck, course)]
    problems += arrangement_problems(courses) + list(bank.problems)
    problems += snapshots.problems
    minor = [DeckdocsError(_("glossary term '{term}' is used on no slide").format(term=shown(term)),
                           path=glossary_path,
                           hint=_("Check its spelling, or remove it from the glossary file."))
             for term in glossary.unused]
    where = {course.source: deck.path for deck, course in zip(read, courses)}
    notes = [DeckdocsError(_("heading term '{term}' has no definition in {file}; the glossary quotes the slide").format(
                               term=shown(term), file=GLOSSARY_FILE),
                           path=where.get(source, source), slide=slide,
                           hint=_("Add '{term}: 释义' under terms, or list it under not_terms.").format(term=term))
             for term, source, slide in sorted(glossary.undefined, key=lambda u: (u[1], u[2], u[0]))]
    return Conversion(courses, tuple(files), tuple(problems), tuple(notes),
                      slide_count=sum(len(deck.slides) for deck in read), minor=tuple(minor), snapshots=snapshots,
                      bank=bank)
