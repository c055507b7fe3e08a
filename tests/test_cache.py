"""The project cache: a deck read before is not read again, and a wrong cache never gives wrong pages."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import deckdocs.pipeline as pipeline
import deckdocs.read as read
from decks import SlideSpec, Text, Title, build_deck
from deckdocs import cache, convert
from deckdocs.glossary import concepts
from deckdocs.lang import pinyin
from deckdocs.arrange import arrange_deck
from deckdocs.cli import main
from deckdocs.lang.memo import LibraryMemo


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


def test_the_json_written_in_pieces_is_the_json_of_the_encoded_model(course_deck):
    value = (read.read_deck(course_deck), arrange_deck(read.read_deck(course_deck)))
    whole: dict[str, str] = {}
    pieces: dict[str, str] = {}
    expected = json.dumps(cache.encode(value, whole), ensure_ascii=False, separators=(",", ":")).encode()
    chunks = cache.json_chunks(value, pieces)
    assert b"".join(chunks) == expected and pieces == whole
    assert len(chunks) > 2 * len(value[0].slides)  # written slide by slide


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


def test_the_code_stamp_changes_with_every_module_of_the_reader(tmp_path, monkeypatch):
    copy = tmp_path / "deckdocs"
    shutil.copytree(Path(cache.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "__file__", str(copy / "cache.py"))
    stamps = []
    try:
        for module in ("arrange.py", "read/text.py", "glossary/concepts.py"):
            cache.code_stamp.cache_clear()
            before = cache.code_stamp()
            (copy / module).write_text((copy / module).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
            cache.code_stamp.cache_clear()
            stamps.append((before, cache.code_stamp()))
    finally:
        cache.code_stamp.cache_clear()  # the next caller stamps the real code again
    assert all(before != after for before, after in stamps)


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, course_deck):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would go")
    assert pages(convert([course_deck], cache_dir=blocked)) == pages(convert([course_deck]))


def fresh_memos(monkeypatch) -> None:
    """Empty the libraries' memos, as in a new process."""
    monkeypatch.setattr(pinyin, "MEMO", LibraryMemo("pypinyin", ("plain", "tone3")))
    monkeypatch.setattr(concepts, "MEMO", LibraryMemo("jieba", ("first word", "words")))


def test_a_second_extract_opens_no_deck_and_asks_pypinyin_and_jieba_nothing(tmp_path, course_deck, monkeypatch,
                                                                            counted_reads):
    (tmp_path / "source_slides").mkdir()
    shutil.copy(course_deck, tmp_path / "source_slides" / course_deck.name)
    monkeypatch.chdir(tmp_path)
    fresh_memos(monkeypatch)
    assert main(["extract"]) == 0
    assert (tmp_path / ".deckdocs-cache" / "pypinyin.json").is_file()
    assert (tmp_path / ".deckdocs-cache" / "jieba.json").is_file()
    first = {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    shutil.rmtree(tmp_path / "docs")
    fresh_memos(monkeypatch)

    def not_again(*args, **kwargs):
        raise AssertionError("a library asked again")

    for asked in ("pypinyin.lazy_pinyin", "jieba.cut", "jieba.posseg.cut", "deckdocs.lang.segment.words",
                  "deckdocs.lang.segment.tagged"):
        monkeypatch.setattr(asked, not_again)
    assert main(["extract"]) == 0
    assert {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()} == first
    assert counted_reads == [course_deck.name]


def docs_of(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def extract_in_new_process(project) -> list[str]:
    """Run ``deckdocs extract`` in a fresh interpreter; return which of pypinyin and jieba it imported."""
    probe = ("import json, sys\nfrom deckdocs.cli import main\nassert main(['extract']) == 0\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'pypinyin', 'jieba'})))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(Path(cache.__file__).resolve().parents[1]), "PATH": "/usr/bin:/bin",
                                 "DECKDOCS_SOFFICE": ""})
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_second_extract_in_a_new_process_imports_neither_pypinyin_nor_jieba(tmp_path, course_deck):
    project, plain = tmp_path / "project", tmp_path / "plain"
    for folder in (project, plain):
        (folder / "source_slides").mkdir(parents=True)
        shutil.copy(course_deck, folder / "source_slides" / course_deck.name)
    assert extract_in_new_process(project) == ["jieba", "pypinyin"]
    first = docs_of(project / "docs")
    shutil.rmtree(project / "docs")
    assert extract_in_new_process(project) == []
    assert docs_of(project / "docs") == first
    shutil.rmtree(project / ".deckdocs-cache")
    assert extract_in_new_process(project) == ["jieba", "pypinyin"]
    assert docs_of(project / "docs") == first  # the same pages without the cache


def test_a_memo_of_another_library_version_is_ignored(tmp_path, course_deck, monkeypatch):
    folder, deck = tmp_path / "cache", tmp_path / course_deck.name  # no glossary.yml: jieba finds the terms
    shutil.copy(course_deck, deck)
    fresh_memos(monkeypatch)
    expected = pages(convert([deck], cache_dir=folder))
    for name in ("pypinyin.json", "jieba.json"):
        header, _, body = (folder / name).read_bytes().partition(b"\n")
        memo = json.loads(body)
        for answers in memo.values():  # every answer wrong
            for text in answers:
                answers[text] = ["x", "y"]
        data = json.dumps(memo).encode()
        head = {**json.loads(header), "stamp": "another version", "sha256": hashlib.sha256(data).hexdigest()}
        (folder / name).write_bytes(json.dumps(head).encode() + b"\n" + data)
    fresh_memos(monkeypatch)
    assert pages(convert([deck], cache_dir=folder)) == expected


def test_a_memo_answers_as_the_library_does():
    asked = []
    memo = LibraryMemo("jieba", ("words",))
    assert memo.answer("words", "审批流程", lambda text: asked.append(text) or [text[:2], text[2:]]) == ("审批", "流程")
    assert memo.answer("words", "审批流程", lambda text: asked.append(text) or []) == ("审批", "流程")
    assert asked == ["审批流程"] and memo.has_new_answers()
    memo.mark_saved()
    again = LibraryMemo("jieba", ("words",))
    again.remember({**memo.memo(), "other": {"a": ["b"]}, "words": {**memo.memo()["words"], "坏": "不是列表"}})
    assert again.memo() == {"words": {"审批流程": ["审批", "流程"]}} and not again.has_new_answers()
    assert memo.stamp() != "none" and LibraryMemo("no_such_library_here", ()).stamp() == "none"
