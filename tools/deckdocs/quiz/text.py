"""Text comparison for quiz material: normalised text, character bigrams, overlaps, hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

HEADING_NEAR = 0.5  # bigram overlap at which two headings or titles count as the same topic
BODY_NEAR = 0.35  # bigram overlap at which two bodies count as saying the same thing
NAMED = 0.5  # share of a heading's bigrams found in a text at which the text counts as naming it

# Words a deck uses interchangeably; folded together before texts are compared, so that
# 防范诈骗 and 防止欺诈 count as the same topic.
_SYNONYMS = (("诈骗", "欺诈"), ("防范", "防止"), ("预防", "防止"), ("审核", "审批"), ("借款", "贷款"))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")
    for word, same in _SYNONYMS:
        text = text.replace(word, same)
    return re.sub(r"^\d+", "", text)


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
