"""imsmanifest.xml for SCORM 1.2: IMS CP 1.1.2 with IMS MD 1.2 metadata, one SCO with the course's mastery score."""

from __future__ import annotations

from lxml import etree

from course.manifests.scorm import SCHEMA_LOCATION, XSI, add_organization, add_resource
from course.manifests.shared import XML_LANG, ManifestInput, clark, rights_text, sub

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


def manifest12(spec: ManifestInput) -> etree._Element:
    cp, adlcp, md = clark(NS12[None]), clark(NS12["adlcp"]), clark(NS12["imsmd"])
    root = etree.Element(cp + "manifest", nsmap=NS12, identifier=spec.identifier, version="1.0")
    root.set(SCHEMA_LOCATION, LOCATIONS12)
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
