"""XLIFF 1.2 for translation agencies: a language's catalog out as one file for a CAT tool, and the returned file
merged back into the catalog, checked as `course check` checks a catalog before anything is written.

Files are read and written with translate-toolkit's XLIFF stores (its PO flavour, whose gettext plurals are a
`<group restype="x-gettext-plurals">` of one trans-unit per form); the codes inside a text are `course.xliff_inline`'s.
Each unit's id is its message's context (readable) and a digest of context and source, so it is stable and unique;
the `<file>` names the course (`product-name`), the catalog (`original`) and the template's version
(`product-version`), so a file returned for another course, catalog or template is refused whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from gettext import c2py
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from lxml import etree
from translate.misc.multistring import multistring
from translate.storage import poxliff

from course.catalogs import CatalogPlace, forms, read_catalog
from course.content import load_course
from course.errors import CatalogError, Problem, UsageError
from course.organisation import load_organisation
from course.organisation_catalogs import organisation_place
from course.outputs import replace_file
from course.paths import display_path
from course.project import Project
from course.xliff_inline import Pieces, matched, protect, write_pieces

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
VERSIONS = ("1.2",)
SKELETON = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NAMESPACE}"><file original="" '
    'source-language="" datatype="po"><header/><body/></file></xliff>'
).encode()
MAX_LENGTH = re.compile(r"\bmax(?:imum)? (\d+) characters\b")
STATE = {"translated": "translated", "fuzzy": "needs-review-translation", "untranslated": "new"}
HOW_TO = (
    "Translate the text between the tags; each tag stands for a placeholder (%(name)s, filled in by the course) or "
    "Markdown (** bold, * italics, [ ]( ) a link): keep every tag, moved to where its words go. Return this file "
    "to the course team, who import it with `course xliff import`."
)


@dataclass(frozen=True)
class XliffScope:
    """Whose catalogs an XLIFF file carries, the course's or one organisation's, and what identifies them."""

    project: Project
    place: CatalogPlace
    course_id: str
    source_locale: str
    locales: tuple[str, ...]  # the languages shipped, but the source
    passing_score: int
    organisation: str | None = None

    def original(self, locale: str) -> str:
        """The catalog as the file's `original` names it: its path in the project."""
        return self.place.po(locale).relative_to(self.project.root).as_posix()

    @property
    def whose(self) -> str:
        return "the course's" if self.organisation is None else f"organisation {self.organisation}'s"

    def file_name(self, locale: str) -> str:
        part = "" if self.organisation is None else f"-{self.organisation}"
        return f"{self.course_id}{part}-{locale}.xlf"

    def shipped(self, locale: str) -> str:
        """`locale` when it is a translated language of the scope; a UsageError naming them otherwise."""
        if locale == self.source_locale:
            raise UsageError(f"{locale} is the source language; it has no catalog to translate")
        if locale not in self.locales:
            codes = ", ".join(self.locales) or "none"
            raise UsageError(
                f"{locale} is not a language {self.whose} catalogs ship (they ship {codes}); add it to `locales:` "
                f"and run {self.place.command('init', locale)} first"
            )
        return locale


def xliff_scope(project: Project, organisation: str | None = None) -> XliffScope:
    """The course's catalogs, or the organisation's (its profile loaded, so that its languages are known)."""
    course = load_course(project.content)
    source = course.info.source_locale
    if organisation is None:
        locales, score, place = course.info.locales, course.info.passing_score, CatalogPlace(project.locales)
    else:
        profile = load_organisation(project, organisation, course)
        locales, score, place = profile.locales, profile.passing_score, organisation_place(project, organisation)
    translated = tuple(code for code in locales if code != source)
    return XliffScope(project, place, course.info.id, source, translated, score, organisation)


def template_version(template: Catalog) -> str:
    """What of a template a translation depends on, as a short digest: every message's text, context, translator
    comment and flags. Not where each text stands (a line moved is no new version: files out with an agency stay
    good), not the creation date."""
    said = [
        (forms(message.id), message.context, " ".join(message.auto_comments), sorted(message.flags))
        for message in template
        if message.id
    ]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()[:16]


def unit_id(message: Message) -> str:
    """The unit's id: the message's context ("template" for a template label, which has none), then a digest of
    context and source, the key gettext looks the message up by; it changes exactly when either does."""
    source = forms(message.id)[0]
    key = source if message.context is None else f"{message.context}\x04{source}"
    return f"{message.context or 'template'}#{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def bcp47(locale: str) -> str:
    return locale.replace("_", "-")


def plural_notes(catalog: Catalog) -> list[str]:
    """For each plural form of the language, which numbers it is for, as a translator needs to know."""
    rule = c2py(catalog.plural_expr)
    notes = []
    for index in range(catalog.num_plurals):
        numbers = [number for number in range(1000) if rule(number) == index]
        shown = ", ".join(map(str, numbers[:5])) + (", …" if len(numbers) > 5 else "")
        notes.append(f"Plural form {index + 1} of {catalog.num_plurals}, used for n = {shown or 'no number'}.")
    return notes


