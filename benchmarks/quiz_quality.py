"""The question bank's quality and speed (issue 11 "Measured", issues 20, 22 and 25).

For the course deck and two generated decks of other subjects (warehouse safety, shop customer
service: tests/quiz_subjects.py, with their glossaries) it prints, per kind: the questions, the
wording/answer independence (features tested, tells found, the smallest p), the share of
distractors of the answer's kind, and the feedback lengths; then the course sentences asked twice
on the site, options or feedback cut off, nested quotes, half-width punctuation in our wording,
and the questions on the pages per chapter (本章自测 + 综合测验). Then the bank's build time on
1,000 and 5,000 slides made of the course's content slides (repeated word for word, every copy
made distinct, a deck without items), and on 1,000 slides with a notes question each.

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

from quiz_subjects import subject_deck, subject_glossary  # noqa: E402

from deckdocs.glossary.file import load_glossary_file  # noqa: E402
from deckdocs.model import Chapter, Item, Paragraph, Run, TextBlock  # noqa: E402
from deckdocs.pipeline import outline_decks  # noqa: E402
from deckdocs.quiz import build_question_bank  # noqa: E402
from deckdocs.quiz.model import GENERATED_KINDS  # noqa: E402
from deckdocs.quiz.rules import ALPHA, measure, median  # noqa: E402
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
    print(f"\n## {label}: {sum(len(c.sections) for c in course.chapters)} content slides, {n} generated questions "
          f"in the bank, built in {seconds * 1000:.0f} ms")
    print(f"{'kind':<11} {'bank':>4} {'features':>8} {'tells':>5} {'min p':>7} {'same kind':>9} "
          f"{'explanation':>11} {'feedback':>8}")
    for kind in GENERATED_KINDS:
        if not quality.per_kind[kind]:
            continue
        tells = [t for t in quality.tells if t.kind == kind]
        same = f"{quality.same_kind_share(kind):.0%}" if quality.distractors[kind] else "—"
        print(f"{kind:<11} {quality.per_kind[kind]:>4} {quality.tested[kind]:>8} {len(tells):>5} "
              f"{quality.smallest_p.get(kind, 1.0):>7.3f} {same:>9} {median(quality.explanation_chars[kind]):>11.0f} "
              f"{median(quality.feedback_chars.get(kind, [])):>8.0f}")
    for tell in quality.tells:
        print(f"  tell ({tell.kind}): {tell.feature!r} right {tell.right} of {tell.total} "
              f"(chance {tell.expected:.0%}), p = {tell.p:.2g} < {ALPHA}")
    print("(features: stretches of our wording a 判断题's truth could hang on, or an option's position, length and "
          "style; a tell is one at p < 0.001; explanation and feedback: median characters)")
    print(f"right option is the longest: {quality.longest_share:.0%} of {quality.unique_longest} questions with one "
          f"longest option (chance {quality.chance_share:.0%})")
    print(f"answer shown in the stem: {len(quality.answer_in_stem)}; options sharing their core: "
          f"{len(quality.shared_core)}; wrong options without feedback: {quality.no_feedback}")
    print(f"course sentences asked twice on the site: {len(quality.repeated_sentences)}; cut off (……): "
          f"{len(quality.cut)}; nested quotes: {len(quality.nested)}; half-width punctuation in our wording: "
          f"{len(quality.half_width)}")
    pages = sum(p for p, _ in quality.on_pages.values())
    finals = sum(f for _, f in quality.on_pages.values())
    print(f"on the pages: {pages} in the 本章自测 + {finals} in the 综合测验 (editors' included) of "
          f"{len(bank.questions)} in the bank; per chapter (本章自测 + 综合测验):")
    for chapter, (page, final) in quality.on_pages.items():
        print(f"  {chapter}: {page} + {final}  ({', '.join(quality.quiz_kinds[chapter])})")


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


def with_notes_questions(course):
    """Return ``course`` with an editor's question in every slide's notes (issue 25's case)."""
    def noted(section):
        n = section.slide.number
        notes = f"问题：第 {n} 页讲的是哪一项？\n- [x] 第 {n} 页的内容\n- [ ] 另一页的内容\n解析：见第 {n} 页。"
        return replace(section, slide=replace(section.slide, notes=notes))
    return replace(course, chapters=tuple(replace(c, sections=tuple(noted(s) for s in c.sections)) for c in course.chapters))


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
    with tempfile.TemporaryDirectory() as tmp:
        for name, label in (("safety", "generated deck: warehouse safety"), ("service", "generated deck: customer service")):
            (generated,) = outline_decks((subject_deck(Path(tmp), name),))
            report(label, generated, subject_glossary(name), args.repeat)

    print("\n## bank build CPU time by size (course content slides; median of runs)")
    print(f"{'slides':>7} {'repeated':>10} {'distinct':>10} {'no items':>10} {'notes q':>10} {'questions (distinct)':>21}")
    base = sum(len(c.sections) for c in course.chapters)
    rows = []
    for size in [base] + [int(s) for s in args.sizes.split(",") if s]:
        same = repeated_course(course, size, distinct=False)
        varied = repeated_course(course, size, distinct=True)
        t_same, _ = timed(lambda: build_question_bank((same,), glossary), args.repeat)
        t_varied, bank = timed(lambda: build_question_bank((varied,), glossary), args.repeat)
        t_none, _ = timed(lambda: build_question_bank((without_items(varied),), glossary), args.repeat)
        t_notes, _ = timed(lambda: build_question_bank((with_notes_questions(varied),), glossary), args.repeat)
        rows.append((size, t_varied))
        print(f"{size:>7} {t_same:>9.2f}s {t_varied:>9.2f}s {t_none:>9.3f}s {t_notes:>9.2f}s {len(bank.questions):>21}")
    print("(notes q: every slide of the distinct deck with an editor's question in its notes)")
    if len(rows) > 2:
        (small, t_small), (big, t_big) = rows[1], rows[-1]
        print(f"growth {small} → {big} slides: ×{big / small:.1f} slides, ×{t_big / t_small:.1f} time (linear: the same)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
