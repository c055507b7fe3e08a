"""The built site as a SCORM package an LMS imports as it is (``deckdocs export-scorm``).

The package is the offline build of ``site/`` (it already works without a server) plus three
files of ours: ``imsmanifest.xml`` (:mod:`deckdocs.export.manifest`), the launch page
``deckdocs-scorm.html`` and the adapter ``javascripts/deckdocs-scorm.js``, which is also added
to every page of the packaged copy (the hosted site never gets it).

Why one SCO: SCORM keeps the location, ``suspend_data``, the score and the status per SCO and
gives SCOs no way to share them, while the course's status needs all of them together (every
chapter opened; the 综合测验 passed) and a learner moves between chapters with the site's own
navigation. So the launch page is the one SCO: it finds the LMS's API, holds the session for
as long as the learner stays in the course, and shows the site in a frame whose pages report
to it (see the adapter's header).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _
from deckdocs.export.options import DEFAULT_MASTERY, DEFAULT_SCORM_VERSION, SCORM_VERSIONS

if TYPE_CHECKING:
    from deckdocs.export.manifest import PackagePage

# lxml, the pipeline and the PDF export's navigation are imported by the functions that use them.

LAUNCH_PAGE = "deckdocs-scorm.html"
ADAPTER = "javascripts/deckdocs-scorm.js"
ADAPTER_SOURCE = Path(__file__).resolve().parent / "assets" / "deckdocs-scorm.js"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no build timestamps in the output: the same site gives the same bytes
_QUIZ_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' quiz ')]"


@dataclass(frozen=True)
class ScormCourse:
    """One course of the built site as the package sees it: title, pages in navigation order, every file."""

    title: str
    chapters: tuple[PackagePage, ...]
    finals: tuple[PackagePage, ...]  # its 综合测验 page
    glossaries: tuple[PackagePage, ...]
    listed: tuple[PackagePage, ...]  # all of the above, in navigation order
    final_questions: int  # questions of its 综合测验: the score's denominator
    files: tuple[str, ...]  # every file the package carries, sorted, "/"-separated
    folder: str = ""  # the course's folder in the site ("" for the course at its root)

    @property
    def home(self) -> str:
        return f"{self.folder}/index.html" if self.folder else "index.html"


# What the site holds but no page of the package loads: source maps, and lunr's language files
# and word cutters with Material's own search worker (deckdocs' worker replaces it and loads no lunr).
_UNUSED = re.compile(r"\.map$|^assets/javascripts/lunr/|^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


def packed_files(site_dir: Path) -> tuple[str, ...]:
    """Return every file of the built site a package carries (sorted, "/"-separated): not the unused ones."""
    return tuple(sorted(path for path in (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
                        if not _UNUSED.search(path)))


def check_options(version: str, mastery: str | int) -> int:
    """Return the mastery score as an integer percentage, having checked both options.

    Raises:
        DeckdocsError: an unknown SCORM version, or a mastery that is not a whole number 0–100.
    """
    if version not in SCORM_VERSIONS:
        raise DeckdocsError(_("unknown SCORM version '{version}'").format(version=version),
                            hint=_("Use --scorm-version {versions}.").format(versions=_(" or ").join(SCORM_VERSIONS)))
    text = str(mastery).strip().rstrip("%")
    if not re.fullmatch(r"\d{1,3}", text) or int(text) > 100:
        raise DeckdocsError(_("mastery score {mastery} is not a percentage").format(mastery=repr(mastery)),
                            hint=_("Give a whole number from 0 to 100, e.g. --mastery 80."))
    return int(text)


def read_courses(site_dir: Path) -> tuple[ScormCourse, ...]:
    """Return every course of the built site in ``site_dir``, in navigation order: the course at
    the site's root first, then one per course folder (a site of several decks).

    Raises:
        DeckdocsError: there is no built site, or it has no chapter.
    """
    from deckdocs.export.manifest import PackagePage
    from deckdocs.export.pdf import all_nav_pages
    from deckdocs.glossary import GLOSSARY_PAGE
    from deckdocs.pipeline import QUIZ_PAGE

    final_quiz, glossary = (posixpath.splitext(page)[0] + ".html"  # as built (use_directory_urls: false)
                            for page in (QUIZ_PAGE, GLOSSARY_PAGE))
    pages = all_nav_pages(site_dir)  # raises when there is no built site
    site_title = _site_title(site_dir / "index.html")
    files = packed_files(site_dir)
    shared = [PackagePage(path, _page_title(site_dir / path)) for path in pages
              if path == glossary or (path == final_quiz and "/" not in path)]
    folders: dict[str, list[str]] = {}
    for path in pages:
        folder, _unused, name = path.rpartition("/")
        if name != "index.html" and path not in (glossary, final_quiz):
            folders.setdefault(folder, []).append(path)
    courses = []
    for folder, paths in folders.items():
        chapters = [PackagePage(p, _page_title(site_dir / p)) for p in paths if posixpath.basename(p) != final_quiz]
        if not chapters:
            continue
        finals = [PackagePage(p, _page_title(site_dir / p)) for p in paths if posixpath.basename(p) == final_quiz]
        if not folder:
            finals += [p for p in shared if p.path == final_quiz]
        glossaries = [p for p in shared if p.path == glossary]
        questions = sum(len(_parse(site_dir / p.path).xpath(_QUIZ_XPATH)) for p in finals)
        home = site_dir / folder / "index.html"
        title = (_page_title(home) if folder and home.is_file() else "") or site_title
        order = {p: i for i, p in enumerate(pages)}
        listed = [*chapters, *sorted([*finals, *glossaries], key=lambda p: order[p.path])]
        courses.append(ScormCourse(title, tuple(chapters), tuple(finals), tuple(glossaries), tuple(listed),
                                   questions, files, folder))
    if not courses:
        raise DeckdocsError(_("the built site has no chapter pages"), path=str(site_dir),
                            hint=_("Run `deckdocs build` first."))
    return tuple(courses)


def read_course(site_dir: Path) -> ScormCourse:
    """Return the site's first course (its only one, for a site of one deck); see :func:`read_courses`."""
    return read_courses(site_dir)[0]