def form_texts(message: Message | None, count: int) -> tuple[str, ...]:
    strings = forms(message.string) if message is not None else ("",)
    return (strings + ("",) * count)[:count]


def form_states(message: Message | None, texts: Sequence[str]) -> list[str]:
    if message is not None and message.fuzzy and any(texts):
        return [STATE["fuzzy"] if text else STATE["untranslated"] for text in texts]
    return [STATE["translated"] if text else STATE["untranslated"] for text in texts]


def fill(unit: Any, source: str, text: str, state: str, notes: Sequence[str], message: Message) -> None:
    """One trans-unit: the source and target with their codes, the state, the notes and the length limit."""
    pieces: Pieces = protect(source)
    write_pieces(unit.source_dom, pieces)
    unit.settarget(text or "")
    target = unit.get_target_dom()
    write_pieces(target, matched(text, pieces) if text else ())
    target.set("state", state)
    element = unit.xmlelement
    element.attrib.pop("approved", None)
    if message.context is not None:
        element.set("resname", message.context)
    limit = MAX_LENGTH.search(" ".join(message.auto_comments))
    if limit:
        element.set("maxwidth", limit.group(1))
        element.set("size-unit", "char")
    for note in notes:
        unit.addnote(note, origin="developer")
    for filename, line in message.locations:
        contexts = [("sourcefile", filename), ("linenumber", str(line))]
        unit.createcontextgroup("po-reference", contexts, purpose="location")


def add_message(store: Any, template: Message, message: Message | None, catalog: Catalog) -> None:
    comment = " ".join(template.auto_comments)
    notes = [comment] if comment else []
    if not template.pluralizable:
        text = form_texts(message, 1)[0]
        unit = poxliff.PoXliffUnit(forms(template.id)[0])
        store.addunit(unit)
        unit.setid(unit_id(template))
        fill(unit, forms(template.id)[0], text, form_states(message, [text])[0], notes, template)
        return
    count = catalog.num_plurals
    singular, plural = forms(template.id)[:2]
    sources = [singular, *[plural] * (max(count, 2) - 1)]
    group = poxliff.PoXliffUnit(multistring(sources))
    store.addunit(group)
    group.setid(unit_id(template))
    for extra in group.units[count:]:  # a language with one form (Japanese, say) has a group of one
        group.xmlelement.remove(extra.xmlelement)
    for unit in group.units:  # the store moved their elements into its namespace, not the units themselves
        unit.namespace = store.namespace
    group.xmlelement.set("resname", template.context or "")
    texts = form_texts(message, count)
    for index, (unit, state, form_note) in enumerate(
        zip(group.units, form_states(message, texts), plural_notes(catalog), strict=False)
    ):
        fill(unit, sources[index], texts[index], state, [*notes, form_note], template)
    if template.context is None:
        del group.xmlelement.attrib["resname"]


def xliff_bytes(scope: XliffScope, locale: str, template: Catalog, catalog: Catalog) -> bytes:
    """The XLIFF 1.2 file of one language: a unit per message of the template, in its order."""
    store: Any = poxliff.PoXliffFile(SKELETON)
    file_node = store.document.getroot()[0]
    for name, value in (
        ("original", scope.original(locale)),
        ("source-language", bcp47(scope.source_locale)),
        ("target-language", bcp47(locale)),
        ("product-name", scope.course_id),
        ("product-version", template_version(template)),
    ):
        file_node.set(name, value)
    about = etree.SubElement(file_node[0], f"{{{NAMESPACE}}}note")
    about.text = f"{scope.course_id}: {scope.whose} catalog {scope.original(locale)}. {HOW_TO}"
    for message in template:
        if message.id:
            add_message(store, message, catalog.get(message.id, message.context), catalog)
    etree.cleanup_namespaces(store.document)  # the units were made in XLIFF 1.1's namespace, then moved
    return bytes(store)


def export_xliff(scope: XliffScope, locale: str, out: Path, version: str = "1.2") -> Path:
    """Write <out>/<course-id>[-<organisation>]-<locale>.xlf from the template and the language's catalog, which
    must hold every message of the template (`course update` merges new ones in)."""
    if version not in VERSIONS:
        raise UsageError(f"XLIFF {version} is not written; use XLIFF 1.2")
    place = scope.place
    template = read_catalog(place.template, inside=place.locales, place=place)
    path = place.po(scope.shipped(locale))
    catalog = read_catalog(path, locale, place.locales, place)
    missing = sum(1 for message in template if message.id and catalog.get(message.id, message.context) is None)
    if missing:
        raise CatalogError(
            [
                Problem(
                    display_path(path),
                    1,
                    f"{place.template_name} has {missing} message(s) this catalog does not have yet; run "
                    f"{place.command('update')} before the export, so that the file and the catalog agree",
                )
            ]
        )
    target = out / scope.file_name(locale)
    replace_file(target, xliff_bytes(scope, locale, template, catalog))
    return target
