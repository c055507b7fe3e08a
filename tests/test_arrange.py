"""arrange: geometry → reading order and heading/body pairs, on hand-built shapes."""

from __future__ import annotations

from deckdocs.arrange import DeckContext, arrange_slide
from deckdocs.model import (
    Box, Image, Item, Paragraph, PictureBlock, Role, Run, Shape, ShapeKind, Slide, TableBlock, TextBlock,
)

IN = 914400  # EMU per inch
CONTEXT = DeckContext(int(13.333 * IN), int(7.5 * IN))


def text(name, left, top, width, height, words, *, size=14.0, bold=False, placeholder=None):
    paragraphs = tuple(Paragraph((Run(line),)) for line in (words if isinstance(words, list) else [words]))
    return Shape(0, name, ShapeKind.TEXT, Box(int(left * IN), int(top * IN), int(width * IN), int(height * IN)),
                 paragraphs, placeholder=placeholder, font_size_pt=size, is_bold=bold)


def heading(name, left, top, words, width=3.0):
    return text(name, left, top, width, 0.5, words, size=18, bold=True)


def body(name, left, top, words, width=3.0, height=1.5):
    return text(name, left, top, width, height, words)


def title(words):
    return text("Title 1", 0.5, 0.3, 12, 1, words, size=32, placeholder="title")


def pairs(slide):
    return [(b.heading_text, b.body_text) for b in slide.blocks if isinstance(b, Item)]


def arrange(*shapes, number=4, notes=""):
    return arrange_slide(Slide(number, tuple(shapes), notes), CONTEXT)


def test_four_items_in_a_row_pair_each_heading_with_the_body_below_it():
    shapes = []
    for i, x in enumerate((0.5, 3.7, 6.9, 10.1)):
        shapes += [body(f"b{i}", x, 2.8, f"正文{i}的内容比较长，一两句话。"), heading(f"h{i}", x, 2.0, f"标题{i}")]
    slide = arrange(title("产品特点"), *shapes)
    assert slide.title == "产品特点"
    assert pairs(slide) == [(f"标题{i}", f"正文{i}的内容比较长，一两句话。") for i in range(4)]


def test_two_columns_read_left_column_item_then_right_column_item():
    slide = arrange(title("服务对象"),
                    body("b2", 7, 2.6, "右边的正文，说明小微企业主。", width=5.5), heading("h2", 7, 2, "右边", width=5.5),
                    body("b1", 0.8, 2.6, "左边的正文，说明个人用户。", width=5.5), heading("h1", 0.8, 2, "左边", width=5.5))
    assert pairs(slide) == [("左边", "左边的正文，说明个人用户。"), ("右边", "右边的正文，说明小微企业主。")]


def test_grid_reads_row_by_row():
    cells = [(0.8, 2, "甲"), (7, 2, "乙"), (0.8, 4.5, "丙"), (7, 4.5, "丁")]
    shapes = []
    for x, y, name in reversed(cells):
        shapes += [body("b" + name, x, y + 0.6, f"{name}的正文，比标题长。", width=5), heading("h" + name, x, y, name, width=5)]
    slide = arrange(title("网格"), *shapes)
    assert [h for h, _ in pairs(slide)] == ["甲", "乙", "丙", "丁"]


def test_vertical_list_with_badges_drops_the_badges_and_keeps_pairs():
    shapes = []
    for i, y in enumerate((1.8, 3.4, 5.0)):
        shapes += [body(f"b{i}", 2, y + 0.5, f"第{i}项正文。", width=10, height=0.8), heading(f"h{i}", 2, y, f"第{i}项", width=10)]
    badges = [text(f"n{i}", 0.8, y, 0.8, 0.8, f"0{i + 1}", size=20, bold=True) for i, y in enumerate((1.8, 3.4, 5.0))]
    slide = arrange(title("微粒贷定义"), *shapes, *badges)
    assert pairs(slide) == [(f"第{i}项", f"第{i}项正文。") for i in range(3)]
    assert [p.text for p in slide.placements if p.role is Role.BADGE] == ["01", "02", "03"]
    assert not any(isinstance(b, TextBlock) for b in slide.blocks)


def test_heading_beside_its_body_pairs_across():
    rows = [(1.8, "实名认证强化"), (3.4, "交易监控系统"), (5.0, "信用评分模型")]
    shapes = []
    for y, name in rows:
        shapes += [body("b" + name, 4, y - 0.1, f"{name}的正文，一句比较长的话。", width=8.5, height=1.2),
                   heading("h" + name, 0.8, y, name, width=3)]
    slide = arrange(title("防欺诈措施"), *shapes)
    assert pairs(slide) == [(name, f"{name}的正文，一句比较长的话。") for _, name in rows]


def test_a_group_is_kept_together_and_paired_inside():
    group = Shape(0, "Group 1", ShapeKind.GROUP, Box(0, int(2 * IN), int(4 * IN), int(2.2 * IN)),
                  children=(body("gb", 0.5, 2.6, "组内正文，一句话。"), heading("gh", 0.5, 2, "组内标题")))
    slide = arrange(title("风险评估机制"), group, body("b", 5, 2.6, "组外正文，一句话。"), heading("h", 5, 2, "组外标题"))
    assert pairs(slide) == [("组内标题", "组内正文，一句话。"), ("组外标题", "组外正文，一句话。")]


def test_short_text_that_is_not_a_heading_is_kept_not_dropped():
    slide = arrange(title("标题"), text("t", 1, 3, 4, 0.5, "是"))
    assert [b.text for b in slide.blocks if isinstance(b, TextBlock)] == ["是"]


