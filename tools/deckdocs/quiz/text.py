"""Text comparison for quiz material: normalised text, character bigrams, overlaps, hashes."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

HEADING_NEAR = 0.5  # bigram overlap at which two headings or titles count as the same topic
BODY_NEAR = 0.35  # bigram overlap at which two bodies count as saying the same thing
NAMED = 0.5  # share of a heading's bigrams found in a text at which the text counts as naming it

# Words a deck uses interchangeably; folded together before texts are compared, so that
# 防范诈骗 and 防止欺诈 count as the same topic.
_SYNONYMS = (("诈骗", "欺诈"), ("防欺诈", "反欺诈"), ("防范", "防止"), ("预防", "防止"), ("审核", "审批"), ("借款", "贷款"))


@functools.lru_cache(maxsize=1 << 18)  # the same headings and terms are compared again and again
def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")
    for word, same in _SYNONYMS:
        text = text.replace(word, same)
    return re.sub(r"^\d+", "", text)


@functools.lru_cache(maxsize=1 << 18)
def _grams(norm: str) -> frozenset[str]:
    return frozenset(norm[i:i + 2] for i in range(len(norm) - 1)) or frozenset({norm} - {""})


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _named(heading: frozenset[str], text: frozenset[str]) -> bool:
    """Return whether most of a heading's bigrams occur in ``text`` (it talks about it)."""
    return bool(heading) and len(heading & text) / len(heading) >= NAMED


def _line(text: str) -> str:
    """Return ``text`` on one line: control characters dropped, whitespace runs collapsed."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return re.sub(r"\s+", " ", text).strip()


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1 << 18)
def _chars(text: str) -> frozenset[str]:
    return frozenset(_norm(text))


def gives_away(answer: str, stem: str) -> bool:
    """Return whether ``stem`` shows ``answer``: all of it, or half of its characters or more."""
    chars = _chars(answer)
    if not chars:
        return False
    return _norm(answer) in _norm(stem) or len(chars & _chars(stem)) * 2 >= len(chars)


def share_core(a: str, b: str, common: frozenset[str] = frozenset()) -> bool:
    """Return whether two options name the same thing (反欺诈措施 / 反欺诈技术): one contains the
    other, or half the bigrams of the shorter are shared (``common`` bigrams, the product's name,
    not counted)."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb or na in nb or nb in na:
        return True
    ga, gb = _grams(na) - common, _grams(nb) - common
    return bool(ga and gb) and _overlap(ga, gb) >= HEADING_NEAR


@functools.lru_cache(maxsize=1 << 16)  # every option and distractor of a term quotes its first clause
def first_clause(text: str, limit: int = 40) -> str:
    """Return ``text`` up to its first full stop or semicolon (then ``limit`` characters)."""
    head = re.split(r"(?<=[。；;！？!?])", text.strip(), maxsplit=1)[0].strip()
    head = head.rstrip("。；;，,")
    return head if len(head) <= limit else head[:limit].rstrip("，,、") + "……"


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
_CLAUSE_END = re.compile(r"(?<=[，,；;。！？!?])")


def quoted(text: str) -> str:
    """Return ``text`` in “”, its own “” turned into 「」 so that quotes never nest."""
    return "“" + text.replace("“", "「").replace("”", "」") + "”"


def full_width(text: str) -> str:
    """Return deck text set into a sentence of ours (not quoted): its half-width commas, colons,
    question marks and brackets full-width, as the sentence around it has them."""
    return text.translate(_HALF_TO_FULL)


def clauses(text: str, limit: int = 60) -> str:
    """Return the first sentence of ``text``, or as many of its leading clauses as fit in
    ``limit`` characters (at least one whole clause): never cut inside a clause, end punctuation dropped."""
    sentence = re.split(r"(?<=[。！？!?])", text.strip(), maxsplit=1)[0].strip()
    parts = [p for p in _CLAUSE_END.split(sentence) if p]
    kept = parts[:1]
    for part in parts[1:]:
        if len("".join(kept) + part) > limit or kept[-1][-1:] in "；;":
            break
        kept.append(part)
    return "".join(kept).rstrip("。；;，,、！？!?")
