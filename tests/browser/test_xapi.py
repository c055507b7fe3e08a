"""The xAPI package against a real learning record store: Ralph (``ralph-malph[cli,lrs]``) with its
filesystem backend on 127.0.0.1, Chromium as the learner.

Ralph lives in its own virtual environment (its pins clash with ours: click, starlette, …);
``.ci/run`` creates it and sets DECKDOCS_RALPH to its ``ralph``. Without it these tests skip,
unless DECKDOCS_REQUIRE_BROWSER=1.

Ralph 5.1's filesystem backend writes its one file with "index", which refuses a file that
exists, so every POST after the first fails with HTTP 500 (ralph.backends.data.fs, _write_bytes).
The server is therefore started as ``ralph runserver`` starts it (uvicorn serving ralph.api:app,
without the reloader), with that backend told to append: :data:`SERVE`.

Ralph refuses a statement that lacks a required part (HTTP 422) but does not check everything
the xAPI specification says (an activity id that is not an IRI, a scaled score of 5), so
:func:`xapi_rule_breaks` checks those.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import threading
import urllib.error
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser.answering import answer
from deckdocs.export.scorm import read_course
from deckdocs.export.xapi import SECTIONS_EXTENSION, course_base, export_xapi

pytestmark = pytest.mark.browser

USER, PASSWORD = "trainer", "ralph-test-secret"
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
VERB = "http://adlnet.gov/expapi/verbs/"
ACTOR = {"mbox": "mailto:learner@example.com", "name": "学员甲", "objectType": "Agent"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")  # RFC 3987: a scheme, then no spaces
SERVE = """
import sys, uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND  # see the module docstring
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _ralph_command() -> str:
    ralph = os.environ.get("DECKDOCS_RALPH") or shutil.which("ralph")
    if not ralph or not Path(ralph).exists():
        reason = ("the xAPI tests need Ralph: python -m venv /tmp/ralph-venv && /tmp/ralph-venv/bin/pip install "
                  "'ralph-malph[cli,lrs]' requests, then DECKDOCS_RALPH=/tmp/ralph-venv/bin/ralph")
        if os.environ.get("DECKDOCS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return ralph


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    """A Ralph LRS on 127.0.0.1 (filesystem backend) and a client that reads its statements."""

    def __init__(self, ralph: str, home: Path, origin: str):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        env = {**os.environ, "RALPH_APP_DIR": str(home / "app"), "RALPH_RUNSERVER_BACKEND": "fs",
               "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(home / "data"),
               "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([origin.rstrip("/")])}
        (home / "data").mkdir(parents=True)
        subprocess.run([ralph, "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:trainer@example.com",
                        "-w"], env=env, cwd=home, check=True, capture_output=True)
        self.log = (home / "ralph.log").open("w")
        python = str(Path(ralph).with_name("python"))  # the interpreter of Ralph's environment
        self.process = subprocess.Popen([python, "-c", SERVE, str(self.port)],
                                        env=env, cwd=home / "data", stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                self.statements()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    pytest.fail(f"Ralph did not start: {(home / 'ralph.log').read_text()[-2000:]}")
                time.sleep(0.5)

    def statements(self, **query) -> list[dict]:
        """Return every statement Ralph holds (following its ``more`` links)."""
        found, url = [], self.endpoint + "statements?" + urllib.parse.urlencode({"limit": 500, **query})
        while url:
            request = urllib.request.Request(url, headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(request, timeout=10) as response:
                page = json.load(response)
            found += page["statements"]
            more = page.get("more")
            url = urllib.parse.urljoin(self.endpoint, more) if more else ""
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # runserver's reloader and its server: our own group
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="module")
def package(site_dir, tmp_path_factory, serve_directory):
    """The xAPI package, unzipped and served on localhost: (url, directory)."""
    root = tmp_path_factory.mktemp("xapi") / "pkg"
    with zipfile.ZipFile(io.BytesIO(export_xapi(site_dir, 80))) as zipped:
        zipped.extractall(root)
    url, server = serve_directory(root)
    yield url, root
    server.shutdown()


@pytest.fixture(scope="module")
def lrs(package, tmp_path_factory):
    ralph = Ralph(_ralph_command(), tmp_path_factory.mktemp("ralph"), package[0])
    yield ralph
    ralph.stop()


@pytest.fixture(scope="module")
def course(site_dir):
    return read_course(site_dir)


def _launch_url(package_url: str, endpoint: str, registration: str) -> str:
    query = urllib.parse.urlencode({"endpoint": endpoint, "auth": AUTH, "actor": json.dumps(ACTOR, ensure_ascii=False),
                                    "registration": registration})
    return f"{package_url}deckdocs-xapi.html?{query}"


def _content(page):
    page.wait_for_function("document.querySelector('iframe') && document.querySelector('iframe').contentDocument")
    content = page.frames[1]
    content.wait_for_selector(".md-content")
    return content


def _open(content, url: str, path: str) -> None:
    content.goto(url + path)
    content.wait_for_selector(".md-content")


def _read_through(content) -> None:
    """Scroll the chapter to its end the way a reader does, a screen at a time."""
    for _ in range(200):
        at_end = content.evaluate("window.scrollBy(0, window.innerHeight * 0.8);"
                                  "window.innerHeight + window.scrollY >= document.body.scrollHeight - 2")
        content.wait_for_timeout(60)
        if at_end:
            break
    content.wait_for_timeout(300)


def _queue(page) -> list:
    return page.evaluate("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]')")


def xapi_rule_breaks(statement: dict) -> list[str]:
    """Return the xAPI 1.0.3 rules ``statement`` breaks that Ralph lets through."""
    breaks = []
    if not UUID.fullmatch(statement.get("id", "")):
        breaks.append("id is not a UUID")
    if not TIMESTAMP.fullmatch(statement.get("timestamp", "")):
        breaks.append("timestamp is not ISO 8601")
    ids = [statement["verb"]["id"], statement["object"]["id"]]
    context = statement.get("context", {})
    for group in context.get("contextActivities", {}).values():
        ids += [a["id"] for a in group]
    definition = statement["object"].get("definition", {})
    ids += [definition.get("type", "x:x")] + list(statement.get("result", {}).get("extensions", {}))
    breaks += [f"{i!r} is not an IRI" for i in ids if not IRI.fullmatch(i)]
    if "registration" in context and not UUID.fullmatch(context["registration"]):
        breaks.append("registration is not a UUID")
    score = statement.get("result", {}).get("score")
    if score:
        if not -1 <= score.get("scaled", 0) <= 1:
            breaks.append("score.scaled outside -1..1")
        if not score.get("min", score["raw"]) <= score["raw"] <= score.get("max", score["raw"]):
            breaks.append("score.raw outside min..max")
    if "interactionType" in definition:
        if definition["interactionType"] not in {"true-false", "choice", "fill-in", "long-fill-in", "matching",
                                                 "performance", "sequencing", "likert", "numeric", "other"}:
            breaks.append("unknown interactionType")
        choice_ids = [c["id"] for c in definition.get("choices", [])]
        if len(choice_ids) != len(set(choice_ids)):
            breaks.append("choice ids repeat")
        if definition["interactionType"] == "true-false" and statement["result"]["response"] not in {"true", "false"}:
            breaks.append("true-false response is not true/false")
    for language_map in (statement["verb"].get("display", {}), definition.get("name", {})):
        breaks += [f"{tag!r} is not a language tag" for tag in language_map if not re.fullmatch(r"[a-zA-Z]{2,3}(-[A-Za-z0-9]+)*", tag)]
    return breaks


def test_a_learner_online_and_offline_is_recorded_in_ralph_once_per_statement(browser, recording_page, package, lrs, course):
    """Read the first chapter to its end, answer right and wrong, go offline and answer, come back,
    open every chapter, finish the 综合测验 with two wrong, leave: Ralph holds each statement once,
    with the right verbs, ids, responses and score."""
    url, _ = package
    registration = str(uuid.uuid4())
    context = browser.new_context(locale="zh-CN")
    page = recording_page(context)
    page.goto(_launch_url(url, lrs.endpoint, registration))
    content = _content(page)
    chapters = [c.path for c in course.chapters]
    base = course_base(course.title)
    expected: dict[str, bool] = {}  # question key → answered right

    _open(content, url, chapters[0])
    _read_through(content)
    expected[answer(content, 0, right=True)] = True
    expected[answer(content, 1, right=False)] = False
    page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length === 0")

    context.set_offline(True)  # the LRS is out of reach: statements wait in the queue
    expected[answer(content, 2, right=True)] = True
    page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length >= 1")
    queued = _queue(page)
    assert [e["statement"]["verb"]["id"] for e in queued] == [VERB + "answered"]
    context.set_offline(False)
    page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length === 0", timeout=30000)

    for path in chapters[1:]:
        _open(content, url, path)
    final = course.finals[0].path
    _open(content, url, final)
    total = course.final_questions
    for index in range(total):
        expected[answer(content, index, right=index >= 2)] = index >= 2
    page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length === 0", timeout=30000)
    page.goto("about:blank")  # the learner leaves: terminated, sent with keepalive

    deadline = time.monotonic() + 30
    while not any(s["verb"]["id"] == VERB + "terminated" for s in lrs.statements(registration=registration)):
        assert time.monotonic() < deadline, "no terminated statement reached Ralph"
        time.sleep(0.5)
    statements = lrs.statements(registration=registration)
    # Chromium logs the POST that failed while offline; nothing else may go wrong.
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    context.close()

    assert len({s["id"] for s in statements}) == len(statements)  # none sent twice
    assert sum(1 for q in queued for s in statements if s["id"] == q["statement"]["id"]) == 1  # the queued one, once
    verbs = [s["verb"]["id"].removeprefix(VERB) for s in statements]
    score_right = total - 2
    passed = round(100 * score_right / total) >= 80
    assert sorted(set(verbs)) == sorted({"initialized", "experienced", "answered", "completed", "terminated",
                                         "passed" if passed else "failed"})
    for once in ("initialized", "completed", "terminated", "passed" if passed else "failed"):
        assert verbs.count(once) == 1, once
    assert all(s["actor"]["mbox"] == ACTOR["mbox"] and s["context"]["registration"] == registration for s in statements)

    answered = [s for s in statements if s["verb"]["id"] == VERB + "answered"]
    assert len(answered) == len(expected)
    by_key = {s["object"]["id"].removeprefix(base + "/question/"): s for s in answered}
    assert set(by_key) == set(expected)
    for key, right in expected.items():
        statement = by_key[key]
        definition = statement["object"]["definition"]
        assert statement["result"]["success"] is right, key
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] in {"choice", "true-false"}
        response, pattern = statement["result"]["response"], definition["correctResponsesPattern"][0]
        assert (response == pattern) is right, key
        if definition["interactionType"] == "choice":
            choices = {c["id"] for c in definition["choices"]}
            assert set(response.split("[,]")) <= choices and set(pattern.split("[,]")) <= choices

    experienced = {s["object"]["id"]: s for s in statements if s["verb"]["id"] == VERB + "experienced"}
    assert set(experienced) == {f"{base}/page/{p.removesuffix('.html')}" for p in chapters}
    first = experienced[f"{base}/page/{chapters[0].removesuffix('.html')}"]["result"]
    assert first["completion"] is True and len(first["extensions"][SECTIONS_EXTENSION]) >= 2

    judged = next(s for s in statements if s["verb"]["id"] in (VERB + "passed", VERB + "failed"))
    assert judged["object"]["id"] == f"{base}/page/{final.removesuffix('.html')}"
    assert judged["result"]["score"]["raw"] == score_right and judged["result"]["score"]["max"] == total
    assert judged["result"]["score"]["scaled"] == pytest.approx(score_right / total, abs=1e-4)
    assert judged["result"]["success"] is passed

    breaks = {s["id"]: xapi_rule_breaks(s) for s in statements}
    assert {k: v for k, v in breaks.items() if v} == {}


def test_the_report_reads_learners_from_ralph_and_names_the_quiz_yml_ids(lrs, package, tmp_path, capsys):
    """``deckdocs report --lrs``: 60 simulated learners answer four of the course's own questions
    (the first made easy, the second hard) and their statements go to Ralph; the report reads
    them back and flags exactly those two, by their quiz.yml ids."""
    from learners import SimQuestion, simulate

    from deckdocs.cli import main
    from deckdocs.report.statements import bank_ids, normal_stem

    root = Path(__file__).resolve().parents[2]
    config = json.loads(re.search(r'id="deckdocs-xapi-config">(.*?)</script>',
                                  (package[1] / "deckdocs-xapi.html").read_text(encoding="utf-8")).group(1))
    chosen = [q for q in config["questions"] if q["type"] == "choice" and "[,]" not in q["pattern"]][:4]
    questions = tuple(
        SimQuestion(q["key"], q["prompt"], tuple(sorted((t for _, t in q["choices"]), key=lambda t, q=q: text_id(q, t) != q["pattern"])),
                    character, 0.0)
        for q, character in zip(chosen, ("easy", "hard", "normal", "normal")))
    statements = simulate(questions, 60, seed=9)
    for start in range(0, len(statements), 100):
        request = urllib.request.Request(lrs.endpoint + "statements", method="POST",
                                         data=json.dumps(statements[start:start + 100]).encode(),
                                         headers={"Authorization": AUTH, "X-Experience-API-Version": "1.0.3",
                                                  "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30).close()
    out = tmp_path / "report.html"
    assert main(["report", "--lrs", lrs.endpoint, "--user", USER, "--password", PASSWORD, "--out", str(out),
                 "--source", str(root / "source_slides"), "--docs", str(root / "docs")]) == 0
    printed = capsys.readouterr().out
    ids = bank_ids(root / "source_slides", root / "docs")
    rows = {line.split("\t")[0]: line.split("\t") for line in printed.splitlines() if "\t" in line}
    flags = [rows[ids[normal_stem(q.stem)]][-1] for q in questions]
    assert flags[0].startswith("太容易") and flags[1].startswith("太难") and flags[2:] == ["", ""]
    assert f"建议删除（quiz.yml 的 drop）：{ids[normal_stem(questions[0].stem)]}" in printed
    assert "<svg" in out.read_text(encoding="utf-8")
    assert main(["report", "--lrs", lrs.endpoint, "--user", USER, "--password", "wrong", "--out", str(out)]) == 2
    assert "the LRS answered HTTP 401" in capsys.readouterr().err


def text_id(question: dict, text: str) -> str:
    return dict((t, i) for i, t in question["choices"])[text]


class Cmi5Lms:
    """The LMS's part of a cmi5 launch, in front of Ralph: the fetch URL (one token per launch),
    the LMS.LaunchData state document (Ralph has no State API), and every other /xAPI/ request
    passed on to Ralph as it is."""

    def __init__(self, ralph: Ralph, origin: str, launch_data: dict):
        lms = self
        self.fetches = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _cors(self):
                self.send_header("Access-Control-Allow-Origin", origin.rstrip("/"))
                self.send_header("Access-Control-Allow-Headers", "authorization,content-type,x-experience-api-version")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")

            def _send(self, status: int, body: bytes):
                self.send_response(status)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_OPTIONS(self):
                self._send(204, b"")

            def do_POST(self):
                if self.path == "/fetch":
                    lms.fetches += 1
                    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                    return self._send(200 if lms.fetches == 1 else 400, json.dumps({"auth-token": token}).encode())
                self._pass_on()

            def do_GET(self):
                if self.path.startswith("/xAPI/activities/state?"):
                    query = urllib.parse.parse_qs(self.path.split("?", 1)[1])
                    ok = query.get("stateId") == ["LMS.LaunchData"] and self.headers.get("Authorization") == AUTH
                    return self._send(200 if ok else 404, json.dumps(launch_data).encode())
                self._pass_on()

            def _pass_on(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0)) or None
                headers = {k: v for k, v in self.headers.items() if k.lower() in
                           ("authorization", "content-type", "x-experience-api-version")}
                request = urllib.request.Request(ralph.endpoint[:-len("/xAPI/")] + self.path, data=body,
                                                 headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        self._send(answer.status, answer.read())
                except urllib.error.HTTPError as exc:
                    self._send(exc.code, exc.read())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


def test_a_cmi5_launch_reads_its_token_and_launch_data_and_sends_the_cmi5_statements(
        browser, recording_page, site_dir, tmp_path, lrs, serve_directory, course):
    """The LMS launches the cmi5 package; the AU takes its token from the fetch URL and its
    context from LMS.LaunchData; initialized, completed, passed and terminated carry the cmi5
    category (completed and passed moveOn too), the AU's id, the session id; answered does not."""
    root = tmp_path / "pkg"
    with zipfile.ZipFile(io.BytesIO(export_xapi(site_dir, 80, "cmi5"))) as zipped:
        zipped.extractall(root)
    url, server = serve_directory(root)
    au = "https://lms.example.com/courses/weilidai/au"
    session = str(uuid.uuid4())
    launch_data = {"contextTemplate": {"extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": session},
                                       "contextActivities": {"grouping": [{"id": "https://lms.example.com/pub/weilidai"}]}},
                   "launchMode": "Normal", "moveOn": "CompletedAndPassed", "masteryScore": 0.9}
    lms = Cmi5Lms(lrs, url, launch_data)
    registration = str(uuid.uuid4())
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": "zhangsan"}, "name": "张三"}
    query = urllib.parse.urlencode({"endpoint": lms.url + "xAPI/", "fetch": lms.url + "fetch",
                                    "actor": json.dumps(actor, ensure_ascii=False), "registration": registration,
                                    "activityId": au})
    context = browser.new_context(locale="zh-CN")
    page = recording_page(context)
    page.goto(f"{url}deckdocs-xapi.html?{query}")
    content = _content(page)
    for chapter in course.chapters:
        _open(content, url, chapter.path)
    _open(content, url, course.finals[0].path)
    total = course.final_questions
    wrong = 1 if (total - 1) / total >= 0.9 else 0  # one wrong where the score stays over the LMS's 90 %
    for index in range(total):
        answer(content, index, right=index >= wrong)
    page.wait_for_function("JSON.parse(localStorage.getItem('deckdocs-xapi-queue') || '[]').length === 0", timeout=30000)
    page.goto("about:blank")
    deadline = time.monotonic() + 30
    while not any(s["verb"]["id"] == VERB + "terminated" for s in lrs.statements(registration=registration)):
        assert time.monotonic() < deadline, "no terminated statement reached Ralph"
        time.sleep(0.5)
    statements = sorted(lrs.statements(registration=registration), key=lambda s: s["timestamp"])
    assert page.errors == []
    context.close()
    lms.server.shutdown()
    server.shutdown()

    assert lms.fetches == 1
    verbs = [s["verb"]["id"].removeprefix(VERB) for s in statements]
    assert verbs[0] == "initialized" and verbs[-1] == "terminated"
    assert sorted(v for v in verbs if v not in ("answered", "experienced")) == ["completed", "initialized", "passed", "terminated"]
    assert verbs.count("answered") == total
    cmi5 = {"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}
    move_on = {"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}
    for s in statements:
        verb = s["verb"]["id"].removeprefix(VERB)
        ctx = s["context"]
        assert ctx["registration"] == registration and s["actor"]["account"] == actor["account"]
        assert ctx["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] == session
        assert {"id": "https://lms.example.com/pub/weilidai"} in [{"id": a["id"]} for a in ctx["contextActivities"]["grouping"]]
        categories = [{"id": c["id"]} for c in ctx["contextActivities"].get("category", [])]
        if verb in ("answered", "experienced"):
            assert categories == [] and s["object"]["id"] != au  # cmi5 allowed statements
        else:
            assert s["object"]["id"] == au and cmi5 in categories
            assert (move_on in categories) is (verb in ("completed", "passed"))
    passed = next(s for s in statements if s["verb"]["id"] == VERB + "passed")
    assert passed["result"]["success"] is True and passed["result"]["score"]["raw"] == total - wrong
    assert passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.9
    assert all(re.fullmatch(r"PT\d+S", s["result"]["duration"]) for s in statements
               if s["verb"]["id"] in (VERB + "terminated", VERB + "completed", VERB + "passed"))
    assert {k: v for k, v in ((s["id"], xapi_rule_breaks(s)) for s in statements) if v} == {}


def test_the_rule_checker_catches_what_ralph_lets_through():
    good = {"id": str(uuid.uuid4()), "timestamp": "2026-01-01T00:00:00Z", "actor": ACTOR,
            "verb": {"id": VERB + "passed", "display": {"en-US": "passed"}},
            "object": {"id": "https://deckdocs.invalid/xapi/course/1"},
            "result": {"score": {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}}}
    assert xapi_rule_breaks(good) == []
    bad = json.loads(json.dumps(good))
    bad["object"]["id"] = "第 1 题"
    bad["result"]["score"]["scaled"] = 5
    assert xapi_rule_breaks(bad) == ["'第 1 题' is not an IRI", "score.scaled outside -1..1"]


def test_the_package_opened_without_an_lrs_is_the_plain_site(browser, recording_page, package):
    url, root = package
    context = browser.new_context(locale="zh-CN")
    page = recording_page(context)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url + "deckdocs-xapi.html")
    page.wait_for_url(url + "index.html")
    page.wait_for_selector(".md-content")
    assert page.evaluate("localStorage.getItem('deckdocs-xapi-queue')") is None
    assert all(r.startswith(url) or r.startswith("data:") for r in requests)  # no outside host
    page.goto(root.resolve().as_uri() + "/deckdocs-xapi.html?endpoint=")  # from disk, an empty parameter
    page.wait_for_url(root.resolve().as_uri() + "/index.html")
    page.wait_for_selector(".md-content")
    assert page.errors == []
    context.close()
