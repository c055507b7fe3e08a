"""`deckdocs export-scorm`: the built site as a SCORM package an LMS imports as it is.

The package is made from a real ``mkdocs build`` of the committed docs/. What it does inside an
LMS is tested in a real SCORM runtime: ``tests/browser/test_scorm.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from deckdocs.cli import main
from deckdocs.export.scorm import ADAPTER, LAUNCH_PAGE, export_scorm, read_course

ROOT = Path(__file__).resolve().parents[1]
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("scorm") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=ROOT, capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stderr
    return site


def _env() -> dict[str, str]:
    """The environment for a plain build: the MkDocs 2 banner off, no SITE_URL from the caller."""
    return {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def package(site_dir) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export_scorm(site_dir)))


def _manifest(package: zipfile.ZipFile):
    return etree.fromstring(package.read("imsmanifest.xml"))


def test_the_manifest_lists_the_course_its_chapters_the_final_test_and_the_glossary(package, site_dir):
    manifest = _manifest(package)
    organization = manifest.find(f"{CP}organizations/{CP}organization")
    assert organization.findtext(f"{CP}title") == "微粒贷基础知识培训课件课程"
    items = organization.findall(f"{CP}item")
    titles = [item.findtext(f"{CP}title") for item in items]
    assert titles == ["微粒贷基础知识培训课件课程", "微粒贷概述", "微粒贷操作流程", "微粒贷风险管理",
                      "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析", "术语表", "综合测验"]
    assert items[0].findtext(f"{ADLCP}masteryscore") == "80"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    sco = resources[items[0].get("identifierref")]
    assert (sco.get(f"{ADLCP}scormtype"), sco.get("href")) == ("sco", LAUNCH_PAGE)
    pages = [resources[item.get("identifierref")] for item in items[1:]]
    assert [r.get(f"{ADLCP}scormtype") for r in pages] == ["asset"] * 8
    assert pages[-1].get("href") == "quiz.html" and pages[0].get("href").startswith("01-")
    listed = {f.get("href") for f in sco.iter(f"{CP}file")}
    assert listed == set(package.namelist()) - {"imsmanifest.xml"}  # every file, nothing missing


def test_every_page_loads_the_adapter_and_the_launch_page_knows_the_course(package, site_dir):
    pages = [n for n in package.namelist() if n.endswith(".html") and n != LAUNCH_PAGE]
    assert len(pages) >= 10
    for name in pages:
        scripts = lxml.html.document_fromstring(package.read(name)).xpath("//script[@data-deckdocs-scorm]/@src")
        assert scripts == ["../" * name.count("/") + ADAPTER], name
    assert package.read(ADAPTER).startswith(b"/*")
    assert not re.search(rb"deckdocs-scorm", (site_dir / "index.html").read_bytes())  # the hosted site: untouched
    launch = lxml.html.document_fromstring(package.read(LAUNCH_PAGE))
    config = json.loads(launch.get_element_by_id("deckdocs-scorm-config").text)
    course = read_course(site_dir)
    questions = len(lxml.html.document_fromstring((site_dir / "quiz.html").read_bytes()).find_class("quiz"))
    assert config == {"version": "1.2", "mastery": 80, "start": "index.html",
                      "chapters": [p.path for p in course.chapters], "finals": ["quiz.html"], "questions": questions}
    assert questions >= 5  # the 综合测验 asks what the chapters do not (issue 22: fewer but better)


def test_the_same_site_gives_the_same_bytes(site_dir, package):
    assert export_scorm(site_dir) == export_scorm(site_dir)
    assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_manifest_is_valid_scorm_12(package, scorm12_schema):
    schema = scorm12_schema
    manifest = _manifest(package)
    assert schema.validate(manifest), schema.error_log
    manifest.find(f".//{CP}resource").set(f"{ADLCP}scormtype", "lesson")  # the schema can say no
    assert not schema.validate(manifest)


def test_a_2004_package_says_so_and_carries_the_mastery_as_a_scaled_measure(site_dir):
    package = zipfile.ZipFile(io.BytesIO(export_scorm(site_dir, "2004", 75)))
    manifest = _manifest(package)
    cp, adlcp, imsss = ("{http://www.imsglobal.org/xsd/imscp_v1p1}", "{http://www.adlnet.org/xsd/adlcp_v1p3}",
                        "{http://www.imsglobal.org/xsd/imsss}")
    assert manifest.tag == f"{cp}manifest"
    assert manifest.findtext(f"{cp}metadata/{cp}schemaversion") == "2004 4th Edition"
    assert manifest.find(f".//{cp}resource").get(f"{adlcp}scormType") == "sco"
    assert manifest.findtext(f".//{imsss}primaryObjective/{imsss}minNormalizedMeasure") == "0.75"
    config = json.loads(lxml.html.document_fromstring(package.read(LAUNCH_PAGE))
                        .get_element_by_id("deckdocs-scorm-config").text)
    assert (config["version"], config["mastery"]) == ("2004", 75)


def test_export_scorm_writes_the_package(site_dir, tmp_path, capsys):
    out = tmp_path / "course.zip"
    assert main(["export-scorm", "--site", str(site_dir), "--out", str(out), "--mastery", "90"]) == 0
    assert "SCORM 1.2" in capsys.readouterr().out
    assert _manifest(zipfile.ZipFile(out)).findtext(f".//{ADLCP}masteryscore") == "90"


@pytest.mark.parametrize("args, what", [
    (["--scorm-version", "1.3"], "unknown SCORM version '1.3'"),
    (["--mastery", "101"], "mastery score '101' is not a percentage"),
    (["--mastery", "-5"], "mastery score '-5' is not a percentage"),
    (["--mastery", "八十"], "mastery score '八十' is not a percentage"),
    (["--site", "no-such-site"], "no-such-site: no built site here"),
])
def test_bad_options_or_no_site_are_one_line_and_exit_2(site_dir, tmp_path, capsys, args, what):
    out = tmp_path / "course.zip"
    argv = ["export-scorm", "--site", str(site_dir), "--out", str(out), *args]
    if "--site" in args:
        argv = ["export-scorm", "--out", str(out), "--site", str(tmp_path / args[1])]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and what in err and "Traceback" not in err
    assert not out.exists()
