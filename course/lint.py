"""Checks of one translated catalog against its source texts: what would break or mislead in the built course.

Each finding is a Problem at po-file:line saying what is wrong and what to do, like a compiler warning. The pass
mark is checked harder: a figure the LMS can override, written into a text, shows the learner a second pass mark, so
those findings are errors (`pass_mark_errors`, and `literal_pass_mark` for the source texts).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from course.catalogs import PLACEHOLDER, forms
from course.content import RAW_HTML, display_path
from course.errors import Problem
from course.markdown import PASSING

LINK = re.compile(r"\]\(([^)\s]+)\)")
STRONG = re.compile(r"\*\*")
EMPHASIS = re.compile(r"(?<![*\\])\*(?!\*)")
CODE = re.compile(r"`")
COPY_MIN_LENGTH = 30

# A figure is the pass mark when it is the passing score followed by a percent sign or word ("80 %", "80%",
# "80 procent", "80 prosenttia", "٨٠٪", "80٪", "80-procentig") or preceded by a percent sign ("%80", as in Turkish),
# in Western, Arabic-Indic or Persian digits, with or without ",0" decimals, and not part of a larger number.
DECIMAL = r"[.,\u066b]"  # the Arabic decimal separator too
DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
GAP = r"[\s\u00a0\u202f\u2009\u200e\u200f\u061c-]*"  # spaces (no-break, narrow, thin), bidi marks, a hyphen
PERCENT_SIGN = r"[%\u066a\ufe6a\uff05]"
PERCENT_WORD = r"(?:pro[cs]ent|percent|per cent|prozent|pour cent|por ciento|per cento|(?:بال|في ال)م[ائ]+ة)\w*"
OTHER_DIGITS = (str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"), str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


@functools.cache
def pass_mark_pattern(score: int) -> re.Pattern[str]:
    spellings = dict.fromkeys([str(score), *(str(score).translate(table) for table in OTHER_DIGITS)])
    number = rf"(?<!{DIGIT})(?<!{DIGIT}{DECIMAL})(?:{'|'.join(spellings)})(?:{DECIMAL}0+)?(?!{DIGIT}|{DECIMAL}{DIGIT})"
    return re.compile(rf"{number}{GAP}(?:{PERCENT_SIGN}|{PERCENT_WORD})|{PERCENT_SIGN}{GAP}{number}", re.IGNORECASE)


def literal_pass_mark(text: str, score: int) -> str | None:
    """The pass mark written as a figure in `text` ("80 %" when the passing score is 80), or None."""
    found = pass_mark_pattern(score).search(text)
    return found.group() if found else None


def placeholders_but_passing(text: str) -> Counter[str]:
    """The placeholders of a text, counted; %(passing)s is left to the pass-mark check, where it is an error."""
    return Counter(name for name in PLACEHOLDER.findall(text) if name != "passing")


def source_text(message: Message) -> str:
    return forms(message.id)[0]


def markup_counts(text: str) -> tuple[int, int, int, int]:
    return (
        len(LINK.findall(text)),
        len(STRONG.findall(text)),
        len(EMPHASIS.findall(text)),
        len(CODE.findall(text)),
    )


def message_problems(message: Message, plural_count: int) -> Iterator[str]:
    """What is wrong with one translated message; nothing for untranslated ones (coverage reports those)."""
    translations = [text for text in forms(message.string) if text]
    if not translations:
        return
    source = source_text(message)
    if message.fuzzy:
        yield "fuzzy: the source changed since this was translated; review it and remove the fuzzy flag"
    if message.pluralizable and len(forms(message.string)) != plural_count:
        yield (
            f"expected {plural_count} plural forms (see Plural-Forms in the header), "
            f"got {len(forms(message.string))}; add or remove msgstr[n] lines"
        )
    wanted = placeholders_but_passing(source)
    for text in translations:
        found = placeholders_but_passing(text)
        if set(found) != set(wanted):
            missing = sorted(set(wanted) - set(found))
            extra = sorted(set(found) - set(wanted))
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(f'%({name})s' for name in missing)}" if missing else "",
                    f"unknown {', '.join(f'%({name})s' for name in extra)}" if extra else "",
                )
                if part
            )
            yield f"placeholders differ from the source ({detail}); keep every %(name)s exactly as in msgid"
        if RAW_HTML.search(text):
            yield "raw HTML in the translation would be shown as text; use Markdown (**bold**, [link](…))"
        if markup_counts(text) != markup_counts(source) and not message.pluralizable:
            yield (
                "Markdown differs from the source (links, **bold**, *italics* or `code`); "
                "keep the same markup around the translated words"
            )
        if LINK.findall(text) and set(LINK.findall(text)) != set(LINK.findall(source)):
            yield "a link address differs from the source; translate the link text, keep the address"
    if len(source) >= COPY_MIN_LENGTH and translations[0] == source:
        yield "the translation is a copy of the Swedish source; translate it (or leave it empty to fall back)"


def pass_mark_problems(message: Message, score: int) -> Iterator[str]:
    """A translation that shows a pass mark of its own: the figure written out, or `%(passing)s` dropped or added.

    Fuzzy translations are not shown (the source is), and the fuzzy warning asks for a review already."""
    translations = [text for text in forms(message.string) if text]
    if not translations or message.fuzzy:
        return
    named = "passing" in PLACEHOLDER.findall(source_text(message))
    for text in translations:
        if found := literal_pass_mark(text, score):
            if named:
                instead = f"write {PASSING} as the source does"
            elif literal_pass_mark(source_text(message), score):
                instead = f"write {PASSING} once the source does (it writes the figure too)"
            else:
                instead = "say it as the source does, without the figure"
            yield f"the pass mark written as a figure ({found!r}); the LMS may set another one: {instead}"
        has = "passing" in PLACEHOLDER.findall(text)
        if named and not has:
            yield f"{PASSING} is missing; keep it where the pass mark goes (the learner sees the one in force there)"
        elif has and not named:
            yield f"{PASSING} is not in the source; remove it (the source does not name the pass mark here)"


def pass_mark_errors(catalog: Catalog, path: Path, score: int) -> list[Problem]:
    """Errors, not warnings: each of these shows the learner a pass mark that may not be the one in force."""
    name = display_path(path)
    return [
        Problem(name, message.lineno or 1, f"{describe_message(message)}: {problem}")
        for message in catalog
        if message.id
        for problem in pass_mark_problems(message, score)
    ]


def plural_rule_problem(catalog: Catalog) -> str | None:
    """Whether the header's Plural-Forms picks one form per CLDR plural category, as the page expects."""
    if catalog.locale is None:
        return None
    formula = c2py(catalog.plural_expr)
    forms_by_category: dict[str, set[int]] = {}
    for number in range(0, 1000):
        forms_by_category.setdefault(catalog.locale.plural_form(number), set()).add(formula(number))
    chosen = [next(iter(found)) for found in forms_by_category.values() if len(found) == 1]
    if len(chosen) != len(forms_by_category) or len(set(chosen)) != len(chosen):
        return (
            "Plural-Forms does not match the language's CLDR plural rules; use the rule `course init` writes "
            f"(categories: {', '.join(forms_by_category)})"
        )
    return None


def lint_catalog(catalog: Catalog, path: Path) -> list[Problem]:
    plural_count = catalog.num_plurals
    name = display_path(path)
    return [Problem(name, 1, rule) for rule in (plural_rule_problem(catalog),) if rule] + [
        Problem(name, message.lineno or 1, f"{describe_message(message)}: {problem}")
        for message in catalog
        if message.id
        for problem in message_problems(message, plural_count)
    ]


def describe_message(message: Message) -> str:
    source = source_text(message)
    short = source if len(source) <= 40 else source[:37] + "…"
    return f"{message.context or 'template'} “{short}”"
