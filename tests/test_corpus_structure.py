"""The structure of real-world decks (../shared/corpus), checked by hand against each deck: the
cover, the closing slides and the chapters deckdocs must find (benchmarks/structure.py prints
the same figures for every deck)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckdocs.arrange import arrange_deck
from deckdocs.outline import outline_course
from deckdocs.read import read_deck

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# deck → (its cover's slide number or None, closing slides, (chapter title, first and last slide) per chapter)
EXPECTED = {
    # Title Slide cover; "Q&A" mid-deck and "Thank You" (both on the Title Slide layout) say goodbye;
    # "Conference Roadmap" and "Current Version" between them are content; slide 48 is hidden.
    "poi__2411-Performance_Up.pptx": (1, (44, 47), (("Apache Performance Tuning", 2, 46),)),
    # The first slide, "Today's session", is a Title and Content slide with a list: content, no cover.
    "poi__60810.pptx": (None, (), (("3.7.1 HRBP Process overview", 1, 28),)),
    # One Section Header (slide 9) among Title Slide and Title Only slides: a theme demo, no parts.
    "poi__themes.pptx": (1, (), (("Standard Office theme", 2, 10),)),
    # Covers on the Title Slide layout with a picture and long credits beside the title.
    "poi__ubc_emhill_HowWeRefactor.pptx": (1, (), (("How We Refactor, and  How We Know It", 2, 28),)),
    "poi__customGeo.pptx": (1, (), (("Ohio’s New Learning Standards: K-12 English Language Arts", 2, 48),)),
    "openxmlsdk__typical.pptx": (1, (), (("Typical Presentation", 2, 15),)),
    "openxmlsdk__O12Typical.pptx": (1, (), (("Typical Presentation", 2, 14),)),
    "tika__testPPT_various2.pptx": (1, (), (("This is some content", 2, 10),)),
    "markitdown__test.pptx": (1, (), (("AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation", 2, 6),)),
    # Five slides on the same 標題投影片 layout: the first is the cover, the rest content.
    "openxmlsdk__AllSlidesConverterTC.pptx": (1, (), (("中文简繁转换", 2, 5),)),
    # Every slide on "1_Title Slide", the first without a title: no cover, one chapter named by the file.
    "poi__stress021.pptx": (None, (), (("poi__stress021", 1, 41),)),
    # A chart on the first slide: content, not a cover.
    "docling__pptx_chart.pptx": (None, (), (("docling__pptx_chart", 1, 2),)),
}


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the real-world corpus is not at {CORPUS}")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_corpus_deck_has_the_structure_a_reader_sees(name):
    cover, closing, chapters = EXPECTED[name]
    deck = read_deck(CORPUS / name)
    course = outline_course(deck, arrange_deck(deck))
    covers = [s.number for s in course.front if s.number == 1 and s.title == course.title]
    assert covers == ([cover] if cover else [])
    assert tuple(s.number for s in course.closing) == closing
    found = tuple((c.title, c.slide_numbers[0], c.slide_numbers[-1]) for c in course.chapters)
    assert found == chapters
    assert not {s.number for s in course.closing} & {n for c in course.chapters for n in c.slide_numbers}