def test_slide_number_and_footer_placeholders_are_decorations():
    slide = arrange(title("标题"), text("n", 12, 7, 0.5, 0.3, "4", placeholder="slide_number"),
                    text("f", 5, 7, 3, 0.3, "公司机密", placeholder="footer"), body("b", 1, 2, "正文。"))
    roles = {p.shape_name: p.role for p in slide.placements}
    assert roles["n"] is Role.DECORATION and roles["f"] is Role.DECORATION
    assert [b.text for b in slide.blocks if isinstance(b, TextBlock)] == ["正文。"]


def test_title_falls_back_to_the_topmost_largest_text():
    slide = arrange(text("big", 0.5, 0.3, 10, 1, "贷款申请步骤", size=30), body("b", 1, 3, "正文，一句话。"))
    assert slide.title == "贷款申请步骤"
    assert [p.role for p in slide.placements if p.shape_name == "big"] == [Role.TITLE]


def test_a_heading_sized_line_is_not_taken_for_a_title_when_a_bigger_text_exists():
    slide = arrange(heading("h", 1, 0.4, "小标题"), text("t", 1, 3, 6, 1, "大字", size=40))
    assert slide.title == ""


def test_logo_repeated_on_many_slides_is_decoration_but_described_picture_is_content():
    logo = Image(b"logo-bytes", "png")
    photo = Image(b"photo-bytes", "png")
    context = DeckContext(CONTEXT.width_emu, CONTEXT.height_emu, frozenset({logo.sha1}))
    pic = lambda name, image, descr, w: Shape(0, name, ShapeKind.PICTURE, Box(IN, IN, int(w * IN), int(w * IN)),
                                             image=image, description=descr)
    slide = arrange_slide(Slide(20, (title("案例"), pic("logo", logo, "", 0.6), pic("photo", photo, "一位用户在手机上申请贷款", 3)), ""), context)
    assert [b.description for b in slide.blocks if isinstance(b, PictureBlock)] == ["一位用户在手机上申请贷款"]
    assert [p.role for p in slide.placements if p.shape_name == "logo"] == [Role.DECORATION]


def test_table_becomes_a_table_block_in_reading_order():
    table = Shape(0, "Table", ShapeKind.TABLE, Box(IN, 5 * IN, 6 * IN, IN), table=(("a", "b"), ("1", "2")))
    slide = arrange(title("表"), table, body("b", 1, 2, "表上面的正文。"))
    assert isinstance(slide.blocks[0], TextBlock) and isinstance(slide.blocks[1], TableBlock)


def test_part_badge_is_recorded_for_dividers():
    slide = arrange(text("name", 3, 3, 6, 1, "微粒贷概述", size=40), text("part", 3, 4.2, 3, 0.6, "PART01", size=20), number=3)
    assert slide.badges == ("PART01",)
    assert slide.title == "微粒贷概述"


def test_a_bold_first_line_in_one_box_is_the_heading_of_the_lines_below_it():
    box = Shape(0, "box", ShapeKind.TEXT, Box(IN, 2 * IN, 5 * IN, 2 * IN),
                (Paragraph((Run("无抵押信用贷款", is_bold=True),)), Paragraph((Run("用户无需提供任何抵押物即可申请贷款。"),))),
                font_size_pt=14)
    plain = Shape(0, "plain", ShapeKind.TEXT, Box(7 * IN, 2 * IN, 5 * IN, 2 * IN),
                  (Paragraph((Run("第一行"),)), Paragraph((Run("第二行。"),))), font_size_pt=14)
    slide = arrange(title("产品特点"), box, plain)
    assert pairs(slide) == [("无抵押信用贷款", "用户无需提供任何抵押物即可申请贷款。")]
    assert [b.text for b in slide.blocks if isinstance(b, TextBlock)] == ["第一行\n第二行。"]


def test_a_shape_named_title_at_the_top_is_the_title_even_beside_bigger_text_lower_down():
    named = text("Title 1", 0.5, 0.4, 10, 1, "Sample Code", size=36)
    slide = arrange(named, text("code", 3, 3.4, 6, 1.4, "RL.1.2", size=60))
    assert slide.title == "Sample Code"


def test_an_unsized_bold_line_above_a_table_is_the_title_but_not_above_its_own_body():
    table = Shape(0, "Table", ShapeKind.TABLE, Box(IN, int(1.2 * IN), 8 * IN, 3 * IN), table=(("a",), ("b",)))
    label = Shape(0, "t", ShapeKind.TEXT, Box(IN, int(0.25 * IN), 6 * IN, int(0.5 * IN)),
                  (Paragraph((Run("SAMPLE CROSSWALK", is_bold=True),)),), is_bold=True)
    note = Shape(0, "n", ShapeKind.TEXT, Box(IN, int(6.4 * IN), 8 * IN, int(0.6 * IN)), (Paragraph((Run("Not an exact match."),)),))
    assert arrange(label, table, note).title == "SAMPLE CROSSWALK"
    body = Shape(0, "b", ShapeKind.TEXT, Box(IN, int(0.8 * IN), 6 * IN, IN), (Paragraph((Run("A longer body sentence here."),)),))
    assert arrange(label, body).title == ""


def test_placements_list_the_title_then_content_in_reading_order_then_what_was_dropped():
    shapes = [text("n", 12, 7, 0.5, 0.3, "4", placeholder="slide_number")]
    for i, x in enumerate((6.9, 0.5)):
        shapes += [body(f"b{i}", x, 2.8, f"正文{i}，一两句话。"), heading(f"h{i}", x, 2.0, f"标题{i}")]
    slide = arrange(title("两项"), *shapes)
    assert [p.shape_name for p in slide.placements] == ["Title 1", "h1", "b1", "h0", "b0", "n"]
