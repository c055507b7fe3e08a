"""``deckdocs serve`` as an editor uses it: a real server on a free port, a deck saved with
python-pptx, the page fetched until it shows the edit; one rebuild per save; stopped by a signal
however it was started."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from decks import SlideSpec, Text, Title, build_deck, new_project
from serving import fetch, free_port, wait_for

TEXT_BOUND_S = 15  # generous for a shared test machine; benchmarks/serve_latency.py measures (1–2 s)
START_S = 120
BUILDS = "Building documentation"


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def save(deck: Path, body: str) -> None:
    """Save the two-slide deck with ``body`` on slide 2, as an editor's save replaces the file."""
    tmp = deck.with_name(".saving.pptx")
    build_deck(tmp, [SlideSpec([Title("预览课程")]), SlideSpec([Title("预览页"), Text(1, 2, 8, 1, body)])])
    os.replace(tmp, deck)


@pytest.fixture
def project(tmp_path):
    root = new_project(tmp_path / "project")
    save(root / "source_slides" / "deck.pptx", "第一版正文。")
    return root


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "NO_MKDOCS_2_WARNING": "1", **extra}


class Served:
    """A ``deckdocs serve`` started in its own session, its log in a file."""

    def __init__(self, project: Path, **extra: str) -> None:
        self.port = free_port()
        self.log = project / "serve.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "deckdocs", "serve", "--port", str(self.port)],
                                            cwd=project, env=env(**extra), stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.project = project

    @property
    def page(self) -> str:
        (stem,) = [p.stem for p in (self.project / "docs").glob("0*.md")]
        return f"http://127.0.0.1:{self.port}/{stem}.html"

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_until_up(self) -> None:
        assert wait_for(lambda: list((self.project / "docs").glob("0*.md")), START_S) is not None, self.text()
        assert wait_for(lambda: "第一版正文" in fetch(self.page), START_S) is not None, self.text()

    def stop(self) -> None:
        """Stop it as an editor would (its temporary site folder goes too); kill it if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def test_a_saved_edit_shows_on_the_open_page_after_one_rebuild(project):
    served = Served(project, DECKDOCS_SOFFICE="")
    try:
        served.wait_until_up()
        for n, body in enumerate(("第二版正文。", "第三版正文。")):
            time.sleep(0.5)
            builds = served.text().count(BUILDS)
            save(project / "source_slides" / "deck.pptx", body)
            took = wait_for(lambda: body.rstrip("。") in fetch(served.page), TEXT_BOUND_S)
            assert took is not None, served.text()
            time.sleep(2.0)  # a second rebuild, if the save caused one, would start within this
            assert served.text().count(BUILDS) - builds == 1, served.text()
        assert "Traceback" not in served.text()
    finally:
        served.stop()


def test_the_text_shows_before_the_new_picture_which_follows(project, soffice):
    served = Served(project, DECKDOCS_SOFFICE=soffice)
    pictures = lambda: set(re.findall(r"slides/([0-9a-f]+)\.webp", fetch(served.page)))
    try:
        served.wait_until_up()
        before = pictures()
        assert before, "the page shows no slide picture"
        builds = served.text().count(BUILDS)
        save(project / "source_slides" / "deck.pptx", "改过的正文，图片随后就到。")
        assert wait_for(lambda: "图片随后就到" in fetch(served.page), TEXT_BOUND_S) is not None, served.text()
        shown_with_text = pictures()
        assert wait_for(lambda: pictures() - before, START_S) is not None, served.text()
        assert shown_with_text == before  # the text did not wait for LibreOffice
        time.sleep(2.0)
        assert served.text().count(BUILDS) - builds == 2, served.text()  # the text, then the picture
    finally:
        served.stop()


# ---------------------------------------------------------------- stopping


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_serve_with_one_plain_line(project, sig):
    served = Served(project, DECKDOCS_SOFFICE="")
    try:
        served.wait_until_up()
        served.process.send_signal(sig)
        assert served.process.wait(timeout=30) == 0
        assert wait_for(lambda: port_is_free(served.port), 10) is not None
        tail = served.text().strip().splitlines()[-1]
        assert tail == "deckdocs: preview stopped", served.text()
        assert "Aborted!" not in served.text() and "Traceback" not in served.text()
    finally:
        served.stop()


@pytest.mark.parametrize("sig", ["INT", "TERM"])
def test_serve_started_in_the_background_by_a_script_stops_on_kill(project, sig):
    """A non-interactive shell starts `cmd &` with SIGINT ignored; kill -INT must still stop it."""
    port = free_port()
    script = (f"{sys.executable} -m deckdocs serve --port {port} > serve.log 2>&1 &\n"
              "echo $! > serve.pid\n"
              "sleep 60 &\n"  # a sibling started the same way: what the shell gave deckdocs before it set its handlers
              "echo $! > probe.pid\n")
    subprocess.run(["bash", "-c", script], cwd=project, env=env(DECKDOCS_SOFFICE="", DECKDOCS_LANG="zh"), check=True)
    pid, probe = (int((project / name).read_text()) for name in ("serve.pid", "probe.pid"))
    try:
        assert wait_for(lambda: _status(probe).startswith("Name:\tsleep"), 10) is not None  # forked, set up, exec'd
        ignored = int(re.search(r"SigIgn:\s*(\w+)", _status(probe)).group(1), 16)
        os.kill(probe, signal.SIGKILL)
        assert ignored & (1 << (signal.SIGINT - 1)), "the shell did not start its background jobs with SIGINT ignored"
        page = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "预览课程" in fetch(page), START_S) is not None, (project / "serve.log").read_text()
        assert _children(pid) == [], "deckdocs serve runs MkDocs in its own process: nothing else to stop"
        subprocess.run(["kill", f"-{sig}", str(pid)], check=True)
        assert wait_for(lambda: not Path(f"/proc/{pid}").exists() or "State:\tZ" in _status(pid), 30) is not None
        assert wait_for(lambda: port_is_free(port), 10) is not None
        log = (project / "serve.log").read_text(encoding="utf-8")
        assert log.strip().splitlines()[-1] == "deckdocs：预览已停止", log
        assert "Aborted!" not in log
    finally:
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "State:\tZ"


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if re.search(rf"^PPid:\s*{pid}$", status.read_text(), re.M):
                found.append(int(status.parent.name))
        except OSError:
            continue
    return found
