"""Where values from outside enter the tool: language codes, input files and text. Each is checked here, once,
so that nothing downstream (paths, zip entries, manifests, HTML, XML, the runtime) has to distrust it again."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from lxml import etree

PSEUDO_LOCALES = ("qps-ploc", "qps-plocm")
# A well-formed language tag as gettext and BCP 47 both spell it, the subset a course needs: a language of two or
# three letters, optionally a script and a region ("sv", "fi", "pt_BR", "sr-Latn-RS", "es-419"). Nothing else can
# appear, so a code is always safe as a folder name, a zip entry, a URL path segment and an XML attribute.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[-_][A-Z][a-z]{3})?(?:[-_](?:[A-Z]{2}|[0-9]{3}))?")
TAG_HINT = "use a language code such as 'sv', 'fi' or 'pt_BR'"


class InputError(ValueError):
    """A value or file that cannot be used; the message says why and how to fix it, without echoing its bytes."""


def babel_code(tag: str) -> str:
    """A language tag as Babel parses it: `pt-BR` is a tag, but Babel reads only `pt_BR`."""
    return tag.replace("-", "_")


def language_tag(value: str) -> str:
    """`value` if it is a language code Babel knows (or a pseudo-locale); InputError otherwise."""
    if value in PSEUDO_LOCALES:
        return value
    if not LANGUAGE_TAG.fullmatch(value):
        raise InputError(f"{shown(value)} is not a language code; {TAG_HINT}")
    from babel import Locale, UnknownLocaleError  # a build with everything kept asks Babel nothing

    try:
        Locale.parse(babel_code(value))
    except (ValueError, UnknownLocaleError):
        raise InputError(f"{shown(value)} is not a language Babel knows; {TAG_HINT}") from None
    return value


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message: shortened, with control and other invisible characters escaped."""
    cut = value if len(value) <= limit else value[:limit] + "…"
    return repr(cut) if cut.isprintable() else ascii(cut)


KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def refuse_kind(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise InputError(f"this is {kind}, not a file; replace it with a text file")


def read_input(path: Path, inside: Path, limit: int) -> bytes:
    """The bytes of an input file that is a regular file of at most `limit` bytes and lies, links resolved, inside
    the folder `inside`. FileNotFoundError when there is no such file; InputError for everything else that is
    wrong, so callers handle two cases only. A named pipe is opened without blocking, so it can never hang a
    command, and the file's kind is checked on the open file, so it cannot be swapped in between."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError("this file is a link to a file that does not exist; put the file itself here") from None
        raise
    except (OSError, RuntimeError):
        raise InputError("this file is a link that leads in a circle; replace it with the file itself") from None
    if not real.is_relative_to(inside.resolve()):
        raise InputError(f"this file is a link to a file outside {inside}; copy the file here instead")
    try:
        return read_open(real, limit)
    except OSError as error:  # a socket cannot be opened at all; a file may be unreadable to this user
        with contextlib.suppress(OSError):
            refuse_kind(real.stat().st_mode)
        raise InputError(f"this file cannot be read ({error.strerror}); check that it is a readable file") from None


def read_open(real: Path, limit: int) -> bytes:
    descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
    try:
        refuse_kind(os.fstat(descriptor).st_mode)
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise InputError(f"the file is {size:,} bytes, more than the {limit:,} allowed; split or shorten it")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise InputError(f"the file grew past the {limit:,} bytes allowed while it was read")
    return data


# The characters HTML and XML 1.0 cannot carry, as ranges (C0 and C1 controls but tab and line breaks, surrogates,
# U+FDD0 to U+FDEF, U+FFFE and U+FFFF), and every character beyond the first plane, which is checked one by one:
# only the last two of each plane are noncharacters. Listing those 32 in the class would make the regex engine test
# each of them against every character of the text (a catalog took 170 ms, and takes 4 ms so), and a class of the
# allowed ranges, negated, takes ten times longer to compile than to search a catalog.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe-\U0010ffff]")


def unsafe_character(text: str) -> tuple[int, str] | None:
    """The offset and a description of the first character that HTML and XML 1.0 cannot carry (C0 and C1 controls
    other than tab and line breaks, lone surrogates, noncharacters), or None when the text is safe everywhere."""
    found = UNSAFE.search(text)
    while found is not None and ord(found.group()) >= 0x10000 and (ord(found.group()) & 0xFFFE) != 0xFFFE:
        found = UNSAFE.search(text, found.end())  # a character of a further plane, and no noncharacter
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    name = unicodedata.name(char, "a control character" if code < 0xA0 else "a noncharacter")
    return found.start(), f"U+{code:04X} ({name.lower()})"


UNSAFE_HINT = "invisible control characters cannot be shown on a page; delete it (retype the text around it)"


def untrusted_xml(data: bytes) -> tuple[etree._Element, int | None]:
    """XML from outside the project (a logo, a returned XLIFF file), parsed without a DTD, entities or the network
    (lxml's XMLSyntaxError when it is not well-formed), with the line of its <!DOCTYPE …> if it has one, which every
    caller refuses: it may declare entities."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False, huge_tree=False
    )
    root = etree.fromstring(data, parser)
    doctype = data[: max(0, data.find(b"<!DOCTYPE"))].count(b"\n") + 1 if root.getroottree().docinfo.doctype else None
    return root, doctype
