"""Inline codes: a message's placeholders and Markdown as XLIFF 1.2 `<ph>` and `<bpt>`/`<ept>` pairs, so that a CAT
tool shows them as tags a translator moves but cannot break, and a returned target read back with every code's text
taken from the source.

A text becomes pieces: plain text and `Code`s, whose joined text is the text itself, so the round trip is lossless.
The Markdown is found by a small scanner and kept only when it reads as the page's parser reads it (`structure`);
otherwise only the placeholders are codes and the Markdown stays text, which `course check` still compares.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import count
from typing import Any, Literal

from lxml import etree
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as placeables
from translate.storage.placeables.lisa import strelem_to_xml as untyped_strelem_to_xml

from course.catalogs import PLACEHOLDER
from course.inputs import shown
from course.lint import MARKDOWN

Kind = Literal["ph", "bpt", "ept"]
# An autolink as CommonMark reads one: <scheme:…> or <address@host>.
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+)>")
ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
EMPHASIS = {"**": "bold", "*": "italic"}
# What each code is, in the page parser's words (markdown-it's inline tokens), to compare the two readings.
TOKENS = {"bold": "strong", "italic": "em", "link": "link"}
MARKUP_TOKENS = {
    "strong_open",
    "strong_close",
    "em_open",
    "em_close",
    "link_open",
    "link_close",
    "code_inline",
    "image",
}
STRELEM_TO_XML: Callable[[etree._Element, Any], Any] = untyped_strelem_to_xml  # typed at its one use
WHITESPACE = re.compile(r"[ \t\r\n]+")  # XML's whitespace; a no-break space is a character, never folded


@dataclass(frozen=True)
class Code:
    """One inline code: what it is, the text it stands for, its XLIFF ctype, and its id (a pair shares one)."""

    kind: Kind
    native: str
    ctype: str
    id: str


Piece = str | Code
Pieces = tuple[Piece, ...]


def text_of(pieces: Sequence[Piece]) -> str:
    return "".join(piece if isinstance(piece, str) else piece.native for piece in pieces)


def joined(pieces: Sequence[Piece]) -> Pieces:
    """Adjacent strings as one, empty ones dropped."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return tuple(out)


def bracket_end(text: str, start: int) -> int | None:
    """Where the `]` is that closes a link's text opened just before `start` (brackets inside may nest)."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "]" and not depth:
            return index
        depth += (char == "[") - (char == "]")
        index += 2 if char == "\\" else 1
    return None


def paren_end(text: str, start: int) -> int | None:
    """Where a link's `(address "title")` that opens at `start` ends, after its `)` (parentheses may nest)."""
    depth, index = 0, start + 1
    while index < len(text):
        char = text[index]
        if char == ")" and not depth:
            return index + 1
        depth += (char == "(") - (char == ")")
        index += 2 if char == "\\" else 1
    return None


def link_end(text: str, start: int) -> tuple[int, int] | None:
    """Where the text of a link opened before `start` ends (its `]`) and where the link ends (after its `)`)."""
    close = bracket_end(text, start)
    if close is None or text[close + 1 : close + 2] != "(":
        return None
    after = paren_end(text, close + 1)
    return None if after is None else (close, after)


