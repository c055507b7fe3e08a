"""A seeded fuzz run over the course deck and a few corpus decks (issue 16).

Each case mutates one deck (zip damage, XML damage, hostile or extreme text), runs
``deckdocs extract`` in-process under a time limit, and holds it to the command line's contract:
exit 0 and ``check`` agreeing, or exit 2 with one specific line (never the catch-all
"unexpected" message), and ``docs/`` untouched on failure. The same seed gives the same cases;
``DECKDOCS_FUZZ_CASES`` runs more of them by hand.
"""

from __future__ import annotations

import io
import os
import posixpath
import random
import re
import signal
import struct
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, COURSE_DECK
from decks import SlideSpec, Text, Title, build_deck
from deckdocs.cli import main

SEED = 16
CASES = int(os.environ.get("DECKDOCS_FUZZ_CASES", "240"))
CASE_SECONDS = 30  # far above any case (the slowest take about a second); a hang fails, not blocks
CORPUS_DECKS = ("markitdown__test.pptx", "poi__with_japanese.pptx", "unstructured__group-shapes-nested.pptx",
                "docling__pptx_chart.pptx", "poi__smartart-simple.pptx")
HOSTILE_TEXTS = (
    "\x9b\x85\x80标题\u2028\u2029", "<script>alert(1)</script>", "---\ntitle: x\n---", "{ #x } !!! note ??? quiz",
    "长" * 5000, "\u202e\u200f右到左\u200b", "😀" * 300, "&#x9B;&amp;&lt;", "\ufeff\ufffd", "a\tb\rc\fd",
    "第一部分", "目录", "PART 01", "1", "[链接](javascript:alert(1))", "`" * 50, "\\" * 40, "*" * 99,
)
BAD_CHARS = (b"\x01", b"\x0c", b"\xef\xbf\xbe", b"\xc2\x9b", b"\xff", b"&#1;", b"&undefined;", b"<", b"]]>")


def small_deck(tmp: Path) -> Path:
    return build_deck(tmp / "small.pptx", [
        SlideSpec([Title("小课程")]),
        SlideSpec([Title("目录"), Text(1, 2, 6, 1, ["第一部分", "第二部分"])]),
        SlideSpec([Title("第一部分")]),
        SlideSpec([Title("概念"), Text(1, 2, 3, 0.5, "定义", bold=True), Text(1, 2.6, 5, 1, "这是定义的正文内容。")],
                  notes="讲者备注"),
        SlideSpec([Title("第二部分")]),
        SlideSpec([Title("要点"), Text(1, 2, 6, 2, ["第一条。", "第二条。"])]),
    ])


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("fuzz-sources")
    found = {"small": small_deck(tmp).read_bytes()}
    if COURSE_DECK.exists():
        found["course"] = COURSE_DECK.read_bytes()
    for name in CORPUS_DECKS:
        if (CORPUS / name).exists():
            found[name] = (CORPUS / name).read_bytes()
    return found


# ---------------------------------------------------------------- mutations


