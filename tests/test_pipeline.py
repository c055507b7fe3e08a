"""The whole pipeline on real .pptx files built with python-pptx, and one real mkdocs build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from decks import Group, Picture, Rect, SlideSpec, Table, Text, Title, build_deck, png
from deckdocs import convert


def pages(tmp_path, slides, **kw) -> dict[str, str]:
    deck = build_deck(tmp_path / "deck.pptx", slides, **kw)
    return {f.path: f.content.decode() for f in convert([deck]).files if f.path.endswith(".md")}


def chapter(result: dict[str, str]) -> str:
    return next(text for path, text in sorted(result.items()) if path != "index.md")


def order_of(text: str, *needles: str) -> list[int]:
    return [text.index(n) for n in needles]


def four_in_a_row():
    shapes = [Title("产品特点")]
    for i, x in enumerate((0.5, 3.7, 6.9, 10.1)):
        shapes += [Text(x, 2.8, 3, 2, f"第{i}项的正文，一两句话。"), Text(x, 2.0, 3, 0.6, f"第{i}项", size=18, bold=True)]
    return SlideSpec(shapes)


def test_four_items_in_a_row_come_out_heading_then_own_body(tmp_path):
    page = chapter(pages(tmp_path, [four_in_a_row()]))
    positions = order_of(page, *[s for i in range(4) for s in (f"### 第{i}项 ", f"第{i}项的正文")])
    assert positions == sorted(positions)


def test_badges_groups_and_two_columns_through_the_real_reader(tmp_path):
    slide = SlideSpec([
        Text(0.5, 0.3, 8, 1, "风险评估机制", size=30),
        Group([Text(0.8, 2.6, 5, 1.2, "左组正文，一句话。"), Text(0.8, 2.0, 5, 0.6, "左组标题", size=18, bold=True)]),
        Group([Text(7.0, 2.6, 5, 1.2, "右组正文，一句话。"), Text(7.0, 2.0, 5, 0.6, "右组标题", size=18, bold=True)]),
        Text(0.2, 2.0, 0.5, 0.5, "01", size=16), Text(6.4, 2.0, 0.5, 0.5, "02", size=16),
        Rect(0, 7.0, 13.3, 0.5),
    ])
    page = chapter(pages(tmp_path, [slide]))
    assert "## 风险评估机制 " in page
    positions = order_of(page, "### 左组标题", "左组正文", "### 右组标题", "右组正文")
    assert positions == sorted(positions)
    assert "01" not in page.split("幻灯片 1</p>")[1] and "02" not in page.split("幻灯片 1</p>")[1]


def test_sections_define_chapters(tmp_path):
    slides = [SlideSpec([Title("课程")]), four_in_a_row(), SlideSpec([Title("表格页"), Table(1, 2, 8, 1, [["甲", "乙"], ["1", "2"]])])]
    result = pages(tmp_path, slides, sections=[("开场", [1]), ("第一节", [2]), ("第二节", [3])])
    assert sorted(result) == ["01-di-yi-jie.md", "02-di-er-jie.md", "glossary.md", "index.md", "quiz.md"]
    assert "| 甲 | 乙 |" in result["02-di-er-jie.md"]


def test_a_deck_without_dividers_is_one_chapter(tmp_path):
    slides = [SlideSpec([Title("单章课程"), Text(1, 3, 6, 1, "副标题")]), four_in_a_row(), four_in_a_row()]
    result = pages(tmp_path, slides)
    assert sorted(result) == ["01-dan-zhang-ke-cheng.md", "glossary.md", "index.md", "quiz.md"]
    assert result["01-dan-zhang-ke-cheng.md"].count("## 产品特点") == 2


def test_pictures_tables_notes_and_escaping_survive(tmp_path):
    slide = SlideSpec([
        Title("杂项 <b>不是粗体</b>"),
        Picture(1, 2, 4, 3, png(64, 48), "一张示意图"),
        Table(6, 2, 6, 1.5, [["名称", "说明"], ["*星号*", "a|b"]]),
    ], notes="补充：# 不是标题")
    deck = build_deck(tmp_path / "deck.pptx", [slide])
    files = {f.path: f for f in convert([deck]).files}
    page = next(f.content.decode() for p, f in files.items() if p.startswith("01-"))
    assert "## 杂项 &lt;b&gt;不是粗体&lt;/b&gt;" in page
    image = [p for p in files if p.startswith("assets/")]
    assert len(image) == 1 and files[image[0]].content.startswith(b"\x89PNG")
    assert f"![一张示意图]({image[0]})" in page
    assert "| \\*星号\\* | a\\|b |" in page
    assert "??? note dd-notes \"补充说明\"\n\n    \\# 不是标题" in page


def test_converting_twice_changes_no_byte(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [four_in_a_row()])
    assert convert([deck]).files == convert([deck]).files


def test_mkdocs_build_strict_passes_on_a_generated_site(tmp_path):
    project = tmp_path / "project"  # a deck and nothing else: deckdocs' own config and files
    (project / "source_slides").mkdir(parents=True)
    slides = [SlideSpec([Title("构建测试")]), SlideSpec([Text(3, 3, 6, 1, "第一部分", size=40), Text(3, 4, 3, 0.5, "PART01")]),
              four_in_a_row()]
    build_deck(project / "source_slides" / "deck.pptx", slides)
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    page = next(p for p in (site / "01-di-yi-bu-fen.html", site / "01-di-yi-bu-fen" / "index.html") if p.exists())
    html = page.read_text(encoding="utf-8")
    assert 'id="第0项"' in html and "第0项的正文" in html
    assert "WARNING" not in result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    if Path("/usr/bin/chromium").exists():  # the handout the home page links is printed by build
        assert (site / "course.pdf").read_bytes().startswith(b"%PDF")
        assert 'href="course.pdf"' in home
    else:
        assert "no PDF handout" in result.stderr
        assert "course.pdf" not in home
    # A build that prints no handout (--no-pdf, serve, plain mkdocs) does not link it: no 404.
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build", "--no-pdf", "--site", "site2"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "course.pdf" not in (project / "site2" / "index.html").read_text(encoding="utf-8")
    assert "学习资源" in (project / "site2" / "index.html").read_text(encoding="utf-8")
