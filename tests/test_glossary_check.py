"""glossary.check: what ``deckdocs check`` says about a glossary that pads and overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest

import probe
from cli_run import run
from decks import SlideSpec, Text, Title, build_deck
from deckdocs.glossary.check import alias_problem, check_glossary, restates_term
from deckdocs.pipeline import outline_decks

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("term, definition, opening", [
    ("小额贷款", "单笔金额较小的贷款，通常用于短期资金需求。", "单笔金额较小的贷款"),
    ("短期保险", "保险期间较短的保险，一般不超过一年。", "保险期间较短的保险"),
    ("电子保单", "以电子形式出具的保单，与纸质保单效力相同。", "以电子形式出具的保单"),
    ("小额贷款", "小额贷款是指金额较小的贷款。", "金额较小的贷款"),  # "<term>是指" is skipped; what follows is judged
])
def test_a_definition_that_paraphrases_the_name_restates_the_term(term, definition, opening):
    assert restates_term(term, definition) == opening


@pytest.mark.parametrize("term, definition", [
    ("小额贷款", "主要满足个人或小微企业短期资金周转的贷款，单笔金额有限。"),
    ("分期还款", "把贷款本息分成若干期、按约定日期逐期偿还的还款安排。"),
    ("定期寿险", "在约定期限内以被保险人死亡为给付条件的人寿保险。"),
    ("微众银行", "深圳前海微众银行股份有限公司，由腾讯等企业发起设立的民营银行。"),  # a full name first
    ("反洗钱法", "《中华人民共和国反洗钱法》，2006 年通过。"),
])
def test_a_definition_that_says_what_the_thing_is_passes(term, definition):
    assert restates_term(term, definition) is None


@pytest.mark.parametrize("term, alias, problem", [
    ("信用风险", "信贷风险", "two different kinds of 风险"),
    ("财产保险", "人身保险", "two different kinds of 保险"),
    ("信用风险", "信用风险管理", "a narrower thing"),
    ("个人信息保护法", "个保法", None),  # an abbreviation
    ("先息后本", "先付息后还本", None),  # a longer spelling
    ("意外伤害保险", "意外险", None),
])
def test_an_alias_must_name_the_same_thing(term, alias, problem):
    found = alias_problem(term, alias)
    assert (found is None) if problem is None else (problem in found)


def _course(tmp_path, bodies: list[str]):
    slides = [SlideSpec([Title("保险入门")])] + [
        SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, body)]) for n, body in enumerate(bodies, 1)]
    return outline_decks((build_deck(tmp_path / "保险入门.pptx", slides),))


def _messages(courses, tmp_path, yml: str) -> list[str]:
    path = tmp_path / "glossary.yml"
    path.write_text(yml, encoding="utf-8")
    return [w.message for w in check_glossary(courses, path)]


BODIES = ["投保时要选择合适的保额。", "保额越高，保费通常越高。", "理赔金额不超过保额。", "按时缴纳保费。"]


def test_a_rare_word_on_three_slides_without_an_entry_is_named_with_its_slides(tmp_path):
    courses = _course(tmp_path, BODIES)
    (message,) = _messages(courses, tmp_path, "terms:\n  保费: 投保人为取得保险保障而缴纳的费用。\n")
    assert "保额 is used on 3 slides of 保险入门.pptx (2, 3, 4) and has no entry" in message
    assert "under not_terms" in message
    assert _messages(courses, tmp_path, "terms:\n  保费: 投保人缴纳的费用。\nnot_terms:\n  - 保额\n") == []
    assert _messages(_course(tmp_path, BODIES[:2] + BODIES[3:]), tmp_path, "terms:\n  保费: 投保人缴纳的费用。\n") == []


def test_near_duplicates_must_say_how_they_differ(tmp_path):
    courses = _course(tmp_path, ["信用评分和信用评估都很重要。"])
    yml = ("terms:\n"
           "  信用评分: 反映借款人信用状况的分数。\n"
           "  信用评估: 判断借款人还款能力的过程。\n"
           "not_terms:\n  - 信用\n")
    (message,) = _messages(courses, tmp_path, yml)
    assert message.startswith(f"{tmp_path / 'glossary.yml'}: line 2: 信用评分 and 信用评估 (line 3) are near-duplicates")
    assert "neither definition names the other" in message
    told_apart = yml.replace("判断借款人还款能力的过程。", "判断借款人还款能力的过程，结论常用信用评分表示。")
    assert _messages(courses, tmp_path, told_apart) == []
    repeated = told_apart.replace("反映借款人信用状况的分数。", "反映借款人还款能力的分数。")
    (message,) = _messages(courses, tmp_path, repeated)
    assert "their definitions repeat “借款人还款能力的”" in message


def test_the_warnings_name_the_line_of_the_entry(tmp_path):
    courses = _course(tmp_path, ["小额贷款的信用风险。"])
    yml = "terms:\n  小额贷款: 金额较小的贷款。\n  信用风险:\n    definition: 借款人不还款造成损失的可能。\n    aliases: [信贷风险]\n"
    messages = _messages(courses, tmp_path, yml)
    assert any(m.startswith(f"{tmp_path / 'glossary.yml'}: line 2: the definition of 小额贷款 restates the term")
               for m in messages)
    assert any("line 3: alias 信贷风险 of 信用风险 does not name the same thing" in m for m in messages)


def test_the_courses_glossary_passes_every_check(course_deck):
    assert check_glossary(outline_decks((course_deck,)), ROOT / "source_slides" / "glossary.yml") == ()


def test_check_prints_the_glossary_warnings_and_still_exits_0(tmp_path, capsys, monkeypatch):
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "保险.pptx", [SlideSpec([Title("保险入门")])] + [
        SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, body)]) for n, body in enumerate(BODIES, 1)])
    (tmp_path / "source_slides" / "glossary.yml").write_text(
        "terms:\n  短期保险: 保险期间较短的保险。\n  保费: 投保人为取得保险保障而缴纳的费用。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "extract")[0] == 0
    code, out, err = run(capsys, "check")
    assert code == 0 and "matches the decks" in out
    assert "deckdocs: warning: source_slides/glossary.yml: line 2: the definition of 短期保险 restates the term" in err
    assert "deckdocs: warning: source_slides/glossary.yml: 保额 is used on 3 slides" in err


def test_a_second_check_asks_jieba_nothing(tmp_path):
    """What jieba said about the slides' nouns is kept in the project's cache, as the headings are."""
    (tmp_path / "source_slides").mkdir()
    build_deck(tmp_path / "source_slides" / "保险.pptx", [SlideSpec([Title("保险入门")])] + [
        SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, body)]) for n, body in enumerate(BODIES, 1)])
    code = "from deckdocs.cli import main\nmain(['extract'])\nmain(['check'])"
    probe.imported_after(code, tmp_path, ("jieba",))
    again = "from deckdocs.cli import main\nassert main(['check']) == 0"
    assert probe.imported_after(again, tmp_path, ("jieba", "pptx")) == set()
