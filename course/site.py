"""Assemble each standard's package from the rendered locales: the launch page with the first locale's frame, the
scripts that hand the other locales' frames and every locale's views to the runtime (course.render's docstring says
why a locale ships in two parts), the runtime, the content's files.

The launch page's config lists each of those scripts with the Subresource Integrity hash of its bytes; the runtime
loads no other."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from course.contrast import palette
from course.model import Course, Standard
from course.render import (
    KEYS,
    LAUNCH_PAGE,
    RUNTIME_SCRIPT,
    RUNTIME_STYLES,
    LocaleInfo,
    RenderedLocale,
    runtime_config,
    runtime_script,
    shipped,
)

LOCALE_SCRIPT = "locales/{code}.js"  # a locale's frame, for every locale but the launch page's
VIEWS_SCRIPT = "views/{code}.js"  # a locale's other views, for every locale
ORGANISATION_STYLES = "organisation.css"  # appended to course.css in an organisation's package only


def connect_sources(standard: Standard) -> str:
    """The launch page's connect-src. A SCORM package talks to the LMS through the API object its window finds, so
    it may fetch nothing; a cmi5 package talks xAPI to the endpoint in its launch URL, which no build can know, so
    its page allows http and https and the runtime narrows that to the launch's endpoint and fetch URL before any
    request (cmi5.js narrow: a second policy, and browsers enforce both)."""
    return "http: https:" if standard == "cmi5" else "'none'"


@dataclass(frozen=True)
class Site:
    """For each standard, the files of its package (launch page, runtime, content files) by path inside it."""

    packages: dict[Standard, dict[str, bytes]]
    fallbacks: dict[str, int]
    metadata: dict[str, tuple[str, str]]  # locale → (title, description) for the manifest
    objectives: dict[str, dict[str, str]]  # locale → objective id → its text, for the manifest


# What the views need of each question and scenario beyond what the launch needs (the shapes, which the tracker's
# suspend codec reads): the answer keys, what each question tests, and each scenario's graph.
VIEW_KEYS = {"questions": ("correct", "lessons", "objectives"), "decisions": ("start", "steps")}


def split_config(settings: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The runtime's settings as the launch page holds them, and what only the views need (VIEW_KEYS), which
    views/course.js brings with the first views (the runtime merges it in): no learner downloads the answer keys and
    the scenarios' graphs before the start page shows, and the package holds them once."""
    boot = dict(settings)
    keys: dict[str, Any] = {}
    for group, names in VIEW_KEYS.items():
        boot[group] = {
            item: {k: v for k, v in entry.items() if k not in names} for item, entry in settings[group].items()
        }
        keys[group] = {item: {k: entry[k] for k in names} for item, entry in settings[group].items()}
    return boot, keys


def integrity(script: bytes) -> str:
    """The Subresource Integrity hash of a script's exact bytes: the browser runs the script only if they match."""
    return "sha384-" + base64.b64encode(hashlib.sha384(script).digest()).decode("ascii")


def package_key(settings: dict[str, Any], standard: Standard) -> str:
    """A name for the package that differs wherever its content shape, languages or standard do, so that two
    packages of one course id never share a learner's record in the browser (the runtime keys it by this)."""
    digest = hashlib.sha256(json.dumps([standard, settings], sort_keys=True).encode()).hexdigest()
    return f"{standard}-{digest[:16]}"


def page_config(
    settings: dict[str, Any], boot: dict[str, Any], standard: Standard, listed: dict[str, dict[str, str]]
) -> Markup:
    """The launch page's `course-config` JSON: the runtime's settings as the launch needs them (`boot`), the
    package's key (from all of them) and every script the runtime may load (`listed`, code → integrity: each further
    language's frame in `scripts`, each language's other views in `views`, views/course.js in `keys`), escaped so
    it cannot end its script element."""
    config = {**boot, "package": package_key(settings, standard), **listed}
    return htmlsafe_json_dumps(config, sort_keys=True, separators=(",", ":"))


def handover(call: str, code: str, value: Any) -> bytes:
    """A part of the page as a script that hands it to the runtime (`CourseRuntime.locales.<call>`, in locales.js).
    JSON makes the HTML a safe string literal; the file is UTF-8, the launch page's declared encoding."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"CourseRuntime.locales.{call}({json.dumps(code)},{data});\n".encode()


@dataclass(frozen=True)
class Script:
    """A script of the package, and the Subresource Integrity hash the launch page's config lists it with."""

    data: bytes
    integrity: str

    @classmethod
    def of(cls, data: bytes) -> Script:
        return cls(data, integrity(data))


