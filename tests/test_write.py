"""Regeneration never loses an editor's work: manifest, hand edits, all or nothing, the change
report, live re-extraction while serving, and several decks in one site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import deckdocs.write as write
from decks import SlideSpec, Text, Title, build_deck, new_project, png, Picture
from serving import fetch, free_port, stop_server, wait_for
from deckdocs import convert
from deckdocs.errors import DeckdocsError, HandEditedError
from deckdocs.model import OutputFile
from deckdocs.site.watch import decks_stamp, extract_into
from deckdocs.write import MANIFEST, STAGING_PREFIX, find_backups, plan_docs, stale_report, write_docs


def page(path: str, text: str, *slides: tuple[int, str]) -> OutputFile:
    return OutputFile(path, text.encode(), tuple(slides), "deck.pptx")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_left(docs: Path) -> list[str]:
    return [p.name for p in docs.parent.iterdir() if p.name.startswith(STAGING_PREFIX)]


FILES = (page("index.md", "# 首页\n", (1, "a")), page("01-gai-shu.md", "# 概述\n", (2, "b"), (3, "c")),
         OutputFile("assets/ab.png", png(), ((2, "b"),), "deck.pptx"))


# ---------------------------------------------------------------- the manifest


def test_the_manifest_records_every_generated_file_with_its_hash_and_slides(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    records = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(records) == ["01-gai-shu.md", "assets/ab.png", "index.md"]
    assert records["01-gai-shu.md"]["sha256"] == write.sha256("# 概述\n".encode())
    assert records["01-gai-shu.md"]["slides"] == {"2": "b", "3": "c"}


def test_a_second_run_with_nothing_new_touches_no_file(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    time.sleep(0.01)
    plan = write_docs(FILES, docs)
    assert plan.changes == () and {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == times


def test_hand_written_files_are_never_touched_and_stale_generated_ones_are_removed(tmp_path):
    docs = tmp_path / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "extra.css").write_text("body{}", encoding="utf-8")
    (docs / "about.md").write_text("# 关于本站\n", encoding="utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")  # hand-written, in a generated folder
    hand = {k: v for k, v in snapshot(docs).items()}
    write_docs(FILES, docs)
    write_docs((FILES[0], page("02-xin-zhang.md", "# 新章\n", (2, "b"))), docs)
    after = snapshot(docs)
    assert {k: after[k] for k in hand} == hand
    assert "01-gai-shu.md" not in after and "assets/ab.png" not in after and "02-xin-zhang.md" in after
    assert (docs / "assets").is_dir()  # still holds the hand-written logo


def test_a_hand_written_file_where_a_page_would_go_stops_the_run_even_with_force(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 我自己写的首页\n", encoding="utf-8")
    before = snapshot(docs)
    for force in (False, True):
        with pytest.raises(HandEditedError, match="not written by deckdocs.*index.md"):
            write_docs(FILES, docs, force=force)
        assert snapshot(docs) == before


def test_a_file_already_holding_the_generated_bytes_is_taken_over(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    (docs / MANIFEST).unlink()  # e.g. lost in a merge
    plan = write_docs(FILES, docs)
    assert plan.changes == () and (docs / MANIFEST).exists()


# ---------------------------------------------------------------- hand edits


def test_a_generated_page_edited_by_hand_stops_the_run_and_is_named(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    (docs / "01-gai-shu.md").write_text("# 概述\n我加的一段\n", encoding="utf-8")
    before = snapshot(docs)
    changed = (FILES[0], page("01-gai-shu.md", "# 概述（新）\n", (2, "b2"), (3, "c")), FILES[2])
    with pytest.raises(HandEditedError) as caught:
        write_docs(changed, docs)
    assert "edited by hand since the last run: 01-gai-shu.md" in caught.value.message
    assert "--force" in caught.value.message
    assert snapshot(docs) == before and staging_left(docs) == []


def test_force_keeps_a_bak_copy_of_each_hand_edit_and_goes_on(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    changed = (FILES[0], page("01-gai-shu.md", "# 概述（新）\n", (2, "b2"), (3, "c")), FILES[2])
    (docs / "01-gai-shu.md").write_text("第一次手改\n", encoding="utf-8")
    plan = write_docs(changed, docs, force=True)
    assert plan.backups == (".deckdocs-backups/01-gai-shu.md.bak",)
    assert (docs / ".deckdocs-backups/01-gai-shu.md.bak").read_text(encoding="utf-8") == "第一次手改\n"
    assert (docs / "01-gai-shu.md").read_text(encoding="utf-8") == "# 概述（新）\n"
    (docs / "01-gai-shu.md").write_text("第二次手改\n", encoding="utf-8")
    plan = write_docs(FILES, docs, force=True)
    assert plan.backups == (".deckdocs-backups/01-gai-shu.md.bak2",)  # the first copy is kept too
    assert (docs / ".deckdocs-backups/01-gai-shu.md.bak").read_text(encoding="utf-8") == "第一次手改\n"
    assert find_backups(docs) == (".deckdocs-backups/01-gai-shu.md.bak", ".deckdocs-backups/01-gai-shu.md.bak2")
    assert (docs / ".deckdocs-backups/.gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_hand_edited_page_that_is_no_longer_generated_is_not_deleted_without_force(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    (docs / "01-gai-shu.md").write_text("手改\n", encoding="utf-8")
    with pytest.raises(HandEditedError, match="01-gai-shu.md"):
        write_docs(FILES[:1], docs)
    write_docs(FILES[:1], docs, force=True)
    assert not (docs / "01-gai-shu.md").exists() and (docs / ".deckdocs-backups/01-gai-shu.md.bak").read_text(encoding="utf-8") == "手改\n"


# ---------------------------------------------------------------- all or nothing


def test_a_failure_in_the_middle_of_the_swap_puts_every_file_back(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    before = snapshot(docs)
    new = (page("index.md", "# 新首页\n", (1, "a2")), page("02-xin.md", "# 新章\n", (2, "x")),
           OutputFile("more/deep/c.png", png(3, 3), ((2, "x"),), "deck.pptx"))
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 4:  # the interim manifest and two files are in; then the disk fills up
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", failing)
    with pytest.raises(DeckdocsError, match="cannot write the pages.*nothing in it was changed"):
        write_docs(new, docs)
    monkeypatch.setattr(write.os, "replace", real)
    assert snapshot(docs) == before and staging_left(docs) == []
    assert not (docs / "more").exists()


def test_a_run_killed_mid_swap_is_finished_by_the_next_run_without_calling_it_a_hand_edit(tmp_path):
    docs = tmp_path / "docs"
    write_docs(FILES, docs)
    new = (page("index.md", "# 新首页\n", (1, "a2")), page("01-gai-shu.md", "# 概述（新）\n", (2, "b2"), (3, "c")))
    plan = plan_docs(new, docs)
    # What a killed run leaves: the interim manifest, one file swapped, one not, one not removed.
    (docs / MANIFEST).write_text(write._interim_manifest(plan, docs), encoding="utf-8")
    (docs / "index.md").write_bytes(new[0].content)
    assert plan_docs(new, docs).hand_edited == ()
    write_docs(new, docs)
    assert snapshot(docs) == {MANIFEST: plan.manifest.encode(), "01-gai-shu.md": new[1].content, "index.md": new[0].content}


def test_a_broken_second_deck_leaves_docs_exactly_as_it_was(tmp_path):
    from deckdocs.cli import main

    project = tmp_path / "project"
    source, docs = project / "source_slides", project / "docs"
    source.mkdir(parents=True)
    build_deck(source / "a.pptx", [SlideSpec([Title("第一课")]), SlideSpec([Title("内容"), Text(1, 2, 6, 1, "正文")])])
    assert main(["extract", "--source", str(source), "--docs", str(docs)]) == 0
    (docs / "notes.md").write_text("# 自己写的\n", encoding="utf-8")
    before = snapshot(docs)
    build_deck(source / "a.pptx", [SlideSpec([Title("第一课")]), SlideSpec([Title("内容"), Text(1, 2, 6, 1, "改过的正文")])])
    (source / "b.pptx").write_bytes(b"PK\x03\x04 cut short")
    assert main(["extract", "--source", str(source), "--docs", str(docs)]) == 2
    assert snapshot(docs) == before and staging_left(docs) == []


# ---------------------------------------------------------------- the change report


def sections_deck(path: Path, texts: dict[int, str], count: int) -> Path:
    """Write a deck: a title slide, then 第一章 (slides 2–5) and 第二章 (6 to ``count``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    slides = [SlideSpec([Title("课程")])] + [SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, texts.get(n, f"第{n}页的正文。"))])
                                            for n in range(2, count + 1)]
    return build_deck(path, slides, sections=[("开场", [1]), ("第一章", list(range(2, 6))),
                                              ("第二章", list(range(6, count + 1)))])


