"""course.markup gives exactly what the templates' forms it replaces gave: the prose macro, flat()'s chain of
replace filters, and each gettext call asked again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from course.markdown import inline_html
from course.markup import flat, prose_html, remembered
from course.model import Block, Prose, Text
from course.render import make_environment

# The templates' forms as they were (course/templates/macros.html before course.markup), the reference.
PROSE_MACRO = """{% macro prose(text, md) %}
{% for block in text.blocks %}
{% if block.kind == "p" %}
<p>{{ md(block.items[0]) }}</p>
{% else %}
<{{ block.kind }}>
{% for item in block.items %}
  <li>{{ md(item) }}</li>
{% endfor %}
</{{ block.kind }}>
{% endif %}
{% endfor %}
{% endmacro %}
{{ prose(text, md) }}"""
FLAT_MACRO = """{% macro flat() %}{{ caller() | replace("\\n          ", "\\n") | replace("\\n        ", "\\n") \
| replace("\\n      ", "\\n") | replace("\\n    ", "\\n") | replace("\\n  ", "\\n") | replace("\\n\\n", "\\n") \
| replace("\\n\\n", "\\n") }}{% endmacro %}{% call flat() %}{{ body }}{% endcall %}"""

units = st.text(alphabet="ab *_<>&\"'`[]()%\n", max_size=12).map(lambda source: Text(source, "c", "", "f", 1))
blocks = st.one_of(
    units.map(lambda unit: Block("p", (unit,))),
    st.tuples(st.sampled_from(["ul", "ol"]), st.lists(units, min_size=1, max_size=3)).map(
        lambda kind_items: Block(kind_items[0], tuple(kind_items[1]))  # type: ignore[arg-type]
    ),
)


def markdown(text: Text) -> Markup:
    return inline_html(text.source)


@given(st.lists(blocks, max_size=4))
def test_prose_is_the_macros_markup(found: list[Block]) -> None:
    text = Prose(tuple(found))
    expected = make_environment().from_string(PROSE_MACRO).render(text=text, md=markdown)
    assert prose_html(text, markdown) == expected


def test_prose_of_a_paragraph_and_a_list() -> None:
    text = Prose((Block("p", (Text("*a* & b", "c", "", "f", 1),)), Block("ol", (Text("x", "c", "", "f", 2),))))
    assert prose_html(text, markdown) == "<p><em>a</em> &amp; b</p>\n<ol>\n  <li>x</li>\n</ol>\n"


# Lines of markup indented by any number of spaces, some empty, some not ending in a line break.
lines = st.tuples(st.integers(0, 40), st.sampled_from(["", "x", "<p>", " \t", "\n"])).map(lambda i: " " * i[0] + i[1])


@given(st.lists(lines, max_size=12))
def test_flat_is_the_chain_of_replace_filters(found: list[str]) -> None:
    markup = Markup("\n".join(found))
    assert flat(markup) == make_environment().from_string(FLAT_MACRO).render(body=markup)
    assert isinstance(flat(markup), Markup)


def test_a_question_asked_again_is_answered_from_memory() -> None:
    asked: list[tuple[object, ...]] = []

    def gettext(message: str, **values: object) -> Markup:
        asked.append((message, values))
        return Markup.escape(message) % values

    call = remembered(gettext)
    assert call("%(a)s!", a="<b>") == "&lt;b&gt;!"
    assert call("%(a)s!", a="<b>") == "&lt;b&gt;!"
    assert call("%(a)s!", a=Markup("<b>")) == "<b>!"  # equal text, other type: its own answer
    assert call("%(a)s!", a=1) == "1!"
    assert call("%(a)s!", a=True) == "True!"  # True == 1, yet another question
    assert call("%(a)s!", a=["x"]) == "[&#39;x&#39;]!"  # a value that cannot be a key is asked each time
    assert call("%(a)s!", a=["x"]) == "[&#39;x&#39;]!"
    assert len(asked) == 6
