"""What a slide's layout and words say about its place in the deck, as a person reads it.

A trainer marks a deck's structure in several ways at once, and any one of them may be missing:
the layout (封面, 节标题, 封底, Title Slide, Section Header; WPS names its layouts in Chinese),
a part number (01, PART 02, 第一部分, Part 2), the 目录 slide's entries (worded a little
differently from the dividers they name), the words of a closing slide (谢谢观看, THANK YOU,
Q&A). These functions read one signal each; :mod:`deckdocs.outline` weighs them together.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

COVER, DIVIDER, CLOSING, TOC, CONTENT = "cover", "divider", "closing", "toc", "content"

# The layout's own name first: an editor or a template author chose it (WPS and Chinese
# PowerPoint templates: 封面, 节标题, 过渡页, 封底, 结束页 …). PowerPoint prefixes copies "1_".
_LAYOUT_NAMES = (
    (CLOSING, re.compile(r"封底|结束|结尾|尾页|感谢|谢谢|致谢|closing|ending|^end\b|thank", re.IGNORECASE)),
    (TOC, re.compile(r"目录|目錄|^contents?\b|^agenda\b|^toc\b", re.IGNORECASE)),
    (DIVIDER, re.compile(r"节标题|節標題|章节|章節|过渡|過渡|转场|分节|分隔|section|divider|^part\b|chapter",
                         re.IGNORECASE)),
    (COVER, re.compile(r"封面|首页|标题幻灯片|標題投影片|^title\s*(slide|page)$|^cover\b", re.IGNORECASE)),
    (CONTENT, re.compile(r"内容|內容|正文|content|text|comparison|比较|table|chart", re.IGNORECASE)),
)
# ST_SlideLayoutType: "title" and "secHead" say cover and divider; titleOnly, blank and cust say nothing.
_LAYOUT_TYPES = {"title": COVER, "secHead": DIVIDER}
_NEUTRAL_TYPES = {"", "titleOnly", "blank", "cust"}


def layout_role(layout_type: str, layout_name: str) -> str:
    """Return what the slide's layout says the slide is (cover, divider, closing, toc, content), else ""."""
    name = re.sub(r"^\d+_", "", layout_name.strip())
    for role, pattern in _LAYOUT_NAMES:
        if pattern.search(name):
            return role
    if layout_type in _LAYOUT_TYPES:
        return _LAYOUT_TYPES[layout_type]
    return "" if layout_type in _NEUTRAL_TYPES else CONTENT


_CN_NUMBER = "一二三四五六七八九十"
# A part's number standing alone: 01, PART 02, Part Two, 第一部分, 第3章, Chapter 4, 壹.
PART_NUMBER = re.compile(
    rf"^(?:part|chapter|section|lesson|unit|module)\s*(?:0?\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten)$"
    rf"|^第\s*(?:[{_CN_NUMBER}]{{1,3}}|\d{{1,2}})\s*(?:部分|章|节|篇|单元|讲|课|模块|板块)$",
    re.IGNORECASE)
# The same at the start of a title, before the part's name: "01 作品概况", "第一部分：作品概况".
_LEADING_NUMBER = re.compile(
    rf"^(?:(?:part|chapter)\s*0?\d{{1,2}}|第\s*(?:[{_CN_NUMBER}]{{1,3}}|\d{{1,2}})\s*(?:部分|章|节|篇|单元|讲|课)"
    rf"|0\d|[{_CN_NUMBER}]、)\s*[:：.、\-—|·]?\s*(?=\S)", re.IGNORECASE)


def without_part_number(title: str) -> str:
    """Return ``title`` without a leading part number ("第一部分：作品概况" → "作品概况")."""
    rest = _LEADING_NUMBER.sub("", title.strip(), count=1)
    return rest if rest.strip() else title.strip()


# Words that end a talk, at the start of a slide's first line (谢谢观看, 感谢聆听, THANK YOU FOR
# WATCHING) or as the whole line (Q&A, 问答环节, 结束): "感谢" or "结束" inside a sentence is content.
_CLOSING_WORDS = re.compile(
    r"^(?:谢谢|感谢|致谢|多谢|thank|thanks\b|(?:欢迎|敬请)(?:批评)?指正)"
    r"|^(?:q\s*&\s*a|q\s*and\s*a|问答|答疑|提问|互动|结束|再见|the\s+end|end|bye)(?:环节|时间)?\s*[!！.。]?$"
    r"|^(?:any\s+|have\s+)?questions?\s*[?？]?$", re.IGNORECASE)
CLOSING_MAX_CHARS = 60


def is_closing_text(first_line: str, whole: str = "") -> bool:
    """Return whether a slide reads as closing words: its first line (the title, else its first
    text) says goodbye (谢谢观看, THANK YOU, Q&A) and the whole slide is short."""
    whole = " ".join((whole or first_line).split())
    return 0 < len(whole) <= CLOSING_MAX_CHARS and bool(_CLOSING_WORDS.search(" ".join(first_line.split())))


# How alike a divider's title and a 目录 entry must be to name the same part: the share of
# characters they have in order (2·matches / total). 人物形象与现代启示 / 人物形象与阅读启示: 0.78.
TOC_MATCH_MIN = 0.6


def likeness(a: str, b: str) -> float:
    """Return how much of ``a`` and ``b`` is the same characters in the same order (0 to 1)."""
    a, b = _comparable(a), _comparable(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _comparable(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", without_part_number(text)).lower()


def match_entry(title: str, entries: tuple[str, ...], after: int = -1) -> int | None:
    """Return the index of the 目录 entry that ``title`` names (the likest one past ``after``), else None.

    The 目录 lists the parts in order, so an entry before one matched already is not looked at.
    """
    best, best_score = None, TOC_MATCH_MIN
    for index in range(after + 1, len(entries)):
        score = likeness(title, entries[index])
        if score >= best_score and (best is None or score > best_score):
            best, best_score = index, score
    return best
