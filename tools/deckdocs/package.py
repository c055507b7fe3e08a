"""Check a deck's zip package before python-pptx opens it: what it is, and whether it is safe.

The checks read the zip directory and inflate each part once in a bounded stream; the only XML
parsed is the list of part types and the package's own relationships (small, and what python-pptx
would otherwise refuse with a library error). Every refusal is a :class:`~deckdocs.errors.DeckReadError` that says
what the file is and what the editor can do about it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from deckdocs.errors import DeckReadError
from deckdocs.messages import N_, _, ngettext
from deckdocs.messages import shown as shown_text

# Hostile-file limits: a real deck is far below all of them (the 4 MB course deck inflates to
# about 5 MB in 300 parts; a deck with long videos to a few hundred MB).
MAX_INFLATED_BYTES = 1_000_000_000
# Parts grow with slides: each has its own part, notes and two relationship parts, and may have
# charts (5 parts each), SmartArt (6) and pictures. A 5,000-slide deck with notes has 20,000.
MAX_PARTS = 5_000  # masters, layouts, themes, media … whatever the deck's size
PARTS_PER_SLIDE = 40
MAX_SLIDES = 20_000  # slide parts beyond this earn no more parts: the limit stays finite
MAX_XML_PART_BYTES = 100_000_000  # one slide's XML; lxml would refuse much more anyway
# Slides' XML: each slide, layout, master and notes page is parsed whole (a 95 MB slide part
# took 1.6 GB and never finished); real slides are kilobytes.
MAX_SLIDE_PART_BYTES = 10_000_000  # about 16,000 text boxes
MAX_SLIDES_XML_BYTES = 50_000_000  # all slides, layouts, masters and notes of one deck together …
SLIDES_XML_BYTES_PER_SLIDE = 20_000  # … plus this much a slide (the course's slides and notes: 15 KB)
MAX_RATIO = 200  # a large part inflating more than this is a zip bomb, not a deck
_RATIO_FLOOR_BYTES = 10_000_000  # small parts may compress well (runs of blank XML)

# What PowerPoint writes. zipfile also inflates bzip2 and lzma, but with no bound on what one
# read of a few kilobytes may produce, so a part in either is refused like an unknown method.
_COMPRESSIONS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
# zipfile stops a part at its declared size, but inflates it whole first when it is read at once
# (python-pptx does): a part declaring 1 KB that inflates to 2 GB took 2 GB before the checksum
# failed. Each deflated part is inflated once in a stream, 64 KB at a time, and refused as soon
# as it passes its declared size (no margin: a part PowerPoint wrote inflates to exactly that).
_INFLATE_CHUNK_BYTES = 65_536
# Deflate never inflates more than 1,032 times: a part stored in at most 32 KB cannot cost more than
# 33 MB however it lies, so only larger ones are inflated here (the course: 2 ms, not 11).
_DEFLATE_MAX_RATIO = 1032
_UNCHECKED_BYTES = 32_000_000
# What a damaged part raises while it is inflated: bad deflate data, a checksum, a cut-off entry.
# zipfile raises NotImplementedError for a method or flag it does not know, RuntimeError for an
# encrypted entry whose flag only the local header carries.
DAMAGED_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError)
# Of those, the ones only zip data raises (python-pptx raises ValueError and others of its own).
ZIP_DATA_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)
_DAMAGED_HINT = N_("Copy the deck again from its source, or re-save it from PowerPoint.")

_SLIDE_PART = re.compile(r"ppt/slides/slide[0-9]+\.xml")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STRICT = b"purl.oclc.org/ooxml"
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
)
_PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def checked_package(data: bytes, shown: str) -> bytes:
    """Return the package bytes, normalised so that python-pptx opens shows and templates.

    Raises:
        DeckReadError: the bytes are not a package deckdocs can or may read.
    """
    if data.startswith(_CFB_MAGIC):
        # An OLE compound file: an encrypted OOXML package, or a PowerPoint 97-2003 file
        # (which may itself carry a zip inside; it is still not a .pptx).
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise DeckReadError(_("the deck is password-protected"), path=shown,
                                hint=_("Remove the password in PowerPoint (File > Info > Protect Presentation) "
                                     "and save again."))
        raise DeckReadError(_("this is an old binary PowerPoint 97-2003 file (.ppt), not .pptx"), path=shown,
                            hint=_("Open it in PowerPoint, WPS or LibreOffice and save it as .pptx."))
    if not data:
        raise DeckReadError(_("the file is empty (0 bytes)"), path=shown,
                            hint=_("Copy the deck again from its source."))
    if not data.startswith(b"PK"):
        raise DeckReadError(_("not a .pptx file (it is not a zip package)"), path=shown,
                            hint=_("Save the deck from PowerPoint, WPS or LibreOffice as .pptx."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except DAMAGED_ZIP_ERRORS:
        raise DeckReadError(_("the file is damaged (truncated, or not a complete zip package)"), path=shown,
                            hint=_(_DAMAGED_HINT)) from None
    _check_limits(infos, shown)
    _check_entries(infos, shown)
    _check_inflated_sizes(data, infos, shown)
    names = {info.filename for info in infos}
    _check_referenced_slides(archive, names, len(infos), shown)
    if "[Content_Types].xml" not in names and "mimetype" in names:
        kind = archive.read("mimetype")[:100] if archive.getinfo("mimetype").file_size < 1000 else b""
        if kind.startswith(b"application/vnd.oasis.opendocument"):
            raise DeckReadError(_("this is an OpenDocument file (.odp, as LibreOffice saves it) under a PowerPoint "
                                "name, not a .pptx"), path=shown,
                                hint=_("Open it in LibreOffice Impress and use File > Save As > "
                                     "'PowerPoint 2007-365 (.pptx)'."))
    if "[Content_Types].xml" not in names:
        raise DeckReadError(_("not a PowerPoint package ([Content_Types].xml is missing)"), path=shown,
                            hint=_("Save the deck from PowerPoint, WPS or LibreOffice as .pptx."))
    try:
        types = archive.read("[Content_Types].xml")
        root_rels = archive.read("_rels/.rels") if "_rels/.rels" in names else b""
    except DAMAGED_ZIP_ERRORS:
        raise DeckReadError(_("the file is damaged (a part fails its checksum)"), path=shown,
                            hint=_(_DAMAGED_HINT)) from None
    if _STRICT in types or _STRICT in root_rels:
        raise DeckReadError(_("the deck is saved as Strict Open XML, which deckdocs cannot read"), path=shown,
                            hint=_("In PowerPoint use File > Save As > 'PowerPoint Presentation (.pptx)', not Strict."))
    _check_types(types, shown)
    if _PPTX_MAIN.encode() not in types and not any(t.encode() in types for t in _MAIN_TYPES):
        raise DeckReadError(_("this Office file is not a presentation (a Word or Excel file renamed?)"), path=shown,
                            hint=_("Put the course deck, saved as .pptx, in source_slides/."))
    _check_root_relationships(root_rels, "_rels/.rels" in names, shown)
    if _PPTX_MAIN.encode() in types:
        return data
    return _as_presentation(archive, infos, types, shown)


_RELS_ROOT = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
_MAIN_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False)
_DIRECTORY_HINT = N_("Open the deck in PowerPoint and save it again, or copy it again from its source.")


def _check_types(types: bytes, shown: str) -> None:
    """Refuse a package whose list of part types is damaged, saying so."""
    from lxml import etree

    from deckdocs.repair import xml_fault

    try:
        root = etree.fromstring(types, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise DeckReadError(_("[Content_Types].xml (the package's list of part types) is damaged ({why})").format(
            why=xml_fault(exc)), path=shown, hint=_(_DIRECTORY_HINT)) from None
    if etree.QName(root).localname != "Types":
        raise DeckReadError(_("[Content_Types].xml (the package's list of part types) is damaged (it is not a list "
                              "of part types)"), path=shown, hint=_(_DIRECTORY_HINT))


def _check_root_relationships(root_rels: bytes, present: bool, shown: str) -> None:
    """Refuse a package whose own relationships are missing or damaged, or name no main document
    or more than one, saying which."""
    from lxml import etree

    from deckdocs.repair import xml_fault

    if not present:
        raise DeckReadError(_("the package's own relationships (_rels/.rels) are missing, so it names no main "
                              "document"), path=shown, hint=_(_DIRECTORY_HINT))
    try:
        root = etree.fromstring(root_rels, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise DeckReadError(_("the package's own relationships (_rels/.rels) are damaged ({why})").format(
            why=xml_fault(exc)), path=shown, hint=_(_DIRECTORY_HINT)) from None
    if root.tag != _RELS_ROOT:
        raise DeckReadError(_("the package's own relationships (_rels/.rels) are damaged (not a list of "
                              "relationships)"), path=shown, hint=_(_DIRECTORY_HINT))
    mains = [rel for rel in root if rel.get("Type") == _MAIN_DOCUMENT]
    if len(mains) != 1:
        what = _("the package's own relationships (_rels/.rels) name no main document; a deck has exactly one") \
            if not mains else _("the package's own relationships (_rels/.rels) name {n} main documents; a deck has "
                                "exactly one").format(n=len(mains))
        raise DeckReadError(what, path=shown, hint=_(_DIRECTORY_HINT))
    if (mains[0].get("TargetMode") or "").lower() == "external":
        raise DeckReadError(_("the package's own relationships (_rels/.rels) name a main document outside the "
                              "package"), path=shown, hint=_(_DIRECTORY_HINT))


def _as_presentation(archive: zipfile.ZipFile, infos, types: bytes, shown: str) -> bytes:
    """Return the package with a show's or template's main part typed as a presentation.

    A .ppsx, .potx or .pptm has the same parts as a .pptx under another main content type,
    which python-pptx refuses by type alone. Macros are never run; they are just bytes.
    """
    for main_type in _MAIN_TYPES:
        types = types.replace(main_type.encode(), _PPTX_MAIN.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            try:
                data = types if info.filename == "[Content_Types].xml" else archive.read(info)
            except DAMAGED_ZIP_ERRORS:
                raise damaged_error(shown, info.filename) from None
            target.writestr(info, data)
    return out.getvalue()


def damaged_error(shown: str, part: str = "") -> DeckReadError:
    """Return the one-line error for a package whose parts cannot be inflated."""
    what = _("the file is damaged (part '{part}' cannot be unpacked)").format(part=shown_text(part)) if part else \
        _("the file is damaged (a part cannot be unpacked)")
    return DeckReadError(what, path=shown, hint=_(_DAMAGED_HINT))


def _check_entries(infos: list[zipfile.ZipInfo], shown: str) -> None:
    """Refuse entries :mod:`zipfile` cannot inflate: encrypted ones, unknown compression methods.

    PowerPoint never writes either; such a file was damaged on its way or made by another tool.
    """
    for info in infos:
        if info.flag_bits & 0x41:  # bit 0: encrypted; bit 6: strong encryption
            raise DeckReadError(_("part '{part}' of the package is encrypted (zip encryption), which no PowerPoint file "
                                  "uses").format(part=shown_text(info.filename)), path=shown,
                                hint=_("Copy the deck again from its source, or re-save it from PowerPoint without a password."))
        if info.compress_type not in _COMPRESSIONS:
            raise DeckReadError(_("part '{part}' uses a zip compression method deckdocs cannot unpack (method {method})").format(
                                    part=shown_text(info.filename), method=info.compress_type), path=shown,
                                hint=_("Re-save the deck from PowerPoint, WPS or LibreOffice as .pptx."))


def _check_inflated_sizes(data: bytes, infos: list[zipfile.ZipInfo], shown: str) -> None:
    """Refuse a part that inflates past its declared size, inflating each in a bounded stream.

    After this reading a part whole (as python-pptx does) costs no more than its declared size,
    which :func:`_check_limits` bounded, or 33 MB for a small part that was not inflated here.
    """
    view = memoryview(data)
    for info in infos:
        if info.compress_type != zipfile.ZIP_DEFLATED:
            continue  # stored: zipfile reads exactly the stored bytes
        if info.compress_size * _DEFLATE_MAX_RATIO <= max(info.file_size, _UNCHECKED_BYTES):
            continue  # its worst is bounded: read whole, it costs at most that (zipfile cuts it to size)
        start = _data_offset(view, info)
        if start is None:
            raise damaged_error(shown, info.filename)
        raw = view[start: start + info.compress_size]
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        total, at, limit = 0, 0, info.file_size
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    chunk = inflater.unconsumed_tail
                elif at < len(raw):
                    chunk, at = raw[at: at + _INFLATE_CHUNK_BYTES], at + _INFLATE_CHUNK_BYTES
                else:
                    break  # cut short: zipfile says so when the part is read
                total += len(inflater.decompress(chunk, _INFLATE_CHUNK_BYTES))
                if total > limit:
                    raise DeckReadError(_("part '{part}' unpacks to more than the {size} its entry declares: a zip bomb, "
                                          "not a deck").format(part=shown_text(info.filename),
                                                               size=_size_words(info.file_size)),
                                        path=shown, hint=_("Do not use this file."))
        except zlib.error:
            raise damaged_error(shown, info.filename) from None


def _data_offset(view: memoryview, info: zipfile.ZipInfo) -> int | None:
    """Return where the part's stored bytes start (after its local header), or None."""
    at = info.header_offset
    header = bytes(view[at: at + 30])
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_length, extra_length = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
    return at + 30 + name_length + extra_length


