"""Template leftovers: which lines are template text, and that arrange drops only those."""

from __future__ import annotations

import pytest

from deckdocs.leftovers import leftover_reason
from deckdocs.model import Role, TextBlock

from test_arrange import arrange, body, heading, text, title


@pytest.mark.parametrize("line", [
    "20XX", "20XX年", "20XX年XX月XX日", "20XX.XX.XX", "汇报人:XX", "汇报人：XXX", "主讲人： xx", "日期：20XX年XX月",
    "部门：某某", "XXX", "××", "单击此处添加标题", "单击此处编辑母版标题样式", "点击添加文本", "点击此处添加副标题",
    "在此处输入您的文本", "此处添加详细文本描述，建议与标题相关并符合整体语言风格", "添加标题",
    "您的内容打在这里，或者通过复制您的文本后，在此框中选择粘贴", "Click to add title", "Click to edit Master text styles",
    "Your Title Here", "Add your text here", "Title here", "Lorem ipsum dolor sit amet",
    "添加标题文字", "请输入标题", "Click icon to add picture", "Edit Master text styles", "Add title", "LOGO",
    "YOUR LOGO", "汇报时间：20XX.XX",
])
def test_template_text_is_a_leftover(line):
    assert leftover_reason(line)


@pytest.mark.parametrize("line", [
    "汇报人：张三", "2024年3月", "微粒贷基础知识培训", "点击“立即申请”按钮", "输入手机号和验证码", "插入图片", "谢谢观看",
    "XX银行信用卡中心的做法值得借鉴", "日利率：0.05%", "Click the Apply button", "Your data is safe", "年利率：18%",
    "X光检查", "", "添加银行卡", "标题党的危害", "标题", "副标题", "Logo design basics", "Add titles to your charts for clarity",
])
def test_real_text_is_kept(line):
    assert leftover_reason(line) is None


def test_a_cover_with_a_dummy_date_and_presenter_keeps_only_its_title():
    slide = arrange(title("新员工入职培训"), text("Date", 4, 4, 4, 0.5, "20XX"),
                    text("Presenter", 4, 5, 4, 0.5, "汇报人：XX"), number=1)
    assert slide.title == "新员工入职培训"
    assert slide.blocks == ()
    leftovers = [p for p in slide.placements if p.role is Role.LEFTOVER]
    assert [(p.shape_name, p.text) for p in leftovers] == [("Date", "20XX"), ("Presenter", "汇报人：XX")]
    assert "汇报人：XX" in leftovers[1].reason


def test_only_the_leftover_line_of_a_box_is_dropped_and_real_lines_stay():
    slide = arrange(title("谢谢观看"), text("Box", 4, 4, 4, 1, ["汇报人：张三", "20XX年XX月"]), number=9)
    assert [b.text for b in slide.blocks if isinstance(b, TextBlock)] == ["汇报人：张三"]
    assert [(p.role, p.text) for p in slide.placements if p.role is Role.LEFTOVER] == [(Role.LEFTOVER, "20XX年XX月")]


def test_a_prompt_in_the_title_placeholder_is_never_the_title_and_the_content_stays():
    slide = arrange(title("单击此处添加标题"), heading("H1", 1, 3, "信用评分"), body("B1", 1, 3.6, "根据信用记录计算的分数。"),
                    heading("H2", 7, 3, "罚息"), body("B2", 7, 3.6, "逾期时按合同加收的利息。"))
    assert slide.title == ""
    assert [(b.heading_text, b.body_text) for b in slide.blocks] == [
        ("信用评分", "根据信用记录计算的分数。"), ("罚息", "逾期时按合同加收的利息。")]


def test_extract_and_check_warn_with_the_slide_and_the_site_never_shows_the_leftovers(tmp_path, monkeypatch, capsys):
    from decks import SlideSpec, Text, Title, build_deck
    from deckdocs.cli import main

    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [
        SlideSpec([Title("新员工培训"), Text(4, 4, 5, 0.6, "20XX"), Text(4, 5, 5, 0.6, "汇报人：XX")]),
        SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")]),
        SlideSpec([Title("谢谢观看"), Text(4, 5, 5, 0.6, ["汇报人：XX", "主讲：张三"])])])
    monkeypatch.chdir(tmp_path)
    for command, code in (("extract", 0), ("check", 0)):
        assert main([command]) == code
        err = capsys.readouterr().err
        assert "slide 1: shape" in err and "'20XX' left off the site" in err
        assert "slide 3: shape" in err and "'汇报人：XX' left off the site" in err
        assert "张三" not in err
    home = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    assert "XX" not in home and "主讲：张三" in home and "谢谢观看" in home


def test_inspect_shows_each_leftover_with_its_role_and_reason(tmp_path, capsys):
    from decks import SlideSpec, Text, Title, build_deck
    from deckdocs.cli import main

    deck = build_deck(tmp_path / "c.pptx", [SlideSpec([Title("新员工培训"), Text(4, 4, 5, 0.6, "汇报人：XX")])])
    assert main(["inspect", str(deck)]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if "汇报人" in l)
    assert "template leftover" in line and "a label with a dummy value" in line
