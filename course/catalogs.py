"""Translation catalogs: read and compile locales/<lang>/LC_MESSAGES/messages.po in memory, init and update them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from babel.support import NullTranslations, Translations

from course.content import display_path
from course.errors import CatalogError, Problem, UsageError
from course.extract import POT_NAME
from course.timestamps import build_datetime

DOMAIN = "messages"
MessageKey = tuple[str | None, str]


def po_path(locales: Path, locale: str) -> Path:
    return locales / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class LocaleCatalog:
    """A locale's compiled translations plus the keys that really have a translation (not fuzzy, not empty).

    `translated` lets the build count what falls back to the Swedish source instead of guessing from output.
    """

    locale: str
    translations: NullTranslations
    translated: frozenset[MessageKey]


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; any syntax or encoding error becomes a CatalogError at file:line."""
    name = display_path(path)
    try:
        with open(path, "rb") as handle:
            return read_po(handle, locale=locale, abort_invalid=True)
    except FileNotFoundError:
        hint = "run `course extract`" if path.name == POT_NAME else f"run `course init {locale}`"
        raise CatalogError([Problem(name, 1, f"catalog not found; {hint}")]) from None
    except PoFileError as error:
        message = str(error).rsplit(" on ", 1)[0]
        raise CatalogError(
            [
                Problem(
                    name,
                    error.lineno,
                    f"{message}: {error.line.strip()!r}; fix the quoting or remove the line",
                )
            ]
        ) from None
    except UnicodeDecodeError as error:
        raise CatalogError(
            [
                Problem(
                    name,
                    1,
                    f"not valid UTF-8 ({error.reason}); save the file as UTF-8 "
                    "and declare 'charset=UTF-8' in its header",
                )
            ]
        ) from None


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


def translated_keys(catalog: Catalog) -> frozenset[MessageKey]:
    return frozenset(message_key(message) for message in catalog if message.id and is_translated(message))


def load_locale(locales: Path, locale: str, source_locale: str) -> LocaleCatalog:
    """The source locale needs no catalog (its text is the source); every other shipped locale does."""
    if locale == source_locale:
        return LocaleCatalog(locale, NullTranslations(), frozenset())
    catalog = read_catalog(po_path(locales, locale), locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return LocaleCatalog(locale, Translations(buffer, domain=DOMAIN), translated_keys(catalog))


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
