"""The project cache: a deck read before is not read again, and a wrong cache never gives wrong pages."""

from __future__ import annotations

import base64
import json
import shutil

import pytest

import deckdocs.pipeline as pipeline
import deckdocs.read as read
from decks import SlideSpec, Text, Title, build_deck
from deckdocs import cache, convert, pinyin
from deckdocs.arrange import arrange_deck
from deckdocs.cli import main


def pages(conversion) -> dict[str, bytes]:
    return {f.path: f.content for f in conversion.files}


@pytest.fixture
def counted_reads(monkeypatch):
    """Count the decks python-pptx opens."""
    opened = []
    real = read.read_deck

    def counting(path, data=None):
        opened.append(path.name)
        return real(path, data)

    monkeypatch.setattr(read, "read_deck", counting)
    return opened


def test_the_model_survives_the_cache_unchanged(course_deck):
    deck = read.read_deck(course_deck)
    arranged = arrange_deck(deck)
    images: dict[str, str] = {}
    encoded = json.loads(json.dumps(cache.encode((deck, arranged), images)))
    decoded = cache.decode(encoded, {k: base64.b64decode(v) for k, v in images.items()})
    assert decoded == (deck, arranged)
    pictures = [s.image for slide in decoded[0].slides for s in slide.shapes if s.image is not None]
    assert len(pictures) > len({id(p) for p in pictures})  # one Image per picture part, as python-pptx shares it


def test_a_cached_deck_gives_the_same_pages_and_is_not_read_again(tmp_path, course_deck, counted_reads):
    store = tmp_path / "cache"
    first = convert([course_deck], cache_dir=store)
    second = convert([course_deck], cache_dir=store)
    assert counted_reads == [course_deck.name]
    assert pages(second) == pages(first) == pages(convert([course_deck]))
    assert [p.message for p in second.problems] == [p.message for p in first.problems]
    assert (store / ".gitignore").read_text().splitlines()[-1] == "*"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]  # nothing beside the cache folder


def test_only_the_changed_deck_of_a_project_is_read_again(tmp_path, counted_reads):
    source = tmp_path / "source_slides"
    source.mkdir()
    for name in ("a", "b", "c"):
        build_deck(source / f"{name}.pptx", [SlideSpec([Title(f"课程{name}")]),
                                            SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")])])
    decks = pipeline.find_decks(source)
    convert(decks, cache_dir=tmp_path / "cache")
    build_deck(source / "b.pptx", [SlideSpec([Title("课程b")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "改过的正文。")])])
    changed = convert(decks, cache_dir=tmp_path / "cache")
    assert counted_reads == ["a.pptx", "b.pptx", "c.pptx", "b.pptx"]
    assert pages(changed) == pages(convert(decks))
    assert any("改过的正文" in content.decode() for path, content in pages(changed).items() if path.startswith("b/"))


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: data.replace("第一页".encode(), "第二页".encode()),  # edited: the checksum no longer matches
    lambda data: b"not json at all",
    lambda data: data.replace(b'"format": 1', b'"format": 0'),  # another cache format
])
def test_a_damaged_entry_is_ignored_and_the_deck_read_again(tmp_path, counted_reads, damage):
    deck = build_deck(tmp_path / "course.pptx", [SlideSpec([Title("课程")]), SlideSpec([Title("第一页"), Text(1, 2, 8, 1, "正文。")])])
    store = tmp_path / "cache"
    expected = pages(convert([deck], cache_dir=store))
    (entry,) = (store / "decks").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    assert pages(convert([deck], cache_dir=store)) == expected
    assert counted_reads == ["course.pptx", "course.pptx"]


def test_an_entry_made_by_other_code_is_not_used(tmp_path, counted_reads, monkeypatch):
    deck = build_deck(tmp_path / "course.pptx", [SlideSpec([Title("课程")]), SlideSpec([Title("第一页")])])
    store = tmp_path / "cache"
    convert([deck], cache_dir=store)
    monkeypatch.setattr(cache, "code_stamp", lambda: "0" * 64)
    convert([deck], cache_dir=store)
    assert counted_reads == ["course.pptx", "course.pptx"]
    assert [p.name[:16] for p in (store / "decks").iterdir()] == ["0" * 16]  # the other code's entry is pruned


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, course_deck):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would go")
    assert pages(convert([course_deck], cache_dir=blocked)) == pages(convert([course_deck]))


def test_a_second_extract_opens_no_deck_and_asks_pypinyin_nothing(tmp_path, course_deck, monkeypatch, counted_reads):
    (tmp_path / "source_slides").mkdir()
    shutil.copy(course_deck, tmp_path / "source_slides" / course_deck.name)
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    assert (tmp_path / ".deckdocs-cache" / "pinyin.json").is_file()
    first = {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    shutil.rmtree(tmp_path / "docs")
    monkeypatch.setattr(pinyin, "_memo", {"plain": {}, "tone3": {}})  # as in a new process

    def no_pypinyin(*args, **kwargs):
        raise AssertionError("pypinyin asked again")

    monkeypatch.setattr("pypinyin.lazy_pinyin", no_pypinyin)
    assert main(["extract"]) == 0
    assert {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()} == first
    assert counted_reads == [course_deck.name]
