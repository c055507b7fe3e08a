"""Hostile decks: zip bombs and odd packages are refused, and nothing typed on a slide becomes
markup, let alone script, in the reader's browser."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import deckdocs.package as package
from decks import (
    Chart, Picture, SlideSpec, SmartArt, Table, Text, Title, Video, build_deck, new_project, png, rewrite_parts,
)
from deckdocs import convert
from deckdocs.errors import DeckReadError
from deckdocs.read import read_deck
from deckdocs.write import is_safe_path


def a_deck(tmp_path) -> Path:
    return build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("正常")])])


def refusal(path) -> str:
    with pytest.raises(DeckReadError) as caught:
        read_deck(path)
    return caught.value.message


# ---------------------------------------------------------------- packages


def test_a_part_that_inflates_a_thousandfold_is_a_zip_bomb(tmp_path):
    bomb = rewrite_parts(a_deck(tmp_path), tmp_path / "bomb.pptx", lambda name, data: data)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/media/zeros.bin", bytes(12_000_000))
    message = refusal(bomb)
    assert "ppt/media/zeros.bin" in message and "a zip bomb, not a deck" in message


def test_a_package_inflating_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_INFLATED_BYTES", 20_000)
    assert "beyond the 0 MB limit" in refusal(a_deck(tmp_path))


def test_absurd_part_counts_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_PARTS", 50)
    many = rewrite_parts(a_deck(tmp_path), tmp_path / "many.pptx", lambda name, data: data)
    with zipfile.ZipFile(many, "a") as z:
        for n in range(60):
            z.writestr(f"junk/{n}.xml", "<x/>")
    assert "more than any deck of 1 slide(s) has" in refusal(many)


def test_the_part_limit_grows_with_the_slides_but_slide_parts_cannot_buy_more_without_end(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_PARTS", 50)
    long_deck = build_deck(tmp_path / "long.pptx", [SlideSpec([Title(f"第{n}页")], notes="备注。") for n in range(40)])
    with zipfile.ZipFile(long_deck) as z:
        assert len(z.namelist()) > 150  # a slide, its notes and their relationships: four parts a slide
    assert len(read_deck(long_deck).slides) == 40
    monkeypatch.setattr(package, "MAX_SLIDES", 2)
    assert "more than any deck of 40 slide(s) has" in refusal(long_deck)


@pytest.mark.parametrize("name", ["../../etc/evil.xml", "/abs/evil.xml", "ppt\\..\\evil.xml", "C:/evil.xml"])
def test_part_names_that_climb_out_are_refused(tmp_path, name):
    deck = rewrite_parts(a_deck(tmp_path), tmp_path / "climb.pptx", lambda n, data: data)
    with zipfile.ZipFile(deck, "a") as z:
        z.writestr(zipfile.ZipInfo(name), "<x/>")
    assert "unsafe part name" in refusal(deck)


def test_entities_in_a_smartart_data_part_are_not_expanded(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([SmartArt(1, 1, 6, 3, ["ENTITY"])])])
    laughs = (b'<!DOCTYPE d [<!ENTITY a "lollollollollollollollollol">'
              + b"".join(b'<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">' % ((bytes([c]),) + (bytes([c - 1]),) * 10)
                         for c in range(ord("b"), ord("j")))
              + b"]>")
    bomb = rewrite_parts(deck, tmp_path / "laughs.pptx", lambda name, data: data.replace(
        b"<dgm:dataModel", laughs + b"<dgm:dataModel").replace(b"ENTITY", b"&i;") if "diagrams/data" in name else data)
    shape = read_deck(bomb).slides[0].shapes[0]
    assert "lol" not in shape.text  # the parser neither expands nor hangs


def test_picture_file_names_come_from_content_never_from_the_deck(tmp_path):
    deck = build_deck(tmp_path / "deck.pptx", [SlideSpec([Title("图"), Picture(1, 2, 4, 3, png(30, 20), "图")])])

    def rename(name, data):
        return data.replace(b"image1.png", b"im;rm -rf ~;age.png") if name.endswith((".rels", ".png", "].xml")) else data

    odd = rewrite_parts(deck, tmp_path / "odd.pptx", lambda name, data: rename(name, data))
    with zipfile.ZipFile(odd, "a") as z:
        z.writestr("ppt/media/im;rm -rf ~;age.png", png(30, 20))
    files = convert([odd]).files
    pictures = [f.path for f in files if f.path.startswith("assets/")]
    assert len(pictures) == 1 and re.fullmatch(r"assets/[0-9a-f]{16}\.png", pictures[0])
    assert all(is_safe_path(f.path) for f in files)


# ---------------------------------------------------------------- markup and script

PAYLOADS = [
    "<script>alert('PWN')</script>",
    "<img src=x onerror=alert('PWN')>",
    '<a href="javascript:alert(1)">PWN</a>',
    "# PWN heading",
    '!!! danger "PWN"',
    '??? note "PWN"',
    '???+ note "PWN"',
    "---",
    "***",
    "PWN { #injected-id }",
    '{: #y onclick="alert(1)" } PWN',
    "<quiz>PWN question?</quiz>",
    "[PWN link](javascript:alert(1))",
    "<javascript:alert('PWN')>",
    "| PWN | cell |",
    "```",
    "    PWN indented",
    "> PWN quote",
    "*[PWN]: abbreviation",
    '<div markdown="1">PWN</div>',
    '=== "PWN tab"',
    "<!-- PWN",
    "&lt;script&gt;PWN",
    "<style>body{display:none}</style>PWN",
    "1. PWN list",
]
BAD_LINKS = ["javascript:alert('PWN')", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
             "vbscript:msgbox(1)", 'https://example.com/" onmouseover="alert(1)']


def hostile_deck(path: Path) -> Path:
    slides = [SlideSpec([Title("\"><script>alert('PWN-course')</script> 课程")])]
    for n, payload in enumerate(PAYLOADS):
        slides.append(SlideSpec([
            Title(payload),
            Text(1, 2.0, 5, 0.6, payload[:28], size=20, bold=True),  # an item heading…
            Text(1, 2.7, 5, 1.5, [payload, "正文" + payload], size=14),  # …and its body
        ], notes="\n".join([payload, f"备注 {n}"])))
    slides.append(SlideSpec([
        Title("表格与图表"),
        Table(1, 1.5, 5, 3, [PAYLOADS[:3], PAYLOADS[3:6], ["a\n" + PAYLOADS[0], PAYLOADS[14], PAYLOADS[12]]]),
        Chart(7, 1.5, 5, 3, PAYLOADS[:2], {PAYLOADS[4]: [1, 2]}, title=PAYLOADS[0]),
    ]))
    slides.append(SlideSpec([
        Title("图与视频"),
        Picture(1, 1.5, 4, 3, png(40, 30), PAYLOADS[1] + "\n" + PAYLOADS[4]),
        Video(6, 1.5, 4, 3, PAYLOADS[0]),
        SmartArt(1, 5, 10, 2, PAYLOADS[:6]),
    ]))
    slides.append(SlideSpec([Title("链接")] + [Text(1, 1.5 + i, 10, 0.8, f"链接{i} PWN", href=href)
                                               for i, href in enumerate(BAD_LINKS)]))
    return build_deck(path, slides, sections=[("<b>PWN</b>", [1]), ("# PWN 章", list(range(2, len(slides) + 1)))])


class Elements(HTMLParser):
    """Collects every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def article(html: str) -> str:
    return re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)


