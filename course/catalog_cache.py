"""Compiled catalogs kept between processes (`course.cache`): what a build takes from a locale's .po file (its usable
translations and its plural rule).

Reading and checking one catalog of the real course takes some 30 ms, three times in every build; loading it
compiled takes well under one. What is kept is a pure function of the file's bytes and its locale, computed by the
modules in CODE (and Babel): an entry is named by the bytes and the locale, so an edited catalog, or an edited
reader, is read again. A catalog with a problem is never kept (it is read, and reported, every time).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from course.cache import Store, from_cache

MessageKey = tuple[str | None, str]
Compiled = tuple[dict[MessageKey, tuple[str, ...]], str]  # the usable translations, the plural= expression
# Every module of the tool that `catalogs.load_locale` runs, reading and compiling a catalog (tests/test_catalog_cache
# checks that this is every course module course.catalogs imports, itself included).
CODE = (
    "course.cache",
    "course.catalog_cache",
    "course.catalogs",
    "course.cldr",
    "course.errors",
    "course.headers",
    "course.inputs",
    "course.outputs",
    "course.paths",
    "course.plurals",
    "course.pocompile",
    "course.pofile",
    "course.pomessages",
    "course.strict_catalog",
    "course.timestamps",
)
# Babel is named by its package, whose first file names its version. The real course has 3 catalogs, each
# organisation a few more.
CATALOGS = Store("catalogs", (*CODE, "babel"), most_entries=32)


def catalog_key(data: bytes, locale: str) -> bytes:
    return locale.encode() + b"\0" + data


def entry_path(data: bytes, locale: str) -> Path | None:
    """Where the catalog's compiled form is kept (None when the user has no cache folder)."""
    return CATALOGS.entry(catalog_key(data, locale))


def compiled(data: bytes, locale: str, compile_catalog: Callable[[], Compiled]) -> Compiled:
    """The catalog compiled, from the cache when an earlier process compiled the same bytes for the same locale;
    `compile_catalog` reads it otherwise (and raises for a catalog with a problem, which leaves nothing kept)."""
    return from_cache(CATALOGS, catalog_key(data, locale), compile_catalog)
