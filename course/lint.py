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
from dataclasses import dataclass
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from markdown_it import MarkdownIt

from course.assets import is_web
from course.catalogs import PLACEHOLDER, forms
from course.errors import Problem
from course.markdown import PASSING
from course.paths import display_path
from course.plurals import language_rule
from course.prose import CODE_SPAN, RAW_HTML
from course.qa import describe_message, qa_problems
from course.strict_catalog import StrictCatalog

# The page's own Markdown parser, but seeing every link target, also those the page would show as plain text.
MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
MARKDOWN.validateLink = lambda url: True  # type: ignore[method-assign]  # noqa: ARG005 (markdown-it calls it so)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# printf's positional conversions (%s, %d, %1$s, %-5.2f…), which Python's % fills with the whole dict of names.
POSITIONAL = re.compile(r"%(?:[0-9]+\$)?[-#0+]*[0-9]*(?:\.[0-9]+)?[hlL]?[sdiufFeEgGxXoc]")
RAW_HTML_PROBLEM = "raw HTML in the translation would be shown as text; use Markdown (**bold**, [link](…))"
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


@dataclass(frozen=True)
class MarkupFacts:
    """What a text's Markdown does, as the page's parser reads it: the links and images with their addresses and
    titles, the emphasis and code, whether it defines reference links; and the entities and positional placeholders
    written in it, which the page would show as typed or fill with the wrong thing."""

    links: tuple[tuple[str, str, str], ...]  # (how: "autolink" or "", address, title)
    images: tuple[tuple[str, str], ...]  # (address, title)
    emphasis: tuple[int, int, int]  # **strong**, *em*, `code`
    references: bool
    entities: tuple[str, ...]
    positional: tuple[str, ...]

    @property
    def addresses(self) -> list[str]:
        return sorted(address for _, address, _ in self.links)

    @property
    def titles(self) -> list[str]:
        return sorted(title for *_, title in (*self.links, *self.images) if title)


@functools.lru_cache(maxsize=4096)
def markup_facts(text: str) -> MarkupFacts:
    links: list[tuple[str, str, str]] = []
    images: list[tuple[str, str]] = []
    counts = Counter[str]()
    for token in MARKDOWN.parseInline(text)[0].children or ():
        if token.type == "link_open":
            links.append((token.markup, str(token.attrGet("href") or ""), str(token.attrGet("title") or "")))
        elif token.type == "image":
            images.append((str(token.attrGet("src") or ""), str(token.attrGet("title") or "")))
        else:
            counts[token.type] += 1
    env: dict[str, object] = {}
    MARKDOWN.parse(text, env)
    return MarkupFacts(
        tuple(sorted(links)),
        tuple(sorted(images)),
        (counts["strong_open"], counts["em_open"], counts["code_inline"]),
        bool(env.get("references")),
        tuple(sorted(ENTITY.findall(text))),
        tuple(sorted(POSITIONAL.findall(text.replace("%%", "")))),
    )


def markup_counts(facts: MarkupFacts) -> str:
    """A text's Markdown counted, for a translator to compare: "1 link, 0 **bold**, 2 *italics*, 0 `code`"."""
    strong, em, code = facts.emphasis
    links = f"{len(facts.links)} link{'' if len(facts.links) == 1 else 's'}"
    return f"{links}, {strong} **bold**, {em} *italics*, {code} `code`"