# Inline handlers the theme and plugins write themselves, never with deck text in them.
THEIRS = [("form", {"action": "javascript:void(0);", "onsubmit": "return false;"})]  # mkdocs-quiz's answer form


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("hostile") / "project")
    hostile_deck(project / "source_slides" / "deck.pptx")
    result = subprocess.run([sys.executable, "-m", "deckdocs", "build"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_the_generated_markdown_keeps_every_payload_as_text(tmp_path):
    files = convert([hostile_deck(tmp_path / "deck.pptx")]).files
    bodies = (re.sub(r"\A---\n.*?\n---\n", "", f.content.decode(), flags=re.S) for f in files if f.path.endswith(".md"))
    markdown = "\n".join(bodies)  # front matter is data, checked in the built HTML
    lowered = markdown.lower()
    assert "<script" not in lowered and "<quiz>pwn" not in lowered and "<javascript:" not in lowered
    assert not re.search(r"(?<!\\)\]\(<?\s*(javascript|vbscript|data):", lowered)  # links keep only http(s) and mailto
    starts = {line.split(" ")[0] for line in markdown.splitlines() if line.startswith(("!!!", "???", "==="))}
    assert starts <= {"!!!", "???"}
    admonitions = [line for line in markdown.splitlines() if line.startswith(("!!!", "???"))]
    assert all(re.fullmatch(r'(!!! (info|warning|tip dd-notes|question dd-notes)|\?\?\? note( dd-notes)?) "[^"<>]+"', line)
               for line in admonitions), admonitions


def assert_no_deck_script(page: Path) -> None:
    """Assert that no inline handler, script URL or script from the deck is in ``page``."""
    html = page.read_text(encoding="utf-8")
    parsed = elements(html)
    for tag, attrs in parsed.tags:
        if (tag, attrs) in THEIRS:
            continue
        assert not [a for a in attrs if a.startswith("on")], f"{page.name}: <{tag} {attrs}>"
        for name in ("href", "src", "action", "formaction", "data"):
            value = re.sub(r"\s", "", attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{page.name}: {name}={value}"
        assert tag not in ("quiz", "iframe", "object", "embed", "base"), f"{page.name}: <{tag}>"
        if tag in ("script", "style", "link"):
            assert "PWN" not in json.dumps(attrs), f"{page.name}: <{tag} {attrs}>"
    assert not any("PWN" in script for script in parsed.scripts), page.name
    assert "<style>body{display:none}" not in html


def test_nothing_from_the_deck_runs_in_the_browser(hostile_site):
    pages = sorted(p for p in (hostile_site / "site").rglob("*.html") if p.name != "quiz.html")
    assert len(pages) >= 3
    for page in pages:
        assert_no_deck_script(page)


def test_nothing_from_the_deck_runs_in_the_final_quiz_page(hostile_site):
    quiz = hostile_site / "site" / "quiz.html"
    if not quiz.exists():
        pytest.skip("no final quiz page")
    assert_no_deck_script(quiz)


def test_slide_text_makes_no_markdown_structure(hostile_site):
    (chapter,) = [p for p in (hostile_site / "docs").glob("0*.md") if "PWN" in p.read_text(encoding="utf-8")]
    (page,) = [p for p in (hostile_site / "site").rglob("*.html") if p.stem == chapter.stem or p.parent.name == chapter.stem]
    html = article(page.read_text(encoding="utf-8"))
    tags = [tag for tag, _ in elements(html).tags]
    for absent in ("blockquote", "pre", "hr", "abbr", "ol"):
        assert absent not in tags, absent
    assert tags.count("h1") == 1 and tags.count("img") == 1  # the title; the one picture
    assert 'id="injected-id"' not in html and 'id="y"' not in html
    assert tags.count("table") == 2  # the slide's table and the chart's data, nothing from "| PWN | cell |"
    assert tags.count("details") == len(PAYLOADS)  # one speaker-notes block per payload slide, none typed
    titles = re.findall(r'<p class="admonition-title">(.*?)</p>', html)
    assert set(titles) <= {"视频或音频", "图片无法显示", "SmartArt 图形"}, titles
    for payload in ("# PWN heading", "<script>alert('PWN')</script>", '!!! danger "PWN"', "[PWN link](javascript:alert(1))"):
        assert payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html.replace("&quot;", '"'), payload


SEARCH_WORKER = Path(__file__).resolve().parents[1] / "tools/deckdocs/site/templates/assets/javascripts/workers/deckdocs-search.js"
_RUN_WORKER = """
const { handle } = require(process.argv[1]);
const index = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
handle({ type: 0, data: index });
const out = [];
for (const query of ["PWN", "alert", "script", "onerror"])
  out.push(...handle({ type: 2, data: query }).data.items.flat());
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(not shutil.which("node") or not SEARCH_WORKER.exists(), reason="needs node and the deckdocs search worker")
def test_search_results_show_deck_markup_as_text(hostile_site):
    """The index holds plain text; the worker must escape it, since the theme shows results as HTML."""
    index = hostile_site / "site" / "search" / "search_index.json"
    result = subprocess.run(["node", "-e", _RUN_WORKER, str(SEARCH_WORKER), str(index)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items, "the payloads are found"
    for item in items:
        for field in ("title", "text"):
            markup = re.sub(r"</?(mark|p)>", "", item.get(field) or "")
            assert "<" not in markup and ">" not in markup, item


def test_slide_parts_the_slide_list_does_not_name_buy_no_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_PARTS", 50)
    padded = rewrite_parts(a_deck(tmp_path), tmp_path / "padded.pptx", lambda name, data: data)
    with zipfile.ZipFile(padded, "a") as z:
        for n in range(100, 160):  # 60 slide parts present, none in the slide list
            z.writestr(f"ppt/slides/slide{n}.xml", "<x/>")
    assert "more than any deck of 1 slide(s) has" in refusal(padded)


def test_a_part_compressed_with_bzip2_is_refused_before_it_is_inflated(tmp_path):
    deck = rewrite_parts(a_deck(tmp_path), tmp_path / "bz.pptx", lambda name, data: data)
    with zipfile.ZipFile(deck, "a") as z:
        z.writestr("ppt/media/big.bin", bytes(1000), compress_type=zipfile.ZIP_BZIP2)
    assert "part 'ppt/media/big.bin' uses a zip compression method deckdocs cannot unpack (method 12)" in refusal(deck)
