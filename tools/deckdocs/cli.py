"""The ``deckdocs`` command: parses arguments, runs the pipeline, and is the only place that prints.

Exit codes are a contract: 0 ok, 1 a check failed, 2 bad input (a deck, a file, an argument).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from deckdocs import __version__
from deckdocs.errors import DeckdocsError
from deckdocs.pipeline import convert, find_decks

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deckdocs", description="Turn slide decks into a MkDocs Material course site.")
    parser.add_argument("--version", action="version", version=f"deckdocs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def paths(cmd, decks=True):
        if decks:
            cmd.add_argument("decks", nargs="*", type=Path, metavar="DECK",
                             help="decks to convert (default: every deck in --source)")
        cmd.add_argument("--source", type=Path, default=Path("source_slides"), help="folder of decks (default: source_slides)")
        cmd.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: docs)")
        cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")

    extract = commands.add_parser("extract", help="write markdown pages into docs/ from the decks")
    paths(extract)
    extract.add_argument("--force", action="store_true", help="overwrite hand-edited generated files, keeping a .bak copy")
    build = commands.add_parser("build", help="extract, then mkdocs build --strict into site/, then the PDF handout site/course.pdf")
    paths(build)
    build.add_argument("--force", action="store_true", help="as for extract")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)")
    build.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--no-pdf", action="store_true", help="skip printing the PDF handout (site/course.pdf)")
    serve = commands.add_parser("serve", help="extract, then preview with live reload (re-extracts when a deck changes)")
    paths(serve)
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    check = commands.add_parser("check", help="exit 1 when docs/ does not match the decks")
    paths(check)
    bank = commands.add_parser("quiz", help="list the question bank (id, kind, slide, question, answer) for review")
    paths(bank)
    bank.add_argument("--kind", choices=("multiple", "cloze", "true-false", "ordering", "term", "describes", "editor"),
                      help="only questions of this kind")
    export = commands.add_parser("export-qti", help="write the whole question bank as a QTI zip for an LMS")
    paths(export)
    from deckdocs.export.qti import add_export_qti_arguments

    add_export_qti_arguments(export)
    scorm = commands.add_parser("export-scorm", help="write the built site as a SCORM package for an LMS")
    from deckdocs.export.scorm import add_export_scorm_arguments

    add_export_scorm_arguments(scorm)
    pdf = commands.add_parser("pdf", help="print the built site as one PDF handout (headless Chromium)")
    pdf.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    pdf.add_argument("--out", type=Path, help="PDF to write (default: SITE/course.pdf, linked from the home page)")
    pdf.add_argument("--no-answers", action="store_true", help="leave out the appendix of quizzes and answers")
    pdf.add_argument("--notes", action="store_true", help="include the speaker notes (left out by default)")
    pdf.add_argument("--chromium", metavar="PATH", help="Chromium to print with (default: /usr/bin/chromium)")
    pdf.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    inspect = commands.add_parser("inspect", help="show each shape's role in reading order, and why")
    inspect.add_argument("deck", type=Path, metavar="DECK")
    inspect.add_argument("--slide", type=int, metavar="N", help="only slide N")
    inspect.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except DeckdocsError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"deckdocs: error: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an unforeseen deck: still one line, never a traceback
        if getattr(args, "debug", False):
            raise
        print(f"deckdocs: error: unexpected {type(exc).__name__}: {exc}. "
              "Run again with --debug for details and report it with the deck.", file=sys.stderr)
        return EXIT_BAD_INPUT


def _decks(args) -> tuple[Path, ...]:
    if args.decks:
        for deck in args.decks:
            if not deck.is_file():
                raise DeckdocsError("no such deck", path=str(deck), hint="Check the file name.")
        return tuple(args.decks)
    return find_decks(args.source)


def _extract(args) -> int:
    from deckdocs.write import root_deck, write_docs

    conversion = convert(_decks(args), root_deck=root_deck(args.docs))
    for problem in conversion.problems:
        print(f"deckdocs: warning: {problem.message}", file=sys.stderr)
    plan = write_docs(conversion.files, args.docs, force=args.force)
    for change in plan.changes:
        print(f"{change.kind:>8}  {args.docs / change.path}" + (f"  ({change.detail})" if change.detail else ""))
    for backup in plan.backups:
        print(f"  backup  {args.docs / backup} (it had been edited by hand)")
    pages = sum(1 for f in conversion.files if f.path.endswith(".md"))
    slides = sum(len(ch.sections) for c in conversion.courses for ch in c.chapters)
    summary = ", ".join(f"{n} {k}" for k, n in _count(plan.changes).items()) or "nothing changed"
    print(f"deckdocs: {len(conversion.courses)} deck(s), {slides} slides → {pages} pages in {args.docs}/: {summary}")
    return EXIT_OK


def _count(changes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return counts


def _build(args) -> int:
    _extract(args)
    if not args.config.exists():
        raise DeckdocsError("no MkDocs config", path=str(args.config), hint="Run from the project folder.")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(args.config), "-d", str(args.site.resolve())]
    result = subprocess.run(cmd, env=_mkdocs_env())
    if result.returncode != 0:
        print("deckdocs: error: mkdocs build --strict failed (see the messages above)", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"deckdocs: site built in {args.site}/")
    if not args.no_pdf:
        _build_handout(args.site)
    return EXIT_OK


def _build_handout(site: Path) -> None:
    """Print the handout the home page links; without Chromium the site is still fine."""
    from deckdocs.pdf import CHROMIUM, PDF_NAME, make_handout

    try:
        make_handout(site, site / PDF_NAME, executable=CHROMIUM)
    except DeckdocsError as exc:
        print(f"deckdocs: note: no PDF handout ({exc.message})", file=sys.stderr)
        return
    print(f"deckdocs: handout written to {site / PDF_NAME}")


def _mkdocs_env() -> dict[str, str]:
    # MkDocs 1.6.1 prints a banner about MkDocs 2 on every run; it is noise for editors.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _serve(args) -> int:
    args.force = False
    _extract(args)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(args.config), "-a", args.addr]
    return subprocess.run(cmd, env=_mkdocs_env()).returncode


def _check(args) -> int:
    from deckdocs.write import root_deck, stale_report

    conversion = convert(_decks(args), root_deck=root_deck(args.docs))
    for problem in conversion.problems:  # worth fixing in the deck, but docs/ can still match
        print(f"deckdocs: warning: {problem.message}", file=sys.stderr)
    for note in conversion.notes:
        print(f"deckdocs: note: {note.message}", file=sys.stderr)
    stale = stale_report(conversion.files, args.docs)
    if not stale:
        print(f"deckdocs: {args.docs}/ matches the decks")
        return EXIT_OK
    for line in stale:
        print(f"stale  {args.docs / line}")
    print(f"deckdocs: {args.docs}/ does not match the decks ({len(stale)} difference(s)); run `deckdocs extract`")
    return EXIT_CHECK_FAILED


def _quiz(args) -> int:
    from deckdocs.pipeline import question_bank
    from deckdocs.quiz.model import KIND_NAMES
    from deckdocs.write import root_deck

    bank = question_bank(_decks(args), root_deck(args.docs))
    for problem in bank.problems:
        print(f"deckdocs: warning: {problem.message}", file=sys.stderr)
    shown = [q for q in bank.questions if args.kind in (None, q.kind)]
    for q in shown:
        print(f"{q.key}\t{KIND_NAMES[q.kind]}\t幻灯片 {q.slide}\t{q.prompt}\t答案：{q.answer}")
    print(f"deckdocs: {len(shown)} questions; drop or reword one by its id in quiz.yml beside the decks")
    return EXIT_OK


def _export_qti(args) -> int:
    from deckdocs.export.qti import export_qti
    from deckdocs.pipeline import question_bank
    from deckdocs.write import root_deck, write_file

    bank = question_bank(_decks(args), root_deck(args.docs))
    for problem in bank.problems:
        print(f"deckdocs: warning: {problem.message}", file=sys.stderr)
    out = Path(args.out)
    write_file(out, export_qti(bank, args.qti_version))
    print(f"deckdocs: {len(bank.questions)} questions → {out} (QTI {args.qti_version})")
    return EXIT_OK


def _export_scorm(args) -> int:
    from deckdocs.export.scorm import export_scorm
    from deckdocs.write import write_file

    package = export_scorm(args.site, args.scorm_version, args.mastery)
    write_file(args.out, package)
    print(f"deckdocs: {args.site}/ → {args.out} (SCORM {args.scorm_version}, mastery {args.mastery} %, {len(package):,} bytes)")
    return EXIT_OK


def _pdf(args) -> int:
    from deckdocs.pdf import CHROMIUM, PDF_NAME, make_handout

    out = args.out or args.site / PDF_NAME
    make_handout(args.site, out, with_answers=not args.no_answers, with_notes=args.notes,
                 executable=args.chromium or CHROMIUM)
    print(f"deckdocs: handout written to {out}")
    return EXIT_OK


def _inspect(args) -> int:
    from deckdocs.explain import describe_deck

    for line in describe_deck(args.deck, args.slide):
        print(line)
    return EXIT_OK


_COMMANDS = {"extract": _extract, "build": _build, "serve": _serve, "check": _check, "inspect": _inspect, "pdf": _pdf,
             "export-qti": _export_qti, "export-scorm": _export_scorm, "quiz": _quiz}
