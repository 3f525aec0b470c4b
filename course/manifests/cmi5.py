"""cmi5.xml, the cmi5 course structure: the course, its learning objectives and one AU, each named by an IRI built
from the course's base IRI and the content's ids, so that every build of the course names them alike.

The titles and descriptions of the course, the AU and each objective are one langstring per locale of the package,
as its pages show them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from lxml import etree

from course.manifests.shared import ManifestInput, PackageText, clark, sub
from course.model import CourseInfo

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
C = clark(NS)
MOVE_ON = "CompletedAndPassed"  # the AU satisfies the course once every lesson is seen and the assessment passed
LAUNCH_METHOD = "AnyWindow"  # the LMS may launch it in a frame or a window: the page works in either


def au_iri(info: CourseInfo) -> str:
    return f"{info.iri}/au"


def objective_iri(info: CourseInfo, objective_id: str) -> str:
    return f"{info.iri}/objectives/{objective_id}"


def mastery_score(passing_score: int) -> str:
    """The pass mark as the decimal from 0 to 1 that cmi5 wants (at most four places): 80 → "0.8", 100 → "1"."""
    return str(Decimal(passing_score) / 100)


def language(locale: str) -> str:
    """A locale code as the xs:language a langstring needs: `pt_BR` is `pt-BR`."""
    return locale.replace("_", "-")


def add_text(parent: etree._Element, tag: str, texts: Iterable[tuple[str, str]]) -> None:
    """A title or description: one langstring per (locale, text)."""
    element = sub(parent, C + tag)
    for locale, text in texts:
        sub(element, C + "langstring", text, lang=language(locale))


def add_package_texts(parent: etree._Element, texts: tuple[PackageText, ...]) -> None:
    add_text(parent, "title", [(text.locale, text.title) for text in texts])
    add_text(parent, "description", [(text.locale, text.description) for text in texts])


def manifest_cmi5(spec: ManifestInput) -> etree._Element:
    info = spec.course.info
    root = etree.Element(C + "courseStructure", nsmap={None: NS})
    add_package_texts(sub(root, C + "course", id=info.iri), spec.texts)
    declared = sub(root, C + "objectives")
    iris = []
    for objective in spec.course.objectives():
        iris.append(objective_iri(info, objective.id))
        element = sub(declared, C + "objective", id=iris[-1])
        for tag in ("title", "description"):
            add_text(element, tag, [(text.locale, text.objectives[objective.id]) for text in spec.texts])
    au = sub(
        root,
        C + "au",
        id=au_iri(info),
        moveOn=MOVE_ON,
        masteryScore=mastery_score(info.passing_score),
        launchMethod=LAUNCH_METHOD,
    )
    add_package_texts(au, spec.texts)
    references = sub(au, C + "objectives")
    for iri in iris:
        sub(references, C + "objective", idref=iri)
    sub(au, C + "url", spec.launch)
    return root
