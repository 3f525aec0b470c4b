"""What a build needs of a locale from Babel's CLDR data: its name in its own language and its writing direction,
a sample number for each plural category, how it writes the pass mark as a percentage, and its gettext plural rule
(for the source language, which has no catalog).

Babel loads a locale's whole CLDR data to answer any of these, which is a tenth of a fresh build of the real course
for its four languages; the answers are kept between processes (`course.cache`), by locale and Babel's version.
"""

from __future__ import annotations

from course.cache import Store, from_cache
from course.inputs import babel_code

# Babel is named by its package, whose first file names its version; it is imported only when the cache has no answer.
FACTS = Store("cldr", ("course.cache", "course.cldr", "course.inputs", "course.paths", "babel"))


def presented(code: str) -> tuple[str, str]:
    """The locale's name in its own language, capitalised as a menu shows it, and its writing direction."""
    return from_cache(FACTS, f"presented {code}".encode(), lambda: babel_presented(code))


def babel_presented(code: str) -> tuple[str, str]:
    from babel import Locale

    locale = Locale.parse(babel_code(code))
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:], locale.text_direction


def plural_samples(code: str) -> list[tuple[str, int]]:
    """One number per CLDR plural category of the locale, so the runtime can pick the right gettext form.

    The page cannot run gettext's plural formula, so each form is rendered once for a sample number and the
    script chooses among them with Intl.PluralRules, which uses the same CLDR categories.
    """
    return from_cache(FACTS, f"plurals {code}".encode(), lambda: babel_plural_samples(code))


def babel_plural_samples(code: str) -> list[tuple[str, int]]:
    from babel import Locale

    rule = Locale.parse(babel_code(code)).plural_form
    samples: dict[str, int] = {}
    for number in range(200):
        samples.setdefault(rule(number), number)
    return sorted(samples.items(), key=lambda item: item[1])


def plural_expression(code: str) -> str:
    """The locale's gettext plural rule as Babel's catalogs write it (`plural=` of Plural-Forms)."""
    return from_cache(FACTS, f"plural expression {code}".encode(), lambda: babel_plural_expression(code))


def babel_plural_expression(code: str) -> str:
    from babel.messages.plurals import get_plural

    return str(get_plural(babel_code(code)).plural_expr)


def percent(score: int, code: str) -> str:
    """A whole-number score (80) as the locale writes a percentage ("80 %" in Swedish, "80%" in English)."""
    return from_cache(FACTS, f"percent {score} {code}".encode(), lambda: babel_percent(score, code))


def babel_percent(score: int, code: str) -> str:
    from babel.numbers import format_percent

    return format_percent(score / 100, locale=code)