def _size_words(size: int) -> str:
    if size >= 1_000_000:
        return f"{size // 1_000_000} MB"
    return f"{size // 1000} KB" if size >= 1000 else ngettext("{n} byte", "{n} bytes", size).format(n=size)


_SLIDE_REL = re.compile(rb'Type\s*=\s*["\'][^"\']*/relationships/slide["\']')
_PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"


def _check_referenced_slides(archive: zipfile.ZipFile, names: set[str], parts: int, shown: str) -> None:
    """Refuse a package with more parts than its slides earn, counting only the slides the
    presentation lists: 20,000 slide parts no slide list names buy no parts."""
    slides = 0
    if _PRESENTATION_RELS in names and archive.getinfo(_PRESENTATION_RELS).file_size <= MAX_XML_PART_BYTES:
        try:
            slides = len(_SLIDE_REL.findall(archive.read(_PRESENTATION_RELS)))
        except DAMAGED_ZIP_ERRORS:
            raise damaged_error(shown, _PRESENTATION_RELS) from None
    if parts > part_limit(slides):
        raise DeckReadError(_("the package has {parts} parts, more than any deck of {slides} slide(s) has").format(
                                parts=parts, slides=slides),
                            path=shown,
                            hint=_("This file is not a normal deck; do not use it, or re-save it from PowerPoint."))


