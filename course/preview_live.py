"""The preview's fast path: a saved content file or catalog, re-rendered as the views of the page that changed.

`LiveCourse` keeps what the last render read: the templates, each locale's catalogs, the parsed course and each
locale's markup. When only content files or the catalogs of the package's languages changed, it reads again only the
lesson files that changed (the whole content folder when anything else in it did) and the catalogs that changed,
runs the checks the build runs before it renders (the content's own, the organisation's profile, the suspend_data
limits, the locales, the catalogs' own), renders first the locales the page shows and hands over, view by view, the
markup before and after the change: the page puts it in place without a reload. The full build follows in any case
(the served files, every standard), and is the only path for a change anywhere else (templates, runtime, another
catalog, a profile), after which the page reloads.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, partial
from pathlib import Path

from course.build import BuildRequest, check_limits, load_catalogs, organised, plan_catalogs
from course.catalogs import po_path
from course.content import cross_checks, load_course, read_file, read_lesson
from course.content_files import content_files, lesson_number
from course.model import Course, Lesson
from course.render import RUNTIME, TEMPLATES, LocaleCatalogs, LocaleInfo, make_environment, render_locale

# A view of the page: an element with data-view="<name>" (the runtime shows one at a time).
VIEW = re.compile(r'<([a-z][a-z0-9]*)\b[^>]*?\sdata-view="([^"]+)"')
ViewChanges = dict[str, dict[str, tuple[str, str]]]  # locale → view name → (its markup before, after)
Fingerprint = dict[str, tuple[int, int]]  # path → (modification time in ns, size)


class Watched:
    """The watched files (the organisation's profile folder too, when one is previewed) with their modification
    times and sizes, looked at cheaply: each look stats the folders and files it found before, and walks the folders
    again only when one of them changed (a file added, removed or renamed in it). A file or folder removed while
    this looks is left out, and an unreadable folder skipped (os.walk ignores both), so that looking never fails."""

    def __init__(self, request: BuildRequest) -> None:
        project = request.project
        profiles = tuple(project.organisations / slug for slug in request.organisations)
        self.roots = (project.content, project.locales, TEMPLATES, RUNTIME, *profiles)
        self.folders: dict[str, int | None] = {}
        self.files: list[str] = []

    def look(self) -> Fingerprint:
        if not self.folders or any(modified(folder) != time for folder, time in self.folders.items()):
            self.folders = {str(root): modified(str(root)) for root in self.roots}
            self.files = []
            for root in self.roots:
                for parent, _, names in os.walk(root):
                    self.folders[parent] = modified(parent)
                    self.files += [os.path.join(parent, name) for name in names]
        found = {}
        for path in self.files:
            with contextlib.suppress(OSError):
                status = os.stat(path)
                found[path] = (status.st_mtime_ns, status.st_size)
        return found


def modified(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def fingerprint(request: BuildRequest) -> Fingerprint:
    """The watched files as they are now (`Watched`, looked at once)."""
    return Watched(request).look()


def changed_files(before: Fingerprint, after: Fingerprint) -> set[Path]:
    """The files added, removed or changed from one look to the next."""
    return {Path(path) for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@cache
def closing(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>")


def view_parts(html: str) -> tuple[str, dict[str, str]]:
    """The markup around the views (each view replaced by its name) and each view's markup, by name. The markup is
    the templates' own with every text escaped, so that counting the openings and closings of the view's own tag
    finds its end."""
    around, views, at = [], {}, 0
    while found := VIEW.search(html, at):
        depth, end = 0, len(html)
        for tag in closing(found.group(1)).finditer(html, found.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        around += [html[at : found.start()], f"<!-- view {found.group(2)} -->"]
        views[found.group(2)] = html[found.start() : end]
        at = end
    around.append(html[at:])
    return "".join(around), views


def view_changes(before: str, after: str) -> dict[str, tuple[str, str]] | None:
    """The views whose markup differs, with their markup before and after; None when anything around the views
    differs (the header, the menu, the strings) or a view came or went: the page reloads for that."""
    around_before, views_before = view_parts(before)
    around_after, views_after = view_parts(after)
    if around_before != around_after or views_before.keys() != views_after.keys():
        return None
    return {name: (views_before[name], markup) for name, markup in views_after.items() if views_before[name] != markup}


class LiveCourse:
    """What the last render read, and each locale's markup as the page holds it; `update`, `settle` and `refresh`
    replace them together under one lock (the watcher calls the first two, the builder the last)."""

    def __init__(self, request: BuildRequest) -> None:
        self.request = request
        self.lock = threading.Lock()
        self.ready = False  # False until `refresh` has read everything, and again after a change `update` cannot do
        self.generation = 0  # the change the markup is of
        self.markup: dict[str, str] = {}
        self.behind: list[str] = []  # the locales whose markup is still of the change before, until `settle`
        self.base: Course | None = None  # the course as the content folder has it, before any profile
        self.course: Course | None = None  # as the previewed package shows it
        self.lessons: dict[Path, int] = {}
        self.catalogs: dict[str, LocaleCatalogs] = {}
        self.infos: list[LocaleInfo] = []
        self.env = make_environment()

    def invalidate(self) -> None:
        with self.lock:
            self.ready = False

    def refresh(self, generation: int) -> None:
        """Everything read afresh, as the full build of `generation` read it; raises what the build would."""
        env = make_environment()
        base = load_course(self.request.project.content)
        course, codes = self.checked(base)
        catalogs = {code: load_catalogs(course, self.request.project, code) for code in codes}
        infos = [LocaleInfo.of(code) for code in codes]
        with self.lock:
            self.env, self.catalogs, self.infos = env, catalogs, infos
            self.markup, self.behind = {}, list(codes)
            self.keep(base, course, generation)
            self.render_behind()
            self.ready = True

    def update(
        self,
        changed: set[Path],
        generation: int,
        shown: Sequence[str],
        hand_over: Callable[[int, list[str], ViewChanges], None],
    ) -> bool:
        """Render the change to content files and catalogs of the package's languages (`changed`) in the locales
        the page holds (`shown`; until it says, the one its launch page shows) and hand over their changed views,
        with the change their markup before was of and the locales rendered. The other locales wait for `settle`.
        False when the change is more than that (another file, the set of views, anything around them, the course's
        languages): the page reloads after the full build. Raises what the build would."""
        project = self.request.project
        with self.lock:
            if not self.ready or self.base is None:
                return False
            places = {po_path(project.locales, code): code for code in self.catalogs}
            if not all(path.is_relative_to(project.content) or path in places for path in changed):
                self.ready = False
                return False
            self.render_behind()
            edited = {path for path in changed if path.is_relative_to(project.content)}
            base = self.reread(self.base, edited) if edited else self.base
            course, codes = self.checked(base)
            catalogs = self.catalogs | {
                places[path]: load_catalogs(course, project, places[path]) for path in changed if path in places
            }
            first = [code for code in shown if code in self.markup] or [self.infos[0].code]
            same = list(codes) == list(self.markup)
            markup = {code: self.render(course, code, catalogs) for code in first} if same else {}
            changes = {code: view_changes(self.markup[code], markup[code]) for code in markup}
            if len(markup) != len(first) or any(found is None for found in changes.values()):
                self.ready = False
                return False
            hand_over(self.generation, first, {code: found for code, found in changes.items() if found})
            self.markup |= markup
            self.behind = [code for code in codes if code not in markup]
            self.catalogs = catalogs
            self.keep(base, course, generation)
            return True

    def settle(self) -> None:
        """Render the locales the last update left behind, so that every locale's markup is the content's (the
        watcher calls this when it has seen no change for a moment: the page has had its update)."""
        with self.lock:
            self.render_behind()

    def render_behind(self) -> None:
        if self.course is not None:
            self.markup |= {code: self.render(self.course, code, self.catalogs) for code in self.behind}
        self.behind = []

    def keep(self, base: Course, course: Course, generation: int) -> None:
        content = self.request.project.content
        self.base, self.course, self.generation = base, course, generation
        self.lessons = {path: index for index, path in enumerate(content_files(content)[0])}

    def reread(self, base: Course, changed: set[Path]) -> Course:
        """The course with the changed lesson files read again and the rest reused, checked across files as
        `load_course` checks it; anything else that changed (or any problem) reads the whole folder, which raises
        the build's own error listing every problem."""
        lessons: list[Lesson] = list(base.lessons)
        for path in changed:
            if path not in self.lessons:
                return load_course(self.request.project.content)
            lesson, problems = read_file(path, partial(read_lesson, number=lesson_number(path)))
            if problems or lesson is None:
                return load_course(self.request.project.content)
            lessons[self.lessons[path]] = lesson
        if cross_checks(lessons, base.assessment, check_references=True):
            return load_course(self.request.project.content)
        return replace(base, lessons=tuple(lessons))

    def checked(self, base: Course) -> tuple[Course, tuple[str, ...]]:
        """The course as the previewed package shows it, held to the build's checks before rendering, and the
        package's locales."""
        (course,) = organised(base, self.request)
        check_limits(course, self.request.standards)
        (plan,) = plan_catalogs(course, self.request)
        return course, plan.locales

    def render(self, course: Course, code: str, catalogs: dict[str, LocaleCatalogs]) -> str:
        visible = code == self.infos[0].code  # the package's first locale shows before the script picks one
        rendered = render_locale(self.env, course, catalogs[code], self.infos, visible)
        return rendered.html + rendered.views  # its frame and its other views: each view is in one of them
