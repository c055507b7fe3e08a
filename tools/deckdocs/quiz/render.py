"""The question bank as markdown for mkdocs-quiz (``<quiz>`` blocks); deck text escaped. No IO."""

from __future__ import annotations

import posixpath

from deckdocs.outline import QUIZ_ANCHOR
from deckdocs.quiz.model import Question, QuestionBank, Source
from deckdocs.render import escape, front_matter

PAGE_META = "quiz:\n  enabled: true"  # front matter lines that turn mkdocs-quiz on for a page
WRONG = "回答错误。"  # the site's own verdict (mkdocs-quiz, Chinese), before a wrong option's feedback
_URL_SAFE = frozenset("-._~/#%")
# Said in place of mkdocs-quiz's intro block, whose reset button fails colour contrast in the
# dark palette; the progress panel beside the page has a reset link.
_HOW_TO = "选择答案后立即显示对错和解析，解析中的链接指向出处。答题记录保存在本机浏览器中，可在“测验进度”中重置。"


def _link(source: Source, page_path: str) -> str:
    if source.page_path == page_path:
        target = ""
    else:
        target = posixpath.relpath(source.page_path, posixpath.dirname(page_path) or ".")
    if source.anchor:
        target += "#" + source.anchor
    # Percent-encode ASCII that could end or break a markdown link; keep Chinese readable.
    return "".join(c if ord(c) > 127 or c.isalnum() or c in _URL_SAFE else f"%{ord(c):02X}" for c in target)


def render_question(question: Question, page_path: str) -> str:
    """Return one question as a mkdocs-quiz ``<quiz>`` block; deck text is escaped.

    A wrong option's feedback (what that option is really about) is a ``> …`` line under it,
    shown once the learner picks it; the explanation quotes the course sentence that answers.
    """
    lines = ["<quiz>", escape(question.prompt)]
    for option in question.options:
        lines.append(f"- [{'x' if option.is_correct else ' '}] {escape(option.text)}")
        if option.feedback:  # mkdocs-quiz shows it instead of its verdict: say the verdict first
            verdict = "" if option.is_correct else WRONG
            lines.append(f"> {verdict}{escape(option.feedback)}")
    lines.append("")
    explanation = escape(question.explanation)
    if question.quote:
        explanation += f"课程原文：“{escape(question.quote)}”"
    if explanation:
        lines.extend([f"**解析：**{explanation}", ""])
    lines.append(f"**出处：**[{escape(question.source.label)}]({_link(question.source, page_path)})")
    lines.append("</quiz>")
    return "\n".join(lines)


def render_chapter_quiz(questions: tuple[Question, ...], page_path: str) -> str:
    """Return the markdown of a chapter's 本章自测 section ("" without questions).

    The page needs :data:`PAGE_META` in its front matter for mkdocs-quiz to render it.
    """
    if not questions:
        return ""
    # Kept out of the search index: a search should land on the lesson, not on a question.
    parts = [f"## 本章自测 {{ #{QUIZ_ANCHOR} data-search-exclude }}", f"共 {len(questions)} 题。{_HOW_TO}"]
    parts.extend(render_question(q, page_path) for q in questions)
    parts.append("<!-- mkdocs-quiz results -->")
    return "\n\n".join(parts) + "\n"


def render_final_quiz(bank: QuestionBank, page_path: str = "quiz.md") -> str:
    """Return the whole 综合测验 page: front matter, one section per chapter, the results."""
    title = f"{bank.title} 综合测验" if bank.title else "综合测验"
    parts = [front_matter("综合测验", f"{title}：从每一章抽取的题目", f"{PAGE_META}\nsearch:\n  exclude: true"),
             "# 综合测验 { #综合测验 }",
             f"本测验从每一章抽取题目，共 {len(bank.final)} 题。{_HOW_TO}"]
    groups = [(f"第 {quiz.number} 章 {quiz.title}", quiz.final) for quiz in bank.chapters if quiz.final]
    if bank.extra:
        groups.append(("课程综合", bank.extra))
    for number, (heading, questions) in enumerate(groups, 1):
        parts.append(f"## {escape(heading)} {{ #part-{number} }}")
        parts.extend(render_question(q, page_path) for q in questions)
    parts.append("<!-- mkdocs-quiz results -->")
    return "\n\n".join(parts) + "\n"
