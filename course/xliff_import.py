"""`course xliff import`: returned XLIFF files merged into their catalogs, all or nothing.

A file must be one `course.xliff` wrote for this course, catalog and template version, and a language shipped. Only
units whose text or state changed are merged; the merged catalog is then held to what `course check` runs on a
catalog (`lint_catalog` and the pass-mark errors), so an error, or a warning the import brings in, refuses every
file, each problem at the XLIFF file:line of its unit. Nothing is written before every file has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from babel.messages.catalog import Catalog, Message
from lxml import etree
from translate.storage import poxliff

from course.catalogs import catalog_bytes, forms, read_catalog, write_merged
from course.errors import CatalogError, Problem
from course.inputs import InputError, read_input, shown, untrusted_xml
from course.lint import lint_catalog, pass_mark_errors
from course.paths import CATALOG_LIMIT, SLUG, display_path
from course.strict_catalog import StrictCatalog
from course.xliff import XliffScope, bcp47, template_version, unit_id
from course.xliff_inline import code_problems, folded, protect, read_pieces, text_of

XLIFF_LIMIT = 2 * CATALOG_LIMIT  # an XLIFF file is some 1.6 times its catalog's size
NAMESPACES = ("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:1.1")
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"  # Trados Studio's own attributes and elements
Status = Literal["translated", "fuzzy", "untranslated"]
STATES: dict[str, Status] = {
    "final": "translated",
    "signed-off": "translated",
    "translated": "translated",
    "needs-review-translation": "fuzzy",
    "needs-review-l10n": "fuzzy",
    "needs-review-adaptation": "fuzzy",
    "needs-translation": "untranslated",
    "needs-l10n": "untranslated",
    "needs-adaptation": "untranslated",
    "new": "untranslated",
}
SDL_CONFIRMED = {"Translated", "ApprovedTranslation", "ApprovedSignOff"}
EXPORT_AGAIN = "export it again with `course xliff export`"


@dataclass(frozen=True)
class Returned:
    """One unit of a returned file: its message, its forms ("" for one left untranslated), whether it is fuzzy,
    its line, and the problems with its codes (which count only if the unit changed)."""

    message: Message
    texts: tuple[str, ...]
    fuzzy: bool
    line: int
    code_problems: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ReturnedFile:
    name: str
    locale: str
    units: tuple[Returned, ...]


@dataclass(frozen=True)
class Imported:
    """What an import does to one catalog: how many units changed, and its new bytes (None: left as it is)."""

    catalog: Path
    units: int
    data: bytes | None = field(default=None, repr=False)


def parsed(data: bytes, name: str) -> etree._Element:
    """The file's root, parsed without a DTD, entities or the network; a CatalogError at its line otherwise."""
    try:
        root, doctype = untrusted_xml(data)
    except etree.XMLSyntaxError as error:
        raise CatalogError(
            [
                Problem(
                    name, error.lineno or 1, f"not well-formed XML ({error.msg}); save the file again from the CAT tool"
                )
            ]
        ) from None
    if doctype is not None:
        raise CatalogError([Problem(name, doctype, "a <!DOCTYPE …>, which may declare entities; XLIFF needs none")])
    if etree.QName(root).localname != "xliff" or etree.QName(root).namespace not in NAMESPACES:
        version = root.get("version") or ""
        found = f"XLIFF {version}" if version.startswith("2") else f"<{etree.QName(root).localname}>"
        raise CatalogError(
            [Problem(name, root.sourceline or 1, f"not an XLIFF 1.2 file ({found}); return the file as XLIFF 1.2")]
        )
    return root


def locale_of(tag: str, shipped: Sequence[str]) -> str | None:
    """The shipped locale a file's target-language names: the same tag, or a region of it (fi-FI for fi)."""
    tag = tag.lower()
    exact = [code for code in shipped if bcp47(code).lower() == tag]
    wider = [code for code in shipped if tag.startswith(bcp47(code).lower() + "-")]
    if len(exact) == 1:
        return exact[0]
    return wider[0] if len(wider) == 1 else None


def identity_problems(scope: XliffScope, file_node: etree._Element, version: str) -> tuple[str | None, list[str]]:
    """The file's locale, and whatever says it is no file for these catalogs at this template version."""
    problems = []
    course = file_node.get("product-name")
    if course != scope.course_id:
        problems.append(f"this file is for the course {shown(course or '')}, not {scope.course_id!r}")
    source = file_node.get("source-language") or ""
    if source.lower() != bcp47(scope.source_locale).lower():
        problems.append(f"source-language is {shown(source)}; the course's source is {scope.source_locale!r}")
    tag = file_node.get("target-language") or ""
    locale = locale_of(tag, scope.locales)
    if locale is None:
        problems.append(
            f"target-language {shown(tag)} is not a language {scope.whose} catalogs ship ({', '.join(scope.locales)})"
        )
    original = file_node.get("original") or ""
    if locale is not None and original != scope.original(locale):
        problems.append(
            f"this file holds {shown(original, 80)}, not {scope.original(locale)}; {place_hint(scope, original)}"
        )
    exported = file_node.get("product-version")
    if not problems and exported != version:
        problems.append(
            f"exported from template version {shown(exported or '')}, but {scope.place.template_name} is now "
            f"{version!r} (its messages changed since); {EXPORT_AGAIN} and let the CAT tool's memory fill in what is "
            "done"
        )
    return locale, problems


