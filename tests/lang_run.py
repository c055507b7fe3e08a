"""Ask a question of deckdocs.lang in a fresh interpreter (tests/test_pinyin.py, test_segment.py).

A process that has loaded a library whole would answer the fast path's questions from its
whole dictionary, so each comparison runs a script of its own with a given index folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import deckdocs

TOOLS = str(Path(deckdocs.__file__).resolve().parents[1])


def run_python(script: str, *args: str, index_dir: Path, stdin: str | None = None) -> str:
    """Run ``script`` with deckdocs on the path and ``index_dir`` as the machine-wide index; return its output."""
    done = subprocess.run([sys.executable, "-c", script, *args], input=stdin, capture_output=True, text=True,
                          check=True, env={"PYTHONPATH": TOOLS, "PATH": "/usr/bin:/bin",
                                           "DECKDOCS_INDEX_DIR": str(index_dir)})
    return done.stdout


def ask(script: str, how: str, texts: list[str], index_dir: Path) -> dict:
    """Return what ``script`` prints (JSON) for ``texts`` given on its input, asked ``how``."""
    return json.loads(run_python(script, how, index_dir=index_dir, stdin=json.dumps(texts)))
