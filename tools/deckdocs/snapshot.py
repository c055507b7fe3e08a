"""Pictures of the slides, kept in ``docs/``: reused when a slide did not change, rendered when it did.

A picture is named by the slide's look (:func:`deckdocs.read.slide_look`, a hash of what is
drawn on it), so an unchanged slide keeps its file and LibreOffice is not started at all when
no slide changed. A changed slide is rendered by LibreOffice (``soffice --headless``, the deck
exported to PDF, only the pages needed) and poppler's ``pdftoppm``, then saved as WebP.

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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.model import Course, Deck, OutputFile, SlidePicture
from deckdocs.render import asset_path
from deckdocs.write import read_manifest

SOFFICE_ENV = "DECKDOCS_SOFFICE"  # the LibreOffice to render with; set but empty: never render
PICTURES_DIR = "slides"  # under assets/ (per course)
WIDTH_PX = 1280
# Slides are flat colour and text: lossless WebP keeps the text crisp and is hardly larger than
# lossy (the course's 27 slides: 646 KB lossless, 610 KB at quality 82, 1.6 MB as PNG).
WEBP_EFFORT = 50
RENDER_TIMEOUT_S = 300


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
    """Return the docs-relative path of the picture of a slide with this look."""
    return asset_path(course, posixpath.join(PICTURES_DIR, f"{look}.webp"))


def take_snapshots(decks: tuple[Deck, ...], courses: tuple[Course, ...], docs_dir: Path, *,
                   soffice: str | None) -> Snapshots:
    """Return a picture for every slide shown as a chapter section, rendering only what changed.

    ``soffice`` None renders nothing: changed slides keep their last picture (``stale``).
    LibreOffice failing is a warning in ``problems``, handled the same way; it never raises.
    """
    manifest = read_manifest(docs_dir)
    pictures, files, rendered, stale, missing, problems = {}, [], [], [], [], []
    for deck, course in zip(decks, courses):
        looks = {s.number: s.look for s in deck.slides}
        sections = [s for chapter in course.chapters for s in chapter.sections]
        wanted = {s.slide.number: picture_path(course, looks.get(s.slide.number) or s.slide.fingerprint)
                  for s in sections}
        to_render = sorted(n for n, path in wanted.items() if not (docs_dir / path).is_file())
        made: dict[int, bytes] = {}
        if to_render and soffice:
            try:
                made = render_slides(Path(deck.path), tuple(to_render), soffice)
            except DeckdocsError as exc:
                problems.append(exc)
        earlier = _earlier_pictures(manifest, course, docs_dir)
        fingerprints = {s.slide.number: s.slide.fingerprint for s in sections}
        for section in sections:
            number = section.slide.number
            key = (course.source, number)
            path = wanted[number]
            if number in made:
                data = made[number]
                rendered.append(key)
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


def render_slides(deck: Path, numbers: tuple[int, ...], soffice: str) -> dict[int, bytes]:
    """Return WebP pictures (``WIDTH_PX`` wide) of slides ``numbers`` of ``deck``.

    LibreOffice exports only those pages. Hidden slides are exported too, so that page N of the
    PDF is always slide N (LibreOffice leaves them out by default).

    Raises:
        DeckdocsError: LibreOffice or pdftoppm is missing, fails or gives the wrong pages.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise DeckdocsError("slide pictures need pdftoppm, which is not installed", path=str(deck),
                            hint="apt-get install poppler-utils, then run deckdocs extract again.")
    options = {"ExportHiddenSlides": {"type": "boolean", "value": "true"},
               "PageRange": {"type": "string", "value": ",".join(map(str, numbers))},
               "ReduceImageResolution": {"type": "boolean", "value": "false"}}
    with tempfile.TemporaryDirectory(prefix="deckdocs-snapshot-") as tmp:
        tmp_dir = Path(tmp)
        source = tmp_dir / ("deck" + deck.suffix.lower())  # a plain name: soffice names its output after it
        shutil.copyfile(deck, source)
        profile = (tmp_dir / "profile").as_uri()  # a private profile: parallel runs never share a lock
        _run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
              "--convert-to", "pdf:impress_pdf_Export:" + json.dumps(options), "--outdir", str(tmp_dir), str(source)],
             deck, "LibreOffice could not export the deck")
        pdf = tmp_dir / "deck.pdf"
        if not pdf.is_file():
            raise DeckdocsError("LibreOffice exported no PDF", path=str(deck),
                                hint="Open the deck in LibreOffice Impress to see whether it loads.")
        _run([pdftoppm, "-png", "-scale-to-x", str(WIDTH_PX), "-scale-to-y", "-1", str(pdf), str(tmp_dir / "page")],
             deck, "pdftoppm could not rasterise the exported slides")
        pages = sorted(tmp_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(pages) != len(numbers):
            raise DeckdocsError(f"LibreOffice exported {len(pages)} pages for {len(numbers)} slides",
                                path=str(deck), hint="Report it with the deck; the slide pictures were kept as they were.")
        return {number: _webp(page.read_bytes()) for number, page in zip(numbers, pages)}


def _run(cmd: list[str], deck: Path, what: str) -> None:
    import subprocess  # only when LibreOffice renders: most runs reuse every picture

    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=RENDER_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DeckdocsError(f"{what} ({type(exc).__name__}: {exc})", path=str(deck),
                            hint=f"Check the LibreOffice install, or set {SOFFICE_ENV}= to skip slide pictures.") from None
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout).split())[-200:]
        raise DeckdocsError(f"{what} (exit {result.returncode}: {detail})", path=str(deck),
                            hint="Open the deck in LibreOffice Impress to see whether it loads.")


def _webp(png: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", lossless=True, quality=WEBP_EFFORT, method=4)
        return out.getvalue()
