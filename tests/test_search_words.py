"""Learners' own words in search (issue 23): deckdocs.site.search_words builds, the worker reads.

The worker runs under Node (skipped without ``node``) on a small insurance course of its own,
not the repository's lending deck, with the index extras built by ``search.learner_words``
exactly as a site build builds them. The course site's search in a real browser is in
tests/browser/test_search.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from deckdocs.site import search, search_words
from deckdocs.site.search_words import SynonymsError

NODE = shutil.which("node")
DOCS = [
    {"location": "01-x/", "title": "保险基础", "text": ""},
    {"location": "01-x/#保险合同", "title": "保险合同", "slide": 3,
     "text": "投保人与保险公司订立保险合同，约定保险责任、保险期间和保险费。"},
    {"location": "01-x/#犹豫期", "title": "犹豫期", "slide": 4,
     "text": "投保后十五天内为犹豫期，投保人可以解除合同并退还保险费。"},
    {"location": "01-x/#理赔流程", "title": "理赔流程", "slide": 5,
     "text": "出险后及时报案，提交理赔材料，保险公司审核后支付保险金。"},
    {"location": "01-x/#销售禁语", "title": "销售禁语", "slide": 6,
     "text": "不得使用“保本保息”“稳赚不赔”“理赔无忧”等说法误导客户。"},
    {"location": "01-x/#退保损失", "title": "退保损失", "slide": 7,
     "text": "犹豫期后退保，只能退还保单的现金价值，投保人可能遭受损失。"},
    {"location": "01-x/#反洗钱义务", "title": "反洗钱义务", "slide": 8,
     "text": "保险公司应当识别客户身份，报告大额交易和可疑交易。"},
    {"location": "glossary/", "title": "术语表", "text": ""},
    {"location": "glossary/#现金价值", "title": "现金价值",
     "text": "保单在某一时点的价值，也叫退保金，退保时投保人可以领回的金额。"},
    {"location": "glossary/#理赔", "title": "理赔", "text": "保险事故发生后，保险公司审核并支付保险金的过程。"},
]
EDITORS_SYNONYMS = """synonyms:
  理赔: [赔钱, 报销, claim]
"""
_RUN = """
const { handle } = require(process.argv[1])
const [index, queries] = JSON.parse(require("fs").readFileSync(0, "utf-8"))
handle({ type: 0, data: index })
const out = {}
for (const q of queries) out[q] = handle({ type: 2, data: q }).data
console.log(JSON.stringify(out))
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """The insurance course's index as a build writes it: docs, lexicon and learners' words."""
    source = tmp_path_factory.mktemp("source_slides")
    (source / search_words.EDITORS_FILE).write_text(EDITORS_SYNONYMS, encoding="utf-8")
    texts = [t for doc in DOCS for t in (doc["title"], doc["text"])]
    terms = search.user_dictionary_terms([d["title"] for d in DOCS], ["现金价值", "保险合同"])
    with search.user_words_added(terms) as segmenter:
        lexicon = search.build_lexicon(texts, segmenter)
    extra = search.learner_words(lexicon, texts, [("犹豫期", "冷静期")], source, "glossary/")
    return {"config": {"deckdocs": {"format": search.INDEX_FORMAT, **extra}}, "docs": DOCS}


