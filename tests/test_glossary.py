"""glossary: glossary.yml, which headings are terms, pinyin order, the page, term links, jieba."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from deckdocs.glossary.concepts import are_related, concept_rejection, restates
from deckdocs.errors import GlossaryError
from deckdocs.glossary import (
    GLOSSARY_PAGE, TERMS_DATA, GlossaryEntry, build_glossary, glossary_files, glossary_terms,
    initial_letter, is_concept, load_glossary_file, parse_glossary, pinyin_key,
    render_glossary_page, render_terms_data,
)
from deckdocs.model import ArrangedSlide, Deck, Item, Paragraph, Run, TableBlock, TextBlock
from deckdocs.outline import outline_course
from deckdocs.site.termlinks import link_page_terms, link_terms
from deckdocs.glossary.terms_data import TermLink, TermLinks, parse_terms_data

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "glossary.md"


def para(text):
    return (Paragraph((Run(text),)),)


def item(heading, body):
    return Item(para(heading), para(body))


def slide(number, title, *blocks, badges=()):
    return ArrangedSlide(number, title, tuple(blocks), "", (), tuple(badges))


SLIDES = (
    slide(1, "微粒贷基础知识培训课件课程", TextBlock(para("20XX"))),
    slide(2, "目录", *(TextBlock(para(t)) for t in ("微粒贷概述", "微粒贷风险管理", "微粒贷法律法规"))),
    slide(3, "微粒贷概述", badges=("PART01",)),
    slide(4, "产品特点",
          item("无抵押信用贷款", "微粒贷提供无抵押信用贷款服务，用户无需提供任何抵押物即可申请贷款。"),
          item("灵活的还款方式", "用户可以根据自己的财务状况选择不同的还款方式，包括等额本息、先息后本等。")),
    slide(5, "用户注册与认证",
          item("下载微粒贷App", "用户可通过手机应用商店下载微粒贷App，开始注册流程。"),
          item("实名认证步骤", "用户需提供身份证信息及人脸识别，完成实名认证，确保账户安全。")),
    slide(6, "微粒贷风险管理", badges=("PART02",)),
    slide(7, "风险评估机制",
          item("信用评分模型", "微粒贷采用先进的信用评分模型，通过大数据分析用户信用历史，预测还款能力。"),
          TableBlock((("方式", "说明"), ("等额本息", "每期金额相同")))),
    slide(8, "防欺诈措施",
          item("信用评分模型", "利用大数据和机器学习技术，构建信用评分模型，对借款人的信用风险进行精准评估。"),
          item("实名认证强化", "微粒贷通过严格的实名认证流程，确保借款人身份真实。")),
    slide(9, "微粒贷法律法规", badges=("PART03",)),
    slide(10, "相关法律法规",
          item("反洗钱法", "微粒贷需遵循反洗钱法规定，对用户身份进行严格审核。"),
          item("个人信息保护", "微粒贷必须严格保护用户个人信息。")),
)
YML = """\
terms:
  等额本息: 每期偿还相同金额的还款方式。
  先息后本:
    definition: 借款期内只付利息，
      到期一次归还本金。
    aliases: [先付息后还本]
  反洗钱: 预防洗钱活动的措施。
  逾期: 未在约定的还款日足额还款。
not_terms:
  - 个人信息保护
