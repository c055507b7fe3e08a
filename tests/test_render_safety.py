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
import re
import threading
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from decks import Embedded, Picture, SlideSpec, Text, Title, build_deck, png, rewrite_parts
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
