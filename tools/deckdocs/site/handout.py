"""The handout's link in a build that prints no handout.

The home page links ``course.pdf`` (class ``dd-handout``); only ``deckdocs build`` prints it, so
in any other build (``--no-pdf``, ``serve``, no Chromium) the plugin takes the link out.
"""

from __future__ import annotations

import re

_HANDOUT_LINK = re.compile(r'<li>(?:(?!</?li\b).)*?\bclass="dd-handout"(?:(?!</?li\b).)*?</li>\s*'  # its list item or card
                           r'|<a [^>]*\bclass="dd-handout"[^>]*>.*?</a>', re.DOTALL)


def drop_handout_link(html: str) -> str:
    """Return a page's HTML without its link to the handout (class ``dd-handout``): for a build
    that prints no handout (``--no-pdf``, ``serve``, no Chromium), where it would be a 404."""
    return _HANDOUT_LINK.sub("", html) if "dd-handout" in html else html
