"""Time and memory of ``deckdocs extract`` on hostile decks. Prints one line per deck; run by hand.

Issue 16 (read and arrange, in-process): crowded slides, nested strips, deep groups and
5,000-character titles.

    python benchmarks/hostile.py            # extract only
    python benchmarks/hostile.py --build    # also `deckdocs build --no-pdf` of the long-title deck

Issue 25 (``--render``): ``deckdocs extract`` with LibreOffice on outside links, render bombs and a
lying zip entry, each in a fresh project with its own TMPDIR and a 127.0.0.1 HTTP server that
counts requests. The process tree is sampled from /proc every 50 ms: peak resident memory of
deckdocs, of LibreOffice (all its processes) and of everything together. A run past ``--limit``
seconds is stopped (its whole tree). Run it with the code to measure and with the code before:

    python benchmarks/hostile.py --render                               # this worktree's code
    python benchmarks/hostile.py --render --code /work/main/tools       # the code before
    python benchmarks/hostile.py --render --only links --limit 120
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "tests")]

from decks import SlideSpec, Text, Title, build_deck, new_project  # noqa: E402
from test_damage import (  # noqa: E402
    crowded_deck, grid_boxes, heading_body_boxes, nested_groups, random_boxes, text_box, three_slides, with_slide_xml,
    W, H,
)

from test_render_safety import (  # noqa: E402
    MARKER, Server, bomb_deck, heavy_deck, linked_background_deck, linked_ole_deck, linked_picture_deck,
    magenta_share, outside_picture,
)

from deckdocs import convert  # noqa: E402


def spiral_boxes(count: int) -> list[str]:
    boxes, step_x, step_y = [], W // (2 * count + 2), H // (2 * count + 2)
    for k in range(count):
        x, y = k * step_x, k * step_y
        boxes.append(text_box(2 * k, x, y, W - x - step_x, step_y, f"横条{k}"))
        boxes.append(text_box(2 * k + 1, x, y + step_y, step_x, H - y - 2 * step_y, f"竖条{k}"))
    return boxes


def long_title_deck(path: Path, slides: int = 20, length: int = 5000) -> Path:
    rng = random.Random(5)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]

    def text() -> str:
        return "".join(rng.choice(han) for _ in range(length))

    specs = [SlideSpec([Title("长标题课程")])]
    specs += [SlideSpec([Title(text()), Text(1, 2, 6, 1, text())]) for _ in range(slides)]
    return build_deck(path, specs)


def measure(name: str, deck: Path) -> None:
    start = time.perf_counter()
    conversion = convert([deck])
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:<34} {seconds:6.2f} s  {len(conversion.files):3d} files  {len(conversion.problems):3d} warnings  "
          f"peak RSS so far {peak_mb:6.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="also time `deckdocs build --no-pdf` of the long titles")
    parser.add_argument("--render", action="store_true", help="issue 25: extract with LibreOffice on hostile families")
    parser.add_argument("--code", type=Path, default=ROOT / "tools", help="the deckdocs to run (its tools/ folder)")
    parser.add_argument("--only", choices=("links", "bombs", "zip", "plain"))
    parser.add_argument("--limit", type=float, default=150, help="stop a run after this many seconds")
    args = parser.parse_args()
    if args.render:
        render_main(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for n, (name, boxes) in enumerate((("10,000 boxes in a grid", grid_boxes()), ("10,000 random boxes", random_boxes()),
                            ("5,000 heading/body pairs", heading_body_boxes()),
                            ("300 shapes: 150 nested strips", spiral_boxes(150)),
                                           ("1,200 shapes: 600 nested strips", spiral_boxes(600)))):
            (tmp / str(n)).mkdir()
            measure(name, crowded_deck(tmp / str(n), boxes))
        for depth in (200, 300):
            (tmp / f"d{depth}").mkdir()
            deck = three_slides(tmp / f"d{depth}")
            deep = with_slide_xml(deck, tmp / f"deep{depth}.pptx",
                                  lambda xml, d=depth: xml.replace("</p:spTree>", nested_groups(d) + "</p:spTree>"), 2)
            measure(f"groups nested {depth} deep", deep)
        measure("20 slides of 5,000-character titles", long_title_deck(tmp / "long.pptx"))
        if args.build:
            project = new_project(tmp / "project")
            long_title_deck(project / "source_slides" / "long.pptx")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "deckdocs", "build", "--no-pdf"], cwd=project, check=True,
                           capture_output=True, env={"PYTHONPATH": str(ROOT / "tools"), "PATH": "/usr/bin:/bin"})
            print(f"{'build of the long-title deck':<34} {time.perf_counter() - start:6.2f} s")


# ---------------------------------------------------------------- issue 25: rendering with LibreOffice

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(root: int) -> dict[int, tuple[str, int]]:
    """Return pid → (name, resident bytes) for ``root`` and all its descendants."""
    parents, info = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            with open(f"/proc/{entry}/statm") as f:
                rss = int(f.read().split()[1]) * PAGE
        except OSError:
            continue
        name = stat[stat.index("(") + 1: stat.rindex(")")]
        parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
        info[int(entry)] = (name, rss)
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in info:
            found[pid] = info[pid]
        todo += [child for child, parent in parents.items() if parent == pid]
    return found


def measure_render(name: str, project: Path, code: Path, limit: float, server: Server | None) -> None:
    temp = project.parent / "temp"
    temp.mkdir()
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(code), "TMPDIR": str(temp), "HOME": str(project.parent / "home"),
           "DECKDOCS_SOFFICE": shutil.which("soffice") or "", "LANG": "C.UTF-8"}
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "deckdocs", "extract"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    peak_total = peak_deckdocs = peak_office = largest = 0
    stopped = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:  # ended: the kernel's peak of it and of its children, which sampling may miss
            process.returncode, largest = os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024
            break
        sample = tree(process.pid)
        office = sum(rss for n, rss in sample.values() if "soffice" in n or "oosplash" in n or n == "bwrap")
        own = sample.get(process.pid, ("", 0))[1]
        peak_total, peak_deckdocs, peak_office = max(peak_total, sum(r for _, r in sample.values())), \
            max(peak_deckdocs, own), max(peak_office, office)
        if time.monotonic() - start > limit:
            stopped = True
            _stop(process.pid, sample)
            process.wait()
            break
        time.sleep(0.05)
    err = process.communicate()[1].decode("utf-8", "replace")
    seconds = time.monotonic() - start
    docs = project / "docs"
    files = [p for p in docs.rglob("*") if p.is_file()] if docs.exists() else []
    leaked = any(MARKER in p.read_bytes() for p in files)
    drawn = any(magenta_share(p.read_bytes()) > 0.05 for p in files if p.suffix == ".webp")
    left = sorted(p.name for p in temp.iterdir())
    warnings = sum(1 for line in err.splitlines() if line.startswith("deckdocs: warning:"))
    outcome = "stopped" if stopped else f"exit {process.returncode}"
    requests = len(server.requests) if server else 0
    print(f"{name:<44} {seconds:6.1f} s {outcome:<8} peak MB: all {peak_total / 1e6:5.0f}  deckdocs {peak_deckdocs / 1e6:5.0f}  "
          f"LibreOffice {peak_office / 1e6:5.0f}  largest process {largest / 1e6:5.0f}  | {warnings} warnings, {requests} requests, "
          f"outside file in docs/: {'YES' if leaked else 'no'}, drawn: {'YES' if drawn else 'no'}, "
          f"temp left: {len(left)} {left[:2]}")
    _stop(process.pid, tree(os.getpid()))  # nothing of the run may outlive it (a stopped run's stragglers)


def _stop(group: int, processes) -> None:
    """Kill the run's process group (deckdocs started it) and the processes sampled under it."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for pid in processes:
        if pid != os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def plain(project: Path) -> None:
    build_deck(project / "source_slides" / "course.pptx",
               [SlideSpec([Title("封面")]), SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])


