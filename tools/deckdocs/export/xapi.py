"""The built site as an xAPI (Tin Can) package (``deckdocs export-xapi``).

The package is the SCORM export's offline site with its page hook (every page carries
``javascripts/deckdocs-scorm.js`` in its "page" role, which reports the page shown and every
answer to the launch page that frames it), plus three files of ours: ``tincan.xml`` (the course,
one activity per chapter, the 综合测验 and every question), the launch page ``deckdocs-xapi.html``
and ``javascripts/deckdocs-xapi.js``, which turns those reports into statements for the learning
record store named by the launch's query parameters (``endpoint``, ``auth``, ``actor``,
``registration``, ``activity_id``). Opened without them, the launch page shows the plain site.
With ``--format cmi5`` the package carries ``cmi5.xml`` instead (the course as one AU) and the
same script follows a cmi5 launch (``fetch``, ``activityId``: token and LMS.LaunchData).

Activity ids stay the same across rebuilds: the course's is the LMS's ``activity_id`` or one made
from the course title; a chapter's adds its page; a question's adds its content key (the key its
saved answers are kept under, :mod:`deckdocs.site.progress`), so the records of a question
survive edits to other questions and a changed question starts a new record. An option's id is
the 4-character hash the saved answers use (``site/assets/deckdocs-quiz.js``), so a learner's
``response`` names the options by their text, not their position.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckdocs.export.options import XAPI_FORMATS
from deckdocs.export.scorm import ADAPTER, ADAPTER_SOURCE, check_options, launch_html, read_course, zip_package
from deckdocs.errors import DeckdocsError
from deckdocs.messages import _, shown

if TYPE_CHECKING:
    from deckdocs.export.scorm import ScormCourse

LAUNCH_PAGE = "deckdocs-xapi.html"
XAPI_ADAPTER = "javascripts/deckdocs-xapi.js"
XAPI_ADAPTER_SOURCE = Path(__file__).resolve().parent / "assets" / "deckdocs-xapi.js"
ID_ROOT = "https://deckdocs.invalid/xapi/"  # .invalid (RFC 2606) never resolves: an id, not an address
SECTIONS_EXTENSION = ID_ROOT + "extensions/sections"  # result extension of `experienced`: the sections seen
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "chapter": "http://adlnet.gov/expapi/activities/module",
    "final": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
LANG = "zh-CN"
TRUE_FALSE = {"正确": "true", "错误": "false"}  # the options of a 判断题 (deckdocs.quiz)


@dataclass(frozen=True)
class XapiQuestion:
    """One question of the site as an xAPI interaction activity."""

    page: str  # site-relative page path
    key: str  # content key (data-deckdocs-key)
    interaction: str  # choice | true-false | fill-in
    prompt: str
    choices: tuple[tuple[str, str], ...]  # (option id, option text), page order
    correct: tuple[str, ...]  # the right option ids, or a blank's answers in order
    is_final: bool

    def activity_id(self, base: str) -> str:
        return f"{base}/question/{self.key}"

    @property
    def pattern(self) -> str:
        """Return the correctResponsesPattern entry (xAPI: ``[,]`` between the parts)."""
        if self.interaction == "true-false":
            return TRUE_FALSE[dict(self.choices)[self.correct[0]]]
        return "[,]".join(self.correct)


def text_hash(text: str) -> str:
    """Return deckdocs-quiz.js's option hash: FNV-1a (32 bits) over UTF-16 code units, base 36, 4 chars."""
    value = 0x811C9DC5
    units = " ".join(text.split()).encode("utf-16-le")
    for i in range(0, len(units), 2):
        value ^= units[i] | units[i + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not value:
            break
    return ("000" + digits)[-4:]


def course_base(title: str) -> str:
    """Return the course's activity id when the LMS names none: from the title, so rebuilds keep it."""
    return ID_ROOT + "course/" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:16]


def read_questions(site_dir: Path, course: ScormCourse) -> tuple[XapiQuestion, ...]:
    """Return every question of the course's pages, in navigation order."""
    import lxml.html

    finals = {p.path for p in course.finals}
    found = []
    for page in (*course.chapters, *course.finals):
        root = lxml.html.document_fromstring((site_dir / page.path).read_text(encoding="utf-8"))
        for quiz in root.xpath("//div[@data-deckdocs-key]"):
            found.append(_question(quiz, page.path, page.path in finals))
    return tuple(found)


def _question(quiz, page: str, is_final: bool) -> XapiQuestion:
    stem = quiz.xpath(".//div[contains(@class, 'quiz-question')]")
    prompt = " ".join(stem[0].text_content().split()) if stem else ""
    key = quiz.get("data-deckdocs-key")
    blanks = quiz.xpath(".//input[contains(@class, 'quiz-blank-input')]")
    if quiz.get("data-quiz-type") == "fill-blank" or blanks:
        answers = tuple(b.get("data-answer") or "" for b in blanks)
        return XapiQuestion(page, key, "fill-in", prompt, (), answers, is_final)
    choices, correct = [], []
    for box in quiz.xpath(".//fieldset//input[@name='answer']"):
        label = box.getparent().find("label")
        text = " ".join(label.text_content().split()) if label is not None else ""
        choices.append((text_hash(text), text))
        if box.get("data-correct") is not None:
            correct.append(text_hash(text))
    kind = "true-false" if {t for _hash, t in choices} == set(TRUE_FALSE) and len(correct) == 1 else "choice"
    return XapiQuestion(page, key, kind, prompt, tuple(choices), tuple(correct), is_final)


