"""inputs.py: `unsafe_character` finds exactly the characters HTML and XML 1.0 cannot carry, the first of them, by
its code point and name."""

from __future__ import annotations

import sys

from course.inputs import unsafe_character


def cannot_be_carried(code: int) -> bool:
    """XML 1.0's Char production (and HTML's), minus the noncharacters: C0 and C1 controls but tab and line
    breaks, the surrogates, U+FDD0 to U+FDEF and the last two code points of every plane."""
    return (
        (code < 0x20 and chr(code) not in "\t\n\r")
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def test_exactly_the_characters_html_and_xml_cannot_carry_are_unsafe() -> None:
    found = {code for code in range(sys.maxunicode + 1) if unsafe_character(chr(code))}
    assert found == {code for code in range(sys.maxunicode + 1) if cannot_be_carried(code)}


def test_the_first_unsafe_character_is_named_at_its_offset() -> None:
    assert unsafe_character("Hej\tvärlden\r\n, مرحبا 😀") is None
    assert unsafe_character("ab\x07c\x00") == (2, "U+0007 (a control character)")
    assert unsafe_character("a\u0085") == (1, "U+0085 (a control character)")
    assert unsafe_character("x\U0010fffe") == (1, "U+10FFFE (a noncharacter)")
    assert unsafe_character("😀 😀\U0001fffe") == (3, "U+1FFFE (a noncharacter)")
    assert unsafe_character("\ud800") == (0, "U+D800 (a noncharacter)")
