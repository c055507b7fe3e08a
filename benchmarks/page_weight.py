"""Page weight: what a reader's browser downloads on the first load of each page, and the size of
the search index, against the budgets (300 KB a page without the index, index under 100 KB
compressed).

Each page is loaded in a fresh Chromium context (empty cache) from a local server; every file
the browser asks for is counted once, raw and gzipped (level 6, as GitHub Pages and most hosts
compress text). Pictures count as they are (already compressed).

    python benchmarks/page_weight.py [--site site/] [--check]

Without --site the repo's docs/ are built into a temporary folder first. --check exits 1 when a
budget is exceeded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_BUDGET_BYTES = 300 * 1024
INDEX_BUDGET_GZIP_BYTES = 100 * 1024
INDEX_PATHS = ("search/search_index.json", "search/search_index.js")
_COMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".gz", ".pdf"}


@dataclass(frozen=True)
class PageWeight:
    page: str
    requests: int
    raw_bytes: int
    gzip_bytes: int  # what a compressing host sends, the search index left out
    index_gzip_bytes: int  # the search index, when the page loaded it
    has_quiz_script: bool

    @property
    def is_over_budget(self) -> bool:
        return self.gzip_bytes > PAGE_BUDGET_BYTES


def transfer_size(path: Path) -> tuple[int, int]:
    """Return (raw, gzipped) bytes of a file as a compressing host sends it."""
    data = path.read_bytes()
    if path.suffix.lower() in _COMPRESSED:
        return len(data), len(data)
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def build_site(target: Path) -> Path:
    """Build the repo's docs/ with mkdocs into ``target``; return it."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                    "-d", str(target)], cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return target


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and "assets" not in p.relative_to(site).parts)


def measure(site: Path) -> list[PageWeight]:
    """Load every page of ``site`` in Chromium with an empty cache; return what each one fetched."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    weights = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for page_path in site_pages(site):
                context = browser.new_context()
                page = context.new_page()
                urls: set[str] = set()
                page.on("request", lambda r: urls.add(r.url))
                page.goto(base + page_path, wait_until="networkidle")
                context.close()
                weights.append(_weigh(site, base, page_path, urls))
            browser.close()
    finally:
        server.shutdown()
    return weights


def measure_page(site: Path, page_path: str) -> set[str]:
    """Load one page of ``site`` in Chromium with an empty cache; return the site files it fetched."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            urls: set[str] = set()
            page.on("request", lambda r: urls.add(r.url))
            page.goto(base + page_path, wait_until="networkidle")
            browser.close()
    finally:
        server.shutdown()
    names = {unquote(urlsplit(u).path).lstrip("/") for u in urls if u.startswith(base)}
    return {name or "index.html" for name in names if (site / (name or "index.html")).is_file()}


def _weigh(site: Path, base: str, page_path: str, urls: set[str]) -> PageWeight:
    raw = packed = index = 0
    files = {unquote(urlsplit(u).path).lstrip("/") for u in urls if u.startswith(base)}
    for name in sorted(files):
        path = site / (name or "index.html")
        if not path.is_file():
            continue
        size, gz = transfer_size(path)
        if name in INDEX_PATHS:
            index += gz
            continue
        raw += size
        packed += gz
    html = (site / page_path).read_text(encoding="utf-8")
    return PageWeight(page_path, len(files), raw, packed, index, "mkdocsQuizConfig" in html)


def index_size(site: Path) -> tuple[int, int]:
    """Return (raw, gzipped) bytes of the search index."""
    return transfer_size(site / INDEX_PATHS[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build docs/ into a temporary folder)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is exceeded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deckdocs-weight-") as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        weights = measure(site)
        index_raw, index_gz = index_size(site)
    print(f"{'page':<44} {'files':>5} {'raw KB':>8} {'gzip KB':>8}  quiz JS")
    for w in weights:
        flag = "  OVER" if w.is_over_budget else ""
        print(f"{w.page:<44} {w.requests:>5} {w.raw_bytes / 1024:>8.1f} {w.gzip_bytes / 1024:>8.1f}  "
              f"{'yes' if w.has_quiz_script else 'no':<7}{flag}")
    heaviest = max(weights, key=lambda w: w.gzip_bytes)
    print(f"\nheaviest page: {heaviest.page}, {heaviest.gzip_bytes / 1024:.1f} KB gzipped "
          f"(budget {PAGE_BUDGET_BYTES // 1024} KB, search index excluded)")
    print(f"search index: {index_raw / 1024:.1f} KB raw, {index_gz / 1024:.1f} KB gzipped "
          f"(budget {INDEX_BUDGET_GZIP_BYTES // 1024} KB)")
    over = any(w.is_over_budget for w in weights) or index_gz > INDEX_BUDGET_GZIP_BYTES
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
