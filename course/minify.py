"""The runtime as it ships, kept between processes (`course.cache`): each file minified, and each standard's files
in one script, made by `course.minifier` (imported only when the cache has no answer)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from course.cache import Store, from_cache

# Minifying the runtime is a sixth of a fresh build of the real course, loading it kept 1 ms. The preview keeps an
# entry for each version of a file it is shown. The minifiers are named by their modules, which hold their versions.
SHIPPED = Store(
    "runtime",
    ("course.cache", "course.minifier", "course.minify", "course.paths", "rcssmin", "rjsmin"),
    most_entries=64,
)


@lru_cache(maxsize=256)
def minified(name: str, source: bytes) -> bytes:
    """The shipped form of one runtime file (`.js` or `.css`), made once for the same bytes, in this process and
    in the user's cache (a changed file, in the preview, is minified again)."""

    def make() -> bytes:
        from course.minifier import shrunk

        return shrunk(name, source)

    return from_cache(SHIPPED, b"file\0" + name.encode() + b"\0" + source, make)


def bundled(scripts: Sequence[tuple[str, bytes]]) -> bytes:
    """Minified runtime scripts in one file under one wrapper (`course.minifier.joined`), kept as each file is."""
    key = b"".join(b"\0" + name.encode() + b"\0" + code for name, code in scripts)

    def make() -> bytes:
        from course.minifier import joined

        return joined(scripts)

    return from_cache(SHIPPED, b"bundle" + key, make)