def families(private: Path, url: str):
    yield "links", "linked pictures (file, ../, http, ftp)", lambda p: linked_picture_deck(
        p / "source_slides" / "course.pptx",
        [private.as_uri(), "../../private/secret.png", f"{url}/a.png", f"{url.replace('http', 'ftp')}/b.png"])
    yield "links", "linked background (http)", lambda p: linked_background_deck(p / "source_slides" / "course.pptx", f"{url}/bg.png")
    yield "links", "linked OLE object (http)", lambda p: linked_ole_deck(p / "source_slides" / "course.pptx", f"{url}/b.xlsx")
    for family in ("5,000 nested groups", "5,000 text boxes", "a 100,000-character cell"):
        yield "bombs", family, lambda p, f=family: heavy_deck(p, f)
    yield "zip", "picture declaring 1 KB, inflating to 2 GB", lambda p: bomb_deck(p / "source_slides").rename(
        p / "source_slides" / "course.pptx")
    yield "plain", "a plain two-slide deck (for scale)", plain


def render_main(args) -> None:
    print(f"deckdocs from {args.code}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        private = tmp / "private" / "secret.png"
        private.parent.mkdir()
        private.write_bytes(outside_picture())
        with Server(outside_picture()) as server:
            for n, (group, name, make) in enumerate(families(private, server.url)):
                if args.only and group != args.only:
                    continue
                project = tmp / f"run{n}" / "project"
                (project / "source_slides").mkdir(parents=True)
                make(project)
                for extra in (project / "source_slides").glob("base*.pptx"):
                    extra.unlink()
                server.requests.clear()
                measure_render(name, project, args.code, args.limit, server)


if __name__ == "__main__":
    main()
