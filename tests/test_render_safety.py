"""A deck cannot reach outside the project when its slides are drawn (issue 25).

Decks built here link a picture, a background and an OLE object to a file outside the project
(by file URL and by a relative path climbing out) and to a URL served by an HTTP server started
here on 127.0.0.1. LibreOffice draws them (the real one: skipped without it, failed in CI): no
request reaches the server, no byte of the outside file reaches docs/, and the slide pictures
show the grey placeholder, never the outside picture's colour.
"""

from __future__ import annotations

import http.server
import io
import os
import re
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from decks import Embedded, Picture, SlideSpec, Text, Title, build_deck, png, rewrite_parts
from test_damage import H, W, nested_groups, text_box, with_slide_xml
from deckdocs import render_copy as copy_module
from deckdocs import snapshot, soffice as sandboxing
from deckdocs.cli import main
from deckdocs.render_copy import render_copy

MAGENTA = (255, 0, 255)  # the outside picture's colour: no slide of the decks uses it
MARKER = b"DECKDOCS-OUTSIDE-SECRET-7c1f"  # appended to the outside files: must never reach docs/
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_OLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Server:
    """An HTTP server on 127.0.0.1 that serves the outside picture and counts every request."""

    def __init__(self, body: bytes):
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_PROPFIND = do_OPTIONS = do_GET  # noqa: N815 (webdav asks these first)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def outside_picture() -> bytes:
    return png(16, 9, MAGENTA) + MARKER  # bytes after IEND: PNG readers ignore them


def linked_picture_deck(path: Path, targets: list[str]) -> Path:
    """A cover, then one slide per target whose only picture is linked to it (not embedded)."""
    slides = [SlideSpec([Title("外部链接课程")])]
    slides += [SlideSpec([Title(f"链接图片{n}"), Picture(0.5, 1.5, 12.3, 5.5, png(), linked=True)])
               for n, _ in enumerate(targets, 1)]
    build_deck(path, slides)
    numbered = iter(targets)

    def change(name, data):
        if re.fullmatch(r"ppt/slides/_rels/slide\d+\.xml\.rels", name) and b"missing.png" in data:
            return data.replace(b"file:///C:/Pictures/missing.png", next(numbered).encode())
        return data
    return rewrite_parts(path, path.with_suffix(".tmp"), change).replace(path)


def linked_background_deck(path: Path, target: str) -> Path:
    """A cover, then a slide whose background picture is linked to ``target``."""
    build_deck(path, [SlideSpec([Title("背景课程")]), SlideSpec([Text(1, 1, 5, 1, "背景是链接的图片")])])
    background = (f'<p:bg><p:bgPr><a:blipFill dpi="0" rotWithShape="1"><a:blip r:link="rIdOut"/><a:stretch>'
                  f'<a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>').encode()

    def change(name, data):
        if name == "ppt/slides/slide2.xml":
            return data.replace(b"<p:cSld>", b"<p:cSld>" + background, 1)
        if name == "ppt/slides/_rels/slide2.xml.rels":
            rel = f'<Relationship Id="rIdOut" Type="{_IMAGE}" Target="{target}" TargetMode="External"/>'
            return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return data
    return rewrite_parts(path, path.with_suffix(".tmp"), change).replace(path)


def linked_ole_deck(path: Path, target: str) -> Path:
    """A cover, then a slide with an OLE object linked to ``target`` (updated automatically)."""
    build_deck(path, [SlideSpec([Title("对象课程")]), SlideSpec([Title("链接对象"), Embedded(1, 2, 5, 3)])])

    def change(name, data):
        if name == "ppt/slides/slide2.xml":
            return data.replace(b"<p:embed/>", b'<p:link updateAutomatic="1"/>')
        if name == "ppt/slides/_rels/slide2.xml.rels":
            return re.sub(rb'Type="[^"]*/package" Target="[^"]*"',
                          f'Type="{_OLE}" Target="{target}" TargetMode="External"'.encode(), data)
        return data
    return rewrite_parts(path, path.with_suffix(".tmp"), change).replace(path)


def magenta_share(data: bytes) -> float:
    """Return the share of a picture's pixels that are the outside picture's magenta."""
    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB").resize((128, 72))
        pixels = [small.getpixel((x, y)) for y in range(72) for x in range(128)]
    return sum(1 for r, g, b in pixels if r > 200 and g < 80 and b > 200) / len(pixels)


