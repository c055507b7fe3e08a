"""Bring the catalogue up to date with the code: ``python -m deckdocs.messages.update``.

Extracts every message wrapped in ``_()``, ``N_()`` or ``ngettext()`` under ``tools/deckdocs``
(Babel), adds the new ones to ``zh/LC_MESSAGES/deckdocs.po`` with an empty translation, drops
those the code no longer has, and compiles ``deckdocs.mo`` from the ``.po``. Run it again after
filling in translations. ``tests/test_messages.py`` checks that the ``.mo`` is the ``.po``
compiled, so a catalogue edited but not compiled fails the tests instead of printing old text.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from deckdocs.messages import CATALOGUE_DIR, DOMAIN

PACKAGE_DIR = CATALOGUE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LOCALES = ("zh",)
HEADER = "# deckdocs' messages. Add translations here, then: python -m deckdocs.messages.update"
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def po_path(lang: str) -> Path:
    return CATALOGUE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(po_bytes: bytes, lang: str) -> bytes:
    """Return the ``.mo`` for a ``.po`` file's bytes (what ``pybabel compile`` writes)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po_bytes), locale=lang))
    return out.getvalue()


def extracted():
    """Return a Babel catalogue of every message in the code."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(domain=DOMAIN)
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS):
        template.add(message)
    return template


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = extracted()
    for lang in LOCALES:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.project, catalog.version, catalog.fuzzy = "deckdocs", "", False
        catalog.header_comment = HEADER
        catalog.creation_date = catalog.revision_date = FIXED_DATE  # no date: merges and reruns stay quiet
        catalog.last_translator = catalog.language_team = "deckdocs"
        out = io.BytesIO()
        write_po(out, catalog, sort_output=True, no_location=True, omit_header=False, width=0)
        path.write_bytes(out.getvalue())
        path.with_suffix(".mo").write_bytes(compiled(out.getvalue(), lang))
        missing = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
        print(f"{path}: {len(catalog) - 1} messages, {len(missing)} not translated yet")


if __name__ == "__main__":
    update()
