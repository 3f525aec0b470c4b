"""How the tool names files: to the person reading a message (`display_path`), and in the locales folders (the
templates' names, the size a catalog or template may have). Every stage imports these from here, not from one
another."""

from __future__ import annotations

import os
from pathlib import Path

POT_NAME = "messages.pot"
ORGANISATION_POT_NAME = "organisation.pot"  # an organisation's template, in organisations/<slug>/locales/
CATALOG_LIMIT = 32 * 2**20  # the real course's catalogs are 0.2 MB for 5 lessons; this holds some 700 lessons


def display_path(path: Path) -> str:
    """A path as the user typed it (relative to the working directory when inside it), control characters escaped."""
    try:
        text = os.path.relpath(path)
    except ValueError:
        text = str(path)
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
