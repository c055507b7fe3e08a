"""Extraction speed beside markitdown: whole cold processes, alternating runs, several deck sizes.

Each deck is converted by ``deckdocs extract`` (a fresh interpreter) and by ``markitdown DECK``
from a plain ``markitdown[pptx]`` install in its own virtual environment (made on demand under
benchmarks/out/, as heavy neighbours slow markitdown down). The tools alternate run by run (the
order reversed on every other run); the tables give medians of wall time and CPU time (user +
system), each process's peak memory, and the ratios deckdocs / markitdown measured in this run.

The course deck has its own table, two projects side by side: the course project as an editor
has it (source_slides/ with the deck, glossary.yml and quiz.yml) and a bare copy (the deck
only, so jieba decides which headings are terms), each fresh (no docs/, no .deckdocs-cache/)
and with the cache of an earlier extract in place (docs/ removed). The larger decks are copies
of the course with its content slides repeated (benchmarks/course_copies.py), fresh and without
the question bank (``quiz.build_question_bank`` replaced by an empty bank). A last table times
extracting again after one slide changed, with the cache of the unchanged decks in place.

As for markitdown, whose files pip byte-compiled when it installed them, deckdocs' modules are
byte-compiled first (a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile them
from source in every run), and one untimed extract runs before the timed ones: what is built
once per machine (jieba's cache of its dictionary, deckdocs' index of pypinyin's and jieba's
dictionaries, see deckdocs.lang.index) is in place, as on any machine after the first run.

    python benchmarks/extract.py [--sizes 250 1000 5000] [--runs 5] [--large-runs 3]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from course_copies import COURSE, OUT, change_one_slide, course_copy  # noqa: E402
from measure import Run, timed_process  # noqa: E402

MARKITDOWN_VENV = OUT / "markitdown-venv"
TOOLS = ROOT / "tools"


def markitdown_command() -> Path:
    """Return the markitdown executable of the benchmark's own venv, installing it if needed."""
    exe = MARKITDOWN_VENV / "bin" / "markitdown"
    if not exe.exists():
        print(f"installing markitdown[pptx] into {MARKITDOWN_VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(MARKITDOWN_VENV)], check=True)
        subprocess.run([str(MARKITDOWN_VENV / "bin" / "pip"), "install", "-q", "markitdown[pptx]"], check=True)
    return exe


def deckdocs_env() -> dict[str, str]:
    # Text only, as markitdown: no slide pictures (LibreOffice; benchmarks/build.py times those).
    return {**os.environ, "PYTHONPATH": f"{TOOLS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "DECKDOCS_SOFFICE": ""}


def fresh_project(base: Path, decks: list[Path]) -> Path:
    """Return an empty project folder whose source_slides/ holds ``decks``."""
    project = Path(tempfile.mkdtemp(dir=base))
    (project / "source_slides").mkdir()
    for deck in decks:
        shutil.copy(deck, project / "source_slides" / deck.name)
    return project


def reset(project: Path) -> None:
    """Remove what a previous run left: the pages and the cache."""
    for name in ("docs", ".deckdocs-cache"):
        shutil.rmtree(project / name, ignore_errors=True)


EXTRACT = [sys.executable, "-m", "deckdocs", "extract"]
# The pipeline with an empty question bank: what the rest costs while the bank is quadratic.
EXTRACT_WITHOUT_BANK = [sys.executable, "-c", (
    "import sys; import deckdocs.quiz as quiz; from deckdocs.cli import main\n"
    "quiz.build_question_bank = lambda *args, **kwargs: quiz.QuestionBank((), (), (), ())\n"
    "sys.exit(main(['extract']))")]


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall_s", "cpu_s", "peak_mb")))


def alternate(variants: dict[str, Callable[[], Run]], runs: int) -> dict[str, Run]:
    """Return the median of each variant, the variants alternating run by run (their order
    reversed on every other run)."""
    runs_of: dict[str, list[Run]] = {name: [] for name in variants}
    for n in range(runs):
        for name in (list(variants) if n % 2 == 0 else list(reversed(variants))):
            runs_of[name].append(variants[name]())
    return {name: median(found) for name, found in runs_of.items()}


def compare(deck: Path, runs: int, markitdown: Path, base: Path) -> dict[str, Run]:
    """Return the medians of each variant on ``deck`` ("fresh", "no bank", "markitdown")."""
    project = fresh_project(base, [deck])
    env = deckdocs_env()
    return alternate({
        "fresh": lambda: (reset(project), timed_process(EXTRACT, project, env))[1],
        "no bank": lambda: (reset(project), timed_process(EXTRACT_WITHOUT_BANK, project, env))[1],
        "markitdown": lambda: timed_process([str(markitdown), str(project / "source_slides" / deck.name)], project),
    }, runs)


COURSE_PROJECTS = (("the course project (deck, glossary.yml, quiz.yml)", ("glossary.yml", "quiz.yml")),
                   ("a bare copy (the deck only)", ()))


def compare_course(runs: int, markitdown: Path, base: Path) -> dict[str, Run]:
    """Return the medians, on the course deck, of each project fresh and with the cache in place,
    and of markitdown, all alternating."""
    env = deckdocs_env()
    variants: dict[str, Callable[[], Run]] = {}
    for label, extras in COURSE_PROJECTS:
        fresh = fresh_project(base, [COURSE, *(COURSE.parent / name for name in extras)])
        cached = fresh_project(base, [COURSE, *(COURSE.parent / name for name in extras)])
        timed_process(EXTRACT, cached, env)  # untimed: fills the cache, and any machine-wide one
        variants[f"{label}|fresh"] = lambda p=fresh: (reset(p), timed_process(EXTRACT, p, env))[1]
        variants[f"{label}|cached"] = lambda p=cached: (shutil.rmtree(p / "docs"), timed_process(EXTRACT, p, env))[1]
    variants["markitdown"] = lambda: timed_process([str(markitdown), str(COURSE)], base)
    return alternate(variants, runs)


def print_course_table(found: dict[str, Run]) -> None:
    theirs = found["markitdown"]
    # markitdown runs threads (its file-type model), so its CPU time exceeds its wall time: both
    # ratios are printed.
    print(f"Course deck (27 slides): CPU s (wall s), ratio = deckdocs / markitdown in this run, CPU "
          f"and wall (goal ≤ 0.5); markitdown {theirs.cpu_s:.2f} CPU s ({theirs.wall_s:.2f} wall s, "
          f"{theirs.peak_mb:.0f} MB)\n")
    print("| project | fresh: no docs/, no cache | ratio CPU / wall | cache in place | ratio CPU / wall | peak MB fresh |")
    print("|---|---|---|---|---|---|")
    for label, _ in COURSE_PROJECTS:
        fresh, cached = found[f"{label}|fresh"], found[f"{label}|cached"]
        print(f"| {label} | {fresh.cpu_s:.2f} ({fresh.wall_s:.2f}) "
              f"| {fresh.cpu_s / theirs.cpu_s:.2f} / {fresh.wall_s / theirs.wall_s:.2f} "
              f"| {cached.cpu_s:.2f} ({cached.wall_s:.2f}) "
              f"| {cached.cpu_s / theirs.cpu_s:.2f} / {cached.wall_s / theirs.wall_s:.2f} | {fresh.peak_mb:.0f} |")
    print(f"| *markitdown* | {theirs.cpu_s:.2f} ({theirs.wall_s:.2f}) | 1 / 1 | | | {theirs.peak_mb:.0f} |", flush=True)


def startup(runs: int, base: Path) -> Run:
    return median([timed_process([sys.executable, "-m", "deckdocs", "--help"], base, deckdocs_env())
                   for _ in range(runs)])


def rebuild_after_one_change(decks: int, runs: int, base: Path) -> tuple[Run, Run]:
    """Return medians of (full extract, extract after one slide of one deck changed) for a
    project of ``decks`` copies of the course deck, the cache kept between the two."""
    copies = []
    for n in range(1, decks + 1):
        copy = base / f"course-{n:02d}.pptx"
        shutil.copy(COURSE, copy)
        copies.append(copy)
    project = fresh_project(base, copies)
    target = project / "source_slides" / copies[0].name
    original = target.read_bytes()
    full, again = [], []
    for _ in range(runs):
        reset(project)
        target.write_bytes(original)
        full.append(timed_process(EXTRACT, project, deckdocs_env()))
        change_one_slide(target)
        again.append(timed_process(EXTRACT, project, deckdocs_env()))
    return median(full), median(again)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 1000, 5000],
                        help="slides in the course copies (default: 250 1000 5000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each tool per deck (median; default 5)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs for decks of 5,000 slides or more (default 3)")
    parser.add_argument("--rebuild-decks", type=int, nargs="*", default=[1, 10],
                        help="project sizes for the one-slide-changed table (default: 1 10)")
    args = parser.parse_args(argv)
    markitdown = markitdown_command()
    compileall.compile_dir(TOOLS / "deckdocs", quiet=1)  # as pip compiled markitdown's modules
    decks = [(f"course × {n} slides", course_copy(n), n) for n in args.sizes]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs, "
          "deckdocs and markitdown alternating; deckdocs byte-compiled, machine-wide caches built")
    with tempfile.TemporaryDirectory(prefix="deckdocs-bench-") as tmp:
        base = Path(tmp)
        help_run = startup(args.runs, base)
        ours, theirs = (median([timed_process([python, "-c", "pass"], base) for _ in range(args.runs)]).cpu_s
                        for python in (sys.executable, str(MARKITDOWN_VENV / "bin" / "python")))
        print(f"deckdocs --help: {help_run.wall_s:.3f} s wall, {help_run.cpu_s:.3f} s CPU; an empty interpreter: "
              f"{ours:.3f} s CPU (deckdocs' environment, with its .pth files), {theirs:.3f} s (markitdown's venv)\n")
        print_course_table(compare_course(args.runs, markitdown, base))
        if decks:
            print("\n| deck | slides | deckdocs run | wall s | CPU s | peak MB | ratio wall | ratio CPU |")
            print("|---|---|---|---|---|---|---|---|")
        for label, path, slides in decks:
            runs = args.runs if slides < 5000 else args.large_runs
            found = compare(path, runs, markitdown, base)
            theirs = found.pop("markitdown")
            for name, ours in found.items():
                print(f"| {label} | {slides} | {name} | {ours.wall_s:.2f} | {ours.cpu_s:.2f} | {ours.peak_mb:.0f} "
                      f"| {ours.wall_s / theirs.wall_s:.2f} | {ours.cpu_s / theirs.cpu_s:.2f} |")
            print(f"| {label} | {slides} | *markitdown* | {theirs.wall_s:.2f} | {theirs.cpu_s:.2f} "
                  f"| {theirs.peak_mb:.0f} | 1 | 1 |", flush=True)
        if decks:
            print("\nratio = deckdocs / markitdown in the same run (goal: 5,000 slides ≤ 1.0);"
                  " fresh: no docs/, no cache; no bank: empty question bank")
        if args.rebuild_decks:
            print("\n| decks | full extract wall s | CPU s | one slide changed wall s | CPU s |")
            print("|---|---|---|---|---|")
            for count in args.rebuild_decks:
                with tempfile.TemporaryDirectory(dir=base) as sub:
                    full, again = rebuild_after_one_change(count, args.runs, Path(sub))
                print(f"| {count} | {full.wall_s:.2f} | {full.cpu_s:.2f} | {again.wall_s:.2f} | {again.cpu_s:.2f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