"""


@pytest.fixture(scope="module")
def course():
    return outline_course(Deck("course.pptx", 12192000, 6858000, ()), SLIDES)


@pytest.fixture(scope="module")
def glossary(course):
    return build_glossary((course,), parse_glossary(YML, "source_slides/glossary.yml"))


def yml_error(text: str) -> str:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(textwrap.dedent(text), "source_slides/glossary.yml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("source_slides/glossary.yml: line ")
    return message


# ---------------------------------------------------------------- glossary.yml


def test_the_yml_gives_terms_with_definitions_aliases_and_headings_that_are_not_terms():
    entries = parse_glossary(YML)
    assert [(e.term, e.is_excluded) for e in entries] == [
        ("等额本息", False), ("先息后本", False), ("反洗钱", False), ("逾期", False), ("个人信息保护", True)]
    assert entries[1].definition == "借款期内只付利息，到期一次归还本金。"  # folded lines joined without a space
    assert entries[1].aliases == ("先付息后还本",)
    assert entries[1].line == 3


def test_yml_keys_stay_the_text_typed_even_where_yaml_sees_numbers_or_booleans():
    entries = parse_glossary("terms:\n  yes: 一个词。\n  2024: 一个年份。\n  null: 空值。\n")
    assert [e.term for e in entries] == ["yes", "2024", "null"]


def test_a_missing_yml_gives_no_entries(tmp_path):
    assert load_glossary_file(tmp_path / "glossary.yml") == ()


def test_an_unknown_top_level_key_is_an_error_naming_the_line_and_the_fix():
    message = yml_error("terms:\n  逾期: 未按时还款。\ntrems:\n  等额本息: 每期相同。\n")
    assert "line 3: unknown key 'trems'" in message and "'terms' and 'not_terms'" in message


def test_an_unknown_key_inside_a_term_is_an_error():
    message = yml_error("terms:\n  先息后本:\n    defintion: 先付息。\n")
    assert "line 3: term 先息后本 has unknown key 'defintion'" in message
    assert "Use 'definition'" in message


@pytest.mark.parametrize("text", [
    "terms:\n  逾期:\n",
    "terms:\n  逾期: ''\n",
    "terms:\n  逾期: ~\n",
    "terms:\n  逾期:\n    definition:\n    aliases: [逾期还款]\n",
])
def test_an_empty_definition_is_an_error(text):
    message = yml_error(text)
    assert "term 逾期 has an empty definition" in message and "Write its definition" in message


def test_a_term_listed_twice_is_an_error_although_yaml_would_keep_the_last():
    message = yml_error("terms:\n  等额本息: 第一种写法。\n  逾期: 未按时还款。\n  等额本息: 第二种写法。\n")
    assert "line 4: term 等额本息 is listed twice (first on line 2)" in message
    assert "Keep one entry" in message


@pytest.mark.parametrize("text, what", [
    ("terms:\n  信用风险:\n    definition: 不能还款的可能。\n    aliases: [逾期]\n  逾期: 未按时还款。\n",
     "line 5: term 逾期 is listed twice (first on line 4)"),
    ("terms:\n  逾期: 未按时还款。\nnot_terms:\n  - 逾期\n", "line 4: not_terms entry 逾期 is listed twice"),
])
def test_a_term_that_is_also_an_alias_or_a_not_terms_entry_is_a_duplicate(text, what):
    assert what in yml_error(text)


def test_broken_yaml_is_one_line_with_the_line_number():
    message = yml_error("terms:\n  逾期: 未按时还款: 会产生罚息\n")
    assert "line 2: not valid YAML" in message and "quotes" in message


def test_the_committed_glossary_yml_is_valid():
    entries = load_glossary_file(ROOT / "source_slides" / "glossary.yml")
    assert {"等额本息", "先息后本", "微众银行", "实名认证", "逾期"} <= {e.term for e in entries}
    assert all(e.definition for e in entries if not e.is_excluded)


# ---------------------------------------------------------------- which headings are terms


@pytest.mark.parametrize("heading", [
    "无抵押信用贷款", "反洗钱法", "信用评分模型", "大数据风控技术", "信用评估", "信息披露", "个人信息保护",
    "网络借贷信息中介机构业务活动管理暂行办法", "信用修复机制", "反欺诈措施", "贷后监控系统",
    # other domains (an insurance or a card course): concepts to keep
    "免赔额", "犹豫期", "现金价值", "保单贷款", "如实告知义务", "年化利率", "循环额度", "不良贷款率", "小额贷款",
    "主动授信", "风险准备金", "个人", "公平交易权", "合法权益", "实时监控",
])
def test_headings_that_name_a_concept_are_terms(heading):
    assert is_concept(heading, "相关法律法规")


@pytest.mark.parametrize("heading", [
    "下载微粒贷App", "提交贷款申请", "绑定银行卡信息", "注册并登录微粒贷", "倡导理性借贷",  # actions
    "实名认证步骤", "贷款额度确定", "资金发放", "催收策略制定", "实名认证强化",  # steps
    "灵活的还款方式", "逾期利息与罚金", "微粒贷的用户群体", "什么是微粒贷？", "01", "贷",  # descriptions
])
def test_actions_steps_and_descriptions_are_not_terms(heading):
    assert not is_concept(heading, "贷款申请步骤")


@pytest.mark.parametrize("heading, why", [
    # the reviewer's list of the course's headings that are not terms
    ("个人用户", "people"), ("年轻上班族", "people"), ("个体经营者", "people"), ("受邀优质用户", "people"),
    ("小微企业主", "people"), ("社交平台入口", "place"), ("快速审批流程", "procedure"), ("审批流程", "procedure"),
    ("公平合理利率", "quality"), ("及时还款提示", "notice"), ("合同透明度要求", "requirement"),
    ("合法资金来源", "quality"), ("违约处理流程", "procedure"),
    # the same kinds in other domains
    ("老年客户", "people"), ("持卡人", "people"), ("理财经理", "people"), ("贷款经办人员", "people"),
    ("投保须知", "notice"), ("线上投保入口", "place"), ("快速理赔流程", "procedure"), ("高效审批", "quality"),
    ("严格审核", "quality"), ("便捷还款", "quality"), ("精准营销", "quality"), ("透明收费", "quality"),
])
def test_people_roles_places_procedures_notices_and_qualities_are_not_terms(heading, why):
    reason = concept_rejection(heading, "目标客户定位")
    assert reason is not None and why in reason


def test_the_parts_of_a_case_study_are_not_terms():
    assert not is_concept("案例背景", "案例一：短期周转")
    assert is_concept("案例背景", "产品特点")


# ---------------------------------------------------------------- building the glossary


def test_terms_sort_by_pinyin_syllable_by_syllable_and_group_under_letters():
    words = ["逾期", "违约", "微众银行", "App", "等额本息", "微粒贷", "反洗钱法", "反洗钱", "还款方式", "3日"]
    assert sorted(words, key=pinyin_key) == [
        "App", "等额本息", "反洗钱", "反洗钱法", "还款方式", "微粒贷", "微众银行", "违约", "逾期", "3日"]
    assert [initial_letter(w) for w in ("等额本息", "App", "还款方式", "3日")] == ["D", "A", "H", "#"]


def test_the_glossary_holds_concept_headings_and_yml_terms_in_pinyin_order(glossary):
    assert [t.name for t in glossary.terms] == [
        "等额本息", "反洗钱", "反洗钱法", "无抵押信用贷款", "先息后本", "信用评分模型", "逾期"]
    assert [(letter, [t.name for t in terms]) for letter, terms in glossary.groups()] == [
        ("D", ["等额本息"]), ("F", ["反洗钱", "反洗钱法"]), ("W", ["无抵押信用贷款"]),
        ("X", ["先息后本", "信用评分模型"]), ("Y", ["逾期"])]


def test_a_term_defined_on_two_slides_keeps_both_definitions_each_with_its_place(glossary):
    term = next(t for t in glossary.terms if t.name == "信用评分模型")
    assert [(d.source.slide, d.source.anchor) for d in term.definitions] == [(7, "信用评分模型"), (8, "信用评分模型-2")]
    page = render_glossary_page(glossary)
    assert "(02-wei-li-dai-feng-xian-guan-li.md#信用评分模型)" in page
    assert "(02-wei-li-dai-feng-xian-guan-li.md#信用评分模型-2)" in page


def test_a_yml_definition_replaces_the_slides_and_not_terms_keeps_a_heading_out(course):
    entries = parse_glossary("terms:\n  反洗钱法: 《中华人民共和国反洗钱法》。\nnot_terms:\n  - 无抵押信用贷款\n")
    glossary = build_glossary((course,), entries)
    term = next(t for t in glossary.terms if t.name == "反洗钱法")
    assert [(d.text, d.source) for d in term.definitions] == [("《中华人民共和国反洗钱法》。", None)]
    assert [ref.slide for ref in term.uses] == [10]  # still linked to the slide that uses it
    assert "无抵押信用贷款" not in [t.name for t in glossary.terms]


def test_uses_link_every_section_whose_text_has_the_term_the_longest_match_winning(glossary):
    uses = {t.name: [(u.slide, u.anchor) for u in t.uses] for t in glossary.terms}
    assert uses["等额本息"] == [(4, "灵活的还款方式"), (7, "风险评估机制")]  # an item's body; a table cell
    assert uses["反洗钱"] == []  # only ever part of 反洗钱法
    assert uses["逾期"] == []
    assert glossary.unused == ("反洗钱", "逾期")


def test_an_alias_that_is_a_term_on_the_slides_is_an_error(course):
    entries = (GlossaryEntry("信用模型", "评分的模型。", ("信用评分模型",), path="glossary.yml", line=3),)
    message = "glossary.yml: line 3: alias 信用评分模型 of 信用模型 is also a term on slide 7"
    with pytest.raises(GlossaryError, match=message):
        build_glossary((course,), entries)


def test_anchors_are_the_term_slugs_and_unique():
    deck = Deck("c.pptx", 1, 1, ())
    slides = (slide(1, "产品", item("App", "应用程序。"), item("app", "同上。"), item("术语表", "一页。")),)
    glossary = build_glossary((outline_course(deck, slides),))
    assert sorted(t.anchor for t in glossary.terms) == ["app", "app-2", "术语表-2"]


def test_the_glossary_page_matches_the_golden_file(glossary):
    assert render_glossary_page(glossary) == GOLDEN.read_text(encoding="utf-8")


def test_the_glossary_files_are_the_page_and_the_hidden_terms_data(glossary):
    page, data = glossary_files(glossary)
    assert (page.path, data.path) == (GLOSSARY_PAGE, TERMS_DATA) and TERMS_DATA.startswith(".")
    assert {n for n, _ in page.slides} == {4, 7, 8, 10}


def test_the_terms_data_round_trips(glossary):
    links = parse_terms_data(render_terms_data(glossary))
    assert links.glossary_page == "glossary.md"
    assert links.pages == {"01-wei-li-dai-gai-shu.md", "02-wei-li-dai-feng-xian-guan-li.md",
                           "03-wei-li-dai-fa-lv-fa-gui.md"}
    assert [(t.name, t.anchor) for t in links.terms] == [(t.name, t.anchor) for t in glossary.terms]
    assert next(t for t in links.terms if t.name == "先息后本").aliases == ("先付息后还本",)
    # the slide restates the term: the tooltip says it quotes the slide, it does not pose as a definition
    assert next(t for t in links.terms if t.name == "信用评分模型").tooltip.startswith("课件原文：微粒贷采用先进的信用评分模型")


# ---------------------------------------------------------------- linking terms in pages


def links(*terms: TermLink) -> TermLinks:
    return TermLinks(terms, frozenset({"02-x.md"}), "glossary.md", "glossary/")


TERMS = links(
    TermLink("等额本息", "等额本息", "每期金额相同。"),
    TermLink("先息后本", "先息后本", "先付息，后还本。", ("先付息后还本",)),
    TermLink("反洗钱", "反洗钱", "预防洗钱。"),
    TermLink("反洗钱法", "反洗钱法", '《反洗钱法》，"金融机构"的义务。'),
    TermLink("App", "app", "应用程序。"),
)


def linked(html: str, page_url: str = "02-x/") -> list[str]:
    """Return the text of the term links in the linked ``html``."""
    return re.findall(r'<a class="dd-term" href="[^"]*" title="[^"]*">([^<]*)</a>', link_terms(html, TERMS, page_url))


def test_terms_are_linked_inside_running_chinese_text():
    out = link_terms("<p>包括等额本息、先息后本等。</p>", TERMS, "02-x/")
    assert out == ('<p>包括<a class="dd-term" href="../glossary/#等额本息" title="每期金额相同。">等额本息</a>、'
                   '<a class="dd-term" href="../glossary/#先息后本" title="先付息，后还本。">先息后本</a>等。</p>')


def test_the_longest_term_wins_and_is_never_split_into_a_shorter_one():
    assert linked("<p>遵循反洗钱法规定。</p><p>又见反洗钱法。</p><p>做好反洗钱工作。</p>") == ["反洗钱法", "反洗钱"]


def test_only_the_first_occurrence_on_a_page_is_linked_an_alias_counting_as_the_term():
    assert linked("<p>先付息后还本，即先息后本。</p><p>等额本息和等额本息。</p>") == ["先付息后还本", "等额本息"]


def test_latin_terms_need_word_edges():
    assert linked("<p>Apple 不是 App。</p>") == ["App"]


def test_the_tooltip_is_escaped_into_the_title():
    assert 'title="《反洗钱法》，&quot;金融机构&quot;的义务。"' in link_terms("<p>反洗钱法</p>", TERMS, "02-x/")


@pytest.mark.parametrize("html", [
    '<h2 id="a">等额本息</h2>',
    '<h3 id="b">等额本息<a class="headerlink" href="#b">¶</a></h3>',
    '<p><a href="https://example.com">等额本息</a></p>',
    "<p><code>等额本息</code></p><pre><code>等额本息</code></pre>",
    '<p class="dd-slide" data-slide="4">等额本息</p>',
    '<div class="admonition note"><p class="admonition-title">等额本息</p></div>',
    "<details><summary>等额本息</summary></details>",
    '<div class="quiz" id="quiz-0"><div class="quiz-question"><p>什么是等额本息？</p></div></div>',
    "<quiz>等额本息</quiz>",
    "<!-- MKDOCS_QUIZ_PLACEHOLDER_0 -->",
    '<h2 id="本章自测">本章自测</h2><p>什么是等额本息？</p><ul><li>等额本息</li></ul>',
])
def test_nothing_is_linked_in_headings_links_code_notes_titles_or_quizzes(html):
    assert link_terms(html + "<p>无关。</p>", TERMS, "02-x/") == html + "<p>无关。</p>"


def test_the_first_occurrence_outside_excluded_places_is_the_one_linked():
    html = '<h2 id="h">等额本息</h2><p><code>等额本息</code>与等额本息</p>'
    assert link_terms(html, TERMS, "02-x/").endswith(
        '与<a class="dd-term" href="../glossary/#等额本息" title="每期金额相同。">等额本息</a></p>')


def test_linking_resumes_after_the_quiz_section():
    html = '<h2 id="本章自测">本章自测</h2><p>等额本息</p><h2 id="next">下一节</h2><p>等额本息</p>'
    assert linked(html) == ["等额本息"] and link_terms(html, TERMS, "02-x/").index("dd-term") > html.index("next")


def test_the_glossary_page_and_pages_that_are_not_chapters_are_left_alone():
    html = "<p>等额本息</p>"
    assert link_terms(html, TERMS, "glossary/") == html
    assert link_page_terms(html, TERMS, "glossary.md", "glossary/") == html
    assert link_page_terms(html, TERMS, "index.md", "") == html
    assert link_page_terms(html, TERMS, "02-x.md", "02-x/") != html


def test_links_are_relative_to_the_page_for_file_and_folder_urls():
    one = links(TermLink("等额本息", "等额本息", "每期金额相同。"))
    as_files = dataclasses.replace(one, glossary_url="glossary.html")
    assert 'href="glossary.html#等额本息"' in link_terms("<p>等额本息</p>", as_files, "02-x.html")
    assert 'href="../../glossary/#等额本息"' in link_terms("<p>等额本息</p>", one, "course/02-x/")


def test_html_without_terms_comes_back_unchanged():
    html = ('<!DOCTYPE html><p class="x" data-a=\'1\'>A&amp;B &#169; &copy;<br>x<img src="a.png" alt="等"/>'
            '</p><script>if (a < b && c) {}</script><!-- note --><table><tr><td>1</td></tr></table>'
            '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>')
    assert link_terms(html, TERMS, "02-x/") == html


# ---------------------------------------------------------------- search


def test_glossary_terms_are_the_names_and_aliases_from_the_glossary_or_the_data_file(glossary):
    words = glossary_terms(glossary)
    assert "先付息后还本" in words and "信用评分模型" in words and list(words) == sorted(words)
    assert glossary_terms(parse_terms_data(render_terms_data(glossary))) == words


def test_the_user_dictionary_keeps_every_term_one_word_for_jieba(tmp_path):
    import jieba

    from deckdocs.site.search import render_user_dictionary, user_dictionary_terms

    text = render_user_dictionary(user_dictionary_terms((), ("等额本息", "先息后本", "反洗钱法", "微众银行", "两 个词")))
    assert text == "先息后本\n反洗钱法\n微众银行\n等额本息\n"  # one a line; spaced words left out
    path = tmp_path / "user.dict"
    path.write_text(text, encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    words = list(tokenizer.cut("用户可以选择不同的还款方式，包括等额本息、先息后本等。由腾讯公司旗下微众银行提供。"))
    assert {"等额本息", "先息后本", "微众银行"} <= set(words)


# ---------------------------------------------------------------- a real build


def test_a_real_mkdocs_build_links_terms_in_chapters_but_not_on_the_glossary_page(glossary, course, tmp_path):
    from deckdocs.render import render_course

    docs = tmp_path / "docs"
    for file in (*render_course(course), *glossary_files(glossary)):
        (docs / file.path).parent.mkdir(parents=True, exist_ok=True)
        (docs / file.path).write_bytes(file.content)
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: t
        use_directory_urls: true
        theme: {name: material, language: zh, features: [content.tooltips]}
        plugins: [deckdocs]
        markdown_extensions: [attr_list, md_in_html, toc]
    """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    chapter = (tmp_path / "site" / "01-wei-li-dai-gai-shu" / "index.html").read_text(encoding="utf-8")
    link = '<a class="dd-term" href="../glossary/#等额本息" title="每期偿还相同金额的还款方式。">等额本息</a>'
    assert link in chapter
    page = (tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'id="等额本息"' in page and "dd-term" not in page.replace("dd-term-", "")
    assert not (tmp_path / "site" / TERMS_DATA).exists()


def test_a_term_is_not_linked_inside_the_section_its_heading_names_but_is_linked_later():
    from deckdocs.site.termlinks import link_terms
    from deckdocs.glossary.terms_data import TermLink, TermLinks

    links = TermLinks((TermLink("信用评分模型", "xin-yong", "模型的定义"),), frozenset({"01.md"}), "glossary.md", "glossary.html")
    html = ('<h3 id="a">信用评分模型<a class="headerlink" href="#a">¶</a></h3><p>采用信用评分模型评估。</p>'
            '<h3 id="b">反欺诈技术</h3><p>结合信用评分模型识别欺诈。</p>')
    out = link_terms(html, links, "01.html")
    first, second = out.split('<h3 id="b">')
    assert "dd-term" not in first and second.count("dd-term") == 1


# ---------------------------------------------------------------- near-duplicates, quotes, what editors still owe


@pytest.mark.parametrize("a, b, related", [
    ("审批流程", "快速审批流程", True), ("信用评分", "信用评分模型", True), ("反欺诈措施", "反欺诈技术", True),
    ("反欺诈措施", "防欺诈措施", True), ("利率", "贷款利率", True), ("交易监控系统", "贷后监控系统", False),
    ("反洗钱法", "洗钱", False), ("信用修复机制", "信用评分模型", False), ("罚息", "罚息", False),
])
def test_near_duplicates_share_a_start_an_end_a_core_or_all_but_one_character(a, b, related):
    assert are_related(a, b) is related and are_related(b, a) is related


def test_a_slide_sentence_restates_a_term_when_it_uses_the_term_or_its_core():
    assert restates("实施贷后监控系统，实时跟踪贷款使用情况。", "贷后监控系统")
    assert restates("微粒贷应建立完善的反欺诈机制。", "反欺诈措施")
    assert restates("微粒贷必须严格保护用户个人信息不被泄露或滥用。", "个人信息保护")
    assert not restates("预测借款人违约概率的统计模型。", "信用评分模型")
    assert not restates("通过官方渠道发布产品说明和防骗提醒。", "官方渠道宣传")


NEAR = (
    slide(1, "课程", TextBlock(para("培训"))),
    slide(2, "风险评估机制",
          item("反欺诈技术", "运用机器学习等反欺诈技术，识别欺诈行为。"),
          item("贷后监控系统", "实时跟踪贷款使用情况的系统。")),
    slide(3, "防欺诈措施", item("交易监控系统", "监控异常交易。")),
    slide(4, "合规经营要求", item("反欺诈措施", "建立完善的反欺诈机制。"), item("年轻上班族", "25-35岁的白领。")),
)


@pytest.fixture(scope="module")
def near_glossary():
    course = outline_course(Deck("c.pptx", 12192000, 6858000, ()), NEAR)
    return build_glossary((course,), parse_glossary("terms:\n  交易监控系统: 实时识别异常交易的系统。\n"))


def test_near_duplicates_see_each_other_and_the_slide_whose_title_is_one(near_glossary):
    terms = {t.name: t for t in near_glossary.terms}
    assert "年轻上班族" not in terms
    assert terms["反欺诈措施"].see_terms == ("反欺诈技术",)
    assert terms["反欺诈技术"].see_terms == ("反欺诈措施",)
    assert [(r.slide, r.anchor) for r in terms["反欺诈措施"].see_sections] == [(3, "防欺诈措施")]
    page = render_glossary_page(near_glossary)
    entry = page.split("### 反欺诈措施", 1)[1].split("###", 1)[0]
    assert "参见：[反欺诈技术](#反欺诈技术) · [课程 › 防欺诈措施（幻灯片 3）](01-ke-cheng.md#防欺诈措施)" in entry


def test_a_restating_slide_sentence_is_quoted_as_the_slides_words_not_given_as_a_definition(near_glossary):
    terms = {t.name: t for t in near_glossary.terms}
    page = render_glossary_page(near_glossary)
    quoted = page.split("### 反欺诈技术", 1)[1].split("###", 1)[0]
    assert "课件原文：\n{ .dd-term-quote }\n\n> 运用机器学习等反欺诈技术，识别欺诈行为。\n\n" \
           "出处：[课程 › 风险评估机制（幻灯片 2）](01-ke-cheng.md#反欺诈技术)" in quoted
    assert terms["反欺诈技术"].tooltip == "课件原文：运用机器学习等反欺诈技术，识别欺诈行为。"
    defined = page.split("### 贷后监控系统", 1)[1].split("###", 1)[0]  # the sentence says what it is
    assert "\n实时跟踪贷款使用情况的系统。\n" in defined and "课件原文" not in defined
    assert terms["贷后监控系统"].tooltip == "实时跟踪贷款使用情况的系统。"


def test_heading_terms_without_an_editors_definition_are_listed_with_their_slide(near_glossary):
    assert near_glossary.undefined == (("贷后监控系统", "c.pptx", 2), ("反欺诈措施", "c.pptx", 4), ("反欺诈技术", "c.pptx", 2))


def test_check_notes_each_heading_term_the_editors_have_not_defined_without_failing(tmp_path, monkeypatch, capsys):
    from decks import SlideSpec, Text, Title, build_deck
    from deckdocs.cli import main

    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "course.pptx", [
        SlideSpec([Title("课程")]),
        SlideSpec([Title("风险评估机制"), Text(1, 2, 5, 0.6, "贷后监控系统", size=20, bold=True),
                   Text(1, 2.8, 5, 1.5, "实施贷后监控系统，实时跟踪贷款使用情况。")])])
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert "deckdocs: note: source_slides/course.pptx: slide 2: heading term '贷后监控系统' has no definition" in err
    (tmp_path / "source_slides" / "glossary.yml").write_text("terms:\n  贷后监控系统: 放款后持续监测借款人的系统。\n",
                                                             encoding="utf-8")
    assert main(["extract"]) == 0 and main(["check"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_the_course_decks_heading_terms_are_concepts_only(course_deck, tmp_path):
    from deckdocs import convert

    conversion = convert([course_deck], glossary_file=tmp_path / "none.yml")  # the slides alone
    glossary = build_glossary(conversion.courses)
    assert {t.name for t in glossary.terms} == {
        "无抵押信用贷款", "大数据风控技术", "信用评估", "信用评分模型", "贷后监控系统", "反欺诈技术", "交易监控系统",
        "信用修复机制", "消费者权益保护法", "反洗钱法", "网络借贷信息中介机构业务活动管理暂行办法", "个人信息保护",
        "反欺诈措施", "信息披露", "官方渠道宣传"}  # the committed glossary.yml lists the last under not_terms
    see = {t.name: t for t in glossary.terms}["反欺诈措施"]
    assert see.see_terms == ("反欺诈技术",) and [r.slide for r in see.see_sections] == [13]
    assert len(conversion.notes) == len(glossary.terms)