def render_tincan(course: ScormCourse, questions: tuple[XapiQuestion, ...], base: str) -> str:
    """Return tincan.xml: the course (launched), its chapters, the 综合测验 and every question."""
    def activity(kind: str, ident: str, name: str, extra: str = "") -> str:
        return (f'    <activity id="{html.escape(ident)}" type="{ACTIVITY_TYPES[kind]}">\n'
                f'      <name lang="{LANG}">{html.escape(name)}</name>\n'
                f'      <description lang="{LANG}">{html.escape(name)}</description>\n{extra}'
                f'    </activity>\n')

    parts = [activity("course", base, course.title, f'      <launch lang="{LANG}">{LAUNCH_PAGE}</launch>\n')]
    parts += [activity("chapter", chapter_id(base, p.path), p.title) for p in course.chapters]
    parts += [activity("final", chapter_id(base, p.path), p.title) for p in course.finals]
    for q in questions:
        parts.append(activity("question", q.activity_id(base), q.prompt,
                              f"      <interactionType>{q.interaction}</interactionType>\n"))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<tincan xmlns="http://projecttincan.com/tincan.xsd">\n'
            "  <activities>\n" + "".join(parts) + "  </activities>\n</tincan>\n")


def render_cmi5(course: ScormCourse, base: str, mastery: int) -> str:
    """Return cmi5.xml: the course and its one AU, the launch page (the site as one unit, as in
    the SCORM export), passed once the 综合测验 reaches ``mastery`` and completed once every
    chapter was opened (moveOn CompletedAndPassed)."""
    title = html.escape(course.title)
    text = f'<langstring lang="{LANG}">{title}</langstring>'
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">\n'
            f'  <course id="{html.escape(base)}">\n    <title>{text}</title>\n    <description>{text}</description>\n  </course>\n'
            f'  <au id="{html.escape(base)}/au" moveOn="CompletedAndPassed" masteryScore="{mastery / 100:g}" launchMethod="AnyWindow">\n'
            f'    <title>{text}</title>\n    <description>{text}</description>\n    <url>{LAUNCH_PAGE}</url>\n  </au>\n'
            '</courseStructure>\n')


def chapter_id(base: str, path: str) -> str:
    """Return a page's activity id: the course's, then the page without ``.html``."""
    return f"{base}/page/{path.removesuffix('.html')}"


def render_launch_page(course: ScormCourse, questions: tuple[XapiQuestion, ...], base: str, mastery: int) -> str:
    """Return the launch page: reads the launch parameters, frames the site, sends the statements."""
    config = {
        "base": base,
        "start": "index.html",
        "title": course.title,
        "mastery": mastery,
        "sectionsExtension": SECTIONS_EXTENSION,
        "types": ACTIVITY_TYPES,
        "chapters": [{"path": p.path, "title": p.title} for p in course.chapters],
        "finals": [{"path": p.path, "title": p.title} for p in course.finals],
        "questions": [{"page": q.page, "key": q.key, "type": q.interaction, "prompt": q.prompt,
                       "choices": [list(c) for c in q.choices], "pattern": q.pattern, "final": q.is_final}
                      for q in questions],
    }
    return launch_html(course.title, "deckdocs-xapi-config", config, f'<script src="{XAPI_ADAPTER}"></script>',
                       "index.html", head='<link rel="icon" href="data:,">\n')


def export_xapi(site_dir: Path, mastery: str | int = 80, package_format: str = "xapi") -> bytes:
    """Return the site in ``site_dir`` as an xAPI zip (tincan.xml) with ``mastery`` (percent).

    Raises:
        DeckdocsError: a bad option, or no built site in ``site_dir``.
    """
    if package_format not in XAPI_FORMATS:
        raise DeckdocsError(_("unknown package format '{format}'").format(format=shown(package_format)),
                            hint=_("Use --format xapi or --format cmi5."))
    score = check_options("1.2", mastery)  # the SCORM export's check of --mastery (the version is a given)
    course = read_course(site_dir)
    questions = read_questions(site_dir, course)
    base = course_base(course.title)
    manifest = "cmi5.xml" if package_format == "cmi5" else "tincan.xml"
    structure = render_cmi5(course, base, score) if package_format == "cmi5" else render_tincan(course, questions, base)
    entries = {manifest: structure.encode("utf-8"),
               LAUNCH_PAGE: render_launch_page(course, questions, base, score).encode("utf-8"),
               XAPI_ADAPTER: XAPI_ADAPTER_SOURCE.read_bytes(),
               ADAPTER: ADAPTER_SOURCE.read_bytes()}
    names = sorted({*course.files, *entries} - {manifest})
    return zip_package(site_dir, [manifest, *names], entries)
