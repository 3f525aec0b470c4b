"""`course.markdown`, the one place where author or translator text becomes HTML: what it lets through, as exact
HTML, and every hostile link, image and tag it must leave as inert text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from course.assets import TARGET, file_targets, is_web
from course.catalogs import forms, read_catalog
from course.commonmark import INLINE
from course.content import load_course
from course.markdown import NAMED, inline_html, is_plain, placeholder_names, placeholder_problem

REPO = Path(__file__).resolve().parent.parent

ATTRIBUTES = 'rel="noopener noreferrer" target="_blank"'
ELEMENT = re.compile(r"<(a|img)\b|href=|src=")  # a link or an image, or an address where one would go


def link(href: str, text: str) -> str:
    return f'<a href="{href}" {ATTRIBUTES}>{text}</a>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("[webben](https://example.org/a?b=1&c=2)", link("https://example.org/a?b=1&amp;c=2", "webben")),
        ("[webben](http://example.org/)", link("http://example.org/", "webben")),
        ("[WEBBEN](HTTPS://EXAMPLE.ORG/)", link("HTTPS://EXAMPLE.ORG/", "WEBBEN")),
        ("[skriv](mailto:kurs@example.org)", link("mailto:kurs@example.org", "skriv")),
        ("<https://example.org/>", link("https://example.org/", "https://example.org/")),
        ("<mailto:kurs@example.org>", link("mailto:kurs@example.org", "mailto:kurs@example.org")),
        ("[guiden](docs/guide.pdf)", link("assets/docs/guide.pdf", "guiden")),  # a file of the course, packaged
        ("![ett möte](images/meeting.png)", '<img src="assets/images/meeting.png" alt="ett möte" />'),
        ("**fet** *kursiv* `kod`", "<strong>fet</strong> <em>kursiv</em> <code>kod</code>"),
    ],
    ids=["https", "http", "upper-case-scheme", "mailto", "autolink", "mail-autolink", "asset", "image", "emphasis"],
)
def test_allowed_links_images_and_emphasis_render_as_exactly_this_html(text: str, html: str) -> None:
    assert inline_html(text) == html


def test_a_quote_in_a_web_address_cannot_end_the_attribute() -> None:
    html = inline_html('[x](https://example.org/"onmouseover="alert(1))')
    assert html == link("https://example.org/%22onmouseover=%22alert(1)", "x")


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",  # spaces before the address are not part of it
        "\tjavascript:alert(1)",
        "\njavascript:alert(1)",
        "<javascript:alert(1)>",
        "&#106;avascript:alert(1)",  # entities are decoded before the address is judged
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "jav&#x09;ascript:alert(1)",
        "%6Aavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/steal",  # protocol-relative: another host
        "/etc/passwd",
        "../secret.pdf",
        "docs/../../secret.pdf",
        "docs/..",
        "./docs/a.pdf",  # the loader refuses `.` and empty parts, so the renderer does too
        "docs//a.pdf",
        "docs/a.pdf/",
        "#top",
        "ftp://example.org/file",
    ],
)
@pytest.mark.parametrize("form", ["[klicka]({})", "![bild]({})", '[klicka]({} "titel")'])
def test_any_other_link_or_image_target_stays_inert_text(target: str, form: str) -> None:
    html = str(inline_html(form.format(target)))
    assert not ELEMENT.search(html), html
    assert "klicka" in html or "bild" in html  # the learner still reads the text


@pytest.mark.parametrize(
    "text",
    [
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,alert(1)>",
        "<vbscript:msgbox(1)>",
        "<file:///etc/passwd>",
    ],
)
def test_an_autolink_to_any_other_scheme_stays_inert_text(text: str) -> None:
    assert inline_html(text) == text.replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<a href="javascript:alert(1)">x</a>', "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<!-- a comment -->", "&lt;!-- a comment --&gt;"),
        ("`<b>`", "<code>&lt;b&gt;</code>"),
        ("[<b>fet</b>](https://example.org/)", link("https://example.org/", "&lt;b&gt;fet&lt;/b&gt;")),
    ],
    ids=["script", "anchor", "image-tag", "comment", "code", "tag-in-link-text"],
)
def test_raw_html_is_escaped(text: str, html: str) -> None:
    assert inline_html(text) == html


def test_the_pass_mark_goes_into_its_slot_and_a_double_percent_is_a_percent_sign() -> None:
    html = inline_html("Minst %(passing)s, alltså 100 %% av **allt**.", "80 %")
    assert html == 'Minst <span data-slot="passing">80 %</span>, alltså 100 % av <strong>allt</strong>.'


def test_the_pass_mark_figure_is_escaped_too() -> None:
    html = inline_html("Minst %(passing)s.", "<b>80</b>")
    assert html == 'Minst <span data-slot="passing">&lt;b&gt;80&lt;/b&gt;</span>.'


def test_without_the_placeholder_percent_signs_are_plain_text() -> None:
    assert inline_html("100 % och %(annat)s", "80 %") == "100 % och %(annat)s"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Minst %(passing)s.", None),
        ("Inga platshållare, 100 %.", None),
        ("Minst %(score)s.", "unknown placeholder %(score)s"),
        ("Minst %(passing)s och 100 %.", "a text with %(passing)s is a format string"),
        ("[länk](https://example.org/%(passing)s)", "works in the text itself, not in a link address"),
        ("`%(passing)s`", "works in the text itself"),
    ],
)
def test_placeholder_problem_names_what_would_not_show_the_pass_mark(text: str, problem: str | None) -> None:
    found = placeholder_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


TEXT_CHARACTERS = st.characters(blacklist_categories=["Cs"])


@settings(max_examples=300, deadline=None)
@given(st.text(TEXT_CHARACTERS, max_size=80))
def test_a_text_taken_as_plain_renders_as_markdown_it_renders_it(text: str) -> None:
    if is_plain(text):
        assert inline_html(text) == INLINE.renderInline(text)


# The inline rules course.markdown.RULE_STARTS was written for.
INLINE_RULES = (
    "text",
    "newline",
    "escape",
    "backticks",
    "emphasis",
    "link",
    "image",
    "autolink",
    "html_inline",
    "entity",
)


def test_the_rules_whose_starts_make_a_text_markdown_are_the_renderers() -> None:
    assert tuple(rule.name for rule in INLINE.inline.ruler.__rules__ if rule.enabled) == INLINE_RULES
    assert [rule.name for rule in INLINE.inline.ruler2.__rules__ if rule.enabled] == [
        "balance_pairs",
        "emphasis",
        "fragments_join",
    ]


# Every character at which markdown-it's text rule stops, with letters, spaces and line breaks between them.
TERMINATORS = "".join(chr(code) for code in range(0x7F) if INLINE.inline.terminator_re.match(chr(code)))


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(TERMINATORS + "ab  \n\r\0\u00a0"), max_size=12))
def test_a_text_of_the_characters_any_rule_stops_at_renders_as_markdown_it_renders_it(text: str) -> None:
    if is_plain(text):
        assert inline_html(text) == INLINE.renderInline(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("aåä Ö1.,;?'\"()/\t\u00a0\u2028\u05d0\ufeff😀"), max_size=40))
def test_plain_text_in_any_script_renders_as_markdown_it_renders_it(text: str) -> None:
    assert is_plain(text)
    assert inline_html(text) == INLINE.renderInline(text)


def test_every_text_of_the_course_renders_as_markdown_it_renders_it() -> None:
    course = load_course(REPO / "course" / "content")
    translations = [read_catalog(path) for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/messages.po"))]
    texts = {text.source for text in course.texts()} | {
        form for catalog in translations for message in catalog if message.id for form in forms(message.string)
    }
    plain = [text for text in texts if is_plain(text)]
    assert len(plain) > len(texts) / 2, "most texts take the fast way"
    for text in plain:
        assert inline_html(text) == INLINE.renderInline(text), text


@given(st.lists(st.sampled_from(["%", "%%", "(", ")", "a", "_", "]", "](", "https://x", "<", " "])).map("".join))
@example("%(passing)s")
@example("%%(a)s")
@example("%%%(a)s")
@example("[a](b)")
def test_the_quick_answers_for_placeholders_and_file_targets_are_the_searches(text: str) -> None:
    """A text without `%(` or `](` is answered without a search: the answer the search gives."""
    assert placeholder_names(text) == set(NAMED.findall(text.replace("%%", "")))
    assert file_targets(text) == [target for target in TARGET.findall(text) if target and not is_web(target)]
