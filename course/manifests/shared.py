"""What every manifest builder shares: its input, the package's texts per locale, the lxml helpers, the rights."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from course.model import Course, Standard

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class PackageText:
    """The title and description of the package in one locale, for the LMS's catalog."""

    locale: str
    title: str
    description: str
    objectives: dict[str, str]  # each learning objective's text in this locale, by id (cmi5.xml names them)


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
