"""Where a project's parts live: its content, its catalogs and its output folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parent


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
