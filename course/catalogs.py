"""Translation catalogs: read and compile locales/<lang>/LC_MESSAGES/messages.po in memory, init and update them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import c2py
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from course.content import display_path
from course.errors import CatalogError, Problem, UsageError
from course.extract import POT_NAME
from course.timestamps import build_datetime

DOMAIN = "messages"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
MessageKey = tuple[str | None, str]
# Babel's own gettext rule for Arabic swaps forms 4 and 5 (python-babel/babel#816); this one matches CLDR.
PLURAL_FORMS_FIXES = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5);",
}


def po_path(locales: Path, locale: str) -> Path:
    return locales / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


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
        strings = {message_key(m): forms(m.string) for m in catalog if m.id and is_translated(m)}
        return cls(locale, strings, c2py(catalog.plural_expr))


class StrictCatalog(Catalog):
    """A catalog that remembers what plain Babel forgives silently: a message given twice, a missing header."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.duplicates: list[tuple[MessageKey, int]] = []
        self.has_header = False

    def __setitem__(self, id: Any, message: Message) -> None:
        if not id:
            self.has_header = True
        elif self.get(id, message.context) is not None:
            self.duplicates.append((message_key(message), message.lineno or 1))
        super().__setitem__(id, message)


def catalog_problems(catalog: StrictCatalog, name: str) -> list[Problem]:
    problems = [
        Problem(name, line, f"msgctxt {context!r} msgid {msgid[:40]!r} appears twice; keep one of them")
        for (context, msgid), line in catalog.duplicates
    ]
    if not catalog.has_header:
        problems.append(
            Problem(
                name,
                1,
                'no header entry (msgid "" with Content-Type and Plural-Forms); '
                "copy it from locales/messages.pot or recreate the file with `course init`",
            )
        )
    return problems


QUOTED = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(rf"^(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{QUOTED}\s*$")


def utf8_lines(path: Path, name: str) -> list[str]:
    """The file's lines, decoded and checked here: Babel's parser accepts a string with a missing quote."""
    lines = []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                problem = f"not valid UTF-8 ({error.reason}); save the file as UTF-8 (charset=UTF-8 in the header)"
                raise CatalogError([Problem(name, number, problem)]) from None
            stripped = line.strip()
            if stripped and (not stripped.startswith("#") or stripped.startswith("#~")) and not PO_LINE.match(stripped):
                problem = f'not a valid .po line: {stripped[:60]!r}; check the quotes (write \\" for a quote inside)'
                raise CatalogError([Problem(name, number, problem)])
            lines.append(line)
    return lines


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; syntax, encoding, duplicate and header errors become one CatalogError at file:line."""
    name = display_path(path)
    catalog = StrictCatalog(locale=locale)
    try:
        PoFileParser(catalog, abort_invalid=True).parse(utf8_lines(path, name))
    except FileNotFoundError:
        hint = "run `course extract`" if path.name == POT_NAME else f"run `course init {locale}`"
        raise CatalogError([Problem(name, 1, f"catalog not found; {hint}")]) from None
    except PoFileError as error:
        message = str(error).rsplit(" on ", 1)[0]
        found = f"{message}: {error.line.strip()!r}; fix the quoting or remove the line"
        raise CatalogError([Problem(name, error.lineno, found)]) from None
    problems = catalog_problems(catalog, name)
    if problems:
        raise CatalogError(problems)
    return catalog


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


def load_locale(locales: Path, locale: str, source_locale: str) -> LocaleCatalog:
    """The source locale needs no catalog (its text is the source); every other shipped locale does."""
    if locale == source_locale:
        return LocaleCatalog.of(locale, Catalog(locale=locale))
    return LocaleCatalog.of(locale, read_catalog(po_path(locales, locale), locale))


def init_catalog(locales: Path, locale: str) -> Path:
    """Like `pybabel init`: a new .po from the template with the locale's plural forms from Babel's data."""
    try:
        parsed = Locale.parse(locale)
    except ValueError:
        raise UsageError(f"'{locale}' is not a locale Babel knows; use a code such as 'fi' or 'pt_BR'") from None
    target = po_path(locales, locale)
    if target.exists():
        raise UsageError(f"{display_path(target)} exists already; use `course update` to merge new messages")
    template = read_catalog(locales / POT_NAME)
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
    write_catalog(target, catalog)
    return target


def update_catalogs(locales: Path, codes: list[str]) -> list[Path]:
    """Like `pybabel update`: add new messages, mark changed ones fuzzy with the previous msgid, obsolete the rest."""
    template = read_catalog(locales / POT_NAME)
    written = []
    for code in codes:
        path = po_path(locales, code)
        catalog = read_catalog(path, code)
        catalog.update(template, update_creation_date=False)
        write_catalog(path, catalog)
        written.append(path)
    return written


def write_catalog(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".po.tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(path)
