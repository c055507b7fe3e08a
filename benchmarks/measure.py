"""One timed process: wall time, CPU time and peak memory, for the benchmarks.

The process is started by a small launcher, not by the benchmark itself: Linux carries a
process's peak resident memory across ``fork`` and ``exec``, so a child forked from a benchmark
that has just built a 5,000-slide deck in memory would report the benchmark's 1 GB as its own.
The launcher is small when it forks, so the peak it reports is the measured program's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)  # the child's usage, with its own children's
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - start,
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024]))
"""


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_mb: float


def timed_process(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to the end; return its wall time, CPU time (with its children's) and peak memory.

    Raises:
        RuntimeError: the process failed (its stderr's end is in the message).
    """
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, errors="replace")
    code, wall, cpu, peak = json.loads(done.stdout.strip().splitlines()[-1])
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}):\n{done.stderr[-2000:]}")
    return Run(wall, cpu, peak)