class Scanner:
    """Finds the codes of one text, left to right; `markdown=False` finds the placeholders only."""

    def __init__(self, text: str, markdown: bool) -> None:
        self.text = text
        self.markdown = markdown
        self.ids = count(1)

    def scan(self, start: int = 0, end: int | None = None) -> list[Piece]:
        """The pieces of text[start:end]; emphasis pairs only within it (a link's text is a span of its own)."""
        text, end = self.text, len(self.text) if end is None else end
        out: list[Piece] = []
        opened: list[int] = []  # where the open emphasis codes are in `out`
        index = start
        while index < end:
            found = self.code_at(index, end)
            if found is None:
                out.append(text[index])
                index += 1
                continue
            pieces, index = found
            if pieces and isinstance(pieces[0], Code) and pieces[0].ctype in ("bold", "italic"):
                self.emphasis(pieces[0], out, opened, index)
            else:
                out += pieces
        for position in opened:  # never closed: plain asterisks
            out[position] = text_of([out[position]])
        return list(joined(out))

    def code_at(self, index: int, end: int) -> tuple[list[Piece], int] | None:
        text = self.text
        if placeholder := PLACEHOLDER.match(text, index, end):
            return [Code("ph", placeholder.group(), "x-placeholder", str(next(self.ids)))], placeholder.end()
        if not self.markdown:
            return None
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] in ESCAPABLE and index + 1 < end:
            return [text[index : index + 2]], index + 2
        if char == "`":
            ticks = len(text[index:end]) - len(text[index:end].lstrip("`"))
            closing = text.find("`" * ticks, index + ticks, end)
            if closing < 0:
                return [text[index : index + ticks]], index + ticks
            return [Code("ph", text[index : closing + ticks], "x-code", str(next(self.ids)))], closing + ticks
        if char == "<" and (autolink := AUTOLINK.match(text, index, end)):
            return [Code("ph", autolink.group(), "x-autolink", str(next(self.ids)))], autolink.end()
        image = text.startswith("![", index)
        if char == "[" or image:
            return self.link(index, 2 if image else 1, end)
        if char == "*":
            run = len(text[index:end]) - len(text[index:end].lstrip("*"))
            if run in (1, 2):
                return [Code("bpt", "*" * run, EMPHASIS["*" * run], "")], index + run
            return [text[index : index + run]], index + run
        return None

    def link(self, index: int, opener: int, end: int) -> tuple[list[Piece], int] | None:
        found = link_end(self.text, index + opener)
        if found is None or found[1] > end:
            return None
        close, after = found
        code = str(next(self.ids))
        ctype = "x-image" if opener == 2 else "link"
        inner = self.scan(index + opener, close)
        opening = Code("bpt", self.text[index : index + opener], ctype, code)
        return [opening, *inner, Code("ept", self.text[close:after], ctype, code)], after

    def emphasis(self, delimiter: Code, out: list[Piece], opened: list[int], after: int) -> None:
        """Close the innermost open emphasis of the same kind, open one, or keep the asterisks as text, by what is
        on either side (CommonMark's flanking rule, simplified: `structure` checks the outcome)."""
        start = after - len(delimiter.native)
        before = self.text[start - 1] if start else " "
        following = self.text[after] if after < len(self.text) else " "
        top = out[opened[-1]] if opened else None
        if not before.isspace() and isinstance(top, Code) and top.native == delimiter.native:
            opened.pop()
            out.append(Code("ept", delimiter.native, delimiter.ctype, top.id))
        elif not following.isspace():
            opened.append(len(out))
            out.append(replace(delimiter, id=str(next(self.ids))))
        else:
            out.append(delimiter.native)


def structure(pieces: Sequence[Piece]) -> list[str]:
    """The Markdown the codes stand for, as markdown-it's inline token types."""
    found: list[str] = []
    image: str | None = None
    for piece in pieces:
        if not isinstance(piece, Code) or piece.ctype == "x-placeholder" or image is not None:
            if isinstance(piece, Code) and piece.kind == "ept" and piece.id == image:
                image = None
            continue
        if piece.ctype == "x-image":
            found.append("image")
            image = piece.id
        elif piece.ctype == "x-code":
            found.append("code_inline")
        elif piece.ctype == "x-autolink":
            found += ["link_open", "link_close"]
        else:
            found.append(f"{TOKENS[piece.ctype]}_{'open' if piece.kind == 'bpt' else 'close'}")
    return found


def page_structure(text: str) -> list[str]:
    tokens = MARKDOWN.parseInline(text)[0].children or []
    return [token.type for token in tokens if token.type in MARKUP_TOKENS]


def protect(text: str) -> Pieces:
    """A text as pieces, its placeholders and (when the scanner reads it as the page does) Markdown as codes."""
    pieces = Scanner(text, markdown=True).scan()
    if structure(pieces) != page_structure(text):
        pieces = Scanner(text, markdown=False).scan()
    return tuple(pieces)


def pair_natives(pieces: Sequence[Piece]) -> dict[str, tuple[str, str]]:
    """Each pair's id and its opening and closing text."""
    opening = {piece.id: piece.native for piece in pieces if isinstance(piece, Code) and piece.kind == "bpt"}
    return {
        piece.id: (opening.get(piece.id, ""), piece.native)
        for piece in pieces
        if isinstance(piece, Code) and piece.kind == "ept"
    }


def matched(text: str, source: Pieces) -> Pieces:
    """A translation as pieces with the source's codes: each code of the translation that the source has too (the
    same text; the n-th of its kind takes the source's n-th) gets the source's id; any other stays plain text."""
    own = protect(text)
    singles: dict[str, list[Code]] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for piece in source:
        if isinstance(piece, Code) and piece.kind == "ph":
            singles.setdefault(piece.native, []).append(piece)
    for code, natives in pair_natives(source).items():
        pairs.setdefault(natives, []).append(code)
    codes = {(piece.kind, piece.id): piece for piece in source if isinstance(piece, Code)}
    own_pairs = pair_natives(own)
    ids: dict[str, str | None] = {}
    out: list[Piece] = []
    for piece in own:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "ph":
            out.append(singles[piece.native].pop(0) if singles.get(piece.native) else piece.native)
        else:
            if piece.kind == "bpt":
                waiting = pairs.get(own_pairs.get(piece.id, ("", "")))
                ids[piece.id] = waiting.pop(0) if waiting else None
            given = ids.get(piece.id)
            out.append(codes[piece.kind, given] if given is not None else piece.native)
    return joined(out)


