"""``deckdocs report``: the item analysis finds exactly the questions simulated learners show to
be too easy, too hard, misleading or with a distractor nobody picks; the terminal table, the
HTML page and the errors."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import pytest
from learners import SimQuestion, default_questions, simulate

from deckdocs.cli import main
from deckdocs.report.analysis import analyse, point_biserial
from deckdocs.report.page import render_report
from deckdocs.report.statements import normal_stem

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = (("第一章", 1.0), ("第二章", 0.5), ("第三章", 0.2))


@pytest.fixture(scope="module")
def statements():
    return simulate(default_questions(), 400, seed=3, chapters=CHAPTERS)


def _flags(analysis) -> dict[str, tuple[str, ...]]:
    return {i.activity.rsplit("/", 1)[-1]: i.flags for i in analysis.items if i.flags}


def test_the_report_finds_exactly_the_easy_hard_misleading_and_dead_distractor_questions(statements):
    analysis = analyse(statements)
    assert _flags(analysis) == {"q01": ("too-easy",), "q02": ("too-hard",), "q03": ("misleading",),
                                "q04": ("unused-distractor",)}
    q04 = next(i for i in analysis.items if i.activity.endswith("/q04"))
    assert q04.unused == ("选项4-乙",)
    ordinary = [i for i in analysis.items if not i.flags]
    assert all(i.discrimination > 0.2 for i in ordinary)  # they do tell strong from weak learners
    assert analysis.learners == 400 and analysis.scored == 400


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_other_seeds_find_the_same_questions(seed):
    analysis = analyse(simulate(default_questions(seed=seed), 400, seed=seed))
    assert set(_flags(analysis)) == {"q01", "q02", "q03", "q04"}


def test_only_first_answers_count_and_every_attempt_is_counted(statements):
    q = default_questions()[5]
    retry = [s for s in statements if s["object"]["id"].endswith("/" + q.key)][0]
    again = {**retry, "id": "00000000-0000-4000-8000-000000000000", "timestamp": "2027-01-01T00:00:00Z",
             "result": {"success": not retry["result"]["success"], "response": q.ids[0]}}
    before = next(i for i in analyse(statements).items if i.activity.endswith(q.key))
    after = next(i for i in analyse([*statements, again]).items if i.activity.endswith(q.key))
    assert (after.attempts, after.learners, after.facility) == (before.attempts + 1, before.learners, before.facility)


def test_chapters_give_the_share_of_learners_who_read_them_to_the_end(statements):
    analysis = analyse(statements)
    shares = {c.title: c.finished / analysis.learners for c in analysis.chapters}
    assert set(shares) == {"第一章", "第二章", "第三章"}
    assert shares["第一章"] == 1.0
    assert shares["第二章"] == pytest.approx(0.5, abs=0.07) and shares["第三章"] == pytest.approx(0.2, abs=0.06)
    assert all(c.opened == 400 for c in analysis.chapters)


def test_point_biserial_matches_its_definition():
    pairs = [(True, 0.9), (True, 0.7), (False, 0.4), (False, 0.2)]
    pearson = statistics.correlation([1.0 if ok else 0.0 for ok, _ in pairs], [s for _, s in pairs])
    assert point_biserial(pairs) == pytest.approx(pearson)  # the Pearson r of right (1/0) with the score
    assert point_biserial([(True, 0.5), (True, 0.5)]) is None


def test_quiz_yml_ids_name_the_questions_to_drop_and_fix(statements):
    ids = {normal_stem(q.stem): f"cloze-{q.key}aaaa" for q in default_questions()}
    analysis = analyse(statements, ids)
    assert [i.quiz_id for i in analysis.advice("drop")] == ["cloze-q01aaaa"]
    assert [i.quiz_id for i in analysis.advice("fix")] == ["cloze-q02aaaa", "cloze-q03aaaa", "cloze-q04aaaa"]


def test_the_page_draws_its_charts_offline_in_chinese(statements):
    page = render_report(analyse(statements))
    assert page.count("<svg") == 2 + len(default_questions())  # overview, chapters, one per question
    assert not re.search(r"<script|<link|\bsrc=|url\(", page)  # nothing to fetch
    text = re.sub(r"<[^>]+>", "", page)
    assert "太容易" in text and "反向区分" in text and "干扰项没人选：“选项4-乙”" in text
    assert not re.search(r"[\u4e00-\u9fff][,;:!?]", text)  # full-width punctuation after Chinese


def test_the_cli_prints_the_table_and_writes_the_page(statements, tmp_path, capsys):
    source = tmp_path / "statements.json"
    source.write_text(json.dumps(statements, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", "--statements", str(source), "--out", str(out), "--source", str(tmp_path / "none")]) == 0
    printed = capsys.readouterr().out
    lines = {line.split("\t")[0]: line for line in printed.splitlines()}
    assert "太容易" in lines["q01"] and "太难" in lines["q02"] and "反向区分" in lines["q03"]
    assert "干扰项没人选" in lines["q04"] and "q05" in lines and "太" not in lines["q05"]
    assert "章节 第二章：打开 400 人" in printed
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_the_report_names_the_quiz_yml_ids_of_the_course_deck(tmp_path, capsys):
    """Statements whose stems are the course's own questions: the report finds their quiz.yml ids."""
    from deckdocs.pipeline import find_decks, question_bank

    bank = question_bank(find_decks(REPO / "source_slides"))
    picked = bank.final[:6]
    questions = tuple(SimQuestion(f"k{n}", q.alternate or q.prompt, tuple(o.text for o in sorted(q.options, key=lambda o: not o.is_correct)),
                                  "easy" if n == 0 else "normal") for n, q in enumerate(picked))
    source = tmp_path / "statements.json"
    source.write_text(json.dumps(simulate(questions, 60, seed=5), ensure_ascii=False), encoding="utf-8")
    assert main(["report", "--statements", str(source), "--out", str(tmp_path / "r.html"),
                 "--source", str(REPO / "source_slides"), "--docs", str(REPO / "docs")]) == 0
    printed = capsys.readouterr().out
    assert f"建议删除（quiz.yml 的 drop）：{picked[0].key}" in printed
    assert all(q.key in printed for q in picked)


@pytest.mark.parametrize("content, what", [("{not json", "not a JSON file at line 1"),
                                           ('{"statements": 3}', "no list of statements"),
                                           ('[{"verb": {}}]', "statement 1 lacks an actor")])
def test_a_malformed_file_is_one_line_and_exit_2(tmp_path, capsys, content, what):
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    assert main(["report", "--statements", str(source), "--out", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert what in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


def test_an_unreachable_lrs_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["report", "--lrs", "http://127.0.0.1:9/xAPI/", "--user", "a", "--password", "b",
                 "--out", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the LRS" in err and len(err.strip().splitlines()) == 1
