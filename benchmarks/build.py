"""Build cost: wall time and peak memory of ``deckdocs build --no-pdf`` (extract + mkdocs build
--strict; the handout is left out, as it grows with every deck) for a site of 1, 10 and 100 decks.

Each size gets a fresh temporary project: the course deck copied under N names into
source_slides/, and nothing else (deckdocs' embedded config, as a new course has it). The build runs in a
process of its own; peak memory is the largest resident set of that process and its children
(extract and the MkDocs build both run in that one process), as the kernel reports it.

Slide pictures (LibreOffice): the time to render every slide of the deck cold, a first
extract that renders each section's slide, a rebuild after one slide changes (only that slide is
rendered again), the pictures' total bytes, and what a chapter page transfers on its first load
with the pictures (lazy) counted apart from its HTML, CSS and JS (budget 300 KB gzipped).

Beside plain MkDocs: the table sets ``deckdocs build --no-pdf`` beside a plain ``mkdocs build --strict`` of
the same pages with the same config minus the deckdocs plugin, run alternately in one
project (the median of --runs each); deckdocs starts from nothing each time (no docs/, no
.deckdocs-cache/, no site/). The next one times a build after one slide of one deck changed,
the cache of the others in place, beside a build from nothing.

    python benchmarks/build.py [--sizes 1 10 100] [--deck source_slides/….pptx] [--no-slides]
    python benchmarks/build.py --sizes --no-slides --baseline 1 10 --runs 5   # only the comparison tables
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"


def make_project(target: Path, deck: Path, count: int) -> Path:
    """Lay out a project in ``target`` whose slides folder holds ``count`` copies of ``deck``."""
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
    # Slide pictures are measured on their own (report_slide_pictures): N decks would render N × 27 slides.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_SOFFICE": ""}
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, env=env)
    return json.loads(result.stdout)


def count_outputs(project: Path) -> tuple[int, int]:
    """Return (pages, bytes) of the built site."""
    site = project / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size


# ---------------------------------------------------------------- beside plain MkDocs


def timed(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run ``argv``; return (wall s, CPU s of it and its children, peak MB)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from measure import timed_process  # noqa: PLC0415

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_SOFFICE": "",  # no slide pictures: as plain MkDocs
           "PYTHONPATH": f"{ROOT / 'tools'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    run = timed_process(argv, cwd, env)
    return run.wall_s, run.cpu_s, run.peak_mb


def plain_config(project: Path) -> Path:
    """Write a config for plain MkDocs: deckdocs' embedded one without the deckdocs plugin; return its path."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    from deckdocs.site.config import DEFAULT_CONFIG

    with DEFAULT_CONFIG.open("rb") as f:
        default = yaml_load(f)
    plugins = [p for p in default["plugins"] if (p if isinstance(p, str) else next(iter(p))) != "deckdocs"]
    assert len(plugins) == len(default["plugins"]) - 1, "the embedded config lists the deckdocs plugin once"
    path = project / "mkdocs.plain.yml"
    path.write_text(yaml.safe_dump({"INHERIT": str(DEFAULT_CONFIG), "site_name": "plain", "plugins": plugins},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def clean(project: Path) -> None:
    for name in ("docs/.deckdocs-manifest.json", ".deckdocs-cache", "site", "site-plain"):
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    if (project / "docs").is_dir():
        shutil.rmtree(project / "docs")


def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))


def compare_with_mkdocs(size: int, deck: Path, runs: int) -> tuple[tuple, tuple, tuple, tuple]:
    """Return medians of (deckdocs build from nothing, plain mkdocs build, deckdocs build after one
    slide changed, deckdocs build with nothing changed) for a project of ``size`` decks."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from course_copies import change_one_slide  # noqa: PLC0415

    build = [sys.executable, "-m", "deckdocs", "build", "--no-pdf"]
    with tempfile.TemporaryDirectory(prefix="deckdocs-build-") as tmp:
        project = make_project(Path(tmp), deck, size)
        config = plain_config(project)
        plain = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", "site-plain"]
        first = sorted((project / "source_slides").iterdir())[0]
        original = first.read_bytes()
        timed(build, project)  # pages for the plain build to start from
        ours, theirs, changed, unchanged = [], [], [], []
        for n in range(runs):
            def run_ours():
                clean(project)
                first.write_bytes(original)
                ours.append(timed(build, project))

            def run_theirs():
                shutil.rmtree(project / "site-plain", ignore_errors=True)
                theirs.append(timed(plain, project))

            for step in ((run_ours, run_theirs) if n % 2 == 0 else (run_theirs, run_ours)):
                step()
            unchanged.append(timed(build, project))
            change_one_slide(first)
            changed.append(timed(build, project))
        return medians(ours), medians(theirs), medians(changed), medians(unchanged)


def print_comparison(sizes: list[int], deck: Path, runs: int) -> None:
    print(f"\nbeside plain MkDocs: medians of {runs} runs, alternating; load average {os.getloadavg()[0]:.1f}")
    print("| decks | deckdocs build --no-pdf wall s | CPU s | peak MB | mkdocs build --strict (no deckdocs plugin) "
          "wall s | CPU s | peak MB | ratio wall | ratio CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    rebuilds = []
    for size in sizes:
        ours, theirs, changed, unchanged = compare_with_mkdocs(size, deck, runs)
        rebuilds.append((size, ours, changed, unchanged))
        print(f"| {size} | {ours[0]:.2f} | {ours[1]:.2f} | {ours[2]:.0f} | {theirs[0]:.2f} | {theirs[1]:.2f} "
              f"| {theirs[2]:.0f} | {ours[0] / theirs[0]:.2f} | {ours[1] / theirs[1]:.2f} |", flush=True)
    print("\n| decks | build from nothing wall s | CPU s | one slide changed wall s | CPU s "
          "| nothing changed wall s | CPU s |")
    print("|---|---|---|---|---|---|---|")
    for size, ours, changed, unchanged in rebuilds:
        print(f"| {size} | {ours[0]:.2f} | {ours[1]:.2f} | {changed[0]:.2f} | {changed[1]:.2f} "
              f"| {unchanged[0]:.2f} | {unchanged[1]:.2f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100], help="numbers of decks")
    parser.add_argument("--deck", type=Path, default=COURSE, help="the deck to copy (default: the course deck)")
    parser.add_argument("--no-slides", action="store_true", help="skip the slide-picture measurements")
    parser.add_argument("--baseline", type=int, nargs="*", default=[1, 10],
                        help="numbers of decks for the comparison with plain MkDocs (default: 1 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size in the comparison (median; default 3)")
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
    if not args.no_slides:
        failed = report_slide_pictures(args.deck) or failed
    if args.baseline:
        print_comparison(args.baseline, args.deck, args.runs)
    return 1 if failed else 0


# ---------------------------------------------------------------- slide pictures


def cpu_seconds() -> float:
    """Return the CPU time of this process and its finished children: steadier than wall time on a busy machine."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_cold_render(deck: Path, soffice: str) -> tuple[float, float, int, int]:
    """Return (wall s, CPU s, slides, bytes) of rendering every slide of ``deck`` with a new LibreOffice profile."""
    from deckdocs.read import read_deck
    from deckdocs.snapshot import render_slides

    numbers = tuple(s.number for s in read_deck(deck).slides)
    start, cpu = time.perf_counter(), cpu_seconds()
    pictures = render_slides(deck, numbers, soffice)
    return time.perf_counter() - start, cpu_seconds() - cpu, len(pictures), sum(map(len, pictures.values()))


