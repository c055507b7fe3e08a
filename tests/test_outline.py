"""outline: chapters from sections, part dividers and the 目录 slide; anchors; file stems."""

from __future__ import annotations

from deckdocs.model import ArrangedSlide, Deck, Item, Paragraph, Run, Section, TextBlock
from deckdocs.outline import ascii_slug, outline_course


def para(text):
    return (Paragraph((Run(text),)),)


def item(heading, body="正文，一句话。"):
    return Item(para(heading), para(body))


def slide(number, title, *blocks, badges=()):
    return ArrangedSlide(number, title, tuple(blocks), "", (), tuple(badges))


def deck(n, sections=()):
    return Deck("course.pptx", 12192000, 6858000, (), tuple(sections), "")


COURSE = (
    slide(1, "微粒贷基础知识培训课件课程", TextBlock(para("20XX")), TextBlock(para("汇报人:XX"))),
    slide(2, "目录", TextBlock(para("微粒贷概述")), TextBlock(para("微粒贷风险管理")), badges=("01", "02")),
    slide(3, "微粒贷概述", badges=("PART01",)),
    slide(4, "微粒贷定义", item("微粒贷的业务模式")),
    slide(5, "产品特点", item("无抵押信用贷款")),
    slide(6, "微粒贷风险管理", badges=("PART02",)),
    slide(7, "风险评估机制", item("信用评分模型"), item("反欺诈技术")),
    slide(8, "防欺诈措施", item("信用评分模型"), item("实名认证强化")),
    slide(9, "谢谢观看"),
)


def test_part_dividers_define_chapters_in_order_with_the_title_and_toc_on_the_home_page():
    course = outline_course(deck(9), COURSE)
    assert course.title == "微粒贷基础知识培训课件课程"
    assert course.subtitle == ("20XX", "汇报人:XX")
    assert [c.title for c in course.chapters] == ["微粒贷概述", "微粒贷风险管理"]
    assert [c.slide_numbers for c in course.chapters] == [(4, 5), (7, 8)]
    assert [s.number for s in course.front] == [1, 2]
    assert [s.number for s in course.closing] == [9]


def test_repeated_headings_get_unique_readable_anchors():
    chapter = outline_course(deck(9), COURSE).chapters[1]
    anchors = [a for s in chapter.sections for a in s.block_anchors]
    assert anchors == ["信用评分模型", "反欺诈技术", "信用评分模型-2", "实名认证强化"]
    assert [s.anchor for s in chapter.sections] == ["风险评估机制", "防欺诈措施"]


def test_chapter_stems_are_stable_ascii():
    course = outline_course(deck(9), COURSE)
    assert [c.stem for c in course.chapters] == ["01-wei-li-dai-gai-shu", "02-wei-li-dai-feng-xian-guan-li"]
    assert ascii_slug("下载微粒贷App") == "xia-zai-wei-li-dai-app"


def test_powerpoint_sections_define_chapters_when_present():
    slides = (slide(1, "课程"), slide(2, "甲", item("一")), slide(3, "乙", item("二")), slide(4, "丙", item("三")))
    sections = (Section("开场", (1,)), Section("第一节", (2, 3)), Section("空节", ()), Section("第二节", (4,)))
    course = outline_course(deck(4, sections), slides)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [("第一节", (2, 3)), ("第二节", (4,))]


def test_a_deck_without_dividers_or_sections_is_one_chapter_named_after_the_course():
    slides = (slide(1, "培训"), slide(2, "甲", item("一")), slide(3, "乙", item("二")))
    course = outline_course(deck(3), slides)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [("培训", (2, 3))]


def test_slides_without_title_get_a_slide_number_heading():
    slides = (slide(1, "", item("一")), slide(2, "", item("二")))
    course = outline_course(deck(2), slides)
    assert [s.heading for s in course.chapters[0].sections] == ["幻灯片 1", "幻灯片 2"]


def test_a_slide_titled_like_a_toc_entry_opens_its_chapter_and_keeps_its_content():
    body = TextBlock(tuple(Paragraph((Run(name),)) for name in ("Alice Smith", "Bob Jones", "Carol White")))
    slides = (
        slide(1, "Board Meeting", TextBlock(para("March 2024"))),
        slide(2, "Agenda", TextBlock(para("Jurisdictional Updates")), TextBlock(para("New Business"))),
        slide(3, "Jurisdictional Updates", body),
        slide(4, "Details", item("First point")),
        slide(5, "New Business", TextBlock(para("Budget for next year."))),
    )
    course = outline_course(deck(5), slides)
    assert [(c.title, c.slide_numbers) for c in course.chapters] == [
        ("Jurisdictional Updates", (3, 4)), ("New Business", (5,))]
    assert course.chapters[0].sections[0].slide.blocks == (body,)


def test_a_divider_with_speaker_notes_or_other_text_is_kept_as_a_section():
    with_notes = ArrangedSlide(3, "微粒贷概述", (), "本部分介绍产品。", (), ("PART01",))
    with_line = slide(6, "微粒贷风险管理", TextBlock(para("Risk management")), badges=("PART02",))
    slides = (*COURSE[:2], with_notes, *COURSE[3:5], with_line, *COURSE[6:])
    course = outline_course(deck(9), slides)
    assert [c.slide_numbers for c in course.chapters] == [(3, 4, 5), (6, 7, 8)]
