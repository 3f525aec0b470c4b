"""Write files the tool owns (zips, catalogs, the template) so that none is ever left half-written: each is staged
under a unique temporary name beside its target and renamed over it only when whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from course.errors import BuildError
from course.paths import display_path


def staged_file(target: Path, write: Callable[[IO[bytes]], None], hint: str) -> Path:
    """A temporary beside `target` holding what `write` wrote: two writers never share one, and on any failure
    (a full disk, Ctrl-C) it is removed; an OS error becomes a BuildError naming `target`, followed by `hint`."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        folder = display_path(target.parent)
        raise BuildError(f"cannot write into {folder}: {error.strerror}; check that it is a writable folder") from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.chmod(temporary, 0o644)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write {display_path(target)}: {error.strerror}; {hint}") from None
        raise
    return temporary


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` over `path` atomically: a reader sees the old file or the new one, never half of either."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot make the folder {display_path(path.parent)}: {error.strerror}") from None

    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    temporary = staged_file(path, write, "it was left as it was")
    try:
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write {display_path(path)}: {error.strerror}; it was left as it was") from None
        raise
