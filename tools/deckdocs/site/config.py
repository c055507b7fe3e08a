"""The site's MkDocs config: deckdocs' embedded default, the deck's own name and language, then
whatever the project's ``mkdocs.yml`` changes, merged in that order.

A project needs no ``mkdocs.yml`` at all. One that an editor writes holds only what differs:
mappings merge key by key (``theme: {language: en}`` keeps the rest of the theme), the lists
``plugins`` and ``markdown_extensions`` merge by name (``- deckdocs: {search: material}`` sets
one option of one plugin), every other value replaces the default's. A ``mkdocs.yml`` may also
``INHERIT`` from ``mkdocs.default.yml`` itself (then plain ``mkdocs build`` reads it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _
from deckdocs.model import Course, Item, TextBlock

DEFAULT_CONFIG = Path(__file__).with_name("mkdocs.default.yml")
CONFIG_NAME = "mkdocs.yml"
_BY_NAME = ("plugins", "markdown_extensions")  # lists of names or {name: options}

# Characters written only in traditional or only in simplified Chinese, pairwise: which of the
# two a deck uses more decides zh-Hant over zh (the characters the two scripts share say nothing).
_SIMPLIFIED = "这个们说时会对国学来为发经过还后开关题点体实现应该种样与务产业员资银贷认证审请单"
_TRADITIONAL = "這個們說時會對國學來為發經過還後開關題點體實現應該種樣與務產業員資銀貸認證審請單"


def deck_settings(courses: tuple[Course, ...]) -> dict:
    """Return the site's name, description and language from the decks: the title and
    description (its deck's properties, else its cover's lines) of the course at the site's root
    (else of the first deck), the language their text is written in."""
    if not courses:
        return {}
    course = next((c for c in courses if not c.prefix), courses[0])
    language = text_language(course_text(c) for c in courses)
    comma = "，" if language in ("zh", "zh-Hant", "ja") else "; "  # the cover's lines, run together
    description = course.description or comma.join(line for line in course.subtitle if line) or course.title
    return {"site_name": course.title, "site_description": description, "theme": {"language": language}}


def course_text(course: Course) -> str:
    """Return the deck's own words in a course: titles, headings and body text (no UI strings)."""
    parts = [course.title, *course.subtitle]
    for chapter in course.chapters:
        parts.append(chapter.title)
        for section in chapter.sections:
            parts.append(section.slide.title)
            for block in section.slide.blocks:
                if isinstance(block, Item):
                    parts += [block.heading_text, block.body_text]
                elif isinstance(block, TextBlock):
                    parts.append(block.text)
    return "\n".join(parts)


def text_language(texts: Iterable[str]) -> str:
    """Return Material's language code for text: zh, zh-Hant, ja, ko, else en.

    A Chinese character is about a word and a Latin word about five letters, so text is CJK
    when its CJK characters are at least a quarter of its Latin letters.
    """
    text = "".join(texts)
    han = len(re.findall(r"[\u4e00-\u9fff\u3400-\u4dbf]", text))
    kana = len(re.findall(r"[\u3040-\u30ff]", text))
    hangul = len(re.findall(r"[\uac00-\ud7af]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if (han + kana + hangul) * 4 < latin or not han + kana + hangul:
        return "en"
    if hangul > han + kana:
        return "ko"
    if kana * 10 >= han:  # Japanese writes kana between its kanji; Chinese has none
        return "ja"
    traditional = sum(text.count(c) for c in _TRADITIONAL)
    simplified = sum(text.count(c) for c in _SIMPLIFIED)
    return "zh-Hant" if traditional > simplified else "zh"


def merge(base: Mapping, over: Mapping) -> dict:
    """Return ``over`` merged over ``base`` (neither is changed): mappings key by key, the
    ``plugins`` and ``markdown_extensions`` lists by name, other values replaced."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        elif key in _BY_NAME and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = _merge_by_name(merged[key], value)
        else:
            merged[key] = value
    return merged


def _merge_by_name(base: list, over: list) -> list:
    """Return the entries of ``base`` with those of ``over`` merged in by name; new names last."""
    entries = dict(_named(entry) for entry in base)
    for name, options in (_named(entry) for entry in over):
        entries[name] = merge(entries.get(name) or {}, options) if options is not None else entries.get(name)
    return [{name: options} if options else name for name, options in entries.items()]


def _named(entry) -> tuple[str, dict | None]:
    if isinstance(entry, Mapping) and len(entry) == 1:
        ((name, options),) = entry.items()
        return str(name), dict(options) if isinstance(options, Mapping) else None
    return str(entry), None


def site_settings(config_file: Path, deck: Mapping) -> dict:
    """Return the settings to build with: the default, ``deck`` (:func:`deck_settings`), then
    ``config_file`` when it exists. ``!ENV`` values are read from the environment now.

    Raises:
        DeckdocsError: a file is not YAML MkDocs can read, or not a mapping.
    """
    settings = merge(_read(DEFAULT_CONFIG), deck)
    if config_file.is_file():
        settings = merge(settings, _read(config_file))
    return settings


def _read(path: Path) -> dict:
    """Return a YAML config as MkDocs reads it (``!ENV``, ``!relative``, ``INHERIT``)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    try:
        with open(path, "rb") as fd:
            data = yaml_load(fd, get_yaml_loader())
    except Exception as exc:  # ConfigurationError, OSError, yaml.YAMLError, the errors of a python tag's call
        raise DeckdocsError(_("MkDocs cannot use this config: {why}").format(why=_sentence(str(exc))), path=str(path),
                            hint=_("Correct {name} and build again.").format(name=path.name)) from None
    if data is None:  # only comments: nothing changed
        return {}
    if not isinstance(data, dict):
        raise DeckdocsError(_("the config is not a list of settings (key: value)"), path=str(path),
                            hint=_("Correct {name} and build again.").format(name=path.name))
    return data


def _sentence(text: str) -> str:
    """Return ``text`` on one line without its closing full stop: the error message adds its own."""
    return " ".join(text.split()).rstrip(".")


def load_site_config(config_file: Path, deck: Mapping, **options):
    """Return MkDocs' validated config: :func:`site_settings` read now, then ``options``
    (``site_dir``, ``strict`` …). Relative paths are relative to ``config_file``'s folder, as MkDocs
    reads them, or to the working folder when there is no such file (MkDocs then has no config
    file to name or to watch).

    Raises:
        DeckdocsError: the settings are not YAML (see :func:`site_settings`).
        mkdocs.exceptions.Abort: MkDocs rejects the settings (it has logged why).
    """
    import io

    from mkdocs.config import load_config

    settings = site_settings(config_file, deck)
    path = str(config_file.resolve()) if config_file.is_file() else ""
    return load_config(io.BytesIO(b"{}"), config_file_path=path, **{**settings, **options})
