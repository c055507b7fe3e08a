"""`deckdocs export-xapi`: the built site as an xAPI package; tincan.xml, the launch page's data,
the page hook on every page, and activity ids that survive a rebuild after an edit elsewhere.
What the package sends is tested in a browser against a real LRS (tests/browser/test_xapi.py)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from decks import new_project
from deckdocs.cli import main
from deckdocs.export.scorm import ADAPTER, read_course
from deckdocs.export.xapi import LAUNCH_PAGE, XAPI_ADAPTER, course_base, export_xapi, text_hash

ROOT = Path(__file__).resolve().parents[1]
TC = "{http://projecttincan.com/tincan.xsd}"
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


def _build(project: Path, site: Path) -> Path:
    env = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return _build(ROOT, tmp_path_factory.mktemp("xapi") / "site")


@pytest.fixture(scope="module")
def package(site_dir) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export_xapi(site_dir)))


def _activities(package) -> list:
    return etree.fromstring(package.read("tincan.xml")).findall(f"{TC}activities/{TC}activity")


def _keys(site: Path, page: str) -> list[str]:
    return lxml.html.parse(str(site / page)).xpath("//div[@data-deckdocs-key]/@data-deckdocs-key")


def test_tincan_xml_lists_the_course_its_chapters_the_final_test_and_every_question(package, site_dir):
    course = read_course(site_dir)
    activities = _activities(package)
    types = [a.get("type").rsplit("/", 1)[-1] for a in activities]
    questions = [k for p in (*course.chapters, *course.finals) for k in _keys(site_dir, p.path)]
    assert types == ["course"] + ["module"] * len(course.chapters) + ["assessment"] + ["cmi.interaction"] * len(questions)
    base = course_base(course.title)
    assert activities[0].get("id") == base and activities[0].findtext(f"{TC}launch") == LAUNCH_PAGE
    assert activities[0].findtext(f"{TC}name") == "微粒贷基础知识培训课件课程"
    assert [a.findtext(f"{TC}name") for a in activities[1:1 + len(course.chapters)]] == [c.title for c in course.chapters]
    assert [a.get("id") for a in activities[-len(questions):]] == [f"{base}/question/{k}" for k in questions]
    ids = [a.get("id") for a in activities]
    assert len(set(ids)) == len(ids) and all(IRI.fullmatch(i) for i in ids)
    interactions = {a.findtext(f"{TC}interactionType") for a in activities[-len(questions):]}
    assert interactions == {"choice", "true-false"}  # the course has no fill-in question


def test_every_page_reports_through_the_scorm_page_hook_and_the_launch_page_knows_each_question(package, site_dir):
    pages = [n for n in package.namelist() if n.endswith(".html") and n != LAUNCH_PAGE]
    assert pages and all(f'src="{"../" * n.count("/")}{ADAPTER}" data-deckdocs-scorm="page"' in package.read(n).decode()
                         for n in pages)
    assert package.read(XAPI_ADAPTER).startswith(b"/*\n * deckdocs xAPI adapter")
    launch = lxml.html.fromstring(package.read(LAUNCH_PAGE))
    config = json.loads(launch.get_element_by_id("deckdocs-xapi-config").text)
    first = config["questions"][0]
    quiz = lxml.html.parse(str(site_dir / first["page"])).xpath("//div[@data-deckdocs-key]")[0]
    labels = [" ".join(label.text_content().split()) for label in quiz.xpath(".//fieldset//label")]
    assert first["choices"] == [[text_hash(t), t] for t in labels]
    right = [" ".join(i.getparent().find("label").text_content().split()) for i in quiz.xpath(".//input[@data-correct]")]
    assert first["pattern"] in ({"正确": "true", "错误": "false"}.get(right[0]), "[,]".join(text_hash(t) for t in right))


def test_option_ids_are_the_hash_the_saved_answers_use():
    """The page script's own textHash (site/assets/deckdocs-quiz.js), run by node, gives the same ids."""
    node = shutil.which("node")
    if not node:
        pytest.skip("needs node")
    texts = ["微众银行", "  微众银行\n", "正确", "错误", "a", "😀", ""]
    script = ("const src = require('fs').readFileSync(process.argv[1], 'utf8');"
              "eval(src.match(/function normalize[\\s\\S]*?\\n  }\\n/)[0] + src.match(/function textHash[\\s\\S]*?\\n  }\\n/)[0]);"
              "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(textHash)));")
    source = ROOT / "tools" / "deckdocs" / "site" / "assets" / "deckdocs-quiz.js"
    result = subprocess.run([node, "-e", script, str(source), json.dumps(texts)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [text_hash(t) for t in texts]
    assert text_hash("微众银行") == text_hash("  微众银行\n") and len({text_hash(t) for t in texts}) == 6


def test_the_same_site_gives_the_same_bytes(site_dir, package):
    assert export_xapi(site_dir) == export_xapi(site_dir)


def test_an_edited_question_gets_a_new_id_and_every_other_keeps_its_own(site_dir, package, tmp_path):
    project = new_project(tmp_path / "project")  # the repo's config; its docs/ as built
    shutil.rmtree(project / "docs")
    shutil.copytree(ROOT / "docs", project / "docs")
    chapter = project / "docs" / "02-wei-li-dai-cao-zuo-liu-cheng.md"
    text = chapter.read_text(encoding="utf-8")
    start = text.index("<quiz>\n") + len("<quiz>\n")
    chapter.write_text(text[:start] + "（改）" + text[start:], encoding="utf-8")
    before = [a.get("id") for a in _activities(package)]
    after = [a.get("id") for a in _activities(zipfile.ZipFile(io.BytesIO(export_xapi(_build(project, tmp_path / "site")))))]
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after) if b != a]
    assert len(changed) == 1 and "/question/" in changed[0][0]


def test_the_cmi5_package_has_cmi5_xml_with_one_au_and_its_move_on_rule(site_dir):
    package = zipfile.ZipFile(io.BytesIO(export_xapi(site_dir, 75, "cmi5")))
    assert package.namelist()[0] == "cmi5.xml" and "tincan.xml" not in package.namelist()
    ns = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
    structure = etree.fromstring(package.read("cmi5.xml"))
    base = course_base(read_course(site_dir).title)
    assert structure.find(f"{ns}course").get("id") == base
    (au,) = structure.findall(f"{ns}au")
    assert (au.get("id"), au.get("moveOn"), au.get("masteryScore")) == (base + "/au", "CompletedAndPassed", "0.75")
    assert au.findtext(f"{ns}url") == LAUNCH_PAGE
    assert au.find(f"{ns}title/{ns}langstring").text == "微粒贷基础知识培训课件课程"


def test_the_cli_writes_the_package_and_refuses_bad_input_in_one_line(site_dir, tmp_path, capsys):
    out = tmp_path / "course-xapi.zip"
    assert main(["export-xapi", "--site", str(site_dir), "--out", str(out), "--mastery", "70"]) == 0
    assert zipfile.ZipFile(out).namelist()[0] == "tincan.xml"
    assert '"mastery": 70' in zipfile.ZipFile(out).read(LAUNCH_PAGE).decode()
    capsys.readouterr()
    for argv in (["--mastery", "120"], ["--format", "scorm"], ["--site", str(tmp_path / "nothing")]):
        assert main(["export-xapi", "--site", str(site_dir), "--out", str(tmp_path / "x.zip"), *argv]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()
