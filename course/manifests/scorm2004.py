"""imsmanifest.xml for SCORM 2004 4th Edition: IMS CP 1.1 with IEEE LOM metadata, one SCO whose sequencing
declares the primary objective with the pass mark and every learning objective the runtime reports."""

from __future__ import annotations

from lxml import etree

from course.manifests.scorm import SCHEMA_LOCATION, XSI, add_organization, add_resource
from course.manifests.shared import ManifestInput, clark, rights_text, sub
from course.model import PRIMARY_OBJECTIVE

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


def manifest2004(spec: ManifestInput) -> etree._Element:
    cp, adlcp, ss = clark(NS2004[None]), clark(NS2004["adlcp"]), clark(NS2004["imsss"])
    adlseq, lom_ns = clark(NS2004["adlseq"]), clark(LOM)
    root = etree.Element(cp + "manifest", nsmap=NS2004, identifier=spec.identifier, version="1")
    root.set(SCHEMA_LOCATION, LOCATIONS2004)
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
