"""What a build derives from files that seldom change, kept between processes in the user's cache folder beside the
compiled templates (`course.bytecode`), never in the project or its build/ folder: a fresh process gets it in a
fraction of the time it takes to make it again.

A kept value is a pure function of its key (bytes that hold everything it is made from: a file's bytes and what else
the caller names) and of the code that makes it: an entry is named by a digest of the key, in a folder named by a
digest of the source of the modules in the Store's `code` and of the versions of Python and of the libraries it
names, so an edited input, or edited code, is made again (a memo, `course.markdown_cache`, keeps a table of such
values instead, each a pure function of its own text, whatever the key). What is kept is never a build's output: the
launch page and the locale scripts are rendered in every build. A value whose making fails is never kept (it fails,
and is reported, every time). An entry that does not read back whole (it carries a digest of itself) or cannot be
written is no entry: the value is made as before, and nothing fails because of the cache. Each folder keeps the
entries last used (`Store.most_entries`) and only the current code's folder is kept, so the cache stays small.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from course.paths import APPLICATION, cache_home

T = TypeVar("T")
DIGEST = 32  # bytes of sha256


@dataclass(frozen=True)
class Store:
    """One kind of kept value: its folder's name, the modules whose code makes it, and how it is written."""

    name: str
    code: tuple[str, ...]  # every course module the value's making runs (each Store's test checks the list)
    versions: tuple[str, ...] = ()  # the versions of the libraries it runs
    most_entries: int = 32
    dump: Callable[[Any], bytes] = marshal.dumps
    load: Callable[[bytes], Any] = marshal.loads

    def entry(self, key: bytes) -> Path | None:
        home = cache_home()
        if home is None:
            return None
        return (
            home
            / APPLICATION
            / f"{self.name}-{code_digest(self.code, self.versions)}"
            / hashlib.sha256(key).hexdigest()
        )


@functools.cache
def code_digest(code: tuple[str, ...], versions: tuple[str, ...]) -> str:
    """A digest of everything a kept value depends on besides its key."""
    digest = hashlib.sha256(repr((versions, sys.version_info[:3], marshal.version)).encode())
    for name in code:
        spec = importlib.util.find_spec(name)  # without importing it: a value from the cache needs no maker
        digest.update(Path(str(spec and spec.origin)).read_bytes())
    return digest.hexdigest()[:20]


def from_cache(store: Store, key: bytes, make: Callable[[], T]) -> T:
    """The value `make` makes, from the cache when an earlier process made it for the same key and code."""
    entry = store.entry(key)
    found = None if entry is None else loaded(store, entry)
    if found is not None:
        value: T = found
        return value
    value = make()
    if entry is not None:
        written(store, entry, value)
    return value


def loaded(store: Store, entry: Path) -> Any:
    """The entry's value, or None when there is none or it does not read back whole."""
    try:
        stored = entry.read_bytes()
    except OSError:
        return None
    payload = stored[DIGEST:]
    if hashlib.sha256(payload).digest() != stored[:DIGEST]:
        return None  # cut short or garbled
    with contextlib.suppress(OSError):
        os.utime(entry)  # used: the last to go when the folder is pruned
    return store.load(payload)


def written(store: Store, entry: Path, value: object) -> None:
    """Write the entry whole or not at all (two builds may write it at once), in a folder of the user's own that
    keeps the entries last used; the first entry of a new version of the code removes the store's other folders."""
    payload = store.dump(value)
    with contextlib.suppress(OSError):
        if not entry.parent.is_dir():
            for other in entry.parent.parent.glob(f"{store.name}-*"):
                shutil.rmtree(other, ignore_errors=True)
            entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".writing-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, entry)
        except OSError:
            os.unlink(temporary)
            raise
        pruned(entry.parent, store.most_entries)


def pruned(folder: Path, most_entries: int) -> None:
    """Remove all but the `most_entries` entries last used (a file edited many times leaves one entry each time)."""
    used = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):  # another process may have removed it
            used.append((path.stat().st_mtime, path))
    for _, path in sorted(used)[:-most_entries]:
        path.unlink(missing_ok=True)
