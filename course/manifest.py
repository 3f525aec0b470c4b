"""Build imsmanifest.xml with lxml for SCORM 1.2 and SCORM 2004 4th Edition: one SCO, every file listed; and the
control files (the schemas the manifest names) that go beside it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable

from lxml import etree

from course.errors import BuildError
from course.model import Course, Standard
from course.objectives import PRIMARY_OBJECTIVE

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NS12 = {
    None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    "xsi": XSI,
}
LOCATIONS12 = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)
NS2004 = {
    None: "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "xsi": XSI,
}
LOCATIONS2004 = (
    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd "
    "http://ltsc.ieee.org/xsd/LOM lom.xsd"
)
LOM = "http://ltsc.ieee.org/xsd/LOM"
# The official schema files, as package data: course/schemas/<standard>/, where SOURCES.md says where each came from.
SCHEMAS = "schemas"


@dataclass(frozen=True)
class PackageText:
    """The title and description of the package in one locale, for the LMS's catalog."""

    locale: str
    title: str
    description: str


@dataclass(frozen=True)
class ManifestInput:
    course: Course
    standard: Standard
    identifier: str
    texts: tuple[PackageText, ...]
    launch: str
    files: tuple[str, ...]


def clark(namespace: str) -> str:
    """The `{namespace}` prefix lxml uses for qualified names."""
    return "{" + namespace + "}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {key.replace("__", ":"): value for key, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def rights_text(course: Course) -> str:
    credit = course.info.attribution
    return f"“{credit.work}”, {credit.author}, {credit.licence} ({credit.licence_url})"


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


def control_files(standard: Standard) -> dict[str, bytes]:
    """The XML control files for the package root: every schema the manifest names in xsi:schemaLocation, the files
    those include or import, and the DTDs, as exact copies of the official files.

    ADL's conformance test suites fail a package without them. They are not listed as `<file>` entries: they
    describe the manifest and are no part of the SCO, which never loads them.
    """
    return dict(read_control_files(standard))


@cache
def read_control_files(standard: Standard) -> tuple[tuple[str, bytes], ...]:
    """The control files of a standard from the installed package (read once per process), sorted by path."""
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


def build_manifest(spec: ManifestInput) -> bytes:
    builder = manifest12 if spec.standard == "scorm12" else manifest2004
    root = builder(spec)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def manifest12(spec: ManifestInput) -> etree._Element:
    cp, adlcp, md = clark(NS12[None]), clark(NS12["adlcp"]), clark(NS12["imsmd"])
    root = etree.Element(cp + "manifest", nsmap=NS12, identifier=spec.identifier, version="1.0")
    root.set(f"{{{XSI}}}schemaLocation", LOCATIONS12)
    metadata = sub(root, cp + "metadata")
    sub(metadata, cp + "schema", "ADL SCORM")
    sub(metadata, cp + "schemaversion", "1.2")
    lom = sub(metadata, md + "lom")
    general = sub(lom, md + "general")
    title = sub(general, md + "title")
    for text in spec.texts:
        sub(title, md + "langstring", text.title).set(XML_LANG, text.locale)
    for text in spec.texts:
        sub(general, md + "language", text.locale)
    description = sub(general, md + "description")
    for text in spec.texts:
        sub(description, md + "langstring", text.description).set(XML_LANG, text.locale)
    rights = sub(lom, md + "rights")
    restricted = sub(rights, md + "copyrightandotherrestrictions")
    for tag, value in (("source", "LOMv1.0"), ("value", "yes")):
        sub(sub(restricted, md + tag), md + "langstring", value).set(XML_LANG, "x-none")
    sub(sub(rights, md + "description"), md + "langstring", rights_text(spec.course)).set(XML_LANG, "x-none")

    _, item = add_organization(root, cp, spec)
    sub(item, adlcp + "masteryscore", str(spec.course.info.passing_score))
    add_resource(root, cp, spec, adlcp + "scormtype")
    return root


def manifest2004(spec: ManifestInput) -> etree._Element:
    cp, adlcp, ss = clark(NS2004[None]), clark(NS2004["adlcp"]), clark(NS2004["imsss"])
    adlseq, lom_ns = clark(NS2004["adlseq"]), clark(LOM)
    root = etree.Element(cp + "manifest", nsmap=NS2004, identifier=spec.identifier, version="1")
    root.set(f"{{{XSI}}}schemaLocation", LOCATIONS2004)
    metadata = sub(root, cp + "metadata")
    sub(metadata, cp + "schema", "ADL SCORM")
    sub(metadata, cp + "schemaversion", "2004 4th Edition")
    lom = etree.SubElement(metadata, lom_ns + "lom", nsmap={None: LOM})
    general = sub(lom, lom_ns + "general")
    identifier = sub(general, lom_ns + "identifier")
    sub(identifier, lom_ns + "catalog", "course-id")
    sub(identifier, lom_ns + "entry", spec.course.info.id)
    title = sub(general, lom_ns + "title")
    for text in spec.texts:
        sub(title, lom_ns + "string", text.title, language=text.locale)
    for text in spec.texts:
        sub(general, lom_ns + "language", text.locale)
    description = sub(general, lom_ns + "description")
    for text in spec.texts:
        sub(description, lom_ns + "string", text.description, language=text.locale)
    rights = sub(lom, lom_ns + "rights")
    restricted = sub(rights, lom_ns + "copyrightAndOtherRestrictions")
    sub(restricted, lom_ns + "source", "LOMv1.0")
    sub(restricted, lom_ns + "value", "yes")
    sub(sub(rights, lom_ns + "description"), lom_ns + "string", rights_text(spec.course), language="x-none")

    organization, item = add_organization(root, cp, spec)
    organization.set(adlseq + "objectivesGlobalToSystem", "false")
    sequencing = sub(item, ss + "sequencing")
    objectives = sub(sequencing, ss + "objectives")
    primary = sub(objectives, ss + "primaryObjective", objectiveID=PRIMARY_OBJECTIVE, satisfiedByMeasure="true")
    pass_mark = f"{spec.course.info.passing_score / 100:.2f}"
    sub(primary, ss + "minNormalizedMeasure", pass_mark)
    for objective in spec.course.objectives():
        # The learning objectives, as the runtime reports them (cmi.objectives). SCORM ignores the measure of an
        # objective that is not satisfiedByMeasure, but Moodle sets cmi.scaled_passing_score from the last
        # objective's, reading a missing one as 1.0 (LMS-QUIRKS.md, M1).
        sub(sub(objectives, ss + "objective", objectiveID=objective.id), ss + "minNormalizedMeasure", pass_mark)
    sub(sequencing, ss + "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")
    org_sequencing = sub(organization, ss + "sequencing")
    sub(org_sequencing, ss + "controlMode", choice="true", flow="true")
    add_resource(root, cp, spec, adlcp + "scormType")
    return root
