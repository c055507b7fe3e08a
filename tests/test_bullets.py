"""Bullets and numbering a slide inherits from its layout and master, as PowerPoint resolves them.

The decks use python-pptx's default template, whose "Title and Content" layout takes its
bullets from the master's text styles (``p:txStyles/p:bodyStyle``), as nearly every real deck
does. A LibreOffice re-save writes the properties out differently and must read the same.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from deckdocs import convert
from deckdocs.read import read_deck

TITLE_AND_CONTENT = 1


def content_slide(prs, title: str, lines: list[tuple[str, int]], bullet: str | None = None):
    """Add a "Title and Content" slide; ``bullet`` ("buNone" or an auto-number type) is set on each line."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = title
    frame = slide.placeholders[1].text_frame
    for i, (text, level) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text, paragraph.level = text, level
        if bullet == "buNone":
            etree.SubElement(paragraph._p.get_or_add_pPr(), qn("a:buNone"))
        elif bullet:
            etree.SubElement(paragraph._p.get_or_add_pPr(), qn("a:buAutoNum"), type=bullet)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    path = tmp_path_factory.mktemp("bullets") / "bullets.pptx"
    prs = Presentation()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "还款须知"
    content_slide(prs, "还款方式", [("等额本息", 0), ("先息后本", 0), ("每月同一天扣款", 1)])
    content_slide(prs, "还款步骤", [("打开微信钱包", 0), ("进入微粒贷", 0), ("点击还款", 0)], "arabicPeriod")
    content_slide(prs, "温馨提示", [("按时还款，保持良好信用。", 0)], "buNone")
    prs.save(str(path))
    return path


def paragraphs(path, number):
    shape = next(s for s in read_deck(path).slides[number - 1].shapes if s.placeholder == "object")
    return [(p.text, p.level, p.is_bullet, p.is_numbered) for p in shape.paragraphs]


def chapter(path) -> str:
    return next(f.content.decode() for f in convert([path]).files if f.path.startswith("01-"))


def test_title_and_content_lines_inherit_the_masters_bullets(deck):
    assert paragraphs(deck, 2) == [("等额本息", 0, True, False), ("先息后本", 0, True, False),
                                   ("每月同一天扣款", 1, True, False)]
    assert "- 等额本息\n- 先息后本\n    - 每月同一天扣款" in chapter(deck)


def test_auto_numbered_lines_stay_numbered(deck):
    assert [p[3] for p in paragraphs(deck, 3)] == [True, True, True]
    assert "1. 打开微信钱包\n1. 进入微粒贷\n1. 点击还款" in chapter(deck)


def test_bu_none_on_the_paragraph_overrides_the_master(deck):
    assert paragraphs(deck, 4) == [("按时还款，保持良好信用。", 0, False, False)]


def test_text_boxes_inherit_no_bullets(tmp_path):
    from decks import Text, Title, build_deck

    path = build_deck(tmp_path / "boxes.pptx", [[Title("标题")], [Title("正文"), Text(1, 2, 8, 2, ["第一行。", "第二行。"])]])
    shape = next(s for s in read_deck(path).slides[1].shapes if s.placeholder is None)
    assert [p.is_bullet for p in shape.paragraphs] == [False, False]


EXPECTED = {2: [("等额本息", 0, True, False), ("先息后本", 0, True, False), ("每月同一天扣款", 1, True, False)],
            3: [("打开微信钱包", 0, True, True), ("进入微粒贷", 0, True, True), ("点击还款", 0, True, True)],
            4: [("按时还款，保持良好信用。", 0, False, False)]}
# The deck above, re-saved by LibreOffice 7 (soffice --headless --convert-to pptx), kept so
# that the test runs where LibreOffice is not installed.
RESAVED = Path(__file__).parent / "fixtures" / "bullets-libreoffice.pptx"


def test_the_deck_reads_as_expected(deck):
    assert {n: paragraphs(deck, n) for n in EXPECTED} == EXPECTED


def test_a_libreoffice_resaved_deck_keeps_bullets_and_numbering():
    assert {n: paragraphs(RESAVED, n) for n in EXPECTED} == EXPECTED
    assert "- 等额本息\n- 先息后本\n    - 每月同一天扣款" in chapter(RESAVED)
    assert "1. 打开微信钱包\n1. 进入微粒贷\n1. 点击还款" in chapter(RESAVED)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_libreoffice_resave_reads_the_same(deck, tmp_path):
    out = tmp_path / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pptx", "--outdir", str(out), str(deck)],
                   check=True, capture_output=True, timeout=120)
    resaved = out / deck.name
    for number in (2, 3, 4):
        assert paragraphs(resaved, number) == paragraphs(deck, number)
