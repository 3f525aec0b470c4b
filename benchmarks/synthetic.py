"""Synthetic courses of any size, built from the real course's lessons, for measuring how the build scales."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog

from course.catalogs import forms as forms_of
from course.catalogs import po_path, write_catalog
from course.content import load_course
from course.extract import extract_catalog, write_pot
from course.project import Project

REPO = Path(__file__).resolve().parent.parent
# Twenty locales Babel knows, source first: enough to show how cost grows with the number of languages.
LOCALES = (
    "sv",
    "en",
    "fi",
    "ar",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "da",
    "nb",
    "pl",
    "pt",
    "cs",
    "et",
    "lv",
    "lt",
    "hu",
    "ro",
    "sk",
)


def lesson_copies(lessons: int) -> list[tuple[str, str]]:
    """(file name, YAML) for `lessons` lessons, cycling through the real ones with fresh ids."""
    sources = sorted((REPO / "course" / "content" / "lessons").glob("*.yaml"))
    copies = []
    for number in range(1, lessons + 1):
        source = sources[(number - 1) % len(sources)]
        original_id = source.stem.split("-", 1)[1]
        text = source.read_text(encoding="utf-8")
        new_id = f"{original_id}-{number}"
        text = text.replace(f"id: {original_id}\n", f"id: {new_id}\n", 1)
        text = text.replace("  - id: ", f"  - id: n{number}-")  # question ids unique across the course
        # ...and so are the scenario's ids; a choice leads to a step or ending by its new id
        text = text.replace("decision:\n  id: ", f"decision:\n  id: n{number}-", 1)
        text = re.sub(r"^( +next: )", rf"\g<1>n{number}-", text, flags=re.MULTILINE)
        copies.append((f"{number:03d}-{new_id}.yaml", text))
    return copies


def renamed_objectives(assessment: str) -> str:
    """The real assessment naming the copies' objectives: copy N of the lessons keeps real lesson N's questions,
    and its objective ids carry the same `nN-` prefix as its question ids."""
    prefix = {
        objective.id: f"n{lesson.number}-{objective.id}"
        for lesson in load_course(REPO / "course" / "content").lessons
        for objective in lesson.objectives
    }

    def rename(line: re.Match[str]) -> str:
        ids = [prefix[oid.strip()] for oid in line.group(2).split(",")]
        return f"{line.group(1)}[{', '.join(ids)}]"

    return re.sub(r"^( +objectives: )\[([^\]]*)\]", rename, assessment, flags=re.MULTILINE)


def make_course(root: Path, lessons: int, locales: int) -> Project:
    """A project under `root` with `lessons` lessons (at least 5) and `locales` complete catalogs (marked, not
    translated: "fi: <Swedish>"), which the normal pipeline accepts like the real course."""
    content = root / "course" / "content"
    shutil.rmtree(root, ignore_errors=True)
    (content / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "course" / "templates", root / "course" / "templates")
    codes = LOCALES[:locales]
    course_yaml = (REPO / "course" / "content" / "course.yaml").read_text(encoding="utf-8")
    course_yaml = course_yaml.replace("locales: [sv, en, fi, ar]", f"locales: [{', '.join(codes)}]")
    (content / "course.yaml").write_text(course_yaml, encoding="utf-8")
    for name, text in lesson_copies(lessons):
        (content / "lessons" / name).write_text(text, encoding="utf-8")
    assessment = (REPO / "course" / "content" / "assessment.yaml").read_text(encoding="utf-8")
    (content / "assessment.yaml").write_text(renamed_objectives(assessment), encoding="utf-8")
    project = Project(root)
    write_pot(root, project.locales)
    template = extract_catalog(root)
    for code in codes[1:]:
        catalog = Catalog(locale=code, charset="utf-8", fuzzy=False)
        for message in template:
            if not message.id:
                continue
            forms = forms_of(message.id)
            if message.pluralizable:  # as many forms as the language has: the singular, then the plural
                string: str | tuple[str, ...] = tuple(
                    f"{code}: {forms[min(index, 1)]}" for index in range(catalog.num_plurals)
                )
            else:
                string = f"{code}: {forms[0]}"
            catalog.add(message.id, string, context=message.context)
        write_catalog(po_path(project.locales, code), catalog)
    return project
