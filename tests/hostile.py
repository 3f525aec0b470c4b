"""The hostile-input suite's one judge: what a user gets when the input is wrong.

Every refused input must give exit status 1, a message naming where the problem is (file:line or the argument),
no traceback, no hang, nothing written outside the output folder and the output folder exactly as it was.
`refused_in_process` runs the command in this process (fast, for inputs that cannot hang or crash the
interpreter); `refused_in_subprocess` runs `python -m course` with a time limit (for pipes, parser bombs, signals).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course.cli import main

TIME_LIMIT = 60  # seconds; a hang is a failure, not a wait


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder` (files by content, links by target, folders by name), to compare before and after."""
    found: dict[str, bytes | str] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link to {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = "special file"
    return found


def run_in_process(argv: list[str]) -> Outcome:
    """`course ARGV` in this process; SystemExit (argparse) counts as a status like any other."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as leave:
            status = leave.code if isinstance(leave.code, int) else 1
    return Outcome(status, out.getvalue(), err.getvalue())


def run_in_subprocess(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    done = subprocess.run(
        [sys.executable, "-m", "course", *argv],
        cwd=cwd,
        # From a project folder, `python -m course` would import the project's course/ folder as the package.
        env={**os.environ, "PYTHONSAFEPATH": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_refused(outcome: Outcome, *where: str) -> None:
    """Exit 1, one error message naming each of `where` (a file:line, a file or an argument), no traceback."""
    shown = f"stdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}"
    assert outcome.status == 1, f"expected exit status 1, got {outcome.status}\n{shown}"
    assert "Traceback" not in outcome.stderr, shown
    assert "Traceback" not in outcome.stdout, shown
    assert outcome.stderr.startswith("error: "), f"the message must start with 'error: '\n{shown}"
    for place in where:
        assert place in outcome.stderr, f"the message must name {place!r}\n{shown}"


def refused_leaving_files_alone(project_root: Path, run: Callable[[], Outcome], *where: str) -> Outcome:
    """`run` refused cleanly (assert_refused) and every file under the project's parent folder is as it was."""
    watched = project_root.parent
    before = tree(watched)
    outcome = run()
    assert_refused(outcome, *where)
    assert tree(watched) == before, "a refused command must leave every file as it was"
    return outcome


def refused_in_process(argv: list[str], project_root: Path, *where: str) -> Outcome:
    """Run `course --project ROOT ARGV` here and assert it refused cleanly, leaving every file untouched."""
    return refused_leaving_files_alone(
        project_root, lambda: run_in_process(["--project", str(project_root), *argv]), *where
    )


def refused_in_subprocess(
    argv: list[str], project_root: Path, *where: str, env: dict[str, str] | None = None
) -> Outcome:
    """The same in a `python -m course` process with a time limit: for input that could hang or crash."""
    return refused_leaving_files_alone(
        project_root, lambda: run_in_subprocess(["--project", str(project_root), *argv], project_root, env), *where
    )


# Locale codes a hostile translator or careless author might write; every entry point must refuse each of them.
HOSTILE_LOCALES = (
    "fi_FI@../../../assets/files/evil",
    "../fi",
    "fi/../../x",
    "/etc",
    "fi\n",
    "fi\r\nX",
    " fi",
    "fi ",
    "fi\x00",
    "fi.js",
    "fi?x=1",
    "fi#x",
    "fi%2F..",
    "<script>",
    'fi"onload="x',
    "FI",
    "f",
    "finnish-language-long",
    "zz",
    "x-klingon",
    "fi_FI.UTF-8",
    "fi\u200b",
    "ﬁ",
    "",
)
# Characters HTML and XML 1.0 cannot carry, written into a title, a paragraph or a translation.
CONTROL_CHARACTERS = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9f",
    "\ufffe",
    "\uffff",
)


def suspend_checksum(body: str) -> str:
    """course/runtime/suspend.js's check field: FNV-1a over UTF-16 code units, in base 36."""
    value = 0x811C9DC5
    units = body.encode("utf-16-le")
    for index in range(0, len(units), 2):
        value ^= units[index] | units[index + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not value:
            return digits


def resealed(record: str) -> str:
    """A suspend record, edited, with its check field made right again: the runtime then parses every field."""
    body = record.rsplit("~", 1)[0]
    return f"{body}~{suspend_checksum(body)}"


def files_limited_to(limit: int) -> Callable[[], None]:
    """A preexec_fn: the process's files may not grow past `limit` bytes, so a write beyond fails with EFBIG as on
    a full disk (SIGXFSZ ignored, or the process would be killed instead)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited
