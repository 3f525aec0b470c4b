"""Shrink the runtime for shipping: comments and white space go, names and behaviour stay (rjsmin, rcssmin).

The sources in course/runtime/ stay the readable, commented files that tests load directly; learners on slow
phones get the same code in about half the bytes. Both libraries only remove what the grammar allows, so a
shipped file still reads as the source does, one statement after another, with its own names.

Joined into the package's one script, the runtime files also share one wrapper: each opens and closes the same
way (one CourseRuntime namespace each, exported for node's tests too), which is 200 bytes a file said once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]


@cache
def minified(name: str, source: bytes) -> bytes:
    """The shipped form of one runtime file (`.js` or `.css`), computed once per build process."""
    text = source.decode("utf-8")
    if name.endswith(".css"):
        return str(rcssmin.cssmin(text)).encode("utf-8")
    if name.endswith(".js"):
        return str(rjsmin.jsmin(text)).encode("utf-8")
    raise ValueError(f"no minifier for {name}")


OPENING = "(function(root){'use strict';const CR=(root.CourseRuntime=root.CourseRuntime||({}));"
CLOSING = "})(typeof globalThis!=='undefined'?globalThis:(this));"
NODE_EXPORT = re.compile(r"if\(typeof module!=='undefined'&&module\.exports\)module\.exports=\w+;(?:else )?")


def bundled(scripts: Sequence[tuple[str, bytes]]) -> bytes:
    """Minified runtime scripts in one file under one wrapper, each body a block of its own (its names stay its
    own, and it ends by naming itself: `CR.<name>=`); the node export goes, since only the tests load the files in
    node."""
    parts = []
    for name, code in scripts:
        text = code.decode("utf-8")
        if not (text.startswith(OPENING) and text.endswith(CLOSING)):
            raise ValueError(f"course/runtime/{name} does not open and close as every runtime script does")
        body = NODE_EXPORT.sub("", text[len(OPENING) : -len(CLOSING)], count=1)
        parts.append(f"{{{body}}}")
    return f"{OPENING}{''.join(parts)}{CLOSING}\n".encode()
