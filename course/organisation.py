"""Load an organisation profile (organisations/<slug>/organisation.yaml) and apply it to the course.

A profile is read like a content file (`course.reader`: every value keeps its line, every problem is recorded,
then one ContentError lists them all), against the course it customises: its notes name the course's lessons, its
languages are some of those the course ships. The format is documented in organisations/README.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import partial

import yaml

from course.assets import is_web
from course.content import read_file, read_locale, read_web_address
from course.contrast import HEX_COLOUR, contrast_problems
from course.errors import ProfileError, UsageError, in_file_order
from course.inputs import babel_code, shown
from course.model import Contact, Course, Document, LocalNote, Organisation, Prose
from course.paths import SLUG
from course.project import PROFILE, README, Project, organisation_slugs, unknown_profile
from course.prose import MARKDOWN
from course.reader import PROSE_LIMIT, FileReader, describe

PROFILE_KEYS = ("name", "logo", "accent", "contact")
OPTIONAL_KEYS = ("documents", "notes", "passing_score", "locales")
NAME_LIMIT = 100  # characters; the header shows the name beside the course's title
DOCUMENTS_MAX = 10
EMAIL_LIMIT = 254  # characters, as RFC 5321 allows in a path
# A plain address as people write one: a dot-separated local part of letters, digits and _ % + -, then a domain of
# two or more labels. Stricter than RFC 5322 on purpose: it becomes a mailto: link, and a typo should not pass.
EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
ROLE_COMMENT = (
    "Organisation profile: whom the learner asks, a role or department (e.g. “Communications department”), "
    "shown after “Contact:” on the start page and the summary."
)
DOCUMENT_COMMENT = (
    "Organisation profile: the title of one of the organisation's own documents (guidelines, code of conduct, "
    "support against threats and hate), a link on the start page and the summary."
)
NOTE_COMMENT = (
    "Organisation profile: the organisation's own note in lesson {number}, shown under “In our organisation”: "
    "its routines, contacts and links."
)
ATTACHMENT_HINT = "a profile ships one file, its logo"


def load_organisation(project: Project, slug: str, course: Course) -> Organisation:
    """The checked profile `slug` for `course`; UsageError when the project has no such profile, ContentError
    with every problem of the profile (and of its logo) otherwise."""
    slugs = organisation_slugs(project)
    if slug not in slugs:
        raise UsageError(unknown_profile(project, slug, slugs))
    folder = project.organisations / slug
    organisation, problems = read_file(folder / PROFILE, partial(read_profile, course=course))
    if problems or organisation is None:
        raise ProfileError(in_file_order(problems))
    return organisation


def applied(course: Course, organisation: Organisation) -> Course:
    """The course as the organisation's packages show it: its own identity (so two organisations' packages never
    collide in one LMS, and a rebuild replaces its own), its pass mark, its languages, and its profile."""
    info = replace(
        course.info,
        id=f"{course.info.id}-{organisation.slug}",
        iri=f"{course.info.iri}/organisations/{organisation.slug}",
        passing_score=organisation.passing_score,
        locales=organisation.locales,
    )
    return replace(course, info=info, organisation=organisation)


def fields_of(
    reader: FileReader, node: yaml.Node | None, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, yaml.Node]:
    """`reader.mapping`, with a missing key pointing to the profiles' README rather than the course content's."""
    if not isinstance(node, yaml.MappingNode):
        return reader.mapping(node, where, required, optional)
    found = reader.mapping(node, where, (), required + optional)
    prefix = f"{where}." if where else ""
    for key in required:
        if key not in found:
            reader.problem(reader.line_of(node), f"{prefix}{key}: required, but missing; add it (see {README})")
    return found


def read_profile(reader: FileReader, node: yaml.Node, course: Course) -> Organisation | None:
    before = len(reader.problems)
    folder = reader.path.parent
    slug = folder.name
    if not SLUG.fullmatch(slug):
        reader.problem(
            1,
            f"the profile's folder name {shown(slug)} is not a valid organisation slug: lowercase letters a-z, digits "
            "and hyphens, starting with a letter, at most 64 long (it names the packages); rename the folder",
        )
    fields = fields_of(reader, node, "", PROFILE_KEYS, OPTIONAL_KEYS)
    if not fields:
        return None
    from course.logo import read_logo  # profiles only: it reads the logo's SVG with lxml

    name = " ".join(reader.scalar(fields.get("name"), "name", NAME_LIMIT).split())
    logo = read_logo(reader, fields_of(reader, fields.get("logo"), "logo", ("file", "alt")), folder)
    accent = read_accent(reader, fields.get("accent"))
    contact = read_contact(reader, fields.get("contact"))
    documents = read_documents(reader, fields.get("documents"))
    notes = read_notes(reader, fields.get("notes"), course)
    passing_score = (
        reader.integer(fields["passing_score"], "passing_score", 0, 100)
        if "passing_score" in fields
        else course.info.passing_score
    )
    locales = read_profile_locales(reader, fields["locales"], course) if "locales" in fields else course.info.locales
    if logo is None or len(reader.problems) != before:
        return None
    return Organisation(slug, name, logo, accent, contact, documents, notes, passing_score, locales, reader.name)


def read_accent(reader: FileReader, node: yaml.Node | None) -> str:
    """A "#rrggbb" colour whose palette keeps WCAG AA contrast everywhere the page uses it, in lowercase."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value:
        reader.problem(
            reader.line_of(node),
            'accent: expected a colour such as "#0b5876", got nothing; put it in quotes (in YAML an unquoted # '
            "starts a comment)",
        )
        return ""
    value = reader.matching(node, "accent", HEX_COLOUR, 'a colour of six hexadecimal digits such as "#0b5876"')
    if value and node is not None:
        for problem in contrast_problems(value):  # each says "accent #rrggbb: …"
            reader.problem(reader.line_of(node), problem)
    return value.lower()


