"""The question bank as a QTI package for learning-management systems, via mkdocs-quiz's
exporters (:mod:`mkdocs_quiz.qti`). Pure: returns the zip's bytes; the CLI writes them.

Two things are added to mkdocs-quiz's own export: identifiers come from the questions' content
hashes instead of random UUIDs, and the zip entries carry a fixed timestamp, so the same deck
gives the same bytes. Deck text is escaped for the package's text model: QTI 1.2 ``mattext``
is HTML, so it gets HTML-escaped text; QTI 2.1 bodies are XML text nodes, so it stays plain.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile
from typing import TYPE_CHECKING

from deckdocs.errors import DeckdocsError
from deckdocs.messages import _
from deckdocs.export.options import DEFAULT_QTI_VERSION, QTI_VERSIONS

if TYPE_CHECKING:
    from mkdocs_quiz.qti import QTIVersion, Quiz, QuizCollection

    from deckdocs.quiz import Question, QuestionBank

# mkdocs-quiz (and MkDocs with it, 0.1 s) is imported only when a package is made.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest zip time: no build timestamps in the output


def export_qti(bank: QuestionBank, version: str = DEFAULT_QTI_VERSION) -> bytes:
    """Return every question of ``bank`` as a QTI ``version`` (1.2 or 2.1) zip package.

    Raises:
        DeckdocsError: an unknown version, or a question mkdocs-quiz finds invalid.
    """
    from mkdocs_quiz.qti import QTIExporter, QTIVersion

    try:
        qti_version = QTIVersion.from_string(version)
    except ValueError as exc:
        raise DeckdocsError(str(exc), hint=_("Use one of {versions}.").format(versions=", ".join(QTI_VERSIONS))) from exc
    collection = to_collection(bank, qti_version)
    errors = collection.validate()
    if errors:
        what = "; ".join(f"{ident}: {', '.join(found)}" for ident, found in sorted(errors.items()))
        raise DeckdocsError(_("invalid QTI questions: {what}").format(what=what))
    exporter = QTIExporter.create(collection, qti_version)
    entries = [("imsmanifest.xml", exporter.generate_manifest()),
               ("assessment.xml", exporter.generate_assessment()),
               *exporter.generate_items().items()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def to_collection(bank: QuestionBank, version: QTIVersion) -> QuizCollection:
    """Return the bank as mkdocs-quiz's format-neutral collection, with stable identifiers."""
    from mkdocs_quiz.qti import QuizCollection

    quizzes, seen = [], set()
    for question in bank.questions:
        ident = f"q{question.key}"
        while ident in seen:  # the same question on two slides
            ident += "x"
        seen.add(ident)
        quizzes.append(_to_quiz(question, ident, version))
    digest = hashlib.sha256("\n".join(q.identifier for q in quizzes).encode()).hexdigest()[:16]
    title = f"{bank.title} 题库" if bank.title else "题库"
    return QuizCollection(title=title, quizzes=quizzes, description="deckdocs", identifier=f"bank_{digest}")


def _to_quiz(question: Question, ident: str, version: QTIVersion) -> Quiz:
    from mkdocs_quiz.qti import Answer, QTIVersion, Quiz

    answers = [Answer(text=_text(o.text, version), is_correct=o.is_correct, identifier=f"{ident}_a{i}")
               for i, o in enumerate(question.options)]
    where = f"出处：{question.source.label}"
    if version is QTIVersion.V1_2:
        parts = [question.explanation, where] if question.explanation else [where]
        content = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
    else:
        content = f"{question.explanation}\n{where}" if question.explanation else where
    # mkdocs-quiz writes the question into a title="…" attribute without escaping quotes.
    prompt = question.prompt if version is QTIVersion.V1_2 else question.prompt.replace('"', "＂")
    return Quiz(question=_text(prompt, version), answers=answers, content=content, identifier=ident)


def _text(text: str, version: QTIVersion) -> str:
    return html.escape(text) if version.value == "1.2" else text

