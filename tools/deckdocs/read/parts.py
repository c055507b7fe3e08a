"""Opening a package: python-pptx's parts, slides and notes parsed only when they are read.

And what a broken package raises, turned into a :class:`~deckdocs.errors.DeckReadError`.
"""

from __future__ import annotations

from contextlib import contextmanager

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import PartFactory
from pptx.oxml import parse_xml
from pptx.parts.slide import NotesSlidePart, SlidePart

from deckdocs.errors import DeckReadError
from deckdocs.messages import N_, _, shown as shown_text
from deckdocs.package import ZIP_DATA_ERRORS, damaged_error
from deckdocs.scoped import updated


def show_slide_parts(prs, shown: str) -> list:
    """Return the presentation's slide parts in show order, parsing none of the lazy ones.

    Raises:
        DeckReadError: an entry of the slide list leads to no part, outside the deck, or to a
            part that is not a slide (named in the editor's words).
    """
    _check_slide_list(prs, shown)
    slides = prs.slides  # python-pptx renames the slide parts in show order here
    return [prs.part.related_part(sld_id.rId) for sld_id in slides._sldIdLst]


_KINDS = {CT.PML_SLIDE_LAYOUT: N_("a slide layout"), CT.PML_SLIDE_MASTER: N_("a slide master"),
          CT.PML_PRESENTATION_MAIN: N_("the presentation itself"), CT.PML_NOTES_SLIDE: N_("a speaker notes page"),
          CT.PML_NOTES_MASTER: N_("the notes master"), CT.OFC_THEME: N_("a theme")}


def _check_slide_list(prs, shown: str) -> None:
    main = str(prs.part.partname).lstrip("/")
    sld_ids = prs.part._element.sldIdLst
    rels = prs.part.rels
    hint = _("Open the deck in PowerPoint and save it again, or copy it again from its source.")
    for number, sld_id in enumerate(sld_ids if sld_ids is not None else (), 1):
        rid = sld_id.rId
        if rid not in rels:
            raise DeckReadError(_("entry {n} of the slide list ({main}) names relationship '{rid}', which leads to no "
                                  "part of the package").format(n=number, main=shown_text(main), rid=shown_text(rid)),
                                path=shown, hint=hint)
        rel = rels[rid]
        if rel.is_external:
            raise DeckReadError(_("entry {n} of the slide list ({main}) leads to a file outside the deck, not to a slide "
                                  "in it").format(n=number, main=shown_text(main)), path=shown, hint=hint)
        part = rel.target_part
        if part.content_type != CT.PML_SLIDE:
            kind = _(_KINDS.get(part.content_type, N_("a part of another kind")))
            raise DeckReadError(_("entry {n} of the slide list ({main}) points at {part}, {kind}, not at a "
                                  "slide").format(n=number, main=shown_text(main),
                                                  part=shown_text(str(part.partname).lstrip("/")), kind=kind),
                                path=shown, hint=hint)


def notes_part(part):
    """Return the notes part of the slide part ``part``, or None."""
    try:
        return part.part_related_by(RT.NOTES_SLIDE)
    except Exception:  # no notes, or two (python-pptx raises on reading them: the notes are left out)
        return None


def parse_part(part) -> None:
    """Parse a lazy part's XML now, where a part that is not well-formed can be told apart."""
    if isinstance(part, LazyXmlPart):
        part._element  # parses it


def check_unread_parts(prs, shown: str) -> None:
    """Parse the lazy parts no slide in the show reached (notes of a removed slide …): python-pptx
    would have parsed them on opening, so one that is not well-formed is a damaged part too.

    Raises:
        NotWellFormed: such a part is not well-formed XML.
    """
    for part in prs.part.package.iter_parts():
        if isinstance(part, LazyXmlPart) and not part.was_parsed:
            with package_errors(shown):
                parse_part(part)
            part.release()


class NotWellFormed(Exception):
    """A part of the package is not well-formed XML (the parser's error is the cause)."""


class Unopenable(Exception):
    """python-pptx cannot open the package or a slide (its error is the cause, never shown)."""


@contextmanager
def package_errors(shown: str):
    """Turn what python-pptx and zipfile raise on a broken package into a :class:`DeckReadError`
    (a part that is not well-formed into :class:`NotWellFormed`, anything else python-pptx
    raises into :class:`Unopenable`: the caller tries the package again with its damaged parts
    emptied, and refuses it in words when there are none)."""
    try:
        yield
    except (DeckReadError, NotWellFormed, Unopenable):
        raise
    except etree.XMLSyntaxError as exc:
        raise NotWellFormed() from exc
    except ZIP_DATA_ERRORS:  # a part's data is damaged (python-pptx unpacks every part on opening)
        raise damaged_error(shown) from None
    except Exception as exc:  # python-pptx raises many types for broken packages
        raise Unopenable() from exc


def unreadable_error(shown: str) -> DeckReadError:
    """Return the refusal of a package python-pptx cannot open, for no reason deckdocs can name."""
    return DeckReadError(_("not a readable PowerPoint file: its parts do not fit together as a presentation"),
                         path=shown, hint=_("Open it in PowerPoint and save it again as .pptx."))


class LazyXmlPart:
    """A python-pptx XML part that parses its XML when it is first used, and can let it go.

    python-pptx parses every part of a package when it opens it, so a 5,000-slide deck has
    10,000 slide and notes trees in memory at once (a gigabyte). Slides and their notes are
    opened as these parts instead: each keeps its bytes, is parsed when it is read, and is
    released once its slide has been read, so one slide's trees are alive at a time.
    """

    _tree = None
    was_parsed = False
    _PROXIES = ("slide", "notes_slide")  # python-pptx's cached proxies, which hold the tree

    @classmethod
    def load(cls, partname, content_type, package, blob: bytes):
        part = cls(partname, content_type, package, None)
        part._blob = blob
        return part

    @property
    def _element(self):
        if self._tree is None:
            self._tree = parse_xml(self._blob)
            self.was_parsed = True
        return self._tree

    @_element.setter
    def _element(self, element) -> None:
        self._tree = element

    def release(self) -> None:
        """Let the parsed tree go (it is parsed again from the bytes if it is used again)."""
        for name in self._PROXIES:
            proxy = self.__dict__.pop(name, None)
            if proxy is not None:
                # A proxy and its shapes refer to each other: without this the tree would wait
                # for the garbage collector, and be freed cold, costing more than parsing it.
                proxy.__dict__.clear()
        self._tree = None


class _LazySlidePart(LazyXmlPart, SlidePart):
    pass


class _LazyNotesSlidePart(LazyXmlPart, NotesSlidePart):
    pass


_LAZY_PARTS = {CT.PML_SLIDE: _LazySlidePart, CT.PML_NOTES_SLIDE: _LazyNotesSlidePart}


@contextmanager
def lazy_slide_parts():
    """Have python-pptx open slides and notes as lazy parts while the block runs.

    ``PartFactory.part_type_for`` is python-pptx's registry of part classes, shared by every
    user of python-pptx in the process (MkDocs and its plugins run in ours): only our two entries
    change, and only while we open a package. Should another thread open a package meanwhile,
    its lazy parts still act as python-pptx's own: parsed on first use, and never let go.
    """
    with updated(PartFactory.part_type_for, _LAZY_PARTS):
        yield
