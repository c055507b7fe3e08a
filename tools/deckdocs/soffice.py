"""Running LibreOffice and pdftoppm on a deck's copy: sandboxed, bounded, in a private home.

* **Sandbox.** With bubblewrap (``bwrap``) the programs run in their own network, process and
  IPC namespaces with no network at all, and see only ``/usr``, a few files of ``/etc`` (fonts,
  the dynamic linker's cache, LibreOffice's own settings) and the private folder: no project, no
  home, no ``/root``, no ``/tmp``. Where bubblewrap cannot make namespaces, ``unshare --net``
  still takes the network away (it needs root); where neither works they run as they are, and
  :func:`sandbox` says so, so the caller can warn. The render copy (:mod:`deckdocs.render_copy`)
  holds no outside link in any case: the sandbox is the second wall.
* **Private home.** HOME, TMPDIR and LibreOffice's profile are inside one temporary folder
  (``deckdocs-snapshot-<pid>-…``) that is removed afterwards, also when the program is stopped
  or crashes; a folder left by a deckdocs that was killed outright is removed by the next run.
  The profile turns off loading linked content and macros. The environment is a clean one: no
  variable of ours (a CI runner's secrets) reaches LibreOffice.
* **Bounds.** Each run has a time limit and a memory limit (RLIMIT_AS, inherited by every
  process LibreOffice starts); a run past its time is stopped, its whole process group with it.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FOLDER_PREFIX = "deckdocs-snapshot-"
# LibreOffice drawing a normal slide stays under 400 MB; 1 GB of address space leaves room for
# a deck of large pictures, and with deckdocs' own few hundred MB stays under 1.5 GB together.
MEMORY_LIMIT_BYTES = 1_000_000_000
CORE_LIMIT_BYTES = 0  # a crash writes no core file into anyone's folder
FILE_LIMIT_BYTES = 1_000_000_000  # no single file (the PDF, a page image) grows past this
_ETC = ("fonts", "libreoffice", "passwd", "group", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
        "alternatives", "localtime", "mime.types", "papersize")
_TOP_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
# The user profile LibreOffice starts with: no linked graphics from outside the document, no
# macros, no updating of links, no OpenCL or Java start-up.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableActiveContent" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Impress/Misc"><prop oor:name="UpdateLinksMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseOpenCL" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Java/VirtualMachine"><prop oor:name="Enable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Internet"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@dataclass(frozen=True)
class Outcome:
    """How a bounded run ended."""

    returncode: int | None  # None: stopped at its time limit
    output: str  # stderr, else stdout, on one line (the end of it)

    @property
    def is_crash(self) -> bool:
        """Return whether the program died of a signal (a crash, or its memory limit)."""
        return self.returncode is not None and (self.returncode < 0 or self.returncode >= 128)


@functools.cache
def sandbox() -> str:
    """Return how the programs are kept off the network: "bubblewrap", "unshare" or "" (not at all)."""
    import subprocess

    for how in ("bubblewrap", "unshare"):
        cmd = _prefix(how, Path(tempfile.gettempdir()), ()) + ["true"]
        if shutil.which(cmd[0]) is None:
            continue
        try:
            if subprocess.run(cmd, capture_output=True, timeout=10).returncode == 0:
                return how
        except (OSError, subprocess.SubprocessError):
            continue
    return ""


def _prefix(how: str, folder: Path, programs: tuple[str, ...]) -> list[str]:
    """Return the command that runs ``programs`` the way ``how`` says, seeing ``folder`` read-write."""
    if how == "unshare":
        return ["unshare", "--net", "--fork", "--kill-child"]
    if how != "bubblewrap":
        return []
    cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
    for name in _TOP_LINKS:
        top = Path("/") / name
        if top.is_symlink():
            cmd += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            cmd += ["--ro-bind", str(top), str(top)]
    for name in _ETC:
        cmd += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    cmd += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for program in programs:  # a LibreOffice installed outside /usr (/opt/libreoffice…)
        home = Path(os.path.realpath(shutil.which(program) or program)).parent
        if not str(home).startswith("/usr/"):
            cmd += ["--ro-bind", str(home.parent), str(home.parent)]
    return cmd + ["--bind", str(folder), str(folder), "--chdir", str(folder)]


@contextmanager
def private_folder():
    """Yield a fresh private folder (HOME, TMPDIR, profile, work) that is removed afterwards.

    Folders that deckdocs runs killed outright left behind are removed first. While the block
    runs in the main thread, SIGTERM ends it like Ctrl-C does, so the folder still goes.
    """
    sweep_left_folders()
    with _terminate_as_exit():
        with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True) as tmp:
            folder = Path(tmp)
            for name in ("home", "tmp", "profile/user"):
                (folder / name).mkdir(parents=True)
            (folder / "profile/user/registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
            yield folder


def profile_url(folder: Path) -> str:
    return (folder / "profile").as_uri()


def sweep_left_folders(temp: Path | None = None) -> None:
    """Remove the private folders of deckdocs processes that no longer run."""
    temp = temp or Path(tempfile.gettempdir())
    try:
        found = list(temp.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return
    for folder in found:
        match = re.fullmatch(re.escape(FOLDER_PREFIX) + r"(\d+)-.*", folder.name)
        if match and not _is_running(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _terminate_as_exit():
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_bounded(cmd: list[str], folder: Path, seconds: float, *, how: str | None = None) -> Outcome:
    """Run ``cmd`` in the sandbox with the folder as its home, for at most ``seconds``.

    Raises:
        OSError: the program cannot be started.
    """
    import subprocess

    how = sandbox() if how is None else how
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(folder / "home"), "TMPDIR": str(folder / "tmp"),
           "LANG": os.environ.get("LANG", "C.UTF-8"), "SAL_USE_VCLPLUGIN": "svp"}
    limits = _limits_prefix()
    process = subprocess.Popen(limits + _prefix(how, folder, (cmd[0],)) + cmd, cwd=folder, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, preexec_fn=None if limits else _limits)
    try:
        out, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(process)
        return Outcome(None, "")
    finally:
        if process.poll() is None:  # interrupted (Ctrl-C, SIGTERM): take LibreOffice down too
            _kill(process)
    text = " ".join((err or out).decode("utf-8", "replace").split())
    return Outcome(process.returncode, text[-200:])


def _kill(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


_LIMITS = (("RLIMIT_AS", "as", MEMORY_LIMIT_BYTES), ("RLIMIT_CORE", "core", CORE_LIMIT_BYTES),
           ("RLIMIT_FSIZE", "fsize", FILE_LIMIT_BYTES))


def _limits_prefix() -> list[str]:
    """Return ``prlimit`` with the run's limits, or [] when it is missing or a hard limit is lower
    (then :func:`_limits` sets them in the child: a ``preexec_fn``, which is not safe in a
    process with threads, such as ``deckdocs serve``'s, so it is the fallback)."""
    import resource

    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return []
    for name, _, value in _LIMITS:
        hard = resource.getrlimit(getattr(resource, name))[1]
        if hard != resource.RLIM_INFINITY and hard < value:
            return []
    return [prlimit, *(f"--{option}={value}" for _, option, value in _LIMITS), "--"]


def _limits() -> None:
    """Set the limits every process of the run inherits (runs in the child, before exec)."""
    import resource

    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES), (resource.RLIMIT_CORE, CORE_LIMIT_BYTES),
                         (resource.RLIMIT_FSIZE, FILE_LIMIT_BYTES)):
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, hard if hard != resource.RLIM_INFINITY else value))
