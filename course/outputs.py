"""Write a file the tool owns (a catalog, the template) so that it is never left half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from course.errors import BuildError


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to a unique temporary beside `path` and rename it over `path`: a reader sees the old file or
    the new one, two writers never share a temporary, and a failure or Ctrl-C removes the temporary."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise BuildError(
            f"cannot write into {path.parent}: {error.strerror}; check that it is a writable folder"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write {path}: {error.strerror}; it was left as it was") from None
        raise
