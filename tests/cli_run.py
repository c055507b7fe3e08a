"""Run the ``deckdocs`` command in-process, as the CLI tests do."""

from __future__ import annotations

from deckdocs.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Return the exit code, stdout and stderr of ``deckdocs ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    """Return the one error line on stderr; fail when there are more, or a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("deckdocs: error: ")
    return lines[0]
