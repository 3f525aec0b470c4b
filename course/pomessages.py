"""The messages of a catalog the fast reading took (`pofile.well_formed`), added to a Babel catalog exactly as
Babel's own parser adds them, in a fraction of its time.

Babel's PoFileParser spends most of a build's catalog time going through a few method calls per line and a list
subclass per string. The fast reading already knows each line's kind and that the entries are in order, so here a
line costs a comparison and an append. What comes out is what Babel makes, step for step: the same `Message`
(locations, flags, comments, plural forms padded to the catalog's nplurals, context, line), added through the same
`catalog[msgid] = message` (or `catalog.obsolete`) in the same order, and the same PoFileError where Babel raises
one. tests/test_pomessages.py reads every catalog of the project and generated ones both ways and compares them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, _extract_locations, unescape

# Kinds whose lines Babel reads as nothing: blank lines, and those the fast reading blanked (`pofile.SKIPPED`).
NOTHING = frozenset(("", "#|", "#~"))


def denormalized(pieces: list[str]) -> str:
    """A string from its quoted pieces, as Babel's `_NormalizedString.denormalize` makes it."""
    return "".join(map(unescape, pieces))


class Reading:
    """Babel's parser state for the entry being read: its comments, context, msgids and translations.

    In a file of the fast reading's shape a continued string always belongs to the keyword just before it, so
    `current` stands for Babel's in_msgctxt, in_msgid and in_msgstr flags."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.offset = 0  # the index of the last msgid line, which Babel keeps from entry to entry
        self.counter = 0
        self.reset()

    def reset(self) -> None:
        self.ids: list[list[str]] = []  # the msgid's pieces, then the msgid_plural's
        self.translations: list[tuple[int, list[str]]] = []
        self.context: list[str] | None = None
        self.current: list[str] = []  # the pieces a continued string goes to
        self.locations: list[tuple[str, Any]] = []  # (file, line or None): Babel's type says int, its parser not
        self.flags: list[str] = []
        self.auto_comments: list[str] = []
        self.user_comments: list[str] = []
        self.obsolete = False

    def keyword(self, kind: str, line: str, number: int) -> None:
        """A msgctxt, msgid, msgid_plural, msgstr or msgstr[N] line (stripped), obsolete (`#~`) or not."""
        obsolete = line.startswith("#")
        piece = [(line[2:].lstrip() if obsolete else line).partition(" ")[2].strip()]
        if kind in ("msgid", "msgctxt"):
            self.finish()
        self.obsolete = obsolete  # Babel takes it from each keyword line: the entry's last one counts
        if kind == "msgctxt":
            self.context = piece
        elif kind == "msgstr":
            self.translations.append((0, piece))
        elif kind.startswith("msgstr["):
            self.translations.append((int(kind[7:-1]), piece))
        else:
            if kind == "msgid":
                self.offset = number
            self.ids.append(piece)
        self.current = piece

    def comment(self, line: str, number: int) -> None:
        """A comment line (stripped): it ends the entry before it and belongs to the next one. Babel turns any
        ValueError while it does both into a PoFileError at this line."""
        try:
            self.finish()
            self.commented(line)
        except ValueError as error:
            raise PoFileError(str(error), self.catalog, line, number) from None

    def commented(self, line: str) -> None:
        prefix = line[:2]
        if prefix == "#:":
            for location in _extract_locations(line[2:]):
                name, colon, place = location.rpartition(":")
                if not colon:
                    self.locations.append((location, None))
                elif (found := line_number(place)) is not None:
                    self.locations.append((name, found))
        elif prefix == "#,":
            self.flags.extend(flags(line))
        elif prefix == "#.":
            if comment := line[2:].strip():
                self.auto_comments.append(comment)
        else:
            self.user_comments.append(line[1:].strip())

    def finish(self) -> None:
        """The entry read so far, if there is one, goes into the catalog."""
        if self.ids:
            self.add(self.message())

    def message(self) -> Message:
        catalog = self.catalog
        string: str | tuple[str, ...]
        msgid: str | tuple[str, ...]
        if len(self.ids) > 1:
            msgid = tuple(map(denormalized, self.ids))
            forms = [""] * catalog.num_plurals
            for index, pieces in self.translations:  # in order, 0, 1, 2…: the fast reading took no other
                if index >= len(forms):
                    raise PoFileError("msg has more translations than num_plurals of catalog", catalog, "", self.offset)
                forms[index] = denormalized(pieces)
            string = tuple(forms)
        else:
            msgid, string = denormalized(self.ids[0]), denormalized(self.translations[0][1])
        context = denormalized(self.context) if self.context is not None else None
        return Message(
            msgid,
            string,
            self.locations,
            self.flags,
            self.auto_comments,
            self.user_comments,
            lineno=self.offset + 1,
            context=context,
        )

    def add(self, message: Message) -> None:
        if self.obsolete:
            self.catalog.obsolete[self.catalog._key_for(message.id, message.context)] = message
        else:
            self.catalog[message.id] = message
        self.counter += 1
        self.reset()

    def end(self) -> None:
        """The last entry; and a file of nothing but comments gets an empty header entry with them, as in Babel."""
        self.finish()
        if not self.counter and (self.flags or self.user_comments or self.auto_comments):
            self.ids, self.translations = [[]], [(0, [])]
            self.add(self.message())


def flags(line: str) -> list[str]:
    """The flags of a `#,` line (stripped), as Babel reads them."""
    return [flag.strip() for flag in line[2:].lstrip().split(",")]


def line_number(text: str) -> int | None:
    """The line of a location, read as Babel reads it (by `int`), or None where Babel drops the location."""
    try:
        return int(text)
    except ValueError:
        return None


def add_messages(catalog: Catalog, kinds: Sequence[str], lines: Sequence[str]) -> None:
    """Add the messages of a file to `catalog` as `PoFileParser(catalog, abort_invalid=True).parse(lines)` does;
    `kinds` are the fast reading's kind of each line (`pofile.KIND`), `lines` the lines it gives Babel."""
    reading = Reading(catalog)
    keyword, comment = reading.keyword, reading.comment
    for number, kind in enumerate(kinds):
        if kind == '"':  # the most frequent line, so taken here and first: a string continuing the last keyword's
            line = lines[number].strip()
            reading.current.append(line[2:].strip() if line[0] == "#" else line)
        elif kind == "#":
            comment(lines[number].strip(), number)
        elif kind not in NOTHING:
            keyword(kind, lines[number].strip(), number)
    reading.end()
