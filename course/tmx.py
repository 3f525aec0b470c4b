"""`course tmx export`: a translation memory (TMX 1.4) of every shipped language, for agencies to reuse.

One file per language pair, `<out>/<course-id>-sv-<lang>.tmx`, and one per organisation profile and pair,
`<out>/<course-id>-<slug>-sv-<lang>.tmx` (an organisation's own texts and terms stay apart from the course's).
Not one multilingual file: translate-toolkit's tmx store keeps one target language (its `unit.target`, its po2tmx
converter, one pair per file), and CAT tools (Trados, memoQ, Phrase) import a TMX into a memory of one pair.

Each unit is one translated, non-fuzzy entry, its msgctxt kept as the property `x-context` (the toolkit's own
`setcontext`, which its tmx2po reads back); a plural entry gives one unit per form, the first form paired with
the singular source and the others with the plural source, as po2tmx pairs them. Units are paragraphs, as the
catalogs' entries are (the header's segtype says so). The files hold no date, and the entries stay in catalog order,
so the same catalogs give the same bytes; every file is built before the first is written, and each is written
whole (`course.outputs.replace_file`).
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from translate.storage.tmx import tmxfile

from course.catalogs import CatalogPlace, forms, is_translated, read_catalog
from course.content import load_course
from course.errors import CatalogError, Problem
from course.organisation_catalogs import load_organisations, organisation_place, translated_locales
from course.outputs import replace_file
from course.project import Project, organisation_slugs


class Memory(tmxfile):
    """translate-toolkit's TMX store, with the header of a memory whose units are paragraphs."""

    def addheader(self) -> None:
        super().addheader()
        for header in self.document.getroot().iterchildren("header"):  # TMX has no namespace
            header.set("segtype", "paragraph")


def tmx_folder(project: Project) -> Path:
    """Where `course tmx export` writes without --out."""
    return project.build / "tmx"


def memory_bytes(catalog: Catalog, source: str, target: str) -> bytes:
    """The TMX file of one catalog: its translated, non-fuzzy entries from `source` to `target`."""
    memory = Memory(sourcelanguage=source, targetlanguage=target)
    for message in catalog:
        if not message.id or not is_translated(message):
            continue
        sources = forms(message.id)
        for index, translation in enumerate(forms(message.string)):
            unit = memory.addsourceunit(sources[min(index, len(sources) - 1)], source)  # type: ignore[no-untyped-call]
            unit.settarget(translation, target, append=True)
            if message.context:
                unit.setcontext(message.context)
    buffer = io.BytesIO()
    memory.serialize(buffer)
    return buffer.getvalue()


def write_tmx(project: Project, out: Path) -> list[Path]:
    """The translation memory of every shipped language, the course's and each organisation profile's, written
    into `out` once every catalog is read (one that cannot be read is reported with the others, and nothing is
    written); the paths written."""
    course = load_course(project.content)
    source = course.info.source_locale
    stem = course.info.id
    wanted = [(CatalogPlace(project.locales), code, stem) for code in course.info.locales if code != source]
    for organisation in load_organisations(project, organisation_slugs(project), course):
        place = organisation_place(project, organisation.slug)
        wanted += [(place, code, f"{stem}-{organisation.slug}") for code in translated_locales(organisation, source)]
    built: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for place, code, name in wanted:
        try:
            catalog = read_catalog(place.po(code), code, place.locales, place)
        except CatalogError as error:
            problems += error.problems
            continue
        built.append((out / f"{name}-{source}-{code}.tmx", memory_bytes(catalog, source, code)))
    if problems:
        raise CatalogError(problems)
    for path, data in built:
        replace_file(path, data)
    return [path for path, _ in built]
