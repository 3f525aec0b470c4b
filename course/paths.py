"""How the tool names files: to the person reading a message (`display_path`), in the locales folders (the
templates' names, the size a catalog or template may have) and in the user's cache folder (`cache_home`). Every
stage imports these from here, not from one another."""

from __future__ import annotations

import os
import re
from pathlib import Path

POT_NAME = "messages.pot"
ORGANISATION_POT_NAME = "organisation.pot"  # an organisation's template, in organisations/<slug>/locales/
CATALOG_LIMIT = 32 * 2**20  # the real course's catalogs are 0.2 MB for 5 lessons; this holds some 700 lessons
CONTENT_FILE_LIMIT = 1_000_000  # bytes of one content file; the course's largest, assessment.yaml, has 21 KB
# An id as it names a file or a folder: a lesson (lessons/NN-<id>.yaml), a question, an organisation's profile.
SLUG = re.compile(r"[a-z][a-z0-9-]{0,63}")
APPLICATION = "ledarskap-course"  # the tool's folder in the user's cache folder


def cache_home() -> Path | None:
    """The user's cache folder as the XDG base directory spec names it ($XDG_CACHE_HOME if absolute, else ~/.cache);
    None when there is no home to put it in."""
    given = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(given):
        return Path(given)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no HOME and no user database entry
        return None


def display_path(path: Path) -> str:
    """A path as the user typed it (relative to the working directory when inside it), control characters escaped."""
    try:
        text = os.path.relpath(path)
    except ValueError:
        text = str(path)
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