@dataclass(frozen=True)
class PackagedLocale:
    """A rendered locale as its package ships it. Made where the locale was rendered (in a worker process, in a
    large build), so that the JSON and the hashes of its scripts are spread over the cores too, and what comes back
    is bytes, not the markup a second time."""

    locale: LocaleInfo
    title: str
    description: str
    html: Markup | None  # the frame, for the package's first locale: the launch page holds it
    frame: Script | None  # locales/<code>.js, which hands the frame over, for every other locale
    views: Script  # views/<code>.js, which hands the other views over
    fallbacks: int
    objectives: dict[str, str]


def packaged(item: RenderedLocale, first: bool) -> PackagedLocale:
    """`item` as the package ships it, where it is the package's `first` locale or another."""
    code = item.locale.code
    frame = None if first else Script.of(handover("add", code, str(item.html)))
    views = Script.of(handover("addViews", code, str(item.views)))
    html = item.html if first else None
    fallbacks, objectives = item.fallbacks, item.objectives
    return PackagedLocale(item.locale, item.title, item.description, html, frame, views, fallbacks, objectives)


def organisation_styles(accent: str) -> bytes:
    """What an organisation's package adds to the stylesheet: the rules of its logo, notes and links
    (organisation.css, so that no other package carries them) and its accent with the shades course.css uses, on
    screen (print stays black on white). Appended, not inline, which the page's policy forbids, and no request more.
    `course.organisation` has checked that the palette keeps WCAG AA contrast wherever course.css uses it."""
    values = ";".join(f"{name}:{value}" for name, value in palette(accent).items())
    return shipped(ORGANISATION_STYLES) + f"@media not print{{:root{{{values}}}}}\n".encode()


def assemble_site(
    env: Environment,
    course: Course,
    rendered: list[PackagedLocale],
    assets: dict[str, bytes],
    standards: tuple[Standard, ...],
) -> Site:
    """For each standard: the launch page with the first locale's frame in it (shown until the runtime picks the
    learner's language), the other locales' frames, every locale's other views, the runtime, and the files the
    content refers to."""
    codes = [item.locale.code for item in rendered]
    launch = env.get_template(LAUNCH_PAGE)
    settings = runtime_config(course, codes)
    boot, keys = split_config(settings)
    frames = {item.locale.code: item.frame for item in rendered if item.frame is not None}
    views = {item.locale.code: item.views for item in rendered}
    keys_script = Script.of(handover("addKeys", KEYS, keys))
    scripts = {code: script.integrity for code, script in frames.items()}
    view_scripts = {code: script.integrity for code, script in views.items()}
    listed = {"scripts": scripts, "views": view_scripts, "keys": {KEYS: keys_script.integrity}}
    locale_files = {
        **{LOCALE_SCRIPT.format(code=code): script.data for code, script in frames.items()},
        **{VIEWS_SCRIPT.format(code=code): script.data for code, script in views.items()},
        VIEWS_SCRIPT.format(code=KEYS): keys_script.data,
    }
    packages: dict[Standard, dict[str, bytes]] = {}
    styles = {f"runtime/{name}": shipped(name) for name in RUNTIME_STYLES}
    if course.organisation is not None:
        styles[f"runtime/{RUNTIME_STYLES[0]}"] += organisation_styles(course.organisation.accent)
        assets = {**assets, course.organisation.logo.path: course.organisation.logo.data}
    for standard in standards:
        page = launch.render(
            course=course,
            first=rendered[0],
            config=page_config(settings, boot, standard, listed),
            script=f"runtime/{RUNTIME_SCRIPT}",
            styles=list(styles),
            connect=connect_sources(standard),
        )
        runtime = {f"runtime/{RUNTIME_SCRIPT}": runtime_script(standard), **styles}
        packages[standard] = {LAUNCH_PAGE: page.encode("utf-8"), **locale_files, **runtime, **assets}
    return Site(
        packages,
        {item.locale.code: item.fallbacks for item in rendered},
        {item.locale.code: (item.title, item.description) for item in rendered},
        {item.locale.code: item.objectives for item in rendered},
    )
