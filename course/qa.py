"""pofilter's quality checks (translate-toolkit's StandardChecker) on a translated catalog, as our Problems.

`course check` (course/lint.py) already checks what would break the page: placeholders, Markdown, links, images,
entities, raw HTML, plural forms, copies of the source. pofilter's checks add what an agency's reviewer catches by
eye. They compare what the learner reads: each text's Markdown as the page shows it (a link's text without its
address, emphasis without its stars) and each placeholder as one opaque word, so they do not repeat lint's findings;
and they run only on entries that are translated, not fuzzy, and have no lint warning (an entry that breaks the page
is rewritten anyway). Each plural form is compared with its source form. The checker takes translate-toolkit's data
for the target language: Arabic ، ؛ ؟ stand for the source's , ; ? and Arabic-Indic digits for digits; Finnish and
English use the common punctuation (the toolkit has no other rules for them).

Kept, each narrowed where it misread this course's correct translations (counts from the catalogs of issue #20):
- endpunc, startpunc: punctuation at the end and the start, compared without quotation marks, whose shapes and
  order with the full stop are each language's own (sv ”…”, en “…”, ar «…», the stop inside or after the closing
  mark): compared with them, 28 correct entries were flagged.
- doublespacing: two spaces where the source has one, or the reverse.
- numbers: figures added, dropped or changed; Arabic-Indic digits and a decimal comma or point count as the same
  figure (1,5 = 1.5).
- brackets: only when the translation's own brackets do not pair up. pofilter compares their number with the
  source's, and the glossary has fi and ar add the Swedish name of a law or an authority in brackets, and en drop
  "(på engelska employer brand)": 109 correct entries flagged, 79 of them Arabic.
- doublequoting: only when the translation's double quotation marks cannot pair up (an odd number of them).
  pofilter counts each shape apart, and sv ”…” is two of one mark, en “…” one each of two: 146 correct entries.
- urls, emails: web and mail addresses written in the text and changed (a link's address is lint's); a full stop or
  bracket after an address is not part of it.
- doublewords: a word written twice in a row within one sentence ("… now. Now …" is not a typo: 5 entries).
- blank: a translation of spaces only, which the page shows as nothing.
- compendiumconflicts: msgcat's `#-#-#-#-#` marker, left where two catalogs with different translations were merged.
- purepunc: a source of punctuation only (a separator) translated into something else.

Left out, and why:
- printf, pythonbraceformat, variables, xmltags, escapes, newlines, tabs: lint checks placeholders, Markdown and raw
  HTML with the page's own parser, and better (it knows `%(passing)s`, link addresses and Markdown escapes).
- unchanged, untranslated: lint's check for a copied source and check's coverage (with fuzzy entries) do it.
- singlequoting, puncspacing: they count single quotation marks (the English apostrophe is one) and the spaces after
  punctuation, which each language's quoting and comma rules change (10 correct entries).
- sentencecount: translators split and join sentences where their language reads better (46 correct entries).
- startcaps, simplecaps, acronyms: capitals are each language's (German capitalises nouns, Arabic has none, learning
  objectives start in lower case), and so is translating an acronym (HR is henkilöstöhallinto in Finnish).
- short, long: length ratios; Arabic writes "och" as one letter (و), and a one-character source is purepunc's.
- startwhitespace, endwhitespace: the page's HTML does not show the spaces at the ends of a text.
- spellcheck: needs enchant and a dictionary for each language, so what it finds would depend on the machine.
- accelerators, filepaths, functions, options, kdecomments, credits, simpleplurals, notranslatewords,
  musttranslatewords, validchars: for software strings (access keys, paths, code, command-line options, KDE comments,
  credit lines, "file(s)"), or they need word lists that this course does not keep (its glossary is for people).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from markdown_it import MarkdownIt
from translate.filters import decoration
from translate.filters.checks import CheckerConfig, FilterFailure, StandardChecker
from translate.filters.decorators import cosmetic, functional
from translate.lang import factory
from translate.storage.base import TranslationUnit

from course.catalogs import forms, is_translated
from course.errors import Problem, counted
from course.paths import display_path

SOURCE_LANGUAGE = "sv"  # no kept check reads it; set so that none would take the toolkit's default, English
MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
MARKDOWN.validateLink = lambda url: True  # type: ignore[method-assign]  # noqa: ARG005 (every link's text is text)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
# A placeholder in the text the checks see: its name between two private-use characters, one word that is no
# figure, bracket, quotation mark or punctuation, so that no check counts it (lint compares placeholders).
SLOT = "\ue000"
SLOTTED = re.compile(f"{SLOT}(\\w+){SLOT}")
QUOTE = re.compile("[\"'“”„‟«»\u2039\u203a\u2018\u2019\u201a\u201b]")  # every language's, single ones too
DOUBLE_QUOTE = re.compile('["“”„‟«»]')
PAIRS = {")": "(", "]": "[", "}": "{"}
# A figure's separators (decimal comma or point, Arabic decimal and thousands signs, a space before three digits).
FIGURE = re.compile(r"(?<=\d)(?:[.,\u066b\u066c]|[ \u00a0\u202f](?=\d{3}(?!\d)))(?=\d)")
ADDRESS_END = re.compile(r"(?<=[\w/])([.,;:!?)]+)(?=\s|$)")
NATIVE_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian digits


@functools.lru_cache(maxsize=4096)
def visible(text: str) -> str:
    """The text the learner reads: inline Markdown as the page shows it, each placeholder one opaque word."""
    if PLACEHOLDER.search(text):  # a format string, where %% is a percent sign
        text = text.replace("%%", "%")
    marked = PLACEHOLDER.sub(lambda found: f"{SLOT}{found.group(1)}{SLOT}", text)
    parts = []
    for token in MARKDOWN.parseInline(marked)[0].children or ():
        if token.type in {"text", "code_inline", "image"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
    return "".join(parts)


def shown(text: str, width: int = 40) -> str:
    """A piece of a text for a message: placeholders written as in the catalog, long text shortened."""
    text = SLOTTED.sub(r"%(\1)s", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def unquoted(text: str) -> str:
    return QUOTE.sub("", text)


def figures(text: str) -> str:
    """Digits as Western ones and a figure's separators dropped, so 1,5 and 1.5, in any script, are one."""
    text = NATIVE_DIGIT.sub(lambda digit: str(int(digit.group())), text)  # int() reads every script's digits
    return FIGURE.sub("", text)