def strelem(pieces: Sequence[Piece]) -> Any:
    """The pieces as translate-toolkit's rich string: its XLIFF placeables, each holding the text it stands for."""
    classes = {"ph": placeables.Ph, "bpt": placeables.Bpt, "ept": placeables.Ept}
    sub: list[Any] = []
    for piece in pieces:
        if isinstance(piece, str):
            sub.append(StringElem(piece))
        else:
            attributes = {} if piece.kind == "ept" else {"ctype": piece.ctype}
            sub.append(classes[piece.kind](id=piece.id, sub=[piece.native], xml_attrib=attributes))
    return StringElem(sub)


def write_pieces(node: etree._Element, pieces: Sequence[Piece]) -> None:
    """Replace a <source> or <target>'s content with the pieces, the codes in the node's namespace."""
    node.text = None
    for child in list(node):
        node.remove(child)
    STRELEM_TO_XML(node, strelem(pieces))
    namespace = etree.QName(node).namespace
    for element in node.iterdescendants():
        if isinstance(element.tag, str) and namespace and not element.tag.startswith("{"):
            element.tag = f"{{{namespace}}}{element.tag}"


@dataclass(frozen=True)
class Read:
    """A target read back: its pieces (the source's codes where the file has them) and what could not be read,
    each at its line in the file."""

    pieces: Pieces
    problems: tuple[tuple[int, str], ...]


SINGLE: dict[str, Kind] = {"ph": "ph", "x": "ph", "bpt": "bpt", "bx": "bpt", "ept": "ept", "ex": "ept"}


def read_pieces(node: etree._Element, source: Pieces) -> Read:
    """The content of a returned <target>: text, and each code by its id as the source has it (whatever text the
    tool wrote inside it); `<g>`, `<x/>`, `<bx/>`, `<ex/>` and `<it>` as other tools write our codes, and `<mrk>`
    (segments, comments) for its content."""
    codes = {(piece.kind, piece.id): piece for piece in source if isinstance(piece, Code)}
    out: list[Piece] = []
    problems: list[tuple[int, str]] = []

    def code(element: etree._Element, kind: Kind) -> None:
        found = codes.get((kind, element.get("id") or ""))
        if found is None:
            name = etree.QName(element).localname
            problems.append(
                (
                    element.sourceline or 1,
                    (
                        f"<{name} id={shown(element.get('id') or '')}> is not one of the source's codes; "
                        "keep the codes of the source, as the CAT tool shows them"
                    ),
                )
            )
        else:
            out.append(found)

    def walk(element: etree._Element) -> None:
        out.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name in SINGLE:
                    code(child, SINGLE[name])
                elif name == "it":
                    code(child, "bpt" if child.get("pos") == "open" else "ept")
                elif name == "g":
                    code(child, "bpt")
                    walk(child)
                    code(child, "ept")
                elif name == "mrk":
                    walk(child)
                else:
                    problems.append((child.sourceline or 1, f"<{name}> is not an inline element of XLIFF 1.2"))
            out.append(child.tail or "")

    walk(node)
    return Read(joined(out), tuple(problems))


def describe(code: Code, source: Pieces) -> str:
    if code.kind == "ph":
        return f"the code {code.native!r}"
    opening, closing = pair_natives(source)[code.id]
    return f"the pair {opening!r}…{closing!r}"


def code_problems(found: Pieces, source: Pieces) -> Iterator[str]:
    """Codes of the source that a translation drops or repeats, or puts in an order Markdown cannot read (a pair
    closed before it opens, or two pairs crossing)."""
    got = Counter((piece.kind, piece.id) for piece in found if isinstance(piece, Code))
    counted_right = True
    for piece in source:
        if not isinstance(piece, Code) or piece.kind == "ept":
            continue
        times = {got[piece.kind, piece.id]} | ({got["ept", piece.id]} if piece.kind == "bpt" else set())
        if times != {1}:
            counted_right = False
            yield (
                f"{describe(piece, source)} is missing; put it back where it belongs in the translation"
                if times == {0}
                else f"{describe(piece, source)} is not there once (a code lost or repeated); keep it once"
            )
    opened: list[str] = []
    for piece in found if counted_right else ():
        if not isinstance(piece, Code) or piece.kind == "ph":
            continue
        if piece.kind == "bpt":
            opened.append(piece.id)
        elif opened and opened[-1] == piece.id:
            opened.pop()
        else:
            crossing = piece.id in opened
            yield f"{describe(piece, source)} " + (
                "crosses another pair; close the inner pair first"
                if crossing
                else "closes before it opens; put its opening code first"
            )
            return


def folded(text: str) -> str:
    """A target's runs of XML whitespace as one space, trimmed at both ends, as the source text was when it was
    extracted (`course.prose.fold`): a CAT tool that reflows a target cannot change what the page shows."""
    return WHITESPACE.sub(" ", text).strip(" ")
