"""Saved quiz answers that never lie: content keys for questions, and the pages that use them.

mkdocs-quiz saves a page's answers by question position and option index, so after the deck
changes a saved answer could land on another question or option. deckdocs gives every question
a key made from its own ``<quiz>`` source (stem, options in order, which are right, feedback,
explanation); the browser script (``assets/deckdocs-quiz.js``) keeps the answers under those keys and
hands mkdocs-quiz only the answers whose question is still there, unchanged. A changed question
has a new key and starts fresh. The home page shows each chapter's progress from the same keys.

Pure functions over strings; :mod:`deckdocs.site.plugin` calls them from MkDocs events.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from mkdocs_quiz.parsing import find_quizzes, mask_code_blocks

STORAGE_PREFIX = "deckdocs-quiz:"  # + page id; the SCORM export copies every deckdocs- key
KEY_CHARS = 8  # of a SHA-256 hex digest: 32 bits, against a handful of questions per page

_QUIZ_DIV = re.compile(r'<div class="quiz\b[^"]*"[^>]*?\sid="quiz-(\d+)"')
# mkdocs-quiz appends its strings, settings and script after the page; ours must run before
# them, with the questions already in the document (also when Material's instant navigation
# re-runs a page's scripts in order).
_QUIZ_SCRIPTS = re.compile(r'<script type="text/javascript">\s*window\.mkdocsQuizTranslations')
_PROGRESS_BOX = re.compile(r'(<p>)?<span class="dd-progress" data-quiz-pages="([^"]*)" hidden(?:="")?></span>(</p>)?')


def page_id(src_uri: str) -> str:
    """Return the id a page's answers are stored under: its docs path without ``.md``."""
    return src_uri[:-3] if src_uri.endswith(".md") else src_uri


def question_keys(markdown: str) -> tuple[str, ...]:
    """Return one key per ``<quiz>`` block of ``markdown``, in the order mkdocs-quiz numbers them.

    The key hashes the block's text with white space collapsed, so any change to the question
    gives a new key. Two identical blocks on one page get distinct keys (``…-2``).
    """
    masked, _ = mask_code_blocks(markdown)
    keys: list[str] = []
    for match in find_quizzes(masked):
        text = " ".join(match.group(0).split())
        key = base = hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_CHARS]
        n = 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.append(key)
    return tuple(keys)


def stamp_quiz_keys(html: str, keys: tuple[str, ...]) -> str:
    """Return ``html`` with ``data-deckdocs-key`` on every mkdocs-quiz question (``id="quiz-N"``)."""
    def stamp(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f'{match.group(0)} data-deckdocs-key="{keys[n]}"' if n < len(keys) else match.group(0)
    return _QUIZ_DIV.sub(stamp, html)


def script_tag(code: str, src_uri: str = "") -> str:
    """Return the inline ``<script>`` that runs the progress script ``code`` on the page
    ``src_uri`` (a quiz page), or on a page with progress boxes when ``src_uri`` is empty.

    Comments and indentation are for maintainers, not for every page: the leading block
    comment, whole-line ``//`` comments and leading white space are left out.
    """
    call = f"deckdocsQuiz({json.dumps(page_id(src_uri) if src_uri else '')});"
    return f"<script>{_minify(code)}{call}</script>"


@lru_cache(maxsize=4)  # the same script on every quiz page of a build
def _minify(code: str) -> str:
    code = re.sub(r"\A/\*.*?\*/\s*", "", code, flags=re.DOTALL)
    return "".join(f"{line}\n" for line in (raw.strip() for raw in code.splitlines()) if line and not line.startswith("//"))


def has_quizzes(html: str) -> bool:
    """Return whether ``html`` holds a question rendered by mkdocs-quiz."""
    return _QUIZ_DIV.search(html) is not None


def insert_before_quiz_scripts(html: str, tag: str) -> str | None:
    """Return ``html`` with ``tag`` just before mkdocs-quiz's scripts; None when they are not there."""
    match = _QUIZ_SCRIPTS.search(html)
    if match is None:
        return None
    return html[: match.start()] + tag + html[match.start():]


def has_progress(html: str) -> bool:
    """Return whether ``html`` holds progress boxes (``data-quiz-pages``) to fill in."""
    # The pattern's optional <p> gives the regex engine no literal to skip ahead to: on a
    # chapter page it costs a millisecond, on every page of every build. The plain test first.
    return "data-quiz-pages=" in html and _PROGRESS_BOX.search(html) is not None


def fill_progress(html: str, keys_by_page: dict[str, tuple[str, ...]]) -> str:
    """Return ``html`` with each progress box (``render.progress_box``) given the keys of the
    questions on its pages today, as ``data-quiz-keys``: a JSON object of page id → keys, which
    the browser compares with the answers it has saved. A box whose pages hold no question is
    removed.
    """
    def fill(match: re.Match[str]) -> str:
        pages = {page_id(p): list(keys_by_page[p]) for p in match.group(2).split() if keys_by_page.get(p)}
        tag = "p" if match.group(1) and match.group(3) else "span"
        if not pages:
            return "" if tag == "p" else (match.group(1) or "") + (match.group(3) or "")
        value = json.dumps(pages, ensure_ascii=False, separators=(",", ":")).replace("&", "&amp;").replace("'", "&#39;")
        box = f"<{tag} class=\"dd-progress\" data-quiz-keys='{value}' hidden></{tag}>"
        return box if tag == "p" else (match.group(1) or "") + box + (match.group(3) or "")
    return _PROGRESS_BOX.sub(fill, html)