def unpaired(text: str) -> str | None:
    """The first bracket of `text` that does not pair up, or None."""
    opened: list[str] = []
    for character in text:
        if character in "([{":
            opened.append(character)
        elif character in PAIRS:
            if not opened or opened[-1] != PAIRS[character]:
                return character
            opened.pop()
    return opened[-1] if opened else None


def quotes_pair(text: str) -> bool:
    """Whether a text's double quotation marks can pair up: an even number of them, whichever their shapes."""
    return len(DOUBLE_QUOTE.findall(text)) % 2 == 0


class CourseChecker(StandardChecker):
    """pofilter's standard checks, narrowed where they misread this course's texts (see the module's docstring);
    each override keeps its check's category, as translate-toolkit's own checkers (MozillaChecker) do."""

    # A text of punctuation only is purepunc's to report, not also startpunc's and endpunc's.
    preconditions = {  # noqa: RUF012 (the toolkit's own class attribute, read only)
        **StandardChecker.preconditions,
        "purepunc": (*StandardChecker.preconditions["purepunc"], "startpunc", "endpunc"),
    }

    @cosmetic
    def endpunc(self, str1: str, str2: str) -> bool:
        return bool(super().endpunc(unquoted(str1), unquoted(str2)))

    @cosmetic
    def startpunc(self, str1: str, str2: str) -> bool:
        return bool(super().startpunc(unquoted(str1), unquoted(str2)))

    @functional
    def numbers(self, str1: str, str2: str) -> bool:
        return bool(super().numbers(figures(str1), figures(str2)))

    @cosmetic
    def brackets(self, str1: str, str2: str) -> bool:
        try:
            return bool(super().brackets(str1, str2))
        except FilterFailure:
            if unpaired(str2) is None or unpaired(str1) is not None:
                return True
            raise

    @functional
    def urls(self, str1: str, str2: str) -> bool:
        return bool(super().urls(ADDRESS_END.sub(r" \1", str1), ADDRESS_END.sub(r" \1", str2)))

    @functional
    def emails(self, str1: str, str2: str) -> bool:
        return bool(super().emails(ADDRESS_END.sub(r" \1", str1), ADDRESS_END.sub(r" \1", str2)))

    @cosmetic
    def doublequoting(self, str1: str, str2: str) -> bool:
        try:
            return bool(super().doublequoting(str1, str2))
        except FilterFailure:
            if quotes_pair(str2) or not quotes_pair(str1):
                return True
            raise

    @cosmetic
    def doublewords(self, str1: str, str2: str) -> bool:
        for sentence in self.config.lang.sentences(str2):
            super().doublewords(str1, sentence)  # raises FilterFailure on a word written twice
        return True


