"""The ``deckdocs`` command: parses arguments, runs the pipeline, and is the only place that prints.

Exit codes are a contract: 0 ok, 1 a check failed, 2 bad input (a deck, a file, an argument).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from deckdocs import __version__
from deckdocs.errors import DeckdocsError
from deckdocs.export.options import (add_export_qti_arguments, add_export_scorm_arguments,
                                     add_export_xapi_arguments, add_report_arguments)

# Each verb imports what it needs when it runs (the pipeline needs python-pptx and pypinyin,
# export-qti mkdocs-quiz, pdf playwright): `deckdocs --help` starts in a few milliseconds.

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
HANDOUT_ENV = "DECKDOCS_HANDOUT"  # mkdocs.yml: deckdocs: handout: !ENV [DECKDOCS_HANDOUT, false]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deckdocs", description="Turn slide decks into a MkDocs Material course site.")
    parser.add_argument("--version", action="version", version=f"deckdocs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    parser.add_argument("--verbose", action="store_true", help="also show notes that repeat on every run")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def paths(cmd, decks=True):
        if decks:
            cmd.add_argument("decks", nargs="*", type=Path, metavar="DECK",
                             help="decks to convert (default: every deck in --source)")
        cmd.add_argument("--source", type=Path, default=Path("source_slides"), help="folder of decks (default: source_slides)")
        cmd.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: docs)")
        cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
        cmd.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                         help="also show notes that repeat on every run (unused glossary terms, jieba's start-up)")

    extract = commands.add_parser("extract", help="write markdown pages into docs/ from the decks")
    paths(extract)
    extract.add_argument("--force", action="store_true",
                         help="overwrite hand-edited generated files, keeping a copy in docs/.deckdocs-backups/")
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
    serve.add_argument("--port", type=int, help="port to serve on, keeping the --addr host (e.g. --port 8001)")
    check = commands.add_parser("check", help="exit 1 when docs/ does not match the decks")
    paths(check)
    bank = commands.add_parser("quiz", help="list the question bank (id, kind, slide, question, answer) for review")
    paths(bank)
    bank.add_argument("--kind", choices=("multiple", "cloze", "true-false", "ordering", "term", "describes", "editor"),
                      help="only questions of this kind")
    export = commands.add_parser("export-qti", help="write the whole question bank as a QTI zip for an LMS")
    paths(export)
    add_export_qti_arguments(export)
    scorm = commands.add_parser("export-scorm", help="write the built site as a SCORM package for an LMS")
    add_export_scorm_arguments(scorm)
    xapi = commands.add_parser("export-xapi", help="write the built site as an xAPI package (tincan.xml) for an LRS")
    add_export_xapi_arguments(xapi)
    report = commands.add_parser("report", help="item analysis of the quizzes from xAPI statements (terminal + HTML page)")
    add_report_arguments(report)
    pdf = commands.add_parser("pdf", help="print the built site as one PDF handout (headless Chromium)")
    pdf.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    pdf.add_argument("--out", type=Path, help="PDF to write (default: SITE/course.pdf, linked from the home page)")
    pdf.add_argument("--no-answers", action="store_true", help="leave out the appendix of quizzes and answers")
    pdf.add_argument("--notes", action="store_true", help="include the speaker notes (left out by default)")
    pdf.add_argument("--slides", action="store_true", help="include the slide pictures (left out by default)")
    pdf.add_argument("--source", type=Path, default=Path("source_slides"),
                     help="folder of decks: the handout follows their outline (default: source_slides)")
    pdf.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (default: docs)")
    pdf.add_argument("--chromium", metavar="PATH", help="Chromium to print with (default: /usr/bin/chromium)")
    pdf.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    inspect = commands.add_parser("inspect", help="show each shape's role in reading order, and why")
    inspect.add_argument("deck", type=Path, metavar="DECK")
    inspect.add_argument("--slide", type=int, metavar="N", help="only slide N")
    inspect.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return parser


def run() -> None:
    """Run the ``deckdocs`` command (and ``python -m deckdocs``), then exit with its code."""
    code = main()
    # The process ends here. Its objects are frozen so that the interpreter's exit does not walk
    # them all again looking for reference cycles only to hand their memory back to the system:
    # 30 ms of a 0.33 s extract of the course (python-pptx alone defines hundreds of classes).
    gc.freeze()
    sys.exit(code)


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


def _check_project(args) -> None:
    """Refuse to run with default paths from inside a project's subfolder (``cd docs``), where
    they would name a nested docs/; and, before anything is written, check the config that
    build and serve need.

    Raises:
        DeckdocsError: run from a subfolder, or the MkDocs config is missing.
    """
    defaults = not args.decks and args.source == Path("source_slides") and args.docs == Path("docs")
    here = Path.cwd().resolve()
    if defaults and not (here / "mkdocs.yml").exists():
        root = next((folder for folder in here.parents if (folder / "mkdocs.yml").is_file()), None)
        if root is not None:
            raise DeckdocsError(f"this is a subfolder of the project at {root}", path=str(here),
                                hint=f"Run deckdocs there: cd {root}")
    config = getattr(args, "config", None)
    if config is not None and not config.is_file():
        raise DeckdocsError("no MkDocs config", path=str(config),
                            hint="Run deckdocs in the project folder (the one holding mkdocs.yml and source_slides/), "
                                 "or name the config with --config.")


def _decks(args) -> tuple[Path, ...]:
    from deckdocs.pipeline import find_decks

    if args.decks:
        for deck in args.decks:
            if not deck.is_file():
                raise DeckdocsError("no such deck", path=str(deck), hint="Check the file name.")
        return tuple(args.decks)
    return find_decks(args.source)


def _extract(args) -> int:
    from deckdocs.pipeline import convert
    from deckdocs.write import root_deck, write_docs

    _check_project(args)
    from deckdocs.snapshot import find_soffice

    conversion = convert(_decks(args), root_deck=root_deck(args.docs), docs_dir=args.docs, soffice=find_soffice(),
                         cache_dir=_cache_dir(args))
    _warn(args, conversion)
    plan = write_docs(conversion.files, args.docs, force=args.force)
    _print_picture_notes(conversion.snapshots, rendering=find_soffice() is not None)
    for change in plan.changes:
        print(f"{change.kind:>8}  {args.docs / change.path}" + (f"  ({change.detail})" if change.detail else ""))
    for backup in plan.backups:
        print(f"  backup  {args.docs / backup} (it had been edited by hand; MkDocs and git leave it out)")
    print(f"deckdocs: {_summary(conversion, args.docs)}: {_changes(plan.changes)}{_left_out(conversion)}")
    return EXIT_OK


def _cache_dir(args) -> Path:
    """Return the project's cache folder: beside docs/, like mkdocs.yml."""
    from deckdocs.cache import CACHE_DIR

    return args.docs.resolve().parent / CACHE_DIR


