"""Extract translatable messages: the Babel extraction method for content files, and the .pot writer."""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import _parse_mapping_toml
from babel.messages.pofile import read_po, write_po

import course
from course.content import display_path, read_any, unreadable_files
from course.errors import ContentError, Problem
from course.inputs import InputError, read_input
from course.outputs import replace_file
from course.timestamps import build_datetime

POT_NAME = "messages.pot"
CATALOG_LIMIT = 32 * 2**20  # the real course's catalogs are 0.2 MB for 5 lessons; this holds some 700 lessons
PROJECT = "Ledarskap & digitala värderingar"
COMMENT_TAGS = ("Translators:",)


def extract_course(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method `course` (entry point in pyproject): one message per unit of a content file.

    Messages carry a context (lesson or question id and field) through `pgettext`, so the same Swedish words
    in two places can be translated differently, and a translator comment saying where the text appears.
    """
    path = Path(getattr(fileobj, "name", "content.yaml"))
    texts, problems = read_any(path, fileobj.read())
    if problems:
        raise ContentError(problems)
    for text in texts:
        yield text.line, "pgettext", (text.context, text.source), [text.comment]


def extract_catalog(project: Path) -> Catalog:
    """What `pybabel extract -F pyproject.toml -o locales/messages.pot .` would collect, as a catalog.

    Babel opens every course/content/**.yaml itself, and opening a named pipe would block: the content files are
    checked first, as the content loader reads them."""
    problems = unreadable_files(project / "course" / "content")
    if problems:
        raise ContentError(problems)
    with open(project / "pyproject.toml", "rb") as config:
        method_map, options_map = _parse_mapping_toml(config, filename="pyproject.toml", style="pyproject.toml")
    catalog = Catalog(
        project=PROJECT,
        version=course.__version__,
        copyright_holder="the course authors",
        msgid_bugs_address="",
        charset="utf-8",
        creation_date=build_datetime(),
        fuzzy=False,
    )
    cwd = os.getcwd()
    try:
        os.chdir(project)
        found = list(extract_from_dir(".", method_map, options_map, comment_tags=COMMENT_TAGS))
    finally:
        os.chdir(cwd)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(os.path.normpath(filename), lineno)], auto_comments=comments, context=context)
    return catalog


def catalog_signature(catalog: Catalog) -> list[tuple[object, ...]]:
    """Everything of a template that matters to translators: not the creation date, not how comments wrap."""
    return [
        (
            message.id,
            message.context,
            " ".join(message.auto_comments),
            tuple(message.locations),
            message.flags,
        )
        for message in catalog
        if message.id
    ]


def pot_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100)
    return buffer.getvalue()


def write_pot(project: Path, locales: Path) -> bool:
    """Write locales/messages.pot; return False and leave the file alone when no message changed."""
    catalog = extract_catalog(project)
    target = locales / POT_NAME
    if catalog_signature(previous_template(target, locales)) == catalog_signature(catalog):
        return False
    replace_file(target, pot_bytes(catalog))
    return True


def previous_template(target: Path, locales: Path) -> Catalog:
    """The template as it stands, to compare with: empty when there is none or it cannot be parsed (it is then
    rewritten whole); a template that is no regular file inside locales/ is refused, never opened blindly."""
    try:
        data = read_input(target, locales, CATALOG_LIMIT)
    except FileNotFoundError:
        return Catalog()
    except InputError as error:
        raise ContentError([Problem(display_path(target), 1, str(error))]) from None
    try:
        return read_po(io.BytesIO(data))
    except Exception:  # any template Babel cannot read is replaced by the fresh one
        return Catalog()
