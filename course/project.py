"""Where a project's parts live: its content, its catalogs, its organisation profiles and its output folder; and
which profiles it has, by their folders (reading one is `course.organisation`'s)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from course.errors import UsageError
from course.inputs import shown
from course.paths import display_path

PACKAGE = Path(__file__).parent
PROFILE = "organisation.yaml"
README = "organisations/README.md"  # the profiles' format


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "course" / "content"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def organisations(self) -> Path:
        """The organisation profiles: organisations/<slug>/organisation.yaml (see organisations/README.md)."""
        return self.root / "organisations"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project in the working directory, else the one this package was installed from (editable)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "course" / "content" / "course.yaml").exists() and (folder / "pyproject.toml").exists():
                return cls(folder)
        return cls(PACKAGE.parent)


def organisation_slugs(project: Project) -> tuple[str, ...]:
    """The profiles of the project: its organisations/ folders that hold an organisation.yaml, sorted. A folder
    whose name is no valid slug is listed too, so that loading it says what is wrong with it."""
    try:
        folders = list(project.organisations.iterdir())
    except OSError:  # no organisations folder: a project without profiles
        return ()
    return tuple(sorted(folder.name for folder in folders if (folder / PROFILE).is_file()))


def known_organisations(project: Project, slugs: Sequence[str]) -> tuple[str, ...]:
    """The given slugs, once each, when each is a profile of the project; a UsageError naming the profiles if not."""
    found = organisation_slugs(project)
    for slug in slugs:
        if slug not in found:
            raise UsageError(unknown_profile(project, slug, found))
    return tuple(dict.fromkeys(slugs))


def chosen_organisations(project: Project, given: Sequence[str], every: bool, needed: bool) -> tuple[str, ...]:
    """The profiles a verb acts on: the `given` ones (each must exist) or, when `every`, all of them; finding none
    then is a UsageError when the verb `needed` one (it would do nothing, or build the generic course unasked)."""
    if not every:
        return known_organisations(project, given)
    found = organisation_slugs(project)
    if not found and needed:
        where = display_path(project.organisations)
        raise UsageError(f"--all-organisations: {where}/ holds no profile (each is {where}/<slug>/{PROFILE})")
    return found


def unknown_profile(project: Project, slug: str, slugs: tuple[str, ...]) -> str:
    where = display_path(project.organisations)
    if not slugs:
        return (
            f"there is no organisation profile {shown(slug)}: this project has none; add "
            f"{where}/<slug>/{PROFILE} (see {README})"
        )
    import difflib  # for a mistyped slug only

    guess = difflib.get_close_matches(slug[:100], slugs, n=1)
    hint = f"did you mean '{guess[0]}'? The" if guess else "the"
    return f"there is no organisation profile {shown(slug)} in {where}; {hint} profiles are {', '.join(slugs)}"
