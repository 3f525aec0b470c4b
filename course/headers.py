"""A catalog's header entry (msgid ""), field by field, each checked before Babel takes it on trust.

Babel sets the catalog's language, charset, plural rule and dates from these fields without checking them: a
Plural-Forms that is not C raises deep in the build, `charset=latin-1` makes `course update` write every Arabic
letter as a `\\u` escape, a date it cannot parse is a traceback. Each field is checked here, at its line; a field
that fails is left out of what Babel sees (and reported), so Babel only ever meets values it can use.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from babel.messages.catalog import Catalog, parse_separated_header
from babel.messages.pofile import unescape

from course.inputs import InputError, babel_code, language_tag, shown
from course.plurals import PluralFormsError, language_rule, parse_plural_forms

FIELD = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,62}):[ \t]*(.*)")
DATE_FIELDS = ("pot-creation-date", "po-revision-date")
DATE_HINT = "write it as gettext does, e.g. 2026-01-01 00:00+0000"


@dataclass(frozen=True)
class HeaderField:
    line: int
    name: str
    value: str


def header_pieces(lines: list[str], msgid_line: int) -> list[tuple[int, str]]:
    """(line, text) of each quoted piece of the header's msgstr, the entry whose msgid is on `msgid_line`."""
    pieces: list[tuple[int, str]] = []
    for number in range(msgid_line, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped.startswith("msgstr "):
            pieces.append((number, unescape(stripped[len("msgstr ") :].strip())))
        elif pieces and stripped.startswith('"'):
            pieces.append((number, unescape(stripped)))
        elif pieces and stripped:
            break
    return pieces


def header_fields(lines: list[str], msgid_line: int) -> tuple[list[HeaderField], list[tuple[int, str]]]:
    """The header's fields, each at the line where it starts, and the lines that are not `Name: value`."""
    fields: list[HeaderField] = []
    problems: list[tuple[int, str]] = []
    text, starts = "", []
    for number, piece in header_pieces(lines, msgid_line):
        starts.append((len(text), number))
        text += piece
    offset = 0
    for entry in text.split("\n"):
        line = max((number for start, number in starts if start <= offset), default=msgid_line)
        offset += len(entry) + 1
        if not entry.strip():
            continue
        found = FIELD.fullmatch(entry.strip())
        if found is None:
            problems.append((line, "a header line that is not `Name: value`; end each field with \\n"))
        else:
            fields.append(HeaderField(line, found.group(1), found.group(2).strip()))
    return fields, problems


def language_problem(value: str, folder: str | None) -> str | None:
    """Whether `Language:` is a language code and, in a language's folder, that language (a template may leave
    it empty, as xgettext does)."""
    if folder is None and not value:
        return None
    try:
        language_tag(value)
    except InputError as error:
        return f"Language: {error}" + (f"; this catalog is for {folder!r}" if folder else "")
    if folder is not None and babel_code(value) != babel_code(folder):
        return f"Language: {shown(value)} in the folder of {folder!r}; write Language: {folder}"
    return None


def charset_problem(value: str) -> str | None:
    """Catalogs are UTF-8, and Babel writes a catalog back in the charset its header names."""
    charset = parse_separated_header(value).get("charset")
    if charset is None:
        return None
    try:
        if codecs.lookup(charset).name == "utf-8":
            return None
    except LookupError:
        pass
    return f"charset={shown(charset)}: catalogs are UTF-8; write charset=UTF-8 (and keep the file in UTF-8)"


def babel_refuses(name: str, value: str) -> bool:
    """Whether Babel's own reading of this one field fails (a date it cannot parse, an offset past a day)."""
    try:
        Catalog().mime_headers = [(name, value)]
    except (ValueError, TypeError, ArithmeticError, LookupError):
        return True
    return False


def field_problem(field: HeaderField, folder: str | None) -> str | None:
    """What is wrong with one header field, or None when Babel may take it."""
    name = field.name.lower()
    if name == "language":
        return language_problem(field.value, folder)
    if name == "content-type":
        return charset_problem(field.value)
    if name == "plural-forms":
        try:
            parse_plural_forms(field.value)
        except PluralFormsError as error:
            rule = f"; the rule for {folder!r} is `{language_rule(folder)}`" if folder else ""
            return f"Plural-Forms: {error}{rule}"
        return None
    if babel_refuses(name, field.value):
        return f"{field.name} cannot be read" + (f"; {DATE_HINT}" if name in DATE_FIELDS else "")
    return None


def checked_header(
    lines: list[str], msgid_line: int, folder: str | None
) -> tuple[str, dict[str, int], list[tuple[int, str]]]:
    """The header text Babel may read (the fields that passed), where each field is, and every (line, problem)."""
    fields, problems = header_fields(lines, msgid_line)
    kept = []
    names = [field.name.lower() for field in fields]
    for index, field in enumerate(fields):
        problem = field_problem(field, folder)
        if field.name.lower() in names[:index]:
            problem = f"{field.name} is given twice in the header; keep one"
        if problem is None:
            kept.append(field)
        else:
            problems.append((field.line, problem))
    text = "".join(f"{field.name}: {field.value}\n" for field in kept)
    return text, {field.name.lower(): field.line for field in fields}, problems
