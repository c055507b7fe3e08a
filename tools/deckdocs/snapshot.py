"""Pictures of the slides, kept in ``docs/``: reused when a slide did not change, rendered when it did.

A picture is named by the slide's look (:func:`deckdocs.read.slide_look`, a hash of what is
drawn on it), so an unchanged slide keeps its file and LibreOffice is not started at all when
no slide changed. A changed slide is rendered by LibreOffice (``soffice --headless``, the deck
exported to PDF, only the pages needed) and poppler's ``pdftoppm``, then saved as WebP.
LibreOffice never sees the deck itself: it opens a copy with nothing leading outside it
(:mod:`deckdocs.render_copy`), in a sandbox with a private home, time and memory limits
(:mod:`deckdocs.soffice`). Pictures are named by look in one folder for every course, so a slide
that looks the same in two decks is rendered and stored once.

Without LibreOffice (the Pages workflow, a laptop) a changed slide keeps its last picture and is
reported stale; a new slide has none until someone with LibreOffice runs ``deckdocs extract``.

This is the input end of the pipeline: it reads ``docs/`` and runs programs in a temporary
folder, and hands back bytes; :mod:`deckdocs.write` writes them with the pages.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import N_, _, ngettext
from deckdocs.model import Course, Deck, OutputFile, SlidePicture
from deckdocs.render import ASSETS_DIR
from deckdocs.write import read_manifest

SOFFICE_ENV = "DECKDOCS_SOFFICE"  # the LibreOffice to render with; set but empty: never render
PICTURES_DIR = "slides"  # under assets/ (per course)
WIDTH_PX = 1280
# Slides are flat colour and text: lossless WebP keeps the text crisp and is hardly larger than
# lossy (the course's 27 slides: 646 KB lossless, 610 KB at quality 82, 1.6 MB as PNG).
WEBP_EFFORT = 50
# Time: a whole extract stays inside a minute on a small machine. One LibreOffice run draws at
# most BATCH_SLIDES slides, gets START_SECONDS plus SECONDS_PER_SLIDE for each, and all runs of
# an extract share RUN_SECONDS; slides left when it is spent are drawn by the next extract.
RUN_SECONDS = 40
START_SECONDS = 20
SECONDS_PER_SLIDE = 1.0
BATCH_SLIDES = 40
BATCH_SPAN = 200  # … from its first slide to its last (the slides between are loaded, emptied)
PDFTOPPM_SECONDS = 10
MIN_BATCH_SECONDS = 5  # less than this left: LibreOffice would hardly have started


@dataclass(frozen=True)
class Snapshots:
    """The slide pictures of a run: what the pages show and what goes into docs/."""

    pictures: dict[tuple[str, int], SlidePicture] = field(default_factory=dict)  # (deck, slide) → picture
    files: tuple[OutputFile, ...] = ()
    rendered: tuple[tuple[str, int], ...] = ()  # (deck, slide) rendered in this run
    stale: tuple[tuple[str, int], ...] = ()  # shows an older picture: the slide changed since
    missing: tuple[tuple[str, int], ...] = ()  # has no picture yet
    problems: tuple[DeckdocsError, ...] = ()

    def for_course(self, course: Course) -> dict[int, SlidePicture]:
        """Return slide number → picture for one course."""
        return {n: p for (source, n), p in self.pictures.items() if source == course.source}


def find_soffice() -> str | None:
    """Return the LibreOffice to render with: ``$DECKDOCS_SOFFICE`` when set (empty: none), else
    ``soffice`` or ``libreoffice`` on the PATH, else None."""
    if SOFFICE_ENV in os.environ:
        return os.environ[SOFFICE_ENV] or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def picture_path(course: Course, look: str) -> str:
    """Return the docs-relative path of the picture of a slide with this look.

    One folder serves every course: a slide that looks the same in two decks (a copied deck, a
    shared cover or agenda) is one picture, rendered and stored once.
    """
    return posixpath.join(ASSETS_DIR, PICTURES_DIR, f"{look}.webp")


def take_snapshots(decks: tuple[Deck, ...], courses: tuple[Course, ...], docs_dir: Path, *,
                   soffice: str | None) -> Snapshots:
    """Return a picture for every slide shown as a chapter section, rendering only what changed.

    ``soffice`` None renders nothing: changed slides keep their last picture (``stale``).
    LibreOffice failing is a warning in ``problems``, handled the same way; it never raises.
    All rendering of the run shares ``RUN_SECONDS``.
    """
    manifest = read_manifest(docs_dir)
    deadline = time.monotonic() + RUN_SECONDS
    drawn: dict[str, bytes] = {}  # picture path → what LibreOffice drew this run, for every deck
    pictures, files, rendered, stale, missing, problems = {}, [], [], [], [], []
    for deck, course in zip(decks, courses):
        looks = {s.number: s.look for s in deck.slides}
        sections = [s for chapter in course.chapters for s in chapter.sections]
        wanted = {s.slide.number: picture_path(course, looks.get(s.slide.number) or s.slide.fingerprint)
                  for s in sections}
        to_render = sorted(n for n, path in wanted.items() if not (docs_dir / path).is_file() and path not in drawn)
        made: dict[int, bytes] = {}
        if to_render and soffice:
            made = _render_in_batches(Path(deck.path), to_render, soffice, deadline, problems)
        drawn.update({wanted[n]: data for n, data in made.items()})
        earlier = _earlier_pictures(manifest, course, docs_dir)
        fingerprints = {s.slide.number: s.slide.fingerprint for s in sections}
        for section in sections:
            number = section.slide.number
            key = (course.source, number)
            path = wanted[number]
            if number in made:
                data = made[number]
                rendered.append(key)
            elif path in drawn:  # another deck's slide of the same look, drawn in this run
                data = drawn[path]
            elif (docs_dir / path).is_file():
                data = (docs_dir / path).read_bytes()
            else:
                old = earlier.get(fingerprints[number]) or earlier.get(number)
                if old is None:
                    if soffice or earlier:  # a docs/ that never had pictures is not missing any
                        missing.append(key)
                    continue
                path, data = old, (docs_dir / old).read_bytes()
                stale.append(key)
            width, height = picture_size(data)
            pictures[key] = SlidePicture(path, width, height)
            if all(f.path != path for f in files):
                files.append(OutputFile(path, data, ((number, fingerprints[number]),), course.source))
    return Snapshots(pictures, tuple(files), tuple(rendered), tuple(stale), tuple(missing), tuple(problems))


def _render_in_batches(deck: Path, numbers: list[int], soffice: str, deadline: float,
                       problems: list[DeckdocsError]) -> dict[int, bytes]:
    """Return the pictures LibreOffice drew of ``numbers``, BATCH_SLIDES at a time until ``deadline``;
    what it had to say goes to ``problems``, one line a batch."""
    from deckdocs.soffice import sandbox

    made: dict[int, bytes] = {}
    if not sandbox():
        problems.append(DeckdocsError(_("LibreOffice draws the slides with network access: neither bubblewrap nor "
                                      "unshare can take it away here (the copy it opens has no outside links)"),
                                      path=str(deck), hint=_("Install bubblewrap (apt-get install bubblewrap), "
                                                           "or run deckdocs extract as root.")))
    done = 0
    for batch in _batches(numbers):
        left = deadline - time.monotonic()
        if left < MIN_BATCH_SECONDS:
            problems.append(DeckdocsError(_("no time was left in this run to draw {slides}").format(
                                              slides=_slides_words(tuple(numbers[done:]))),
                                          path=str(deck), hint=_("Run deckdocs extract again to draw them; "
                                                               "they keep their last pictures, or none.")))
            break
        try:
            rendering = render_slides(deck, batch, soffice,
                                      seconds=min(left, START_SECONDS + SECONDS_PER_SLIDE * len(batch)))
        except DeckdocsError as exc:
            problems.append(exc)
            done += len(batch)
            continue
        made.update(rendering.pictures)
        problems.extend(rendering.problems)
        done += len(batch)
    return made


def _batches(numbers: list[int]) -> list[tuple[int, ...]]:
    """Return the slides in runs of at most BATCH_SLIDES, none spanning more than BATCH_SPAN slides
    (LibreOffice loads every slide from a run's first to its last)."""
    batches: list[list[int]] = []
    for number in numbers:
        if not batches or len(batches[-1]) >= BATCH_SLIDES or number - batches[-1][0] >= BATCH_SPAN:
            batches.append([])
        batches[-1].append(number)
    return [tuple(batch) for batch in batches]


def _earlier_pictures(manifest: dict[str, dict], course: Course, docs_dir: Path) -> dict[int | str, str]:
    """Return the course's pictures from the last run, by slide fingerprint and by slide number.

    A slide whose picture is out of date takes the one made for the same text (the slide moved
    or only its look changed), else the one made for its number.
    """
    found: dict[int | str, str] = {}
    folder = posixpath.dirname(picture_path(course, "x"))
    for path, record in sorted(manifest.items()):
        if posixpath.dirname(path) != folder or record.get("source") != course.source:
            continue
        if not (docs_dir / path).is_file():
            continue
        for number, fingerprint in record.get("slides", {}).items():
            found.setdefault(fingerprint, path)
            if number.isdigit():
                found.setdefault(int(number), path)
    return found


def picture_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


# ---------------------------------------------------------------- LibreOffice and poppler


@dataclass(frozen=True)
class Rendering:
    """What one LibreOffice run drew, and what it has to say about the slides it was given."""

    pictures: dict[int, bytes] = field(default_factory=dict)
    problems: tuple[DeckdocsError, ...] = ()


def render_slides(deck: Path, numbers: tuple[int, ...], soffice: str, *,
                  seconds: float = RUN_SECONDS) -> Rendering:
    """Return WebP pictures (``WIDTH_PX`` wide) of slides ``numbers`` of ``deck``, drawn within ``seconds``.

    LibreOffice opens a copy with no outside link and only these slides' content
    (:mod:`deckdocs.render_copy`), in a sandbox with a private home and memory and time limits
    (:mod:`deckdocs.soffice`), and exports only their pages. Hidden slides are exported too, so
    that page N of the PDF is always slide N (LibreOffice leaves them out by default).
    Slides too heavy to draw are left out and named in ``problems``, like slides drawn with a
    placeholder for linked content.

    Raises:
        DeckdocsError: LibreOffice or pdftoppm is missing, fails, crashes, runs out of time or
            gives the wrong pages (the slides keep their last pictures).
    """
    from deckdocs.package import checked_package, read_deck_bytes
    from deckdocs.render_copy import render_copy
    from deckdocs.soffice import private_folder, profile_url

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise DeckdocsError(_("slide pictures need pdftoppm, which is not installed"), path=str(deck),
                            hint=_("apt-get install poppler-utils, then run deckdocs extract again."))
    started = time.monotonic()
    copy = render_copy(checked_package(read_deck_bytes(deck), str(deck)), numbers)
    problems = [DeckdocsError(_("the slide is not drawn: {why}").format(why=why), path=str(deck), slide=n,
                              hint=_("Split the slide or simplify it; its page keeps its last picture, or none."))
                for n, why in sorted(copy.not_drawn.items())]
    problems += [DeckdocsError(ngettext("the slide's linked {things} outside the deck was not loaded: its slide picture "
                                        "shows a grey placeholder in its place",
                                        "the slide's linked {things} outside the deck were not loaded: its slide picture "
                                        "shows a grey placeholder in their place", len(kinds)).format(things=_words(kinds)),
                               path=str(deck), slide=n, hint=_("Insert the content into the deck (not linked) and save again."))
                 for n, kinds in sorted(copy.linked.items())]
    numbers = tuple(n for n in numbers if n not in copy.not_drawn and n not in copy.damaged)
    if not numbers:
        return Rendering({}, tuple(problems))
    options = {"ExportHiddenSlides": {"type": "boolean", "value": "true"},
               "PageRange": {"type": "string", "value": ",".join(str(n - copy.first_number + 1) for n in numbers)},
               "ReduceImageResolution": {"type": "boolean", "value": "false"}}
    shown = _slides_words(numbers)
    with private_folder() as folder:
        source = folder / "deck.pptx"  # a plain name: soffice names its output after it
        source.write_bytes(copy.data)
        _run([soffice, f"-env:UserInstallation={profile_url(folder)}", "--headless", "--norestore", "--nologo",
              "--nolockcheck", "--convert-to", "pdf:impress_pdf_Export:" + json.dumps(options), "--outdir", str(folder),
              str(source)], folder, deck, _("LibreOffice drawing {slides}").format(slides=shown), started + seconds)
        pdf = folder / "deck.pdf"
        if not pdf.is_file():
            raise DeckdocsError(_("LibreOffice exported no PDF for {slides}").format(slides=shown), path=str(deck),
                                hint=_("Open the deck in LibreOffice Impress to see whether it loads; "
                                     "the slides keep their last pictures."))
        _run([pdftoppm, "-png", "-scale-to-x", str(WIDTH_PX), "-scale-to-y", "-1", str(pdf), str(folder / "page")],
             folder, deck, _("pdftoppm rasterising {slides}").format(slides=shown), started + seconds + PDFTOPPM_SECONDS)
        pages = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(pages) != len(numbers):
            raise DeckdocsError(_("LibreOffice exported {pages} pages for {slides} slides").format(pages=len(pages),
                                                                                                   slides=len(numbers)),
                                path=str(deck), hint=_("Report it with the deck; the slide pictures were kept as they were."))
        return Rendering({number: _webp(page.read_bytes()) for number, page in zip(numbers, pages)}, tuple(problems))


def _words(kinds: tuple[str, ...]) -> str:
    kinds = tuple(_(kind) for kind in kinds)
    return kinds[0] if len(kinds) == 1 else _("{first} and {last}").format(first=_(", ").join(kinds[:-1]), last=kinds[-1])


def _slides_words(numbers: tuple[int, ...]) -> str:
    if len(numbers) == 1:
        return _("slide {n}").format(n=numbers[0])
    if len(numbers) > 3:
        return _("{count} slides ({first} to {last})").format(count=len(numbers), first=numbers[0], last=numbers[-1])
    return _("slides {numbers}").format(numbers=_(", ").join(map(str, numbers)))


_OPEN_IN_IMPRESS = N_("Open the deck in LibreOffice Impress to see whether it loads; they keep their last pictures, "
                      "or none.")


def _run(cmd: list[str], folder: Path, deck: Path, what: str, deadline: float) -> None:
    """Run one program of the rendering until ``deadline`` (time.monotonic()).

    Raises:
        DeckdocsError: it cannot start, is stopped at the deadline, crashes or fails.
    """
    from deckdocs.soffice import MEMORY_LIMIT_BYTES, run_bounded

    seconds = max(deadline - time.monotonic(), 1.0)
    try:
        outcome = run_bounded(cmd, folder, seconds)
    except OSError as exc:
        raise DeckdocsError(_("{what} could not start ({why})").format(
                                what=what, why=exc.strerror or _("the program cannot be run")),
                            path=str(deck), hint=_("Check the LibreOffice install, or set {env}= to skip slide "
                                                   "pictures.").format(env=SOFFICE_ENV)) from None
    if outcome.returncode is None:
        raise DeckdocsError(_("{what} took longer than {seconds} s and was stopped").format(
                                what=what, seconds=f"{seconds:.0f}"), path=str(deck),
                            hint=_("Simplify the slides or run deckdocs extract again; they keep their last "
                                   "pictures, or none."))
    if outcome.is_crash:
        code = outcome.returncode
        signal_number = -code if code < 0 else code - 128
        raise DeckdocsError(_("{what} crashed (signal {signal}), or reached its {limit} GB memory limit").format(
                                what=what, signal=signal_number, limit=MEMORY_LIMIT_BYTES // 1_000_000_000),
                            path=str(deck), hint=_(_OPEN_IN_IMPRESS))
    if outcome.returncode != 0:
        raise DeckdocsError(_("{what} failed (exit {code}: {output})").format(
                                what=what, code=outcome.returncode, output=outcome.output), path=str(deck),
                            hint=_(_OPEN_IN_IMPRESS))


def _webp(png: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", lossless=True, quality=WEBP_EFFORT, method=4)
        return out.getvalue()