def part_limit(slides: int) -> int:
    """Return how many parts a package with ``slides`` slide parts may have."""
    return MAX_PARTS + PARTS_PER_SLIDE * min(slides, MAX_SLIDES)


def _check_limits(infos: list[zipfile.ZipInfo], shown: str) -> None:
    """Refuse zip bombs and packages no editor ever saved.

    The sizes are the declared ones; :func:`_check_inflated_sizes` then holds every part to
    its declared size, so they bound what reading can cost. The slide parts present bound the
    part count here, before anything is inflated; the slides listed bound it after.
    """
    slides = sum(1 for info in infos if _SLIDE_PART.fullmatch(info.filename))
    if len(infos) > part_limit(slides):
        raise DeckReadError(_("the package has {parts} parts, more than any deck of {slides} slide(s) has").format(
                                parts=len(infos), slides=slides),
                            path=shown,
                            hint=_("This file is not a normal deck; do not use it, or re-save it from PowerPoint."))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if _is_slide_part(info.filename) and MAX_SLIDE_PART_BYTES < info.file_size <= MAX_XML_PART_BYTES:
            raise DeckReadError(_("slide part '{part}' is {size} MB of XML, beyond the {limit} MB limit for one slide (tens "
                                  "of thousands of shapes)").format(part=shown_text(info.filename),
                                                                    size=info.file_size // 1_000_000,
                                                                    limit=MAX_SLIDE_PART_BYTES // 1_000_000),
                                path=shown, hint=_("Split the slide, or replace its shapes by a picture, and save again."))
        too_big_xml = info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART_BYTES
        if too_big_xml or (info.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
            raise DeckReadError(_("part '{part}' inflates to {size} MB ({ratio}× its stored size): a zip bomb, not a deck").format(
                                    part=shown_text(info.filename), size=info.file_size // 1_000_000,
                                    ratio=f"{ratio:.0f}"), path=shown,
                                hint=_("Do not use this file."))
    slides_xml = sum(info.file_size for info in infos if _is_slide_part(info.filename))
    xml_limit = MAX_SLIDES_XML_BYTES + SLIDES_XML_BYTES_PER_SLIDE * min(slides, MAX_SLIDES)
    if slides_xml > xml_limit:
        raise DeckReadError(_("the slides hold {size} MB of XML, beyond the {limit} MB limit for a deck of {slides} "
                              "slide(s)").format(size=slides_xml // 1_000_000, limit=xml_limit // 1_000_000,
                                                 slides=slides), path=shown,
                            hint=_("Split the deck into several decks, or replace masses of shapes by pictures."))
    if total > MAX_INFLATED_BYTES:
        raise DeckReadError(_("the package inflates to {size} MB, beyond the {limit} MB limit").format(
                                size=total // 1_000_000, limit=MAX_INFLATED_BYTES // 1_000_000), path=shown,
                            hint=_("Compress the pictures and videos in PowerPoint (File > Compress Media), then save again."))
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/") or ":" in name:
            raise DeckReadError(_("the package has an unsafe part name '{part}'").format(part=shown_text(name)), path=shown,
                                hint=_("Do not use this file."))


def _is_slide_part(name: str) -> bool:
    """Return whether ``name`` is a slide, layout, master or notes part (parsed whole by python-pptx)."""
    return name.startswith(("ppt/slides/", "ppt/slideLayouts/", "ppt/slideMasters/", "ppt/notesSlides/")) \
        and name.endswith(".xml")


def read_deck_bytes(path: Path) -> bytes:
    """Return the bytes of the deck file at ``path``.

    Raises:
        DeckReadError: the file cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeckReadError(_("cannot read the file ({why})").format(why=exc.strerror), path=str(path),
                            hint=_("Check the path and that the file is not open elsewhere.")) from None
