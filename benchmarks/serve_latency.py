"""Save-to-page latency of ``deckdocs serve``: how long after a deck is saved the open page shows
the edited text, and the edited slide's new picture; and how many rebuilds a save causes.

One project is laid out and extracted once (every slide pictured by LibreOffice), then served by
each deckdocs in turn (``--before`` and ``--after``: the ``tools`` folders on PYTHONPATH, e.g.
/work/main/tools and this worktree's). For each of ``--edits`` edits, one run of text on a content
slide gets a marker appended, the deck is saved with python-pptx, and the chapter page that shows
the slide is fetched every 20 ms over HTTP until it holds the marker (text) and a slide picture it
did not show before (picture). Rebuilds are counted from MkDocs' "Building documentation" lines.
Beside each wall time, the CPU time the server's processes (MkDocs, LibreOffice) used meanwhile: on
a shared machine the wall time also waits for a CPU, the CPU time does not.

    python benchmarks/serve_latency.py --before OTHER_CHECKOUT/tools --after tools [--edits 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from serving import fetch, free_port, stop_server, wait_for  # noqa: E402  (the tests' server helpers)
COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
PICTURE = re.compile(r"slides/([0-9a-f]+)\.webp")
TIMEOUT_S = 120


def make_project(target: Path, deck: Path, tools: Path) -> Path:
    """Lay out a project with ``deck``, extracted with pictures. A checkout from before deckdocs
    shipped its site files (``tools``' repository has ``overrides/``) needs them in the project:
    its config, overrides and hand-written docs are copied; a later one needs nothing but the deck."""
    target.mkdir(parents=True)
    root = tools.resolve().parent
    if (root / "overrides").is_dir():
        shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(root / "overrides", target / "overrides")
        for name in ("stylesheets", "javascripts"):
            if (root / "docs" / name).is_dir():
                shutil.copytree(root / "docs" / name, target / "docs" / name)
    (target / "source_slides").mkdir()
    shutil.copy(deck, target / "source_slides" / deck.name)
    subprocess.run([sys.executable, "-m", "deckdocs", "extract"], cwd=target, env=_env(tools), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return target


def _env(tools: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DECKDOCS_SOFFICE"}
    return {**env, "PYTHONPATH": str(tools.resolve()), "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_LANG": "en"}


def edit_targets(project: Path, count: int) -> list[tuple[int, int, str, str]]:
    """Return (slide index, shape index, run text, page) for ``count`` runs shown on chapter pages."""
    from pptx import Presentation

    texts = {p: p.read_text(encoding="utf-8") for p in sorted((project / "docs").glob("*.md"))}
    headings = "\n".join(line for text in texts.values() for line in text.splitlines() if line.startswith("#"))
    pages = {p: text for p, text in texts.items() if p.name[0].isdigit()}
    deck = Presentation(str(next((project / "source_slides").glob("*.pptx"))))
    found = []
    for s, slide in enumerate(deck.slides):
        for k, shape in enumerate(slide.shapes):
            if not shape.has_text_frame:
                continue
            text = shape.text_frame.paragraphs[0].runs[0].text if shape.text_frame.paragraphs[0].runs else ""
            if len(text) < 6 or text in headings:  # a heading may name a page or a chapter: body text only
                continue
            page = next((p for p, md in pages.items() if text in md), None)
            if page is not None and s > 2:
                found.append((s, k, text, page.stem))
                break
    step = max(1, len(found) // count)
    return found[::step][:count]


def save_edit(deck_path: Path, slide: int, shape: int, marker: str) -> None:
    from pptx import Presentation

    deck = Presentation(str(deck_path))
    run = deck.slides[slide].shapes[shape].text_frame.paragraphs[0].runs[0]
    run.text += marker
    tmp = deck_path.with_name(".saving.pptx")  # as PowerPoint does: written aside, then renamed
    deck.save(str(tmp))
    os.replace(tmp, deck_path)


def tree_cpu_s(pid: int) -> float:
    """Return the CPU seconds used so far by process ``pid`` and all its descendants (ended ones included).

    On a shared machine the wall time waits for the CPU too; the CPU time is what the server needs.
    """
    parents, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        times[child] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    tree, todo = set(), [pid]
    while todo:
        here = todo.pop()
        tree.add(here)
        todo.extend(c for c, p in parents.items() if p == here and c not in tree)
    return sum(times.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def measure(project: Path, tools: Path, edits: int, label: str) -> dict:
    port = free_port()
    log = project / f"serve-{label}.log"
    with log.open("w") as err:
        server = subprocess.Popen([sys.executable, "-m", "deckdocs", "serve", "--port", str(port)], cwd=project,
                                  env=_env(tools), stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    deck = next((project / "source_slides").glob("*.pptx"))
    text_s, picture_s, rebuilds, text_cpu, picture_cpu = [], [], [], [], []
    try:
        wait_for(lambda: fetch(base), TIMEOUT_S, 0.1)
        for n, (slide, shape, _text, page) in enumerate(edit_targets(project, edits)):
            url = f"{base}{page}.html"
            before = set(PICTURE.findall(fetch(url)))
            time.sleep(1.0)  # let the previous edit's rebuilds settle
            builds_before = log.read_text().count("Building documentation")
            marker = f"改{label[0]}{n}号"
            cpu = tree_cpu_s(server.pid)
            save_edit(deck, slide, shape, marker)
            saved = time.monotonic()
            text_at = picture_at = None
            while time.monotonic() - saved < TIMEOUT_S and picture_at is None:
                html = fetch(url)
                now = time.monotonic() - saved
                if text_at is None and marker in html:
                    text_at = now
                    text_cpu.append(tree_cpu_s(server.pid) - cpu)
                if text_at is not None and set(PICTURE.findall(html)) - before:
                    picture_at = now
                    picture_cpu.append(tree_cpu_s(server.pid) - cpu)
                time.sleep(0.02)
            time.sleep(2.0)  # any further rebuild this save causes
            text_s.append(text_at)
            picture_s.append(picture_at)
            rebuilds.append(log.read_text().count("Building documentation") - builds_before)
    finally:
        stop_server(server, signal.SIGINT, 30)
    return {"text": text_s, "picture": picture_s, "rebuilds": rebuilds, "text_cpu": text_cpu,
            "picture_cpu": picture_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="another checkout's tools/ folder")
    parser.add_argument("--after", type=Path, default=ROOT / "tools")
    parser.add_argument("--deck", type=Path, default=COURSE)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deckdocs-serve-bench-") as tmp:
        sides = (("before", args.before), ("after", args.after))
        for label, tools in sides:  # each side lays out the project its code expects
            make_project(Path(tmp) / label, args.deck, tools)
        results = {label: measure(Path(tmp) / label, tools, args.edits, label) for label, tools in sides}
    fmt = lambda xs: " ".join("—" if x is None else f"{x:.2f}" for x in xs)
    med = lambda xs: f"{statistics.median(xs):.2f}" if xs and None not in xs else "—"
    print(f"deck: {args.deck.name}, {args.edits} edits; seconds from save to page (wall; CPU of the server's "
          f"processes meanwhile); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'':8} {'text':>6} {'(CPU)':>6} {'picture':>8} {'(CPU)':>6} {'rebuilds/save':>14}   each text | picture")
    for label, r in results.items():
        print(f"{label:8} {med(r['text']):>6} {med(r['text_cpu']):>6} {med(r['picture']):>8} {med(r['picture_cpu']):>6} "
              f"{str(r['rebuilds']):>14}   {fmt(r['text'])} | {fmt(r['picture'])}")


if __name__ == "__main__":
    main()