def _print_picture_notes(snapshots, *, rendering: bool) -> None:
    """Say which slide pictures were rendered, and which are out of date or missing and why."""
    if snapshots.rendered:
        print(f"deckdocs: rendered {_slides(snapshots.rendered)} with LibreOffice")
    late = [("out of date", snapshots.stale), ("missing", snapshots.missing)]
    for what, slides in late:
        if slides:
            how = ("LibreOffice could not render them (see the warning above)" if rendering else
                   "LibreOffice is not installed here; run `deckdocs extract` where it is "
                   "(apt-get install libreoffice-impress-nogui)")
            print(f"deckdocs: note: slide pictures {what}: {_slides(slides)}; {how}", file=sys.stderr)


def _slides(keys) -> str:
    by_deck: dict[str, list[int]] = {}
    for source, number in keys:
        by_deck.setdefault(source, []).append(number)
    return "; ".join(f"{Path(source).name} slide{'s' if len(n) > 1 else ''} {', '.join(map(str, sorted(n)))}"
                     for source, n in sorted(by_deck.items()))


def _warn(args, conversion) -> None:
    from deckdocs.pipeline import left_out

    for problem in (*left_out(args.source), *conversion.problems,
                    *(conversion.minor if getattr(args, "verbose", False) else ())):
        print(f"deckdocs: warning: {problem.message}", file=sys.stderr)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(conversion, docs: Path) -> str:
    """Return "1 deck, 27 slides (18 with content) → 9 pages in docs/"."""
    pages = sum(1 for f in conversion.files if f.path.endswith(".md"))
    content = sum(len(ch.sections) for c in conversion.courses for ch in c.chapters)
    slides = _plural(conversion.slide_count, "slide")
    if content != conversion.slide_count:
        slides += f" ({content} with content)"
    return f"{_plural(len(conversion.courses), 'deck')}, {slides} → {_plural(pages, 'page')} in {docs}/"


