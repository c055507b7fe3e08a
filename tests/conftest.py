"""Shared fixtures: paths to the repo, the course deck and ../shared."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Tests render slide pictures only where they ask to (the ``soffice`` fixture): everywhere else
# deckdocs, and every deckdocs it starts, keeps the pictures already in docs/ and renders none.
SOFFICE = os.environ.get("DECKDOCS_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
os.environ["DECKDOCS_SOFFICE"] = ""
# The tests read deckdocs' messages in English; tests/test_messages.py asks for Chinese where it checks it.
os.environ["DECKDOCS_LANG"] = "en"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
COURSE_DECK = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"the real-world corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def course_deck() -> Path:
    if not COURSE_DECK.exists():
        pytest.skip(f"the course deck is not built yet: {COURSE_DECK}")
    return COURSE_DECK


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's ``soffice``: missing, the test skips, or fails where DECKDOCS_REQUIRE_BROWSER=1 (CI)."""
    if not SOFFICE or not shutil.which("pdftoppm"):
        reason = "slide pictures need LibreOffice and pdftoppm (apt-get install libreoffice-impress-nogui poppler-utils)"
        if os.environ.get("DECKDOCS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return SOFFICE


@pytest.fixture
def course_slides(tmp_path, course_deck, monkeypatch) -> Path:
    """Return the source_slides/ of a project with the course deck, its glossary and an empty
    quiz.yml; the project is the working directory."""
    slides = tmp_path / "source_slides"
    slides.mkdir()
    shutil.copy(course_deck, slides / course_deck.name)
    shutil.copy(ROOT / "source_slides" / "glossary.yml", slides / "glossary.yml")
    (slides / "quiz.yml").write_text("drop: []\nfix: {}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return slides


@pytest.fixture(scope="session")
def scorm12_schema():
    """The SCORM 1.2 manifest schema (IMS CP 1.1.2 with ADL CP) from ../shared/scorm12, read without network."""
    from lxml import etree

    schemas = SHARED / "scorm12"
    if not schemas.is_dir():
        pytest.skip("../shared/scorm12 (the SCORM 1.2 schemas) is absent")
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{(schemas / xsd).as_uri()}"/>' for ns, xsd in (
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ))
    text = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    return etree.XMLSchema(etree.fromstring(text.encode(), etree.XMLParser(no_network=True)))
