"""Render a course as markdown: pure functions from model objects to strings, no IO.

All slide text passes through :func:`escape`, so markdown or HTML typed on a slide shows as
text. The only markup in the output is what this module writes itself.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Mapping

from deckdocs.model import (
    ArrangedSlide, Block, Chapter, ChartBlock, Course, CourseCard, Item, ObjectBlock, OutputFile, Paragraph,
    PictureBlock, Run, ShapeKind, SlidePicture, SlideSection, TableBlock, TextBlock,
)
from deckdocs.signals import TOC_MATCH_MIN, likeness
from deckdocs.speaker_notes import TITLES, NoteRole, learner_parts

ASSETS_DIR = "assets"
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"'`]+$", re.IGNORECASE)
_ALWAYS = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}",
    "|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
_LINE_START = re.compile(r"^(#|[-+]|!|\d+(?=[.)]))")
_LINE_START_ENTITY = {"?": "&#63;", "=": "&#61;", ":": "&#58;", "~": "&#126;"}
_OBJECT_LABELS = {ShapeKind.MEDIA: "视频或音频", ShapeKind.OLE: "嵌入对象", ShapeKind.CHART: "图表",
                  ShapeKind.DIAGRAM: "SmartArt 图形"}

NotesFilter = Callable[[str], str]


def escape(text: str) -> str:
    """Return ``text`` escaped so that markdown and HTML in it render literally."""
    lines = []
    for line in text.split("\n"):
        line = line.strip().translate(_ALWAYS)
        if line[:1] in _LINE_START_ENTITY:
            line = _LINE_START_ENTITY[line[0]] + line[1:]
        match = _LINE_START.match(line)
        if match:
            end = match.end()
            line = line[:end] + "\\" + line[end:] if match.group(1)[0].isdigit() else "\\" + line
        lines.append(line)
    return "\n".join(lines)


def asset_path(course: Course, name: str) -> str:
    """Return the docs-relative path of a picture of ``course``."""
    return posixpath.join(ASSETS_DIR, course.prefix, name) if course.prefix else posixpath.join(ASSETS_DIR, name)


# ---------------------------------------------------------------- inline


def render_runs(runs: tuple[Run, ...]) -> str:
    """Return one paragraph's runs as inline markdown (bold, italic, links, line breaks)."""
    out = []
    for run in runs:
        if run.text == "\n":
            out.append("<br>\n")
            continue
        text = run.text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        core = escape(text.strip()).replace("\n", "<br>\n")
        if not core:
            out.append(" " if text else "")
            continue
        if run.href and _SAFE_URL.match(run.href):
            core = f"[{core}](<{run.href}>)"
        if run.is_bold and run.is_italic:
            core = f"***{core}***"
        elif run.is_bold:
            core = f"**{core}**"
        elif run.is_italic:
            core = f"*{core}*"
        out.append(f"{' ' if lead else ''}{core}{' ' if trail else ''}")
    return "".join(out).strip()


def render_paragraphs(paragraphs: tuple[Paragraph, ...]) -> str:
    """Return paragraphs as markdown: bullets as (nested) lists, the rest as paragraphs."""
    as_list = any(p.is_bullet for p in paragraphs)
    chunks: list[str] = []
    list_lines: list[str] = []
    for p in paragraphs:
        text = render_runs(p.runs)
        if not text:
            continue
        if as_list and (p.is_bullet or p.level > 0):
            marker = "1. " if p.is_numbered else "- "  # markdown numbers an ordered list itself
            list_lines.append("    " * min(p.level, 8) + marker + text.replace("\n", "\n" + "    " * (p.level + 1)))
            continue
        if list_lines:
            chunks.append("\n".join(list_lines))
            list_lines = []
        chunks.append(text)
    if list_lines:
        chunks.append("\n".join(list_lines))
    return "\n\n".join(chunks)


# ---------------------------------------------------------------- blocks


def render_table(rows: tuple[tuple[str, ...], ...]) -> str:
    """Return a markdown table; the first row is the header."""
    if not rows:
        return ""
    width = max(len(r) for r in rows)

    def cells(row):
        padded = list(row) + [""] * (width - len(row))
        return "| " + " | ".join(escape(c).replace("\n", "<br>") or " " for c in padded) + " |"

    lines = [cells(rows[0]), "|" + "|".join([" --- "] * width) + "|"]
    lines.extend(cells(r) for r in rows[1:])
    return "\n".join(lines)


