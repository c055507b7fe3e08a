"""Quizzes: generated questions, editors' questions in the notes, rendering, QTI export.

The generator is tested on hand-built courses holding the course deck's own text (its slides
4–18 repeat headings and overlap in meaning, which is what makes distractors hard), and on the
real course deck when it is in source_slides/.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from lxml import etree
from mkdocs_quiz.qti import QTIVersion

from deckdocs.errors import DeckdocsError, QuizFormatError
from deckdocs.model import ArrangedSlide, Chapter, Course, Item, Paragraph, Run, SlideSection
from deckdocs.export.qti import export_qti, to_collection
from deckdocs.quiz.notes import parse_notes
from deckdocs.quiz import (
    PAGE_META, Question, build_question_bank, render_chapter_quiz, render_final_quiz, strip_questions,
)
from deckdocs.glossary.file import load_glossary_file
from deckdocs.quiz.bank import CHAPTER_TARGET
from deckdocs.quiz.material import Material
from deckdocs.quiz.model import GENERATED_KINDS
from deckdocs.quiz.text import _norm

from conftest import ROOT

GLOSSARY = load_glossary_file(ROOT / "source_slides" / "glossary.yml")

# The course deck's text, slides 5–19: (chapter, [(slide title, [(heading, body), …]), …]).
DECK = [
    ("微粒贷概述", [
        ("微粒贷定义", [
            ("微粒贷的业务模式", "微粒贷是一种基于大数据的个人信用贷款服务,由腾讯公司旗下微众银行提供。"),
            ("微粒贷的额度与利率", "根据用户的信用评分,微粒贷提供不同额度的贷款,利率根据市场情况浮动。"),
            ("微粒贷的用户群体", "主要面向微信和QQ用户,提供无抵押、无担保的个人消费贷款。")]),
        ("产品特点", [
            ("无抵押信用贷款", "微粒贷提供无抵押信用贷款服务,用户无需提供任何抵押物即可申请贷款。"),
            ("快速审批流程", "微粒贷审批流程高效快捷,通常能在几分钟内完成审批,满足用户的即时资金需求。"),
            ("灵活的还款方式", "用户可以根据自己的财务状况选择不同的还款方式,包括等额本息、先息后本等。"),
            ("大数据风控技术", "微粒贷运用先进的大数据风控技术,对用户信用进行评估,降低信贷风险。")]),
        ("服务对象", [
            ("个人用户", "微粒贷主要面向有短期资金需求的个人用户,提供便捷的小额贷款服务。"),
            ("小微企业主", "针对小微企业主的经营性贷款需求,微粒贷提供灵活的贷款产品,助力企业发展。")]),
    ]),
    ("微粒贷操作流程", [
        ("用户注册与认证", [
            ("下载微粒贷App", "用户可通过手机应用商店下载微粒贷App,开始注册流程。"),
            ("实名认证步骤", "用户需提供身份证信息及人脸识别,完成实名认证,确保账户安全。"),
            ("绑定银行卡信息", "注册后,用户需绑定银行卡,以便后续贷款资金的转入和转出操作。")]),
        ("贷款申请步骤", [
            ("注册并登录微粒贷", "用户需在微粒贷平台上注册账号,并通过手机验证登录,开始贷款申请流程。"),
            ("填写贷款申请信息", "用户根据提示填写个人基本信息、工作信息及贷款用途等,确保信息真实有效。"),
            ("提交贷款申请", "完成信息填写后,用户需提交贷款申请,等待微粒贷后台审核。"),
            ("签署贷款合同", "审核通过后,用户需在线签署电子贷款合同,明确双方权利义务。"),
            ("贷款发放与还款", "合同签署完毕,贷款将按照用户选择的方式发放至指定账户,用户需按时还款。")]),
        ("贷款审批与发放", [
            ("信用评估", "微粒贷通过大数据分析用户信用,快速评估贷款资格,决定是否批准贷款申请。"),
            ("审批流程", "用户提交贷款申请后,微粒贷系统自动审批,通常几分钟内即可完成审批流程。"),
            ("贷款额度确定", "根据用户的信用评分和还款能力,微粒贷会确定相应的贷款额度,用户可实时查看。"),
            ("资金发放", "审批通过后,微粒贷将资金直接发放至用户指定的银行账户,实现快速到账。")]),
    ]),
    ("微粒贷风险管理", [
        ("风险评估机制", [
            ("信用评分模型", "微粒贷采用先进的信用评分模型,通过大数据分析用户信用历史,预测还款能力。"),
            ("贷后监控系统", "实施贷后监控系统,实时跟踪贷款使用情况,及时发现并处理潜在风险。"),
            ("反欺诈技术", "运用机器学习等反欺诈技术,识别和防范欺诈行为,保障贷款安全。")]),
        ("防欺诈措施", [
            ("实名认证强化", "微粒贷通过严格的实名认证流程,确保借款人身份真实,防止身份盗用和欺诈行为。"),
            ("交易监控系统", "部署先进的交易监控系统,实时分析交易行为,及时发现并阻止可疑交易,保障资金安全。"),
            ("信用评分模型", "利用大数据和机器学习技术,构建信用评分模型,对借款人的信用风险进行精准评估,降低欺诈风险。")]),
        ("催收与违约处理", [
            ("催收策略制定", "微粒贷需制定明确的催收策略,包括电话催收、短信提醒等,以降低违约率。"),
            ("违约处理流程", "明确违约处理流程,包括违约通知、协商还款、法律诉讼等步骤,确保风险可控。"),
            ("逾期利息与罚金", "设定合理的逾期利息和罚金制度,以经济手段促使借款人按时还款,减少损失。"),
            ("信用修复机制", "为违约借款人提供信用修复方案,如分期还款计划,帮助其重建信用,降低坏账率。")]),
    ]),
    ("微粒贷法律法规", [
        ("相关法律法规", [
            ("消费者权益保护法", "微粒贷作为互联网金融服务,必须遵守消费者权益保护法,确保用户信息安全和公平交易。"),
            ("反洗钱法", "微粒贷需遵循反洗钱法规定,对用户身份进行严格审核,防止资金非法流动。"),
            ("网络借贷信息中介机构业务活动管理暂行办法", "微粒贷作为网络借贷平台,须按照此办法进行业务操作,确保合法合规经营。")]),
        ("用户权益保护", [
            ("合同透明度要求", "微粒贷需确保合同条款明确无误,保障用户充分理解贷款条件,避免隐藏费用。"),
            ("个人信息保护", "微粒贷必须遵守相关法律法规,严格保护用户个人信息不被泄露或滥用。"),
            ("公平合理利率", "微粒贷应提供公平合理的贷款利率,不得设置过高利率或附加不合理的费用。"),
            ("及时还款提示", "微粒贷应通过多种方式提醒用户还款,避免逾期造成用户不必要的经济损失。")]),
        ("合规经营要求", [
            ("合法资金来源", "微粒贷需确保资金来源合法,避免涉及洗钱等非法金融活动,保障金融安全。"),
            ("反欺诈措施", "微粒贷应建立完善的反欺诈机制,防止身份盗用和信贷欺诈,维护市场秩序。")]),
    ]),
]

BANK_QUESTION = """问题：微粒贷由哪家银行提供？
- [ ] 招商银行
- [x] 微众银行
- [ ] 网商银行
解析：微粒贷由腾讯公司旗下微众银行提供。"""


def _paragraphs(text: str) -> tuple[Paragraph, ...]:
    return (Paragraph((Run(text),)),)


def make_course(deck=DECK, notes: dict[int, str] | None = None, prefix: str = "",
                source: str = "微粒贷基础知识培训课件课程.pptx") -> Course:
    """Return a course as outline would make it: one chapter per part, slides numbered from 5."""
    notes = notes or {}
    chapters, number = [], 3
    for chapter_number, (title, slides) in enumerate(deck, 1):
        number += 1  # the part divider
        taken = {"本章自测"}

        def claim(text: str) -> str:
            anchor, n = text, 2
            while anchor in taken:
                anchor, n = f"{text}-{n}", n + 1
            taken.add(anchor)
            return anchor

        page_anchor = claim(title)
        sections = []
        for slide_title, items in slides:
            number += 1
            blocks = tuple(Item(_paragraphs(h), _paragraphs(b)) for h, b in items)
            slide = ArrangedSlide(number, slide_title, blocks, notes.get(number, ""))
            sections.append(SlideSection(slide, slide_title or f"幻灯片 {number}", claim(slide_title or f"slide-{number}"),
                                         tuple(claim(h) for h, _ in items)))
        chapters.append(Chapter(chapter_number, title, f"{chapter_number:02d}-part", tuple(sections), page_anchor,
                                ("本章自测",)))
    return Course(source, "微粒贷基础知识培训课件课程", (), prefix, (), tuple(chapters))


# ---------------------------------------------------------------- an independent fairness check


def _items_by_slide(course: Course) -> dict[int, tuple[str, list[tuple[str, str]]]]:
    found = {}
    for chapter in course.chapters:
        for section in chapter.sections:
            items = [(b.heading_text, b.body_text) for b in section.slide.blocks if isinstance(b, Item)]
            found[section.slide.number] = (section.heading, items)
    return found


def assert_fair(course: Course, question: Question) -> None:
    """Fail unless ``question`` has the right number of right options and none that rivals them."""
    right = [o.text for o in question.options if o.is_correct]
    wrong = [o.text for o in question.options if not o.is_correct]
    what = f"slide {question.slide} {question.kind}: {question.prompt} {[o.text for o in question.options]}"
    assert len({_norm(o.text) or o.text for o in question.options}) == len(question.options), f"repeated option: {what}"
    if question.kind == "editor":
        return
    assert (len(right) >= 2) if question.kind == "multiple" else (len(right) == 1), what
    assert len(question.options) >= (2 if question.kind == "true-false" else 3), what
    title, items = _items_by_slide(course)[question.slide]
    on_slide = {_norm(h) for h, _ in items}
    if question.kind == "multiple":  # right: headings of the slide; wrong: headings of other slides
        assert all(_norm(r) in on_slide for r in right), what
        assert not any(_norm(w) in on_slide for w in wrong), what


# ---------------------------------------------------------------- generator


def assert_pages_share_the_bank_well(course: Course, bank) -> None:
    """Fail unless every 本章自测 has three to ``CHAPTER_TARGET`` questions (fewer only when the
    chapter has nothing else to ask that the pages do not ask already), and the 综合测验 asks
    other questions than the pages, no course sentence twice."""
    asked = [q for quiz in bank.chapters for q in (*quiz.questions, *quiz.final)]
    assert len({q.key for q in asked}) == len(asked)
    sentences = [s for q in asked if q.kind != "editor" for s in q.sentences]
    assert len(sentences) == len(set(sentences))
    for chapter, quiz in zip(course.chapters, bank.chapters):
        questions = bank.for_chapter(course, chapter)
        assert len(questions) <= CHAPTER_TARGET, chapter.title
        if len(questions) < 3:
            shown = {s for q in (*quiz.questions, *quiz.final) for s in q.sentences}
            topics = {t for q in (*quiz.questions, *quiz.final) for t in q.topics}
            unused = [q for q in bank.questions if q.chapter == chapter.title and q not in quiz.questions
                      and q not in quiz.final and not q.sentences & shown and not q.topics & topics]
            assert unused == [], (chapter.title, [q.prompt for q in unused])


def test_every_chapter_page_gets_three_to_eight_questions_and_the_final_test_other_ones():
    course = make_course()
    bank = build_question_bank((course,), GLOSSARY)
    assert_pages_share_the_bank_well(course, bank)
    assert sum(len(q.questions) for q in bank.chapters) < len(bank.questions)  # the rest stays in the bank
    assert bank.final
    assert {q.kind for q in bank.questions} <= set(GENERATED_KINDS)
    assert len({q.kind for q in bank.questions}) >= 4


def test_no_generated_question_has_a_second_defensible_answer():
    course = make_course()
    bank = build_question_bank((course,), GLOSSARY)
    assert len(bank.questions) > 20
    for question in bank.questions:
        assert_fair(course, question)


def test_a_heading_the_deck_repeats_is_never_offered_on_a_slide_that_has_it():
    course = make_course()
    bank = build_question_bank((course,), GLOSSARY)
    for question in (q for q in bank.questions if q.slide in (13, 14)):
        assert "信用评分模型" not in [o.text for o in question.options if not o.is_correct and o.sort != "sibling"]


def test_an_item_whose_body_says_the_same_as_one_on_the_slide_is_never_a_distractor():
    same = "微粒贷运用先进的大数据风控技术,对用户信用进行评估,降低信贷风险。"
    deck = [(title, [(s, list(items)) for s, items in slides]) for title, slides in DECK]
    deck[3][1][2][1].append(("智能风险评估", same))  # a new heading, word for word the body of 大数据风控技术
    course = make_course(deck)
    bank = build_question_bank((course,), GLOSSARY)
    on_product_slide = [q for q in bank.questions if q.slide == 6]
    assert on_product_slide
    assert all("智能风险评估" not in [o.text for o in q.options] for q in on_product_slide)


def test_a_sibling_heading_is_not_offered_when_the_deck_gives_it_the_quoted_body_elsewhere():
    body = "微粒贷采用先进的信用评分模型,通过大数据分析用户信用历史,预测还款能力。"
    deck = [(title, [(s, list(items)) for s, items in slides]) for title, slides in DECK]
    deck[3][1][0][1].append(("贷后监控系统", body))  # elsewhere 贷后监控系统 says what 信用评分模型 says
    material = Material(make_course(deck))
    slide = next(s for s in material.slides if s.slide.number == 13)
    quoted = next(e for e in slide.entries if e.body == body)
    sibling = next(e for e in slide.entries if e.heading == "贷后监控系统")
    assert not material.is_wrong_heading(sibling, quoted)
    assert material.is_wrong_heading(sibling, next(e for e in slide.entries if e.heading == "反欺诈技术"))
    bank = build_question_bank((make_course(deck),), GLOSSARY)
    for question in (q for q in bank.questions if q.quote == body):
        assert "贷后监控系统" not in [o.text for o in question.options] + [question.prompt]


def test_the_same_deck_gives_the_same_questions_in_the_same_option_order():
    first = build_question_bank((make_course(),))
    second = build_question_bank((make_course(),))
    assert first.questions == second.questions
    assert first.final == second.final
    assert render_final_quiz(first) == render_final_quiz(second)
    positions = {[o.is_correct for o in q.options].index(True) for q in first.questions}
    assert len(positions) > 1  # the right answer is not always in the same place


def test_a_changed_slide_changes_only_its_own_questions_and_those_that_borrowed_from_it():
    before = build_question_bank((make_course(),), GLOSSARY)
    deck = [(title, [(s, list(items)) for s, items in slides]) for title, slides in DECK]
    deck[1][1][1][1][2] = ("提交贷款申请", "完成信息填写后,用户需提交贷款申请,等待微粒贷后台审核并留意短信。")  # slide 10
    after = build_question_bank((make_course(deck),), GLOSSARY)
    changed_slide = 10

    old = {q.key: q for q in before.questions}
    new = {q.key: q for q in after.questions}
    assert {k for k, q in old.items() if q.slide == changed_slide} != {k for k, q in new.items() if q.slide == changed_slide}
    others = [k for k, q in old.items() if q.slide != changed_slide]
    assert others and sum(k in new for k in others) >= 0.95 * len(others)  # other slides keep their questions …
    unexplained = [k for k in others if k in new and (old[k].prompt, old[k].options) != (new[k].prompt, new[k].options)
                   and changed_slide not in {n for n, _ in old[k].borrowed + new[k].borrowed}]
    assert len(unexplained) <= 2, [new[k] for k in unexplained]  # … or name slide 11 as the cause


def test_explanations_link_to_the_section_relative_to_the_page():
    course = make_course(prefix="wld")
    bank = build_question_bank((course,), GLOSSARY)
    chapter = course.chapters[2]
    page = course.page_path(chapter.stem)
    markdown = render_chapter_quiz(bank.for_chapter(course, chapter), page)
    assert markdown.startswith("## 本章自测 { #本章自测 data-search-exclude }")
    assert "**出处：**[第 3 章 微粒贷风险管理 › " in markdown
    assert re.search(r"\]\(#(风险评估机制|防欺诈措施|催收与违约处理|[^)/]+)\)", markdown)
    assert "课程原文：“" in markdown and "\n> 回答错误。“" in markdown  # the answering sentence, per-option feedback
    assert "<!-- mkdocs-quiz results -->" in markdown
    final = render_final_quiz(bank)
    assert re.search(r"\]\(wld/0\d-part\.md#", final)  # a chapter's page, from the site's root
    assert final.startswith("---\n") and PAGE_META in final.split("---")[1]


def test_a_chapter_without_questions_gets_no_quiz_section():
    assert render_chapter_quiz((), "01-part.md") == ""


def test_deck_text_is_escaped_so_markup_on_a_slide_shows_as_text():
    hostile = [("测试<b>章</b>", [("*星号* <script>x</script>", [
        ("- [x] 伪选项", "正文里有 [[填空]] 和 </quiz> 以及 `代码` 与 **粗体** 的描述文字。"),
        ("# 标题", "另一段描述文字,带有 <i>HTML</i> 和 & 符号,以及足够长的内容。"),
        ("普通标题", "第三段描述文字,讲的是完全不同的事情,比如还款提醒。")])])]
    bank = build_question_bank((make_course(hostile + DECK[:1]),))
    markdown = render_chapter_quiz(bank.chapters[0].questions, "01-part.md")
    blocks = re.findall(r"<quiz>\n(.*?)\n</quiz>", markdown, re.S)
    assert blocks
    for block in blocks:
        lines = block.split("\n")
        assert sum(1 for line in lines if re.match(r"^[-*] \[(x| )\] ", line)) == len(
            [line for line in lines if line.startswith(("- [", "* ["))])
        assert "<script>" not in block and "<b>" not in block and "</quiz>" not in block and "[[" not in block


# ---------------------------------------------------------------- editors' questions


def test_a_notes_question_is_parsed_with_its_options_and_explanation():
    notes = "先讲定义。\n\n" + BANK_QUESTION + "\n\n最后提醒学员。"
    parsed = parse_notes(notes, slide=5, path="deck.pptx")
    assert parsed.problems == ()
    (question,) = parsed.questions
    assert question.prompt == "微粒贷由哪家银行提供？"
    assert question.options == (("招商银行", False), ("微众银行", True), ("网商银行", False))
    assert question.explanation == "微粒贷由腾讯公司旗下微众银行提供。"
    assert question.line == 3
    assert strip_questions(notes) == "先讲定义。\n\n最后提醒学员。"


def test_notes_questions_accept_half_width_colons_several_right_answers_and_no_explanation():
    notes = "问题: 哪些是微粒贷的特点？\n- [x] 无抵押\n- [X] 审批快\n- [ ] 需要担保人\n\n问题：第二题？\n[ ] 甲\n[x] 乙"
    parsed = parse_notes(notes)
    assert parsed.problems == ()
    first, second = parsed.questions
    assert [ok for _, ok in first.options] == [True, True, False]
    assert first.explanation == ""
    assert second.options == (("甲", False), ("乙", True))
    assert parsed.text == ""


@pytest.mark.parametrize("notes, line, what", [
    ("问题：没有选项的问题？\n解析：无", 2, "解析 comes before the options"),
    ("讲稿。\n\n问题：没有选项的问题？", 3, "has no options"),
    ("问题：没有正确答案？\n- [ ] 甲\n- [ ] 乙", 1, "has no right answer"),
    ("讲稿第一行\n- [x] 甲\n- [ ] 乙", 2, "option comes before any 问题"),
    ("问题：只有一个选项？\n- [x] 甲", 2, "only one option"),
    ("问题：\n- [x] 甲\n- [ ] 乙", 1, "no question text"),
    ("问题：中间混入讲稿？\n- [x] 甲\n这是讲稿\n- [ ] 乙", 3, "unexpected line"),
    ("问题：选项重复？\n- [x] 甲\n- [ ] 甲", 3, "appears twice"),
    ("问题：解析后又有选项？\n- [x] 甲\n- [ ] 乙\n解析：因为\n- [ ] 丙", 5, "option comes after 解析"),
])
def test_a_malformed_notes_question_names_the_slide_and_the_notes_line(notes, line, what):
    parsed = parse_notes(notes, slide=7, path="微粒贷.pptx")
    assert parsed.questions == ()
    (problem,) = parsed.problems
    assert isinstance(problem, QuizFormatError)
    assert problem.slide == 7 and problem.line == line
    assert f"微粒贷.pptx: slide 7: notes line {line}: " in problem.message
    assert what in problem.message
    assert "问题" not in parsed.text and "[x]" not in parsed.text


def test_editor_questions_join_the_chapter_quiz_and_the_final_test_and_bad_ones_are_collected():
    notes = {6: "讲稿开头。\n\n" + BANK_QUESTION, 13: "问题：没有答案？\n- [ ] 甲\n- [ ] 乙"}
    course = make_course(notes=notes)
    bank = build_question_bank((course,), GLOSSARY)
    (problem,) = bank.problems
    assert problem.slide == 13 and problem.line == 1
    editor = [q for q in bank.questions if q.kind == "editor"]
    assert [q.prompt for q in editor] == ["微粒贷由哪家银行提供？"]
    assert editor[0] in bank.for_chapter(course, course.chapters[0])
    assert editor[0] not in bank.final  # the 综合测验 does not repeat a chapter's questions
    assert [o.text for o in editor[0].options] == ["招商银行", "微众银行", "网商银行"]  # the editor's order
    assert editor[0].source.anchor == "产品特点"
    assert len(bank.for_chapter(course, course.chapters[1])) >= 3  # the rest still builds


def test_a_generated_question_that_asks_what_an_editors_question_asks_stays_in_the_bank():
    notes = {14: "问题：哪项技术能及时发现并阻止可疑交易？\n- [ ] 实名认证强化\n- [x] 交易监控系统\n- [ ] 信用评分模型"}
    alone = build_question_bank((make_course(),), GLOSSARY)
    same = [q for q in alone.questions if q.slide == 14 and q.answer == "交易监控系统"]
    assert same  # the cloze 部署先进的（　　）,实时分析交易行为……
    assert same[0].key in {q.key for quiz in alone.chapters for q in (*quiz.questions, *quiz.final)}
    bank = build_question_bank((make_course(notes=notes),), GLOSSARY)
    shown = {q.key for quiz in bank.chapters for q in (*quiz.questions, *quiz.final)}
    assert same[0].key in {q.key for q in bank.questions} and same[0].key not in shown


# ---------------------------------------------------------------- QTI


def _package(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()}


NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def _check_manifest(files, item_type):
    manifest = files["imsmanifest.xml"]
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
    assert manifest.tag == "{http://www.imsglobal.org/xsd/imscp_v1p1}manifest"
    hrefs = [f.get("href") for f in manifest.iterfind(".//cp:resource/cp:file", ns)]
    assert sorted(hrefs) == sorted(set(files) - {"imsmanifest.xml"})
    items = [r for r in manifest.iterfind(".//cp:resource", ns) if r.get("type") == item_type]
    assert all(NCNAME.match(r.get("identifier")) for r in items)
    return items


def test_qti_21_export_is_a_well_formed_package_with_one_item_per_question():
    bank = build_question_bank((make_course(notes={6: BANK_QUESTION}),))
    files = _package(export_qti(bank, "2.1"))
    assert set(files) >= {"imsmanifest.xml", "assessment.xml"}
    items = _check_manifest(files, "imsqti_item_xmlv2p1")
    assert len(items) == len(bank.questions)
    qti = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
    test = files["assessment.xml"]
    assert test.tag == qti + "assessmentTest"
    refs = [r.get("href") for r in test.iter(qti + "assessmentItemRef")]
    assert sorted(refs) == sorted(n for n in files if n.startswith("items/"))
    for name in refs:
        item = files[name]
        assert item.tag == qti + "assessmentItem"
        assert {"identifier", "title", "adaptive", "timeDependent"} <= set(item.attrib)
        choices = [c.get("identifier") for c in item.iter(qti + "simpleChoice")]
        assert len(set(choices)) == len(choices) >= 2 and all(NCNAME.match(c) for c in choices)
        correct = [v.text for v in item.iter(qti + "correctResponse") for v in v]
        assert correct and set(correct) <= set(choices)
        assert item.find(f"{qti}itemBody/{qti}choiceInteraction") is not None
        assert item.find(f"{qti}modalFeedback") is not None  # the explanation and its source
    assert to_collection(bank, QTIVersion.V2_1).validate() == {}  # mkdocs-quiz's own checks


def test_qti_12_export_is_well_formed_and_keeps_markup_in_deck_text_as_text():
    notes = {6: '问题：<b>粗体</b> & "引号" 哪个对？\n- [x] <i>甲</i>\n- [ ] 乙 & 丙\n解析：<script>不执行</script>'}
    bank = build_question_bank((make_course(notes=notes),))
    files = _package(export_qti(bank))
    items = _check_manifest(files, "imsqti_item_xmlv1p2")
    assert len(items) == len(bank.questions)
    qti = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    assert files["assessment.xml"].tag == qti + "questestinterop"
    texts = []
    for name, root in files.items():
        if not name.startswith("items/"):
            continue
        labels = [r.get("ident") for r in root.iter(qti + "response_label")]
        assert set(v.text for v in root.iter(qti + "varequal")) <= set(labels)
        texts.extend(_html_text(m.text) for m in root.iter(qti + "mattext"))
    assert '<b>粗体</b> & "引号" 哪个对？' in texts  # the HTML in mattext shows the markup as text
    assert "<i>甲</i>" in texts and "乙 & 丙" in texts


def test_qti_export_is_byte_for_byte_deterministic_and_rejects_unknown_versions():
    bank = build_question_bank((make_course(),))
    assert export_qti(bank) == export_qti(build_question_bank((make_course(),)))
    with pytest.raises(DeckdocsError, match="Unknown QTI version"):
        export_qti(bank, "3.0")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts)


# ---------------------------------------------------------------- a real build


def test_mkdocs_builds_the_quizzes_in_chinese_with_deck_text_as_text(tmp_path):
    notes = {6: "问题：<script>alert(1)</script> 哪个对？\n- [x] **甲**\n- [ ] 乙\n解析：<b>因为</b>"}
    course = make_course(notes=notes)
    bank = build_question_bank((course,))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n")
    for chapter in course.chapters:
        quiz = render_chapter_quiz(bank.for_chapter(course, chapter), course.page_path(chapter.stem))
        anchors = "\n\n".join(f"## {s.heading} {{ #{s.anchor} }}\n\n" + "\n\n".join(
            f"### {a} {{ #{a} }}" for a in s.block_anchors) for s in chapter.sections)
        page = f"---\n{PAGE_META}\n---\n\n# {chapter.title} {{ #{chapter.anchor} }}\n\n{anchors}\n\n{quiz}"
        (docs / course.page_path(chapter.stem)).write_text(page)
    (docs / "quiz.md").write_text(render_final_quiz(bank))
    config = tmp_path / "mkdocs.yml"
    config.write_text(_quiz_only_config(docs))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    chapter = _built_page(site, "01-part").read_text()
    assert chapter.count('class="quiz"') == len(bank.for_chapter(course, course.chapters[0]))
    assert "问题 1" in chapter and "测验进度" in chapter
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 哪个对？" in chapter and "<script>alert(1)" not in chapter
    assert "**甲**" in chapter and "&lt;b&gt;因为&lt;/b&gt;" in chapter
    final = _built_page(site, "quiz").read_text()
    assert final.count('class="quiz"') == len(bank.final)
    assert re.search(r'href="(\.\./)?0\d-part(/|\.html)#', final)
    assert "mkdocsQuizTranslations" not in _built_page(site, "index").read_text()  # no quiz scripts off quiz pages
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if "这段内容对应" in d["text"] or "quiz" in d["location"]]


def _built_page(site, stem: str):
    """Return a built page's file, whether use_directory_urls is on (x/index.html) or off (x.html)."""
    nested = site / stem / "index.html"
    return nested if nested.exists() else site / f"{stem}.html"