Explain = Callable[[CourseChecker, str, str], str]  # what a check found, from the source and the translation


# translate-toolkit's finders, typed: what each check compares.
def punctuation_at_end(text: str, marks: str) -> str:
    return str(decoration.puncend(text, marks))  # type: ignore[no-untyped-call]


def punctuation_at_start(text: str, marks: str) -> str:
    return str(decoration.puncstart(text, marks))  # type: ignore[no-untyped-call]


def numbers_in(text: str) -> list[str]:
    return [str(number) for number in decoration.getnumbers(text)]  # type: ignore[no-untyped-call]


def listed(items: list[str]) -> str:
    return ", ".join(map(shown, items)) if items else "none"


def ending(text: str, marks: str) -> str:
    found = punctuation_at_end(unquoted(text).rstrip(), marks).strip()
    return f"“{found}”" if found else "no punctuation"


def opening(text: str, marks: str) -> str:
    found = punctuation_at_start(unquoted(text).lstrip(), marks).strip()
    return f"“{found}”" if found else "no punctuation"


def in_language(check: CourseChecker, source: str, said: Callable[[str, str], str], marks: str) -> str:
    """The source's punctuation as `said` shows it, and as the target language writes it when that differs."""
    own = said(check.config.lang.punctranslate(source), marks)
    theirs = said(source, marks)
    return theirs if own == theirs else f"{theirs}, in {check.config.lang.fullname or 'your language'} {own}"


def end_difference(check: CourseChecker, source: str, translation: str) -> str:
    marks = check.config.endpunctuation + ":"
    return (
        f"the end differs (source: {in_language(check, source, ending, marks)}; "
        f"translation: {ending(translation, marks)})"
    )


def start_difference(check: CourseChecker, source: str, translation: str) -> str:
    marks = check.config.punctuation
    return (
        f"the start differs (source: {in_language(check, source, opening, marks)}; "
        f"translation: {opening(translation, marks)})"
    )


def double_space(text: str) -> str:
    at = text.find("  ")
    return f"“{shown(text[max(0, at - 12) : at + 14])}”" if at >= 0 else "none"


def space_difference(_check: CourseChecker, source: str, translation: str) -> str:
    return f"double spaces differ (source: {double_space(source)}; translation: {double_space(translation)})"


def number_difference(_check: CourseChecker, source: str, translation: str) -> str:
    found = [listed(numbers_in(figures(text))) for text in (source, translation)]
    return f"figures differ (source: {found[0]}; translation: {found[1]})"


def bracket_difference(_check: CourseChecker, _source: str, translation: str) -> str:
    return f"a bracket that does not pair up in the translation (“{unpaired(translation)}” in “{shown(translation)}”)"


def addresses(find: Callable[[str], list[str]]) -> Explain:
    def difference(_check: CourseChecker, source: str, translation: str) -> str:
        found = [listed(find(ADDRESS_END.sub(r" \1", text))) for text in (source, translation)]
        return f"addresses differ (source: {found[0]}; translation: {found[1]})"

    return difference


def quote_difference(_check: CourseChecker, source: str, translation: str) -> str:
    marks = [counted(len(DOUBLE_QUOTE.findall(text)), "quotation mark") for text in (source, translation)]
    return f"a quotation mark without its pair in the translation (source: {marks[0]}; translation: {marks[1]})"