def read_contact(reader: FileReader, node: yaml.Node | None) -> Contact:
    fields = fields_of(reader, node, "contact", ("role",), ("email", "page"))
    role = reader.text(fields.get("role"), "contact.role", "organisation/contact/role", ROLE_COMMENT)
    email = reader.scalar(fields.get("email"), "contact.email", EMAIL_LIMIT)
    if email and not EMAIL.fullmatch(email):
        reader.problem(
            reader.line_of(fields["email"]),
            f"contact.email: expected an e-mail address such as kommunikation@exempelkommun.se, got {shown(email)}",
        )
        email = ""
    page = read_web_address(reader, fields.get("page"), "contact.page")
    if isinstance(node, yaml.MappingNode) and "email" not in fields and "page" not in fields:
        reader.problem(
            reader.line_of(node),
            "contact: give an email, an intranet page or both, so the learner knows where to turn",
        )
    return Contact(role, email, page)


def read_documents(reader: FileReader, node: yaml.Node | None) -> tuple[Document, ...]:
    documents = []
    for index, item in enumerate(reader.sequence(node, "documents", 0, DOCUMENTS_MAX), start=1):
        where = f"documents[{index}]"
        fields = fields_of(reader, item, where, ("title", "url"))
        title = reader.text(fields.get("title"), f"{where}.title", "organisation/documents", DOCUMENT_COMMENT)
        documents.append(Document(title, read_web_address(reader, fields.get("url"), f"{where}.url")))
    return tuple(documents)


def read_notes(reader: FileReader, node: yaml.Node | None, course: Course) -> tuple[LocalNote, ...]:
    """The local notes by lesson id, in the course's order (the order the page shows them)."""
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        reader.problem(
            reader.line_of(node),
            f"notes: expected a mapping from lesson ids to Markdown, got {describe(node)}",
        )
        return ()
    lessons = {lesson.id: lesson for lesson in course.lessons}
    found: dict[str, LocalNote] = {}
    for key_node, value_node in node.value:
        lesson_id = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        line = reader.line_of(key_node)
        if lesson_id in found:
            reader.problem(line, f"notes.{lesson_id}: this lesson has a note already; keep one")
        elif lesson_id not in lessons:
            reader.problem(line, unknown_lesson(lesson_id, tuple(lessons)))
        else:
            lesson = lessons[lesson_id]
            comment = NOTE_COMMENT.format(number=lesson.number)
            found[lesson_id] = LocalNote(lesson_id, read_note(reader, value_node, lesson_id, comment))
    return tuple(found[lesson_id] for lesson_id in lessons if lesson_id in found)


def unknown_lesson(lesson_id: str, lesson_ids: tuple[str, ...]) -> str:
    guess = difflib.get_close_matches(lesson_id[:100], lesson_ids, n=1)
    hint = f"did you mean '{guess[0]}'? Its" if guess else "its"
    return (
        f"notes.{shown(lesson_id) if not SLUG.fullmatch(lesson_id) else lesson_id}: no lesson of the course has "
        f"this id; {hint} lessons are {', '.join(lesson_ids)}"
    )


def read_note(reader: FileReader, node: yaml.Node, lesson_id: str, comment: str) -> Prose:
    """A note's Markdown under the course text's rules, without pictures or links to files, which a profile cannot
    ship (checked first: the course's rules would look for the file and ask to add it)."""
    where = f"notes.{lesson_id}"
    value = reader.scalar(node, where, PROSE_LIMIT)
    attachments = attachment_problems(value) if value else []
    for offset, message in attachments:
        reader.problem(reader.text_line(node) + offset, f"{where}: {message}")
    if attachments or not value:  # what is wrong with the value was said once
        return Prose(())
    return reader.prose(node, where, f"organisation/notes/{lesson_id}", comment)


def attachment_problems(value: str) -> list[tuple[int, str]]:
    """(line offset, message) for each picture and each link to a file in a note's Markdown."""
    found = []
    for token in MARKDOWN.parse(value):
        if token.type != "inline":
            continue
        offset = token.map[0] if token.map else 0
        for child in token.children or ():
            if child.type == "image":
                target = shown(str(child.attrGet("src") or ""))
                found.append(
                    (offset, f"pictures are not allowed in notes ({target}): {ATTACHMENT_HINT}; describe it in words")
                )
            elif child.type == "link_open" and not is_web(href := str(child.attrGet("href") or "")):
                message = (
                    f"links to files are not allowed in notes ({shown(href)}): {ATTACHMENT_HINT}; link to the "
                    "document's web address (https://…) or list it under documents"
                )
                found.append((offset, message))
    return found


def read_profile_locales(reader: FileReader, node: yaml.Node | None, course: Course) -> tuple[str, ...]:
    """The languages the organisation's packages ship: some of the course's, each once, in the course's order."""
    shipped = {babel_code(code): code for code in course.info.locales}
    chosen: dict[str, int] = {}
    for index, item in enumerate(reader.sequence(node, "locales", 1, 50), start=1):
        code = read_locale(reader, item, f"locales[{index}]")
        same = shipped.get(babel_code(code))
        if not code:
            continue
        if same is None:
            reader.problem(
                reader.line_of(item),
                f"locales[{index}]: the course does not ship {code}; it ships {', '.join(course.info.locales)}, "
                "and a profile chooses among them (a new language needs the course's catalogs first)",
            )
        elif same in chosen:
            reader.problem(
                reader.line_of(item), f"locales[{index}]: {code} is listed already as locales[{chosen[same]}]; keep one"
            )
        else:
            chosen[same] = index
    return tuple(code for code in course.info.locales if code in chosen)
