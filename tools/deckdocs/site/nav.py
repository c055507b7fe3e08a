"""Site navigation: with several decks each course is a folder, and its nav section should
carry the course's title (from its home page), not the folder's ASCII name."""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data


def course_title(section: Section) -> str | None:
    """Return the title in the front matter of the section's own ``index.md``, if any."""
    for child in section.children:
        if isinstance(child, Page) and child.file.name == "index":
            try:
                meta = get_data(child.file.content_string)[1]
            except (OSError, UnicodeDecodeError):
                return None
            title = meta.get("title")
            return str(title) if title else None
    return None


def title_course_sections(nav: Navigation) -> Navigation:
    """Name every top-level section after the course its folder holds."""
    for item in nav.items:
        if isinstance(item, Section):
            title = course_title(item)
            if title:
                item.title = title
    return nav