def repeated_word(_check: CourseChecker, _source: str, translation: str) -> str:
    words = [word.strip(".,;:!?") for word in translation.split()]
    pairs = [f"{one} {two}" for one, two in itertools.pairwise(words) if one and one.lower() == two.lower()]
    return f"a word is written twice (“{shown(pairs[0])}”)" if pairs else "a word is written twice"


def blank(_check: CourseChecker, _source: str, _translation: str) -> str:
    return "the translation is only spaces, which the page shows as nothing"


def conflict(_check: CourseChecker, _source: str, _translation: str) -> str:
    return "msgcat's conflict marker #-#-#-#-#: two catalogs' translations merged into one"


def punctuation_only(_check: CourseChecker, source: str, translation: str) -> str:
    return f"the source is punctuation only (source: “{shown(source)}”; translation: “{shown(translation)}”)"


# Each kept check: what it found, said from the two texts, and how to fix it.
EXPLAIN: dict[str, tuple[Explain, str]] = {
    "endpunc": (end_difference, "end as the source does, in your language's form, unless the sentence needs otherwise"),
    "startpunc": (start_difference, "start as the source does"),
    "doublespacing": (space_difference, "write one space between words, as the source does"),
    "numbers": (number_difference, "write the source's figures (in your language's digits and separators if you like)"),
    "brackets": (bracket_difference, "close every bracket you open, with the same kind"),
    "urls": (addresses(decoration.geturls), "keep the source's web addresses as they are"),
    "emails": (addresses(decoration.getemails), "keep the source's e-mail addresses as they are"),
    "doublequoting": (quote_difference, "close every quotation you open, with your language's marks"),
    "doublewords": (repeated_word, "remove the repetition"),
    "blank": (blank, "translate it, or leave it empty so that the Swedish source is shown"),
    "compendiumconflicts": (conflict, "keep the right translation and remove the other one and the markers"),
    "purepunc": (punctuation_only, "keep it as the source writes it"),
}
KEPT = tuple(EXPLAIN)


def describe_message(message: Message) -> str:
    """How every catalog problem (lint's, these, check's) names its entry: its context and the start of its source."""
    source = forms(message.id)[0]
    short = source if len(source) <= 40 else source[:37] + "…"
    return f"{message.context or 'template'} “{short}”"


def checker(language: str) -> CourseChecker:
    """The checker for one target language, with translate-toolkit's data for it (punctuation, digits, ignores).
    A new one for each catalog: a checker keeps the unit it is checking, so threads must not share one."""
    config = CheckerConfig(targetlanguage=language)
    config.sourcelang = factory.getlanguage(SOURCE_LANGUAGE)
    return CourseChecker(checkerconfig=config, limitfilters=list(KEPT))


def pair_problems(check: CourseChecker, source: str, translation: str) -> Iterator[str]:
    """What pofilter's kept checks find in one source and translation, in our words."""
    unit = TranslationUnit(visible(source))
    unit.target = visible(translation)
    for name in sorted(check.run_filters(unit), key=KEPT.index):
        explain, fix = EXPLAIN[name]
        yield f"{name}: {explain(check, visible(source), visible(translation))}; {fix}"


def message_qa(message: Message, check: CourseChecker) -> list[str]:
    """Each finding once for a message, each plural form checked against its source form (the first against the
    singular, the others against the plural, as pofilter pairs them)."""
    sources = forms(message.id)
    found: list[str] = []
    for index, translation in enumerate(forms(message.string)):
        source = sources[min(index, len(sources) - 1)]
        found += [problem for problem in pair_problems(check, source, translation) if problem not in found]
    return found


def qa_problems(catalog: Catalog, path: Path) -> list[Problem]:
    """pofilter's findings in a catalog's translated entries (not fuzzy, not untranslated), at each entry's line."""
    check = checker(str(catalog.locale) if catalog.locale else "")
    name = display_path(path)
    return [
        Problem(name, message.lineno or 1, f"{describe_message(message)}: {problem}")
        for message in catalog
        if message.id and is_translated(message)
        for problem in message_qa(message, check)
    ]
