"""Run code in a fresh interpreter with deckdocs on its path, and report what it did.

Fresh, because the test process has imported everything by then: what a command imports
(tests/test_startup.py), and what the fast paths of deckdocs.lang answer without a library
loaded whole (tests/test_pinyin.py, tests/test_segment.py), show only in a process of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import deckdocs

TOOLS = str(Path(deckdocs.__file__).resolve().parents[1])


def run_python(code: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
               stdin: str | None = None) -> str:
    """Run ``code`` (its arguments ``args``, its input ``stdin``, ``env`` added to a bare
    environment) and return what it printed."""
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          check=True, env={"PYTHONPATH": TOOLS, "PATH": "/usr/bin:/bin", **(env or {})})
    return done.stdout


def imported_after(code: str, cwd: Path, among: tuple[str, ...], env: dict[str, str] | None = None) -> set[str]:
    """Return the packages or modules ``among`` that a fresh interpreter has imported after ``code``."""
    probe = (f"import json, sys\n{code}\n"
             f"names = set(sys.modules) | {{m.split('.')[0] for m in sys.modules}}\n"
             f"print(json.dumps(sorted(names & set({list(among)!r}))))")
    return set(json.loads(run_python(probe, cwd=cwd, env=env).strip().splitlines()[-1]))


def ask(code: str, how: str, texts: list[str], index_dir: Path) -> dict:
    """Return what ``code`` prints (JSON) when asked ``how`` about ``texts`` (JSON on its input),
    with ``index_dir`` as the machine-wide index."""
    return json.loads(run_python(code, how, stdin=json.dumps(texts), env={"DECKDOCS_INDEX_DIR": str(index_dir)}))
