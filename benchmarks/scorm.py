"""The SCORM package: its size, the time to make it, an approximate LMS import time, and the
SCORM calls the adapter makes per answer, beside the QTI export of the same course.

- size: the zip `deckdocs export-scorm` writes (and the QTI zip of `deckdocs export-qti`);
- build: median wall time of `export_scorm` over the built site (5 runs);
- import: median wall time of what an LMS does first on upload: unzip every file to disk and
  parse imsmanifest.xml (5 runs); a real LMS adds its own database work;
- calls: in Chromium, scorm-again (tests/browser/node_modules, `npm ci --prefix tests/browser`)
  hosts the package as an LMS does; every LMSSetValue and LMSCommit is counted while a learner
  opens a chapter and answers the whole 综合测验.

    python benchmarks/scorm.py [--site site/] [--version 1.2|2004]

Without --site the repo's docs/ are built into a temporary folder first (no PDF handout; a site
built by `deckdocs build` also packs course.pdf).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "tests"))

from deckdocs.export.scorm import export_scorm, read_course  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
RUNS = 5


def build_site(target: Path) -> Path:
    env = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
                   cwd=ROOT, check=True, env=env)
    return target


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_package(package: Path, into: Path) -> None:
    """Do what an LMS does first with an upload: unpack it and read its manifest."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(into)
    etree.parse(str(into / "imsmanifest.xml"), etree.XMLParser(no_network=True))


def qti_size() -> int:
    from deckdocs import quiz
    from deckdocs.export.qti import export_qti
    from deckdocs.pipeline import find_decks, outline_decks

    return len(export_qti(quiz.build_question_bank(outline_decks(find_decks(ROOT / "source_slides")))))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def count_calls(site: Path, version: str, work: Path) -> dict[str, object]:
    """Return the SCORM calls of one learner: per answer of the 综合测验, and per page opened."""
    from playwright.sync_api import sync_playwright
    from browser.answering import answer
    from test_scorm import HARNESS, VERSIONS, _lms  # the tests' LMS page and reader

    names = VERSIONS[version]
    lms = _lms(site, work / "lms", version)
    handler = functools.partial(_QuietHandler, directory=str(lms))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    course = read_course(site)
    assert HARNESS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(url)
        page.evaluate("localStorage.clear()")
        mastery = {"student_data": {"mastery_score": "80"}} if version == "1.2" else {"scaled_passing_score": "0.8"}
        page.evaluate("saved => startLms(saved)", mastery)
        page.wait_for_function("document.querySelector('iframe').contentDocument"
                               " && document.querySelector('iframe').contentDocument.querySelector('iframe')")
        content = page.frames[1].child_frames[0]
        content.wait_for_selector(".md-content")
        start = page.evaluate("lmsCalls.length")
        content.goto(url + "pkg/" + course.chapters[0].path)
        content.wait_for_selector(".md-content")
        content.goto(url + "pkg/" + course.finals[0].path)
        content.wait_for_selector(".md-content")
        page.wait_for_timeout(300)
        pages = page.evaluate(f"lmsCalls.slice({start})")
        per_answer = []
        for index in range(course.final_questions):
            before = page.evaluate("lmsCalls.length")
            answer(content, index, right=index % 5 != 0)
            page.wait_for_function(f"lmsCalls.length > {before} && lmsCalls[lmsCalls.length - 1][0] === '{names['commit']}'")
            per_answer.append(page.evaluate(f"lmsCalls.slice({before})"))
        suspend_final = page.evaluate("lmsCalls.filter(c => c[1] === 'cmi.suspend_data').pop()[2].length")
        answered = course.final_questions
        for chapter in course.chapters:  # the worst case: every question of the course answered
            content.goto(url + "pkg/" + chapter.path)
            content.wait_for_selector(".md-content")
            for index in range(content.locator("div.quiz").count()):
                before = page.evaluate("lmsCalls.length")
                answer(content, index, right=True)
                page.wait_for_function(f"lmsCalls.length > {before}")
                answered += 1
        suspend_all = page.evaluate("lmsCalls.filter(c => c[1] === 'cmi.suspend_data').pop()[2].length")
        browser.close()
    server.shutdown()
    return {"pages": pages, "answers": per_answer, "suspend_final": suspend_final,
            "suspend_all": suspend_all, "answered": answered}


def describe(calls: list) -> str:
    sets = [c[1] for c in calls if c[0] == "set"]
    return f"{len(calls)} ({len(sets)} SetValue: {', '.join(sets)}; {len(calls) - len(sets)} Commit)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build docs/ into a temporary folder)")
    parser.add_argument("--version", default="1.2", choices=("1.2", "2004"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = args.site or build_site(work / "site")
        data = export_scorm(site, args.version)
        package = work / "course-scorm.zip"
        package.write_bytes(data)
        with zipfile.ZipFile(package) as archive:
            files = len(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
        build = median_seconds(lambda: export_scorm(site, args.version))
        runs = iter(range(RUNS))
        load = median_seconds(lambda: import_package(package, work / f"import-{next(runs)}"))
        print(f"SCORM {args.version} package: {len(data) / 1024:,.0f} KB zipped ({files} files, "
              f"{unpacked / 1024:,.0f} KB unpacked); QTI 1.2 zip of the same course: {qti_size() / 1024:,.0f} KB")
        print(f"build the zip: {build * 1000:,.0f} ms (median of {RUNS})")
        print(f"import (unzip + parse imsmanifest.xml): {load * 1000:,.0f} ms (median of {RUNS})")
        if not Path(CHROMIUM).exists():
            print("calls: skipped (no Chromium)")
            return 0
        calls = count_calls(site, args.version, work)
        answers = calls["answers"]
        counts = [len(a) for a in answers]
        print(f"calls per answer of the 综合测验 ({len(answers)} answers): median {statistics.median(counts):g}, "
              f"max {max(counts)}")
        print(f"  an answer: {describe(answers[0])}")
        print(f"  the last answer (score and status): {describe(answers[-1])}")
        print(f"  opening two pages: {describe(calls['pages'])}")
        print(f"suspend_data: {calls['suspend_final']:,} characters after the 综合测验, {calls['suspend_all']:,} with "
              f"all {calls['answered']} questions of the course answered (SCORM 1.2 allows 4,096)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
