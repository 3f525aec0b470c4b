"""A catalog compiled for a build straight from its bytes, in a few passes at C speed, for a file of the shape
Babel writes.

What a build takes from a catalog (`catalog_cache.Compiled`: the usable translations and the plural rule) is
otherwise read through `pofile.po_lines`, `pomessages.add_messages` and a Babel Catalog of Message objects, most of
which a build never looks at. Here one regular expression (ENTRY) checks each entry and gives its context, msgid,
translations and comments, and the translations go straight into the mapping. Only the header entry is read the
full way (by the `read_header` given, `catalogs.parse_catalog`), which gives the plural rule as Babel's Catalog has
it and every header problem.

It only answers when it is sure, and says None otherwise, for the full reading to read the file (and to say what
is wrong with it, at its line): ENTRY takes a subset of what `pofile.well_formed` takes (no indentation, no blank
line or comment inside an entry, every keyword of an obsolete entry marked `#~`, no character `inputs.UNSAFE`
refuses, no line separator, no isolate in a comment, where Babel's location reading may fail), and any file with a
message given twice, an empty msgid after the header, more plural forms than nplurals, or a header problem is read
the full way. tests/test_pocompile.py compares both readings over every catalog of the project and generated ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import compress

from babel.messages.catalog import Catalog
from babel.messages.pofile import unescape

from course.catalog_cache import Compiled, MessageKey
from course.errors import CatalogError
from course.inputs import unsafe_character
from course.pomessages import flags

# What `inputs.UNSAFE` finds in the first plane (C0 and C1 controls but tab and line ends, surrogates,
# noncharacters), line separators (`pofile.well_formed` refuses U+2028 and U+2029) and CR, which the shape only
# takes at the end of a line. The noncharacters of further planes are looked for apart (`astral_noncharacter`):
# in a character class they would make every character of the file a slow step.
_REFUSED = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_CHAR = rf'[^"\\\n{_REFUSED}]'  # a character of a string as it is written
_BODY = rf'(?:{_CHAR}++|\\[ntr"\\])*+'  # between the quotes, with the escapes Babel and msgfmt read alike
_STRING = rf'"{_BODY}"'
_END = r"[ \t\r]*+\n"
_OBSOLETE = "#~[ \t]*+"
_COMMENT_CHAR = rf"[^\n{_REFUSED}\u2068\u2069]"
_COMMENT = (
    rf"(?:#(?![|~]){_COMMENT_CHAR}*+{_END}"
    rf"|#\|[ \t]*+(?:(?:msgctxt|msgid_plural|msgid) [ \t]*+)?{_STRING}{_END}"  # a previous source, read by no build
    rf"|{_OBSOLETE}(?:\|{_COMMENT_CHAR}*+{_END}|\n))"  # an obsolete entry's comment (`#~` alone: no CR after it)
)
_BLANK = r"[ \t\r]*+\n"


def _keywords(mark: str, kept: bool) -> str:
    """An entry's keywords, each marked (`#~ ` for an obsolete entry, or not), each with its string and the strings
    continuing it: [msgctxt] msgid, then msgstr or msgid_plural and msgstr[N]…; msgctxt and msgid each with a group
    that is " " where it is written (its string may be empty), and the msgstr[N] lines as a group. When `kept`, the
    strings of msgctxt, msgid and msgstr are groups too, from after the first opening quote to before the last
    closing one (for `texts`)."""
    text = rf"{_STRING}{_END}(?:{mark}{_STRING}{_END})*+"
    string = rf'"({_BODY}(?:"{_END}"{_BODY})*+)"{_END}' if kept else text
    forms = rf"(?:{mark}msgstr\[[0-9]\] [ \t]*+{text})++"
    return (
        rf"(?:{mark}msgctxt( )[ \t]*+{string})?{mark}msgid( )[ \t]*+{string}"
        rf"(?:{mark}msgstr [ \t]*+{string}|{mark}msgid_plural [ \t]*+{text}({forms}))"
    )


# One entry with the comments and blank lines before it; or the comments at the end; or a character of a file of
# another shape (the last group). The groups: comments; msgctxt written, its string, msgid written, its string,
# msgstr's, the msgstr[N] lines; an obsolete entry's msgctxt written, msgid written and msgstr[N] lines.
ENTRY = re.compile(
    rf"((?:{_COMMENT}|{_BLANK})*+)(?:{_keywords('', kept=True)}|{_keywords(_OBSOLETE, kept=False)}|\Z|([\s\S]))"
)
FORM = re.compile(rf"(?m)^(?:{_OBSOLETE})?msgstr\[([0-9])\] [ \t]*+")  # where each msgstr[N] starts
JOINS = re.compile(r'"[ \t\r]*+\n"')  # a string's end and the start of the next, which continues it
APART = "\x00"  # what no string holds (`_REFUSED`), between the strings `texts` decodes at once


class NotSureError(Exception):
    """The file is not one this reading can be sure of; the full reading reads it."""


def texts(written: Sequence[str]) -> list[str]:
    """Each keyword's string with the strings continuing it (as ENTRY gives them) as one string, decoded as
    Babel's parser decodes them; "" for a keyword not written. All at once, in a few passes over them joined: the
    pieces hold whole escapes only, so joined they decode as one by one."""
    return unescape(f'"{JOINS.sub("", APART.join(written))}"').split(APART)


def fuzzy(comments: str) -> bool:
    """Whether the comments before an entry flag it fuzzy (in a `#,` line, as Babel reads one)."""
    return any("fuzzy" in flags(line.strip()) for line in comments.split("\n") if line.startswith("#,"))


def plural_forms(written: str) -> tuple[str, ...]:
    """The strings of an entry's msgstr[0], msgstr[1]… lines, each kept as ENTRY keeps a msgstr's for `texts`;
    NotSureError when they do not come 0, 1, 2… in order."""
    pieces = FORM.split(written)
    if pieces[1::2] != [str(index) for index in range(len(pieces) // 2)]:
        raise NotSureError
    return tuple(piece.rstrip()[1:-1] for piece in pieces[2::2])


def entries(text: str, start: int) -> tuple[dict[MessageKey, tuple[str, ...]], list[MessageKey], int]:
    """The translations of the entries after the header that are usable as far as can be told before nplurals is
    known (every plural one in full, not fuzzy), in the order of the file; the keys of the plural ones; and the
    most msgstr[N] of any entry. NotSureError for a file of another shape, an empty msgid, or a message given twice.

    Column by column rather than entry by entry: a loop in Python over 20,000 entries costs more than the rest."""
    found = ENTRY.findall(text, start)  # never empty: the end of the text matches, as comments at the end
    comments, has_context, contexts, entered, msgids, msgstrs, plurals, _, _, obsolete_forms, other = zip(
        *found, strict=True
    )
    if any(other):
        raise NotSureError
    sources = texts(msgids)
    contexts_read = [
        context if written else None for context, written in zip(texts(contexts), has_context, strict=True)
    ]
    keys = list(zip(contexts_read, sources, strict=True))
    entries_keys = list(compress(keys, entered))  # neither an obsolete entry nor the comments at the end
    if len(set(entries_keys)) < len(entries_keys) or "" in compress(sources, entered):
        raise NotSureError
    translations: list[tuple[str, ...]] = list(zip(texts(msgstrs)))
    usable = [bool(msgstr) for (msgstr,) in translations]
    most = max(map(len, map(plural_forms, filter(None, obsolete_forms))), default=0)
    for index in [index for index, forms in enumerate(plurals) if forms]:
        translations[index] = tuple(texts(plural_forms(plurals[index])))
        usable[index] = all(translations[index])
        most = max(most, len(translations[index]))
    for index in [index for index, comment in enumerate(comments) if "#," in comment]:
        usable[index] = usable[index] and not fuzzy(comments[index])
    return dict(compress(zip(keys, translations, strict=True), usable)), list(compress(keys, plurals)), most


def astral_noncharacter(data: bytes, text: str) -> bool:
    """Whether the text holds a noncharacter of a plane past the first (U+1FFFE…U+10FFFF), which ENTRY does not
    look for. Only a file with the last two bytes of one in its UTF-8 (BF BE or BF BF) is searched; and a byte BF
    is looked for first, which most files do not have and which is found at the speed of memchr."""
    return b"\xbf" in data and (b"\xbf\xbe" in data or b"\xbf\xbf" in data) and unsafe_character(text) is not None


def header_entry(text: str) -> int:
    """Where the header entry (msgid "" without msgctxt or plural) ends; NotSureError if it is not the first."""
    found = ENTRY.match(text)  # which always matches: at worst one character of another shape
    if not found or found.group(4) is None or found.group(6) is None or found.group(2) is not None:
        raise NotSureError  # no entry (or an obsolete one), a plural one, or one with a msgctxt
    if texts([found.group(5)]) != [""]:
        raise NotSureError
    return found.end()


def lean_compiled(data: bytes, read_header: Callable[[bytes], Catalog]) -> Compiled | None:
    """`usable(parse_catalog(data, …))` for a file this reading is sure of, else None; `read_header` is
    `parse_catalog` for the file's first lines (its header entry), and raises CatalogError for a problem there."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if astral_noncharacter(data, text):
        return None
    text += "" if text.endswith("\n") else "\n"
    try:
        end = header_entry(text)
        strings, plurals, most = entries(text, end)
        header = read_header(text[:end].encode())
    except (NotSureError, CatalogError):
        return None
    if most > header.num_plurals:
        return None  # Babel's error, said by the full reading
    for key in plurals:
        if len(strings.get(key, ())) < header.num_plurals:
            strings.pop(key, None)  # padded with empty forms to nplurals: not translated in full
    return strings, header.plural_expr
