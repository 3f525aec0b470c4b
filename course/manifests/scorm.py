"""What the SCORM 1.2 and 2004 manifests share: the one organization and SCO resource, and the control files (the
schemas the manifest names) that go beside it."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from lxml import etree

from course.errors import BuildError
from course.manifests.shared import ManifestInput, sub
from course.model import Standard

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"
# The official schema files, as package data: course/schemas/<standard>/, where SOURCES.md says where each came from.
SCHEMAS = "schemas"


def add_organization(root: etree._Element, cp: str, spec: ManifestInput) -> tuple[etree._Element, etree._Element]:
    """The one organization with its one item, which launches the SCO."""
    organizations = sub(root, cp + "organizations", default="org")
    organization = sub(organizations, cp + "organization", identifier="org")
    sub(organization, cp + "title", spec.texts[0].title)
    item = sub(organization, cp + "item", identifier="item", identifierref="sco", isvisible="true")
    sub(item, cp + "title", spec.texts[0].title)
    return organization, item


def add_resource(root: etree._Element, cp: str, spec: ManifestInput, scorm_type: str) -> None:
    """The SCO's resource, listing every file of the package but the manifest itself."""
    resource = sub(sub(root, cp + "resources"), cp + "resource", identifier="sco", type="webcontent", href=spec.launch)
    resource.set(scorm_type, "sco")
    for path in spec.files:
        sub(resource, cp + "file", href=path)


@cache
def read_control_files(standard: Standard) -> tuple[tuple[str, bytes], ...]:
    """The XML control files of a SCORM standard for the package root: every schema the manifest names in
    xsi:schemaLocation, the files those include or import, and the DTDs, as exact copies of the official files,
    from the installed package (read once per process), sorted by path.

    ADL's conformance test suites fail a package without them. They are not listed as `<file>` entries: they
    describe the manifest and are no part of the SCO, which never loads them.
    """
    from importlib.resources import files as package_files  # once per process, where a package needs them

    found: list[tuple[str, bytes]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.startswith("."):
                found.append((prefix + entry.name, entry.read_bytes()))

    folder = package_files("course") / SCHEMAS / standard
    if folder.is_dir():
        walk(folder, "")
    if not found:
        raise BuildError(f"course/{SCHEMAS}/{standard}/, the schema files of {standard}, is missing: reinstall")
    return tuple(sorted(found))