@pytest.fixture
def outside(tmp_path) -> tuple[Path, Path]:
    """A project folder, and a private file beside it (outside the project)."""
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    private = tmp_path / "private" / "secret.png"
    private.parent.mkdir()
    private.write_bytes(outside_picture())
    (private.parent / "secret.xlsx").write_bytes(b"PK\x03\x04" + MARKER)
    return project, private


def docs_bytes(project: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((project / "docs").rglob("*")) if p.is_file())


# ---------------------------------------------------------------- the copy LibreOffice opens


def test_the_render_copy_has_no_outside_target_left(outside, tmp_path):
    project, private = outside
    targets = [private.as_uri(), "../../private/secret.png", "http://127.0.0.1:9/secret.png",
               "\\\\server\\share\\secret.png", "smb://server/secret.png"]
    deck = linked_picture_deck(project / "source_slides" / "course.pptx", targets)
    copy = render_copy(deck.read_bytes(), (2, 3, 4, 5, 6))
    with zipfile.ZipFile(io.BytesIO(copy.data)) as z:
        everything = b"".join(z.read(name) for name in z.namelist())
        assert copy_module.PLACEHOLDER_PART in z.namelist()
    assert b'TargetMode="External"' not in everything
    for target in targets:
        assert target.encode() not in everything and b"secret" not in everything
    assert b"r:link" not in everything  # the linked pictures are embedded placeholders now
    assert copy.linked == {n: ("picture",) for n in (2, 3, 4, 5, 6)}


def test_slides_not_drawn_are_emptied_in_the_copy(tmp_path):
    deck = build_deck(tmp_path / "d.pptx", [SlideSpec([Title(f"第{n}页独有文字")]) for n in range(1, 5)])
    copy = render_copy(deck.read_bytes(), (3,))
    with zipfile.ZipFile(io.BytesIO(copy.data)) as z:
        slides = b"".join(z.read(f"ppt/slides/slide{n}.xml") for n in range(1, 5))
    assert "第3页独有文字".encode() in slides
    assert all(f"第{n}页独有文字".encode() not in slides for n in (1, 2, 4))


# ---------------------------------------------------------------- LibreOffice drawing them


def extract_with_libreoffice(project: Path, monkeypatch, soffice: str) -> int:
    monkeypatch.chdir(project)
    monkeypatch.setenv(snapshot.SOFFICE_ENV, soffice)
    return main(["extract"])


def test_linked_pictures_to_files_and_urls_outside_show_a_placeholder(outside, monkeypatch, capsys, soffice):
    project, private = outside
    with Server(outside_picture()) as server:
        targets = [private.as_uri(), "../../private/secret.png", f"{server.url}/secret.png",
                   f"{server.url.replace('http', 'ftp')}/secret.png"]
        linked_picture_deck(project / "source_slides" / "course.pptx", targets)
        assert extract_with_libreoffice(project, monkeypatch, soffice) == 0
        assert server.requests == []
    err = capsys.readouterr().err
    assert MARKER not in docs_bytes(project)
    pictures = sorted((project / "docs").rglob("*.webp"))
    assert len(pictures) == len(targets)
    assert all(magenta_share(p.read_bytes()) == 0 for p in pictures)
    for n in range(2, 2 + len(targets)):
        assert f"slide {n}: the slide's linked picture outside the deck was not loaded: its slide picture shows a " \
               "grey placeholder in its place" in err, err
    assert "Traceback" not in err and "Error:" not in err


def test_an_embedded_picture_of_the_same_colour_is_drawn(tmp_path, monkeypatch, soffice):
    """The colour check can fail: the same picture embedded fills the slide picture with magenta."""
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    build_deck(project / "source_slides" / "course.pptx",
               [SlideSpec([Title("封面")]), SlideSpec([Title("嵌入"), Picture(0.5, 1.5, 12.3, 5.5, outside_picture())])])
    assert extract_with_libreoffice(project, monkeypatch, soffice) == 0
    [picture] = (project / "docs").rglob("*.webp")
    assert magenta_share(picture.read_bytes()) > 0.3