def _render_chart(block: ChartBlock) -> str:
    chart = block.chart
    title = escape(chart.title) if chart.title else "图表"
    if not chart.series:
        return f"**{title}**（图表数据无法读取）"
    header = ("类别", *(name or f"系列 {i}" for i, (name, _) in enumerate(chart.series, 1)))
    rows = [header]
    for i, category in enumerate(chart.categories or [str(n) for n in range(1, len(chart.series[0][1]) + 1)]):
        rows.append((category, *(values[i] if i < len(values) else "" for _, values in chart.series)))
    return f"**{title}**\n\n" + render_table(tuple(rows))


def _render_picture(block: PictureBlock, course: Course, page_path: str) -> str:
    alt = escape(" ".join(block.description.split()))
    if block.image is None:
        # The English reason is for editors (deckdocs inspect); learners get a plain note.
        return f'!!! warning "图片无法显示"\n\n    {alt or escape(" ".join(block.name.split()))}（图片未能从幻灯片中读取）'
    target = posixpath.relpath(asset_path(course, block.image.name), posixpath.dirname(page_path) or ".")
    return f"![{alt}]({target})"


def render_block(block: Block, course: Course, page_path: str, anchor: str | None = None) -> str:
    """Return one block as markdown; items become ``###`` headings with their body beneath."""
    match block:
        case Item():
            heading = escape(block.heading_text)
            body = render_paragraphs(block.body)
            return f"### {heading} {{ #{anchor} }}\n\n{body}" if body else f"### {heading} {{ #{anchor} }}"
        case TextBlock():
            return render_paragraphs(block.paragraphs)
        case TableBlock():
            return render_table(block.rows)
        case PictureBlock():
            return _render_picture(block, course, page_path)
        case ChartBlock():
            return _render_chart(block)
        case ObjectBlock():
            label = _OBJECT_LABELS.get(block.kind, "对象")
            what = escape(" ".join((block.description or block.name).split()))
            return f'!!! info "{label}"\n\n    {what}（在网页中无法播放或显示，请打开原幻灯片查看）'
    raise TypeError(f"unknown block {block!r}")


# The learners' part of the speaker notes, one block per role. The class dd-notes marks them for
# the handout (deckdocs.export.notes) and search; stage directions are never written to a page.
NOTES_CLASS = "dd-notes"
_NOTES_BLOCKS = {NoteRole.POINT: f"!!! tip {NOTES_CLASS}", NoteRole.DISCUSSION: f"!!! question {NOTES_CLASS}",
                 NoteRole.NOTE: f"??? note {NOTES_CLASS}"}


def render_notes(notes: str) -> str:
    """Return what learners read of the speaker notes: 要点提示, 思考与讨论 and (collapsed)
    补充说明 blocks, in the order their roles first appear; stage directions for the trainer are
    left out (:mod:`deckdocs.speaker_notes`). Empty when nothing is for learners."""
    parts = learner_parts(notes)
    blocks = []
    for role in dict.fromkeys(p.role for p in parts):
        body = "\n\n".join("    " + escape(p.text).replace("\n", "\n    ") for p in parts if p.role is role)
        blocks.append(f'{_NOTES_BLOCKS[role]} "{TITLES[role]}"\n\n{body}')
    return "\n\n".join(blocks)


def slide_note(number: int) -> str:
    """Return the small note naming a section's source slide."""
    return f'<p class="dd-slide" data-slide="{number}">幻灯片 {number}</p>'


ALT_MAX_CHARS = 80  # read aloud in full: the title and what the slide shows, not all its text


def slide_alt(section: SlideSection) -> str:
    """Return a slide picture's alt text: its number and title, then its item headings (else the
    start of its text), short."""
    headings = [" ".join(b.heading_text.split()) for b in section.slide.blocks if isinstance(b, Item)]
    texts = [" ".join(b.text.split()) for b in section.slide.blocks if isinstance(b, TextBlock)]
    alt = f"幻灯片 {section.slide.number}：{section.heading}"
    shown = "、".join(h for h in headings if h) or next((t for t in texts if t), "")
    if shown:
        alt += f"（{shown}）"
    return alt if len(alt) <= ALT_MAX_CHARS else alt[:ALT_MAX_CHARS - 2] + "…）"


