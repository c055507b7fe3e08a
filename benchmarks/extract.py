"""Time extraction (read → arrange → outline → render) of the course deck and of a generated
1,000-slide deck; with markitdown installed, time markitdown on the same decks and print the ratio.

    python benchmarks/extract.py [--slides 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from decks import Group, Rect, SlideSpec, Table, Text, Title, build_deck  # noqa: E402

from deckdocs import convert  # noqa: E402

COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"


def generated_slides(count: int) -> list[SlideSpec]:
    """Return ``count`` slides cycling through the layouts the course deck uses."""
    slides = [SlideSpec([Title("生成的课程"), Text(1, 3, 8, 1, "基准测试")])]
    for n in range(1, count):
        kind = n % 4
        shapes = [Title(f"第{n}页"), Rect(0, 7.0, 13.3, 0.5)]
        if kind == 0:
            shapes += [Text(3, 3, 6, 1, f"第{n}部分", size=40), Text(3, 4, 3, 0.5, f"PART{n % 100:02d}")]
            shapes = shapes[1:]
        elif kind == 1:
            for i, x in enumerate((0.5, 3.7, 6.9, 10.1)):
                shapes += [Text(x, 2.8, 3, 2, f"第{n}页第{i}项的正文，说明一件事。"), Text(x, 2, 3, 0.6, f"要点{i}", size=18, bold=True)]
        elif kind == 2:
            for i, x in enumerate((0.8, 7.0)):
                shapes.append(Group([Text(x, 2.6, 5, 1.2, f"分组{i}的正文，一句话。"), Text(x, 2, 5, 0.6, f"分组{i}", size=18, bold=True)]))
        else:
            shapes.append(Table(1, 2, 10, 2, [["项目", "说明"], ["甲", f"第{n}页"], ["乙", "内容"]]))
        slides.append(SlideSpec(shapes, notes=f"第{n}页的讲者备注。"))
    return slides


def timed(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        from markitdown import MarkItDown
        markitdown = MarkItDown()
    except ImportError:
        markitdown = None
    with tempfile.TemporaryDirectory() as tmp:
        big = build_deck(Path(tmp) / "generated.pptx", generated_slides(args.slides))
        decks = [("course deck", COURSE, 27), (f"generated {args.slides}-slide deck", big, args.slides)]
        print(f"{'deck':<28} {'slides':>6} {'deckdocs s':>11} {'slides/s':>9} {'markitdown s':>13} {'ratio':>7}")
        for label, path, count in decks:
            if not path.exists():
                print(f"{label:<28} missing: {path}")
                continue
            ours = timed(lambda: convert([path]), args.repeat)
            line = f"{label:<28} {count:>6} {ours:>11.3f} {count / ours:>9.0f}"
            if markitdown is not None:
                theirs = timed(lambda: markitdown.convert(str(path)), args.repeat)
                line += f" {theirs:>13.3f} {ours / theirs:>6.2f}×"
            else:
                line += f" {'(not installed)':>13}"
            print(line)
    print("ratio = deckdocs time / markitdown time (below 1 means deckdocs is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
