"""Compiled catalogs kept between processes: what a build takes from a locale's .po file (its usable translations
and its plural rule), in the user's cache folder beside the compiled templates (`course.bytecode`), never in the
project or its build/ folder.

Reading and checking one catalog of the real course takes some 30 ms, three times in every build; loading it
compiled takes well under one. What is kept is a pure function of the file's bytes and its locale, computed by the
modules in CODE: an entry is named by a digest of the bytes and the locale, in a folder named by a digest of those
modules' source and of Babel's and Python's versions, so an edited catalog, or an edited reader, is read again. A
catalog with a problem is never kept (it is read, and reported, every time). An entry that does not read back
whole (it carries a digest of itself) or cannot be written is no entry: the catalog is read as before. The folder
keeps the entries last used (MOST_ENTRIES) and only the current code's folder is kept, so the cache stays small.
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
from pathlib import Path

import babel

from course.paths import APPLICATION, cache_home

MessageKey = tuple[str | None, str]
Compiled = tuple[dict[MessageKey, tuple[str, ...]], str]  # the usable translations, the plural= expression
# Every module of the tool that `catalogs.load_locale` runs, reading and compiling a catalog (tests/test_catalog_cache
# checks that this is every course module course.catalogs imports, itself included).
CODE = (
    "course.catalog_cache",
    "course.catalogs",
    "course.errors",
    "course.headers",
    "course.inputs",
    "course.outputs",
    "course.paths",
    "course.plurals",
    "course.pocompile",
    "course.pofile",
    "course.pomessages",
    "course.timestamps",
)
DIGEST = 32  # bytes of sha256
MOST_ENTRIES = 32  # the real course has 3 catalogs, each organisation a few more


@functools.cache
def code_digest() -> str:
    """A digest of everything the compiled form of a catalog depends on besides its bytes and locale."""
    digest = hashlib.sha256(repr((babel.__version__, sys.version_info[:3], marshal.version)).encode())
    for name in CODE:
        spec = importlib.util.find_spec(name)  # without importing it: a build from the cache needs no reader
        digest.update(Path(str(spec and spec.origin)).read_bytes())
    return digest.hexdigest()[:20]


def entry_path(data: bytes, locale: str) -> Path | None:
    home = cache_home()
    if home is None:
        return None
    key = hashlib.sha256(locale.encode() + b"\0" + data).hexdigest()
    return home / APPLICATION / f"catalogs-{code_digest()}" / key


def compiled(data: bytes, locale: str, compile_catalog: Callable[[], Compiled]) -> Compiled:
    """The catalog compiled, from the cache when an earlier process compiled the same bytes for the same locale;
    `compile_catalog` reads it otherwise (and raises for a catalog with a problem, which leaves nothing kept)."""
    entry = entry_path(data, locale)
    found = None if entry is None else loaded(entry)
    if found is not None:
        return found
    result = compile_catalog()
    if entry is not None:
        store(entry, result)
    return result


def loaded(entry: Path) -> Compiled | None:
    try:
        stored = entry.read_bytes()
    except OSError:
        return None
    payload = stored[DIGEST:]
    if hashlib.sha256(payload).digest() != stored[:DIGEST]:
        return None  # cut short or garbled
    with contextlib.suppress(OSError):
        os.utime(entry)  # used: the last to go when the folder is pruned
    strings, expression = marshal.loads(payload)
    return strings, expression


def store(entry: Path, result: Compiled) -> None:
    """Write the entry whole or not at all (two builds may write it at once), in a folder of the user's own that
    keeps the MOST_ENTRIES last used; the first entry of a new version of the code removes the folders of others."""
    payload = marshal.dumps(result)
    with contextlib.suppress(OSError):
        if not entry.parent.is_dir():
            for other in entry.parent.parent.glob("catalogs-*"):
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
        pruned(entry.parent)


def pruned(folder: Path) -> None:
    """Remove all but the MOST_ENTRIES entries last used (a catalog edited many times leaves one entry each time)."""
    used = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):  # another process may have removed it
            used.append((path.stat().st_mtime, path))
    for _, path in sorted(used)[:-MOST_ENTRIES]:
        path.unlink(missing_ok=True)
