"""What ``deckdocs check`` tells editors about the glossary: a term list that pads and overlaps.

Four warnings, each naming ``glossary.yml`` and the line of the entry it is about:

1. **A definition that restates its term**: its opening phrase ends in the term's own head noun
   and adds no more characters than the term has (小额贷款：单笔金额较小的贷款…, 电子贷款合同：
   在线签署的电子形式贷款合同…), or it contains the term itself. The reader learns a paraphrase
   of the name, not what the thing is.
2. **Near-duplicates without 参见**: two terms the glossary page shows side by side
   (:func:`~deckdocs.glossary.concepts.are_related`: 信用评分 / 信用评估, 大数据 / 大数据风控技术)
   whose definitions do not tell them apart — neither names the other, or they repeat the same
   phrase of four or more characters.
3. **An alias that does not name the same thing**: a different kind of the same head (信贷风险
   for 信用风险: 信贷 and 信用 are not two spellings of one word), or the term with more words
   added (a narrower thing). Abbreviations (个保法 for 个人信息保护法) and longer spellings
   (先付息后还本 for 先息后本) keep every character of the shorter in order, and pass.
4. **A word used on three or more slides with no entry**: a noun that is rare in everyday
   Chinese (jieba's dictionary frequency under :data:`RARE_FREQUENCY`) and is neither a term,
   part of one, nor listed under ``not_terms`` (额度).

Warnings only: they never change ``check``'s exit code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from deckdocs.errors import GlossaryError
from deckdocs.messages import _
from deckdocs.glossary.concepts import CASE_STUDY_MARK, FREQUENCY, MEMO, NOUNS, are_related, concept_rejection
from deckdocs.glossary.file import GlossaryEntry, load_glossary_file
from deckdocs.model import Course, Item, TableBlock, TextBlock

MIN_SLIDES = 3  # a word on this many slides deserves an entry
RARE_FREQUENCY = 1000  # jieba's dictionary: 额度 185, 借款 637; 资金 6555, 产品 22801 are everyday words
NOUN_TAGS = ("n", "nz", "vn", "nt")
SHARED_PHRASE_CHARS = 4  # two definitions repeating a phrase this long say the same thing
HEAD_CHARS = 2  # a Chinese term's head noun: its last word, two characters as a rule
# Characters that carry no meaning of their own in a definition's opening phrase.
_FUNCTION_CHARS = set("的地得之等较为很更最种类个一是指即以及和与或在对从由把被其该此")
_OPENING_END = re.compile(r"[，。；：,;:（(]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def check_glossary(courses: tuple[Course, ...], glossary_file: Path | None) -> tuple[GlossaryError, ...]:
    """Return the glossary warnings for ``courses`` and the editors' ``glossary_file`` (which
    may be missing: then only words without an entry are looked for).

    Raises:
        GlossaryError: the glossary file cannot be read (as ``extract`` reports it).
    """
    from deckdocs.glossary.build import build_glossary

    entries = load_glossary_file(glossary_file) if glossary_file is not None else ()
    glossary = build_glossary(courses, entries)
    path = str(glossary_file or "glossary.yml")
    defined = {e.term: e for e in entries if not e.is_excluded}
    warnings = [*restating_definitions(defined.values())]
    warnings += unrelated_near_duplicates(tuple(t.name for t in glossary.terms), defined)
    warnings += stray_aliases(defined.values())
    words = {w for t in glossary.terms for w in t.words} | {e.term for e in entries if e.is_excluded}
    warnings += missing_terms(courses, words, path)
    return tuple(warnings)


# ---------------------------------------------------------------- 1. restating


def restates_term(term: str, definition: str) -> str | None:
    """Return the opening phrase of ``definition`` when it restates ``term``, else None.

    A full name that holds the term (深圳前海微众银行股份有限公司, 《中华人民共和国反洗钱法》)
    is not the definition yet: the phrase after it is judged; so is the phrase after
    "<term>是 / 指 / 即".
    """
    phrases = [p.strip() for p in _OPENING_END.split(definition) if p.strip()]
    if not phrases:
        return None
    opening = re.sub(rf"^{re.escape(term)}(?:是指|是|指|即)", "", phrases[0])
    if term in opening:
        if len(phrases) < 2 or term in phrases[1]:
            return opening if opening == term or len(phrases) > 1 else None
        opening = phrases[1]
    if len(term) <= HEAD_CHARS or not _CJK.search(term):
        return None
    head = term[-HEAD_CHARS:]
    added = [c for c in opening if c not in term and c not in _FUNCTION_CHARS and _CJK.match(c)]
    modifier = term[:-HEAD_CHARS]
    paraphrased = sum(c in opening.removesuffix(head) for c in modifier) >= min(2, len(modifier))
    return opening if opening.endswith(head) and paraphrased and len(added) <= len(term) else None


def restating_definitions(entries) -> list[GlossaryError]:
    return [_warning(e, _("the definition of {term} restates the term (“{opening}”)").format(term=e.term, opening=opening),
                     _("Say what it is in other words than its own: what it does, what it consists of, "
                       "how it differs from its neighbours."))
            for e in entries if (opening := restates_term(e.term, e.definition))]


# ---------------------------------------------------------------- 2. near-duplicates


def shared_phrase(a: str, b: str, names: tuple[str, ...] = ()) -> str:
    """Return the longest run of Chinese characters both texts hold (terms' names left out)."""
    for name in sorted(names, key=len, reverse=True):
        a, b = a.replace(name, "|"), b.replace(name, "|")
    best = ""
    for start in range(len(a)):
        for end in range(start + len(best) + 1, len(a) + 1):
            piece = a[start:end]
            if not _CJK.fullmatch(piece[0]) or not all(_CJK.match(c) for c in piece):
                break
            if piece not in b:
                break
            best = piece
    return best


def unrelated_near_duplicates(names: tuple[str, ...], defined: dict[str, GlossaryEntry]) -> list[GlossaryError]:
    """Return a warning for each pair of near-duplicate terms whose glossary.yml definitions do
    not tell them apart. A pair where neither is defined in glossary.yml is ``check``'s
    undefined-term note already."""
    warnings = []
    for a, b in combinations(names, 2):
        if not are_related(a, b) or not (a in defined or b in defined):
            continue
        first, other = (defined[a], b) if a in defined else (defined[b], a)
        texts = {n: defined[n].definition for n in (a, b) if n in defined}
        names_other = any(_names(texts[n], defined.get(m), m) for n, m in ((a, b), (b, a)) if n in texts)
        phrase = shared_phrase(defined[a].definition, defined[b].definition, (a, b)) if len(texts) == 2 else ""
        if names_other and len(phrase) < SHARED_PHRASE_CHARS:
            continue
        also = _(" (line {line})").format(line=defined[other].line) if other in defined and defined[other].line else ""
        why = (_("their definitions repeat “{phrase}”").format(phrase=phrase) if len(phrase) >= SHARED_PHRASE_CHARS
               else _("neither definition names the other"))
        warnings.append(_warning(first, _("{term} and {other}{also} are near-duplicates shown side by side, and "
                                          "{why}").format(term=first.term, other=other, also=also, why=why),
                                 _("Say in one definition how the two differ and name the other (参见{other}), "
                                   "or keep one term and list the other under its aliases.").format(other=other)))
    return warnings


def _names(text: str, other_entry: GlossaryEntry | None, other: str) -> bool:
    words = (other, *(other_entry.aliases if other_entry else ()))
    return any(w in text for w in words)


# ---------------------------------------------------------------- 3. aliases


def alias_problem(term: str, alias: str) -> str | None:
    """Return why ``alias`` does not name the same thing as ``term``, or None."""
    if term in alias and len(alias) > len(term):
        return _("it is {term} with more words, a narrower thing").format(term=term)
    shorter, longer = sorted((term, alias), key=len)
    if _is_subsequence(shorter, longer):
        return None  # an abbreviation or a longer spelling: 个保法, 先付息后还本
    head = term[-HEAD_CHARS:]
    if len(term) > HEAD_CHARS and alias.endswith(head) and len(alias) > HEAD_CHARS:
        return _("{alias} and {term} make two different kinds of {head}").format(
            alias=alias[:-HEAD_CHARS], term=term[:-HEAD_CHARS], head=head)
    return None


def stray_aliases(entries) -> list[GlossaryError]:
    return [_warning(e, _("alias {alias} of {term} does not name the same thing: {why}").format(
                         alias=alias, term=e.term, why=why),
                     _("Delete the alias, or give {alias} an entry of its own.").format(alias=alias))
            for e in entries for alias in e.aliases if (why := alias_problem(e.term, alias))]


def _is_subsequence(short: str, long_: str) -> bool:
    chars = iter(long_)
    return all(c in chars for c in short)


# ---------------------------------------------------------------- 4. words without an entry


def missing_terms(courses: tuple[Course, ...], words: set[str], path: str) -> list[GlossaryError]:
    """Return a warning for each rare noun used on :data:`MIN_SLIDES` or more chapter slides
    that no term, alias or ``not_terms`` entry covers."""
    # A noun jieba finds anywhere is then counted on every slide whose text holds it, inside a
    # longer word too (额度 in 贷款额度).
    slides: dict[tuple[str, str], set[int]] = defaultdict(set)  # (deck, word) → slide numbers
    for course in courses:
        texts = {s.slide.number: "\n".join(_texts(s)) for ch in course.chapters for s in ch.sections}
        # One question a slide (jieba cuts at the line breaks anyway), remembered in the project's cache.
        nouns = {word for text in texts.values() for word in MEMO.answer(NOUNS, text, _nouns)}
        for word in nouns:
            slides[(course.source, word)] = {n for n, text in texts.items() if word in text}
    warnings = []
    for (deck, word), numbers in sorted(slides.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        if (len(numbers) < MIN_SLIDES or any(word in w or w in word for w in words) or CASE_STUDY_MARK in word
                or concept_rejection(word) is not None or not 0 < _frequency(word) < RARE_FREQUENCY):
            continue
        listed = _(", ").join(map(str, sorted(numbers)))
        warnings.append(GlossaryError(_("{word} is used on {count} slides of {deck} ({slides}) and has no entry").format(
                                          word=word, count=len(numbers), deck=Path(deck).name, slides=listed), path=path,
                                      hint=_("Add '{word}: 释义' under terms, or list it under not_terms.").format(
                                          word=word)))
    return warnings


def _frequency(word: str) -> int:
    from deckdocs.lang import segment

    return int(MEMO.answer(FREQUENCY, word, lambda w: (str(segment.frequency(w)),))[0])


def _nouns(text: str) -> list[str]:
    from deckdocs.lang import segment

    return [word for word, tag in segment.tagged(text) if len(word) >= 2 and tag in NOUN_TAGS]


def _texts(section):
    yield section.heading
    for block in section.slide.blocks:
        match block:
            case Item():
                yield block.heading_text
                yield block.body_text
            case TextBlock():
                yield block.text
            case TableBlock():
                yield from (cell for row in block.rows for cell in row)


def _warning(entry: GlossaryEntry, what: str, hint: str) -> GlossaryError:
    if entry.line:
        what = _("line {line}: {what}").format(line=entry.line, what=what)
    return GlossaryError(what, path=entry.path, hint=hint)