def test_a_linked_background_and_a_linked_ole_object_reach_nothing_outside(outside, monkeypatch, capsys, soffice):
    project, private = outside
    with Server(outside_picture()) as server:
        linked_background_deck(project / "source_slides" / "background.pptx", f"{server.url}/bg.png")
        linked_ole_deck(project / "source_slides" / "ole.pptx", f"{server.url}/book.xlsx")
        assert extract_with_libreoffice(project, monkeypatch, soffice) == 0
        assert server.requests == []
    err = capsys.readouterr().err
    assert MARKER not in docs_bytes(project)
    assert all(magenta_share(p.read_bytes()) == 0 for p in (project / "docs").rglob("*.webp"))
    assert "linked picture outside the deck was not loaded" in err  # the background
    assert "linked OLE object outside the deck was not loaded" in err


_NO_PROFILE = '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry"/>'


@pytest.mark.parametrize("walls", ["copy", "sandbox", "profile", "none"])
def test_each_wall_alone_keeps_libreoffice_from_the_outside_picture(outside, monkeypatch, soffice, walls):
    """The render copy, the sandbox and the profile each hold alone; with none of them LibreOffice
    fetches the URL and draws the outside file (the control: the checks can fail)."""
    if walls == "sandbox" and not sandboxing.sandbox():
        pytest.skip("neither bubblewrap nor unshare can make namespaces here")
    project, private = outside
    if walls != "copy":
        monkeypatch.setattr(copy_module, "render_copy", lambda data, numbers: copy_module.RenderCopy(data))
    if walls != "sandbox":
        monkeypatch.setattr(sandboxing, "sandbox", lambda: "")
    if walls != "profile":
        monkeypatch.setattr(sandboxing, "_PROFILE", _NO_PROFILE)
    with Server(outside_picture()) as server:
        deck = linked_picture_deck(project / "source_slides" / "course.pptx", [private.as_uri(), f"{server.url}/s.png"])
        rendering = snapshot.render_slides(deck, (2, 3), soffice)
        requests = list(server.requests)
    shares = [magenta_share(data) for _, data in sorted(rendering.pictures.items())]
    if walls == "none":
        assert requests and all(share > 0.3 for share in shares)
    else:
        assert requests == [] and shares == [0, 0]


# ---------------------------------------------------------------- bounds

LIMIT_SECONDS = 60
LIMIT_BYTES = 1_500_000_000  # deckdocs and every program it started, together


