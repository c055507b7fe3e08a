"""Build cost: wall time and peak memory of ``deckdocs build --no-pdf`` (extract + mkdocs build
--strict; the handout is left out, as it grows with every deck) for a site of 1, 10 and 100 decks.

Each size gets a fresh temporary project: the repo's mkdocs.yml, theme overrides and hand-written
docs files, and the course deck copied under N names into source_slides/. The build runs in a
process of its own; peak memory is the largest resident set of that process and its children
(the extract and the mkdocs build), as the kernel reports it.

    python benchmarks/build.py [--sizes 1 10 100] [--deck source_slides/….pptx]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
HAND_WRITTEN = ("stylesheets", "javascripts")  # docs/ folders that no deck generates


def make_project(target: Path, deck: Path, count: int) -> Path:
    """Lay out a project in ``target`` whose slides folder holds ``count`` copies of ``deck``."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    for name in HAND_WRITTEN:
        if (ROOT / "docs" / name).is_dir():
            shutil.copytree(ROOT / "docs" / name, target / "docs" / name)
    slides = target / "source_slides"
    slides.mkdir()
    for n in range(1, count + 1):
        shutil.copy(deck, slides / f"{deck.stem}-{n:03d}{deck.suffix}")
    return target


def run_build(project: Path) -> dict:
    """Run ``deckdocs build`` in ``project`` from a child process; return its time and peak memory."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run([sys.executable, '-m', 'deckdocs', 'build', '--no-pdf'], stdout=subprocess.DEVNULL,"
        " stderr=subprocess.PIPE, text=True)\n"
        "wall = time.perf_counter() - start\n"
        "peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'code': code.returncode, 'wall_s': wall, 'peak_kib': peak_kib,"
        " 'stderr': code.stderr[-2000:]}))\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, env=env)
    return json.loads(result.stdout)


def count_outputs(project: Path) -> tuple[int, int]:
    """Return (pages, bytes) of the built site."""
    site = project / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="numbers of decks")
    parser.add_argument("--deck", type=Path, default=COURSE, help="the deck to copy (default: the course deck)")
    args = parser.parse_args(argv)
    print(f"deck: {args.deck.name} ({args.deck.stat().st_size / 1024:.0f} KB), {os.cpu_count()} CPUs")
    print(f"{'decks':>5} {'pages':>6} {'site MB':>8} {'wall s':>8} {'s/deck':>7} {'peak MB':>8}")
    failed = False
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="deckdocs-build-") as tmp:
            project = make_project(Path(tmp), args.deck, size)
            run = run_build(project)
            if run["code"] != 0:
                print(f"{size:>5}  build failed:\n{run['stderr']}")
                failed = True
                continue
            pages, size_bytes = count_outputs(project)
        print(f"{size:>5} {pages:>6} {size_bytes / 1e6:>8.1f} {run['wall_s']:>8.1f} {run['wall_s'] / size:>7.2f} "
              f"{run['peak_kib'] / 1024:>8.0f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
