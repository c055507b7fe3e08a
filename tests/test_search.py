"""deckdocs.site.search: the index the worker reads, the user dictionary, and the worker's matching.

The worker's own tests run its engine under Node (skipped without ``node``); what only a browser
can show (Material's results list, highlighting on the page) is in tests/browser/test_search.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import jinja2
import pytest

from deckdocs.site import search

CHAPTER_HTML = """
<h1 id="微粒贷法律法规">微粒贷法律法规</h1>
<h2 id="相关法律法规">相关法律法规</h2>
<p class="dd-slide" data-slide="16">幻灯片 16</p>
<h3 id="反洗钱法">反洗钱法</h3>
<p>微粒贷需遵循反洗钱法规定，对用户身份进行严格审核。</p>
<h2 id="用户权益保护">用户权益保护</h2>
<p class="dd-slide" data-slide="17">幻灯片 17</p>
<h3 id="个人信息保护">个人信息保护</h3>
<p>严格保护用户个人信息。</p>
<h2 id="本章自测">本章自测</h2>
<h3 id="第-1-题">第 1 题</h3>
<p>反洗钱法要求什么？</p>
"""


# ---------------------------------------------------------------- text


def test_fold_width_makes_full_width_letters_ascii_and_keeps_chinese_punctuation():
    assert search.fold_width("ＱＱ用户，ａｐｐ１２") == "QQ用户，app12"


def test_plain_text_drops_tags_entities_and_jiebas_zero_width_cuts():
    markup = "<p>微粒\u200b贷\u200b的&amp;<code>App</code></p><li>身份\u200b盗用</li>"
    assert search.plain_text(markup) == "微粒贷的& App 身份盗用"


# ---------------------------------------------------------------- slides


def test_slide_numbers_give_items_the_slide_of_their_section():
    slides = search.slide_numbers(CHAPTER_HTML)
    assert slides == {"相关法律法规": 16, "反洗钱法": 16, "用户权益保护": 17, "个人信息保护": 17}


def test_slide_numbers_leave_out_sections_that_are_no_slide():
    slides = search.slide_numbers(CHAPTER_HTML)
    assert "本章自测" not in slides and "第-1-题" not in slides and "微粒贷法律法规" not in slides


def test_location_anchor_unquotes_the_heading_id():
    assert search.location_anchor("04-x/#%E5%8F%8D%E6%B4%97%E9%92%B1%E6%B3%95") == ("04-x/", "反洗钱法")
    assert search.location_anchor("04-x/") == ("04-x/", "")


# ---------------------------------------------------------------- dictionary


def test_heading_stems_find_the_product_name_that_begins_many_headings():
    headings = ["微粒贷概述", "微粒贷定义", "微粒贷的业务模式", "微粒贷的额度与利率", "微粒贷的用户群体", "产品特点"]
    assert search.heading_stems(headings) == ["微粒贷"]


def test_heading_stems_need_three_headings():
    assert search.heading_stems(["反洗钱法", "反洗钱措施", "个人信息"]) == []


def test_user_dictionary_terms_hold_headings_stems_and_glossary_terms_but_no_latin_or_single_characters():
    terms = search.user_dictionary_terms(
        ["微粒贷概述", "微粒贷定义", "微粒贷操作流程", "App", "贷", "下载微粒贷App"], ["等额本息", "ＬＰＲ利率"])
    assert terms == sorted(["微粒贷概述", "微粒贷定义", "微粒贷操作流程", "下载微粒贷App", "微粒贷", "等额本息", "LPR利率"])


def test_render_user_dictionary_writes_one_sorted_word_a_line_without_frequency():
    assert search.render_user_dictionary(["微粒贷", "反洗钱法", "微粒贷"]) == "反洗钱法\n微粒贷\n"


def test_the_user_dictionary_keeps_domain_words_whole():
    import jieba

    assert "微粒贷" not in jieba.lcut("微粒贷需制定明确的催收策略", HMM=False)
    with search.user_words_added(["微粒贷", "等额本息"]) as segmenter:
        assert segmenter.lcut("微粒贷需制定明确的催收策略", HMM=False)[:2] == ["微粒贷", "需"]


def test_the_user_words_leave_jiebas_global_dictionary_that_material_cuts_with_as_it_was():
    import jieba

    jieba.dt.check_initialized()
    size, total, freq = len(jieba.dt.FREQ), jieba.dt.total, jieba.dt.FREQ.get("微粒")
    with search.user_words_added(["微粒贷", "等额本息", "反洗钱法规定"]):
        assert "微粒贷" in jieba.lcut("微粒贷需制定明确的催收策略", HMM=False)
    assert "微粒贷" not in jieba.lcut("微粒贷需制定明确的催收策略", HMM=False)
    assert (len(jieba.dt.FREQ), jieba.dt.total, jieba.dt.FREQ.get("微粒")) == (size, total, freq)
    assert "微粒贷" not in jieba.dt.FREQ and "反洗钱法规" not in jieba.dt.FREQ


def test_the_user_words_are_taken_out_also_when_cutting_fails():
    import jieba

    jieba.dt.check_initialized()
    size = len(jieba.dt.FREQ)
    with pytest.raises(RuntimeError), search.user_words_added(["微粒贷"]):
        raise RuntimeError("cutting failed")
    assert len(jieba.dt.FREQ) == size and "微粒贷" not in jieba.dt.FREQ


def test_lexicon_holds_the_sub_words_of_long_words_and_no_single_characters():
    with search.user_words_added(["微粒贷", "等额本息"]) as segmenter:
        words = search.build_lexicon(["微粒贷需遵循反洗钱法规定", "包括等额本息、先息后本等。QQ用户"], segmenter)
    assert {"微粒贷", "洗钱", "等额本息", "用户"} <= set(words)
    assert all(len(w) >= 2 for w in words) and "QQ" not in words and words == sorted(words)


# ---------------------------------------------------------------- index

MATERIAL_INDEX = {
    "config": {"lang": ["zh"], "separator": "[\\s\\u200b\\-]+", "pipeline": ["stemmer"], "fields": {}},
    "docs": [
        {"location": "04-x/", "title": "微粒贷法律法规", "text": ""},
        {"location": "04-x/#相关法律法规", "title": "相关\u200b法律法规", "text": "<p>幻灯片 16</p>"},
        {"location": "04-x/#反洗钱法", "title": "反洗钱法",
         "text": "<p>微粒\u200b贷\u200b需\u200b遵循\u200b反洗钱法 &lt;规定&gt;</p>", "boost": 2},
        {"location": "04-x/#本章自测", "title": "本章\u200b自测", "text": "", "tags": ["测验"]},
    ],
}
SLIDES = {"04-x/": search.slide_numbers(CHAPTER_HTML)}


def test_augment_index_gives_plain_text_slides_and_the_lexicon_to_the_worker():
    index = search.augment_index(MATERIAL_INDEX, SLIDES, ["洗钱", "微粒贷", "洗钱"])
    docs = index["docs"]
    assert docs[2] == {"location": "04-x/#反洗钱法", "boost": 2, "title": "反洗钱法",
                       "text": "微粒贷需遵循反洗钱法 <规定>", "slide": 16}
    assert docs[1]["slide"] == 16 and "slide" not in docs[0] and "slide" not in docs[3]
    assert docs[3]["tags"] == ["测验"]
    assert index["config"]["deckdocs"] == {"format": search.INDEX_FORMAT, "words": ["微粒贷", "洗钱"]}
    assert index["config"]["lang"] == ["zh"]  # Material's own keys stay for its page highlighter


def test_rewrite_search_index_writes_the_index_and_the_generated_user_dictionary(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(MATERIAL_INDEX), encoding="utf-8")
    report = search.rewrite_search_index(tmp_path, SLIDES, glossary_terms=["等额本息"])
    index = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    dictionary = (tmp_path / "search" / "userdict.txt").read_text(encoding="utf-8").split()
    assert "等额本息" in dictionary and "反洗钱法" in dictionary and "相关法律法规" in dictionary
    assert "洗钱" in index["config"]["deckdocs"]["words"]
    assert report.sections == 4 and report.dictionary_terms == len(dictionary)
    assert report.index_bytes == len((tmp_path / "search" / "search_index.json").read_bytes())


def test_rewrite_search_index_does_nothing_without_an_index(tmp_path):
    assert search.rewrite_search_index(tmp_path, {}) is None
    assert not (tmp_path / "search").exists()


# ---------------------------------------------------------------- theme


def _render(template: str, url_filter) -> str:
    env = jinja2.Environment()
    env.filters["url"] = url_filter
    return env.from_string(template).render()


def test_redirect_worker_swaps_materials_worker_whatever_its_hash():
    @jinja2.pass_context
    def url(context, value):
        return "../" + value

    wrapped = search.redirect_worker(url)
    assert _render('{{ "assets/javascripts/workers/search.a7633da7.min.js" | url }}', wrapped) == \
        "../assets/javascripts/workers/deckdocs-search.js"
    assert _render('{{ "assets/javascripts/workers/search.0123abcd.min.js" | url }}', wrapped) == \
        "../assets/javascripts/workers/deckdocs-search.js"
    assert _render('{{ "assets/javascripts/bundle.a5f9d56c.min.js" | url }}', wrapped) == \
        "../assets/javascripts/bundle.a5f9d56c.min.js"


def test_the_worker_source_ships_with_the_package():
    assert search.WORKER_SOURCE.is_file()
    assert search.WORKER_SOURCE.as_posix().endswith(search.WORKER_URI)


# ---------------------------------------------------------------- worker (under Node)

NODE = shutil.which("node")
DOCS = [
    {"location": "01-x/", "title": "微粒贷概述", "text": ""},
    {"location": "01-x/#产品特点", "title": "产品特点", "text": "幻灯片 5", "slide": 5},
    {"location": "01-x/#灵活的还款方式", "title": "灵活的还款方式", "slide": 5,
     "text": "用户可以根据自己的财务状况选择不同的还款方式，包括等额本息、先息后本等。"},
    {"location": "01-x/#微粒贷的用户群体", "title": "微粒贷的用户群体", "slide": 4,
     "text": "主要面向微信和QQ用户，提供无抵押、无担保的个人消费贷款。"},
    {"location": "02-x/", "title": "微粒贷操作流程", "text": ""},
    {"location": "02-x/#提交贷款申请", "title": "提交贷款申请", "slide": 9,
     "text": "完成信息填写后，用户需提交贷款申请，等待微粒贷后台审核。"},
    {"location": "02-x/#下载微粒贷App", "title": "下载微粒贷App", "slide": 8,
     "text": "用户可通过手机应用商店下载微粒贷App，开始注册流程。"},
    {"location": "04-x/", "title": "微粒贷法律法规", "text": ""},
    {"location": "04-x/#反洗钱法", "title": "反洗钱法", "slide": 16,
     "text": "微粒贷需遵循反洗钱法规定，对用户身份进行严格审核，防止资金非法流动。"},
    {"location": "04-x/#反欺诈措施", "title": "反欺诈措施", "slide": 18,
     "text": "微粒贷应建立完善的反欺诈机制，防止身份盗用和信贷欺诈，维护市场秩序。"},
    {"location": "04-x/#本章自测", "title": "本章自测", "text": "反洗钱法要求微粒贷对用户身份进行什么？"},
]
WORDS = ["微粒贷", "需要", "什么", "洗钱", "反洗钱", "身份", "盗用", "用户", "下载", "审核", "严格", "等额本息", "还款"]
_RUN = """
const { handle } = require(process.argv[1])
const [docs, words, queries] = JSON.parse(require("fs").readFileSync(0, "utf-8"))
handle({ type: 0, data: { config: { deckdocs: { words } }, docs, options: { suggest: true } } })
const out = {}
for (const q of queries) out[q] = handle({ type: 2, data: q }).data
console.log(JSON.stringify(out))
"""


def run_worker(*queries: str) -> dict:
    if NODE is None:
        pytest.skip("the worker's engine tests need node")
    result = subprocess.run([NODE, "-e", _RUN, str(search.WORKER_SOURCE)], input=json.dumps([DOCS, WORDS, queries]),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def locations(result: dict) -> list[str]:
    """Return the result's scored entries in the order Material shows them."""
    return [item["location"] for group in result["items"] for item in group if item["score"] > 0]


