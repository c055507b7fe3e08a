"""Shared fixtures: paths to the repo, the course deck and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

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
