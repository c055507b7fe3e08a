"""Time and memory of ``deckdocs extract`` on hostile decks (issue 16): crowded slides, nested
strips, deep groups and 5,000-character titles. Prints one line per deck; run by hand.

    python benchmarks/hostile.py            # extract only
    python benchmarks/hostile.py --build    # also `deckdocs build --no-pdf` of the long-title deck
"""

from __future__ import annotations

import argparse
import random
import resource
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