def markup_problems(text: str, source: MarkupFacts) -> Iterator[str]:
    """How the Markdown of a translation differs from its source's, one finding per kind of difference."""
    found = markup_facts(text)
    if any(link[0] == "autolink" for link in set(found.links) - set(source.links)):
        yield "an autolink <…> that the source does not have; keep the source's links, written [text](address)"
    elif len(found.links) != len(source.links) or found.emphasis != source.emphasis:
        yield (
            f"Markdown differs from the source (source: {markup_counts(source)}; translation: {markup_counts(found)}); "
            "keep the same markup around the translated words"
        )
    elif found.addresses != source.addresses:
        yield (
            f"a link address differs from the source (source: {', '.join(map(repr, source.addresses))}; translation: "
            f"{', '.join(map(repr, found.addresses))}); translate the link text, keep the address"
        )
    if found.images != source.images and any(is_web(address) for address, _ in found.images):
        yield "images must be files of the course, not web addresses: the page cannot show a picture from the web"
    elif sorted(address for address, _ in found.images) != sorted(address for address, _ in source.images):
        yield "an image differs from the source; keep ![description](file) with the source's file"
    if found.titles != source.titles:
        yield 'a link or image title (the "…" after the address) differs from the source; write it as the source does'
    if found.references and not source.references:
        yield "a reference-style link ([text][1] with [1]: address) shows as plain text; write [text](address)"
    if set(found.entities) - set(source.entities):
        yield "an HTML entity (&…;) that the source does not have shows as typed in labels; write the character"
    if set(found.positional) - set(source.positional):
        yield (
            "a positional placeholder (%s, %d, %1$s…) that the source does not have; the page fills only named "
            "ones: keep the source's %(name)s"
        )


def placeholder_problem(text: str, wanted: Counter[str]) -> str | None:
    found = placeholders_but_passing(text)
    if set(found) == set(wanted):
        return None
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
    return f"placeholders differ from the source ({detail}); keep every %(name)s exactly as in msgid"


def message_problems(message: Message, plural_count: int) -> Iterator[str]:
    """What is wrong with one translated message; nothing for untranslated ones (coverage reports those).

    A plural message's forms are each held to the source form whose markup they have (the singular or the
    plural), so a language may use either, never something neither has; placeholders to those of both."""
    translations = [text for text in forms(message.string) if text]
    if not translations:
        return
    sources = forms(message.id)
    source = sources[0]
    if message.fuzzy:
        yield "fuzzy: the source changed since this was translated; review it and remove the fuzzy flag"
    if message.pluralizable and len(forms(message.string)) != plural_count:
        yield (
            f"expected {plural_count} plural forms (see Plural-Forms in the header), "
            f"got {len(forms(message.string))}; add or remove msgstr[n] lines"
        )
    wanted = sum((placeholders_but_passing(text) for text in sources), Counter[str]())
    found: list[str] = []
    for text in translations:
        facts = markup_facts(text)
        closest = next((markup_facts(s) for s in sources if markup_facts(s) == facts), markup_facts(sources[-1]))
        for problem in (placeholder_problem(text, wanted), *markup_problems(text, closest)):
            if problem is not None and problem not in found:
                found.append(problem)
        if RAW_HTML.search(CODE_SPAN.sub("", text)) and RAW_HTML_PROBLEM not in found:
            found.append(RAW_HTML_PROBLEM)
    yield from found
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
    for number in range(1000):
        forms_by_category.setdefault(catalog.locale.plural_form(number), set()).add(formula(number))
    chosen = [next(iter(found)) for found in forms_by_category.values() if len(found) == 1]
    if len(chosen) != len(forms_by_category) or len(set(chosen)) != len(chosen):
        return (
            "Plural-Forms does not match the language's CLDR plural rules "
            f"(categories: {', '.join(forms_by_category)}); use the rule `course init` writes: "
            f"`{language_rule(str(catalog.locale))}`"
        )
    return None


def lint_catalog(catalog: StrictCatalog, path: Path) -> list[Problem]:
    """Every warning about a catalog's translations: its Plural-Forms, each entry's placeholders and markup (the
    rest of `message_problems` too), and pofilter's checks (`qa`) on the entries with none of those. An entry that
    breaks the page is to be rewritten anyway; comparing its text with the source's would say more of the same."""
    name = display_path(path)
    header = catalog.header_lines.get("plural-forms", 1)
    problems = [Problem(name, header, rule) for rule in (plural_rule_problem(catalog),) if rule] + [
        Problem(name, message.lineno or 1, f"{describe_message(message)}: {problem}")
        for message in catalog
        if message.id
        for problem in message_problems(message, catalog.num_plurals)
    ]
    broken = {problem.line for problem in problems}
    return problems + [problem for problem in qa_problems(catalog, path) if problem.line not in broken]
