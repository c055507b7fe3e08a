"""The course site in a real browser: home in Chinese, every chapter opens, no console error."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _chapter_links(page) -> list[str]:
    return page.eval_on_selector_all(".md-content a[href]", "els => els.map(e => e.href)")


def test_home_page_renders_in_chinese_and_lists_the_six_parts(page, site_url):
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "微粒贷基础知识培训课件课程"
    cards = page.locator(".md-content .grid.cards").first.locator("li > p:first-child a").all_inner_texts()
    toc = [re.sub(r"^第 \d+ 章\s+", "", c) for c in cards]  # a card per chapter: 第 1 章　微粒贷概述
    assert toc == ["微粒贷概述", "微粒贷操作流程", "微粒贷风险管理", "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析"]
    assert cards[0] == "第 1 章　微粒贷概述"
    nav = [t.strip() for t in page.locator(".md-nav--primary > .md-nav__list > .md-nav__item").all_inner_texts()]
    assert [n.split("\n")[0] for n in nav][1:7] == toc
    assert page.errors == []


def test_every_chapter_opens_with_its_sections_and_slide_numbers(page, site_url):
    page.goto(site_url)
    hrefs = [h for h in _chapter_links(page) if re.search(r"/0\d-[^/#]*$", h)]
    assert len(hrefs) == 6
    for href in hrefs:
        page.goto(href)
        assert page.locator("h1").count() == 1
        assert page.locator("h2").count() >= 3  # at least three slides per part
        notes = page.locator("p.dd-slide").all_inner_texts()
        assert notes and all(re.fullmatch(r"幻灯片 \d+", n) for n in notes)
        assert page.errors == [], (href, page.errors)
