"""Editors' quiz questions in speaker notes: find them, check them, and cut them out.

A question is a block of its own in the notes, set off from other notes text by blank lines::

    问题：微粒贷由哪家银行提供？
    - [ ] 招商银行
    - [x] 微众银行
    解析：微粒贷由腾讯公司旗下微众银行提供。

``问题：`` (or ``问题:``) opens a block; lines up to the first option continue the question.
Options are ``- [ ]`` / ``- [x]`` (``*`` or ``•`` bullets, no bullet, and full-width brackets
are accepted too, because PowerPoint's notes pane strips or replaces bullets); one or more are
right. A ``反馈：`` line right under an option (``点评：`` or mkdocs-quiz's ``>`` too) is what the
learner reads on choosing it: why that option does or does not fit. ``解析：`` starts the
optional explanation, which runs to the next blank line. A blank line followed by another
option, ``反馈：`` or ``解析：`` line still belongs to the open block. Pure: no IO.

Line numbers are the notes pane's: every paragraph and line break from the top, blank ones
included (``read`` keeps the blank lines above the first text for this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deckdocs.errors import QuizFormatError
from deckdocs.messages import _, shown

_QUESTION = re.compile(r"^\s*问题\s*[：:]\s*(.*)$")
_OPTION = re.compile(r"^\s*(?:[-*•·]\s*)?[\[［]\s*([xX×✓✔√]?)\s*[\]］]\s*(.*)$")
_EXPLANATION = re.compile(r"^\s*解析\s*[：:]\s*(.*)$")
_FEEDBACK = re.compile(r"^\s*(?:(?:反馈|点评)\s*[：:]|[>＞])\s*(.*)$")
_MIN_OPTIONS = 2


@dataclass(frozen=True)
class NotesQuestion:
    """One well-formed question from the notes; ``line`` is its 问题 line (from 1)."""

    prompt: str
    options: tuple[tuple[str, bool], ...]  # (text, is_correct) in the editor's order
    explanation: str
    line: int
    feedback: tuple[str, ...] = ()  # per option, in the same order ("" for none)

    def feedback_of(self, index: int) -> str:
        """Return the 反馈 of option ``index`` (from 0), "" when it has none."""
        return self.feedback[index] if index < len(self.feedback) else ""


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
    feedback: dict[int, str] = field(default_factory=dict)  # option index → its 反馈
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
            tuple(block.feedback.get(i, "") for i in range(len(block.options))),
        ))
    kept = list(lines)
    for block in reversed(blocks):
        del kept[block.start:block.end]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return NotesQuiz(tuple(questions), tuple(problems), text)


def strip_questions(notes: str) -> str:
    """Return ``notes`` without its question blocks (well-formed or not)."""
    return parse_notes(notes).text


def blank_questions(notes: str) -> str:
    """Return ``notes`` with the lines of its question blocks emptied: the other lines keep
    their numbers (``deckdocs inspect`` names them as the notes pane has them)."""
    lines = notes.split("\n")
    for block in _find_blocks(lines):
        lines[block.start:block.end] = [""] * (block.end - block.start)
    return "\n".join(lines)


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
                or (block.stage != "prompt" and (_EXPLANATION.match(lines[following])
                                                 or _FEEDBACK.match(lines[following]))))
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
    feedback = _FEEDBACK.match(line)
    if feedback and not option:
        _add_feedback(block, feedback.group(1).strip(), number)
    elif option:
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


def _add_feedback(block: _Block, text: str, number: int) -> None:
    """Give the option just above its 反馈 line."""
    if block.stage == "prompt":
        block.fail("反馈 comes before the options (write it on the line under its option)", number)
    elif block.stage == "explanation":
        block.fail("反馈 comes after 解析 (write it on the line under its option)", number)
    elif not text:
        block.fail("a 反馈 line has no text", number)
    elif len(block.options) - 1 in block.feedback:
        block.fail(f"option {block.options[-1][0]!r} has a second 反馈 line (say it in one line, "
                   "right under the option)", number)
    else:
        block.feedback[len(block.options) - 1] = text


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
