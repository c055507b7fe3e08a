"""The printable course: ``deckdocs pdf`` prints the built site as one handout with Chromium."""

from __future__ import annotations

import re
import shutil
from html import escape
import subprocess
import sys

import pytest

from deckdocs.cli import main
from deckdocs.export.notes import trainer_notes
from deckdocs.export.pdf import assemble_handout, nav_pages, read_chapter
from deckdocs.pipeline import outline_decks

pytestmark = pytest.mark.browser

CHAPTERS = ["微粒贷概述", "微粒贷操作流程", "微粒贷风险管理", "微粒贷法律法规", "微粒贷营销策略", "微粒贷案例分析"]


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is missing (apt-get install poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def deckdocs_pdf(*args: str) -> subprocess.CompletedProcess:
    """Run ``deckdocs pdf`` as a reader does; in a process of its own, since Playwright's sync API
    cannot start inside the session's running browser."""
    return subprocess.run([sys.executable, "-m", "deckdocs", "pdf", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def handout(site_dir, tmp_path_factory, browser):  # browser: skip cleanly where chromium is missing
    out = tmp_path_factory.mktemp("pdf") / "course.pdf"
    result = deckdocs_pdf("--site", str(site_dir), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"deckdocs: handout written to {out}"
    return out


def test_the_handout_has_a_cover_a_contents_page_and_every_chapter_in_order(handout):
    info = _poppler("pdfinfo", str(handout))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages >= 2 + len(CHAPTERS)  # cover, 目录, then each chapter on new pages
    text = _poppler("pdftotext", "-layout", str(handout), "-")
    first_page, contents = text.split("\f")[:2]
    assert "微粒贷基础知识培训课件课程" in first_page
    assert contents.strip().startswith("目录")
    assert [c for c in CHAPTERS if c in contents] == CHAPTERS
    body = "\f".join(text.split("\f")[2:])
    positions = [body.find(c) for c in CHAPTERS]
    assert -1 not in positions and positions == sorted(positions)


def test_the_handout_embeds_its_fonts_and_keeps_the_chinese_text(handout):
    fonts = _poppler("pdffonts", str(handout)).splitlines()[2:]
    assert fonts
    for line in fonts:
        # name, type, encoding, then emb sub uni (yes/no) and the object id
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert emb and emb.group(1) == "yes", line
    text = _poppler("pdftotext", str(handout), "-")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 500  # the glyphs map back to Chinese text


def test_quizzes_go_to_an_answer_appendix_or_are_left_out(site_dir, handout, tmp_path):
    with_answers = _poppler("pdftotext", str(handout), "-")
    has_quizzes = any('class="quiz' in (site_dir / p).read_text("utf-8") for p in nav_pages(site_dir))
    if not has_quizzes:
        pytest.skip("the site has no quiz yet")
    assert "附录　测验与答案" in with_answers.replace(" ", "　") or "附录" in with_answers
    assert "正确答案" in with_answers
    bare = tmp_path / "bare.pdf"
    result = deckdocs_pdf("--site", str(site_dir), "--out", str(bare), "--no-answers")
    assert result.returncode == 0, result.stderr
    without = _poppler("pdftotext", str(bare), "-")
    assert "正确答案" not in without and "附录" not in without
    assert [c for c in CHAPTERS if c in without] == CHAPTERS


def test_the_print_page_lists_the_chapters_and_drops_what_only_works_on_screen(site_dir):
    html = assemble_handout(site_dir)
    toc = re.search(r'<nav class="dd-toc".*?</nav>', html, re.DOTALL).group(0)
    assert re.findall(r'<a href="#c\d+">([^<]+)</a>', toc)[:6] == CHAPTERS
    assert "<script" not in html and "headerlink" not in html
    assert 'class="quiz' not in html  # quizzes are only in the appendix, as text


def test_stage_directions_are_only_in_the_trainers_handout(site_dir, course_deck):
    notes = trainer_notes(outline_decks((course_deck,)))
    directions = [p.text for slides in notes.values() for parts in slides.values() for p in parts
                  if not p.is_for_learners]
    if not directions:
        pytest.skip("the course has no stage directions in its notes")
    pages = "".join((site_dir / p).read_text("utf-8") for p in nav_pages(site_dir))
    learners = assemble_handout(site_dir)
    assert "dd-notes" in pages and "讲者备注" not in pages + learners
    assert not [d for d in directions if d in pages or d in learners]
    trainers = assemble_handout(site_dir, with_notes=True, notes=notes)
    assert all(escape(d, quote=False) in trainers for d in directions)


def test_a_page_of_only_quizzes_is_printed_in_the_appendix_alone(site_dir):
    numbers = {p: n for n, p in enumerate(nav_pages(site_dir)[1:], 1)}
    quiz_only = [c for c in (read_chapter(site_dir, p, n, numbers) for p, n in numbers.items()) if c.is_quiz_only]
    if not quiz_only:
        pytest.skip("the site has no page of only quizzes")
    html = assemble_handout(site_dir)
    toc = re.search(r'<nav class="dd-toc".*?</nav>', html, re.DOTALL).group(0)
    appendix = html[html.index('<section class="dd-appendix"'):]
    for page in quiz_only:
        assert page.title not in toc
        assert f'<h2 id="{page.anchor}">{page.title}</h2>' in appendix


def test_a_missing_chromium_is_one_line_and_exit_2(site_dir, tmp_path, capsys):
    assert main(["pdf", "--site", str(site_dir), "--out", str(tmp_path / "x.pdf"), "--chromium", "/no/chromium"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Chromium is not installed" in err[0]


def test_no_built_site_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["pdf", "--site", str(tmp_path / "nothing")]) == 2
    assert "deckdocs build" in capsys.readouterr().err


def test_slide_pictures_go_into_the_handout_only_with_slides(site_dir, handout, tmp_path):
    shown = sum(1 for p in nav_pages(site_dir) for _ in re.finditer(
        r'<figure class="dd-slide-picture">', (site_dir / p).read_text("utf-8")))
    if not shown:
        pytest.skip("the committed docs/ has no slide pictures")

    def pictures(pdf) -> int:
        return len(_poppler("pdfimages", "-list", str(pdf)).splitlines()[2:])

    with_slides = tmp_path / "slides.pdf"
    result = deckdocs_pdf("--site", str(site_dir), "--out", str(with_slides), "--slides", "--no-answers")
    assert result.returncode == 0, result.stderr
    assert pictures(with_slides) >= pictures(handout) + shown
