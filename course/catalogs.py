"""Translation catalogs: read and compile locales/<lang>/LC_MESSAGES/messages.po in memory, init and update them.

Every catalog is read through `read_catalog` (a regular file inside locales/, its text checked by `pofile`, its
header by `headers`) and written through `write_catalog` (UTF-8, and only once it reads back to the same messages).
What a build takes from a locale's catalog (`load_locale`) comes compiled from the user's cache when an earlier
process read the same bytes (`catalog_cache`); the file is still opened and checked as `read_catalog` does.
The same functions serve an organisation's own catalogs, in their own folder and domain (`CatalogPlace`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import c2py
from pathlib import Path
from typing import TYPE_CHECKING

from course.catalog_cache import Compiled, MessageKey, compiled
from course.cldr import plural_expression
from course.errors import CatalogError, Problem, UsageError
from course.inputs import InputError, babel_code, language_tag, read_input, shown
from course.outputs import replace_file
from course.paths import CATALOG_LIMIT, POT_NAME, display_path
from course.timestamps import build_datetime

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message
    from babel.messages.pofile import PoFileError

    from course.strict_catalog import StrictCatalog

DOMAIN = "messages"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass(frozen=True)
class CatalogPlace:
    """Where one gettext domain's catalogs live, and how messages about them name their folder and verbs: the
    course's (locales/, domain `messages`, `course update`) or an organisation's (its own folder and domain, so
    the course's catalogs stay shared by every organisation, and `course update --organisation <slug>`)."""

    locales: Path
    domain: str = DOMAIN
    template_name: str = POT_NAME
    verb_suffix: str = ""  # what follows the verb, e.g. " --organisation exempelkommun"
    folder: str = "locales"  # the locales folder as a message names it, relative to the project

    @property
    def template(self) -> Path:
        return self.locales / self.template_name

    def po(self, locale: str) -> Path:
        return self.locales / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def command(self, verb: str, *arguments: str) -> str:
        """A verb as the user types it for these catalogs, quoted: `course init --organisation x fi`."""
        return f"`{' '.join(('course', verb + self.verb_suffix, *arguments))}`"


Where = Path | CatalogPlace  # a locales folder of the course's domain, or any place


def place_of(where: Where) -> CatalogPlace:
    return where if isinstance(where, CatalogPlace) else CatalogPlace(where)


COURSE_HINTS = CatalogPlace(Path("locales"))  # the course's verbs and folder, for messages (never opened)


def po_path(locales: Path, locale: str) -> Path:
    return CatalogPlace(locales).po(locale)


@dataclass(frozen=True)
class LocaleCatalog:
    """A locale's usable translations, compiled in memory: only messages translated in full and not fuzzy.

    A lookup that finds nothing means "fall back to the Swedish source", which the build counts; that is why
    this is a plain mapping rather than gettext's Translations, whose answer cannot tell a fallback apart.
    """

    locale: str
    strings: Mapping[MessageKey, tuple[str, ...]]
    plural: Callable[[int], int]

    def lookup(self, context: str | None, source: str, number: int | None = None) -> str | None:
        found = self.strings.get((context, source))
        index = 0 if number is None else self.plural(number)
        return found[index] if found is not None and index < len(found) else None

    @classmethod
    def of(cls, locale: str, catalog: Catalog) -> LocaleCatalog:
        return cls.compiled(locale, usable(catalog))

    @classmethod
    def compiled(cls, locale: str, found: Compiled) -> LocaleCatalog:
        strings, expression = found
        return cls(locale, strings, c2py(expression))


def usable(catalog: Catalog) -> Compiled:
    """What a build takes from a catalog: its usable translations, and its plural rule as written."""
    return {message_key(m): forms(m.string) for m in catalog if m.id and is_translated(m)}, catalog.plural_expr


def duplicate_problem(context: str | None, msgid: str) -> str:
    if not msgid and context is None:
        return 'a second header entry (msgid ""); keep the first one'
    where = f"msgctxt {shown(context)} " if context is not None else ""
    return f"{where}msgid {shown(msgid)} appears twice; keep one of them"


def catalog_problems(catalog: StrictCatalog, name: str, place: CatalogPlace | None = None) -> list[Problem]:
    hints = place or COURSE_HINTS
    problems = [Problem(name, line, problem) for line, problem in catalog.header_problems]
    for (context, msgid), line in catalog.duplicates:
        problems.append(Problem(name, line, duplicate_problem(context, msgid)))
    if not catalog.has_header:
        problems.append(
            Problem(
                name,
                1,
                'no header entry (msgid "" with Content-Type and Plural-Forms); '
                f"copy it from {hints.folder}/{hints.template_name} or recreate the file with {hints.command('init')}",
            )
        )
    return problems


# Babel's own complaints, which quote the line; said here in words that do not.
BABEL_ERRORS = {
    "msg has more translations": "more msgstr[N] forms than the header's Plural-Forms has (nplurals)",
    "location comment": "a #: comment with unbalanced isolation marks (U+2068 and U+2069 come in pairs)",
}


def babel_error(error: PoFileError) -> str:
    said = str(error)
    return next((ours for theirs, ours in BABEL_ERRORS.items() if said.startswith(theirs)), "this line cannot be read")


def parse_catalog(
    data: bytes, name: str, locale: str | None = None, place: CatalogPlace | None = None
) -> StrictCatalog:
    """Parse .po/.pot bytes; every problem (syntax, encoding, characters, header, duplicates) at `name`:line."""
    # The readers are imported here, not by every command: a build whose catalogs come compiled from the cache
    # (`catalog_cache`) reads no .po text, and compiling their patterns is a few ms of every fresh process.
    from babel.messages.pofile import PoFileError, PoFileParser

    from course.pofile import MOST_PROBLEMS, po_lines
    from course.pomessages import add_messages

    text = po_lines(data)
    lines, found = text.lines, text.problems
    if found:
        problems = [Problem(name, line, problem) for line, problem in found[:MOST_PROBLEMS]]
        if len(found) > MOST_PROBLEMS:
            problems.append(Problem(name, found[MOST_PROBLEMS][0], f"and {len(found) - MOST_PROBLEMS} more"))
        raise CatalogError(problems)
    from course.strict_catalog import StrictCatalog

    catalog = StrictCatalog(lines, locale, locale=babel_code(locale) if locale else None)
    try:
        if text.kinds is None:  # a file the fast reading did not take: Babel parses it, as it passed every check
            PoFileParser(catalog, abort_invalid=True).parse(lines)
        else:
            add_messages(catalog, text.kinds, lines)
    except PoFileError as error:
        raise CatalogError([Problem(name, error.lineno + 1, babel_error(error))]) from None
    problems = catalog_problems(catalog, name, place)
    if problems:
        raise CatalogError(problems)
    for message in catalog:
        if message.id and message.lineno in text.previous:
            message.previous_id = text.previous[message.lineno]
    return catalog


def read_catalog(
    path: Path, locale: str | None = None, inside: Path | None = None, place: CatalogPlace | None = None
) -> StrictCatalog:
    """Read a .po/.pot file that is a regular file inside `inside` (by default its own folder), links resolved;
    whatever is wrong with it is one CatalogError at file:line, whose hints name the verbs of `place` (by default
    the course's)."""
    return parse_catalog(catalog_data(path, locale, inside, place), display_path(path), locale, place)


def catalog_data(path: Path, locale: str | None, inside: Path | None, place: CatalogPlace | None) -> bytes:
    """The bytes of the file `read_catalog` reads, or one CatalogError saying why it cannot be read."""
    name = display_path(path)
    hints = place or COURSE_HINTS
    try:
        return read_input(path, inside or path.parent, CATALOG_LIMIT)
    except FileNotFoundError:
        hint = hints.command("extract") if path.name == hints.template_name else hints.command("init", f"{locale}")
        raise CatalogError([Problem(name, 1, f"catalog not found; run {hint}")]) from None
    except InputError as error:
        raise CatalogError([Problem(name, 1, str(error))]) from None


def forms(value: object) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple of forms: one for a plain message, several for a plural one."""
    if isinstance(value, (tuple, list)):
        return tuple(str(form or "") for form in value)
    return (str(value or ""),)


def message_key(message: Message) -> MessageKey:
    """How a message is looked up: its context and its (singular) source text."""
    return (message.context, forms(message.id)[0])


def is_translated(message: Message | None) -> bool:
    return message is not None and not message.fuzzy and all(forms(message.string))


def load_locale(where: Where, locale: str, source_locale: str) -> LocaleCatalog:
    """The source locale needs no catalog (its text is the source); every other shipped locale does."""
    if locale == source_locale:
        return LocaleCatalog.compiled(locale, ({}, plural_expression(locale)))
    place = place_of(where)
    path = place.po(locale)
    data = catalog_data(path, locale, place.locales, place)
    return LocaleCatalog.compiled(
        locale, compiled(data, locale, lambda: compiled_text(data, display_path(path), locale, place))
    )


def compiled_text(data: bytes, name: str, locale: str, place: CatalogPlace) -> Compiled:
    """`usable(parse_catalog(…))`, in a fraction of its time for a catalog of the shape Babel writes
    (`pocompile`), which reads only its header entry the full way; any other is read the full way."""
    from course.pocompile import lean_compiled  # as the readers are (see parse_catalog)

    found = lean_compiled(data, lambda header: parse_catalog(header, name, locale, place))
    return usable(parse_catalog(data, name, locale, place)) if found is None else found


def init_catalog(where: Where, locale: str) -> Path:
    """Like `pybabel init`: a new .po from the template with the locale's plural forms from Babel's data."""
    from babel import Locale
    from babel.messages.catalog import Catalog

    from course.plurals import PLURAL_FORMS_FIXES  # as the readers are (see parse_catalog): a build needs neither

    try:
        parsed = Locale.parse(babel_code(language_tag(locale)))
    except InputError as error:
        raise UsageError(str(error)) from None
    place = place_of(where)
    target = place.po(locale)
    if target.exists() or target.is_symlink():
        raise UsageError(f"{display_path(target)} exists already; use {place.command('update')} to merge new messages")
    template = read_catalog(place.template, inside=place.locales, place=place)
    catalog = Catalog(
        locale=parsed,
        project=template.project,
        version=template.version,
        copyright_holder=template.copyright_holder,
        charset="utf-8",
        creation_date=template.creation_date,
        revision_date=build_datetime(),
        fuzzy=False,
    )
    for message in template:
        if message.id:
            catalog.add(
                message.id,
                None,
                list(message.locations),
                auto_comments=message.auto_comments,
                flags=message.flags,
                context=message.context,
            )
    if parsed.language in PLURAL_FORMS_FIXES:
        headers = [(name, value) for name, value in catalog.mime_headers if name != "Plural-Forms"]
        catalog.mime_headers = [*headers, ("Plural-Forms", PLURAL_FORMS_FIXES[parsed.language])]
    write_catalog(target, catalog, place)
    return target


def update_catalogs(where: Where, codes: list[str]) -> list[Path]:
    """Like `pybabel update`: add new messages, mark changed ones fuzzy with the previous msgid, obsolete the rest.
    Every catalog is read, merged and checked before the first is written, so one broken catalog changes none."""
    return write_merged(merged_catalogs(where, codes))


def write_merged(merged: list[tuple[Path, bytes]]) -> list[Path]:
    for path, data in merged:
        replace_file(path, data)
    return [path for path, _ in merged]


def merged_catalogs(where: Where, codes: list[str]) -> list[tuple[Path, bytes]]:
    """What `update_catalogs` writes, each catalog merged with its template and checked, none written yet."""
    place = place_of(where)
    template = read_catalog(place.template, inside=place.locales, place=place)
    catalogs: list[tuple[Path, StrictCatalog]] = []
    problems: list[Problem] = []
    for code in codes:
        path = place.po(code)
        try:
            catalogs.append((path, read_catalog(path, code, place.locales, place)))
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    written = []
    for path, catalog in catalogs:
        merge(catalog, template)
        written.append((path, catalog_bytes(path, catalog, place)))
    return written


def merge(catalog: Catalog, template: Catalog) -> None:
    """Babel's update, keeping the previous source of an entry that stays fuzzy (Babel keeps it only for an entry
    it has just made fuzzy), so that the translator still sees what changed."""
    previous = {message_key(m): m.previous_id for m in catalog if m.id and m.previous_id}
    catalog.update(template, update_creation_date=False)
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(message_key(message), [])


def message_texts(catalog: Catalog) -> dict[tuple[bool, str | None, tuple[str, ...]], tuple[tuple[str, ...], bool]]:
    """What a catalog says, to compare before and after writing: each message's forms (trailing empty forms
    aside, which a reader pads to nplurals) and whether it is fuzzy, obsolete ones included."""

    def said(message: Message) -> tuple[tuple[str, ...], bool]:
        strings = forms(message.string)
        while strings and not strings[-1]:
            strings = strings[:-1]
        return strings, message.fuzzy

    current = {(False, m.context, forms(m.id)): said(m) for m in catalog if m.id}
    return current | {(True, m.context, forms(m.id)): said(m) for m in catalog.obsolete.values()}


WIDTH = 100  # characters per .po line, as the catalogs have always been written


def with_previous_sources(text: str, catalog: Catalog) -> str:
    """The .po text with each fuzzy entry's previous source (`#| msgid`) before it, written as gettext writes it:
    one `#|` line per line of the string. Babel's own `include_previous` wraps that text as a comment, so a long
    previous source comes out as lines no gettext tool reads (`#| msgid "" "text…`)."""
    from babel.messages.pofile import normalize

    for message in catalog:
        if not message.id or not message.previous_id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        entry = (f"msgctxt {normalize(message.context, width=WIDTH)}\n" if message.context else "") + (
            f"msgid {normalize(ids[0], width=WIDTH)}\n"
        )
        keywords = ("msgid", "msgid_plural")
        previous = "".join(
            f"#| {line}\n"
            for keyword, source in zip(keywords, message.previous_id, strict=False)
            for line in f"{keyword} {normalize(source, width=WIDTH)}".split("\n")
        )
        text = text.replace(entry, previous + entry, 1)
    return text


def catalog_bytes(path: Path, catalog: Catalog, place: CatalogPlace | None = None) -> bytes:
    """The catalog as .po text in UTF-8, once it reads back as the same messages; a CatalogError otherwise, so
    that no verb writes a catalog that loses or changes a translation."""
    from babel.messages.pofile import write_po

    catalog.charset = "utf-8"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH)
    data = with_previous_sources(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")
    name = display_path(path)
    try:
        same = message_texts(parse_catalog(data, name, place=place)) == message_texts(catalog)
        problem = "it would not read back with the same messages"
    except CatalogError as error:
        same, problem = False, f"it would not read back ({error.problems[0].message})"
    if not same:
        raise CatalogError([Problem(name, 1, f"not written: {problem}; the file was left as it was")])
    return data


def write_catalog(path: Path, catalog: Catalog, place: CatalogPlace | None = None) -> None:
    """Write a catalog as UTF-8 .po text, only when it reads back to the same messages (see `catalog_bytes`)."""
    replace_file(path, catalog_bytes(path, catalog, place))
