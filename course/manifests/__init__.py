"""The package's manifest, one module per standard: imsmanifest.xml for SCORM 1.2 (`scorm12`) and 2004
(`scorm2004`), cmi5.xml for cmi5 (`cmi5`); what they share in `shared` and, for the two SCORM ones, `scorm`.

This module is what the build calls: the manifest of a standard, its file name, and the control files that go
beside it (SCORM's schema files; a cmi5 package needs none)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from course.manifests.cmi5 import manifest_cmi5
from course.manifests.scorm import read_control_files
from course.manifests.scorm12 import manifest12
from course.manifests.scorm2004 import manifest2004
from course.manifests.shared import ManifestInput as ManifestInput
from course.manifests.shared import PackageText as PackageText
from course.model import Standard


@dataclass(frozen=True)
class ManifestFormat:
    """How a standard's package describes itself to the LMS."""

    name: str  # the manifest's file name at the package root
    build: Callable[[ManifestInput], etree._Element]
    schemas: bool  # whether the schemas the manifest names ship beside it


FORMATS: dict[Standard, ManifestFormat] = {
    "scorm12": ManifestFormat("imsmanifest.xml", manifest12, schemas=True),
    "scorm2004": ManifestFormat("imsmanifest.xml", manifest2004, schemas=True),
    "cmi5": ManifestFormat("cmi5.xml", manifest_cmi5, schemas=False),
}


def manifest_name(standard: Standard) -> str:
    return FORMATS[standard].name


def build_manifest(spec: ManifestInput) -> bytes:
    root = FORMATS[spec.standard].build(spec)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def control_files(standard: Standard) -> dict[str, bytes]:
    """The XML control files for the package root, by path (see `scorm.read_control_files`)."""
    return dict(read_control_files(standard)) if FORMATS[standard].schemas else {}
