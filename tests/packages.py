"""Reading a built package as the learner's browser would: the launch page (which holds the first locale) and the
other locales' parts of the page, each in its script."""

from __future__ import annotations

import json
import zipfile

from course.model import Standard

LOCALE_CALL = "CourseRuntime.locales.add("
# The standards whose packages an LMS launches through a SCORM API (the test LMS plays one); cmi5 packages are
# launched by the cmi5 harness (tests/cmi5/).
SCORM_STANDARDS: tuple[Standard, ...] = ("scorm12", "scorm2004")


def locale_html(archive: zipfile.ZipFile, code: str) -> str:
    """The HTML that locales/<code>.js hands to the runtime."""
    script = archive.read(f"locales/{code}.js").decode("utf-8")
    assert script.startswith(LOCALE_CALL), script[:80]
    assert script.endswith(");\n"), script[-80:]
    handed_code, html = json.loads(f"[{script[len(LOCALE_CALL) : -3]}]")
    assert handed_code == code
    return str(html)


def locale_scripts(archive: zipfile.ZipFile) -> list[str]:
    """The locales that come as scripts of their own (every one but the launch page's)."""
    return sorted(
        name.removeprefix("locales/").removesuffix(".js") for name in archive.namelist() if name.startswith("locales/")
    )


def page_text(archive: zipfile.ZipFile) -> str:
    """The launch page followed by every locale's part of it: all the HTML a learner can be shown."""
    parts = [archive.read("index.html").decode("utf-8")]
    parts += [locale_html(archive, code) for code in locale_scripts(archive)]
    return "\n".join(parts)