def report(tmp_path, before: Path, after: Path) -> dict[str, str]:
    """Return {path: "kind: detail"} of going from deck ``before`` to ``after`` (same file name)."""
    docs = tmp_path / "docs"
    write_docs(convert([before]).files, docs)
    changes = write_docs(convert([after]).files, docs).changes
    return {c.path: f"{c.kind}: {c.detail}" for c in changes if re.match(r"(\d\d-.*\.md|index\.md|assets/)", c.path)}


def test_the_report_names_each_changed_page_with_the_slides_behind_it(tmp_path):
    v1 = sections_deck(tmp_path / "v1" / "deck.pptx", {}, 9)
    v2 = sections_deck(tmp_path / "v2" / "deck.pptx", {9: "第9页改写后的正文。"}, 10)
    assert report(tmp_path, v1, v2) == {"02-di-er-zhang.md": "changed: slide 9 changed; slide 10 added",
                                        "index.md": "changed: slide 9 changed; slide 10 added"}  # the chapter's card


def test_an_inserted_slide_is_added_and_the_ones_after_it_only_renumbered(tmp_path):
    v1 = sections_deck(tmp_path / "v1" / "deck.pptx", {}, 8)
    slides = [SlideSpec([Title("课程")])] + [SlideSpec([Title(f"第{n}页"), Text(1, 2, 8, 1, f"第{n}页的正文。")])
                                            for n in range(2, 9)]
    slides.insert(6, SlideSpec([Title("插入的一页"), Text(1, 2, 8, 1, "新的正文。")]))
    (tmp_path / "v2").mkdir()
    v2 = build_deck(tmp_path / "v2" / "deck.pptx", slides, sections=[("开场", [1]), ("第一章", [2, 3, 4, 5]),
                                                            ("第二章", [6, 7, 8, 9])])
    assert report(tmp_path, v1, v2) == {"02-di-er-zhang.md": "changed: slide 7 added; 2 slides renumbered",
                                        "index.md": "changed: slide 7 added; 2 slides renumbered"}