def _quiz_only_config(docs) -> str:
    """Return a config inheriting the repo's, with only the search and mkdocs_quiz plugins (the
    repo's own settings for it) so that the other plugins' needs do not matter here."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", "rb") as f:
        parent = yaml_load(f)
    quiz = next(p["mkdocs_quiz"] for p in parent["plugins"] if isinstance(p, dict) and "mkdocs_quiz" in p)
    lines = [f"INHERIT: {ROOT / 'mkdocs.yml'}", f"docs_dir: {docs}", f"site_dir: {docs.parent / 'site'}",
             "plugins:", "  - search", f"  - mkdocs_quiz: {json.dumps(quiz)}"]
    custom_dir = parent.get("theme", {}).get("custom_dir")
    if custom_dir:
        lines += ["theme:", f"  custom_dir: {json.dumps(str(ROOT / custom_dir))}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the course deck


def test_the_course_deck_gets_fair_quizzes_for_every_chapter(course_deck):
    from deckdocs.pipeline import outline_decks, question_bank

    (course,) = outline_decks((course_deck,))
    bank = question_bank((course_deck,))
    assert all(isinstance(p, QuizFormatError) and p.slide for p in bank.problems)
    for question in bank.questions:
        assert_fair(course, question)
    for chapter in course.chapters:
        assert 5 <= len(bank.for_chapter(course, chapter)) <= CHAPTER_TARGET, chapter.title
    assert_pages_share_the_bank_well(course, bank)
    assert len({q.chapter for q in bank.final}) >= len(course.chapters) // 2
    assert export_qti(bank) == export_qti(question_bank((course_deck,)))


def test_changing_one_slide_of_the_course_deck_leaves_the_other_questions_alone(course_deck):
    from deckdocs.pipeline import outline_decks

    (course,) = outline_decks((course_deck,))
    chapter = course.chapters[1]
    section = chapter.sections[1]  # 贷款申请步骤
    index = next(i for i, b in enumerate(section.slide.blocks) if isinstance(b, Item))
    item = section.slide.blocks[index]
    blocks = list(section.slide.blocks)
    blocks[index] = Item(item.heading, _paragraphs(item.body_text + "（本段已修订）"))
    slide = replace(section.slide, blocks=tuple(blocks))
    sections = tuple(replace(s, slide=slide) if s is section else s for s in chapter.sections)
    changed = replace(course, chapters=tuple(replace(c, sections=sections) if c is chapter else c
                                             for c in course.chapters))
    before, after = build_question_bank((course,), GLOSSARY), build_question_bank((changed,), GLOSSARY)
    old = {q.key: q for q in before.questions if q.slide != slide.number}
    new = {q.key: q for q in after.questions if q.slide != slide.number}
    for key in old.keys() ^ new.keys():  # one that came or went had borrowed from the slide
        assert slide.number in {n for n, _ in (old.get(key) or new[key]).borrowed}, key
    assert len(old.keys() & new.keys()) >= 0.95 * len(old)
    for key in (k for k in old.keys() & new.keys() if (old[k].prompt, old[k].options) != (new[k].prompt, new[k].options)):
        assert slide.number in {n for n, _ in old[key].borrowed + new[key].borrowed}, new[key]
    assert ({q.key for q in before.questions if q.slide == slide.number}
            != {q.key for q in after.questions if q.slide == slide.number})
