"""Translations as the launch page's templates use them: a locale's catalog looked up with every fallback to the
source counted, and the gettext family the templates call (Jinja2's newstyle gettext, per render call)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from course.assets import file_targets
from course.catalogs import PLACEHOLDER, LocaleCatalog
from course.markdown import inline_html, placeholder_names, placeholder_problem
from course.model import Text


@dataclass
class LocaleTexts:
    """Translations for one locale as the templates use them, with every fallback to the source counted.

    A translation that is missing, fuzzy, or would break formatting (an unknown placeholder, a lone %) is not
    used: the learner sees the Swedish source instead of a crash or a hole, and the build reports the count.
    """

    catalog: LocaleCatalog
    source_locale: str
    html: Callable[[str, str | None], Markup] = inline_html  # what checks that a translated pass mark shows
    missing: set[tuple[str | None, str]] = field(default_factory=set)

    def lookup(
        self,
        context: str | None,
        singular: str,
        plural: str | None = None,
        number: int | None = None,
        is_format: bool = True,
    ) -> str:
        """The usable translation, else the source (and the miss is counted)."""
        source = singular if plural is None or number == 1 else plural
        if self.catalog.locale == self.source_locale:
            return source
        translated = self.catalog.lookup(context, singular, number)
        if translated is None or (is_format and not formats_like(translated, singular)):
            self.missing.add((context, singular))
            return source
        return translated

    def translate(self, text: Text) -> str:
        """A content unit: its % signs are plain text unless it names the pass mark, `%(passing)s`. A translation
        that points to files the source does not use falls back too (only the source's files are in the package),
        and so does one that drops or adds the placeholder or could not be formatted."""
        translated = self.lookup(text.context, text.source, is_format=False)
        if translated == text.source or not needs_checking(translated, text.source):
            return translated
        if (
            not set(file_targets(translated)) <= set(file_targets(text.source))
            or placeholder_names(translated) != placeholder_names(text.source)
            or placeholder_problem(translated, self.html) is not None
        ):
            self.missing.add((text.context, text.source))
            return text.source
        return translated

    # The gettext family below is what the templates' `_()`, `{% trans %}` and `ngettext` call, as Jinja's newstyle
    # gettext would: the message is always a format string filled with the named values (escaped, and `num` for a
    # count). Translations come from people outside the project, so they are escaped before they become Markup.

    def gettext(self, message: str, **values: object) -> Markup:
        return escape(self.lookup(None, message)) % values

    def ngettext(self, singular: str, plural: str, number: int, **values: object) -> Markup:
        return escape(self.lookup(None, singular, plural, number)) % {"num": number, **values}

    def pgettext(self, context: str, message: str, **values: object) -> Markup:
        return escape(self.lookup(context, message)) % {"context": context, **values}

    def npgettext(self, context: str, singular: str, plural: str, number: int, **values: object) -> Markup:
        return escape(self.lookup(context, singular, plural, number)) % {"context": context, "num": number, **values}

    def callables(self) -> dict[str, Callable[..., Markup]]:
        """The gettext family for one render call's context. Never installed into the shared Environment: what is
        rendered without them (the launch page) fails on a message instead of taking another locale's words."""
        return {
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "pgettext": self.pgettext,
            "npgettext": self.npgettext,
        }


def needs_checking(translated: str, source: str) -> bool:
    """Whether `translate`'s checks could refuse `translated`: a translation that links nothing (no `](`) and names
    no placeholder (no `%(`), of a source that names none, passes them all, as most do; they are skipped for it."""
    return "](" in translated or "%(" in translated or "%(" in source


# A `%` that is neither `%%` nor the start of a named placeholder: `"%s" % {...}` would print the whole mapping.
POSITIONAL = re.compile(r"%(?!%|\()")


def formats_like(translated: str, source: str) -> bool:
    """Whether `translated` survives the `%` formatting that newstyle gettext applies with the source's names."""
    if POSITIONAL.search(translated.replace("%%", "")):
        return False
    try:
        translated % dict.fromkeys(PLACEHOLDER.findall(source), "")
    except (KeyError, ValueError, TypeError):
        return False
    return True
