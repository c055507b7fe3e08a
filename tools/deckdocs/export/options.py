"""The export verbs' command-line options and their defaults.

The CLI declares every verb's options on every run, so they live here, where they cost nothing
to import: :mod:`.qti` and :mod:`.scorm` import zipfile, html, JSON and their dataclasses
(and, when they export, mkdocs-quiz and lxml), which ``deckdocs extract`` never needs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from deckdocs.messages import _

# tests/test_startup.py checks these are mkdocs-quiz's versions.
QTI_VERSIONS = ("1.2", "2.1")
DEFAULT_QTI_VERSION = "1.2"  # mkdocs-quiz's default: the widest LMS support
DEFAULT_QTI_FILE = "quiz-qti.zip"

SCORM_VERSIONS = ("1.2", "2004")
DEFAULT_SCORM_VERSION = "1.2"  # what almost every LMS imports
DEFAULT_SCORM_FILE = "course-scorm.zip"
DEFAULT_MASTERY = 80

XAPI_FORMATS = ("xapi", "cmi5")
DEFAULT_XAPI_FILE = "course-xapi.zip"
DEFAULT_REPORT_FILE = "item-analysis.html"


def add_export_qti_arguments(command) -> None:
    """Declare ``--out`` and ``--qti-version`` on the CLI's ``export-qti`` subparser."""
    command.add_argument("--out", default=DEFAULT_QTI_FILE, metavar="FILE",
                         help=_("the QTI zip to write (default: {file})").format(file=DEFAULT_QTI_FILE))
    command.add_argument("--qti-version", choices=QTI_VERSIONS, default=DEFAULT_QTI_VERSION,
                         help=_("QTI 1.2 (Canvas Classic, Blackboard, Moodle) or 2.1 (default: {version})").format(
                             version=DEFAULT_QTI_VERSION))


def add_export_scorm_arguments(command) -> None:
    """Declare the CLI's ``export-scorm`` options; their values are checked by
    :func:`deckdocs.export.scorm.check_options`."""
    command.add_argument("--site", type=Path, default=Path("site"), help=_("the built site (default: site)"))
    command.add_argument("--out", type=Path, default=Path(DEFAULT_SCORM_FILE), metavar="FILE",
                         help=_("the SCORM zip to write (default: {file})").format(file=DEFAULT_SCORM_FILE))
    command.add_argument("--mastery", default=str(DEFAULT_MASTERY), metavar="PERCENT",
                         help=_("the 综合测验 score that passes, 0–100 (default: {percent})").format(percent=DEFAULT_MASTERY))
    command.add_argument("--scorm-version", default=DEFAULT_SCORM_VERSION, metavar="1.2|2004",
                         help=_("SCORM 1.2 (almost every LMS) or 2004 (default: {version})").format(version=DEFAULT_SCORM_VERSION))
    command.add_argument("--one-package", action="store_true",
                         help=_("a site of several courses: one package holding each course as its own SCO "
                                "(default: one package per course, FILE's name followed by the course's folder)"))
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))


def add_export_xapi_arguments(command) -> None:
    """Declare the CLI's ``export-xapi`` options (checked by :func:`deckdocs.export.xapi.export_xapi`)."""
    command.add_argument("--site", type=Path, default=Path("site"), help=_("the built site (default: site)"))
    command.add_argument("--out", type=Path, default=Path(DEFAULT_XAPI_FILE), metavar="FILE",
                         help=_("the xAPI zip to write (default: {file})").format(file=DEFAULT_XAPI_FILE))
    command.add_argument("--mastery", default=str(DEFAULT_MASTERY), metavar="PERCENT",
                         help=_("the 综合测验 score that passes, 0–100 (default: {percent})").format(percent=DEFAULT_MASTERY))
    command.add_argument("--format", dest="package_format", default="xapi", metavar="xapi|cmi5",
                         help=_("xapi (tincan.xml, Tin Can launch) or cmi5 (cmi5.xml, cmi5 launch) (default: xapi)"))
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))


def add_report_arguments(command) -> None:
    """Declare the CLI's ``report`` options: where the statements come from, where the page goes."""
    source = command.add_mutually_exclusive_group(required=True)
    source.add_argument("--lrs", metavar="URL", help=_("the LRS's xAPI endpoint (…/xAPI/)"))
    source.add_argument("--statements", type=Path, metavar="FILE.json", help=_("a JSON file of statements"))
    command.add_argument("--user", default="", help=_("the LRS user (HTTP Basic)"))
    command.add_argument("--password", default="", help=_("the LRS password"))
    command.add_argument("--out", type=Path, default=Path(DEFAULT_REPORT_FILE), metavar="FILE",
                         help=_("the HTML page to write (default: {file})").format(file=DEFAULT_REPORT_FILE))
    command.add_argument("--source", type=Path, default=Path("source_slides"),
                         help=_("folder of decks, to name the quiz.yml ids (default: source_slides)"))
    command.add_argument("--docs", type=Path, default=Path("docs"), help=_("docs folder (default: docs)"))
    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=_("show tracebacks"))
