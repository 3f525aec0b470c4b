"""Checks of one translated catalog against its source texts: what would break or mislead in the built course.

Each finding is a Problem at po-file:line saying what is wrong and what to do, like a compiler warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from course.catalogs import PLACEHOLDER, forms
from course.content import RAW_HTML, display_path
from course.errors import Problem

LINK = re.compile(r"\]\(([^)\s]+)\)")
STRONG = re.compile(r"\*\*")
EMPHASIS = re.compile(r"(?<![*\\])\*(?!\*)")
CODE = re.compile(r"`")
COPY_MIN_LENGTH = 30


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
    wanted = Counter(PLACEHOLDER.findall(source))
    for text in translations:
        found = Counter(PLACEHOLDER.findall(text))
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
