"""Browser fixtures: a real ``mkdocs build`` of the repo's site, served on localhost, and
Debian's chromium driven by Playwright (never a downloaded browser).

Without /usr/bin/chromium the browser tests skip, unless DECKDOCS_REQUIRE_BROWSER=1 (CI),
where they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "benchmarks" / "out" / "screenshots"  # git-ignored; for a person to look at
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("DECKDOCS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def build_site(target: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Run a real ``mkdocs build --strict`` of the repo's docs into ``target``."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return target


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The repo's site, freshly built from the committed docs/."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (a page left mid-load); not an error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(directory: Path):
    """Serve ``directory`` on a free localhost port; return (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture()
def served():
    """``served(directory)`` serves a folder on localhost until the test ends; returns its URL."""
    servers = []

    def start(directory: Path) -> str:
        url, server = serve(directory)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def serve_directory():
    """``serve_directory(path)`` serves ``path`` on a free localhost port: (base_url, server)."""
    return serve


@pytest.fixture(scope="session")
def site_url(site_dir):
    url, server = serve(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _recording_page(context):
    """Return a new page of ``context`` that collects console and page errors on ``page.errors``."""
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


@pytest.fixture()
def page(browser):
    """A fresh page; console errors and page errors are collected on ``page.errors``."""
    context = browser.new_context(locale="zh-CN")
    yield _recording_page(context)
    context.close()


@pytest.fixture(scope="session")
def recording_page():
    """The function that opens an error-recording page in a context a test made itself."""
    return _recording_page


# ---------------------------------------------------------------- hosted, offline, printable

PAGES_PREFIX = "/deckdocs/"  # served under a path, as GitHub Pages serves a project site


def site_pages(site: Path) -> list[str]:
    """Return the site-relative paths of the built pages (the 404 page left out), sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and "assets" not in p.relative_to(site).parts)


@pytest.fixture(scope="session")
def pages(site_dir) -> list[str]:
    """Every page of the session's site, site-relative (index.html, 01-….html …), sorted."""
    return site_pages(site_dir)


@pytest.fixture(scope="session")
def file_url(site_dir) -> str:
    """The session's site opened from disk: a file:// URL ending in a slash."""
    return site_dir.resolve().as_uri() + "/"


class _PagesHandler(_QuietHandler):
    """Serves the site under PAGES_PREFIX and answers a missing file with 404.html, status 404."""

    def translate_path(self, path):
        if path.startswith(PAGES_PREFIX):
            path = "/" + path[len(PAGES_PREFIX):]
        else:
            path = "/__outside_the_site__"
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class HostedSite:
    """A site built as the Pages workflow builds it and served under PAGES_PREFIX."""

    def __init__(self, directory: Path, url: str):
        self.dir = directory
        self.url = url  # the SITE_URL it was built with, ending in PAGES_PREFIX

    @property
    def pages(self) -> list[str]:
        return site_pages(self.dir)


@pytest.fixture(scope="session")
def pages_site(tmp_path_factory):
    """The site as the Pages workflow builds it (SITE_URL set), served under /deckdocs/.

    The server is bound before the build, so SITE_URL names its real address.
    """
    site = tmp_path_factory.mktemp("pages") / "site"
    site.mkdir()
    handler = functools.partial(_PagesHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{PAGES_PREFIX}"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"mkdocs build with SITE_URL failed:\n{result.stdout}\n{result.stderr}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HostedSite(site, url)
    server.shutdown()


@pytest.fixture()
def outside_requests(page) -> list[str]:
    """Abort every request ``page`` (and its workers) makes to a host other than this machine;
    return the list of the URLs that were attempted. file:, data: and blob: URLs pass."""
    from urllib.parse import urlsplit

    attempted: list[str] = []

    def handle(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("file", "data", "blob") or parts.hostname in ("127.0.0.1", "localhost"):
            return route.continue_()
        attempted.append(route.request.url)
        return route.abort()

    page.context.route("**/*", handle)
    return attempted


@pytest.fixture(scope="session")
def quiz_pages(site_dir, pages) -> list[str]:
    """The pages that hold at least one mkdocs-quiz quiz, in page order."""
    return [p for p in pages if 'class="quiz' in (site_dir / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="session")
def glossary_page(site_dir, pages) -> str | None:
    """The glossary's page (its h1 names 术语), or None while the site has none."""
    import re

    for path in pages:
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (site_dir / path).read_text(encoding="utf-8"), re.DOTALL)
        if h1 and "术语" in h1.group(1):
            return path
    return None


def answer_first_quiz(page) -> str:
    """Answer the page's first quiz rightly, as a reader does; return the feedback shown."""
    quiz = page.locator("div.quiz").first
    quiz.scroll_into_view_if_needed()
    blanks = quiz.locator("input.quiz-blank-input")
    for i in range(blanks.count()):
        blanks.nth(i).fill(blanks.nth(i).get_attribute("data-answer"))
    for box in quiz.locator("input[data-correct='true']").all():
        quiz.locator(f"label[for='{box.get_attribute('id')}']").click()
    submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
    if submit.count() and submit.first.is_visible():
        submit.first.click()
    feedback = quiz.locator(".quiz-feedback")
    feedback.wait_for(state="visible", timeout=5000)
    return feedback.inner_text()


@pytest.fixture(scope="session")
def answer_quiz():
    """``answer_quiz(page)`` answers the page's first quiz rightly; returns the feedback text."""
    return answer_first_quiz


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Return the folder the browser tests save their screenshots in (benchmarks/out/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
