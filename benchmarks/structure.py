"""How deckdocs reads each deck's structure: per deck of ../shared/corpus (or the decks given),
the slides, the parts found, the cover, the 目录 slide, the closing slides and the chapters (title
and slides), as a table to read by eye beside the decks.

    python benchmarks/structure.py [DECK.pptx …]

A deck deckdocs refuses (password, damaged, .ppt) is listed with its one-line reason.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from deckdocs.arrange import arrange_deck  # noqa: E402
from deckdocs.errors import DeckdocsError  # noqa: E402
from deckdocs.outline import outline_course  # noqa: E402
from deckdocs.read import read_deck  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_decks() -> list[Path]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return [CORPUS / row["filename"] for row in csv.DictReader(f, delimiter="\t")]


def structure(path: Path) -> dict:
    """Return one row of the table: slides, cover, 目录, closing, and the chapters with their slides."""
    deck = read_deck(path)
    course = outline_course(deck, arrange_deck(deck))
    cover = next((s.number for s in course.front if s.number == 1 and s.title == course.title), None)
    toc = [s.number for s in course.front if s.number != cover]
    return {
        "slides": len(deck.slides),
        "cover": str(cover) if cover else "-",
        "toc": ",".join(map(str, toc)) or "-",
        "closing": ",".join(str(s.number) for s in course.closing) or "-",
        "chapters": [(c.title, c.slide_numbers) for c in course.chapters],
    }


def _span(numbers: tuple[int, ...]) -> str:
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else (str(numbers[0]) if numbers else "")


def main(argv: list[str]) -> int:
    decks = [Path(a) for a in argv] or corpus_decks()
    print(f"{'deck':52} {'slides':>6} {'parts':>5} {'cover':>5} {'目录':>4} {'closing':>7}  chapters (slides)")
    totals = {"decks": 0, "parts": 0, "cover": 0, "closing": 0}
    for path in decks:
        try:
            row = structure(path)
        except DeckdocsError as exc:
            print(f"{path.name[:52]:52} refused: {str(exc).splitlines()[0][:70]}")
            continue
        totals["decks"] += 1
        totals["parts"] += len(row["chapters"]) > 1
        totals["cover"] += row["cover"] != "-"
        totals["closing"] += row["closing"] != "-"
        chapters = "; ".join(f"{title[:24]} ({_span(numbers)})" for title, numbers in row["chapters"])
        print(f"{path.name[:52]:52} {row['slides']:>6} {len(row['chapters']):>5} {row['cover']:>5} {row['toc']:>6} "
              f"{row['closing']:>7}  {chapters[:110]}")
    print(f"\n{totals['decks']} decks read: {totals['parts']} split into parts, {totals['cover']} with a cover, "
          f"{totals['closing']} with closing slides")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
