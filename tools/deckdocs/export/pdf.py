"""The course as one printable PDF handout, made from the built site by headless Chromium.

How it works: :func:`assemble_handout` reads the built site (so tables, pictures, glossary
terms and quizzes look as MkDocs rendered them), takes the pages in the order of the
course outline (:func:`outline_pages`; the navigation's order for a site without its decks),
and writes one print page: a cover from the home page, a 目录 linking every
chapter, each chapter on new pages, and an appendix with every quiz and its answers (left out
with ``with_answers=False``). A page that is only quizzes (综合测验) appears in the appendix
alone. What learners read of the speaker notes is on the pages and stays; the trainer's notes,
stage directions included, are printed under each slide only ``with_notes`` (read from the
decks: :mod:`deckdocs.export.notes`). The slide pictures beside each section stay out unless
``with_slides``.
:func:`print_pdf` opens the print page from disk in Chromium and prints it (A4, page numbers,
PDF bookmarks from the headings, fonts embedded as subsets).

The print page is plain HTML with its own stylesheet (``assets/print.css``), not Material's:
no navigation, no scripts, nothing that only works on screen.
"""

from __future__ import annotations

import copy
import posixpath
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml.html import HtmlElement

from deckdocs.errors import DeckdocsError
from deckdocs.export.notes import (
    HOME, HOME_NOTES_TITLE, TrainerNotes, insert_trainer_notes, render_slides_notes,
)
from deckdocs.messages import _
from deckdocs.model import Course
from deckdocs.outline import QUIZ_ANCHOR
from deckdocs.pipeline import HANDOUT

PDF_NAME = HANDOUT  # where the home page links the handout: the site root
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
PRINT_CSS = Path(__file__).parent / "assets" / "print.css"
APPENDIX_TITLE = "附录　测验与答案"


def _has_class(name: str) -> str:
    """Return an XPath predicate: the element has class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Screen-only parts of a Material page: permalinks, edit buttons, the quiz progress box.
_DROP = " | ".join((
    f".//a[{_has_class('headerlink')}]", f".//a[{_has_class('md-content__button')}]",
    f".//*[{_has_class('md-source-file')}]", ".//script", ".//style", ".//*[@id='quiz-progress-sidebar']",
))


@dataclass(frozen=True)
class Chapter:
    """One page of the site as it goes into the handout."""

    number: int
    path: str  # site-relative, as the navigation links it
    title: str
    body: HtmlElement  # the page's article, cleaned, ids prefixed
    quizzes: tuple[HtmlElement, ...]

    @property
    def anchor(self) -> str:
        return f"c{self.number}"

    @property
    def is_quiz_only(self) -> bool:
        """Whether the page held quizzes and, without them, has no section of its own."""
        return bool(self.quizzes) and not self.body.xpath(".//h2")


def nav_pages(site_dir: Path, start: str = "index.html") -> tuple[str, ...]:
    """Return the site-relative paths of the pages in ``start``'s navigation, in order, home first.

    With ``navigation.prune`` a page lists only the pages near it: a course folder's pages are
    in its own home page's navigation (``start="folder/index.html"``).

    Raises:
        DeckdocsError: there is no built site in ``site_dir``.
    """
    home = site_dir / "index.html"
    if not home.is_file():
        raise DeckdocsError(_("no built site here"), path=str(site_dir), hint=_("Run `deckdocs build` first."))
    tree = _parse(site_dir / start)
    paths = ["index.html"]
    for href in tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a[contains(@class, 'md-nav__link')]/@href"):
        path = _site_path(start, href)
        if path and path not in paths and (site_dir / path).is_file():
            paths.append(path)
    return tuple(paths)


def all_nav_pages(site_dir: Path) -> list[str]:
    """Return every page of the site's navigation in order, each course folder's pages after its
    home page: with ``navigation.prune`` the site's home lists only a folder's first page.

    Raises:
        DeckdocsError: there is no built site in ``site_dir``.
    """
    pages = list(nav_pages(site_dir))
    for folder in dict.fromkeys(p.rpartition("/")[0] for p in pages if "/" in p):
        home = f"{folder}/index.html"
        if (site_dir / home).is_file():
            inner = [p for p in nav_pages(site_dir, home) if p.startswith(f"{folder}/") and p not in pages]
            at = pages.index(home) + 1 if home in pages else len(pages)
            pages[at:at] = inner
    return pages


def outline_pages(courses: tuple[Course, ...]) -> tuple[str, ...]:
    """Return the site-relative pages of the courses in course order: with several courses, each
    course's home page (but the site's own) before its chapters. The navigation cannot give this order on a site
    with ``navigation.prune``, where each page lists only the pages near it."""
    paths = []
    for course in courses:
        several = len(courses) > 1  # each course's own 综合测验 follows its chapters
        stems = (["index"] if several and course.prefix else []) + [c.stem for c in course.chapters] + \
            (["quiz"] if several else [])
        paths += [posixpath.splitext(course.page_path(stem))[0] + ".html" for stem in stems]
    return tuple(paths)


def handout_pages(site_dir: Path, outline: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Return the handout's pages: home, the ``outline`` pages (those built), then the other
    pages of the navigation (glossary, 综合测验, pages written by hand) in its order.

    Raises:
        DeckdocsError: there is no built site in ``site_dir``.
    """
    nav = all_nav_pages(site_dir)
    built = []
    for path in outline:
        for candidate in (path, posixpath.join(posixpath.splitext(path)[0], "index.html")):  # directory URLs
            if (site_dir / candidate).is_file() and candidate != "index.html" and candidate not in built:
                built.append(candidate)
                break
    return ("index.html", *built, *(p for p in nav[1:] if p not in built))


