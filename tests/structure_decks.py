"""Decks built the way trainers build them: real layouts (封面, 目录, 节标题 with a big 01 beside
the part's title, Title and Content slides with bulleted bodies, 封底), for the structure tests.

Unlike tests/decks.py, which places text boxes at exact positions on blank slides, these decks
fill the layouts' own placeholders, so the reader sees what PowerPoint or WPS would save.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Inches, Pt

# python-pptx's default template: 0 Title Slide (title), 1 Title and Content (obj),
# 2 Section Header (secHead), 5 Title Only (titleOnly), 6 Blank (blank).
_TITLE, _CONTENT, _SECTION, _TITLE_ONLY = 0, 1, 2, 5

SANGUO_PARTS = ("作品概况与情节脉络", "人物形象与阅读启示")
SANGUO_TOC = ("作品概况与情节脉络", "人物形象与现代启示")  # part 2 worded differently on the 目录 slide
SANGUO_CONTENT = {
    "成书背景": ["《三国演义》成书于元末明初，作者罗贯中在陈寿《三国志》和民间说唱的基础上加工创作。",
             "全书以魏、蜀、吴三国兴衰为主线，是中国第一部长篇章回体历史演义小说。",
             "小说采用“七分实事，三分虚构”的写法，史实与传说交织。"],
    "主要情节": ["桃园三结义：刘备、关羽、张飞结为兄弟，起兵讨伐黄巾。",
             "赤壁之战：孙刘联军以火攻大败曹操，奠定三分天下的格局。",
             "三顾茅庐：刘备三次拜访诸葛亮，诸葛亮提出隆中对的战略。"],
    "艺术特色": ["人物塑造采用类型化手法，性格鲜明，如诸葛亮之智、关羽之义、曹操之奸。",
             "战争描写场面宏大，赤壁之战等大战各具特点，不相重复。",
             "语言半文半白，通俗易懂，适合说书与阅读。"],
    "诸葛亮": ["诸葛亮是智慧的化身，草船借箭、空城计等情节表现其谋略过人。",
            "他鞠躬尽瘁、死而后已，体现了忠诚与担当。"],
    "曹操": ["曹操是奸雄的典型，“宁教我负天下人，休教天下人负我”是其性格写照。",
          "他也有雄才大略，统一北方，重视人才，挟天子以令诸侯。"],
    "刘备与关羽": ["刘备以仁德著称，携民渡江，深得民心。",
              "关羽忠义勇武，千里走单骑、华容道义释曹操，被后世尊为武圣。"],
    "阅读启示": ["读《三国演义》要区分小说与历史，不可把演义当作正史。",
             "从人物的成败中体会诚信、团结与用人之道，对今天的工作与学习都有借鉴意义。"],
}


def _named_layouts(prs, names: dict[int, str]):
    """Rename layouts the way a WPS or Chinese PowerPoint template names them (封面, 节标题 …)."""
    for index, name in names.items():
        prs.slide_layouts[index]._element.cSld.set("name", name)


def _bullets(placeholder, lines: list[str]) -> None:
    frame = placeholder.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line


def _divider(prs, number: str, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[_SECTION])
    slide.shapes.title.text = title
    slide.placeholders[1]._element.getparent().remove(slide.placeholders[1]._element)  # the layout's text, unused
    big = slide.shapes.add_textbox(Inches(0.8), Inches(2.2), Inches(2.5), Inches(2.5))
    big.text_frame.text = number
    big.text_frame.paragraphs[0].runs[0].font.size = Pt(96)
    big.text_frame.paragraphs[0].runs[0].font.bold = True
    return slide


def _content(prs, title: str, lines: list[str]):
    slide = prs.slides.add_slide(prs.slide_layouts[_CONTENT])
    slide.shapes.title.text = title
    _bullets(slide.placeholders[1], lines)
    return slide


def sanguo_deck(path: Path, *, title: str = "三国演义阅读分享") -> Path:
    """Write the issue's 12-slide 三国演义阅读分享 deck: 封面, 目录, two 节标题 parts of content, 封底."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    _named_layouts(prs, {_TITLE: "封面", _SECTION: "节标题", _TITLE_ONLY: "封底"})
    cover = prs.slides.add_slide(prs.slide_layouts[_TITLE])
    cover.shapes.title.text = title
    cover.placeholders[1].text = "经典名著导读 · 第三小组"
    toc = prs.slides.add_slide(prs.slide_layouts[_CONTENT])
    toc.shapes.title.text = "目录"
    toc.placeholders[1]._element.getparent().remove(toc.placeholders[1]._element)
    for n, entry in enumerate(SANGUO_TOC):
        top = Inches(2.2 + 1.4 * n)
        number = toc.shapes.add_textbox(Inches(3), top, Inches(1.2), Inches(1))
        number.text_frame.text = f"{n + 1:02d}"
        number.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
        name = toc.shapes.add_textbox(Inches(4.4), top + Inches(0.15), Inches(6), Inches(0.8))
        name.text_frame.text = entry
        name.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    titles = list(SANGUO_CONTENT)
    for n, (part, content) in enumerate(zip(SANGUO_PARTS, (titles[:3], titles[3:]))):
        _divider(prs, f"{n + 1:02d}", part)
        for slide_title in content:
            _content(prs, slide_title, SANGUO_CONTENT[slide_title])
    closing = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    closing.shapes.title.text = "谢谢观看"
    thanks = closing.shapes.add_textbox(Inches(3), Inches(4.2), Inches(7), Inches(0.8))
    thanks.text_frame.text = "THANK YOU FOR WATCHING"
    thanks.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    prs.save(str(path))
    return path


def content_first_deck(path: Path) -> Path:
    """Write a deck whose first slide is content (Title and Content, a bulleted body), no cover."""
    prs = Presentation()
    titles = list(SANGUO_CONTENT)[:4]
    for slide_title in titles:
        _content(prs, slide_title, SANGUO_CONTENT[slide_title])
    prs.save(str(path))
    return path
