"""translations.py: a content unit's translation is used only when it links no file the source does not, names the
placeholders the source names and can show the pass mark where it names it; otherwise the learner gets the Swedish
source and the fallback is counted. The checks are skipped only where they could not refuse."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from course.catalogs import LocaleCatalog
from course.model import Text
from course.translations import LocaleTexts

# Texts made of what the checks look at: links to files and to the web, the pass mark's placeholder, other %s.
pieces = st.sampled_from(
    ["a", " ", "[x](images/a.png)", "[y](b.png)", "[w](https://example.org)", "%(passing)s", "%", "%(other)s", "]", "("]
)
texts = st.lists(pieces, max_size=4).map("".join)


def translated(source: str, translation: str) -> tuple[str, int]:
    """What the page shows for a unit whose source and translation are these, and the fallbacks counted."""
    catalog = LocaleCatalog("fi", {("c", source): (translation,)}, lambda _: 0)
    texts_of_locale = LocaleTexts(catalog, "sv")
    shown = texts_of_locale.translate(Text(source, "c", "", "f", 1))
    return shown, len(texts_of_locale.missing)


def usable(source: str, translation: str) -> bool:
    """The rule, as the checks state it, with nothing skipped."""
    from course.assets import file_targets
    from course.markdown import placeholder_names, placeholder_problem

    return (
        set(file_targets(translation)) <= set(file_targets(source))
        and placeholder_names(translation) == placeholder_names(source)
        and placeholder_problem(translation) is None
    )


@given(texts, texts)
def test_a_translation_is_used_exactly_when_the_checks_pass(source: str, translation: str) -> None:
    if not translation or translation == source:
        return
    expected = (translation, 0) if usable(source, translation) else (source, 1)
    assert translated(source, translation) == expected


def test_a_translation_that_links_another_file_or_drops_the_pass_mark_falls_back() -> None:
    assert translated("Se [bilden](a.png).", "Katso [kuva](b.png).") == ("Se [bilden](a.png).", 1)
    assert translated("Minst %(passing)s rätt.", "Vähintään 80 % oikein.") == ("Minst %(passing)s rätt.", 1)
    assert translated("Minst 80 % rätt.", "Vähintään %(passing)s oikein.") == ("Minst 80 % rätt.", 1)
    assert translated("Se [bilden](a.png).", "Katso [kuva](a.png).") == ("Katso [kuva](a.png).", 0)
