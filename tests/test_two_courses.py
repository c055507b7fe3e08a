"""Two courses in one site, as the issue found them: the course deck, then a copy of it under
another title added beside it. Each is a first-class course: its chapters, its 本章自测 and its
own 综合测验, a catalogue card, its part of the PDF's 目录, and its own SCORM package.

The site is built once for the module (deckdocs extract, then a strict mkdocs build).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pptx import Presentation

from decks import new_project
from deckdocs.cli import main
from deckdocs.export.scorm import LAUNCH_PAGE, export_scorm, export_scorm_together, read_courses

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
SECOND = "微粒贷进阶培训课程"
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
MIN_SELF_TEST = 5


def retitled_copy(source: Path, target: Path, title: str) -> Path:
    """Write ``source`` under another title: its properties and its cover say ``title``."""
    prs = Presentation(str(source))
    prs.core_properties.title = title
    prs.slides[0].shapes.title.text = title
    prs.save(str(target))
    return target


def _extract(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "deckdocs", "extract"], cwd=project, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def build_two_courses(project: Path) -> Path:
    """Return a project whose site holds the course and, added after it, a retitled copy; built into site/."""
    new_project(project)
    for name in ("glossary.yml", "quiz.yml"):
        shutil.copy(ROOT / "source_slides" / name, project / "source_slides" / name)
    shutil.copy(DECK, project / "source_slides" / DECK.name)
    _extract(project)
    retitled_copy(DECK, project / "source_slides" / f"{SECOND}.pptx", SECOND)
    _extract(project)
    env = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return build_two_courses(tmp_path_factory.mktemp("two") / "project")


def chapter_pages(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("[0-9][0-9]-*.md"))}


def self_test_sizes(docs: Path) -> dict[str, int]:
    """Return each chapter page's 本章自测 size (questions after its heading)."""
    sizes = {}
    for path, text in chapter_pages(docs).items():
        _, _, quiz = text.partition("## 本章自测")
        sizes[path] = quiz.count("<quiz>")
    return sizes


def test_both_courses_have_their_six_chapters(project):
    pages = chapter_pages(project / "docs")
    first = [p for p in pages if "/" not in p]
    second = [p for p in pages if p.startswith("wei-li-dai-jin-jie-pei-xun-ke-cheng/")]
    assert len(first) == 6 and len(second) == 6
    assert [p.split("/")[-1] for p in first] == [p.split("/")[-1] for p in second]


def test_every_chapter_of_both_courses_has_a_self_test_of_at_least_five_questions(project):
    sizes = self_test_sizes(project / "docs")
    assert len(sizes) == 12
    assert {path: n for path, n in sizes.items() if n < MIN_SELF_TEST} == {}
    first = (project / "docs" / "quiz.md").read_text(encoding="utf-8")
    second = (project / "docs" / "wei-li-dai-jin-jie-pei-xun-ke-cheng" / "quiz.md").read_text(encoding="utf-8")
    assert second.count("<quiz>") == first.count("<quiz>") >= 6, "the second course's 综合测验 is as full as the first's"


def test_each_course_has_its_own_final_test_titled_by_it(project):
    docs = project / "docs"
    first, second = (docs / "quiz.md").read_text(encoding="utf-8"), \
        (docs / "wei-li-dai-jin-jie-pei-xun-ke-cheng" / "quiz.md").read_text(encoding="utf-8")
    assert 'description: "微粒贷基础知识培训课件课程 综合测验' in first and SECOND not in first
    assert f'description: "{SECOND} 综合测验' in second
    assert first.count("<quiz>") >= 6  # at least one question a chapter, on average
    links = re.findall(r"\]\(([^)#]+)", first)
    assert links and all("/" not in link for link in links if link.endswith(".md")), \
        "the first course's 综合测验 links to its own chapters only"


def test_the_first_course_home_shows_the_second_as_a_catalogue_card(project):
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    _, _, others = home.partition("## 其他课程")
    assert f"[{SECOND}](wei-li-dai-jin-jie-pei-xun-ke-cheng/index.md)" in others
    assert "6 章" in others and "张幻灯片" in others and "阅读约" in others
    assert "章节：微粒贷概述、微粒贷操作流程" in others
    assert 'data-quiz-pages="wei-li-dai-jin-jie-pei-xun-ke-cheng/01-' in others


# ---------------------------------------------------------------- SCORM


