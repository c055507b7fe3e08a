"""render: markdown from hand-built courses, compared with golden files."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import markdown
import pytest

from deckdocs.model import (
    ArrangedSlide, ChartBlock, Chart, CourseCard, Deck, Image, Item, ObjectBlock, Paragraph, PictureBlock, Run, ShapeKind,
    TableBlock, TextBlock,
)
from deckdocs.outline import outline_course
from deckdocs.render import (
    escape, reading_minutes, render_course, render_paragraphs, render_runs, render_site_home, render_table,
)

GOLDEN = Path(__file__).parent / "golden"


def para(text, **kw):
    return Paragraph((Run(text),), **kw)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DECKDOCS_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; DECKDOCS_UPDATE_GOLDEN=1 rewrites it"


@pytest.fixture()
def course():
    photo = Image(b"\x89PNG fake", "png")
    slides = (
        ArrangedSlide(1, "示例课程", (TextBlock((para("20XX"),)),)),
        ArrangedSlide(2, "第一部分", (), badges=("PART01",)),
        ArrangedSlide(3, "产品特点", (
            Item((para("无抵押信用贷款"),), (para("用户无需提供任何抵押物即可申请贷款。"),)),
            Item((para("灵活的还款方式"),), (Paragraph((Run("包括"), Run("等额本息", is_bold=True), Run("、先息后本等。"))),)),
            TextBlock((para("要点一", is_bullet=True), para("细节", level=1, is_bullet=True), para("要点二", is_bullet=True))),
            TableBlock((("项目", "说明"), ("利率", "按日计息"))),
            PictureBlock(photo, "一位用户在手机上申请贷款", "Picture 3"),
            PictureBlock(None, "外部链接的图片", "Picture 4", "the picture is linked"),
            ChartBlock(Chart("季度趋势", ("一季度", "二季度"), (("申请数", ("10", "12")),))),
            ObjectBlock(ShapeKind.MEDIA, "介绍视频"),
        ), notes="先讲定义，再请学员举例。\n\n提醒学员：第一段备注。\n\n讨论：第二段备注？\n\n第三段是背景说明。"),
        ArrangedSlide(4, "谢谢观看", ()),
    )
    deck = Deck("demo.pptx", 12192000, 6858000, ())
    return outline_course(deck, slides)


def test_chapter_page_matches_golden(course):
    files = {f.path: f for f in render_course(course)}
    golden("chapter.md", files["01-di-yi-bu-fen.md"].content.decode())
    golden("index.md", files["index.md"].content.decode())


def test_pictures_are_written_under_assets_with_stable_content_names(course):
    files = {f.path: f for f in render_course(course)}
    assets = [p for p in files if p.startswith("assets/")]
    assert len(assets) == 1 and assets[0].endswith(".png")
    assert f"]({assets[0]})" in files["01-di-yi-bu-fen.md"].content.decode()


def test_rendering_twice_gives_identical_bytes(course):
    assert render_course(course) == render_course(course)


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>", "# 不是标题", "- 不是列表", "1. 不是编号", "**不是粗体**", "[链接](javascript:alert(1))",
    "{ #fake-id }", "??? note \"假的\"", "!!! danger", "| a | b |", "`code`", "&amp; 实体", "<quiz>x</quiz>", "---",
    "===", "> 引用", "*[HTML]: 缩写", "    缩进代码",
])
def test_slide_text_renders_as_literal_text(attack):
    html = markdown.markdown(escape(attack), extensions=["abbr", "admonition", "attr_list", "tables", "pymdownx.details"])
    assert "<script" not in html and "<h1" not in html and "<li" not in html and "<strong" not in html
    assert "<a " not in html and "<code" not in html and "<table" not in html and "<details" not in html
    assert "<div" not in html and "<blockquote" not in html and "<hr" not in html and "<abbr" not in html
    assert 'id="fake-id"' not in html and "<quiz" not in html and "<pre" not in html


def test_links_keep_only_safe_schemes():
    assert render_runs((Run("官网", href="https://www.webank.com"),)) == "[官网](<https://www.webank.com>)"
    assert render_runs((Run("坏", href="javascript:alert(1)"),)) == "坏"


def test_bullets_keep_their_levels():
    text = render_paragraphs((para("一", is_bullet=True), para("一点一", level=1, is_bullet=True), para("二", is_bullet=True)))
    assert text == "- 一\n    - 一点一\n- 二"


def test_table_cells_are_escaped_and_padded():
    assert render_table((("a|b", "c"), ("x",))) == "| a\\|b | c |\n| --- | --- |\n| x |   |"


def test_page_title_and_description_cannot_carry_markup_into_the_theme():
    import yaml

    slides = (ArrangedSlide(1, "课程", ()), ArrangedSlide(2, '甲"></title><script>alert(1)</script>\\', (), badges=("PART01",)),
              ArrangedSlide(3, "页", (TextBlock((para("正文"),)),)))
    course = outline_course(Deck("x.pptx", 1, 1, ()), slides)
    page = next(f.content.decode() for f in render_course(course) if f.path.startswith("01-"))
    meta = yaml.safe_load(page.split("---")[1])
    assert "<" not in meta["title"] and ">" not in meta["title"] and '"' not in meta["title"]
    assert meta["title"].endswith("\\")


def test_toc_entries_in_one_text_box_are_not_repeated_under_the_linked_list():
    from deckdocs import render
    from deckdocs.model import ArrangedSlide, Chapter, Course, Paragraph, Run, TextBlock

    entries = TextBlock(tuple(Paragraph((Run(t),)) for t in ("Updates", "New Business", "Other matters")))
    toc = ArrangedSlide(2, "Agenda", (entries,))
    chapters = tuple(Chapter(n, t, f"0{n}-x{n}", (), f"x{n}") for n, t in ((1, "Updates"), (2, "New Business")))
    home = render.render_home(Course("d.pptx", "Board", (), "", (toc,), chapters))
    assert "## Agenda { #目录 }" in home
    assert home.count("New Business") == 1 and "Other matters" in home


def test_a_slide_picture_is_a_lazy_thumbnail_beside_its_section_with_the_slide_as_alt_text(course):
    from deckdocs.model import SlidePicture

    pictures = {3: SlidePicture("assets/slides/abc.webp", 1280, 720)}
    page = {f.path: f for f in render_course(course, pictures=pictures)}["01-di-yi-bu-fen.md"].content.decode()
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html"])
    figure = html[html.index('<figure class="dd-slide-picture">'):html.index("</figure>")]
    assert html.index("<figure") < html.index("无抵押信用贷款")  # beside the section, before its text
    assert 'src="assets/slides/abc.webp"' in figure and 'loading="lazy"' in figure
    assert 'width="1280"' in figure and 'height="720"' in figure
    assert 'alt="幻灯片 3：产品特点（无抵押信用贷款、灵活的还款方式）"' in figure
    assert render_course(course) == render_course(course, pictures={})  # no pictures: pages as before


# ---------------------------------------------------------------- home page


def test_the_home_page_has_a_card_per_chapter_with_its_facts_and_a_progress_box(course):
    quiz = "<quiz>\n问？\n- [x] 甲\n- [ ] 乙\n</quiz>\n\n<quiz>\n问二？\n- [x] 丙\n- [ ] 丁\n</quiz>"
    files = {f.path: f for f in render_course(course, quizzes={"01-di-yi-bu-fen": quiz},
                                              extra_links=(("术语表", "glossary.md"), ("综合测验", "quiz.md")),
                                              handout="course.pdf")}
    home = files["index.md"].content.decode()
    assert "共 1 章、1 张幻灯片，阅读约需 1 分钟；每章末尾有本章自测" in home
    card = home[home.index('<div class="grid cards" markdown>'):home.index("</div>")]
    assert "[第 1 章　第一部分](01-di-yi-bu-fen.md)" in card
    assert '<span class="dd-fact">1 张幻灯片</span> · <span class="dd-fact">自测 2 题</span>' in card
    assert "本章内容：产品特点" in card
    assert '<span class="dd-progress" data-quiz-pages="01-di-yi-bu-fen.md" hidden></span>' in card
    resources = home[home.index("## 学习资源"):]
    assert '<span class="dd-progress" data-quiz-pages="quiz.md" hidden></span>' in resources
    assert 'class="dd-handout" download>打印版讲义（PDF）</a>' in resources
    html = markdown.markdown(home.split("---", 2)[2], extensions=["md_in_html", "attr_list"])
    assert html.count("<li>") == 4 and "<hr" in html  # the cards are a list inside the grid


def test_the_deck_description_comes_before_the_cover_lines(course):
    described = dataclasses.replace(course, description="面向新员工的产品入门课")
    home = {f.path: f for f in render_course(described)}["index.md"].content.decode()
    assert "# 示例课程\n\n面向新员工的产品入门课\n\n共 1 章" in home and "20XX" not in home


def test_reading_time_is_chinese_reading_speed_rounded_up():
    assert [reading_minutes(n) for n in (0, 300, 301, 900)] == [1, 1, 2, 3]


def test_the_site_home_gives_each_course_a_card_with_progress_over_its_chapters(course):
    other = dataclasses.replace(course, title="第二门课", prefix="di-er", description="进阶内容")
    first = dataclasses.replace(course, prefix="di-yi")
    photo = PictureBlock(Image(b"\x89PNG cover", "png"), "封面图", "Picture 1")
    home = render_site_home((CourseCard(first, 6, 3, photo), CourseCard(other, 5, 0)),
                            extra_links=(("术语表", "glossary.md"),))
    assert "-   **[示例课程](di-yi/index.md)**" in home and "-   **[第二门课](di-er/index.md)**" in home
    assert "进阶内容" in home and "章节：第一部分" in home
    assert f"![封面图](assets/di-yi/{photo.image.name}){{ .dd-course-cover" in home
    assert "本章自测共 6 题" in home and "综合测验 3 题" in home and "本章自测共 5 题" in home
    assert 'data-quiz-pages="di-yi/01-di-yi-bu-fen.md di-yi/quiz.md"' in home
    assert 'data-quiz-pages="di-er/01-di-yi-bu-fen.md"' in home
    assert home.count('<div class="grid cards" markdown>') == 2


def test_the_home_page_promises_a_self_test_only_for_the_chapters_that_have_one(course):
    second = dataclasses.replace(course.chapters[0], number=2, stem="02-di-er-bu-fen", title="第二部分")
    two = dataclasses.replace(course, chapters=(course.chapters[0], second))
    quiz = "<quiz>\n问？\n- [x] 甲\n- [ ] 乙\n</quiz>"
    home = {f.path: f for f in render_course(two, quizzes={"01-di-yi-bu-fen": quiz})}["index.md"].content.decode()
    assert "其中 1 章末尾有本章自测" in home and "每章末尾有本章自测" not in home