def _site_path(from_page: str, href: str) -> str | None:
    """Return the site-relative file a relative link points at, or None for other links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    if not parts.path:
        return from_page
    path = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), unquote(parts.path)))
    if not posixpath.splitext(path)[1]:
        path = posixpath.normpath(posixpath.join(path, "index.html"))  # a site built with directory URLs
    return None if path.startswith("..") else path


def _parse(path: Path) -> HtmlElement:
    # MkDocs writes UTF-8; lxml would guess Latin-1 for a page without a charset declaration.
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def _article(site_dir: Path, path: str) -> HtmlElement:
    root = _parse(site_dir / path)
    found = root.xpath(f"//article[{_has_class('md-content__inner')}]") or root.xpath("//article") or [root.body]
    return found[0]


def _first(element: HtmlElement, xpath: str) -> HtmlElement | None:
    found = element.xpath(xpath)
    return found[0] if found else None


def _text(element: HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _drop(element: HtmlElement) -> None:
    element.drop_tree()


def read_chapter(site_dir: Path, path: str, number: int, chapters: dict[str, int], *,
                 with_notes: bool = False, with_slides: bool = False, notes: TrainerNotes | None = None) -> Chapter:
    """Return one page made ready for print: screen parts gone, links and ids made local.

    ``chapters`` maps every page in the handout to its number, for links between pages;
    ``with_notes`` prints the trainer's ``notes`` (:func:`deckdocs.export.notes.trainer_notes`).
    """
    article = copy.deepcopy(_article(site_dir, path))
    for element in article.xpath(_DROP):
        _drop(element)
    for figure in article.xpath(f".//figure[{_has_class('dd-slide-picture')}]"):
        if not with_slides:
            _drop(figure)
            continue
        for img in figure.iter("img"):
            img.attrib.pop("loading", None)  # a lazy picture would not be loaded before printing
            if img.getparent().tag == "a":  # the lightbox link: nothing to click on paper
                img.getparent().drop_tag()
    found = article.xpath(f".//div[{_has_class('quiz')}]")
    quizzes = tuple(copy.deepcopy(q) for q in found)
    for quiz in found:
        _drop(quiz)
    for element in article.xpath(".//*[starts-with(normalize-space(@class), 'quiz')]"):
        _drop(element)  # the rest of mkdocs-quiz's machinery: progress bars, result boxes
    for heading in article.xpath(f"./*[@id='{QUIZ_ANCHOR}']"):
        _drop_section(heading)  # 本章自测: its quizzes go to the appendix, its how-to is for screens
    _drop_empty_sections(article)
    if with_notes and notes and notes.get(path):
        insert_trainer_notes(article, notes[path])
    for details in article.iter("details"):
        details.set("open", "")  # collapsed blocks print open
    _localise(article, site_dir, path, f"c{number}-", chapters)
    title_element = _first(article, ".//h1")
    title = _text(title_element) or path
    for quiz in quizzes:
        _localise(quiz, site_dir, path, f"c{number}-", chapters)
    return Chapter(number, path, title, article, quizzes)


def _drop_section(heading: HtmlElement) -> None:
    """Drop ``heading`` and everything under it, up to the next heading of its level or higher."""
    level = _HEADINGS.get(heading.tag, 1)
    after = heading.getnext()
    while after is not None and not (after.tag in _HEADINGS and _HEADINGS[after.tag] <= level):
        following = after.getnext()
        _drop(after)
        after = following
    _drop(heading)


def _drop_empty_sections(article: HtmlElement) -> None:
    """Drop headings left with nothing under them (the sections of a page of quizzes)."""
    for heading in reversed(article.xpath("./h2 | ./h3 | ./h4 | ./h5 | ./h6")):
        after = heading.getnext()
        while after is not None and not isinstance(after.tag, str):
            after = after.getnext()
        if after is None or (after.tag in _HEADINGS and _HEADINGS[after.tag] <= _HEADINGS[heading.tag]):
            _drop(heading)


_HEADINGS = {f"h{n}": n for n in range(1, 7)}


def _localise(element: HtmlElement, site_dir: Path, page: str, prefix: str, chapters: dict[str, int]) -> None:
    """Point pictures at files on disk, links at places in the handout, and prefix ids."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("id"):
            node.set("id", prefix + node.get("id"))
        if node.get("src"):
            target = _site_path(page, node.get("src"))
            if target:
                node.set("src", (site_dir / target).resolve().as_uri())
        href = node.get("href")
        if node.tag == "a" and href is not None:
            node.set("href", _local_href(page, href, prefix, chapters) or "")
            if not node.get("href"):
                del node.attrib["href"]


