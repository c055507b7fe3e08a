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
from deckdocs.messages import LANGUAGES, N_, _, ngettext, set_language

# Each verb imports what it needs when it runs (the pipeline needs python-pptx and pypinyin,
# export-qti mkdocs-quiz, pdf playwright): `deckdocs --help` starts in a few milliseconds.

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
HANDOUT_ENV = "DECKDOCS_HANDOUT"  # site/mkdocs.default.yml: deckdocs: handout: !ENV [DECKDOCS_HANDOUT, false]
CONFIG_NAME = "mkdocs.yml"  # optional: what a project changes in deckdocs' embedded MkDocs config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="deckdocs", description=_("Turn slide decks into a MkDocs Material course site."))
    parser.add_argument("--version", action="version", version=f"deckdocs {__version__}")
    parser.add_argument("--debug", action="store_true", help=_("show the full traceback on errors"))
    parser.add_argument("--verbose", action="store_true", help=_("also show notes that repeat on every run"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the messages (default: the site's, or the locale's)"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser("new", help=_("start a course project in FOLDER (mkdocs.yml, source_slides/ with the "
                                            "editors' guide, glossary.yml and quiz.yml, .gitignore, the Pages workflow)"))
    new.add_argument("folder", type=Path, metavar="FOLDER",
                     help=_("a new or empty folder, or one holding only part of a project (its missing files are added)"))
    new.add_argument("decks", nargs="*", type=Path, metavar="DECK", help=_("decks to copy into FOLDER/source_slides/"))
    new.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))

    def paths(cmd, decks=True):
        if decks:
            cmd.add_argument("decks", nargs="*", type=Path, metavar="DECK",
                             help=_("decks to convert (default: every deck in --source)"))
        cmd.add_argument("--source", type=Path, default=Path("source_slides"),
                         help=_("folder of decks (default: source_slides)"))
        cmd.add_argument("--docs", type=Path, default=Path("docs"), help=_("docs folder (default: docs)"))
        cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))
        cmd.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                         help=_("also show notes that repeat on every run (unused glossary terms, jieba's start-up)"))
        cmd.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the messages"))

    extract = commands.add_parser("extract", help=_("write markdown pages into docs/ from the decks"))
    paths(extract)
    extract.add_argument("--force", action="store_true",
                         help=_("overwrite hand-edited generated files, keeping a copy in docs/.deckdocs-backups/"))
    build = commands.add_parser("build", help=_("extract, then mkdocs build --strict into site/, "
                                                "then the PDF handout site/course.pdf"))
    paths(build)
    build.add_argument("--force", action="store_true", help=_("as for extract"))
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                       help=_("what the project changes in deckdocs' MkDocs config (default: mkdocs.yml, if there is one)"))
    build.add_argument("--site", type=Path, default=Path("site"), help=_("output folder (default: site)"))
    build.add_argument("--no-pdf", action="store_true", help=_("skip printing the PDF handout (site/course.pdf)"))
    serve = commands.add_parser("serve", help=_("extract, then preview with live reload (re-extracts when a deck changes)"))
    paths(serve)
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help=_("MkDocs config (default: mkdocs.yml)"))
    serve.add_argument("--addr", default="127.0.0.1:8000", help=_("address to serve on (default: 127.0.0.1:8000)"))
    serve.add_argument("--port", type=int, help=_("port to serve on, keeping the --addr host (e.g. --port 8001)"))
    check = commands.add_parser("check", help=_("exit 1 when docs/ does not match the decks"))
    paths(check)
    bank = commands.add_parser("quiz", help=_("list the question bank (id, kind, slide, score, question, answer) for review"))
    paths(bank)
    bank.add_argument("--kind", choices=("scenario", "multiple", "cloze", "true-false", "ordering", "term", "editor"),
                      help=_("only questions of this kind"))
    export = commands.add_parser("export-qti", help=_("write the whole question bank as a QTI zip for an LMS"))
    paths(export)
    add_export_qti_arguments(export)
    scorm = commands.add_parser("export-scorm", help=_("write the built site as a SCORM package for an LMS"))
    add_export_scorm_arguments(scorm)
    xapi = commands.add_parser("export-xapi", help=_("write the built site as an xAPI package (tincan.xml) for an LRS"))
    add_export_xapi_arguments(xapi)
    report = commands.add_parser("report", help=_("item analysis of the quizzes from xAPI statements (terminal + HTML page)"))
    add_report_arguments(report)
    pdf = commands.add_parser("pdf", help=_("print the built site as one PDF handout (headless Chromium)"))
    pdf.add_argument("--site", type=Path, default=Path("site"), help=_("the built site (default: site)"))
    pdf.add_argument("--out", type=Path, help=_("PDF to write (default: SITE/course.pdf, linked from the home page)"))
    pdf.add_argument("--no-answers", action="store_true", help=_("leave out the appendix of quizzes and answers"))
    pdf.add_argument("--notes", action="store_true",
                     help=_("add the trainer's speaker notes, stage directions included, read from the decks "
                            "(what learners read of the notes is always in)"))
    pdf.add_argument("--slides", action="store_true", help=_("include the slide pictures (left out by default)"))
    pdf.add_argument("--source", type=Path, default=Path("source_slides"),
                     help=_("folder of decks: the handout follows their outline (default: source_slides)"))
    pdf.add_argument("--docs", type=Path, default=Path("docs"), help=_("docs folder (default: docs)"))
    pdf.add_argument("--chromium", metavar="PATH", help=_("Chromium to print with (default: /usr/bin/chromium)"))
    pdf.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))
    pdf.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the messages"))
    inspect = commands.add_parser("inspect", help=_("show each shape's role in reading order, and why"))
    inspect.add_argument("deck", type=Path, metavar="DECK")
    inspect.add_argument("--slide", type=int, metavar="N", help=_("only slide N"))
    inspect.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))
    inspect.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the messages"))
    for cmd in (new, scorm, xapi, report):  # --lang after the verb, as every other command takes it
        cmd.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("language of the messages"))
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
    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(_asked_language(argv), _asked_config(argv))  # before the parser: its help is translated too
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except DeckdocsError as exc:
        if getattr(args, "debug", False):
            raise
        print(_("deckdocs: error: {message}").format(message=exc.message), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(_("deckdocs: stopped"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug or an unforeseen deck: still one line, never a traceback
        if getattr(args, "debug", False):
            raise
        print(_("deckdocs: error: unexpected {error}: {detail}. Run again with --debug for details and report it "
                "with the deck.").format(error=type(exc).__name__, detail=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        set_language(None)


def _asked_language(argv: list[str]) -> str | None:
    """Return the value of ``--lang`` in ``argv`` (the parser checks it), or None."""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1] if argv[n + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            return arg.partition("=")[2] if arg.partition("=")[2] in LANGUAGES else None
    return None


def _asked_config(argv: list[str]) -> Path | None:
    """Return the value of ``--config`` in ``argv``: the site whose language the messages follow."""
    for n, arg in enumerate(argv):
        if arg == "--config" and n + 1 < len(argv):
            return Path(argv[n + 1])
        if arg.startswith("--config="):
            return Path(arg.partition("=")[2])
    return None


def _check_project(args) -> None:
    """Refuse to run with default paths from inside a project's subfolder (``cd docs``), where
    they would name a nested docs/; and, before anything is written, check a config named with
    ``--config`` (without it, mkdocs.yml is optional: deckdocs' embedded config is used).

    Raises:
        DeckdocsError: run from a subfolder, or the config named does not exist.
    """
    defaults = not args.decks and args.source == Path("source_slides") and args.docs == Path("docs")
    here = Path.cwd().resolve()
    if defaults and not _is_project(here):
        root = next((folder for folder in here.parents if _is_project(folder)), None)
        if root is not None:
            raise DeckdocsError(_("this is a subfolder of the project at {root}").format(root=root), path=str(here),
                                hint=_("Run deckdocs there: cd {root}").format(root=root))
    config = getattr(args, "config", None)
    if config is not None and config != Path(CONFIG_NAME) and not config.is_file():
        raise DeckdocsError(_("no such MkDocs config"), path=str(config),
                            hint=_("Check the name, or leave out --config to use {name} "
                                   "(or deckdocs' own settings without one).").format(name=CONFIG_NAME))


def _is_project(folder: Path) -> bool:
    return (folder / CONFIG_NAME).is_file() or (folder / "source_slides").is_dir()


def _decks(args) -> tuple[Path, ...]:
    from deckdocs.pipeline import find_decks

    if args.decks:
        for deck in args.decks:
            if not deck.is_file():
                raise DeckdocsError(_("no such deck"), path=str(deck), hint=_("Check the file name."))
        return tuple(args.decks)
    return find_decks(args.source)


def _extract(args) -> int:
    _convert_and_write(args)
    return EXIT_OK


def _convert_and_write(args):
    """Extract as ``deckdocs extract`` does, printing its report; return the conversion."""
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
        kind = _(_CHANGE_KINDS.get(change.kind, change.kind))
        print(f"{kind:>8}  {args.docs / change.path}" + (_("  ({detail})").format(detail=change.detail)
                                                          if change.detail else ""))
    for backup in plan.backups:
        print(_("  backup  {path} (it had been edited by hand; MkDocs and git leave it out)").format(
            path=args.docs / backup))
    print(_("deckdocs: {summary}: {changes}{left_out}").format(
        summary=_summary(conversion, args.docs), changes=_changes(plan.changes), left_out=_left_out(conversion)))
    return conversion


def _cache_dir(args) -> Path:
    """Return the project's cache folder: beside docs/, like mkdocs.yml."""
    from deckdocs.cache import CACHE_DIR

    return args.docs.resolve().parent / CACHE_DIR


def _print_picture_notes(snapshots, *, rendering: bool, soffice: str | None = None) -> None:
    """Say which slide pictures were rendered, and which are out of date or missing and why.

    ``rendering``: this run asked LibreOffice (extract); else ``soffice`` is the LibreOffice
    extract would use (snapshot.find_soffice), so a run that never renders (check) tells
    "run extract" from "install LibreOffice" by the renderer's own lookup.
    """
    if snapshots.rendered:
        print(_("deckdocs: rendered {slides} with LibreOffice").format(slides=_slides(snapshots.rendered)))
    late = [(_("deckdocs: note: slide pictures out of date: {slides}; {how}"), snapshots.stale),
            (_("deckdocs: note: slide pictures missing: {slides}; {how}"), snapshots.missing)]
    for line, slides in late:
        if slides:
            if rendering:
                how = _("LibreOffice could not render them (see the warning above)")
            elif soffice:
                how = _("run `deckdocs extract` to render them (with {soffice})").format(soffice=soffice)
            else:
                how = _("LibreOffice is not installed here; run `deckdocs extract` where it is "
                        "(apt-get install libreoffice-impress-nogui)")
            print(line.format(slides=_slides(slides), how=how), file=sys.stderr)


def _slides(keys) -> str:
    by_deck: dict[str, list[int]] = {}
    for source, number in keys:
        by_deck.setdefault(source, []).append(number)
    return _("; ").join(ngettext("{deck} slide {numbers}", "{deck} slides {numbers}", len(n)).format(
        deck=Path(source).name, numbers=_(", ").join(map(str, sorted(n)))) for source, n in sorted(by_deck.items()))


def _warn(args, conversion) -> None:
    from deckdocs.pipeline import left_out

    for problem in (*left_out(args.source), *conversion.problems,
                    *(conversion.minor if getattr(args, "verbose", False) else ())):
        print(_("deckdocs: warning: {message}").format(message=problem.message), file=sys.stderr)


_CHANGE_KINDS = {"added": N_("added"), "changed": N_("changed"), "removed": N_("removed")}  # write.Change.kind


def _summary(conversion, docs: Path) -> str:
    """Return "1 deck, 27 slides (18 with content) → 9 pages in docs/"."""
    pages = sum(1 for f in conversion.files if f.path.endswith(".md"))
    content = sum(len(ch.sections) for c in conversion.courses for ch in c.chapters)
    slides = ngettext("{n} slide", "{n} slides", conversion.slide_count).format(n=conversion.slide_count)
    if content != conversion.slide_count:
        slides += _(" ({n} with content)").format(n=content)
    decks = ngettext("{n} deck", "{n} decks", len(conversion.courses)).format(n=len(conversion.courses))
    return _("{decks}, {slides} → {pages} in {docs}/").format(
        decks=decks, slides=slides, pages=ngettext("{n} page", "{n} pages", pages).format(n=pages), docs=docs)


def _changes(changes) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return _(", ").join(_("{n} {kind}").format(n=n, kind=_(_CHANGE_KINDS.get(k, k))) for k, n in counts.items()) \
        or _("nothing changed")


def _left_out(conversion) -> str:
    """Return "; 1 question left out: slide 10, notes line 1 (see the warning above)", or ""."""
    from deckdocs.errors import QuizFormatError

    bad = [p for p in conversion.problems if isinstance(p, QuizFormatError)]
    if not bad:
        return ""
    places = [_("slide {slide}, notes line {line}").format(slide=p.slide, line=p.line) for p in bad[:3]]
    if len(conversion.courses) > 1:
        places = [f"{Path(p.path).name} {place}" for p, place in zip(bad, places)]
    where = _("; ").join(places) + (" …" if len(bad) > 3 else "")
    return ngettext("; {n} question left out: {where} (see the warning above)",
                    "; {n} questions left out: {where} (see the warnings above)", len(bad)).format(n=len(bad), where=where)


def _build(args) -> int:
    conversion = _convert_and_write(args)
    from deckdocs.site.build import BuildFailed, build_site
    from deckdocs.site.config import deck_settings

    printing = False
    if not args.no_pdf:
        from deckdocs.export.pdf import can_print  # lxml and the outline: only for the handout

        printing = can_print()
    # In this process: MkDocs, the plugin and jieba's dictionary load once, not twice.
    # The home page links the handout only when this build prints it (plugin option `handout`).
    env = {**_mkdocs_settings(args), HANDOUT_ENV: "true" if printing else "false"}
    try:
        build_site(args.config, args.site.resolve(), environ=env, deck=deck_settings(conversion.courses))
    except BuildFailed as exc:
        print(f"\n{exc}")  # as the mkdocs command printed it
        print(_("deckdocs: error: mkdocs build --strict failed (see the messages above)"), file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(_("deckdocs: site built in {site}/").format(site=args.site))
    if not args.no_pdf:
        _build_handout(args.site, _outline(_decks(args), args.docs))
    return EXIT_OK


def _outline(decks: tuple[Path, ...], docs: Path) -> tuple[str, ...]:
    """Return the course pages in outline order, for the handout."""
    from deckdocs.export.pdf import outline_pages

    return outline_pages(_courses(decks, docs))


def _courses(decks: tuple[Path, ...], docs: Path):
    """Return the decks' courses as the site has them (for the handout's order and notes)."""
    from deckdocs.pipeline import outline_decks
    from deckdocs.write import root_deck

    return outline_decks(decks, root_deck(docs))


def _build_handout(site: Path, outline: tuple[str, ...]) -> None:
    """Print the handout the home page links; without Chromium the site is still fine."""
    from deckdocs.export.pdf import CHROMIUM, PDF_NAME, make_handout

    try:
        make_handout(site, site / PDF_NAME, outline=outline, executable=CHROMIUM)
    except DeckdocsError as exc:
        print(_("deckdocs: note: no PDF handout ({reason})").format(reason=exc.message), file=sys.stderr)
        return
    print(_("deckdocs: handout written to {path}").format(path=site / PDF_NAME))


def _mkdocs_settings(args) -> dict[str, str]:
    # MkDocs 1.6.1 prints a banner about MkDocs 2 on every run; it is noise for editors.
    # The plugin quiets jieba's start-up lines unless DECKDOCS_VERBOSE is set.
    settings = {"NO_MKDOCS_2_WARNING": "1"}
    if getattr(args, "verbose", False):
        settings["DECKDOCS_VERBOSE"] = "1"
    return settings


def _serve(args) -> int:
    from deckdocs.site.serve import check_address, serve_site, stop_on_signals

    args.force = False
    try:
        with stop_on_signals():  # Ctrl-C, kill, a closed terminal; also when started with `&`
            _check_project(args)
            addr = check_address(args.addr, args.port)
            conversion = _convert_and_write(args)
            from deckdocs.site.config import deck_settings

            # deckdocs' own settings with what mkdocs.yml changes, if there is one, and the deck's
            serve_site(args.config, addr, deck=deck_settings(conversion.courses), environ=_mkdocs_settings(args))
    except KeyboardInterrupt:
        print(_("deckdocs: preview stopped"), file=sys.stderr)
    return EXIT_OK


def _warn_glossary(args, conversion) -> None:
    """Print what the glossary pads or overlaps (a definition that restates its term, near-duplicates
    not told apart, an alias of another thing, a word on many slides without an entry)."""
    from deckdocs.glossary.check import check_glossary
    from deckdocs.pipeline import GLOSSARY_FILE

    from deckdocs.cache import DeckCache

    decks = _decks(args)
    for warning in check_glossary(conversion.courses, decks[0].parent / GLOSSARY_FILE if decks else None):
        print(_("deckdocs: warning: {message}").format(message=warning.message), file=sys.stderr)
    DeckCache(_cache_dir(args)).store_memos()  # what jieba said about the slides' words, for the next check


def _check(args) -> int:
    from deckdocs.pipeline import convert
    from deckdocs.write import BACKUP_DIR, find_backups, plan_docs, root_deck, stale_report

    _check_project(args)
    # Never renders: a changed slide's picture is a note, not a failure, so a machine without
    # LibreOffice (the Pages workflow) still passes once the pages themselves are current.
    conversion = convert(_decks(args), root_deck=root_deck(args.docs), docs_dir=args.docs, soffice=None,
                         cache_dir=_cache_dir(args))
    _warn(args, conversion)
    _warn_glossary(args, conversion)
    for note in (*conversion.notes, *(() if getattr(args, "verbose", False) else conversion.minor)):
        print(_("deckdocs: note: {message}").format(message=note.message), file=sys.stderr)
    for backup in find_backups(args.docs):
        line = (_("deckdocs: note: {path} is a backup copy of a hand edit (--force); move what you need into the "
                  "slides, then delete it") if backup.startswith(BACKUP_DIR + "/") else
                _("deckdocs: note: {path} is a backup copy of a hand edit (--force) (MkDocs publishes it where it "
                  "is); move what you need into the slides, then delete it"))
        print(line.format(path=args.docs / backup))
    stale = stale_report(conversion.files, args.docs)
    from deckdocs.snapshot import find_soffice

    _print_picture_notes(conversion.snapshots, rendering=False, soffice=find_soffice())
    if not stale:
        print(_("deckdocs: {docs}/ matches the decks{left_out}").format(docs=args.docs, left_out=_left_out(conversion)))
        return EXIT_OK
    for line in stale:
        print(_("stale  {path}").format(path=args.docs / line))
    plan = plan_docs(conversion.files, args.docs)
    todo = _("run `deckdocs extract`")
    if plan.hand_edited:
        todo = ngettext("move the hand edits into the slides, then run `deckdocs extract --force` (it replaces the "
                        "edited page and keeps a copy in {docs}/.deckdocs-backups/)",
                        "move the hand edits into the slides, then run `deckdocs extract --force` (it replaces the "
                        "edited pages and keeps a copy in {docs}/.deckdocs-backups/)", len(plan.hand_edited)
                        ).format(docs=args.docs)
    print(ngettext("deckdocs: {docs}/ does not match the decks ({n} difference); {todo}",
                   "deckdocs: {docs}/ does not match the decks ({n} differences); {todo}", len(stale)
                   ).format(docs=args.docs, n=len(stale), todo=todo))
    return EXIT_CHECK_FAILED


def _quiz(args) -> int:
    from deckdocs.pipeline import question_bank
    from deckdocs.quiz.model import KIND_NAMES
    from deckdocs.write import root_deck

    _check_project(args)
    bank = question_bank(_decks(args), root_deck(args.docs))
    for problem in bank.problems:
        print(_("deckdocs: warning: {message}").format(message=problem.message), file=sys.stderr)
    shown = [q for q in bank.questions if args.kind in (None, q.kind)]
    on_pages = {q.key for quiz in bank.chapters for q in (*quiz.questions, *quiz.final)}
    for q in shown:  # the score (0–10) says why a question is on a page or only in the bank
        where = "页面" if q.key in on_pages or q.kind == "editor" else "题库"
        score = "—" if q.kind == "editor" else f"{q.score} 分"
        print(f"{q.key}\t{KIND_NAMES[q.kind]}\t幻灯片 {q.slide}\t{score}\t{where}\t{q.prompt}\t答案：{q.answer}")
    print(ngettext("deckdocs: {n} question; drop or reword one by its id in quiz.yml beside the decks",
                   "deckdocs: {n} questions; drop or reword one by its id in quiz.yml beside the decks", len(shown)
                   ).format(n=len(shown)))
    return EXIT_OK


def _export_qti(args) -> int:
    from deckdocs.export.qti import export_qti
    from deckdocs.pipeline import question_bank
    from deckdocs.write import root_deck, write_file

    _check_project(args)
    bank = question_bank(_decks(args), root_deck(args.docs))
    for problem in bank.problems:
        print(_("deckdocs: warning: {message}").format(message=problem.message), file=sys.stderr)
    out = Path(args.out)
    write_file(out, export_qti(bank, args.qti_version))
    print(ngettext("deckdocs: {n} question → {out} (QTI {version})", "deckdocs: {n} questions → {out} (QTI {version})",
                   len(bank.questions)).format(n=len(bank.questions), out=out, version=args.qti_version))
    return EXIT_OK


def _export_scorm(args) -> int:
    from deckdocs.export.scorm import check_options, export_scorm, export_scorm_together, package_name, read_courses
    from deckdocs.write import write_file

    check_options(args.scorm_version, args.mastery)
    courses = read_courses(args.site)
    if args.one_package or len(courses) == 1:
        packages = [(args.out, export_scorm_together(args.site, args.scorm_version, args.mastery), courses)]
    else:  # one package per course: an LMS tracks and scores each course on its own
        packages = [(package_name(args.out, course), export_scorm(args.site, args.scorm_version, args.mastery, course),
                     (course,)) for course in courses]
    for out, package, held in packages:
        write_file(out, package)
        titles = "、".join(course.title for course in held)
        print(_("deckdocs: {courses} → {out} (SCORM {version}, mastery {mastery} %, {size:,} bytes)").format(
            courses=titles, out=out, version=args.scorm_version, mastery=args.mastery, size=len(package)))
    return EXIT_OK


def _export_xapi(args) -> int:
    from deckdocs.export.xapi import export_xapi
    from deckdocs.write import write_file

    package = export_xapi(args.site, args.mastery, args.package_format)
    write_file(args.out, package)
    print(_("deckdocs: {site}/ → {out} (xAPI, mastery {mastery} %, {size:,} bytes)").format(
        site=args.site, out=args.out, mastery=args.mastery, size=len(package)))
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
    print(_("deckdocs: {n:,} statements, {learners} learners → {out}").format(
        n=len(statements), learners=analysis.learners, out=args.out))
    return EXIT_OK


def _pdf(args) -> int:
    from deckdocs.export.notes import trainer_notes
    from deckdocs.export.pdf import CHROMIUM, PDF_NAME, make_handout, outline_pages
    from deckdocs.pipeline import find_decks

    out = args.out or args.site / PDF_NAME
    try:
        courses = _courses(find_decks(args.source), args.docs)
    except DeckdocsError:
        if args.notes:  # the pages hold only the learners' part of the notes
            raise
        courses = ()  # a site without its decks: the navigation's order
    notes = trainer_notes(courses) if args.notes else None
    make_handout(args.site, out, with_answers=not args.no_answers, with_notes=args.notes, with_slides=args.slides,
                 outline=outline_pages(courses), notes=notes, executable=args.chromium or CHROMIUM)
    print(_("deckdocs: handout written to {path}").format(path=out))
    return EXIT_OK


def _inspect(args) -> int:
    from deckdocs.explain import describe_deck

    for line in describe_deck(args.deck, args.slide):
        print(line)
    return EXIT_OK


def _new(args) -> int:
    from deckdocs.newproject import start_project

    project = start_project(args.folder, tuple(args.decks))
    for name in project.written:
        print(_("   added  {path}").format(path=args.folder / name))
    for name in project.kept:
        print(_("    kept  {path} (already there)").format(path=args.folder / name))
    if project.has_deck:
        print(_("deckdocs: course project ready in {folder}/; run: cd {folder} && deckdocs build").format(
            folder=args.folder))
    else:
        print(_("deckdocs: course project ready in {folder}/; put the course deck (.pptx) in {source}/, then run: "
                "cd {folder} && deckdocs build").format(folder=args.folder, source=args.folder / "source_slides"))
    return EXIT_OK


_COMMANDS = {"new": _new, "extract": _extract, "build": _build, "serve": _serve, "check": _check, "inspect": _inspect, "pdf": _pdf,
             "export-qti": _export_qti, "export-scorm": _export_scorm, "export-xapi": _export_xapi,
             "report": _report, "quiz": _quiz}
