"""Structure read as a person reads it: the cover is the home page, parts open on their dividers
(by layout, part number or a 目录 entry worded a little differently), closing slides are no
chapter, section or term, part numbers are no body text, and a content first slide stays content.

Decks come from tests/structure_decks.py (real layouts, filled placeholders) and tests/decks.py
(text boxes at exact positions on blank slides).
"""

from __future__ import annotations

import re

import pytest

from decks import SlideSpec, Text, Title, build_deck
from deckdocs import convert
from deckdocs.arrange import arrange_deck
from deckdocs.outline import outline_course
from deckdocs.read import read_deck
from deckdocs.signals import is_closing_text, layout_role, likeness, match_entry, without_part_number
from structure_decks import SANGUO_CONTENT, SANGUO_PARTS, content_first_deck, sanguo_deck


def course_of(path):
    deck = read_deck(path)
    return outline_course(deck, arrange_deck(deck))


@pytest.fixture(scope="module")
def sanguo(tmp_path_factory):
    path = sanguo_deck(tmp_path_factory.mktemp("sanguo") / "三国演义阅读分享.pptx")
    conversion = convert([path])
    return course_of(path), {f.path: f.content.decode() for f in conversion.files if f.path.endswith(".md")}


def test_the_dividers_open_two_parts_though_the_toc_words_part_two_differently(sanguo):
    course, _ = sanguo
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [
        (SANGUO_PARTS[0], (4, 5, 6)), (SANGUO_PARTS[1], (8, 9, 10, 11))]


def test_the_cover_and_toc_are_the_home_page_and_the_closing_slide_its_last_words(sanguo):
    course, pages = sanguo
    assert course.title == "三国演义阅读分享"
    assert [s.number for s in course.front] == [1, 2]
    assert [s.number for s in course.closing] == [12]
    assert "导言" not in {c.title for c in course.chapters}
    home = pages["index.md"]
    assert "谢谢观看<br>\nTHANK YOU FOR WATCHING" in home
    assert "人物形象与现代启示" not in home, "the 目录 entry is the second chapter's card, not a stray line"


def test_no_page_shows_a_part_number_a_repeated_title_or_the_closing_words(sanguo):
    _, pages = sanguo
    for name in ("01-zuo-pin-gai-kuang-yu-qing-jie-mai-luo.md", "02-ren-wu-xing-xiang-yu-yue-du-qi-shi.md"):
        page = pages[name]
        h1 = re.search(r"^# (.+?) \{", page, re.MULTILINE).group(1)
        h2s = re.findall(r"^## (.+?) \{", page, re.MULTILINE)
        assert h1 not in h2s
        assert not re.search(r"^\s*0\d\s*$", page, re.MULTILINE), "no stray 01 / 02 line"
        assert "谢谢观看" not in page and "幻灯片 12" not in page
    assert "谢谢观看" not in pages["glossary.md"] and "THANK YOU" not in pages["glossary.md"]


def test_every_content_slide_keeps_its_list(sanguo):
    _, pages = sanguo
    text = "".join(pages.values())
    for lines in SANGUO_CONTENT.values():
        for line in lines:
            assert f"- {line}" in text


def test_a_first_slide_that_is_content_stays_content_with_its_list(tmp_path):
    path = content_first_deck(tmp_path / "content.pptx")
    course = course_of(path)
    assert course.front == ()
    first = course.chapters[0].sections[0]
    assert (first.slide.number, first.heading) == (1, "成书背景")
    pages = {f.path: f.content.decode() for f in convert([path]).files}
    chapter = next(text for name, text in pages.items() if name.startswith("01-"))
    assert "## 成书背景" in chapter
    assert all(f"- {line}" in chapter for line in SANGUO_CONTENT["成书背景"])


def divider(number: str, name: str):
    """A part divider drawn with text boxes: the part's number above its name, nothing else."""
    return SlideSpec([Text(4, 2, 5, 1, number, size=28), Text(3, 3.3, 7, 1.2, name, size=40, bold=True)])


def content(title: str, line: str):
    return SlideSpec([Title(title), Text(1, 2, 10, 1, line)])


@pytest.mark.parametrize("numbers", [("第一部分", "第二部分"), ("Part 1", "Part 2"), ("PART01", "PART02")])
def test_part_numbers_open_parts_and_are_not_body_text(tmp_path, numbers):
    path = build_deck(tmp_path / "parts.pptx", [
        SlideSpec([Title("安全生产培训"), Text(1, 3, 6, 1, "2024年")]),
        divider(numbers[0], "安全意识"), content("事故案例", "某工地因未系安全带发生坠落事故。"),
        divider(numbers[1], "操作规范"), content("作业流程", "作业前必须检查设备并填写记录。"),
        SlideSpec([Title("Q&A")]),
    ])
    course = course_of(path)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [("安全意识", (3,)), ("操作规范", (5,))]
    assert [s.number for s in course.closing] == [6]
    text = "".join(f.content.decode() for f in convert([path]).files if f.path.endswith(".md"))
    assert numbers[0] not in text and numbers[1] not in text


