"""Plural-Forms: the rule a language needs, and a catalog header's rule checked before anything evaluates it.

A header's `plural=` is a C expression written by a translator. gettext's `c2py` compiles it (and bounds its length
and nesting), but a rule that compiles may still divide by zero or pick a form the catalog does not have; it is
evaluated here over a range of numbers once, so that the build, the check and the preview never meet it failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from gettext import c2py

from babel.messages.catalog import Catalog, parse_separated_header

from course.inputs import babel_code, shown

# Babel's own gettext rule for Arabic swaps forms 4 and 5 (python-babel/babel#816); this one matches CLDR.
PLURAL_FORMS_FIXES = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5);",
}
MOST_FORMS = 6  # CLDR's categories: zero, one, two, few, many, other
# Every count a page is likely to show, and the edges of the integers a rule may meet.
SAMPLE_NUMBERS = (*range(1001), 10**4, 10**5, 10**6, 10**9, 2**31 - 1, 2**32, 2**63 - 1)
NPLURALS = re.compile(r"[0-9]{1,2}")

PluralRule = Callable[[int], int]


class PluralFormsError(ValueError):
    """A Plural-Forms header that cannot be used; the message says what is wrong with it."""


def language_rule(code: str) -> str:
    """The Plural-Forms `course init` writes for a language: Babel's (CLDR's) rule, with the known fixes."""
    language = babel_code(code).split("_")[0]
    return PLURAL_FORMS_FIXES.get(language) or Catalog(locale=babel_code(code)).plural_forms


def compile_rule(expression: str, count: int) -> PluralRule:
    """The rule as a function, once it has picked one of `count` forms for every sample number."""
    try:
        rule = c2py(expression)
    except ValueError as error:
        raise PluralFormsError(f"plural= is not a C expression gettext can read ({error})") from None
    for number in SAMPLE_NUMBERS:
        try:
            index = rule(number)
        except ZeroDivisionError:
            raise PluralFormsError(f"plural= divides by zero for n={number}") from None
        except (ArithmeticError, ValueError, RecursionError, MemoryError):
            raise PluralFormsError(f"plural= cannot be evaluated for n={number}") from None
        if not 0 <= index < count:
            raise PluralFormsError(
                f"plural= gives form {index} for n={number}, but nplurals={count} allows 0 to {count - 1}"
            )
    return rule


def parse_plural_forms(value: str) -> tuple[int, str, PluralRule]:
    """(nplurals, the plural= expression, the rule) of a Plural-Forms header value, read as Babel reads it."""
    params = parse_separated_header(f" ;{value}")
    nplurals = params.get("nplurals")
    if nplurals is None:
        raise PluralFormsError("there is no nplurals=")
    if not NPLURALS.fullmatch(nplurals.strip()) or not 1 <= int(nplurals) <= MOST_FORMS:
        raise PluralFormsError(f"nplurals={shown(nplurals)} is not a number from 1 to {MOST_FORMS}")
    expression = params.get("plural")
    if expression is None:
        raise PluralFormsError("there is no plural= expression")
    count = int(nplurals)
    return count, expression, compile_rule(expression, count)