def export_scorm(site_dir: Path, version: str = DEFAULT_SCORM_VERSION, mastery: str | int = DEFAULT_MASTERY,
                 course: ScormCourse | None = None) -> bytes:
    """Return ``course`` of the site in ``site_dir`` (by default its first) as a SCORM ``version``
    zip with ``mastery`` (percent): the site, launched at the course's home, completed over the
    course's own chapters and scored on its own 综合测验.

    Raises:
        DeckdocsError: bad options, or no built site in ``site_dir``.
    """
    return _package(site_dir, version, mastery, (course or read_course(site_dir),))


def export_scorm_together(site_dir: Path, version: str = DEFAULT_SCORM_VERSION,
                          mastery: str | int = DEFAULT_MASTERY) -> bytes:
    """Return one SCORM package of every course of the site, each its own SCO in the one organization.

    Raises:
        DeckdocsError: bad options, or no built site in ``site_dir``.
    """
    return _package(site_dir, version, mastery, read_courses(site_dir))


def package_name(out: Path, course: ScormCourse) -> Path:
    """Return where ``course``'s own package goes: ``out`` for the course at the site's root,
    else ``out``'s name followed by the course's folder (course-scorm-second.zip)."""
    return out if not course.folder else out.with_name(f"{out.stem}-{course.folder}{out.suffix}")


def launch_page(number: int, count: int) -> str:
    """Return the launch page of the package's ``number``-th SCO (from 1) of ``count``."""
    return LAUNCH_PAGE if count == 1 else LAUNCH_PAGE.replace(".html", f"-{number}.html")


