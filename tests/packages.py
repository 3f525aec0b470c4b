"""Reading a built package as the learner's browser would: the launch page (which holds the first locale's frame),
the other locales' frames, each in its script, and every locale's other views, each in a script of its own."""

from __future__ import annotations

import json
import zipfile
from typing import Any

from course.model import Standard
from course.render import KEYS

# The standards whose packages an LMS launches through a SCORM API (the test LMS plays one); cmi5 packages are
# launched by the cmi5 harness (tests/cmi5/).
SCORM_STANDARDS: tuple[Standard, ...] = ("scorm12", "scorm2004")


def handed_over(archive: zipfile.ZipFile, path: str, call: str, code: str) -> list[Any]:
    """What the script at `path` hands to the runtime through `CourseRuntime.locales.<call>`, after the code: the
    HTML, and for the views what they need of the config."""
    script = archive.read(path).decode("utf-8")
    start = f"CourseRuntime.locales.{call}("
    assert script.startswith(start), script[:80]
    assert script.endswith(");\n"), script[-80:]
    handed_code, *handed = json.loads(f"[{script[len(start) : -3]}]")
    assert handed_code == code
    return list(handed)


def locale_frame(archive: zipfile.ZipFile, code: str) -> str:
    """The frame (root, strings, header, menu, footer, start view) that locales/<code>.js hands to the runtime."""
    [html] = handed_over(archive, f"locales/{code}.js", "add", code)
    return str(html)


def views_html(archive: zipfile.ZipFile, code: str) -> str:
    """The other views (lessons, checks, assessment, results, summary) that views/<code>.js hands to the runtime."""
    return str(handed_over(archive, f"views/{code}.js", "addViews", code)[0])


def view_keys(archive: zipfile.ZipFile) -> dict[str, Any]:
    """What views/course.js brings of the config for every language's views: the answer keys, what each question
    tests, the scenarios' graphs."""
    [keys] = handed_over(archive, f"views/{KEYS}.js", "addKeys", KEYS)
    return dict(keys)


def locale_html(archive: zipfile.ZipFile, code: str) -> str:
    """All of a locale's part of the page that comes as scripts: its frame, then its other views."""
    return locale_frame(archive, code) + "\n" + views_html(archive, code)


def locale_scripts(archive: zipfile.ZipFile) -> list[str]:
    """The locales that come as scripts of their own (every one but the launch page's)."""
    return sorted(
        name.removeprefix("locales/").removesuffix(".js") for name in archive.namelist() if name.startswith("locales/")
    )


def view_scripts(archive: zipfile.ZipFile) -> list[str]:
    """The locales whose other views come as a script (every one)."""
    scripts = [name for name in archive.namelist() if name.startswith("views/") and name.endswith(".js")]
    return sorted(code for code in (name[len("views/") : -len(".js")] for name in scripts) if code != KEYS)


def page_text(archive: zipfile.ZipFile) -> str:
    """The launch page followed by every locale's frame and other views: all the HTML a learner can be shown."""
    parts = [archive.read("index.html").decode("utf-8")]
    parts += [locale_frame(archive, code) for code in locale_scripts(archive)]
    parts += [views_html(archive, code) for code in view_scripts(archive)]
    return "\n".join(parts)