def _changes(changes) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing changed"


def _left_out(conversion) -> str:
    """Return "; 1 question left out: slide 10, notes line 1 (see the warning above)", or ""."""
    from deckdocs.errors import QuizFormatError

    bad = [p for p in conversion.problems if isinstance(p, QuizFormatError)]
    if not bad:
        return ""
    where = "; ".join(f"{Path(p.path).name + ' ' if len(conversion.courses) > 1 else ''}slide {p.slide}, "
                      f"notes line {p.line}" for p in bad[:3]) + (" …" if len(bad) > 3 else "")
    return f"; {_plural(len(bad), 'question')} left out: {where} (see the warning{'s' if len(bad) > 1 else ''} above)"


def _build(args) -> int:
    _extract(args)
    from deckdocs.site.build import BuildFailed, build_site

    printing = False
    if not args.no_pdf:
        from deckdocs.export.pdf import can_print  # lxml and the outline: only for the handout

        printing = can_print()
    # In this process: MkDocs, the plugin and jieba's dictionary load once, not twice.
    # The home page links the handout only when this build prints it (plugin option `handout`).
    env = {**_mkdocs_settings(args), HANDOUT_ENV: "true" if printing else "false"}
    try:
        build_site(args.config, args.site.resolve(), environ=env)
    except BuildFailed as exc:
        print(f"\n{exc}")  # as the mkdocs command printed it
        print("deckdocs: error: mkdocs build --strict failed (see the messages above)", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"deckdocs: site built in {args.site}/")
    if not args.no_pdf:
        _build_handout(args.site, _outline(_decks(args), args.docs))
    return EXIT_OK


def _outline(decks: tuple[Path, ...], docs: Path) -> tuple[str, ...]:
    """Return the course pages in outline order, for the handout."""
    from deckdocs.export.pdf import outline_pages
    from deckdocs.pipeline import outline_decks
    from deckdocs.write import root_deck

    return outline_pages(outline_decks(decks, root_deck(docs)))


def _build_handout(site: Path, outline: tuple[str, ...]) -> None:
    """Print the handout the home page links; without Chromium the site is still fine."""
    from deckdocs.export.pdf import CHROMIUM, PDF_NAME, make_handout

    try:
        make_handout(site, site / PDF_NAME, outline=outline, executable=CHROMIUM)
    except DeckdocsError as exc:
        print(f"deckdocs: note: no PDF handout ({exc.message})", file=sys.stderr)
        return
    print(f"deckdocs: handout written to {site / PDF_NAME}")


def _mkdocs_settings(args) -> dict[str, str]:
    # MkDocs 1.6.1 prints a banner about MkDocs 2 on every run; it is noise for editors.
    # The plugin quiets jieba's start-up lines unless DECKDOCS_VERBOSE is set.
    settings = {"NO_MKDOCS_2_WARNING": "1"}
    if getattr(args, "verbose", False):
        settings["DECKDOCS_VERBOSE"] = "1"
    return settings


def _serve(args) -> int:
    from deckdocs.site.serve import check_address, run_until_stopped

    args.force = False
    _check_project(args)
    addr = check_address(args.addr, args.port)
    _extract(args)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(args.config), "-a", addr]
    return run_until_stopped(cmd, {**os.environ, **_mkdocs_settings(args)})