def timed_extract(project: Path) -> tuple[str, str]:
    """Run ``deckdocs extract`` in ``project``; return ("wall s (CPU s)", its output)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    result = subprocess.run([sys.executable, "-m", "deckdocs", "extract"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return f"{time.perf_counter() - start:.1f} s (CPU {cpu_seconds() - cpu:.1f} s)", result.stdout + result.stderr


def change_one_slide(deck: Path, number: int) -> str:
    """Change the text of one run on slide ``number``, as an editor would; return the new text."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    run = next(r for shape in prs.slides[number - 1].shapes if shape.has_text_frame
               for p in shape.text_frame.paragraphs for r in p.runs if r.text.strip())
    run.text += "（已修订）"
    prs.save(str(deck))
    return run.text


def chapter_first_load(site: Path, page_path: str) -> tuple[int, int, int]:
    """Return (HTML+CSS+JS gzipped, slide pictures fetched, their bytes) of a chapter's first load."""
    sys.path.insert(0, str(Path(__file__).parent))
    from page_weight import INDEX_PATHS, measure_page, transfer_size

    files = measure_page(site, page_path)
    text = pictures = picture_bytes = 0
    for name in files:
        if name in INDEX_PATHS:
            continue
        raw, gz = transfer_size(site / name)
        if "/slides/" in f"/{name}":
            pictures += 1
            picture_bytes += raw
        else:
            text += gz
    return text, pictures, picture_bytes


def report_slide_pictures(deck: Path) -> bool:
    """Print the slide-picture figures; return whether a measurement failed."""
    from deckdocs.snapshot import PICTURES_DIR, find_soffice

    os.environ.pop("DECKDOCS_SOFFICE", None)
    soffice = find_soffice()
    if soffice is None:
        print("\nslide pictures: LibreOffice (soffice) is not installed; skipped")
        return False
    print(f"\nslide pictures (LibreOffice headless → PDF → pdftoppm → WebP, 1280 px); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    seconds, cpu, slides, size = time_cold_render(deck, soffice)
    print(f"  render every slide cold: {slides} slides in {seconds:.1f} s (CPU {cpu:.1f} s), {size / 1024:.0f} KB of WebP")
    with tempfile.TemporaryDirectory(prefix="deckdocs-slides-") as tmp:
        project = make_project(Path(tmp), deck, 1)
        first, out = timed_extract(project)
        shown = sorted((project / "docs").rglob(f"{PICTURES_DIR}/*.webp"))
        total = sum(p.stat().st_size for p in shown)
        print(f"  first extract (pages + a picture per section): {first}; "
              f"{len(shown)} pictures, {total / 1024:.0f} KB in all, {total / len(shown) / 1024:.0f} KB each")
        again, out = timed_extract(project)
        print(f"  extract again, nothing changed (LibreOffice not started): {again}")
        copy = next((project / "source_slides").glob("*.pptx"))
        change_one_slide(copy, 9)
        changed, out = timed_extract(project)
        rendered = [line for line in out.splitlines() if "rendered" in line]
        print(f"  extract after slide 9 changed: {changed}; {rendered[0].split(': ', 1)[1] if rendered else 'nothing rendered'}")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], cwd=project,
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if result.returncode != 0:
            print(f"  mkdocs build failed:\n{result.stderr[-2000:]}")
            return True
        chapter = sorted(p.name for p in (project / "site").glob("0*.html"))[0]
        text, pictures, picture_bytes = chapter_first_load(project / "site", chapter)
        print(f"  {chapter} first load: {text / 1024:.0f} KB gzipped HTML+CSS+JS (budget 300 KB), "
              f"plus {pictures} lazy slide pictures fetched, {picture_bytes / 1024:.0f} KB")
    return False


if __name__ == "__main__":
    sys.exit(main())