def _config(package: zipfile.ZipFile, launch: str = LAUNCH_PAGE) -> dict:
    return json.loads(lxml.html.document_fromstring(package.read(launch)).get_element_by_id("deckdocs-scorm-config").text)


def test_export_scorm_writes_one_valid_package_per_course_each_tracking_its_own_chapters(project, capsys, scorm12_schema):
    schema = scorm12_schema
    out = project / "course-scorm.zip"
    assert main(["export-scorm", "--site", str(project / "site"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    second_zip = project / "course-scorm-wei-li-dai-jin-jie-pei-xun-ke-cheng.zip"
    assert f"微粒贷基础知识培训课件课程 → {out}" in printed and f"{SECOND} → {second_zip}" in printed
    for path, title, folder in ((out, "微粒贷基础知识培训课件课程", ""),
                                (second_zip, SECOND, "wei-li-dai-jin-jie-pei-xun-ke-cheng/")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        package = zipfile.ZipFile(path)
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        assert schema.validate(manifest), schema.error_log
        items = manifest.findall(f"{CP}organizations/{CP}organization/{CP}item")
        titles = [item.findtext(f"{CP}title") for item in items]
        assert titles[0] == title and titles[1:7] == ["微粒贷概述", "微粒贷操作流程", "微粒贷风险管理",
                                                       "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析"]
        config = _config(package)
        assert config["start"] == f"{folder}index.html"
        assert len(config["chapters"]) == 6 and all(
            c.startswith(folder) and (folder or "/" not in c) for c in config["chapters"])
        assert config["finals"] == [f"{folder}quiz.html"]
        assert config["questions"] == len(lxml.html.document_fromstring(
            (project / "site" / f"{folder}quiz.html").read_bytes()).find_class("quiz"))


def test_one_package_can_hold_each_course_as_its_own_sco(project, scorm12_schema):
    schema = scorm12_schema
    package = zipfile.ZipFile(io.BytesIO(export_scorm_together(project / "site")))
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    scos = [r for r in manifest.iter(f"{CP}resource") if r.get(f"{ADLCP}scormtype") == "sco"]
    assert [r.get("href") for r in scos] == ["deckdocs-scorm-1.html", "deckdocs-scorm-2.html"]
    first, second = (_config(package, r.get("href")) for r in scos)
    assert first["start"] == "index.html" and second["start"].endswith("/index.html")
    assert not set(first["chapters"]) & set(second["chapters"])
    items = manifest.findall(f"{CP}organizations/{CP}organization/{CP}item")
    assert [i.findtext(f"{CP}title") for i in items if i.get("identifier").startswith("item-course")] == \
        ["微粒贷基础知识培训课件课程", SECOND]


def test_a_package_carries_no_source_maps_or_search_language_files(project):
    package = zipfile.ZipFile(io.BytesIO(export_scorm(project / "site")))
    names = package.namelist()
    assert not [n for n in names if n.endswith(".map") or "/lunr/" in n or "wordcut" in n]
    assert {i.external_attr >> 16 for i in package.infolist()} == {0o644}
    site = project / "site"
    assert list(site.rglob("*.map")) and list(site.rglob("wordcut.js")), "the site has them: the package leaves them"
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert not re.search(r"workers/search\.[0-9a-f]+\.min\.js", pages), "no page loads Material's own worker"
    assert len(read_courses(site)) == 2


# ---------------------------------------------------------------- PDF


def test_the_handout_toc_nests_each_course_chapters_under_the_course(project):
    from deckdocs.export.pdf import assemble_handout, outline_pages
    from deckdocs.pipeline import outline_decks
    from deckdocs.write import root_deck

    decks = tuple(sorted((project / "source_slides").glob("*.pptx")))
    outline = outline_pages(outline_decks(decks, root_deck(project / "docs")))
    page = lxml.html.document_fromstring(assemble_handout(project / "site", outline=outline))
    toc = page.get_element_by_id("toc").getparent()
    courses = toc.xpath("./ol/li[contains(@class, 'dd-toc-course')]")
    assert [c.xpath("./a")[0].text_content() for c in courses] == ["微粒贷基础知识培训课件课程", SECOND]
    for course in courses:
        assert [a.text_content() for a in course.xpath("./ol/li/a")][:6] == [
            "微粒贷概述", "微粒贷操作流程", "微粒贷风险管理", "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析"]
    top = [li.xpath("./a")[0].text_content() for li in toc.xpath("./ol/li")]
    assert top[:2] == ["微粒贷基础知识培训课件课程", SECOND] and "微粒贷概述" not in top
