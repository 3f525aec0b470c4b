"""Pseudo-locales generated on the fly, to show what is not translatable and what overflows.

`qps-ploc` accents every letter, brackets every message and makes it about 40% longer; `qps-plocm` does the
same right to left. Placeholders and Markdown syntax stay intact, so the build treats them as real translations.
"""

from __future__ import annotations

import re
from gettext import c2py
from typing import TYPE_CHECKING

from course.catalogs import LocaleCatalog, forms, message_key
from course.cldr import plural_expression

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

PSEUDO_DIRECTIONS = {"qps-ploc": "ltr", "qps-plocm": "rtl"}
PSEUDO_NAME = "Pseudo"
DATA_LOCALE = "en"  # number formats and plural rules for pseudo-locales
ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZåäöÅÄÖ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽǻǟøǺǞØ",
)
# Runs that must survive untouched: placeholders, link targets, Markdown markers, HTML entities.
PROTECTED = re.compile(r"%\(\w+\)[sdif]|\{\w+\}|\]\([^)]*\)|\*\*?|`|&\w+;")
VOWELS = set("aeiouyåäöAEIOUYÅÄÖ")


def is_pseudo(code: str) -> bool:
    return code in PSEUDO_DIRECTIONS


def pseudo_text(text: str) -> str:
    """Accent letters outside protected runs and lengthen the text by doubling about 40% of the vowels."""
    parts: list[str] = []
    position = 0
    counter = 0
    for match in PROTECTED.finditer(text):
        parts.append(text[position : match.start()])
        parts.append(match.group())
        position = match.end()
    parts.append(text[position:])
    result = []
    for index, part in enumerate(parts):
        if index % 2:
            result.append(part)
            continue
        letters = []
        for char in part:
            letters.append(char.translate(ACCENTS))
            if char in VOWELS:
                counter += 1
                if counter % 2:
                    letters.append(char.translate(ACCENTS))
        result.append("".join(letters))
    return f"[{''.join(result)}]"


def pseudo_catalog(code: str, template: Catalog) -> LocaleCatalog:
    """Every message of `template` in pseudo-text, with English plural rules."""
    strings = {
        message_key(message): tuple(pseudo_text(form) for form in forms(message.id))
        for message in template
        if message.id
    }
    return LocaleCatalog(code, strings, c2py(plural_expression(DATA_LOCALE)))