def peak_bytes() -> int:
    """Return this process's peak memory plus the largest of its finished children's."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) * 1024


def heavy_deck(project: Path, family: str) -> Path:
    """A cover, a normal slide, and slide 3 built to blow LibreOffice's bounds in one way."""
    deck = build_deck(project / "source_slides" / "base.pptx", [
        SlideSpec([Title("封面")]), SlideSpec([Title("正常"), Text(1, 2, 6, 1, "正常的正文。")]),
        SlideSpec([Title("重"), Text(1, 2, 6, 1, "重的正文。")])])
    if family == "5,000 nested groups":
        extra = nested_groups(5000)
    elif family == "5,000 text boxes":
        extra = "".join(text_box(n, (n % 100) * (W // 100), (n // 100) * (H // 60), W // 100, H // 60, f"框{n}")
                        for n in range(5000))
    elif family == "a 100,000-character cell":
        extra = None
    else:
        raise ValueError(family)
    target = project / "source_slides" / "course.pptx"
    if extra is None:
        from pptx import Presentation
        from pptx.util import Inches

        prs = Presentation(str(deck))
        table = prs.slides[2].shapes.add_table(2, 2, Inches(1), Inches(3), Inches(6), Inches(2)).table
        table.cell(0, 0).text = "长" * 100_000
        prs.save(str(target))
    else:
        with_slide_xml(deck, target, lambda xml: xml.replace("</p:spTree>", extra + "</p:spTree>"), 3)
    deck.unlink()
    return target


@pytest.mark.parametrize("family", ["5,000 nested groups", "5,000 text boxes", "a 100,000-character cell"])
def test_a_slide_that_would_blow_the_bounds_is_not_drawn_and_noted_once(tmp_path, monkeypatch, capsys, soffice, family):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    heavy_deck(project, family)
    start = time.monotonic()
    assert extract_with_libreoffice(project, monkeypatch, soffice) == 0
    assert time.monotonic() - start < LIMIT_SECONDS and peak_bytes() < LIMIT_BYTES
    err = capsys.readouterr().err
    about_slide_3 = [line for line in err.splitlines() if line.startswith("deckdocs: warning:") and "slide 3" in line
                     and ("drawn" in line or "damaged" in line)]
    assert len(about_slide_3) == 1, err
    assert len(list((project / "docs").rglob("*.webp"))) == 1  # the normal slide's picture
    assert "Error:" not in err and "Traceback" not in err


def bomb_deck(tmp_path: Path, inflated: int = 2_000_000_000, declared: int = 1000) -> Path:
    """A deck whose picture declares ``declared`` bytes but inflates to ``inflated`` (zeros); its
    checksum is that of the declared bytes, so only the size gives it away."""
    deck = build_deck(tmp_path / "base.pptx", [SlideSpec([Title("炸弹"), Picture(1, 1, 4, 3, png())])])
    block = 1 << 24
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflater.compress(bytes(block)) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(bytes(block)) + deflater.flush(zlib.Z_FULL_FLUSH)  # the same bytes from here on
    stream = first + again * (inflated // block - 1) + deflater.flush()
    target = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(deck) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename.startswith("ppt/media/"):
                zout.writestr(zipfile.ZipInfo(info.filename), stream, compress_type=zipfile.ZIP_STORED)
                name = info.filename
            else:
                zout.writestr(info.filename, zin.read(info))
    data = bytearray(target.read_bytes())
    crc = struct.pack("<I", zlib.crc32(bytes(declared)))
    for signature, method_at, crc_at, size_at in ((b"PK\x03\x04", 8, 14, 22), (b"PK\x01\x02", 10, 16, 24)):
        at = data.find(signature + b"")
        while at != -1:
            header_name = _header_name(data, at, signature)
            if header_name == name:
                data[at + method_at: at + method_at + 2] = struct.pack("<H", 8)
                data[at + crc_at: at + crc_at + 4] = crc
                data[at + size_at: at + size_at + 4] = struct.pack("<I", declared)
            at = data.find(signature, at + 4)
    target.write_bytes(bytes(data))
    return target


def _header_name(data: bytearray, at: int, signature: bytes) -> str:
    name_at, length_at = (30, 26) if signature == b"PK\x03\x04" else (46, 28)
    length = struct.unpack("<H", data[at + length_at: at + length_at + 2])[0]
    return bytes(data[at + name_at: at + name_at + length]).decode("utf-8", "replace")


def test_a_picture_that_inflates_past_its_declared_size_is_refused_in_one_line(tmp_path, capsys):
    deck = bomb_deck(tmp_path)
    assert deck.stat().st_size < 5_000_000
    docs = tmp_path / "docs"
    start = time.monotonic()
    assert main(["extract", str(deck), "--docs", str(docs)]) == 2
    assert time.monotonic() - start < LIMIT_SECONDS and peak_bytes() < LIMIT_BYTES
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "deckdocs: error: " in err, err
    assert "ppt/media/image1.png" in err and "unpacks to more than the 1 KB its entry declares" in err
    assert not docs.exists()


# ---------------------------------------------------------------- stopped and crashed renders


def fake_soffice(folder: Path, body: str) -> str:
    """Write a stand-in for LibreOffice that leaves a ``lu*.tmp`` folder in its TMPDIR (as
    LibreOffice does), then runs ``body`` (a shell line)."""
    script = folder / "fake-office" / "program" / "soffice"
    script.parent.mkdir(parents=True)
    script.write_text(f'#!/bin/sh\nmkdir -p "$TMPDIR/lu12345.tmp" && echo x > "$TMPDIR/lu12345.tmp/half"\n{body}\n')
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def temp_folder(tmp_path, monkeypatch) -> Path:
    """The temporary folder deckdocs uses, empty to begin with."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def running_with(marker: str) -> list[int]:
    """Return the ids of processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_crashed_render_is_a_warning_in_words_and_leaves_nothing_in_the_temp_folder(tmp_path, temp_folder,
                                                                                      monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    build_deck(project / "source_slides" / "course.pptx", [SlideSpec([Title("封面")]),
                                                           SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])
    crash = fake_soffice(tmp_path, "kill -ABRT $$")
    assert extract_with_libreoffice(project, monkeypatch, crash) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "crashed" in line]
    assert len(warnings) == 1 and "LibreOffice drawing slide 2 crashed (signal 6)" in warnings[0], err
    assert "slide pictures missing: course.pptx slide 2" in err
    assert list(temp_folder.iterdir()) == []


def test_a_render_past_its_time_is_stopped_with_its_processes_and_leaves_nothing(tmp_path, temp_folder,
                                                                                monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    build_deck(project / "source_slides" / "course.pptx", [SlideSpec([Title("封面")]),
                                                           SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])
    hang = fake_soffice(tmp_path, "sleep 4321.5 & sleep 4321.5")  # a child of its own, like soffice.bin
    monkeypatch.setattr(snapshot, "START_SECONDS", 2)
    start = time.monotonic()
    assert extract_with_libreoffice(project, monkeypatch, hang) == 0
    assert time.monotonic() - start < 15
    err = capsys.readouterr().err
    assert "LibreOffice drawing slide 2 took longer than 3 s and was stopped" in err, err
    assert list(temp_folder.iterdir()) == []
    time.sleep(0.5)
    assert running_with("4321.5") == []


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_deckdocs_takes_libreoffice_with_it_and_its_folder_goes(tmp_path, temp_folder, how):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    build_deck(project / "source_slides" / "course.pptx", [SlideSpec([Title("封面")]),
                                                           SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])
    hang = fake_soffice(tmp_path, "sleep 4322.5 & sleep 4322.5")
    env = {**os.environ, "TMPDIR": str(temp_folder), snapshot.SOFFICE_ENV: hang}
    process = subprocess.Popen([sys.executable, "-m", "deckdocs", "extract"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(running_with("4322.5")) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert running_with("4322.5"), "the stand-in LibreOffice never started"
        process.send_signal(how)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    time.sleep(0.5)
    assert running_with("4322.5") == []
    if how == signal.SIGKILL:  # nothing runs any more to clean up: the next run does
        assert [p.name.startswith("deckdocs-snapshot-") for p in temp_folder.iterdir()] == [True]
        sandboxing.sweep_left_folders(temp_folder)
    assert list(temp_folder.iterdir()) == []


def test_a_crashed_render_keeps_the_slides_last_picture(tmp_path, temp_folder, monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    deck = project / "source_slides" / "course.pptx"
    build_deck(deck, [SlideSpec([Title("封面")]), SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])

    def drawn(deck, numbers, soffice, seconds):
        out = io.BytesIO()
        Image.new("RGB", (64, 36), (0, 120, 0)).save(out, "WEBP")
        return snapshot.Rendering({n: out.getvalue() for n in numbers})

    with monkeypatch.context() as patched:
        patched.setattr(snapshot, "render_slides", drawn)
        assert extract_with_libreoffice(project, monkeypatch, "soffice-stand-in") == 0
    [before] = (project / "docs").rglob("*.webp")
    build_deck(deck, [SlideSpec([Title("封面")]), SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "改过的正文。")])])
    capsys.readouterr()
    assert extract_with_libreoffice(project, monkeypatch, fake_soffice(tmp_path, "kill -SEGV $$")) == 0
    err = capsys.readouterr().err
    assert "LibreOffice drawing slide 2 crashed (signal 11)" in err and "out of date: course.pptx slide 2" in err, err
    assert list((project / "docs").rglob("*.webp")) == [before] and "改过的正文。" in docs_bytes(project).decode("utf-8", "replace")
    assert list(temp_folder.iterdir()) == []


_PROBE = """
import json, os, resource, socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2).close()
    network = True
except OSError:
    network = False
print(json.dumps({"network": network, "sees_project": os.path.exists(sys.argv[2]),
                  "memory": resource.getrlimit(resource.RLIMIT_AS)[0], "env": sorted(os.environ),
                  "home": os.environ.get("HOME", "")}))
"""


def _can(how: str) -> bool:
    import subprocess as sp

    cmd = sandboxing._prefix(how, Path(tempfile.gettempdir()), ()) + ["true"]
    try:
        return sp.run(cmd, capture_output=True, timeout=10).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="the probe runs the system's python3")
@pytest.mark.parametrize("how", ["bubblewrap", "unshare"])
def test_programs_run_without_network_with_a_memory_limit_and_a_clean_environment(outside, monkeypatch, how):
    """bubblewrap also hides the project; unshare (the fallback) only takes the network away."""
    import json

    if not _can(how):
        pytest.skip(f"{how} cannot make namespaces here")
    project, private = outside
    monkeypatch.setenv("CI_SECRET_TOKEN", "do-not-pass-on")
    with Server(b"") as server, sandboxing.private_folder() as folder:
        port = server.url.rsplit(":", 1)[1]
        outcome = sandboxing.run_bounded(["/usr/bin/python3", "-c", _PROBE, port, str(project)], folder, 30, how=how)
        assert server.requests == []
    seen = json.loads(outcome.output)
    assert seen["network"] is False and seen["sees_project"] is (how == "unshare")
    assert seen["memory"] == sandboxing.MEMORY_LIMIT_BYTES
    assert "CI_SECRET_TOKEN" not in seen["env"] and seen["home"].startswith(str(folder))


def test_without_a_sandbox_extract_says_that_libreoffice_has_the_network(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "source_slides").mkdir(parents=True)
    build_deck(project / "source_slides" / "course.pptx", [SlideSpec([Title("封面")]),
                                                           SlideSpec([Title("正文页"), Text(1, 2, 6, 1, "正文。")])])

    def drawn(deck, numbers, soffice, seconds):
        out = io.BytesIO()
        Image.new("RGB", (64, 36), (0, 120, 0)).save(out, "WEBP")
        return snapshot.Rendering({n: out.getvalue() for n in numbers})

    monkeypatch.setattr(snapshot, "render_slides", drawn)
    monkeypatch.setattr(sandboxing, "sandbox", lambda: "")
    assert extract_with_libreoffice(project, monkeypatch, "soffice-stand-in") == 0
    err = capsys.readouterr().err
    assert err.count("LibreOffice draws the slides with network access: neither bubblewrap nor unshare") == 1, err


def numbered_deck(path: Path, slides: int = 5) -> Path:
    """Slides whose title ends in a slide number field (drawn as the slide's number)."""
    from pptx import Presentation

    build_deck(path, [SlideSpec([Title(f"第{n}页 "), Text(1, 2, 6, 1, "正文。")]) for n in range(1, slides + 1)])
    prs = Presentation(str(path))
    for slide in prs.slides:
        run = slide.shapes.title._element.xpath(".//a:r")[0]
        field_element = run.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}fld",
                                        {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"})
        text = field_element.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}t", {})
        text.text = "‹#›"
        field_element.append(text)
        run.addnext(field_element)
    prs.save(str(path))
    return path


def test_the_copy_lists_only_the_slides_from_the_first_drawn_to_the_last_with_their_numbers_written_out(tmp_path):
    deck = numbered_deck(tmp_path / "n.pptx", 6)
    copy = render_copy(deck.read_bytes(), (3, 5))
    assert copy.first_number == 3
    with zipfile.ZipFile(io.BytesIO(copy.data)) as z:
        assert z.read("ppt/presentation.xml").count(b"<p:sldId ") == 3  # slides 3, 4 (emptied) and 5
        three, five = z.read("ppt/slides/slide3.xml"), z.read("ppt/slides/slide5.xml")
    assert b'type="slidenum"' not in three + five
    assert b"<a:t>3</a:t>" in three and b"<a:t>5</a:t>" in five


def test_a_slide_drawn_alone_shows_its_own_number(tmp_path, soffice):
    deck = numbered_deck(tmp_path / "n.pptx", 5)
    alone = snapshot.render_slides(deck, (5,), soffice).pictures[5]
    with_all = snapshot.render_slides(deck, (1, 2, 3, 4, 5), soffice).pictures[5]
    with Image.open(io.BytesIO(alone)) as a, Image.open(io.BytesIO(with_all)) as b:
        assert a.convert("L").tobytes() == b.convert("L").tobytes()  # drawn alone it would say 1 otherwise


def test_smartart_text_and_chart_points_count_towards_what_a_slide_may_hold(tmp_path):
    from decks import Chart, SmartArt

    deck = build_deck(tmp_path / "d.pptx", [
        SlideSpec([Title("封面")]),
        SlideSpec([Title("图示"), SmartArt(1, 2, 8, 4, ["长" * 12_000, "短" * 12_000])]),
        SlideSpec([Title("图表"), Chart(1, 2, 8, 4, [f"类{n}" for n in range(7_000)], {"甲": [1.0] * 7_000, "乙": [2.0] * 7_000})]),
        SlideSpec([Title("小图示"), SmartArt(1, 2, 8, 4, ["一", "二", "三"])]),
    ])
    copy = render_copy(deck.read_bytes(), (2, 3, 4))
    assert copy.not_drawn[2].startswith("it holds 24,") and "characters of text" in copy.not_drawn[2]
    assert copy.not_drawn[3] == "its charts have 28,002 data points (more than 20,000)"  # each series caches its categories
    assert 4 not in copy.not_drawn
