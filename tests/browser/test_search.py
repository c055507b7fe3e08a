"""Search on the built course site, as a reader uses it: Material's search box and results list,
answered by the deckdocs worker (tools/deckdocs/site/search.py prepares its index)."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

import pytest

pytestmark = pytest.mark.browser

RESULT = ".md-search-result__list a.md-search-result__link"
META = ".md-search-result__meta"

# The slide of a heading: its own p.dd-slide, or that of the ## section it sits in.
SLIDE_OF = """(id) => {
  let el = document.getElementById(id)
  while (el && /^H[3-6]$/.test(el.tagName)) {
    el = el.previousElementSibling
    while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling
  }
  if (!el || el.tagName !== 'H2') return null
  for (let n = el.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling)
    if (n.matches('p.dd-slide[data-slide]')) return parseInt(n.dataset.slide, 10)
  return null
}"""


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def search_for(page, site_url: str, query: str):
    """Open the site with Material's ``?q=`` deep link and wait for the answer; return the results."""
    page.goto(f"{site_url}?q={quote(query)}")
    expect(page.locator(META)).not_to_contain_text("初始化", timeout=15000)
    return page.locator(RESULT)


def scored(results):
    """Return the result links in the order shown, without pages shown only as group headings."""
    return [r for r in results.all() if r.locator("article").get_attribute("data-md-score") != "0.00"]


def slide_of(page, href: str) -> int | None:
    target, _, anchor = href.partition("#")
    page.goto(target)
    return page.evaluate(SLIDE_OF, unquote(anchor))


def test_the_theme_runs_the_deckdocs_worker(page, site_url):
    page.goto(site_url)
    config = json.loads(page.locator("#__config").text_content())
    assert config["search"].endswith("assets/javascripts/workers/deckdocs-search.js")


def test_typing_a_term_puts_its_slide_first(page, site_url):
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("反洗钱", delay=50)
    box.press("End")  # typed Chinese arrives as text input; an IME's commit ends with a key like this
    first = page.locator(RESULT).filter(has_not=page.locator("article[data-md-score='0.00']")).first
    expect(first.locator("h2, h1")).to_contain_text("反洗钱")
    expect(first.locator("mark").first).to_have_text("反洗钱")
    assert slide_of(page, first.get_attribute("href")) == 16
    assert page.errors == []


def test_a_sub_word_finds_the_longer_word(page, site_url):
    results = scored(search_for(page, site_url, "洗钱"))
    assert results, "洗钱 found nothing"
    first = results[0]
    assert "反洗钱" in first.inner_text()
    assert "洗钱" in [m.inner_text() for m in first.locator("mark").all()]


def test_a_phrase_across_jiebas_cuts_is_found(page, site_url):
    results = scored(search_for(page, site_url, "身份盗用"))
    assert results and "身份盗用" in [m.inner_text() for m in results[0].locator("mark").all()]
    assert slide_of(page, results[0].get_attribute("href")) in (13, 18)


def test_latin_mixed_into_chinese_is_found(page, site_url):
    results = scored(search_for(page, site_url, "微粒贷App"))
    assert results, "微粒贷App found nothing"
    assert "微粒贷App" in results[0].locator("h2, h1").first.inner_text()
    qq = scored(search_for(page, site_url, "qq"))
    assert qq and "QQ" in [m.inner_text() for m in qq[0].locator("mark").all()]


def test_a_query_without_results_says_so_in_chinese(page, site_url):
    results = search_for(page, site_url, "量子纠缠")
    expect(page.locator(META)).to_have_text("没有找到符合条件的结果")
    assert results.count() == 0


def test_matched_words_are_highlighted_in_the_result_and_on_the_page(page, site_url):
    results = scored(search_for(page, site_url, "严格审核"))
    assert results
    snippet = results[0].locator("article").inner_html()
    assert "<mark>严格审核</mark>" in snippet
    results[0].click()
    expect(page.locator("mark[data-md-highlight]").first).to_have_text("严格审核")


def test_the_build_generates_the_user_dictionary_and_the_lexicon(site_dir):
    dictionary = (site_dir / "search" / "userdict.txt").read_text(encoding="utf-8").split("\n")
    assert "微粒贷" in dictionary  # the stem that begins the part titles
    assert "反洗钱法" in dictionary and "等额本息" in dictionary  # a heading, a glossary term
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = index["config"]["deckdocs"]["words"]
    assert "洗钱" in words and "微粒贷" in words
    assert all(len(w) >= 2 for w in words)


