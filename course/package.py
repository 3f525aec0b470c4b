"""Write a deterministic zip atomically: sorted entries, fixed times and permissions, renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import zipfile
from pathlib import Path

from course.errors import BuildError

ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest time a zip entry can hold.


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    moment = time.gmtime(max(epoch, ZIP_EPOCH_MIN))
    return (moment.tm_year, moment.tm_mon, moment.tm_mday, moment.tm_hour, moment.tm_min, moment.tm_sec)


def zip_bytes_into(handle: zipfile.ZipFile, files: dict[str, bytes], epoch: int) -> None:
    stamp = zip_time(epoch)
    for name in sorted(files):
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, so the permission bits below mean the same everywhere.
        info.external_attr = 0o100644 << 16
        handle.writestr(info, files[name], compresslevel=6)


def write_package(target: Path, files: dict[str, bytes], epoch: int) -> None:
    """Write `files` as a zip at `target`; on any failure the previous `target` stays and no temporary remains.

    The zip is written under a unique temporary name in the same folder and renamed over the target, which is
    atomic, so two builds at once never leave a mixed file and a reader never sees half a zip.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise BuildError(f"cannot write into {target.parent}: {error.strerror}; check the --out folder") from None
    try:
        with os.fdopen(descriptor, "wb") as raw, zipfile.ZipFile(raw, "w") as handle:
            zip_bytes_into(handle, files, epoch)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BuildError(f"cannot write {target}: {error.strerror}") from None
        raise