def render_slide_picture(section: SlideSection, picture: SlidePicture, page_path: str) -> str:
    """Return the slide's picture: a lazy thumbnail that opens full size (lightbox) on click."""
    target = posixpath.relpath(picture.path, posixpath.dirname(page_path) or ".")
    return (f'<figure class="dd-slide-picture" markdown="span">\n'
            f'![{escape(slide_alt(section))}]({target}){{ width="{picture.width_px}" height="{picture.height_px}" '
            f'loading="lazy" data-gallery="slides" }}\n</figure>')


# ---------------------------------------------------------------- pages


def render_section(section: SlideSection, course: Course, page_path: str, notes_filter: NotesFilter,
                   picture: SlidePicture | None = None, page_anchor: str = "") -> str:
    """Return one slide as a ``##`` section of a chapter page, with its picture when it has one.

    A section that shares its page's anchor is the part's opening slide, titled by the page's
    own ``#`` heading: it gets no second heading of the same words.
    """
    heading = [] if section.anchor == page_anchor else [f"## {escape(section.heading)} {{ #{section.anchor} }}"]
    parts = [*heading, slide_note(section.slide.number)]
    if picture is not None:
        parts.append(render_slide_picture(section, picture, page_path))
    for block, anchor in zip(section.slide.blocks, section.block_anchors):
        rendered = render_block(block, course, page_path, anchor)
        if rendered:
            parts.append(rendered)
    notes = render_notes(notes_filter(section.slide.notes))
    if notes:
        parts.append(notes)
    return "\n\n".join(parts)


def meta_text(value: str) -> str:
    """Return ``value`` safe for the page title and description that themes print unescaped.

    MkDocs' Jinja environment does not autoescape, and Material's ``striptags`` on the title
    turns entities back into markup, so angle brackets become full-width look-alikes here; the
    page's own heading keeps the exact text.
    """
    value = " ".join(value.split())
    return value.replace("&", "&amp;").replace("<", "＜").replace(">", "＞").replace('"', "&quot;")


# What YAML may not hold unescaped (C0 and C1 controls, NEL, which YAML reads as a line break,
# the line and paragraph separators, lone surrogates, non-characters): PyYAML rejects the
# front matter for any of them, and MkDocs then silently shows it as text.
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def front_matter(title: str, description: str, extra: str = "") -> str:
    def quoted(value: str) -> str:  # a YAML double-quoted scalar
        return '"' + meta_text(_NOT_YAML.sub("", value)).replace("\\", "\\\\") + '"'
    extra = f"{extra.strip()}\n" if extra.strip() else ""
    return f"---\ntitle: {quoted(title)}\ndescription: {quoted(description)}\n{extra}---"


DESCRIPTION_MAX_CHARS = 150  # search engines show about this much


def _summary(lead: str, headings: list[str]) -> str:
    """Return ``lead`` and the distinct headings, cut at a heading boundary."""
    text = lead
    for heading in dict.fromkeys(h for h in headings if not h.startswith("幻灯片 ")):
        addition = ("" if text == lead else "、") + heading
        if len(text) + len(addition) > DESCRIPTION_MAX_CHARS:
            return text + "等"
        text += addition
    return text


def render_chapter(course: Course, chapter: Chapter, *, notes_filter: NotesFilter = lambda n: n,
                   quiz_markdown: str = "", quiz_meta: str = "",
                   pictures: Mapping[int, SlidePicture] | None = None) -> str:
    """Return the markdown page of one chapter; ``quiz_meta`` joins the front matter of a page
    that has a quiz (the quiz plugin loads its scripts only there). ``pictures`` maps a slide
    number to its picture (deckdocs.snapshot)."""
    pictures = pictures or {}
    page_path = course.page_path(chapter.stem)
    description = _summary(f"{course.title} · {chapter.title}：",
                           [s.heading for s in chapter.sections if s.anchor != chapter.anchor])
    meta = quiz_meta if quiz_markdown.strip() else ""
    parts = [front_matter(chapter.title, description, meta), f"# {escape(chapter.title)} {{ #{chapter.anchor} }}"]
    parts.extend(render_section(s, course, page_path, notes_filter, pictures.get(s.slide.number), chapter.anchor)
                 for s in chapter.sections)
    if quiz_markdown:
        parts.append(quiz_markdown.strip())
    return "\n\n".join(parts) + "\n"


READING_CHARS_PER_MINUTE = 300  # Chinese reading speed for study text


def _block_text(block: Block) -> str:
    match block:
        case Item():
            return block.heading_text + block.body_text
        case TextBlock():
            return block.text
        case TableBlock():
            return "".join("".join(row) for row in block.rows)
    return ""