def test_worker_finds_a_sub_word_inside_a_longer_word():
    assert locations(run_worker("洗钱")["洗钱"])[0] == "04-x/#反洗钱法"


def test_worker_finds_a_phrase_whatever_the_cut():
    result = run_worker("身份盗用", "严格审核")
    assert locations(result["身份盗用"]) == ["04-x/#反欺诈措施"]
    assert locations(result["严格审核"]) == ["04-x/#反洗钱法"]


def test_worker_matches_latin_case_insensitively_at_word_starts_and_full_width():
    result = run_worker("app", "ＱＱ", "pp")
    assert locations(result["app"]) == ["02-x/#下载微粒贷App"]
    assert locations(result["ＱＱ"]) == ["01-x/#微粒贷的用户群体"]
    assert result["pp"]["items"] == []


def test_worker_never_matches_a_stray_single_character_of_a_longer_query():
    result = run_worker("等额本金", "量子计算机")
    assert result["量子计算机"]["items"] == []
    # 等额本金 is not in the text; its longest piece is, but the lone 等 of 等待 is no match
    assert locations(result["等额本金"]) == ["01-x/#灵活的还款方式"]


def test_worker_cuts_a_query_into_the_sites_words_and_reports_the_missing_one():
    result = run_worker("微粒贷需要什么反洗钱")["微粒贷需要什么反洗钱"]
    first = result["items"][0][0]
    assert first["location"] == "04-x/#反洗钱法"
    assert first["terms"] == {"微粒贷": True, "反洗钱": True}  # 需要 and 什么 are a question's filler


