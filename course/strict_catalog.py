"""The catalog a .po file is read into: Babel's, remembering what plain Babel forgives silently. Imported where a
catalog is read (`catalogs.parse_catalog`), so that a build whose catalogs come compiled from the cache loads none
of Babel's catalog machinery."""

from __future__ import annotations

from typing import Any

from babel.messages.catalog import Catalog, Message

from course.catalog_cache import MessageKey
from course.catalogs import message_key


class StrictCatalog(Catalog):
    """A catalog that remembers what plain Babel forgives silently: a message given twice, a missing header, and
    header fields it could not use (`headers.checked_header`), which never reach Babel's own header parsing."""

    def __init__(self, lines: list[str], folder: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines = lines
        self.folder = folder
        self.duplicates: list[tuple[MessageKey, int]] = []
        self.header_problems: list[tuple[int, str]] = []
        self.header_lines: dict[str, int] = {}  # field name (lower case) -> its line
        self.has_header = False

    def __setitem__(self, id: Any, message: Message) -> None:
        if not id:
            from course.headers import checked_header  # see parse_catalog

            if self.has_header:
                self.duplicates.append((message_key(message), message.lineno or 1))
            self.has_header = True
            text, self.header_lines, self.header_problems = checked_header(self.lines, message.lineno or 1, self.folder)
            message.string = text
        elif self.get(id, message.context) is not None:
            self.duplicates.append((message_key(message), message.lineno or 1))
        super().__setitem__(id, message)
