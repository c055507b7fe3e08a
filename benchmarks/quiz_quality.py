"""The question bank's quality and speed (issue 11 "Measured", issue 15 "The question bank is
quadratic").

For the course deck and a generated 100-slide deck (items drawn from the course's, python-pptx,
with the course glossary) it prints: questions per kind, kinds in each 本章自测 and in the
综合测验, the share of questions whose answer shows in the stem, how often the right option is
the longest (beside chance), the most any distractor is reused, and the bank's build time.
Then the bank's build time on 1,000 and 5,000 slides made of the course's content slides,
repeated word for word and with every copy's text made distinct, and on a deck of the same size
that yields no questions.

    python benchmarks/quiz_quality.py [--sizes 1000,5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from decks import build_deck, item_slides  # noqa: E402

from deckdocs.glossary.file import load_glossary_file  # noqa: E402
from deckdocs.model import Chapter, Item, Paragraph, Run, TextBlock  # noqa: E402
from deckdocs.pipeline import outline_decks  # noqa: E402
from deckdocs.quiz import build_question_bank  # noqa: E402
from deckdocs.quiz.model import GENERATED_KINDS  # noqa: E402
from deckdocs.quiz.rules import measure  # noqa: E402
from deckdocs.quiz.text import _grams, _norm  # noqa: E402

COURSE = ROOT / "source_slides" / "微粒贷基础知识培训课件课程.pptx"
GLOSSARY = ROOT / "source_slides" / "glossary.yml"


def timed(func, repeat: int) -> tuple[float, object]:
    """Return the median CPU time of ``func`` (CPU, not wall: the machine may be shared) and its result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def report(label: str, course, glossary, repeat: int) -> None:
    seconds, bank = timed(lambda: build_question_bank((course,), glossary), repeat)
    quality = measure(bank, _grams(_norm(course.title)))
    n = quality.questions
    print(f"\n## {label}: {sum(len(c.sections) for c in course.chapters)} content slides, {n} generated questions, "
          f"bank built in {seconds * 1000:.0f} ms")
    print("questions per kind: " + ", ".join(f"{k} {quality.per_kind[k]}" for k in GENERATED_KINDS))
    print(f"kinds in the bank: {len(quality.per_kind)}")
    quiz_counts = [len(k) for k in quality.quiz_kinds.values()]
    short = [c for c, kinds in quality.quiz_kinds.items()
             if len(kinds) < 3 and len({q.kind for q in bank.questions if q.chapter == c and q.kind != "editor"}) >= 3]
    print(f"kinds per 本章自测: min {min(quiz_counts, default=0)}, max {max(quiz_counts, default=0)}"
          f" ({len(quiz_counts)} chapters; under 3 although the chapter has 3 kinds: {len(short)})")
    if len(quality.quiz_kinds) <= 8:
        for chapter, kinds in quality.quiz_kinds.items():
            print(f"  {chapter}: 本章自测 {', '.join(kinds)} | 综合测验 {', '.join(quality.final_kinds[chapter])}")
    print(f"answer shown in the stem: {len(quality.answer_in_stem)} of {n} ({len(quality.answer_in_stem) / max(n, 1):.0%})")
    print(f"right option is the longest: {quality.longest_share:.0%} of {quality.unique_longest} questions with one "
          f"longest option (chance {quality.chance_share:.0%}, target ≤ chance + 10 points)")
    print(f"most any distractor is reused: {quality.max_reuse} (target ≤ 2)")
    print(f"options sharing their core: {len(quality.shared_core)}; final-test questions repeated word for word: "
          f"{len(quality.repeated_in_final)}")


def repeated_course(course, slides: int, *, distinct: bool):
    """Return ``course`` with its content slides repeated up to ``slides`` slides, one chapter per
    original chapter and copy; with ``distinct`` every copy's headings and bodies differ."""
    chapters, number, copy = [], 0, 0
    while number < slides:
        copy += 1
        for chapter in course.chapters:
            sections = []
            for section in chapter.sections:
                if number == slides:
                    break
                number += 1
                blocks = tuple(_marked(b, copy) for b in section.slide.blocks) if distinct else section.slide.blocks
                slide = replace(section.slide, number=number, blocks=blocks)
                sections.append(replace(section, slide=slide, anchor=f"{section.anchor}-{copy}",
                                        block_anchors=tuple(a and f"{a}-{copy}" for a in section.block_anchors)))
            if sections:
                chapters.append(Chapter(len(chapters) + 1, f"{chapter.title}{copy}", f"{len(chapters) + 1:04d}",
                                        tuple(sections), f"{chapter.anchor}-{copy}"))
    return replace(course, chapters=tuple(chapters))


def _marked(block, copy: int):
    if not isinstance(block, Item):
        return block
    mark = f"（{copy}）"
    return Item((Paragraph((Run(block.heading_text + mark),)),), (Paragraph((Run(block.body_text + mark),)),))


def without_items(course):
    """Return ``course`` with every item flattened to plain text: a deck that yields no questions."""
    def flat(section):
        blocks = tuple(TextBlock(b.heading + b.body) if isinstance(b, Item) else b for b in section.slide.blocks)
        return replace(section, slide=replace(section.slide, blocks=blocks, notes=""))
    return replace(course, chapters=tuple(replace(c, sections=tuple(flat(s) for s in c.sections)) for c in course.chapters))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="slide counts for the speed table")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not COURSE.exists():
        print(f"missing: {COURSE}")
        return 1
    glossary = load_glossary_file(GLOSSARY)
    (course,) = outline_decks((COURSE,))
    report("course deck", course, glossary, args.repeat)
    pool = sorted({(b.heading_text, b.body_text) for c in course.chapters for s in c.sections
                   for b in s.slide.blocks if isinstance(b, Item)})
    with tempfile.TemporaryDirectory() as tmp:
        slides, sections = item_slides(pool, 100)
        (generated,) = outline_decks((build_deck(Path(tmp) / "generated.pptx", slides, sections=sections),))
    report("generated 100-slide deck", generated, glossary, args.repeat)

    print("\n## bank build CPU time by size (course content slides; median of runs)")
    print(f"{'slides':>7} {'repeated':>10} {'distinct':>10} {'no items':>10} {'questions (distinct)':>21}")
    base = sum(len(c.sections) for c in course.chapters)
    rows = []
    for size in [base] + [int(s) for s in args.sizes.split(",") if s]:
        same = repeated_course(course, size, distinct=False)
        varied = repeated_course(course, size, distinct=True)
        t_same, _ = timed(lambda: build_question_bank((same,), glossary), args.repeat)
        t_varied, bank = timed(lambda: build_question_bank((varied,), glossary), args.repeat)
        t_none, _ = timed(lambda: build_question_bank((without_items(varied),), glossary), args.repeat)
        rows.append((size, t_varied))
        print(f"{size:>7} {t_same:>9.2f}s {t_varied:>9.2f}s {t_none:>9.3f}s {len(bank.questions):>21}")
    if len(rows) > 1:
        (small, t_small), (big, t_big) = rows[1], rows[-1]
        print(f"growth {small} → {big} slides: ×{big / small:.1f} slides, ×{t_big / t_small:.1f} time (linear: the same)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