def _local_href(page: str, href: str, prefix: str, chapters: dict[str, int]) -> str | None:
    parts = urlsplit(href)
    if parts.scheme in ("http", "https", "mailto"):
        return href
    target = _site_path(page, href)
    if target is None or target not in chapters:
        return None  # a page that is not in the handout: keep the words, drop the link
    if target == page:
        return f"#{prefix}{unquote(parts.fragment)}" if parts.fragment else f"#c{chapters[target]}"
    number = chapters[target]
    return f"#c{number}-{unquote(parts.fragment)}" if parts.fragment else f"#c{number}"


def render_quiz_answer(quiz: HtmlElement) -> str:
    """Return one quiz as printed in the appendix: the question, its options, the answer."""
    quiz = copy.deepcopy(quiz)
    question = _first(quiz, f".//*[{_has_class('quiz-question')}]")
    if question is not None:
        for blank in question.xpath(f".//input[{_has_class('quiz-blank-input')}]"):
            answer = lxml.html.Element("span", {"class": "dd-blank"})
            answer.text = blank.get("data-answer", "")
            answer.tail = blank.tail
            blank.getparent().replace(blank, answer)
    parts = [f'<div class="dd-quiz-question">{_inner(question)}</div>']
    options = []
    for choice in quiz.xpath(".//fieldset/div"):
        box, label = _first(choice, ".//input"), _first(choice, ".//label")
        if box is None or label is None:
            continue
        if box.get("data-correct") == "true":
            options.append(f'<li class="dd-correct"><strong>{_inner(label)}</strong>（正确答案）</li>')
        else:
            options.append(f"<li>{_inner(label)}</li>")
    if options:
        parts.append('<ol class="dd-quiz-options" type="A">' + "".join(options) + "</ol>")
    explanation = _first(quiz, f".//section[{_has_class('content')}]")
    if explanation is not None and _text(explanation):
        label = "" if _text(explanation).startswith("解析") else "<strong>解析：</strong>"
        parts.append(f'<div class="dd-quiz-explanation">{label}{_inner(explanation)}</div>')
    return '<li class="dd-quiz">' + "".join(parts) + "</li>"


