"""The editors' choices about generated questions (``source_slides/quiz.yml``): drop a question,
or fix its wording, by the question's id. Ids hash the content a question is made from, so a
choice survives regeneration for as long as that content is unchanged.

``load_curation`` reads the file (the input end); ``apply_curation`` is pure. PyYAML is
imported only when there is a file to read; a node's kind is its ``id`` ("scalar", "sequence"
or "mapping").
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from pathlib import Path

from deckdocs.errors import DeckdocsError, QuizFileError
from deckdocs.messages import _, shown
from deckdocs.quiz.model import Option, Question

_FIELDS = ("question", "explanation", "options")
PHRASE_CHARS = 4  # an option text this long is a phrase: replaced wherever the explanation names it


@dataclass(frozen=True)
class Fix:
    """New wording for one question; ``options`` maps an option's text to its new text."""

    key: str
    line: int
    question: str = ""
    explanation: str = ""
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Curation:
    path: str = ""
    drops: tuple[tuple[str, int], ...] = ()  # (question id, line)
    fixes: tuple[Fix, ...] = ()


def load_curation(path: Path) -> Curation:
    """Return the choices in ``path``; none when the file does not exist.

    Raises:
        QuizFileError: the file is not valid YAML or not laid out as described at its top.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Curation(str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizFileError(_("cannot read it ({reason})").format(reason=exc), path=str(path),
                            hint=_("Save it as UTF-8 text.")) from exc
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = _("not valid YAML ({reason})").format(reason=getattr(exc, "problem", exc))
        if mark:
            what = _("line {line}: {what}").format(line=mark.line + 1, what=what)
        raise QuizFileError(what, path=str(path),
                            hint=_("Check the indentation and that a space follows every colon.")) from exc
    if root is None:
        return Curation(str(path))

    def fail(node, what: str) -> QuizFileError:
        return QuizFileError(_("line {line}: {what}").format(line=node.start_mark.line + 1, what=what), path=str(path),
                             hint=_("See the comments at the top of the file."))

    if root.id != "mapping":
        raise fail(root, _("expected the keys drop: and fix:"))
    drops, fixes = [], []
    for key_node, value in root.value:
        if key_node.value == "drop":
            if value.id == "scalar" and value.value in ("", "~", "null"):
                continue
            if value.id != "sequence":
                raise fail(value, _("drop: takes a list of question ids, one per line starting with '- '"))
            for item in value.value:
                if item.id != "scalar" or not item.value.strip():
                    raise fail(item, _("each line under drop: is one question id"))
                drops.append((item.value.strip(), item.start_mark.line + 1))
        elif key_node.value == "fix":
            if value.id == "scalar" and value.value in ("", "~", "null"):
                continue
            if value.id != "mapping":
                raise fail(value, _("fix: takes question ids, each with question:, explanation: or options:"))
            fixes.extend(_fix(ident, body, fail) for ident, body in value.value)
        else:
            raise fail(key_node, _("unknown key '{key}' (use drop: or fix:)").format(key=shown(key_node.value)))
    return Curation(str(path), tuple(drops), tuple(fixes))


def _fix(ident, body, fail) -> Fix:
    if body.id != "mapping":
        raise fail(body, _("under {id}: write question:, explanation: or options:").format(id=ident.value))
    found: dict[str, object] = {}
    for name, value in body.value:
        if name.value not in _FIELDS:
            raise fail(name, _("unknown key '{key}' (use {keys})").format(key=shown(name.value), keys=", ".join(_FIELDS)))
        if name.value == "options":
            if value.id != "mapping":
                raise fail(value, _("options: maps an option's text to its new text ('原文: 新文字')"))
            found["options"] = tuple((k.value.strip(), v.value.strip()) for k, v in value.value)
        else:
            if value.id != "scalar" or not value.value.strip():
                raise fail(value, _("{key}: needs some text").format(key=name.value))
            found[name.value] = " ".join(value.value.split())
    return Fix(ident.value.strip(), ident.start_mark.line + 1, **found)


def apply_curation(questions: dict[str, Question], curation: Curation | None):
    """Return ``questions`` (by id) with the editors' drops and fixes applied, and a warning for
    every id or option text that matches nothing."""
    if curation is None:
        return questions, ()
    kept = dict(questions)
    problems = []

    def unknown(what: str, line: int) -> DeckdocsError:
        return DeckdocsError(_("line {line}: {what}").format(line=line, what=what), path=curation.path,
                             hint=_("Run `deckdocs quiz` to list the ids; the question may have changed with its slide."))

    for ident, line in curation.drops:
        if kept.pop(ident, None) is None and ident not in questions:
            problems.append(unknown(_("no question has the id '{id}' to drop").format(id=shown(ident)), line))
    for fix in curation.fixes:
        question = kept.get(fix.key)
        if question is None:
            if fix.key not in questions:
                problems.append(unknown(_("no question has the id '{id}' to fix").format(id=shown(fix.key)), fix.line))
            continue
        renamed = dict(fix.options)
        for old in renamed:
            if old not in {o.text for o in question.options}:
                problems.append(unknown(_("question '{id}' has no option '{option}'").format(id=shown(fix.key), option=shown(old)), fix.line))
        renamed = {old: new for old, new in renamed.items() if old != new and old in {o.text for o in question.options}}
        fixed, stale = _follow_options(question, fix, renamed)
        kept[fix.key] = fixed
        for old in stale:
            problems.append(DeckdocsError(
                _("line {line}: question '{id}': the explanation still says '{old}', the option now reads "
                  "'{new}'").format(line=fix.line, id=shown(fix.key), old=shown(old), new=shown(renamed[old])),
                path=curation.path,
                hint=_("Add explanation: under the id with the new wording, so that it matches the options.")))
    return kept, tuple(problems)


def _follow_options(question: Question, fix: Fix, renamed: dict[str, str]) -> tuple[Question, list[str]]:
    """Return ``question`` as ``fix`` rewords it, and the old option texts its explanation still names.

    The generated explanation and the options' feedback quote an option as “text”, or list the
    right ones plainly (多选题); a reworded option's quotes follow it, and so do plain mentions
    of a phrase (``PHRASE_CHARS`` or more), so the explanation never names an option that is gone.
    A shorter text is a word that may sit inside others (利率 in 年利率): replacing it could garble
    the sentence, so an explanation naming it only so, or the editor's own explanation still
    naming the old text, is left as written and the old text returned, for a warning.
    """
    def follow(text: str, *, plain: bool) -> str:
        # One pass, longest first: a new text that contains the old one ("X" → "X（改）") is never
        # reworded again, and a quote is replaced whole, not also as a plain mention inside it.
        olds = sorted(renamed, key=len, reverse=True)
        pieces = [f"“{re.escape(old)}”" for old in olds]
        pieces += [re.escape(old) for old in olds if plain and len(old) >= PHRASE_CHARS]
        if not pieces:
            return text

        def reworded(match: re.Match) -> str:
            found = match.group(0)
            if found.startswith("“") and found.endswith("”") and found[1:-1] in renamed:
                return f"“{renamed[found[1:-1]]}”"
            return renamed[found]

        return re.sub("|".join(pieces), reworded, text)

    def still_names(text: str, old: str) -> bool:
        return old in text.replace(renamed[old], "")

    if fix.explanation:
        explanation = fix.explanation
        stale = [old for old in renamed if still_names(explanation, old)]
    else:
        explanation = follow(question.explanation, plain=True)
        stale = [old for old in renamed if still_names(explanation, old) and f"“{old}”" not in question.explanation]
    options = tuple(replace(o, text=renamed.get(o.text, o.text), feedback=follow(o.feedback, plain=False))
                    for o in question.options)
    return replace(question, prompt=fix.question or question.prompt,
                   alternate="" if fix.question else question.alternate,
                   explanation=explanation, options=options), stale