def test_a_lone_section_header_does_not_split_a_deck(tmp_path):
    """One Section Header in a long deck is often a template's leftover: two make parts."""
    from pptx import Presentation

    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "季度总结"
    for title in ("销售", "回款"):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = f"{title}情况良好，环比增长百分之十。"
    section = prs.slides.add_slide(prs.slide_layouts[2])
    section.shapes.title.text = "下季度计划"
    prs.save(str(tmp_path / "one.pptx"))
    course = course_of(tmp_path / "one.pptx")
    assert len(course.chapters) == 1 and course.chapters[0].slide_numbers[:2] == (2, 3)


def test_powerpoint_sections_still_make_the_chapters(tmp_path):
    path = build_deck(tmp_path / "sections.pptx", [
        SlideSpec([Title("课程")]), content("甲", "甲的正文内容。"), content("乙", "乙的正文内容。"),
        SlideSpec([Title("谢谢")])], sections=[("封面", [1]), ("第一节 基础", [2]), ("第二节 进阶", [3]), ("结束", [4])])
    course = course_of(path)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [("第一节 基础", (2,)), ("第二节 进阶", (3,))]
    assert [s.number for s in course.closing] == [4]


def test_layout_names_in_chinese_english_and_wps_say_what_a_slide_is():
    assert layout_role("title", "Title Slide") == "cover"
    assert layout_role("", "封面") == "cover"
    assert layout_role("titleOnly", "封底") == "closing"
    assert layout_role("cust", "结束页") == "closing"
    assert layout_role("secHead", "Section Header") == "divider"
    assert layout_role("", "节标题") == "divider"
    assert layout_role("", "1_章节页") == "divider"
    assert layout_role("obj", "标题和内容") == "content"
    assert layout_role("", "8_Title and Content") == "content"
    assert layout_role("titleOnly", "Title Only") == ""


def test_toc_entries_match_by_likeness_in_order():
    entries = ("作品概况与情节脉络", "人物形象与现代启示")
    assert likeness("人物形象与阅读启示", entries[1]) > 0.7
    assert match_entry("人物形象与阅读启示", entries) == 1
    assert match_entry("作品概况与情节脉络", entries, after=0) is None, "an entry before one matched is not looked at"
    assert match_entry("成书背景", entries) is None
    assert without_part_number("第一部分：作品概况") == "作品概况"
    assert without_part_number("01 作品概况") == "作品概况"
    assert without_part_number("2024年总结") == "2024年总结"


@pytest.mark.parametrize("text, closing", [
    ("谢谢观看", True), ("THANK YOU FOR WATCHING", True), ("Q&A", True), ("问答环节", True), ("感谢聆听", True),
    ("Any questions?", True), ("欢迎批评指正", True),
    ("培训结束后的考核安排", False), ("客户问答记录", False), ("谢谢" + "。" * 70, False),
])
def test_closing_words_open_a_short_slide_not_a_sentence(text, closing):
    assert is_closing_text(text) is closing


def test_a_divider_with_more_on_it_opens_its_chapter_under_the_page_title_only(tmp_path):
    """A 节标题 slide with a line under the part's name keeps that line, under the chapter's own
    heading: no second heading of the same words, and the description does not repeat it."""
    from pptx import Presentation

    prs = Presentation()
    for part, line in (("作品概况", "本部分约十分钟"), ("人物形象", "本部分约十五分钟")):
        divider = prs.slides.add_slide(prs.slide_layouts[2])
        divider.shapes.title.text = part
        divider.placeholders[1].text = line
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{part}要点"
        slide.placeholders[1].text = f"{part}的第一条要点。"
    prs.save(str(tmp_path / "d.pptx"))
    pages = {f.path: f.content.decode() for f in convert([tmp_path / "d.pptx"]).files}
    page = pages["01-zuo-pin-gai-kuang.md"]
    assert "# 作品概况 {" in page and not re.search(r"^## 作品概况 \{", page, re.MULTILINE)
    assert "本部分约十分钟" in page and "人物形象" not in page
    assert re.search(r'description: "[^"]*· 作品概况：作品概况要点"', page)


def test_a_section_powerpoint_named_by_default_takes_its_first_slide_title(tmp_path):
    path = build_deck(tmp_path / "default.pptx", [
        SlideSpec([Title("课程")]), content("开场", "开场的正文内容。"), content("乙", "乙的正文内容。")],
        sections=[("默认节", [1, 2]), ("第二节 进阶", [3])])
    course = course_of(path)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [("开场", (2,)), ("第二节 进阶", (3,))]
