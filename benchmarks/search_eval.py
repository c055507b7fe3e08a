"""Measure the site's real search in headless Chromium: hit@1, hit@5 and MRR per engine.

    python benchmarks/search_eval.py QUERIES.tsv [MORE.tsv …] [--site site/] [--seed]

Each query file holds lines ``query<TAB>slide,slide[<TAB>kind]`` (``#`` lines are comments): the
slides of the deck where the answer lives, and optionally the kind of query (question, pinyin …),
by which the figures are also given. For every query the script opens the site with ``?q=query``
(Material's deep link), lets the theme's search run exactly as a reader's would, and reads the
results list in the order shown. A result counts at its rank when it maps to one of the
query's slides: the result's section carries ``p.dd-slide[data-slide]`` in its page, or, for an
``###`` item, the ``##`` section around it does. Placeholders (a page shown only as the heading
of its group, score 0) are skipped; any other result that maps to no slide still takes a rank.

Three engines are measured in the same run: deckdocs' search (``--site``, or a fresh build of
mkdocs.yml), Material's default search (the same docs built with ``deckdocs: search:
material``) and Pagefind (``python -m pagefind``, from PyPI's ``pagefind[bin]``, run over that
Material site's articles without the quizzes; its results are its pages in its order, each page's sections by how many of the
query's words they hold). ``--seed`` builds both from pages made out of the shared seed text instead of
docs/, for when no deck has been extracted yet.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import http.server
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_3222440f3704eeee.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ENGINES = ("deckdocs", "material", "pagefind")
TOP = 5


# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class Query:
    text: str
    slides: frozenset[int]
    source: str
    kind: str = ""


def read_queries(path: Path) -> list[Query]:
    """Return the queries of a TSV file; raise ValueError naming the line when one is malformed."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, _, rest = line.partition("\t")
        slides, _, kind = rest.partition("\t")
        try:
            numbers = frozenset(int(s) for s in slides.split(",") if s.strip())
        except ValueError:
            numbers = frozenset()
        if not text.strip() or not numbers:
            raise ValueError(f"{path}:{number}: expected 'query<TAB>slide[,slide…]', got {line!r}")
        queries.append(Query(text.strip(), numbers, path.name, kind.strip()))
    return queries


# ---------------------------------------------------------------- sites


def seed_pages(seed: Path = SEED) -> dict[str, str]:
    """Return docs pages (name → markdown) made from the seed's shape-order dump.

    The dump lists each slide's shapes in order: a slide title, then for every item its body
    *before* its heading; number badges (01, 02 …) are decoration. A divider is a title
    followed by ``PARTnn``. Pages follow deckdocs' format: one chapter page per part, each
    slide an ``##`` section with ``p.dd-slide``, each item an ``###`` heading with its body.
    """
    lines = [l.strip() for l in seed.read_text(encoding="utf-8").splitlines() if l.strip()]
    title = lines[lines.index("文档摘要") + 1]
    first_part = next(i for i, l in enumerate(lines) if re.fullmatch(r"PART\d\d", l))
    lines = lines[first_part - 1:]  # title slide and 目录 (slides 1, 2) are the home page

    def is_body(text: str) -> bool:
        return text.endswith("。") or len(text) > 20

    chapters: list[dict] = []
    slide_number = 2
    pending_body = None
    previous_short = True
    for i, text in enumerate(lines):
        if re.fullmatch(r"\d\d", text) or re.fullmatch(r"PART\d\d", text):
            continue
        if lines[i + 1:i + 2] and re.fullmatch(r"PART\d\d", lines[i + 1]):
            slide_number += 1
            chapters.append({"title": text, "slides": []})
            previous_short = True
            continue
        if is_body(text):
            pending_body = text
            previous_short = False
            continue
        if previous_short and pending_body is None:
            slide_number += 1
            chapters[-1]["slides"].append({"number": slide_number, "title": text, "items": []})
        elif pending_body is not None:
            chapters[-1]["slides"][-1]["items"].append((text, pending_body))
            pending_body = None
        previous_short = True

    pages = {"index.md": f"---\ntitle: {title}\n---\n\n# {title}\n\n## 目录 {{ #目录 }}\n\n" + "\n".join(
        f"{n}. [{c['title']}]({n:02d}-part-{n}.md)" for n, c in enumerate(chapters, 1)) + "\n"}
    for n, chapter in enumerate(chapters, 1):
        seen: dict[str, int] = {}

        def anchor(text: str) -> str:
            seen[text] = seen.get(text, 0) + 1
            return text if seen[text] == 1 else f"{text}-{seen[text]}"

        parts = [f"---\ntitle: {chapter['title']}\ndescription: {title} · {chapter['title']}\n---",
                 f"# {chapter['title']} {{ #{anchor(chapter['title'])} }}"]
        for slide in chapter["slides"]:
            parts.append(f"## {slide['title']} {{ #{anchor(slide['title'])} }}")
            parts.append(f'<p class="dd-slide" data-slide="{slide["number"]}">幻灯片 {slide["number"]}</p>')
            for heading, body in slide["items"]:
                parts.append(f"### {heading} {{ #{anchor(heading)} }}\n\n{body}")
        pages[f"{n:02d}-part-{n}.md"] = "\n\n".join(parts) + "\n"
    return pages


