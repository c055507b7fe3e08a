"""A course of one's own: a folder holding nothing but a deck becomes a whole site with
``deckdocs build``: no mkdocs.yml, no overrides, no hand-written assets, nothing of this
repository. Opened from disk in Chromium, every page's links, scripts, styles and pictures load,
search answers, and the header and page titles are the deck's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from decks import Picture, SlideSpec, Text, Title, build_deck, png

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"  # ../shared/corpus, never copied into git
CHINESE_TITLE = "三国演义阅读分享"


def chinese_deck(path: Path) -> Path:
    """A Chinese deck with a cover, two parts, items, a picture and a closing slide."""
    return build_deck(path, [
        SlideSpec([Title(CHINESE_TITLE), Text(1, 5, 8, 1, "读书会第三期")]),
        SlideSpec([Text(3, 3, 6, 1, "故事梗概", size=40), Text(3, 4, 3, 0.5, "PART01")]),
        SlideSpec([Title("桃园结义"), Text(1, 1.8, 3, 0.6, "结义缘起", size=20, bold=True),
                   Text(1, 2.5, 3, 2, "刘备、关羽、张飞在桃园结为兄弟，立志共图大事。"),
                   Text(5, 1.8, 3, 0.6, "结义誓言", size=20, bold=True),
                   Text(5, 2.5, 3, 2, "不求同年同月同日生，但愿同年同月同日死。"),
                   Picture(9, 2, 3, 3, png(40, 30, (30, 90, 160)), description="桃园插图")]),
        SlideSpec([Text(3, 3, 6, 1, "人物形象", size=40), Text(3, 4, 3, 0.5, "PART02")]),
        SlideSpec([Title("诸葛亮的智慧"), Text(1, 2, 10, 3, ["草船借箭显示了他对天时的把握。", "空城计体现了他对人心的洞察。"])]),
    ])


def build_in_empty_folder(folder: Path, deck_source) -> Path:
    """Put one deck in ``folder``/source_slides and run ``deckdocs build`` there; return the site."""
    slides = folder / "source_slides"
    slides.mkdir(parents=True)
    deck_source(slides)
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert before == ["source_slides", *(f"source_slides/{p.name}" for p in slides.iterdir())]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DECKDOCS_SOFFICE": ""}
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build", "--no-pdf"], cwd=folder,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (folder / "mkdocs.yml").exists()
    return folder / "site"


def _corpus_deck(slides: Path) -> None:
    deck = CORPUS / "markitdown__test.pptx"
    if not deck.exists():
        pytest.skip(f"the corpus is not at {CORPUS}")
    shutil.copy(deck, slides / deck.name)


# (deck, its title in the header, the html lang, a word search must find, the page it is on)
DECKS = {
    "chinese": (lambda slides: chinese_deck(slides / "三国.pptx"), CHINESE_TITLE, "zh", "草船借箭", "人物形象"),
    "corpus": (_corpus_deck, "AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation", "en",
               "AutoGen", "AutoGen"),
}


@pytest.fixture(scope="module", params=sorted(DECKS))
def fresh(request, tmp_path_factory):
    source, title, lang, word, where = DECKS[request.param]
    site = build_in_empty_folder(tmp_path_factory.mktemp(request.param) / "course", source)
    return site, title, lang, word, where


def _local_targets(page) -> list[str]:
    """Return every link, script, stylesheet and picture address a page names on this machine."""
    return page.evaluate("""() => {
        const urls = [];
        for (const a of document.querySelectorAll('a[href]')) urls.push(a.href);
        for (const s of document.querySelectorAll('script[src]')) urls.push(s.src);
        for (const l of document.querySelectorAll('link[href]')) urls.push(l.href);
        for (const i of document.querySelectorAll('img[src]')) urls.push(i.src);
        return urls.filter(u => u.startsWith('file:') || u.startsWith(location.origin + '/'));
    }""")


def _load_and_check(page, url: str, exists) -> list[str]:
    """Open ``url``; return what it names that is not there: failed requests, missing targets of
    links, scripts, stylesheets and pictures (``exists(url)`` says), pictures that did not decode."""
    failed = []

    def note(request):
        failed.append(f"{request.url} {request.failure}")

    page.on("requestfailed", note)
    page.errors.clear()
    page.goto(url, wait_until="load")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # lazy pictures too
    page.wait_for_load_state("networkidle")
    missing = [f"{url}: {target}" for target in _local_targets(page) if not exists(target)]
    broken = page.evaluate("() => [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    page.remove_listener("requestfailed", note)
    return failed + missing + [f"{url}: picture {src}" for src in broken] + [f"{url}: {e}" for e in page.errors]


@pytest.mark.browser
def test_every_page_loads_all_it_names_from_disk(page, fresh, outside_requests, served):
    site, *_ = fresh
    pages = sorted(p for p in site.rglob("*.html")
                   if "assets" not in p.relative_to(site).parts and p.name != "404.html")
    assert len(pages) >= 4  # home, chapters, glossary, quiz
    on_disk = lambda url: Path(unquote(urlsplit(url).path)).exists()
    problems = [problem for path in pages for problem in _load_and_check(page, path.as_uri(), on_disk)]
    assert problems == []
    # The 404 page names its files from the site's root, as a host serves it for any address.
    base = served(site)

    def on_host(url: str) -> bool:
        try:
            with urllib.request.urlopen(url.split("#")[0]) as response:
                return response.status == 200
        except OSError:
            return False

    assert _load_and_check(page, base + "404.html", lambda url: not url.startswith(base) or on_host(url)) == []
    assert outside_requests == []


@pytest.mark.browser
def test_search_answers_from_disk(page, fresh, outside_requests):
    from playwright.sync_api import expect

    site, _, _, word, where = fresh
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_contain_text("初始化", timeout=15000)  # the index loaded through the worker shim
    page.keyboard.type(word)
    page.keyboard.press("End")  # Material searches on keyup; Playwright types Chinese without key events
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__list")).to_contain_text(where)
    assert page.errors == [] and outside_requests == []


@pytest.mark.browser
def test_the_titles_and_language_are_the_decks_own(page, fresh):
    site, title, lang, *_ = fresh
    page.goto((site / "index.html").as_uri())
    assert page.title() == title
    assert page.locator(".md-header__topic").first.inner_text().strip() == title
    assert page.locator("html").get_attribute("lang") == lang
    assert "本站根据培训课件生成" in page.locator("footer").inner_text()  # deckdocs' templates, from the package
    assert "微粒贷" not in page.content()