def _package(site_dir: Path, version: str, mastery: str | int, courses: tuple[ScormCourse, ...]) -> bytes:
    from deckdocs.export.manifest import PackageOutline, PackageSco, render_manifest

    score = check_options(version, mastery)
    launches = [launch_page(n, len(courses)) for n in range(1, len(courses) + 1)]
    files = sorted({*courses[0].files, *launches, ADAPTER} - {"imsmanifest.xml"})
    scos = tuple(PackageSco(course.title, launch, course.listed) for course, launch in zip(courses, launches))
    outline = PackageOutline(
        identifier=_identifier(courses),
        title=courses[0].title if len(courses) == 1 else _site_title(site_dir / "index.html"),
        launch=launches[0],
        pages=courses[0].listed,
        files=tuple(files),
        scos=scos,
    )
    entries = {"imsmanifest.xml": render_manifest(outline, version, score).encode("utf-8"),
               ADAPTER: ADAPTER_SOURCE.read_bytes()}
    entries.update({launch: render_launch_page(course, version, score).encode("utf-8")
                    for course, launch in zip(courses, launches)})
    return zip_package(site_dir, ["imsmanifest.xml", *files], entries)


def zip_package(site_dir: Path, names: list[str], entries: dict[str, bytes]) -> bytes:
    """Return a zip of ``names`` in that order: the bytes ``entries`` has for a name, else the
    file in ``site_dir``, an HTML page with the adapter added (it reports pages and answers to
    the launch page). The SCORM and the xAPI packages are made by it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            if name in entries:
                data = entries[name]
            elif name.endswith(".html"):
                data = add_adapter((site_dir / name).read_text(encoding="utf-8"), name).encode("utf-8")
            else:
                data = (site_dir / name).read_bytes()
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, data)
    return buffer.getvalue()


def add_adapter(page: str, path: str) -> str:
    """Return the HTML ``page`` (at site-relative ``path``) with the adapter script added to its head."""
    src = "../" * path.count("/") + ADAPTER
    tag = f'<script src="{src}" data-deckdocs-scorm="page"></script>'
    head_end = page.find("</head>")
    if head_end < 0:
        return page
    return page[:head_end] + tag + "\n" + page[head_end:]


def render_launch_page(course: ScormCourse, version: str, mastery: int) -> str:
    """Return the launch page: the SCO that holds the LMS session and frames the site."""
    config = {
        "version": version,
        "mastery": mastery,
        "start": course.home,
        "chapters": [p.path for p in course.chapters],
        "finals": [p.path for p in course.finals],
        "questions": course.final_questions,
    }
    script = f'<script src="{ADAPTER}" data-deckdocs-scorm="launch"></script>'
    return launch_html(course.title, "deckdocs-scorm-config", config, script, course.home)


def launch_html(title: str, config_id: str, config: dict, script: str, home: str, head: str = "") -> str:
    """Return a launch page that frames the site (the SCORM and xAPI packages): ``config`` as JSON
    in the script element ``config_id``, then ``script`` (the adapter), and without scripts a
    link to the course's ``home``. ``head`` is markup added after the viewport."""
    # Script text is not HTML-decoded: escape what could end the element as JSON escapes.
    data = json.dumps(config, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
{head}<title>{html.escape(title)}</title>
<style>html,body{{margin:0;height:100%;overflow:hidden}}iframe{{display:block;border:0;width:100%;height:100%}}</style>
<script type="application/json" id="{config_id}">{data}</script>
{script}
</head>
<body>
<noscript>请在浏览器中启用脚本后学习本课程，或直接打开<a href="{html.escape(home)}">课程首页</a>。</noscript>
</body>
</html>
"""


def _identifier(courses: tuple[ScormCourse, ...]) -> str:
    text = "\n".join(line for course in courses for line in [course.title, *(p.path for p in course.chapters)])
    return "deckdocs-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _parse(path: Path):
    import lxml.html

    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def _site_title(home: Path) -> str:
    root = _parse(home)
    found = root.xpath("//*[contains(@class, 'md-header__topic')]//span[contains(@class, 'md-ellipsis')]")
    text = " ".join(found[0].text_content().split()) if found else ""
    return text or " ".join((root.findtext(".//title") or "").split()) or "课程"


def _page_title(path: Path) -> str:
    root = _parse(path)
    for h1 in root.xpath("//article//h1"):
        for link in h1.xpath(".//a[contains(@class, 'headerlink')]"):
            link.drop_tree()
        text = " ".join(h1.text_content().split())
        if text:
            return text
    title = (root.findtext(".//title") or path.stem).split(" - ")[0]
    return " ".join(title.split())