def write_pages(pages: dict[str, str], docs_dir: Path) -> Path:
    """Write ``pages`` into ``docs_dir`` (created); return it."""
    for name, text in pages.items():
        path = docs_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs_dir


def derived_config(base: Path, out: Path, *, docs_dir: Path | None = None, engine: str = "deckdocs") -> Path:
    """Write a config that inherits ``base`` with another docs folder and search engine; return it.

    The plugins list is copied (MkDocs replaces lists on INHERIT) with ``deckdocs: search:``
    set; paths the parent gives relative to itself are made absolute.
    """
    from mkdocs.utils.yaml import yaml_load

    with base.open("rb") as f:
        parent = yaml_load(f)  # with what it INHERITs (the repo's mkdocs.yml: deckdocs' embedded config)
    plugins = []
    for plugin in parent.get("plugins", []):
        name, options = (plugin, {}) if isinstance(plugin, str) else next(iter(plugin.items()))
        if name == "deckdocs":
            options = {**(options or {}), "search": engine}
        plugins.append({name: options} if options else name)
    child: dict = {"INHERIT": str(base.resolve()), "plugins": plugins,
                   "docs_dir": str((docs_dir or base.parent / parent.get("docs_dir", "docs")).resolve())}
    theme = parent.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        child["theme"] = {"custom_dir": str((base.parent / theme["custom_dir"]).resolve())}
    if parent.get("hooks"):
        child["hooks"] = [str((base.parent / h).resolve()) for h in parent["hooks"]]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(child, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def build(config: Path, site_dir: Path) -> Path:
    """Run ``mkdocs build`` of ``config`` into ``site_dir``; raise RuntimeError with its output."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free localhost port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium():
    """Yield a headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------- searching

# The results in the order shown; placeholders (a page heading a group, score 0) are skipped.
_READ_RESULTS = """() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]
  .map(a => ({href: a.href, score: parseFloat(a.querySelector('article').dataset.mdScore || '0'),
              title: a.querySelector('h1, h2')?.textContent.trim() || '',
              marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}))
  .filter(r => r.score > 0)"""

# The slide of a heading: its own p.dd-slide, or that of the ## section it sits in.
_SLIDE_OF = """(id) => {
  let el = id ? document.getElementById(id) : null
  if (!el) return null
  if (/^H[3-6]$/.test(el.tagName)) {
    let prev = el.previousElementSibling
    while (prev && prev.tagName !== 'H2' && prev.tagName !== 'H1') prev = prev.previousElementSibling
    if (!prev || prev.tagName !== 'H2') return null
    el = prev
  }
  if (el.tagName !== 'H2') return null
  for (let next = el.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling)
    if (next.matches('p.dd-slide[data-slide]')) return parseInt(next.dataset.slide, 10)
  return null
}"""


@dataclass
class Ranking:
    query: Query
    results: list[dict] = field(default_factory=list)  # href, title, slide
    message: str = ""

    @property
    def rank(self) -> int | None:
        for position, result in enumerate(self.results, 1):
            if result["slide"] in self.query.slides:
                return position
        return None


# Pagefind's own API on a page of the site: pages in its order, each page's sections by the
# number of the query's words they hold.
_PAGEFIND = """async (q) => {
  const pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href)
  await pf.options({ excerptLength: 8 })
  const search = await pf.search(q)
  const pages = await Promise.all(search.results.slice(0, 10).map(r => r.data()))
  return pages.flatMap(p => [...(p.sub_results || [{ url: p.url, locations: p.locations }])]
    .sort((a, b) => (b.locations || []).length - (a.locations || []).length)
    .map(s => ({ href: new URL(s.url, document.baseURI).href, title: s.title || p.meta.title || '', score: 1 })))
}"""


class PagefindSearch:
    """Runs queries through Pagefind's index of a served site."""

    def __init__(self, browser, base_url: str):
        self.site = SiteSearch(browser, base_url)
        self.site.page.goto(base_url)

    def rank(self, query: Query) -> Ranking:
        ranking = Ranking(query)
        for result in self.site.page.evaluate(_PAGEFIND, query.text)[:20]:
            result["slide"] = self.site.slide_of(_strip_query(result["href"]))
            ranking.results.append(result)
        if not ranking.results:
            ranking.message = "no results"
        return ranking

    def close(self):
        self.site.close()


def index_with_pagefind(site: Path, out: Path) -> Path:
    """Copy ``site`` to ``out`` and index it with Pagefind; return ``out``."""
    import shutil

    shutil.copytree(site, out)
    # The page's article only (not the navigation, which names every heading), without the quizzes
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--force-language", "zh",
                             "--root-selector", "article.md-content__inner", "--exclude-selectors", ".quiz"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed:\n{result.stdout}\n{result.stderr}")
    return out


class SiteSearch:
    """Runs queries through one served site's search box and maps results to slides."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(locale="zh-CN")
        self.page = self.context.new_page()
        self.lookup = self.context.new_page()
        self.slides: dict[str, int | None] = {}

    def search(self, query: str, timeout_ms: int = 15000) -> tuple[list[dict], str]:
        """Return (results in order shown, the results list's message) for ``query``."""
        self.page.goto(f"{self.base_url}?q={quote(query)}")
        self.page.wait_for_function(
            """() => { const m = document.querySelector('.md-search-result__meta');
                       return m && m.textContent.trim() && !/初始化/.test(m.textContent) }""", timeout=timeout_ms)
        time.sleep(0.05)  # the list renders in the same task as the message; leave a beat for lazy chunks
        message = self.page.locator(".md-search-result__meta").inner_text().strip()
        return self.page.evaluate(_READ_RESULTS), message

    def slide_of(self, href: str) -> int | None:
        """Return the slide of the section a result links to (None: no slide)."""
        if href not in self.slides:
            page_url, _, anchor = href.partition("#")
            page_url = page_url.split("?")[0]
            if self.lookup.url.split("#")[0] != page_url:
                self.lookup.goto(page_url)
            self.slides[href] = self.lookup.evaluate(_SLIDE_OF, unquote(anchor)) if anchor else None
        return self.slides[href]

    def rank(self, query: Query) -> Ranking:
        results, message = self.search(query.text)
        ranking = Ranking(query, message=message)
        for result in results:
            result["slide"] = self.slide_of(_strip_query(result["href"]))
            ranking.results.append(result)
        return ranking

    def close(self):
        self.context.close()


def _strip_query(href: str) -> str:
    base, _, anchor = href.partition("#")
    return base.split("?")[0] + ("#" + anchor if anchor else "")


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Scores:
    hit1: float
    hit5: float
    mrr: float
    count: int


def score(rankings: list[Ranking]) -> Scores:
    """Return hit@1, hit@5 and MRR over ``rankings``."""
    ranks = [r.rank for r in rankings]
    n = len(ranks) or 1
    return Scores(sum(r == 1 for r in ranks) / n, sum(r is not None and r <= TOP for r in ranks) / n,
                  sum(1 / r for r in ranks if r) / n, len(ranks))


def describe(ranking: Ranking) -> str:
    if not ranking.results:
        return f"— ({ranking.message})"
    first = ranking.results[0]
    slide = f"s{first['slide']}" if first["slide"] is not None else "s-"
    mark = "✓" if first["slide"] in ranking.query.slides else ("·" if ranking.rank else "✗")
    return f"{mark} {slide} {first['title'][:14]}" + (f" (r{ranking.rank})" if ranking.rank and ranking.rank > 1 else "")


def report(queries: list[Query], results: dict[str, list[Ranking]], out=sys.stdout) -> None:
    """Print per-query first results and per-set figures for each engine."""
    engines = list(results)
    width = max(len(q.text) for q in queries) + 2
    print(f"{'query':<{width}}{'want':<8}" + "".join(f"{e:<32}" for e in engines), file=out)
    for i, query in enumerate(queries):
        want = ",".join(str(s) for s in sorted(query.slides))
        print(f"{query.text:<{width}}{want:<8}" + "".join(f"{describe(results[e][i]):<32}" for e in engines), file=out)
    print(file=out)
    sources = sorted({q.source for q in queries}, key=[q.source for q in queries].index)
    kinds = sorted({f"{q.source}:{q.kind}" for q in queries if q.kind}, key=[f"{q.source}:{q.kind}" for q in queries].index)
    print(f"{'set':<34}{'engine':<12}{'n':>4}{'hit@1':>8}{'hit@' + str(TOP):>8}{'MRR':>8}", file=out)
    for source in [*kinds, *sources, "all"] if len(sources) > 1 else [*kinds, *sources]:
        for engine in engines:
            picked = [r for q, r in zip(queries, results[engine])
                      if source in ("all", q.source, f"{q.source}:{q.kind}")]
            s = score(picked)
            print(f"{source:<34}{engine:<12}{s.count:>4}{s.hit1:>8.2f}{s.hit5:>8.2f}{s.mrr:>8.3f}", file=out)


def evaluate(sites: dict[str, Path], queries: list[Query]) -> dict[str, list[Ranking]]:
    """Return each engine's rankings of ``queries``, searching each site in Chromium."""
    results: dict[str, list[Ranking]] = {}
    with chromium() as browser, contextlib.ExitStack() as stack:
        for engine, site in sites.items():
            url = stack.enter_context(serve(site))
            searcher = (PagefindSearch if engine == "pagefind" else SiteSearch)(browser, url)
            results[engine] = [searcher.rank(q) for q in queries]
            searcher.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queries", nargs="+", type=Path, help="TSV files: query<TAB>slide[,slide…]")
    parser.add_argument("--site", type=Path, help="built site to measure as deckdocs' search (default: build mkdocs.yml)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--docs", type=Path, help="build both sites from this docs folder instead of the config's")
    parser.add_argument("--seed", action="store_true", help="build both sites from the shared seed text, not docs/")
    parser.add_argument("--no-baseline", action="store_true", help="skip Material's default search and Pagefind")
    args = parser.parse_args(argv)
    queries = [q for path in args.queries for q in read_queries(path)]
    with tempfile.TemporaryDirectory(prefix="deckdocs-search-eval-") as tmp:
        tmp = Path(tmp)
        docs = write_pages(seed_pages(), tmp / "docs") if args.seed else args.docs
        sites: dict[str, Path] = {}
        engines = ENGINES if not args.no_baseline else ENGINES[:1]
        if "pagefind" in engines and importlib.util.find_spec("pagefind") is None:
            print("pagefind is not installed (pip install 'pagefind[bin]'): measured without it", file=sys.stderr)
            engines = tuple(e for e in engines if e != "pagefind")
        for engine in engines:
            if engine == "pagefind":
                sites[engine] = index_with_pagefind(sites["material"], tmp / "site-pagefind")
            elif engine == "deckdocs" and args.site and docs is None:
                sites[engine] = args.site
            else:
                config = derived_config(args.config, tmp / f"{engine}.yml", docs_dir=docs, engine=engine)
                sites[engine] = build(config, tmp / f"site-{engine}")
        report(queries, evaluate(sites, queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
