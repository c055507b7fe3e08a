"""The xAPI package and the item analysis: statements per answer, bytes a learner sends for the
whole course, and the time `deckdocs report` needs for 10,000 learners.

- statements and bytes: in Chromium, the package (`deckdocs export-xapi`) is launched against a
  statement counter on 127.0.0.1 (answers every POST as an LRS does, with CORS); a learner opens
  every chapter, answers every 本章自测 question and the whole 综合测验, and leaves. Counted: the
  statements by verb, the POST requests, and the request bodies' bytes (headers add about 300
  bytes per request). The browser test against a real LRS is tests/browser/test_xapi.py.
- report: simulated learners (tests/learners.py) answer a test of --questions questions and
  read six chapters; the analysis and the HTML page are timed over their statements in memory
  (median of 3), and the JSON file those statements make is measured.

    python benchmarks/xapi.py [--site site/] [--learners 10000] [--questions 27]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from deckdocs.export.scorm import read_course  # noqa: E402
from deckdocs.export.xapi import export_xapi  # noqa: E402


class _Counter(BaseHTTPRequestHandler):
    posts: list = []  # (bytes, statements)

    def log_message(self, *args):
        pass

    def _cors(self):
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.send_header("Access-Control-Allow-Headers", "authorization,content-type,x-experience-api-version")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self):
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        data = json.loads(body)
        statements = data if isinstance(data, list) else [data]
        _Counter.posts.append((len(body), statements))
        answer = json.dumps([s["id"] for s in statements]).encode()
        self.send_response(200)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def measure_learner(site: Path) -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    course = read_course(site)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(io.BytesIO(export_xapi(site))) as package:
            package.extractall(tmp)
        url, server = serve(Path(tmp))
        lrs = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
        threading.Thread(target=lrs.serve_forever, daemon=True).start()
        query = urllib.parse.urlencode({"endpoint": f"http://127.0.0.1:{lrs.server_address[1]}/xAPI/",
                                        "auth": "Basic dTpw", "actor": json.dumps({"mbox": "mailto:a@example.com"}),
                                        "registration": "6f0e3f5e-7d0b-4c1e-9a55-3a4f3a9b2c10"})
        answers = 0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{url}deckdocs-xapi.html?{query}")
            page.wait_for_function("document.querySelector('iframe') && document.querySelector('iframe').contentDocument")
            content = page.frames[1]
            for chapter in (*course.chapters, *course.finals):
                content.goto(url + chapter.path)
                content.wait_for_selector(".md-content")
                quizzes = content.locator("div.quiz")
                for index in range(quizzes.count()):
                    quiz = quizzes.nth(index)
                    quiz.scroll_into_view_if_needed()
                    for box in quiz.locator("input[data-correct='true']").all():
                        quiz.locator(f"label[for='{box.get_attribute('id')}']").click()
                    submit = quiz.locator("button.quiz-button:not(.quiz-reset-button)")
                    if submit.count() and submit.first.is_visible():
                        submit.first.click()
                    quiz.locator(".quiz-feedback").wait_for(state="visible")
                    answers += 1
            page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length === 0")
            page.goto("about:blank")
            time.sleep(1)
            browser.close()
        server.shutdown()
        lrs.shutdown()
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for _, batch in _Counter.posts for s in batch)
    sent = sum(size for size, _ in _Counter.posts)
    total = sum(verbs.values())
    print(f"one learner, whole course: {answers} answers, {total} statements in {len(_Counter.posts)} requests")
    print("  by verb: " + ", ".join(f"{v} {n}" for v, n in sorted(verbs.items())))
    print(f"  statements per answer: {verbs['answered'] / answers:.2f} (answered), "
          f"{total / answers:.2f} (all statements over answers)")
    print(f"  bytes sent (request bodies): {sent:,} ({sent / total:,.0f} per statement)")


def measure_report(learners: int, questions: int) -> None:
    from learners import default_questions, simulate

    from deckdocs.report.analysis import analyse
    from deckdocs.report.page import render_report

    chapters = tuple((f"第{n}章", 1 - n / 10) for n in range(1, 7))
    start = time.perf_counter()
    statements = simulate(default_questions(questions), learners, seed=1, chapters=chapters)
    made = time.perf_counter() - start
    times = []
    for _ in range(3):
        start = time.perf_counter()
        page = render_report(analyse(statements))
        times.append(time.perf_counter() - start)
    size = len(json.dumps(statements, ensure_ascii=False).encode("utf-8"))
    print(f"report: {learners:,} learners, {questions} questions, {len(statements):,} statements "
          f"({size / 1e6:,.0f} MB as JSON; simulated in {made:.1f} s)")
    print(f"  analysis + page: {statistics.median(times):.2f} s (median of 3), page {len(page):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repo's docs/)")
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=27)
    parser.add_argument("--no-browser", action="store_true", help="only the report timing")
    args = parser.parse_args()
    if not args.no_browser:
        with tempfile.TemporaryDirectory() as tmp:
            site = args.site
            if site is None:
                site = Path(tmp) / "site"
                subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True)
            measure_learner(site)
    measure_report(args.learners, args.questions)


if __name__ == "__main__":
    main()
