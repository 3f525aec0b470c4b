"""Write a build's deterministic zips all or nothing: every zip to a temporary first, then all renamed into place.

A failure or an interruption (Ctrl-C, SIGTERM) while the zips are written removes every temporary and leaves the
output folder exactly as it was. The renames at the end, and the cleanup after a failure, run with those signals
held back, so the set of zips is replaced whole, never half old and half new, and no temporary is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import threading
import time
import zipfile
import zlib
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


LEVEL = 6  # deflate's level, zipfile's default
# The zip format's central directory record and end record (PKWARE's APPNOTE 4.3.12 and 4.3.16), as zipfile packs them.
CENTRAL_RECORD = ("<4s4B4HL2L5H2L", b"PK\x01\x02")
END_RECORD = ("<4s4H2LH", b"PK\x05\x06")


class Deflater:
    """Deflates each distinct file once for every zip of a build, and takes its CRC once: the packages of the
    standards share their language scripts, styles and assets, which are most of their bytes. Safe across the
    writer threads; a second thread asking for a file another is deflating waits for that result rather than
    deflating it again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done: dict[bytes, Future[tuple[bytes, int]]] = {}

    def __call__(self, data: bytes) -> tuple[bytes, int]:
        """The file's deflated bytes and its CRC-32."""
        with self.lock:
            found = self.done.get(data)
            if found is None:
                found = self.done[data] = Future()
                found.set_running_or_notify_cancel()
                mine = True
            else:
                mine = False
        if mine:
            try:
                found.set_result((zlib.compress(data, LEVEL, wbits=-15), zlib.crc32(data)))  # raw deflate, as in a zip
            except BaseException as error:
                found.set_exception(error)
                raise
        return found.result()

    def ahead(self, data: bytes, stop: threading.Event) -> None:
        """Deflate `data` before a writer asks for it; a failure is the writer's to raise, when it does."""
        with contextlib.suppress(Exception):
            if not stop.is_set():
                self(data)


def entry_info(
    name: str, stamp: tuple[int, int, int, int, int, int], data: bytes, packed: bytes, crc: int
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the permission bits below mean the same everywhere.
    info.external_attr = 0o100644 << 16
    info.file_size, info.compress_size, info.CRC = len(data), len(packed), crc
    return info


def central_record(info: zipfile.ZipInfo) -> bytes:
    """The entry's record in the central directory, as zipfile writes it for an entry under 4 GB."""
    try:
        name, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        name, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800  # the name is UTF-8
    year, month, day, hour, minute, second = info.date_time
    record = struct.pack(
        *CENTRAL_RECORD,
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        flags,
        info.compress_type,
        hour << 11 | minute << 5 | second // 2,
        (year - 1980) << 9 | month << 5 | day,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(name),
        0,
        0,
        0,
        info.internal_attr,
        info.external_attr,
        info.header_offset,
    )
    return record + name


def zip_bytes_into(
    raw: IO[bytes], files: dict[str, bytes], epoch: int, stop: threading.Event, deflate: Deflater
) -> None:
    """The zip of `files` in name order, byte for byte what zipfile writes (tests/test_build.py holds it to that),
    written here so that each file's deflated bytes can come from `deflate`, shared by the build's zips."""
    stamp = zip_time(epoch)
    offset = 0
    directory = []
    for name in sorted(files):
        if stop.is_set():
            raise CancelledError
        data = files[name]
        packed, crc = deflate(data)
        info = entry_info(name, stamp, data, packed, crc)
        info.header_offset = offset
        header = info.FileHeader(zip64=False)
        raw.write(header)
        raw.write(packed)
        offset += len(header) + len(packed)
        directory.append(central_record(info))
    listing = b"".join(directory)
    raw.write(listing)
    count = len(directory)
    raw.write(struct.pack(*END_RECORD, 0, 0, count, count, len(listing), offset, 0))


def stage_package(package: Package, epoch: int, stop: threading.Event, deflate: Deflater) -> Path:
    """The zip of `package`, staged beside its target (outputs.staged_file), so that the rename is atomic."""

    def write(raw: IO[bytes]) -> None:
        zip_bytes_into(raw, package.files, epoch, stop, deflate)

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
    """Write every zip to its temporary, recording each finished one in `staged` (target: temporary) even when the
    call fails. The files are deflated first, largest first and side by side (deflate runs outside the interpreter
    lock), then the zips written from them. On the first failure or an interruption the other tasks stop at their
    next file, and the call returns only once every one has stopped."""
    stop = threading.Event()
    deflate = Deflater()
    contents = sorted({id(data): data for package in packages for data in package.files.values()}.values(), key=len)
    pool = ThreadPoolExecutor(workers)
    futures: dict[Path, Future[Path]] = {}
    try:
        with stop_signals_held():
            for data in reversed(contents):
                pool.submit(deflate.ahead, data, stop)
            futures = {package.path: pool.submit(stage_package, package, epoch, stop, deflate) for package in packages}
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