def _check(args) -> int:
    from deckdocs.pipeline import convert
    from deckdocs.write import BACKUP_DIR, find_backups, plan_docs, root_deck, stale_report

    _check_project(args)
    # Never renders: a changed slide's picture is a note, not a failure, so a machine without
    # LibreOffice (the Pages workflow) still passes once the pages themselves are current.
    conversion = convert(_decks(args), root_deck=root_deck(args.docs), docs_dir=args.docs, soffice=None,
                         cache_dir=_cache_dir(args))
    _warn(args, conversion)
    for note in (*conversion.notes, *(() if getattr(args, "verbose", False) else conversion.minor)):
        print(f"deckdocs: note: {note.message}", file=sys.stderr)
    for backup in find_backups(args.docs):
        published = "" if backup.startswith(BACKUP_DIR + "/") else " (MkDocs publishes it where it is)"
        print(f"deckdocs: note: {args.docs / backup} is a backup copy of a hand edit (--force){published}; "
              "move what you need into the slides, then delete it")
    stale = stale_report(conversion.files, args.docs)
    _print_picture_notes(conversion.snapshots, rendering=False)
    if not stale:
        print(f"deckdocs: {args.docs}/ matches the decks{_left_out(conversion)}")
        return EXIT_OK
    for line in stale:
        print(f"stale  {args.docs / line}")
    plan = plan_docs(conversion.files, args.docs)
    todo = "run `deckdocs extract`"
    if plan.hand_edited:
        todo = (f"move the hand edits into the slides, then run `deckdocs extract --force` (it replaces "
                f"{'the edited page' if len(plan.hand_edited) == 1 else 'the edited pages'} and keeps a copy "
                f"in {args.docs}/.deckdocs-backups/)")
    print(f"deckdocs: {args.docs}/ does not match the decks ({_plural(len(stale), 'difference')}); {todo}")
    return EXIT_CHECK_FAILED


def _quiz(args) -> int:
    from deckdocs.pipeline import question_bank
    from deckdocs.quiz.model import KIND_NAMES
    from deckdocs.write import root_deck

    _check_project(args)
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

    _check_project(args)
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


def _export_xapi(args) -> int:
    from deckdocs.export.xapi import export_xapi
    from deckdocs.write import write_file

    package = export_xapi(args.site, args.mastery, args.package_format)
    write_file(args.out, package)
    print(f"deckdocs: {args.site}/ → {args.out} (xAPI, mastery {args.mastery} %, {len(package):,} bytes)")
    return EXIT_OK


def _report(args) -> int:
    from deckdocs.report.analysis import analyse, table_lines
    from deckdocs.report.page import render_report
    from deckdocs.report.statements import bank_ids, fetch_statements, read_statements
    from deckdocs.write import write_file

    if args.lrs:
        statements = fetch_statements(args.lrs, args.user, args.password)
    else:
        statements = read_statements(args.statements)
    analysis = analyse(statements, bank_ids(args.source, args.docs))
    for line in table_lines(analysis):
        print(line)
    write_file(args.out, render_report(analysis).encode("utf-8"))
    print(f"deckdocs: {len(statements):,} statements, {analysis.learners} learners → {args.out}")
    return EXIT_OK


def _pdf(args) -> int:
    from deckdocs.export.pdf import CHROMIUM, PDF_NAME, make_handout
    from deckdocs.pipeline import find_decks

    out = args.out or args.site / PDF_NAME
    try:
        outline = _outline(find_decks(args.source), args.docs)
    except DeckdocsError:
        outline = ()  # a site without its decks: the navigation's order
    make_handout(args.site, out, with_answers=not args.no_answers, with_notes=args.notes, with_slides=args.slides,
                 outline=outline, executable=args.chromium or CHROMIUM)
    print(f"deckdocs: handout written to {out}")
    return EXIT_OK


def _inspect(args) -> int:
    from deckdocs.explain import describe_deck

    for line in describe_deck(args.deck, args.slide):
        print(line)
    return EXIT_OK


_COMMANDS = {"extract": _extract, "build": _build, "serve": _serve, "check": _check, "inspect": _inspect, "pdf": _pdf,
             "export-qti": _export_qti, "export-scorm": _export_scorm, "export-xapi": _export_xapi,
             "report": _report, "quiz": _quiz}
