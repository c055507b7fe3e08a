"""Run ``mkdocs serve`` for ``deckdocs serve``: check the address first, and stop it with us.

``mkdocs serve`` runs as a child process. Stopping ``deckdocs serve`` (Ctrl-C, ``kill PID``,
a closed terminal) must stop the child too, or it keeps the port and answers with stale pages:
the signals are forwarded, and on Linux the child also gets SIGTERM when its parent dies
without a chance to forward anything (``kill -9``).
"""

from __future__ import annotations

import ctypes
import errno
import signal
import socket
import subprocess
import sys

from deckdocs.errors import DeckdocsError

_FORWARDED = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_PR_SET_PDEATHSIG = 1  # prctl(2)


def check_address(addr: str, port: int | None = None) -> str:
    """Return ``host:port`` to serve on (``port`` replacing the one in ``addr``), once it is free.

    Raises:
        DeckdocsError: the address is malformed, or something already listens on it.
    """
    host, _, port_text = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if port is None:
        if not port_text.isdigit():
            raise DeckdocsError(f"not an address to serve on: {addr!r}", hint="Use HOST:PORT, e.g. --addr 127.0.0.1:8000.")
        port = int(port_text)
    if not 0 < port < 65536:
        raise DeckdocsError(f"not a port: {port}", hint="Use a port from 1024 to 65535, e.g. --port 8001.")
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DeckdocsError(f"{shown} is already in use (another deckdocs serve or mkdocs serve still running?)",
                                    hint=f"Stop it, or serve on another port: deckdocs serve --port {port + 1}.") from None
            raise DeckdocsError(f"cannot serve on {shown} ({exc.strerror})",
                                hint="Choose another address with --addr HOST:PORT.") from None
    return shown


def _die_with_parent() -> None:  # runs in the child, before mkdocs starts
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the forwarded signals still stop the child


def run_until_stopped(cmd: list[str], env: dict[str, str]) -> int:
    """Run ``cmd`` until it ends or we are told to stop; return its exit code (0 when stopped)."""
    child = subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    stopped = []

    def forward(signum, frame):
        stopped.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in _FORWARDED}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            child.wait()
    return 0 if stopped else code
