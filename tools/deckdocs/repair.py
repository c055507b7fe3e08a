"""Damaged XML parts that cost only themselves: a slide, its notes, a layout, the core properties.

python-pptx parses every XML part when it opens a package, so one part that is not well-formed
(a stray control character, a cut-off slide, groups nested past lxml's depth limit of 256)
would reject the whole deck. :func:`stub_damaged_parts` swaps each such part for the smallest
well-formed part of its kind and says what was lost; a damaged part the deck cannot do without
(the presentation, a master, the package's relationships) still refuses the deck, naming it.
Only :mod:`deckdocs.read` calls this, and only after a part of the deck failed to parse.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from deckdocs.errors import DeckReadError
from deckdocs.messages import N_, _, shown as shown_text
from deckdocs.package import DAMAGED_ZIP_ERRORS, damaged_error

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_EMPTY_TREE = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               "<p:grpSpPr/></p:spTree></p:cSld>")
_NAMESPACES = f'xmlns:a="{_A}" xmlns:p="{_P}" xmlns:r="{_R}"'
EMPTY_SLIDE = f"<p:sld {_NAMESPACES}>{_EMPTY_TREE}</p:sld>"
# (part name pattern, what it is, the stub that replaces it)
_STUBS = (
    (re.compile(r"ppt/slides/slide\d+\.xml"), N_("slide"), EMPTY_SLIDE),
    (re.compile(r"ppt/notesSlides/notesSlide\d+\.xml"), N_("speaker notes"),
     f"<p:notes {_NAMESPACES}>{_EMPTY_TREE}</p:notes>"),
    (re.compile(r"ppt/slideLayouts/slideLayout\d+\.xml"), N_("slide layout"),
     f"<p:sldLayout {_NAMESPACES}>{_EMPTY_TREE}</p:sldLayout>"),
    (re.compile(r"docProps/core\.xml"), N_("document properties"),
     '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'),
    (re.compile(r"(ppt/(slides|notesSlides|slideLayouts)/_rels/[^/]+\.xml\.rels)"), N_("relationships"),
     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


@dataclass(frozen=True)
class DamagedPart:
    """A part that was not well-formed XML and was replaced by an empty one."""

    name: str  # the part name inside the package, e.g. ppt/slides/slide3.xml
    kind: str  # slide, speaker notes, slide layout, document properties, relationships
    reason: str  # what is wrong, in the editor's words (xml_fault)

    @property
    def owner(self) -> str:
        """Return the part the damage belongs to: a slide's relationships belong to the slide."""
        if self.kind != "relationships":
            return self.name
        folder, _, file = self.name.rpartition("/_rels/")
        return f"{folder}/{file.removesuffix('.rels')}"


def stub_damaged_parts(data: bytes, shown: str) -> tuple[bytes, tuple[DamagedPart, ...]]:
    """Return the package with every damaged slide, notes, layout or core part made empty.

    Raises:
        DeckReadError: a part the deck cannot do without is not well-formed (named), or a part
            cannot be unpacked.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    damaged: list[DamagedPart] = []
    parts: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info in archive.infolist():
        try:
            blob = archive.read(info)
        except DAMAGED_ZIP_ERRORS:
            raise damaged_error(shown, info.filename) from None
        if info.filename.endswith((".xml", ".rels")):
            reason = _syntax_error(blob, info.filename)
            if reason is not None:
                kind, stub = _stub_for(info.filename)
                if stub is None:
                    raise DeckReadError(_("part '{part}' is damaged ({why})").format(part=shown_text(info.filename), why=reason),
                                        path=shown, hint=_("Open the deck in PowerPoint and save it again, "
                                                         "or copy it again from its source."))
                damaged.append(DamagedPart(info.filename, kind, reason))
                blob = stub.encode()
        parts.append((info, blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, blob in parts:
            target.writestr(info, blob)
    return out.getvalue(), tuple(damaged)


def _syntax_error(blob: bytes, name: str = "") -> str | None:
    """Return what is wrong with a part's XML in the editor's words, or None when it is fine.

    A relationships part is also checked for what python-pptx needs of it (every relationship
    has an id, a type and a target), since it refuses the whole deck otherwise.
    """
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError as exc:
        return xml_fault(exc)
    if name.endswith(".rels"):
        if root.tag != f"{{{_PR}}}Relationships":
            return _("it is not a list of relationships")
        for rel in root:
            if isinstance(rel.tag, str) and not all(rel.get(key) for key in ("Id", "Type", "Target")):
                return _("a relationship in it lacks its id, type or target")
    return None


def xml_fault(exc: etree.XMLSyntaxError) -> str:
    """Return the fault lxml found, in an editor's words (never the parser's own message)."""
    message = str(exc.msg or "")
    if "Excessive depth" in message:
        return _("groups are nested more than 256 deep, past what the XML parser reads")
    if "Document is empty" in message or "Start tag expected" in message and exc.lineno == 1:
        return _("the part is empty or is not XML")
    if "Premature end" in message or "EndTag" in message or "end of data" in message:
        return _("not well-formed XML: it is cut off at line {line}").format(line=exc.lineno)
    line, column = exc.position if exc.position else (exc.lineno, 0)
    if "Char" in message or "char" in message or "Input is not proper UTF-8" in message:
        return _("not well-formed XML: a character XML cannot hold, at line {line}, column {column}").format(
            line=line, column=column)
    if "Entity" in message or "entity" in message:
        return _("not well-formed XML: an undefined entity, at line {line}, column {column}").format(
            line=line, column=column)
    return _("not well-formed XML at line {line}, column {column}").format(line=line, column=column)


def _stub_for(name: str) -> tuple[str, str | None]:
    for pattern, kind, stub in _STUBS:
        if pattern.fullmatch(name):
            return kind, stub
    return "", None
