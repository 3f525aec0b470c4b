"""Extract translatable messages: the Babel extraction method for content files, and the .pot writer."""

from __future__ import annotations

import io
import os
import tomllib
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po, write_po

import course
from course.content import read_any, unreadable_files
from course.errors import ContentError, Problem
from course.inputs import InputError, read_input
from course.outputs import replace_file
from course.paths import CATALOG_LIMIT, POT_NAME, display_path
from course.timestamps import build_datetime

PROJECT = "Ledarskap & digitala värderingar"
COMMENT_TAGS = ("Translators:",)


def extract_course(
    fileobj: IO[bytes],
    keywords: Collection[str],  # noqa: ARG001 (Babel's extraction-method signature; units need no keywords)
    comment_tags: Collection[str],  # noqa: ARG001 (each unit's comment comes from the content model)
    options: Mapping[str, Any],  # noqa: ARG001 (the mapping sets none for content files)
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


MethodMap = tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]


def babel_mapping(pyproject: Path) -> MethodMap:
    """The `[tool.babel]` mappings of `pyproject` as Babel's extractor takes them, (pattern, method) pairs and each
    pattern's options, read as `pybabel extract -F pyproject.toml` reads them (Babel's own reader is private)."""
    name = display_path(pyproject)
    try:
        with open(pyproject, "rb") as handle:
            babel = tomllib.load(handle).get("tool", {}).get("babel", {})
    except tomllib.TOMLDecodeError as error:
        raise ContentError([Problem(name, 1, f"not valid TOML ({error})")]) from None
    extractors = babel.get("extractors", {})
    method_map: list[tuple[str, str]] = []
    options_map: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(babel.get("mappings", []), start=1):
        options = dict(entry)
        method, patterns = options.pop("method", None), options.pop("pattern", None)
        patterns = [patterns] if isinstance(patterns, str) else patterns
        texts = isinstance(patterns, list) and all(isinstance(pattern, str) for pattern in patterns)
        if not isinstance(method, str) or not texts:
            raise ContentError(
                [Problem(name, 1, f"[[tool.babel.mappings]] number {index}: give a `method` and a `pattern` (text)")]
            )
        if "keywords" in options:
            keywords = options["keywords"]
            options["keywords"] = parse_keywords(keywords.split() if isinstance(keywords, str) else keywords)
        if isinstance(options.get("add_comments"), str):
            options["add_comments"] = [options["add_comments"]]
        for pattern in patterns:
            method_map.append((pattern, extractors.get(method, method)))
            options_map[pattern] = options
    return method_map, options_map


def extract_catalog(project: Path) -> Catalog:
    """What `pybabel extract -F pyproject.toml -o locales/messages.pot .` would collect, as a catalog.

    Babel opens every course/content/**.yaml itself, and opening a named pipe would block: the content files are
    checked first, as the content loader reads them."""
    problems = unreadable_files(project / "course" / "content")
    if problems:
        raise ContentError(problems)
    method_map, options_map = babel_mapping(project / "pyproject.toml")
    catalog = Catalog(
        project=PROJECT,
        version=course.__version__,
        copyright_holder="the course authors",
        msgid_bugs_address="",
        charset="utf-8",
        creation_date=build_datetime(),
        fuzzy=False,
    )
    # Babel names each file relative to the folder it walks, as pybabel run in the project folder does.
    for filename, lineno, message, comments, context in extract_from_dir(
        project, method_map, options_map, comment_tags=COMMENT_TAGS
    ):
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
    return write_template(extract_catalog(project), locales / POT_NAME, locales)


def write_template(catalog: Catalog, target: Path, locales: Path) -> bool:
    """Write a template to `target` inside `locales`; return False and leave the file alone when no message changed
    (its date alone is no change: a rewrite would only make every catalog look out of date)."""
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
    except Exception:  # noqa: BLE001 (any template Babel cannot read, whatever it raises, is replaced whole)
        return Catalog()
