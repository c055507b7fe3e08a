"""A ``deckdocs serve`` as the tests and benchmarks/serve_latency.py drive it: a free port, a page
fetched over HTTP, a condition waited for, the server stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    """Return the page at ``url``; "" while the server is not up or answers with an error."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float, step: float = 0.05) -> float | None:
    """Return how long ``predicate`` took to hold, or None when it never did within ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(step)
    return None


def stop_server(process: subprocess.Popen, sig: int = signal.SIGTERM, seconds: float = 10) -> None:
    """Send ``sig`` to the server's process group (it was started in its own session); kill the
    group if it has not ended within ``seconds``."""
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
