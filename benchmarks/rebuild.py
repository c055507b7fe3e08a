"""Rebuild after one slide changed: ``deckdocs extract`` and ``deckdocs build --no-pdf`` of the
course project, timed with the code before and after a change, in one run.

The code "before" is a git revision (default: the commit this branch started from), taken with
``git archive`` into a temporary folder and put first on PYTHONPATH; "after" is this checkout's
tools/. Each side gets its own fresh project (the repo's mkdocs.yml, overrides, hand-written
docs assets and source_slides/), extracted and built once; then one word of slide 13 changes
and the rebuild is timed, --runs times alternately (the word toggled back and forth), median
shown. Also printed: how many pages each side's rebuild changed and what it reported for them.

    python benchmarks/rebuild.py [--before 56598a0] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import timed_process  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SLIDE, WORDS = 13, ("部署先进的交易监控系统", "部署成熟的交易监控系统")
START = "56598a0"  # the commit branch i20a started from


def project(folder: Path, root: Path) -> Path:
    """Return a fresh course project in ``folder``, laid out as the checkout ``root`` expects:
    with its config, overrides and hand-written docs from before deckdocs shipped them, else
    nothing but the decks and the editors' files."""
    folder.mkdir(parents=True)
    if (root / "overrides").is_dir():
        shutil.copy(root / "mkdocs.yml", folder / "mkdocs.yml")
        for name in ("overrides", "docs/stylesheets", "docs/javascripts"):
            if (root / name).exists():
                shutil.copytree(root / name, folder / name)
    shutil.copytree(ROOT / "source_slides", folder / "source_slides")
    return folder


def toggle_word(deck: Path, to_new: bool) -> None:
    from pptx import Presentation

    old, new = WORDS if to_new else WORDS[::-1]
    prs = Presentation(str(deck))
    run = next(r for s in prs.slides[SLIDE - 1].shapes if s.has_text_frame
               for p in s.text_frame.paragraphs for r in p.runs if old in r.text)
    run.text = run.text.replace(old, new)
    prs.save(str(deck))


def code_at(revision: str, folder: Path) -> Path:
    """Return the tools/ folder of ``revision``, unpacked into ``folder`` with the rest of its tree."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    return folder / "tools"


def deckdocs(tools: Path, where: Path, *argv: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(tools), "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_SOFFICE": "", "DECKDOCS_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "deckdocs", *argv], cwd=where, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout


def timed(tools: Path, where: Path, *argv: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tools), "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_SOFFICE": "", "DECKDOCS_LANG": "en"}
    return timed_process([sys.executable, "-m", "deckdocs", *argv], where, env).wall_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=START, help=f"git revision of the code before (default {START})")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deckdocs-rebuild-") as tmp:
        tmp = Path(tmp)
        sides = {"before": code_at(args.before, tmp / "before-code"), "after": ROOT / "tools"}
        projects = {name: project(tmp / name, tools.parent) for name, tools in sides.items()}
        deck = {name: next((p / "source_slides").glob("*.pptx")) for name, p in projects.items()}
        for name, tools in sides.items():
            deckdocs(tools, projects[name], "build", "--no-pdf")  # the site as it was: cache warm
        times = {(name, what): [] for name in sides for what in ("extract", "build")}
        is_new = {name: False for name in sides}  # the word toggles before every timed rebuild

        def edit(name: str) -> None:
            is_new[name] = not is_new[name]
            toggle_word(deck[name], to_new=is_new[name])

        for _ in range(args.runs):
            for what in ("extract", "build"):
                for name, tools in sides.items():
                    edit(name)
                    times[name, what].append(timed(tools, projects[name], what, *(("--no-pdf",) if what == "build" else ())))
        reports = {}
        for name, tools in sides.items():  # one more edit, to show what each side reports
            edit(name)
            out = deckdocs(tools, projects[name], "extract")
            reports[name] = [line.strip() for line in out.splitlines() if re.match(r"\s*(added|changed|removed)\s", line)]
    print(f"rebuild after one word of slide {SLIDE} changed (course deck; median of {args.runs}; wall seconds)")
    labels = {"before": f"before ({args.before})", "after": "after (this checkout)"}
    width = max(map(len, labels.values()))
    print(f"{'':{width}} {'extract':>9} {'build --no-pdf':>15}")
    for name in sides:
        print(f"{labels[name]:{width}} {statistics.median(times[name, 'extract']):>9.2f} "
              f"{statistics.median(times[name, 'build']):>15.2f}")
    for name in sides:
        print(f"\n{name}: {len(reports[name])} files changed")
        for line in reports[name]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