def place_hint(scope: XliffScope, original: str) -> str:
    """How to import a file whose `original` names another place's catalog."""
    parts = original.split("/")
    slug = parts[1] if len(parts) > 2 and parts[0] == "organisations" and SLUG.fullmatch(parts[1]) else None
    if slug is not None and slug != scope.organisation:
        return f"import it with --organisation {slug}"
    if scope.organisation is not None and parts[0] == "locales":
        return "import it without --organisation"
    return "give the file exported for this catalog"


def status_of(element: etree._Element, target: etree._Element, text: str, source: str) -> Status:
    """How a returned unit stands: a Trados confirmation for every segment when the file has them, else the
    target's state, else approved="yes". A target left as a copy of the source, and not confirmed, is untranslated;
    another text not confirmed is kept fuzzy (not shown until reviewed)."""
    if not text:
        return "untranslated"
    segments = element.findall(f"{{{SDL}}}seg-defs/{{{SDL}}}seg")
    if segments:
        status: Status = "translated" if {seg.get("conf") for seg in segments} <= SDL_CONFIRMED else "fuzzy"
    elif target.get("state") is not None:
        status = STATES.get(target.get("state") or "", "fuzzy")
    else:
        status = "translated" if element.get("approved") == "yes" else "fuzzy"
    if status != "translated":
        return "untranslated" if text == source else "fuzzy"
    return status


def returned_unit(unit: Any, message: Message, namespace: str) -> Returned:
    """One unit read back: each form's target, its codes as the source has them, its whitespace folded."""
    children = unit.units if unit.hasplural() else [unit]
    sources = forms(message.id)
    texts: list[str] = []
    statuses: list[Status] = []
    problems: list[tuple[int, str]] = []
    for index, child in enumerate(children):
        element = child.xmlelement
        source = sources[min(index, len(sources) - 1)]
        target = element.find(f"{{{namespace}}}target")
        if target is None:
            texts.append("")
            statuses.append("untranslated")
            continue
        pieces = protect(source)
        read = read_pieces(target, pieces)
        text = folded(text_of(read.pieces))
        status = status_of(element, target, text, source)
        texts.append(text if status != "untranslated" else "")
        statuses.append(status)
        problems += read.problems
        if texts[-1]:
            problems += [(target.sourceline or 1, found) for found in code_problems(read.pieces, pieces)]
    line = unit.xmlelement.sourceline or 1
    return Returned(message, tuple(texts), "fuzzy" in statuses, line, tuple(problems))


def read_returned(scope: XliffScope, path: Path, messages: dict[str, Message], version: str) -> ReturnedFile:
    """A returned file's locale and units; every problem of the file in one CatalogError, at its lines."""
    name = display_path(path)
    try:
        data = read_input(path, path.resolve().parent, XLIFF_LIMIT)
    except FileNotFoundError:
        raise CatalogError([Problem(name, 1, "no such file; give the XLIFF files the CAT tool returned")]) from None
    except InputError as error:
        raise CatalogError([Problem(name, 1, str(error))]) from None
    root = parsed(data, name)
    files = root.findall(f"{{{etree.QName(root).namespace}}}file")
    if len(files) != 1:
        raise CatalogError(
            [Problem(name, root.sourceline or 1, f"{len(files)} <file> elements; {EXPORT_AGAIN}, one language a file")]
        )
    locale, found = identity_problems(scope, files[0], version)
    if found or locale is None:
        raise CatalogError([Problem(name, files[0].sourceline or 1, problem) for problem in found])
    try:
        store: Any = poxliff.PoXliffFile(data)
    except Exception as error:  # noqa: BLE001 (whatever translate-toolkit cannot read is one problem of the file)
        raise CatalogError(
            [Problem(name, 1, f"translate-toolkit cannot read it as XLIFF ({error}); {EXPORT_AGAIN}")]
        ) from None
    units: list[Returned] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for unit in store.units:
        element = unit.xmlelement
        line = element.sourceline or 1
        identifier = element.get("id") or ""
        if unit.hasplural() and not identifier and unit.units:
            identifier = (unit.units[0].xmlelement.get("id") or "").removesuffix("[0]")
        message = messages.get(identifier)
        if message is None or identifier in seen:
            said = "appears twice" if identifier in seen else f"is not a unit of {scope.place.template_name}"
            problems.append(
                Problem(name, line, f"unit id {shown(identifier, 80)} {said}; import only units the export wrote")
            )
            continue
        seen.add(identifier)
        units.append(returned_unit(unit, message, store.namespace))
    if problems:
        raise CatalogError(problems)
    return ReturnedFile(name, locale, tuple(units))


