"""A translation check names the difference it found, as Sphinx's i18n warnings show both sides: what the source
has and what the translation has."""

from __future__ import annotations

from course.lint import markup_facts, markup_problems

SOURCE = "Se [exemplet](https://example.org/) och **mer**."


def test_markdown_that_differs_is_shown_counted_on_both_sides() -> None:
    counts = (
        "source: 1 link, 1 **bold**, 0 *italics*, 0 `code`; translation: 0 links, 0 **bold**, 1 *italics*, 0 `code`"
    )
    assert list(markup_problems("DE Se exemplet och *mer*.", markup_facts(SOURCE))) == [
        f"Markdown differs from the source ({counts}); keep the same markup around the translated words"
    ]


def test_a_changed_link_address_is_shown_beside_the_sources() -> None:
    addresses = "source: 'https://example.org/'; translation: 'javascript:alert(1)'"
    assert list(markup_problems("DE Se [das](javascript:alert(1)) und **mehr**.", markup_facts(SOURCE))) == [
        f"a link address differs from the source ({addresses}); translate the link text, keep the address"
    ]
