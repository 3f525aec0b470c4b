"""Files the course's Markdown refers to (images, documents): checked against the content folder and packaged.

A relative link or image target such as `images/meeting.png` names a file under course/content/; it ships as
`assets/images/meeting.png`. Anything that would leave the content folder (`..`, an absolute path, a link out)
is refused, so a package never carries a file the author did not put in the course.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from course.model import Text

TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
WEB = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
RELATIVE = re.compile(r"^(?!/)(?![A-Za-z][A-Za-z0-9+.-]*:)[A-Za-z0-9_./-]+$")
PACKAGE_FOLDER = "assets"


def is_web(target: str) -> bool:
    return bool(WEB.match(target))


def file_targets(text: str) -> list[str]:
    """The targets of links and images in a Markdown text that name files of the course, not web addresses."""
    return [target for target in TARGET.findall(text) if target and not is_web(target)]


def target_problem(root: Path, target: str) -> str | None:
    """Why `target` cannot be packaged, or None when it names a file inside `root`."""
    if not RELATIVE.match(target) or ".." in target.split("/"):
        return (
            f"the link target {target!r} is not allowed; link to https://, http:// or mailto: addresses, or to "
            "a file in the content folder by a relative path such as images/picture.png"
        )
    path = root / target
    if not path.resolve().is_relative_to(root.resolve()):
        return f"{target!r} leads out of the content folder (it is a link); copy the file into the content folder"
    if not path.is_file():
        return f"{target!r}: no such file in {root}; add it there or fix the path"
    return None


def asset_files(root: Path, texts: Iterable[Text]) -> dict[str, bytes]:
    """Every file the texts refer to, by its path in the package."""
    targets = sorted({target for text in texts for target in file_targets(text.source)})
    return {f"{PACKAGE_FOLDER}/{target}": (root / target).read_bytes() for target in targets}
