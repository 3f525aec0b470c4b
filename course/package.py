"""Write a build's deterministic zips all or nothing: every zip to a temporary first, then all renamed into place.

A failure or an interruption (Ctrl-C, SIGTERM) while the zips are written removes every temporary and leaves the
output folder exactly as it was. The renames at the end, and the cleanup after a failure, run with those signals
held back, so the set of zips is replaced whole, never half old and half new, and no temporary is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from course.errors import BuildError
from course.outputs import staged_file
from course.paths import display_path
from course.timestamps import ZIP_EPOCH_MIN

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Package:
    path: Path
    files: dict[str, bytes]


class CancelledError(Exception):
    """Raised inside a zip writer when another zip of the same build failed or the build was interrupted."""


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    moment = time.gmtime(max(epoch, ZIP_EPOCH_MIN))  # earlier dates (0 is common) read as 1980
    return (moment.tm_year, moment.tm_mon, moment.tm_mday, moment.tm_hour, moment.tm_min, moment.tm_sec)


def zip_bytes_into(handle: zipfile.ZipFile, files: dict[str, bytes], epoch: int, stop: threading.Event) -> None:
    stamp = zip_time(epoch)
    for name in sorted(files):
        if stop.is_set():
            raise CancelledError
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, so the permission bits below mean the same everywhere.
        info.external_attr = 0o100644 << 16
        handle.writestr(info, files[name], compresslevel=6)


def stage_package(package: Package, epoch: int, stop: threading.Event) -> Path:
    """The zip of `package`, staged beside its target (outputs.staged_file), so that the rename is atomic."""

    def write(raw: IO[bytes]) -> None:
        with zipfile.ZipFile(raw, "w") as handle:
            zip_bytes_into(handle, package.files, epoch, stop)

    folder = display_path(package.path.parent)
    hint = f"{folder} was left as it was; free some space or check the folder, then build again"
    return staged_file(package.path, write, hint)


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done; they are delivered right after it.

    The mask is per thread. The zip writers are started inside such a block, so they inherit it and never take
    these signals; every other moment of the build they go to this thread, which then raises KeyboardInterrupt.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stage_all(packages: Sequence[Package], epoch: int, workers: int, staged: dict[Path, Path]) -> None:
    """Write every zip to its temporary, side by side (deflate runs outside the interpreter lock), recording each
    finished one in `staged` (target: temporary) even when the call fails. On the first failure or an interruption
    the other writers stop at their next entry, and the call returns only once every writer has stopped."""
    stop = threading.Event()
    pool = ThreadPoolExecutor(workers)
    futures: dict[Path, Future[Path]] = {}
    try:
        with stop_signals_held():
            futures = {package.path: pool.submit(stage_package, package, epoch, stop) for package in packages}
        for future in as_completed(futures.values()):
            future.result()
    except BaseException:
        stop.set()
        raise
    finally:
        with stop_signals_held():  # a second Ctrl-C waits: a writer still running would leave its temporary
            pool.shutdown(wait=True, cancel_futures=True)
            for target, future in futures.items():
                if not future.cancelled() and future.exception() is None:
                    staged[target] = future.result()


def make_folder(folder: Path) -> list[Path]:
    """Create the output folder; the folders this created, innermost first, for a failed build to remove again."""
    created = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        created.append(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"cannot create {display_path(folder)}: {error.strerror}; check the --out folder") from None
    return created


def discard(temporaries: Sequence[Path], created: Sequence[Path]) -> None:
    for temporary in temporaries:
        temporary.unlink(missing_ok=True)
    for folder in created:
        with contextlib.suppress(OSError):  # not empty: another build writes there too, so it stays
            folder.rmdir()


def left_as_it_was(folder: Path) -> str:
    """The note an interruption carries while nothing was replaced yet."""
    return f"{display_path(folder)} was left as it was"


def commit(staged: dict[Path, Path]) -> None:
    """Rename every temporary over its target. Each rename is atomic; a failing one (another user's file in a
    shared folder) cannot undo those before it, so the message says so."""
    for done, (target, temporary) in enumerate(staged.items()):
        try:
            os.replace(temporary, target)
        except OSError as error:
            state = f"{done} of the {len(staged)} zips were replaced already" if done else "nothing was replaced"
            raise BuildError(f"cannot replace {display_path(target)}: {error.strerror}; {state}") from None


def write_packages(folder: Path, packages: Sequence[Package], epoch: int, workers: int) -> None:
    """Write every package's zip into `folder`, all or nothing (see the module's docstring).

    An interruption before the renames carries the note that `folder` was left as it was (the CLI prints it); one
    that arrives during the renames is held back until they are done, and then carries no such note.
    """
    assert all(package.path.parent == folder for package in packages), "every zip goes into the one folder"
    assert len({package.path for package in packages}) == len(packages), "each zip is written once"
    for package in packages:
        if package.path.is_dir() and not package.path.is_symlink():
            raise BuildError(f"{display_path(package.path)} is a folder; remove it or choose another --out folder")
    created = make_folder(folder)
    staged: dict[Path, Path] = {}
    committed = False
    try:
        stage_all(packages, epoch, workers, staged)
        with stop_signals_held():
            commit(staged)
            committed = True
    except BaseException as error:
        if committed:
            raise
        with stop_signals_held():
            discard(list(staged.values()), created)
        if isinstance(error, KeyboardInterrupt):
            error.add_note(left_as_it_was(folder))
        raise