def said(message: Message, count: int) -> tuple[tuple[str, ...], bool]:
    """What a catalog's message says, as a returned unit is compared with it: each form folded, and whether it is
    fuzzy (a fuzzy flag on nothing translated says nothing)."""
    texts = tuple(folded(text) for text in (forms(message.string) + ("",) * count)[:count])
    return texts, message.fuzzy and any(texts)


def apply(message: Message, texts: tuple[str, ...], fuzzy: bool) -> None:
    message.string = texts if message.pluralizable else texts[0]
    if fuzzy and any(texts):
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
        message.previous_id = []


def merged_file(scope: XliffScope, returned: ReturnedFile) -> Imported:
    """One returned file merged into a copy of its catalog and checked; every problem in one CatalogError."""
    place = scope.place
    path = place.po(returned.locale)
    read = [read_catalog(path, returned.locale, place.locales, place) for _ in range(3)]
    before, after, checked = read
    changed: dict[int, Returned] = {}
    problems: list[Problem] = []
    for unit in returned.units:
        message = after.get(unit.message.id, unit.message.context)
        if message is None:
            fix = f"run {place.command('update')}, then import again"
            problems.append(
                Problem(returned.name, unit.line, f"{display_path(path)} does not have this message yet; {fix}")
            )
            continue
        count = after.num_plurals if message.pluralizable else 1
        if len(unit.texts) != count:
            problems.append(
                Problem(returned.name, unit.line, f"{len(unit.texts)} plural forms; the language has {count}")
            )
            continue
        if said(message, count) == (unit.texts, unit.fuzzy and any(unit.texts)):
            continue
        apply(message, unit.texts, unit.fuzzy)
        twin = checked.get(unit.message.id, unit.message.context)
        if twin is not None:
            apply(twin, unit.texts, False)  # checked as if approved
        changed[message.lineno or 1] = unit
        problems += [Problem(returned.name, line, text) for line, text in unit.code_problems]
    if not changed and not problems:  # nothing to write, so nothing to check
        return Imported(path, 0)
    problems += check_problems(scope, returned, before, checked, changed)
    if problems:
        raise CatalogError(problems)
    data = catalog_bytes(path, after, place)
    return Imported(path, len(changed), None if data == read_input(path, place.locales, CATALOG_LIMIT) else data)


def check_problems(
    scope: XliffScope,
    returned: ReturnedFile,
    before: StrictCatalog,
    checked: StrictCatalog,
    changed: dict[int, Returned],
) -> list[Problem]:
    """`course check`'s findings on the merged catalog that refuse the import: an error, or a warning it was not
    giving before; each at the XLIFF line of the unit it is about (a unit fuzzy in the file is checked as if
    approved, so that approving it later cannot bring one in)."""
    path = scope.place.po(returned.locale)
    old = set(lint_catalog(before, path))
    found = [problem for problem in lint_catalog(checked, path) if problem not in old]
    found += pass_mark_errors(checked, path, scope.passing_score)
    return [
        Problem(returned.name, changed[problem.line].line, problem.message) if problem.line in changed else problem
        for problem in found
    ]


def import_xliff(scope: XliffScope, paths: Sequence[Path]) -> list[Imported]:
    """Merge the returned files into their catalogs: every file read, merged and checked before the first catalog
    is written, one file a language; a catalog whose messages did not change is not written at all."""
    place = scope.place
    template: Catalog = read_catalog(place.template, inside=place.locales, place=place)
    messages = {unit_id(message): message for message in template if message.id}
    version = template_version(template)
    returned: list[ReturnedFile] = []
    problems: list[Problem] = []
    for path in dict.fromkeys(paths):
        try:
            returned.append(read_returned(scope, path, messages, version))
        except CatalogError as error:
            problems += error.problems
    locales: dict[str, str] = {}
    for item in returned:
        if item.locale in locales:
            problems.append(
                Problem(
                    item.name,
                    1,
                    f"a second file for {item.locale} (after {locales[item.locale]}); import one file a language",
                )
            )
        locales.setdefault(item.locale, item.name)
    merged: list[Imported] = []
    for item in returned if not problems else ():
        try:
            merged.append(merged_file(scope, item))
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    write_merged([(item.catalog, item.data) for item in merged if item.data is not None])
    return merged
