"""Compiled templates kept between processes: Jinja's bytecode cache, in the user's cache folder, never in the project
or its build/ folder (a failed build leaves those exactly as they were).

Compiling the launch page's templates is about a fifth of a fresh build of the real course; loading them compiled
takes 2 ms. Jinja names each entry by the template's name and file and checks it against a digest of the source
before it uses it, so an edited template is compiled again. Jinja's key leaves out what else shapes the compiled
code, so the folder is named by a digest of that: Jinja's and Python's versions and the Environment's syntax and
options; another version of the tool, of Jinja or of Python never loads code compiled for another. A cache that
cannot be read or written is no cache: the templates are compiled as before, and nothing fails because of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from course.paths import APPLICATION, cache_home


def environment_digest(env: Environment) -> str:
    """A digest of everything the compiled code of a template depends on besides its source."""
    shape = (
        jinja2.__version__,
        sys.version_info[:2],
        sys.implementation.cache_tag,
        sorted(env.extensions),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.autoescape if isinstance(env.autoescape, bool) else repr(env.autoescape),
        env.finalize is not None,
        env.optimized,
        env.is_async,
        getattr(env, "newstyle_gettext", None),
        sorted((name, repr(value)) for name, value in env.policies.items()),
    )
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:20]


class QuietCache(FileSystemBytecodeCache):
    """Jinja's file cache, but an entry that cannot be read (cut short, garbled) is compiled again, and one that
    cannot be written (a full disk, a read-only folder) is left unwritten, instead of failing the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (whatever the file holds, the template is compiled from its source)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(env: Environment) -> QuietCache | None:
    """The cache for `env`'s templates, in a folder of the user's own (mode 0700); None when none can be made."""
    home = cache_home()
    if home is None:
        return None
    folder = home / APPLICATION / f"jinja-{environment_digest(env)}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder))
