"""The committed docs/ must match the committed deck: CI fails when they drift."""

from __future__ import annotations

import os

from conftest import ROOT
from deckdocs.cli import main


def test_committed_docs_match_the_slides(capsys, course_deck):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["check"])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert code == 0, f"docs/ is stale; run `deckdocs extract` and commit docs/:\n{out}"