def test_worker_reports_what_matches_nothing_and_never_leaves_the_list_empty_when_a_word_matches():
    result = run_worker("量子反洗钱", "量子纠缠反洗钱", "量子纠缠")
    assert locations(result["量子反洗钱"])[0] == "04-x/#反洗钱法"
    assert result["量子反洗钱"]["items"][0][0]["terms"] == {"反洗钱": True, "量子": False}
    # less than half of the query matches, yet 反洗钱 does: its sections are still listed
    assert locations(result["量子纠缠反洗钱"])[0] == "04-x/#反洗钱法"
    assert result["量子纠缠反洗钱"]["items"][0][0]["terms"] == {"反洗钱": True, "量子纠缠": False}
    assert result["量子纠缠"]["items"] == []


def test_worker_ranks_slides_before_the_quiz_and_highlights_the_match():
    result = run_worker("反洗钱法")["反洗钱法"]
    assert locations(result) == ["04-x/#反洗钱法", "04-x/#本章自测"]
    first = result["items"][0][0]
    assert first["title"] == "<mark>反洗钱法</mark>"
    assert "遵循<mark>反洗钱法</mark>规定" in first["text"]


def test_worker_groups_results_by_page_with_the_page_entry_in_each_group():
    result = run_worker("用户")["用户"]
    for group in result["items"]:
        pages = {item["location"].split("#")[0] for item in group}
        assert len(pages) == 1 and any("#" not in item["location"] for item in group)