def _inner(element: HtmlElement | None) -> str:
    if element is None:
        return ""
    text = escape(element.text, quote=False) if element.text else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in element)


def assemble_handout(site_dir: Path, *, with_answers: bool = True, with_notes: bool = False,
                     with_slides: bool = False, outline: tuple[str, ...] = (), notes: TrainerNotes | None = None) -> str:
    """Return the print page of the whole course as one HTML document.

    ``outline`` lists the course pages in order (:func:`outline_pages`); without it the
    navigation's order is taken. ``with_notes`` prints the trainer's ``notes`` under each slide.

    Raises:
        DeckdocsError: there is no built site in ``site_dir``, or it has no page but home.
    """
    paths = handout_pages(site_dir, outline)
    if len(paths) < 2:
        raise DeckdocsError(_("the site has no chapter pages"), path=str(site_dir), hint=_("Run `deckdocs build` first."))
    numbers = {path: n for n, path in enumerate(paths[1:], 1)}
    pages = [read_chapter(site_dir, path, n, numbers, with_notes=with_notes, with_slides=with_slides, notes=notes)
             for path, n in numbers.items()]
    chapters = [c for c in pages if not c.is_quiz_only]
    home = copy.deepcopy(_article(site_dir, "index.html"))
    for element in home.xpath(_DROP):
        _drop(element)
    title = _text(_first(home, ".//h1")) or "课程讲义"
    subtitle = _inner(_first(home, f".//h1/following-sibling::*[1][self::p][not({_has_class('dd-course-facts')})]"))

    with_appendix = with_answers and any(c.quizzes for c in pages)
    toc = toc_entries(chapters, title)
    if with_appendix:
        toc.append(f'<li class="dd-appendix-entry"><a href="#appendix">{APPENDIX_TITLE}</a></li>')
    body = [
        f'<section class="dd-cover"><h1 class="dd-cover-title">{escape(title)}</h1>'
        f'<p class="dd-cover-subtitle">{subtitle}</p><p class="dd-cover-kind">课程讲义</p></section>',
        '<nav class="dd-toc" aria-labelledby="toc"><h1 id="toc">目录</h1><ol>' + "".join(toc) + "</ol></nav>",
    ]
    if with_notes and notes and notes.get(HOME):  # the cover's slides' notes, before the chapters
        body.append(f'<section class="dd-chapter"><h1>{HOME_NOTES_TITLE}</h1>{render_slides_notes(notes[HOME])}</section>')
    for chapter in chapters:
        inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in chapter.body)
        body.append(f'<section class="dd-chapter" id="{chapter.anchor}">{inner}</section>')
    if with_appendix:
        body.append(_appendix(pages))
    css = PRINT_CSS.read_text(encoding="utf-8")
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{css}</style></head>\n"
            f"<body>\n" + "\n".join(body) + "\n</body></html>\n")


