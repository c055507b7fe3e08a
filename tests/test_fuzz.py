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


@pytest.mark.parametrize("seed, source, mutation", fuzz_cases(CASES),
                         ids=[f"{n:03d}-{s}-{m}" for n, (_, s, m) in enumerate(fuzz_cases(CASES))])
def test_a_mutated_deck_converts_or_fails_in_one_line(sources, tmp_path, capsys, seed, source, mutation):
    if source not in sources:
        pytest.skip(f"{source} is not here")
    rng = random.Random(seed)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(globals()[mutation](rng, sources[source]))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hand-written.md").write_text("# 手写页面\n", encoding="utf-8")
    before = snapshot(docs)
    try:
        code = run_limited(["extract", str(deck), "--docs", str(docs)])
    except CaseTimeout:
        pytest.fail(f"extract took more than {CASE_SECONDS} s")
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("deckdocs: warning: ")]
    assert "deckdocs: error: unexpected" not in err, err  # the catch-all for bugs
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