def test_added_and_removed_pages_and_pictures_say_which_slides(tmp_path):
    v1 = sections_deck(tmp_path / "v1" / "deck.pptx", {}, 7)
    (tmp_path / "v2").mkdir()
    v2 = build_deck(tmp_path / "v2" / "deck.pptx", [SlideSpec([Title("课程")]),
                                           SlideSpec([Title("第2页"), Picture(1, 2, 4, 3, png(40, 30), "图")])],
                    sections=[("开场", [1]), ("新的一章", [2])])  # one chapter: named after the course
    changes = report(tmp_path, v1, v2)
    picture = next(p for p in changes if p.startswith("assets/"))
    assert changes.pop(picture) == "added: picture on slide 2"
    assert changes == {"01-ke-cheng.md": "added: slide 2", "01-di-yi-zhang.md": "removed: was slides 2–5",
                       "02-di-er-zhang.md": "removed: was slides 6–7",
                       "index.md": "changed: slide 2 changed; slide 3 removed; slide 4 removed; slide 5 removed; "
                                   "slide 6 removed; slide 7 removed"}  # its chapter cards


def test_check_lists_what_is_stale_and_nothing_once_extracted(tmp_path):
    docs = tmp_path / "docs"
    assert stale_report(FILES, docs) == ("01-gai-shu.md: would be added (slides 2–3)",
                                         "assets/ab.png: would be added (picture on slide 2)",
                                         "index.md: would be added (slide 1)")
    write_docs(FILES, docs)
    assert stale_report(FILES, docs) == ()
    (docs / "index.md").write_text("手改\n", encoding="utf-8")
    assert stale_report(FILES, docs)[0] == "index.md: edited by hand since it was generated"


def test_a_damaged_manifest_or_one_pointing_outside_docs_is_refused(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "victim.txt").write_text("keep", encoding="utf-8")
    (docs / MANIFEST).write_text(json.dumps({"files": {"../victim.txt": {"sha256": write.sha256(b"keep")}}}), encoding="utf-8")
    with pytest.raises(DeckdocsError, match="manifest is damaged"):
        write_docs(FILES, docs)
    assert (tmp_path / "victim.txt").exists()
    with pytest.raises(DeckdocsError, match="outside docs"):
        write_docs((page("../escape.md", "x"),), tmp_path / "other")


# ---------------------------------------------------------------- live preview