def test_a_results_page_row_links_with_the_words_found_on_that_page(page, site_url):
    from urllib.parse import parse_qs, urlsplit

    search_for(page, site_url, "等额本息")
    rows = page.locator(".md-search-result__item > a.md-search-result__link")
    expect(rows.first).to_be_visible()
    hrefs = rows.evaluate_all("links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        assert parse_qs(urlsplit(href).query).get("h") == ["等额本息"], href
    page.goto(hrefs[0])
    expect(page.locator("mark[data-md-highlight]").first).to_have_text("等额本息")


# ---------------------------------------------------------------- learners' own words (issue 23)


def first_slide(page, site_url: str, query: str) -> int | None:
    """Return the slide of the first scored result of ``query`` (None: no result, or no slide)."""
    results = scored(search_for(page, site_url, query))
    assert results, f"{query} found nothing"
    return slide_of(page, results[0].get_attribute("href"))


@pytest.mark.parametrize("query", ["shenpi", "Shěn Pī", "shen3 pi1", "SHEN PI"])
def test_full_pinyin_with_or_without_spaces_tones_or_capitals_finds_its_chinese(page, site_url, query):
    results = scored(search_for(page, site_url, query))
    assert results, f"{query} found nothing"
    assert "审批" in [m.inner_text() for m in results[0].locator("mark").all()]
    assert slide_of(page, results[0].get_attribute("href")) in (5, 10)


def test_pinyin_initials_find_the_term(page, site_url):
    assert first_slide(page, site_url, "rlsb") == 8  # 人脸识别
    assert first_slide(page, site_url, "fxq") == 16  # 反洗钱


def test_several_pinyin_words_find_a_phrase(page, site_url):
    assert first_slide(page, site_url, "geren xinxi") == 17  # 个人信息


def test_a_homophone_typo_finds_the_word(page, site_url):
    results = scored(search_for(page, site_url, "等额本西"))  # 西 for 息: same sound, xi
    assert results and "等额本息" in [m.inner_text() for m in results[0].locator("mark").all()]
    assert slide_of(page, results[0].get_attribute("href")) == 5


def test_traditional_characters_fold_to_simplified(page, site_url):
    results = scored(search_for(page, site_url, "反洗錢法"))
    assert results and "反洗钱法" in [m.inner_text() for m in results[0].locator("mark").all()]
    assert slide_of(page, results[0].get_attribute("href")) == 16
    assert first_slide(page, site_url, "個人信息") == 17


def test_a_colloquial_word_finds_the_course_word(page, site_url):
    results = scored(search_for(page, site_url, "刷脸"))  # not on any slide: a synonym of 人脸识别
    assert results and "人脸识别" in [m.inner_text() for m in results[0].locator("mark").all()]
    assert slide_of(page, results[0].get_attribute("href")) == 8


def test_english_names_and_abbreviations_find_the_chinese_terms(page, site_url):
    assert first_slide(page, site_url, "WeBank") == 4  # 微众银行
    assert first_slide(page, site_url, "AML") == 16  # 反洗钱
    assert first_slide(page, site_url, "face recognition") == 8


def test_question_words_and_filler_do_not_count_against_the_answer(page, site_url):
    search_for(page, site_url, "客服打电话说能提额要先交手续费是真的吗")
    meta = page.locator(META).inner_text()
    assert "没有找到" not in meta
    assert first_slide(page, site_url, "客服打电话说能提额要先交手续费是真的吗") == 26


def test_what_happens_steers_to_the_consequences(page, site_url):
    results = scored(search_for(page, site_url, "忘记还款会怎么样"))
    assert results
    assert slide_of(page, results[0].get_attribute("href")) in (14, 25)


def test_a_glossary_entry_never_outranks_the_slide_using_its_term(page, site_url):
    for query in ("罚息", "信用评分", "随借随还"):
        results = scored(search_for(page, site_url, query))
        hrefs = [r.get_attribute("href") for r in results]
        glossary = [i for i, h in enumerate(hrefs) if "glossary" in h]
        slides = [i for i, h in enumerate(hrefs) if "glossary" not in h and "quiz" not in h and "#" in h]
        assert slides and (not glossary or slides[0] < glossary[0]), (query, hrefs[:5])


def test_the_slide_about_a_word_outranks_a_quoted_mention(page, site_url):
    # 秒到账 is quoted on slide 22 among phrases not to use; 到账 is what slide 10 is about.
    assert first_slide(page, site_url, "到账") == 10


def test_a_word_only_the_glossary_explains_leads_to_a_slide(page, site_url):
    # 征信 is in no slide: the glossary's 个人信用记录 explains it, and slide 25 uses that term.
    assert first_slide(page, site_url, "征信") == 25


def test_snippets_show_no_notes_label(page, site_url):
    results = scored(search_for(page, site_url, "不要向客户承诺"))  # words of a 要点提示 block
    assert results
    assert all(label not in r.inner_text() for r in results for label in ("讲者备注", "要点提示", "补充说明"))


def test_stage_directions_for_the_trainer_are_not_found(page, site_url):
    # 逐条讲解 is in a slide's notes as a stage direction: the trainer's handout has it, the site not.
    assert not scored(search_for(page, site_url, "逐条讲解"))


def test_learners_words_work_from_file(page, file_url):
    page.goto(file_url + "index.html?q=" + quote("shenpi"))
    expect(page.locator(META)).not_to_contain_text("初始化", timeout=15000)
    results = scored(page.locator(RESULT))
    assert results and "审批" in [m.inner_text() for m in results[0].locator("mark").all()]


def test_pinyin_follows_how_learners_read_a_character_with_several_readings(page, site_url):
    # pypinyin reads 还款 as haikuan; learners type huankuan.
    assert first_slide(page, site_url, "huankuan fangshi") == 5


def test_a_pinyin_results_link_highlights_the_chinese_word_on_the_page(page, site_url):
    results = scored(search_for(page, site_url, "shenpi"))
    assert results
    results[0].click()
    expect(page.locator("mark[data-md-highlight]").first).to_have_text("审批")