def toc_entries(chapters: list[Chapter], home_title: str) -> list[str]:
    """Return the 目录's list items: a site of several courses nests each course's chapters under
    the course (its folder's home page; the site's own course under ``home_title``), so that the
    second course's 第 1 章 is not the handout's 第 7 章.

    Pages run by folder: a run in a course folder opens with that course's home page; the first
    run at the site's root is the root course's chapters; later root pages (术语表, 综合测验)
    stay entries of their own.
    """
    def entry(chapter: Chapter) -> str:
        return f'<a href="#{chapter.anchor}">{escape(chapter.title)}</a>'

    runs: list[tuple[str, list[Chapter]]] = []
    for chapter in chapters:
        folder = posixpath.dirname(chapter.path)
        if runs and runs[-1][0] == folder:
            runs[-1][1].append(chapter)
        else:
            runs.append((folder, [chapter]))
    if not any(folder and posixpath.basename(run[0].path) == "index.html" for folder, run in runs):
        return [f"<li>{entry(c)}</li>" for c in chapters]  # one course
    items = []
    for index, (folder, run) in enumerate(runs):
        if folder and posixpath.basename(run[0].path) == "index.html":
            head, nested = entry(run[0]), run[1:]
        elif not folder and index == 0:
            head, nested = f'<a href="#{run[0].anchor}">{escape(home_title)}</a>', run
        else:
            items.extend(f"<li>{entry(c)}</li>" for c in run)
            continue
        inner = "".join(f"<li>{entry(c)}</li>" for c in nested)
        items.append(f'<li class="dd-toc-course">{head}<ol>{inner}</ol></li>' if inner else f"<li>{head}</li>")
    return items


def _appendix(pages: list[Chapter]) -> str:
    """Return the appendix: each page's quizzes with their answers, numbered per page.

    A quiz-only page is printed here alone, so links to it land on its heading here.
    """
    parts = [f'<section class="dd-appendix" id="appendix"><h1>{APPENDIX_TITLE}</h1>']
    printed: set[str] = set()
    for page in pages:
        answers = []
        for quiz in page.quizzes:
            answer = render_quiz_answer(quiz)
            if answer not in printed:  # a final test repeats the chapters' questions
                printed.add(answer)
                answers.append(answer)
        if answers or (page.quizzes and page.is_quiz_only):
            anchor = f' id="{page.anchor}"' if page.is_quiz_only else ""
            parts.append(f"<h2{anchor}>{escape(page.title)}</h2>")
        if answers:
            parts.append('<ol class="dd-quiz-list">' + "".join(answers) + "</ol>")
        elif page.quizzes and page.is_quiz_only:
            parts.append('<p class="dd-quiz-repeats">本页题目均已列于上文各章。</p>')
    parts.append("</section>")
    return "".join(parts)


def print_pdf(html_file: Path, out: Path, *, executable: str = CHROMIUM) -> Path:
    """Print ``html_file`` to ``out`` (A4, numbered pages, bookmarks) with headless Chromium.

    Raises:
        DeckdocsError: Chromium or Playwright is missing.
    """
    if not Path(executable).is_file():
        raise DeckdocsError(_("Chromium is not installed"), path=executable,
                            hint=_("Install it (apt-get install chromium fonts-noto-cjk) or pass --chromium."))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise DeckdocsError(_("deckdocs pdf needs Playwright"), hint=_("pip install playwright")) from None
    footer = ('<div style="width:100%;font-size:8pt;text-align:center;color:#555;">'
              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            page.goto(html_file.resolve().as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>", footer_template=footer,
                     margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"})
        finally:
            browser.close()
    return out


def make_handout(site_dir: Path, out: Path, *, with_answers: bool = True, with_notes: bool = False,
                 with_slides: bool = False, outline: tuple[str, ...] = (), notes: TrainerNotes | None = None,
                 executable: str = CHROMIUM, keep_html: Path | None = None) -> Path:
    """Write the course handout PDF for the built site in ``site_dir`` to ``out``; return ``out``.

    ``keep_html`` also saves the print page there (it links pictures in ``site_dir``).

    Raises:
        DeckdocsError: no built site, or Chromium or Playwright missing.
    """
    html = assemble_handout(site_dir, with_answers=with_answers, with_notes=with_notes, with_slides=with_slides,
                            outline=outline, notes=notes)
    if keep_html is not None:
        keep_html.write_text(html, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="deckdocs-print-") as tmp:
        page = Path(tmp) / "print.html"
        page.write_text(html, encoding="utf-8")
        return print_pdf(page, out, executable=executable)


def can_print(executable: str = CHROMIUM) -> bool:
    """Return whether a handout can be printed here (Chromium and Playwright are installed)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(executable).is_file()
