"""Files the course's Markdown refers to (images, documents): checked against the content folder and packaged.

A relative link or image target such as `images/meeting.png` names a file under course/content/; it ships as
`assets/images/meeting.png`. Every such file is read by `read_input`, as the content files are: a regular file of
at most ASSET_LIMIT bytes that lies, links resolved, inside the content folder. Anything else (`..`, an absolute
path, a link out, a pipe, a folder) is refused, so a package never carries a file the author did not put in the
course, and reading one never hangs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from course.errors import ContentError, Problem
from course.inputs import InputError, read_input
from course.model import Text

# A link or image target, with one level of parentheses inside it as Markdown allows: javascript:alert(1) whole.
TARGET = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s>]*\))*)")
WEB = re.compile(r"(https?://|mailto:)", re.IGNORECASE)
RELATIVE = re.compile(r"(?!/)(?![A-Za-z][A-Za-z0-9+.-]*:)[A-Za-z0-9_./-]+")
PACKAGE_FOLDER = "assets"
ASSET_LIMIT = 5_000_000  # bytes of one picture or document; a package is downloaded by every learner


def is_web(target: str) -> bool:
    return bool(WEB.match(target))


def is_course_path(target: str) -> bool:
    """Whether `target` is a relative path that stays inside the content folder: no scheme, no leading `/`, no
    empty, `.` or `..` part. The one rule for the loader's check and for the Markdown renderer's links."""
    return bool(RELATIVE.fullmatch(target)) and not any(part in ("", ".", "..") for part in target.split("/"))


def file_targets(text: str) -> list[str]:
    """The targets of links and images in a Markdown text that name files of the course, not web addresses (a text
    without `](` has none, and is answered without a search)."""
    if "](" not in text:
        return []
    return [target for target in TARGET.findall(text) if target and not is_web(target)]


def target_problem(root: Path, target: str) -> str | None:
    """Why `target` cannot name a file of the course inside `root` (a path that leaves it, or nothing there), or
    None. Whether the file it names can ship is `read_asset`'s question."""
    if not is_course_path(target):
        return (
            f"the link target {target!r} is not allowed; link to https://, http:// or mailto: addresses, or to "
            "a file in the content folder by a relative path such as images/picture.png"
        )
    if not os.path.lexists(root / target):
        return f"{target!r}: no such file in {root}; add it there or fix the path"
    return None


def read_asset(root: Path, target: str) -> bytes:
    """The bytes of the file `target` names under `root`; InputError when it cannot ship."""
    try:
        return read_input(root / target, root, ASSET_LIMIT)
    except FileNotFoundError:
        raise InputError("this file does not exist; add it or fix the link") from None


def asset_files(root: Path, texts: Iterable[Text]) -> dict[str, bytes]:
    """Every file the texts refer to, by its path in the package (each was checked when the content loaded)."""
    targets = sorted({target for text in texts for target in file_targets(text.source)})
    files: dict[str, bytes] = {}
    for target in targets:
        try:
            files[f"{PACKAGE_FOLDER}/{target}"] = read_asset(root, target)
        except InputError as error:  # it changed since the content was loaded
            raise ContentError([Problem(str(root / target), 1, str(error))]) from None
    return files