def test_worker_escapes_what_it_shows():
    docs_with_markup = [{"location": "x/#a", "title": "<b>反洗钱</b>", "text": "a < b 反洗钱 & c", "slide": 1}]
    if NODE is None:
        pytest.skip("the worker's engine tests need node")
    out = subprocess.run([NODE, "-e", _RUN, str(search.WORKER_SOURCE)],
                         input=json.dumps([docs_with_markup, [], ["反洗钱"]]), capture_output=True, text=True, check=True)
    item = json.loads(out.stdout)["反洗钱"]["items"][0][0]
    assert item["title"] == "&lt;b&gt;<mark>反洗钱</mark>&lt;/b&gt;"
    assert item["text"] == "<p>a &lt; b <mark>反洗钱</mark> &amp; c</p>"


def test_worker_suggests_a_word_completing_the_last_typed_one():
    assert run_worker("反洗")["反洗"]["suggest"] == ["反洗钱"]


def test_worker_gives_each_page_row_the_terms_found_on_its_page():
    # Material builds the page row's link from these: ?h= must name the words found on the page.
    for query, expected in (("严格审核", {"严格审核": True}), ("用户", {"用户": True})):
        for group in run_worker(query)[query]["items"]:
            pages = [item for item in group if "#" not in item["location"]]
            assert len(pages) == 1 and pages[0]["terms"] == expected, group