def _parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _zip(parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, blob in parts:
            z.writestr(info.filename, blob)
    return out.getvalue()


def _xml_part(rng: random.Random, parts) -> int:
    xml = [i for i, (info, _) in enumerate(parts) if info.filename.endswith((".xml", ".rels"))]
    slides = [i for i in xml if "slides/slide" in parts[i][0].filename]
    return rng.choice(slides if slides and rng.random() < 0.6 else xml)


def truncate_file(rng, data):
    return data[: rng.randrange(len(data))]


def flip_bytes(rng, data):
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _local_headers(data: bytes):
    at = data.find(b"PK\x03\x04")
    while at != -1:
        yield at
        at = data.find(b"PK\x03\x04", at + 4)


def _headers(data: bytes) -> list[int]:
    """Return the offsets of the local and central headers (the fields this mutator patches)."""
    return [*_local_headers(data), *(m.start() for m in re.finditer(b"PK\x01\x02", data))]


def flip_in_entry(rng, data):
    """Flip bytes inside one entry's compressed data (bad deflate data, failed checksum)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = rng.choice([i for i in z.infolist() if i.compress_size > 8])
    local = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[local + 26: local + 30])
    start = local + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[start + rng.randrange(info.compress_size)] ^= 0xFF
    return bytes(out)


def patch_header(rng, data):
    """Change one header field of one entry: CRC, compression method, or the encryption flag."""
    out = bytearray(data)
    header = rng.choice(_headers(data))
    is_local = out[header + 2: header + 4] == b"\x03\x04"
    flags, method, crc = (6, 8, 14) if is_local else (8, 10, 16)
    field = rng.choice(("crc", "method", "encrypted"))
    if field == "crc":
        out[header + crc: header + crc + 4] = struct.pack("<I", rng.getrandbits(32))
    elif field == "method":
        out[header + method: header + method + 2] = struct.pack("<H", rng.choice((1, 6, 9, 12, 14, 98, 99)))
    else:
        out[header + flags] |= 1
    return bytes(out)


def drop_part(rng, data):
    parts = _parts(data)
    del parts[rng.randrange(len(parts))]
    return _zip(parts)


def truncate_xml(rng, data):
    parts = _parts(data)
    i = _xml_part(rng, parts)
    info, blob = parts[i]
    parts[i] = (info, blob[: rng.randrange(len(blob))])
    return _zip(parts)


def bad_char(rng, data):
    parts = _parts(data)
    i = _xml_part(rng, parts)
    info, blob = parts[i]
    at = rng.randrange(len(blob))
    parts[i] = (info, blob[:at] + rng.choice(BAD_CHARS) + blob[at:])
    return _zip(parts)


def deep_nesting(rng, data):
    """Wrap one slide's shapes in groups nested 50 to 400 deep."""
    parts = _parts(data)
    slides = [i for i, (info, _) in enumerate(parts) if re.fullmatch(r"ppt/slides/slide\d+\.xml", info.filename)]
    i = rng.choice(slides)
    info, blob = parts[i]
    depth = rng.choice((50, 200, 250, 400))
    group = (b'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="%d" name="G"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
             b"<p:grpSpPr/>")
    start = blob.find(b"</p:grpSpPr>") + len(b"</p:grpSpPr>")
    end = blob.rfind(b"</p:spTree>")
    if start < len(b"</p:grpSpPr>") or end < start:
        return data
    nested = b"".join(group % (90000 + k) for k in range(depth)) + blob[start:end] + b"</p:grpSp>" * depth
    parts[i] = (info, blob[:start] + nested + blob[end:])
    return _zip(parts)


def hostile_text(rng, data):
    """Replace some runs' text (and a section or shape name) with hostile or extreme text."""
    parts = _parts(data)
    for i, (info, blob) in enumerate(parts):
        if not re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml|ppt/presentation\.xml", info.filename):
            continue

        def swap(match):
            if rng.random() > 0.3:
                return match.group(0)
            text = rng.choice(HOSTILE_TEXTS)
            escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            escaped = "".join(f"&#x{ord(c):X};" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in escaped)
            return match.group(1) + escaped.encode("utf-8", "surrogatepass") + match.group(3)

        blob = re.sub(rb"(<a:t>)([^<]*)(</a:t>)", swap, blob)
        blob = re.sub(rb'( name=")([^"]*)(")', swap, blob)
        parts[i] = (info, blob)
    return _zip(parts)


MUTATIONS = (truncate_file, flip_bytes, flip_in_entry, patch_header, drop_part, truncate_xml, bad_char,
             deep_nesting, hostile_text, hostile_text)


def fuzz_cases(count: int) -> list[tuple[int, str, str]]:
    """Return (case seed, source name, mutation name) for ``count`` cases; the course deck and the
    small deck carry most of them, the corpus decks the rest."""
    rng = random.Random(SEED)
    names = ["small", "course", *CORPUS_DECKS]
    weights = [5, 3, *([1] * len(CORPUS_DECKS))]
    return [(rng.getrandbits(32), rng.choices(names, weights)[0], rng.choice(MUTATIONS).__name__)
            for _ in range(count)]


# ---------------------------------------------------------------- the contract


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout


def run_limited(argv: list[str]) -> int:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    try:
        return main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def extract_case(tmp_path: Path, capsys, data: bytes, *, hand_written: bool = False):
    """Write ``data`` as a deck, extract it into a fresh docs/ within ``CASE_SECONDS``; return the
    deck, docs/, docs/ as it was before, the exit code and stderr (never the catch-all line)."""
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    docs = tmp_path / "docs"
    docs.mkdir()
    if hand_written:
        (docs / "hand-written.md").write_text("# 手写页面\n", encoding="utf-8")
    before = snapshot(docs)
    try:
        code = run_limited(["extract", str(deck), "--docs", str(docs)])
    except CaseTimeout:
        pytest.fail(f"extract took more than {CASE_SECONDS} s")
    err = capsys.readouterr().err
    assert "deckdocs: error: unexpected" not in err, err  # the catch-all for bugs
    return deck, docs, before, code, err


@pytest.mark.parametrize("seed, source, mutation", fuzz_cases(CASES),
                         ids=[f"{n:03d}-{s}-{m}" for n, (_, s, m) in enumerate(fuzz_cases(CASES))])
def test_a_mutated_deck_converts_or_fails_in_one_line(sources, tmp_path, capsys, seed, source, mutation):
    if source not in sources:
        pytest.skip(f"{source} is not here")
    rng = random.Random(seed)
    deck, docs, before, code, err = extract_case(tmp_path, capsys, globals()[mutation](rng, sources[source]),
                                                 hand_written=True)
    errors = [line for line in err.splitlines() if not line.startswith("deckdocs: warning: ")]
    beside = sorted(p.name for p in tmp_path.iterdir() if p.name != ".deckdocs-cache")  # the cache is meant to be there
    assert beside == ["deck.pptx", "docs"]  # nothing else written beside docs/
    if code == 0:
        assert not errors, err
        assert run_limited(["check", str(deck), "--docs", str(docs)]) == 0, capsys.readouterr()
        for page in docs.rglob("*.md"):  # MkDocs drops front matter YAML cannot read, silently
            text = page.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                assert isinstance(yaml.safe_load(text[4: text.index("\n---", 4)]), dict), page
    else:
        assert code == 2, err
        assert len(errors) == 1 and errors[0].startswith("deckdocs: error: "), err
        assert snapshot(docs) == before


# ---------------------------------------------------------------- issue 25: outside links, render bombs, wrong relationships

HOSTILE_SEED = 25
HOSTILE_CASES = int(os.environ.get("DECKDOCS_FUZZ_HOSTILE_CASES", "60"))
OUTSIDE_TARGETS = ("file:///etc/passwd", "file:///C:/secret/private.png", "../../../outside/private.png",
                   "..\\..\\private.png", "\\\\server\\share\\x.png", "http://127.0.0.1:9/x.png", "ftp://127.0.0.1:9/x",
                   "https://example.invalid/x.png", "smb://host/x", "javascript:alert(1)", "//host/x.png", "../../x.png")
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OUT_KINDS = ("image", "hyperlink", "oleObject", "video", "media", "attachedTemplate", "theme")
# What a refusal or warning line must never carry: a library's exception, or its message quoted.
LIBRARY_TEXT = re.compile(r"Error\b|Exception|AttributeError|KeyError|ValueError|Traceback|lxml|python-pptx|pptx\.|"
                          r"_Element|_Relationship|object has no attribute|\.target_part|no relationship with key|"
                          r"Opening and ending tag|XML_PARSE")


def _slide_indexes(parts) -> list[int]:
    return [i for i, (info, _) in enumerate(parts) if re.fullmatch(r"ppt/slides/slide\d+\.xml", info.filename)]


def _rels_index(parts, slide_name: str) -> int | None:
    folder, _, file = slide_name.rpartition("/")
    name = f"{folder}/_rels/{file}.rels"
    return next((i for i, (info, _) in enumerate(parts) if info.filename == name), None)


def outside_link(rng, data):
    """Link a slide's picture, background, an OLE object or a hyperlink to a target outside the deck."""
    parts = _parts(data)
    slide = rng.choice(_slide_indexes(parts))
    rels = _rels_index(parts, parts[slide][0].filename)
    if rels is None:
        return data
    target = rng.choice(OUTSIDE_TARGETS).replace("&", "&amp;")
    kind = rng.choice(_OUT_KINDS)
    mode = rng.choice(('TargetMode="External"', 'TargetMode="External"', ""))
    info, blob = parts[rels]
    rel = f'<Relationship Id="rIdOut9" Type="{_RELS_NS}/{kind}" Target="{target}" {mode}/>'.encode()
    parts[rels] = (info, blob.replace(b"</Relationships>", rel + b"</Relationships>"))
    info, blob = parts[slide]
    where = rng.choice(("background", "blip", "hyperlink"))
    if where == "background" and b"<p:bg>" not in blob:
        blob = blob.replace(b"<p:cSld>", b'<p:cSld><p:bg><p:bgPr><a:blipFill><a:blip r:link="rIdOut9"/><a:stretch>'
                            b"<a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>", 1)
    elif where == "blip" and b"<a:blip " in blob:
        blob = re.sub(rb'<a:blip r:embed="[^"]*"', b'<a:blip r:link="rIdOut9"', blob, count=1)
    else:
        blob = blob.replace(b"<a:rPr", b'<a:rPr><a:hlinkClick r:id="rIdOut9"/></a:rPr><a:rPr', 1) \
            if b"<a:rPr/>" not in blob else blob.replace(b"<a:rPr/>", b'<a:rPr><a:hlinkClick r:id="rIdOut9"/></a:rPr>', 1)
    parts[slide] = (info, blob)
    return _zip(parts)


def render_bomb(rng, data):
    """Fill one slide with thousands of text boxes, a huge cell's worth of text, or deep groups."""
    parts = _parts(data)
    i = rng.choice(_slide_indexes(parts))
    info, blob = parts[i]
    how = rng.choice(("boxes", "text", "groups"))
    box = ('<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="B{n}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
           '<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="9000" cy="9000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/>'
           '<a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:txBody></p:sp>')
    if how == "boxes":
        extra = "".join(box.format(n=5000 + k, x=k * 997 % 12_000_000, y=k * 631 % 6_800_000, t=f"框{k}")
                        for k in range(rng.choice((1600, 3000, 5000))))
    elif how == "text":
        extra = box.format(n=4999, x=0, y=0, t="长" * rng.choice((25_000, 100_000)))
    else:
        depth = rng.choice((300, 1000, 5000))
        extra = ('<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="G"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                 '<p:grpSpPr/>' * depth) + "</p:grpSp>" * depth
    parts[i] = (info, blob.replace(b"</p:spTree>", extra.encode() + b"</p:spTree>", 1))
    return _zip(parts)


def wrong_relationship(rng, data):
    """Make one well-formed relationship wrong: no target, a target of the wrong kind or missing,
    outside the deck, a duplicate id, another type."""
    parts = _parts(data)
    rels = [i for i, (info, _) in enumerate(parts) if info.filename.endswith(".rels")]
    i = rng.choice(rels)
    info, blob = parts[i]
    found = list(re.finditer(rb"<Relationship [^>]*/>", blob))
    if not found:
        return data
    match = rng.choice(found)
    rel = match.group(0)
    how = rng.choice(("no target", "layout", "missing", "external", "duplicate", "type", "no id"))
    if how == "no target":
        new = re.sub(rb' Target="[^"]*"', b"", rel)
    elif how == "layout":
        new = re.sub(rb'Target="[^"]*"', b'Target="/ppt/slideLayouts/slideLayout1.xml"', rel)
    elif how == "missing":
        new = re.sub(rb'Target="[^"]*"', b'Target="nowhere/none.xml"', rel)
    elif how == "external":
        new = rel.replace(b"/>", b' TargetMode="External"/>')
    elif how == "duplicate":
        new = rel + rel
    elif how == "type":
        new = re.sub(rb'Type="[^"]*"', f'Type="{_RELS_NS}/{rng.choice(("slide", "slideLayout", "image", "theme"))}"'.encode(), rel)
    else:
        new = re.sub(rb' Id="[^"]*"', b"", rel)
    parts[i] = (info, blob[: match.start()] + new + blob[match.end():])
    return _zip(parts)


def lying_size(rng, data):
    """Declare a smaller inflated size for one deflated entry than it has (local and central header)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [i for i in z.infolist() if i.compress_type == zipfile.ZIP_DEFLATED and i.file_size > 64]
    if not entries:
        return data
    name = rng.choice(entries).filename.encode()
    declared = struct.pack("<I", rng.choice((0, 1, 10, 1000)))
    out = bytearray(data)
    for at in _headers(data):
        is_local = out[at + 2: at + 4] == b"\x03\x04"
        name_at, size_at = (30, 22) if is_local else (46, 24)
        length = struct.unpack("<H", out[at + (26 if is_local else 28): at + (28 if is_local else 30)])[0]
        if bytes(out[at + name_at: at + name_at + length]) == name:
            out[at + size_at: at + size_at + 4] = declared
    return bytes(out)


HOSTILE_MUTATIONS = (outside_link, outside_link, render_bomb, wrong_relationship, wrong_relationship, lying_size)


def hostile_cases(count: int) -> list[tuple[int, str, str]]:
    rng = random.Random(HOSTILE_SEED)
    names = ["small", "course", *CORPUS_DECKS]
    weights = [5, 3, *([1] * len(CORPUS_DECKS))]
    return [(rng.getrandbits(32), rng.choices(names, weights)[0], rng.choice(HOSTILE_MUTATIONS).__name__)
            for _ in range(count)]


@pytest.mark.parametrize("seed, source, mutation", hostile_cases(HOSTILE_CASES),
                         ids=[f"h{n:03d}-{s}-{m}" for n, (_, s, m) in enumerate(hostile_cases(HOSTILE_CASES))])
def test_a_hostile_deck_converts_or_fails_in_one_line_of_words(sources, tmp_path, capsys, seed, source, mutation):
    """The contract above, and: no line quotes a library, and the copy LibreOffice would open
    holds no outside target and no slide too heavy to draw."""
    from deckdocs.package import checked_package
    from deckdocs.render_copy import render_copy

    if source not in sources:
        pytest.skip(f"{source} is not here")
    rng = random.Random(seed)
    data = globals()[mutation](rng, sources[source])
    deck, docs, before, code, err = extract_case(tmp_path, capsys, data)
    for line in err.splitlines():
        assert not LIBRARY_TEXT.search(line), line
    if code != 0:
        errors = [line for line in err.splitlines() if not line.startswith("deckdocs: warning: ")]
        assert code == 2 and len(errors) == 1 and errors[0].startswith("deckdocs: error: "), err
        assert snapshot(docs) == before
        return
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = sum(1 for name in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", name))
    copy = render_copy(checked_package(data, str(deck)), tuple(range(1, slides + 1)))
    with zipfile.ZipFile(io.BytesIO(copy.data)) as z:
        for name in z.namelist():
            if name.endswith(".rels"):
                text = z.read(name)
                assert b'TargetMode="External"' not in text and b"127.0.0.1" not in text, name
                folder = posixpath.dirname(name.replace("_rels/", "").removesuffix(".rels"))
                for target in re.findall(rb'Target="([^"]*)"', text):
                    target = target.decode()
                    assert not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\", target) and "\\" not in target, target
                    inside = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target
                    assert not inside.startswith("../"), (name, target)
            elif re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                assert len(z.read(name)) < 2_000_000, name  # a bomb slide was emptied, never handed on
