"""Editors' quiz questions in speaker notes: find them, check them, and cut them out.

A question is a block of its own in the notes, set off from other notes text by blank lines::

    问题：微粒贷由哪家银行提供？
    - [ ] 招商银行
    - [x] 微众银行
    解析：微粒贷由腾讯公司旗下微众银行提供。

``问题：`` (or ``问题:``) opens a block; lines up to the first option continue the question.
Options are ``- [ ]`` / ``- [x]`` (``*`` or ``•`` bullets, no bullet, and full-width brackets
are accepted too, because PowerPoint's notes pane strips or replaces bullets); one or more are
right. ``解析：`` starts the optional explanation, which runs to the next blank line. A blank
line followed by another option or ``解析：`` line still belongs to the open block. Pure: no IO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckdocs.errors import QuizFormatError
from deckdocs.messages import _, shown

_QUESTION = re.compile(r"^\s*问题\s*[：:]\s*(.*)$")
_OPTION = re.compile(r"^\s*(?:[-*•·]\s*)?[\[［]\s*([xX×✓✔√]?)\s*[\]］]\s*(.*)$")
_EXPLANATION = re.compile(r"^\s*解析\s*[：:]\s*(.*)$")
_MIN_OPTIONS = 2


@dataclass(frozen=True)
class NotesQuestion:
    """One well-formed question from the notes; ``line`` is its 问题 line (from 1)."""

    prompt: str
    options: tuple[tuple[str, bool], ...]  # (text, is_correct) in the editor's order
    explanation: str
    line: int


@dataclass(frozen=True)
class NotesQuiz:
    """What the notes hold: the questions, the malformed ones, and the notes without them."""

    questions: tuple[NotesQuestion, ...]
    problems: tuple[QuizFormatError, ...]
    text: str


@dataclass
class _Block:
    start: int  # index of the first line of the block
    line: int  # notes line (from 1) of the 问题 line, or of a stray option
    prompt: list[str]
    options: list[tuple[str, bool, int]]
    explanation: list[str]
    error: tuple[str, int] | None = None  # (what, notes line)
    end: int = 0  # index after the block's last line
    stage: str = "prompt"  # prompt → options → explanation

    def fail(self, what: str, line: int) -> None:
        if self.error is None:
            self.error = (what, line)


def parse_notes(notes: str, *, slide: int | None = None, path: str = "") -> NotesQuiz:
    """Return the question blocks of ``notes``, the malformed ones as errors, and the rest.

    Never raises: a malformed block becomes a :class:`QuizFormatError` naming ``path``,
    ``slide`` and the notes line, is left out of the quiz and is still cut from the notes.
    """
    lines = notes.split("\n")
    blocks = _find_blocks(lines)
    questions, problems = [], []
    for block in blocks:
        _check(block)
        if block.error is not None:
            what, line = block.error
            problems.append(QuizFormatError(what, line=line, path=path, slide=slide,
                                            hint=_("Fix the question in the speaker notes.")))
            continue
        questions.append(NotesQuestion(
            " ".join(block.prompt).strip(),
            tuple((text, is_correct) for text, is_correct, _ in block.options),
            " ".join(block.explanation).strip(),
            block.line,
        ))
    kept = list(lines)
    for block in reversed(blocks):
        del kept[block.start:block.end]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return NotesQuiz(tuple(questions), tuple(problems), text)


def strip_questions(notes: str) -> str:
    """Return ``notes`` without its question blocks (well-formed or not)."""
    return parse_notes(notes).text


def _find_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    block: _Block | None = None
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        question = _QUESTION.match(line)
        if question:
            if block is not None:  # two questions with no blank line between: still two
                blocks.append(_close(block, i))
            block = _Block(i, number, [question.group(1).strip()], [], [])
            i += 1
            continue
        if block is None:
            if _OPTION.match(line):  # an option with no question: gather the stray run
                block = _Block(i, number, [], [], [])
                block.fail(_("an option comes before any 问题： line"), number)
                block.stage = "options"
                _add_line(block, line, number)
            i += 1
            continue
        if not line.strip():
            following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            continues = following is not None and bool(
                _OPTION.match(lines[following])
                or (block.stage != "prompt" and _EXPLANATION.match(lines[following])))
            if not continues:
                blocks.append(_close(block, i))
                block = None
            i += 1
            continue
        _add_line(block, line, number)
        i += 1
    if block is not None:
        blocks.append(_close(block, len(lines)))
    return blocks


def _add_line(block: _Block, line: str, number: int) -> None:
    option = _OPTION.match(line)
    explanation = _EXPLANATION.match(line)
    if option:
        if block.stage == "explanation":
            block.fail(_("an option comes after 解析"), number)
        block.stage = "options"
        block.options.append((option.group(2).strip(), bool(option.group(1)), number))
    elif explanation:
        if block.stage == "prompt":
            block.fail(_("解析 comes before the options"), number)
        block.stage = "explanation"
        block.explanation.append(explanation.group(1).strip())
    elif block.stage == "prompt":
        block.prompt.append(line.strip())
    elif block.stage == "explanation":
        block.explanation.append(line.strip())
    else:
        block.fail(_("unexpected line in a question block: '{line}' (separate other notes from the question with a "
                     "blank line)").format(line=shown(line.strip())), number)


def _close(block: _Block, end: int) -> _Block:
    block.end = end
    return block


def _check(block: _Block) -> None:
    prompt = " ".join(block.prompt).strip()
    if block.error is not None:
        return
    if not prompt:
        block.fail(_("the 问题 line has no question text"), block.line)
    elif not block.options:
        block.fail(_("question '{prompt}' has no options (add lines like '- [ ] 选项')").format(prompt=shown(prompt)), block.line)
    elif len(block.options) < _MIN_OPTIONS:
        block.fail(_("question '{prompt}' has only one option").format(prompt=shown(prompt)), block.options[0][2])
    elif not any(is_correct for _text, is_correct, _number in block.options):
        block.fail(_("question '{prompt}' has no right answer (mark it '- [x]')").format(prompt=shown(prompt)), block.line)
    else:
        seen: set[str] = set()
        for text, _correct, number in block.options:
            if not text:
                block.fail(_("an option has no text"), number)
            elif text in seen:
                block.fail(_("option '{text}' appears twice").format(text=shown(text)), number)
            seen.add(text)