def run(index, *queries: str) -> dict:
    if NODE is None:
        pytest.skip("the worker's engine tests need node")
    out = subprocess.run([NODE, "-e", _RUN, str(search.WORKER_SOURCE)], input=json.dumps([index, queries]),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def first(result: dict) -> str | None:
    scored = [item for group in result["items"] for item in group if item["score"] > 0]
    return max(scored, key=lambda item: item["score"])["location"] if scored else None


# ---------------------------------------------------------------- build side


def test_fold_map_folds_traditional_and_variant_characters_but_never_a_simplified_one():
    folding = search_words.fold_map("保险个后么里")
    assert folding["險"] == "险" and folding["個"] == "个" and folding["後"] == "后" and folding["裡"] == "里"
    assert "么" not in folding and "后" not in folding  # OpenCC's variants would make 么 幺
    assert "貓" not in folding  # 猫 is not on the site: its traditional form is not shipped


def test_word_pinyin_reads_each_word_whole():
    assert search_words.word_pinyin(["银行", "保险", "App"]) == ["yin hang", "bao xian", ""]


def test_sounds_table_lists_common_homophones_of_the_sites_syllables_only():
    table = search_words.sounds_table(["dai"], "贷")
    assert "带" in table["dai"] and "贷" not in table["dai"]
    assert set(table) == {"dai"}


def test_synonym_groups_keep_groups_the_site_uses_and_merge_the_editors_file(tmp_path):
    (tmp_path / search_words.EDITORS_FILE).write_text("synonyms:\n  理赔: [赔钱, Claim]\n", encoding="utf-8")
    groups = search_words.synonym_groups("理赔流程 保险", {}, tmp_path, [("保单", "保险单")])
    assert ["claim", "理赔", "赔钱"] in groups
    assert not any("人脸识别" in g for g in groups)  # the thesaurus' lending words: not on this site
    assert not any("保单" in g for g in groups)  # an alias group none of whose words is on the site


def test_a_malformed_editors_file_is_one_clear_error(tmp_path):
    (tmp_path / search_words.EDITORS_FILE).write_text("synonyms:\n  理赔: {a: b}\n", encoding="utf-8")
    with pytest.raises(SynonymsError) as caught:
        search_words.synonym_groups("理赔", {}, tmp_path)
    assert "理赔" in str(caught.value) and search_words.EDITORS_FILE in str(caught.value)


def test_the_shipped_thesaurus_states_its_source_and_licence():
    head = search_words.THESAURUS.read_text(encoding="utf-8")[:1200]
    assert "Source:" in head and "Licence:" in head


def test_notes_labels_are_kept_out_of_the_index():
    html = ('<details class="note"><summary>讲者备注</summary><p>逐条讲解</p></details>'
            '<div class="admonition note"><p class="admonition-title">讲解提示</p><p>正文</p></div>')
    out = search.exclude_labels(html)
    assert "<summary data-search-exclude>讲者备注</summary>" in out
    assert '<p class="admonition-title" data-search-exclude>' in out
    assert "<p>逐条讲解</p>" in out and "<p>正文</p>" in out


def test_the_index_carries_the_learners_words(index):
    extra = index["config"]["deckdocs"]
    assert len(extra["pinyin"]) == len(extra["words"])
    assert extra["pinyin"][extra["words"].index("保险")] == "bao xian"
    assert "險险" in extra["fold"]
    assert extra["glossary"] == "glossary/"


# ---------------------------------------------------------------- worker


def test_full_pinyin_and_initials_find_their_chinese(index):
    result = run(index, "lipei", "Lǐ Péi", "li3 pei2", "lplc", "youyuqi")
    for query in ("lipei", "Lǐ Péi", "li3 pei2", "lplc"):
        assert first(result[query]) == "01-x/#理赔流程", query
    assert first(result["youyuqi"]) == "01-x/#犹豫期"


def test_a_homophone_typo_finds_the_word(index):
    assert first(run(index, "尤豫期")["尤豫期"]) == "01-x/#犹豫期"  # 尤 for 犹: you


def test_traditional_characters_find_simplified_text_and_are_highlighted(index):
    result = run(index, "保險合同")["保險合同"]
    assert first(result) == "01-x/#保险合同"
    assert result["items"][0][0]["title"] == "<mark>保险合同</mark>"


def test_synonyms_from_the_editors_file_the_glossary_aliases_and_english(index):
    result = run(index, "赔钱", "冷静期", "claim", "AML")
    assert first(result["赔钱"]) == "01-x/#理赔流程"
    assert first(result["冷静期"]) == "01-x/#犹豫期"  # a glossary alias
    assert first(result["claim"]) == "01-x/#理赔流程"
    assert first(result["AML"]) == "01-x/#反洗钱义务"  # the shipped thesaurus: AML = 反洗钱


def test_question_words_and_filler_do_not_count_against_the_answer(index):
    result = run(index, "犹豫期是真的能退保吗", "理赔要怎么办")
    assert first(result["犹豫期是真的能退保吗"]) in ("01-x/#犹豫期", "01-x/#退保损失")
    items = result["理赔要怎么办"]["items"]
    assert items and set(items[0][0]["terms"]) == {"理赔"}
    assert first(result["理赔要怎么办"]) == "01-x/#理赔流程"  # how: the 流程 heading


def test_the_slide_about_a_word_outranks_a_quoted_mention(index):
    # 理赔无忧 stands quoted among phrases not to use; 理赔流程 is about 理赔.
    order = [item["location"] for group in run(index, "理赔")["理赔"]["items"] for item in group if item["score"] > 0]
    assert order.index("01-x/#理赔流程") < order.index("01-x/#销售禁语")


def test_a_glossary_entry_never_outranks_the_slide_using_its_term(index):
    for query in ("现金价值", "理赔"):
        order = [item["location"] for group in run(index, query)[query]["items"] for item in group if item["score"] > 0]
        glossary = [i for i, loc in enumerate(order) if loc.startswith("glossary/#")]
        slides = [i for i, loc in enumerate(order) if loc.startswith("01-x/#")]
        assert slides and (not glossary or slides[0] < glossary[0]), (query, order)


def test_a_word_only_the_glossary_explains_leads_to_the_slide_using_its_term(index):
    assert first(run(index, "退保金")["退保金"]) == "01-x/#退保损失"  # 退保金 = 现金价值 (glossary)


def test_a_short_query_none_of_whose_words_is_on_the_site_still_lists_words_beginning_alike(index):
    result = run(index, "保额", "量子")
    assert first(result["保额"]) is not None  # 保险 … begin with 保
    assert result["量子"]["items"] == []  # nothing on the site begins with 量