def reading_chars(chapter: Chapter) -> int:
    """Return how many characters a learner reads in ``chapter`` (headings and slide text,
    not the speaker notes), white space left out."""
    text = "".join(s.heading + "".join(_block_text(b) for b in s.slide.blocks) for s in chapter.sections)
    return len("".join(text.split()))


def reading_minutes(chars: int) -> int:
    """Return the minutes ``chars`` characters take to read, at least 1."""
    return max(1, -(-chars // READING_CHARS_PER_MINUTE))


def progress_box(*pages: str) -> str:
    """Return the empty box the browser fills with the learner's saved answers to the quizzes on
    ``pages`` (docs-relative); it stays hidden while there are none (deckdocs.site.progress)."""
    return f'<span class="dd-progress" data-quiz-pages="{" ".join(pages)}" hidden></span>'


def _cards(cards: list[str]) -> str:
    return '<div class="grid cards" markdown>\n\n' + "\n\n".join(cards) + "\n\n</div>"


def _card(title_link: str, *paragraphs: str) -> str:
    """Return one card of Material's grid: the linked title, a rule, then the paragraphs."""
    body = "".join(f"\n\n    {p}" for p in paragraphs if p)
    return f"-   **{title_link}**\n\n    ---{body}" if body else f"-   **{title_link}**"


def _facts(facts: list[str]) -> str:
    """Return short facts side by side; each stays on one line (``.dd-fact``)."""
    return " · ".join(f'<span class="dd-fact">{f}</span>' for f in facts)


def _chapter_card(course: Course, chapter: Chapter, here: str, quiz_size: int) -> str:
    target = posixpath.relpath(course.page_path(chapter.stem), here)
    facts = [f"{len(chapter.sections)} 张幻灯片"]
    if quiz_size:
        facts.append(f"自测 {quiz_size} 题")
    facts.append(f"阅读约 {reading_minutes(reading_chars(chapter))} 分钟")
    topics = list(dict.fromkeys(s.heading for s in chapter.sections if not s.heading.startswith("幻灯片 ")))
    covers = "本章内容：" + "、".join(escape(t) for t in topics) if topics else ""
    box = progress_box(course.page_path(chapter.stem)) if quiz_size else ""
    return _card(f"[第 {chapter.number} 章　{escape(chapter.title)}]({target})", _facts(facts), covers, box)


def _course_facts(course: Course, quiz_sizes: dict[str, int]) -> str:
    slides = sum(len(c.sections) for c in course.chapters)
    minutes = reading_minutes(sum(reading_chars(c) for c in course.chapters))
    text = f"共 {len(course.chapters)} 章、{slides} 张幻灯片，阅读约需 {minutes} 分钟"
    tested = sum(1 for c in course.chapters if quiz_sizes.get(c.stem))
    if tested == len(course.chapters):
        text += "；每章末尾有本章自测，检验一下学得怎么样"
    elif tested:  # promise only what is there: a chapter without questions has no 本章自测
        text += f"；其中 {tested} 章末尾有本章自测，检验一下学得怎么样"
    return text + "。\n{ .dd-course-facts }"  # a class: the PDF cover takes the description, not this


def quiz_size(markdown: str) -> int:
    """Return how many mkdocs-quiz questions ``markdown`` holds."""
    return markdown.count("<quiz>")


def render_home(course: Course, *, extra_links: tuple[tuple[str, str], ...] = (),
                notes_filter: NotesFilter = lambda n: n, handout: str = "",
                quiz_sizes: dict[str, int] | None = None, other_courses: tuple[CourseCard, ...] = ()) -> str:
    """Return the course home page: the title and what the course is, a card per chapter (its
    slides, 本章自测 and reading time, what it covers, the learner's progress), the study
    resources, and the closing words.

    The description is the deck's own (its properties), else the lines under the cover's title.
    ``quiz_sizes`` maps a chapter's stem to the size of its 本章自测. ``extra_links`` are
    (label, docs-relative path) pairs such as the glossary and the final quiz; they are linked
    relative to the home page. ``handout`` is the site-relative path of the PDF handout, which
    ``deckdocs build`` prints after MkDocs has built the site (so it is linked as plain HTML:
    MkDocs cannot check a file it does not build). Nothing on the front and closing slides is
    lost: 目录 entries that name no chapter, other blocks and speaker notes are kept.
    ``other_courses`` are the site's other courses, shown as catalogue cards when this course's
    home is the site's home.
    """
    quiz_sizes = quiz_sizes or {}
    page_path = course.page_path("index")
    here = posixpath.dirname(page_path) or "."
    parts = [front_matter(course.title, f"{course.title}：课程首页与目录"), f"# {escape(course.title)}"]
    if course.description:
        parts.append(escape(course.description))
    elif course.subtitle:
        parts.append("<br>\n".join(escape(line) for line in course.subtitle))
    if course.chapters:
        parts.append(_course_facts(course, quiz_sizes))
    cover = course.front[0] if course.front and course.front[0].title == course.title else None
    if cover is not None:
        parts.extend(render_block(b, course, page_path) for b in cover.blocks if isinstance(b, PictureBlock))
        parts.append(render_notes(notes_filter(cover.notes)))
    # The 目录 heading takes the contents slide's own title (an English deck's "Agenda").
    toc = next((s for s in course.front if s is not cover and s.title), None)
    if course.chapters:
        parts.append(f"## {escape(toc.title) if toc is not None else '目录'} {{ #目录 }}")
        parts.append(_cards([_chapter_card(course, c, here, quiz_sizes.get(c.stem, 0)) for c in course.chapters]))
    chapter_titles = {c.title for c in course.chapters}
    # The 目录's entries name the chapters, sometimes in other words (人物形象与现代启示 for
    # 人物形象与阅读启示): the chapter cards above stand for them.
    titles_named = chapter_titles | {line for line in _lines(toc) if any(
        likeness(line, title) >= TOC_MATCH_MIN for title in chapter_titles)} if toc is not None else chapter_titles
    for slide in course.front:
        if slide is cover:
            continue
        if slide.title and (slide is not toc or not course.chapters):
            parts.append(f"## {escape(slide.title)} {{ #slide-{slide.number} }}")
        leftovers = [_without_lines(b, chapter_titles if slide is not toc else titles_named)
                     if isinstance(b, TextBlock) else b for b in slide.blocks]
        leftovers = [b for b in leftovers if not (isinstance(b, TextBlock) and not b.text.strip())]
        parts.extend(r for r in (render_block(b, course, page_path, f"slide-{slide.number}-{i}")
                                 for i, b in enumerate(leftovers)) if r)
        parts.append(render_notes(notes_filter(slide.notes)))
    if other_courses:
        parts.append("## 其他课程 { #其他课程 }")
        parts.append(_cards([course_card(card, here) for card in other_courses]))
    if extra_links or handout:
        parts.append("## 学习资源 { #学习资源 }")
        parts.append(_cards(_resource_cards(extra_links, here, handout)))
    for slide in course.closing:
        words = [slide.title]
        for block in slide.blocks:
            if isinstance(block, Item):
                words += [block.heading_text, block.body_text]
            elif isinstance(block, TextBlock):
                words.append(block.text)
        parts.append("---\n\n" + "<br>\n".join(escape(w).replace("\n", "<br>\n") for w in words if w.strip()))
        parts.append(render_notes(notes_filter(slide.notes)))
    return "\n\n".join(p for p in parts if p) + "\n"


def _lines(slide: ArrangedSlide) -> list[str]:
    return [p.text.strip() for b in slide.blocks if isinstance(b, TextBlock) for p in b.paragraphs if p.text.strip()]


def _without_lines(block: TextBlock, lines: set[str]) -> TextBlock:
    """Return the block without the paragraphs that are one of ``lines`` (目录 entries linked above)."""
    return TextBlock(tuple(p for p in block.paragraphs if p.text.strip() not in lines))


_RESOURCE_NOTES = {"术语表": "课程中的术语和释义，按拼音排序", "综合测验": "从每一章抽取的题目，学完后检验一下"}


def _resource_cards(links: tuple[tuple[str, str], ...], here: str, handout: str) -> list[str]:
    cards = [_card(f"[{escape(label)}]({posixpath.relpath(path, here)})", _RESOURCE_NOTES.get(label, ""),
                   progress_box(path)) for label, path in links]
    if handout:
        target = posixpath.relpath(handout, here)
        cards.append(_card(f'<a href="{target}" class="dd-handout" download>打印版讲义（PDF）</a>',
                           "全部章节的打印版，测验答案在附录"))
    return cards


def render_course(course: Course, *, notes_filter: NotesFilter = lambda n: n,
                  quizzes: dict[str, str] | None = None, quiz_meta: str = "",
                  extra_links: tuple[tuple[str, str], ...] = (), handout: str = "",
                  other_courses: tuple[CourseCard, ...] = (),
                  pictures: Mapping[int, SlidePicture] | None = None) -> tuple[OutputFile, ...]:
    """Return the course's pages and pictures as output files.

    ``quizzes`` maps a chapter's stem to the markdown of its 本章自测 section; ``pictures`` a
    slide number to the slide's picture (the picture files themselves come from the snapshot).
    """
    quizzes = quizzes or {}
    quiz_sizes = {stem: quiz_size(text) for stem, text in quizzes.items()}
    home = render_home(course, extra_links=extra_links, notes_filter=notes_filter, handout=handout,
                       quiz_sizes=quiz_sizes, other_courses=other_courses)
    # The home page tells each chapter's slides, items and reading time: every slide is behind it.
    # Its shared parts are named for the change report: the other courses, the quizzes' sizes.
    behind = (*course.front, *(s.slide for c in course.chapters for s in c.sections), *course.closing)
    parts = [(f"size:{stem} quiz size", part_digest(str(size))) for stem, size in sorted(quiz_sizes.items())]
    parts.append(("part:course list", part_digest("".join(course_card(card) for card in other_courses))))
    files = [OutputFile(course.page_path("index"), home.encode(),
                        tuple(sorted((s.number, s.fingerprint) for s in behind)), course.source, parts=tuple(parts))]
    for chapter in course.chapters:
        text = render_chapter(course, chapter, notes_filter=notes_filter, quiz_markdown=quizzes.get(chapter.stem, ""),
                              quiz_meta=quiz_meta, pictures=pictures)
        slides = tuple((s.slide.number, s.slide.fingerprint) for s in chapter.sections)
        files.append(OutputFile(course.page_path(chapter.stem), text.encode(), slides, course.source))
    seen = set()
    for slide in behind:  # the home page shows the cover's pictures, the chapters theirs
        for block in slide.blocks:
            if isinstance(block, PictureBlock) and block.image is not None and block.image.name not in seen:
                seen.add(block.image.name)
                files.append(OutputFile(asset_path(course, block.image.name), block.image.data,
                                        ((slide.number, slide.fingerprint),), course.source))
    return tuple(files)


def part_digest(text: str) -> str:
    """Return a short hash of what one part of a page shows (OutputFile.parts, for the change report)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def course_card(card: CourseCard, here: str = ".") -> str:
    """Return a catalogue card for a course (links relative to the folder ``here``): its cover
    picture, what it is, its chapters, slides, questions and reading time, and the box the
    browser fills with the learner's progress over its quizzes (deckdocs.site.progress)."""
    course = card.course
    slides = sum(len(c.sections) for c in course.chapters)
    minutes = reading_minutes(sum(reading_chars(c) for c in course.chapters))
    facts = [f"{len(course.chapters)} 章", f"{slides} 张幻灯片"]
    if card.questions:
        facts.append(f"本章自测共 {card.questions} 题")
    if card.final_questions:
        facts.append(f"综合测验 {card.final_questions} 题")
    facts.append(f"阅读约 {minutes} 分钟")
    cover = ""
    if card.cover is not None and card.cover.image is not None:
        target = posixpath.relpath(asset_path(course, card.cover.image.name), here)
        cover = f'![{escape(card.cover.description or course.title)}]({target}){{ .dd-course-cover loading="lazy" }}'
    chapters = "、".join(escape(c.title) for c in course.chapters)
    pages = [course.page_path(c.stem) for c in course.chapters]
    if card.final_questions:
        pages.append(course.page_path("quiz"))
    box = progress_box(*pages) if card.questions or card.final_questions else ""
    return _card(f"[{escape(course.title)}]({posixpath.relpath(course.page_path('index'), here)})", cover,
                 escape(course.description or " ".join(course.subtitle)), _facts(facts),
                 f"章节：{chapters}" if chapters else "", box)


def render_site_home(cards: tuple[CourseCard, ...], *, extra_links: tuple[tuple[str, str], ...] = ()) -> str:
    """Return the site's home page when it holds several courses: the catalogue, a card per
    course (:func:`course_card`), then the resources shared by every course."""
    text = front_matter("课程列表", "本站的全部课程") + "\n\n# 课程列表\n\n" + _cards([course_card(c) for c in cards]) + "\n"
    if extra_links:
        text += "\n## 学习资源 { #学习资源 }\n\n" + _cards(_resource_cards(extra_links, ".", "")) + "\n"
    return text
