"""Render a course as markdown: pure functions from model objects to strings, no IO.

All slide text passes through :func:`escape`, so markdown or HTML typed on a slide shows as
text. The only markup in the output is what this module writes itself.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping

from deckdocs.model import (
    ArrangedSlide, Block, Chapter, ChartBlock, Course, Item, ObjectBlock, OutputFile, Paragraph,
    PictureBlock, Run, ShapeKind, SlidePicture, SlideSection, TableBlock, TextBlock,
)

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


def render_notes(notes: str) -> str:
    """Return speaker notes as a collapsed block; empty when there are none."""
    paragraphs = [escape(p) for p in re.split(r"\n\s*\n|\n", notes.strip()) if p.strip()]
    if not paragraphs:
        return ""
    body = "\n\n".join("    " + p.replace("\n", "\n    ") for p in paragraphs)
    return f'??? note "讲者备注"\n\n{body}'


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
                   picture: SlidePicture | None = None) -> str:
    """Return one slide as a ``##`` section of a chapter page, with its picture when it has one."""
    parts = [f"## {escape(section.heading)} {{ #{section.anchor} }}", slide_note(section.slide.number)]
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
    description = _summary(f"{course.title} · {chapter.title}：", [s.heading for s in chapter.sections])
    meta = quiz_meta if quiz_markdown.strip() else ""
    parts = [front_matter(chapter.title, description, meta), f"# {escape(chapter.title)} {{ #{chapter.anchor} }}"]
    parts.extend(render_section(s, course, page_path, notes_filter, pictures.get(s.slide.number))
                 for s in chapter.sections)
    if quiz_markdown:
        parts.append(quiz_markdown.strip())
    return "\n\n".join(parts) + "\n"


def render_home(course: Course, *, extra_links: tuple[tuple[str, str], ...] = (),
                notes_filter: NotesFilter = lambda n: n, handout: str = "",
                other_courses: tuple[tuple[str, str], ...] = ()) -> str:
    """Return the course home page: title slide, the chapters (from the 目录), closing words.

    ``extra_links`` are (label, docs-relative path) pairs such as the glossary and the final
    quiz; they are linked relative to the home page. ``handout`` is the site-relative path of
    the PDF handout, which ``deckdocs build`` prints after MkDocs has built the site (so it is
    linked as plain HTML: MkDocs cannot check a file it does not build). Nothing on the front and closing slides
    is lost: 目录 entries that name no chapter, other blocks and speaker notes are kept.
    ``other_courses`` are (title, docs-relative path) of the site's other courses, listed
    when this course's home is the site's home.
    """
    page_path = course.page_path("index")
    here = posixpath.dirname(page_path) or "."
    parts = [front_matter(course.title, f"{course.title}：课程首页与目录"), f"# {escape(course.title)}"]
    if course.subtitle:
        parts.append("<br>\n".join(escape(line) for line in course.subtitle))
    cover = course.front[0] if course.front and course.front[0].title == course.title else None
    if cover is not None:
        parts.append(render_notes(notes_filter(cover.notes)))
    lines = [f"{c.number}. [{escape(c.title)}]({posixpath.relpath(course.page_path(c.stem), here)})"
             for c in course.chapters]
    # The 目录 heading takes the contents slide's own title (an English deck's "Agenda").
    toc = next((s for s in course.front if s is not cover and s.title), None)
    if lines:
        parts.append(f"## {escape(toc.title) if toc is not None else '目录'} {{ #目录 }}")
        parts.append("\n".join(lines))
    chapter_titles = {c.title for c in course.chapters}
    for slide in course.front:
        if slide is cover:
            continue
        if slide.title and (slide is not toc or not lines):
            parts.append(f"## {escape(slide.title)} {{ #slide-{slide.number} }}")
        leftovers = [_without_lines(b, chapter_titles) if isinstance(b, TextBlock) else b for b in slide.blocks]
        leftovers = [b for b in leftovers if not (isinstance(b, TextBlock) and not b.text.strip())]
        parts.extend(r for r in (render_block(b, course, page_path, f"slide-{slide.number}-{i}")
                                 for i, b in enumerate(leftovers)) if r)
        parts.append(render_notes(notes_filter(slide.notes)))
    if other_courses:
        parts.append("## 其他课程 { #其他课程 }")
        parts.append("\n".join(f"- [{escape(title)}]({posixpath.relpath(path, here)})" for title, path in other_courses))
    if extra_links or handout:
        parts.append("## 学习资源 { #学习资源 }")
        links = [f"- [{escape(label)}]({posixpath.relpath(path, here)})" for label, path in extra_links]
        if handout:
            target = posixpath.relpath(handout, here)
            links.append(f'- <a href="{target}" class="dd-handout" download>打印版讲义（PDF）</a>')
        parts.append("\n".join(links))
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


def _without_lines(block: TextBlock, lines: set[str]) -> TextBlock:
    """Return the block without the paragraphs that are one of ``lines`` (目录 entries linked above)."""
    return TextBlock(tuple(p for p in block.paragraphs if p.text.strip() not in lines))


def render_course(course: Course, *, notes_filter: NotesFilter = lambda n: n,
                  quizzes: dict[str, str] | None = None, quiz_meta: str = "",
                  extra_links: tuple[tuple[str, str], ...] = (), handout: str = "",
                  other_courses: tuple[tuple[str, str], ...] = (),
                  pictures: Mapping[int, SlidePicture] | None = None) -> tuple[OutputFile, ...]:
    """Return the course's pages and pictures as output files.

    ``quizzes`` maps a chapter's stem to the markdown of its 本章自测 section; ``pictures`` a
    slide number to the slide's picture (the picture files themselves come from the snapshot).
    """
    quizzes = quizzes or {}
    home = render_home(course, extra_links=extra_links, notes_filter=notes_filter, handout=handout,
                       other_courses=other_courses)
    files = [OutputFile(course.page_path("index"), home.encode(),
                        tuple((s.number, s.fingerprint) for s in (*course.front, *course.closing)), course.source)]
    for chapter in course.chapters:
        text = render_chapter(course, chapter, notes_filter=notes_filter, quiz_markdown=quizzes.get(chapter.stem, ""),
                              quiz_meta=quiz_meta, pictures=pictures)
        slides = tuple((s.slide.number, s.slide.fingerprint) for s in chapter.sections)
        files.append(OutputFile(course.page_path(chapter.stem), text.encode(), slides, course.source))
    seen = set()
    for chapter in course.chapters:
        for section in chapter.sections:
            for block in section.slide.blocks:
                if isinstance(block, PictureBlock) and block.image is not None and block.image.name not in seen:
                    seen.add(block.image.name)
                    files.append(OutputFile(asset_path(course, block.image.name), block.image.data,
                                            ((section.slide.number, section.slide.fingerprint),), course.source))
    return tuple(files)


def render_site_home(courses: tuple[Course, ...], *, extra_links: tuple[tuple[str, str], ...] = ()) -> str:
    """Return the site's home page when it holds several courses: one link per course."""
    lines = [f"- [{escape(c.title)}]({c.page_path('index')})" for c in courses]
    text = front_matter("课程列表", "本站的全部课程") + "\n\n# 课程列表\n\n" + "\n".join(lines) + "\n"
    if extra_links:
        text += "\n## 学习资源 { #学习资源 }\n\n" + "\n".join(f"- [{escape(label)}]({path})" for label, path in extra_links) + "\n"
    return text