def test_the_stamp_changes_when_a_deck_is_saved_and_not_when_it_is_only_opened(tmp_path):
    source = tmp_path / "source_slides"
    source.mkdir()
    deck = build_deck(source / "deck.pptx", [SlideSpec([Title("一")])])
    first = decks_stamp(source)
    (source / "~$deck.pptx").write_bytes(b"lock")
    (source / ".~lock.deck.pptx#").write_bytes(b"lock")
    assert decks_stamp(source) == first
    build_deck(deck, [SlideSpec([Title("一"), Text(1, 2, 6, 1, "多了一行")])])
    os.utime(deck, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert decks_stamp(source) != first
    assert decks_stamp(tmp_path / "missing") == ()


def test_extract_into_rewrites_pages_and_logs_instead_of_raising(tmp_path, caplog):
    source, docs = tmp_path / "source_slides", tmp_path / "docs"
    source.mkdir()
    build_deck(source / "deck.pptx", [SlideSpec([Title("课")]), SlideSpec([Title("页"), Text(1, 2, 6, 1, "旧正文")])])
    assert extract_into(source, docs) is True
    assert extract_into(source, docs) is False  # nothing new: nothing written
    build_deck(source / "deck.pptx", [SlideSpec([Title("课")]), SlideSpec([Title("页"), Text(1, 2, 6, 1, "新正文")])])
    assert extract_into(source, docs) is True
    assert any("新正文" in p.read_text(encoding="utf-8") for p in docs.glob("*.md"))
    before = snapshot(docs)
    (source / "deck.pptx").write_bytes(b"PK\x03\x04 half-saved")
    assert extract_into(source, docs) is False
    assert snapshot(docs) == before and "the file is damaged" in caplog.text


@pytest.mark.parametrize("with_config", [True, False], ids=["mkdocs.yml", "only the deck"])
def test_serve_re_extracts_a_saved_deck_and_serves_the_new_page(tmp_path, with_config):
    project = new_project(tmp_path / "project")
    if not with_config:
        (project / "mkdocs.yml").unlink()  # deckdocs' embedded config, the site named after the deck
    deck = project / "source_slides" / "deck.pptx"
    slides = lambda body: [SlideSpec([Title("预览课程")]), SlideSpec([Title("预览页"), Text(1, 2, 8, 1, body)])]
    build_deck(deck, slides("第一版正文"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "deckdocs", "serve", "--addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert wait_for(lambda: list((project / "docs").glob("0*.md")), 30) is not None, "deckdocs serve did not extract"
        page_url = f"http://127.0.0.1:{port}/" + _page_path(project)
        assert wait_for(lambda: "第一版正文" in fetch(page_url), 30) is not None, "the preview never came up"
        build_deck(deck, slides("第二版正文"))
        assert wait_for(lambda: "第二版正文" in fetch(page_url), 15) is not None, "the saved deck was not re-extracted"
    finally:
        stop_server(server)
        server.stderr.close()


def _page_path(project: Path) -> str:
    """Return the URL path of the deck's one chapter page (named after the course's title)."""
    (stem,) = [p.stem for p in (project / "docs").glob("0*.md")]
    from deckdocs.site.config import DEFAULT_CONFIG

    config = "".join(p.read_text(encoding="utf-8") for p in (project / "mkdocs.yml", DEFAULT_CONFIG) if p.exists())
    return f"{stem}.html" if re.search(r"^use_directory_urls:\s*false", config, re.M) else f"{stem}/"


# ---------------------------------------------------------------- several decks, one site


def test_two_decks_make_one_site_with_a_section_each_and_one_search(tmp_path):
    project = new_project(tmp_path / "project")
    for name, title in (("甲课程.pptx", "甲课程"), ("乙课程.pptx", "乙课程")):
        build_deck(project / "source_slides" / name, [
            SlideSpec([Title(title)]), SlideSpec([Title(f"{title}第一页"), Text(1, 2, 8, 1, f"{title}独有的正文")])])
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    docs = project / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    assert {"index.md", "jia-ke-cheng/01-jia-ke-cheng.md", "jia-ke-cheng/index.md",
            "yi-ke-cheng/01-yi-ke-cheng.md", "yi-ke-cheng/index.md"} <= pages
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    # Each deck is a nested item of the nav (collapsed, "pruned", on pages of other courses).
    sections = re.split(r'<li class="md-nav__item[^"]*md-nav__item--nested">', home)[1:]
    assert len(sections) == 2, "each deck is a section of the nav"
    assert 'href="jia-ke-cheng/' in sections[0] and 'href="yi-ke-cheng/' in sections[1]
    assert "甲课程" in sections[0].split("</a>")[0] and "乙课程" in sections[1].split("</a>")[0], \
        "each section is named after its course, not its folder"
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = {d["location"].split("/")[0] for d in index["docs"] if "独有的正文" in d["text"]}
    assert hits == {"jia-ke-cheng", "yi-ke-cheng"}, "one search finds both decks"
