"""`course check`, `init` and `update` on a fixture course with a test locale (de), and the real course's coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from course.catalogs import po_path, read_catalog, write_catalog
from course.check import check
from course.cli import main
from course.errors import CatalogError, ContentError
from course.project import Project
from tests.projects import make_project, real_project, translated_project

# The mini course's passing score is 50; this paragraph goes at the end of its start page, line 21 of course.yaml.
PASSING_SOURCE = "Du är godkänd när minst %(passing)s av svaren är rätt."
START_LINE = 21
ARABIC_50 = "\u0665\u0660\u066a"  # 50 % in Arabic-Indic digits and the Arabic percent sign
# The messages of the mini course's catalog: its content units and the real templates' strings. A template string
# added or removed changes it; `msgids` counts them in the catalog's text, without the code under test.
MINI_MESSAGES = 162


def set_translation(project: Project, context: str, text: str) -> None:
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    found = [message for message in catalog if message.context == context]
    found[0].string = text
    write_catalog(path, catalog)


def add_start_paragraph(project: Project, paragraph: str) -> None:
    path = project.content / "course.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("  - Den har ett prov.\n", f"  - Den har ett prov.\n\n  {paragraph}\n"), "utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[START_LINE - 1] == f"  {paragraph}"


def translate_message(project: Project, context: str | None, msgid: str, text: str, fuzzy: bool = False) -> None:
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = catalog.get(msgid, context)
    assert message is not None, msgid
    message.string = text
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    write_catalog(path, catalog)


def passing_project(tmp: Path) -> Project:
    """The translated mini course with a start paragraph that names the pass mark, not yet translated."""
    project = translated_project(tmp)
    add_start_paragraph(project, PASSING_SOURCE)
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    return project


def test_init_writes_the_locales_plural_forms(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    main(["--project", str(project.root), "extract"])
    assert main(["--project", str(project.root), "init", "ar"]) == 0
    header = po_path(project.locales, "ar").read_text(encoding="utf-8")
    assert "nplurals=6;" in header


def msgids(project: Project) -> int:
    """The entries of the de catalog, counted in its text (the header entry, msgid "", is not a message)."""
    text = po_path(project.locales, "de").read_text(encoding="utf-8")
    return len(re.findall(r'^msgid "', text, re.MULTILINE)) - 1


def test_a_complete_catalog_checks_clean(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    assert msgids(project) == MINI_MESSAGES
    report = check(project)
    assert [(s.locale, s.translated, s.fuzzy, s.untranslated) for s in report.stats] == [("de", MINI_MESSAGES, 0, 0)]
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("context", "translation", "warning"),
    [
        ("lesson/alpha/social", "DE ohne Link.", "Markdown differs from the source"),
        ("lesson/alpha/social", "DE [Beispiel](https://evil.example/).", "a link address differs"),
        ("lesson/alpha/intro", "DE <b>fett</b>", "raw HTML in the translation"),
        ("question/alpha-check/stem", "Vilket svar är rätt?", None),
    ],
)
def test_check_reports_broken_translations_at_their_po_line(
    tmp_path: Path, context: str, translation: str, warning: str | None
) -> None:
    project = translated_project(tmp_path)
    set_translation(project, context, translation)
    report = check(project)
    if warning is None:  # a short text may stay the same (names, "OK"); only long copies are flagged
        assert report.warnings == ()
        return
    [problem] = report.warnings
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8").splitlines()
    assert problem.file.endswith("locales/de/LC_MESSAGES/messages.po")
    assert po_text[problem.line - 1].startswith("msgid")
    assert warning in problem.message
    assert context in problem.message


def test_a_lost_placeholder_is_reported(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = next(m for m in catalog if isinstance(m.id, str) and "%(number)s" in m.id)
    message.string = "DE Lektion von %(count)s"
    write_catalog(path, catalog)
    [problem] = check(project).warnings
    assert "placeholders differ from the source (missing %(number)s)" in problem.message


def test_update_marks_a_changed_message_fuzzy_keeps_the_previous_msgid_and_obsoletes_removed_ones(
    tmp_path: Path,
) -> None:
    project = translated_project(tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    source = lesson.read_text(encoding="utf-8").replace("Därför spelar det roll.", "Därför spelar det stor roll.")
    lesson.write_text(source.replace("  - Tredje punkten.\n", ""), encoding="utf-8")
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8")
    with open(po_path(project.locales, "de"), "rb") as handle:
        catalog = read_po(handle)
    changed = catalog.get("Därför spelar det stor roll.", "lesson/alpha/why")
    assert changed is not None
    assert changed.fuzzy
    assert changed.string == "DE Därför spelar det roll."
    assert (
        '#| msgid "Därför spelar det roll."\nmsgctxt "lesson/alpha/why"\nmsgid "Därför spelar det stor roll."'
        in po_text
    )
    assert ("lesson/alpha/key_points", "Tredje punkten.") in {(m.context, m.id) for m in catalog.obsolete.values()}
    report = check(project)
    assert report.stats[0].fuzzy == 1
    assert any("fuzzy" in warning.message for warning in report.warnings)
    assert main(["--project", str(project.root), "check", "--strict"]) == 1


def test_shipped_languages_are_completely_translated() -> None:
    """The real course ships only complete catalogs: every message translated, none fuzzy, no catalog warning.
    (The pedagogy measures, warnings about the content, are test_pedagogy's, on courses built to break them.)"""
    project = real_project()
    report = check(project)
    assert {s.locale: (s.percent, s.fuzzy) for s in report.stats} == {
        "en": (100.0, 0),
        "fi": (100.0, 0),
        "ar": (100.0, 0),
    }
    catalogs = [warning for warning in report.warnings if Path(warning.file).resolve().is_relative_to(project.locales)]
    assert catalogs == []


def test_stats_prints_coverage_per_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = translated_project(tmp_path)
    set_translation(project, "lesson/alpha/why", "")
    assert main(["--project", str(project.root), "stats"]) == 0
    header, row = capsys.readouterr().out.splitlines()[-2:]
    assert header.split() == ["locale", "translated", "fuzzy", "untranslated", "obsolete", "percent"]
    assert msgids(project) == MINI_MESSAGES
    assert row.split() == ["de", str(MINI_MESSAGES - 1), "0", "1", "0", "99%"]  # all but one


@pytest.mark.parametrize("figure", ["50 %", "50%", "50\u00a0%", "50 procent", "50-procentig", ARABIC_50, "50\u066a"])
def test_a_pass_mark_written_as_a_figure_in_the_content_is_an_error_at_its_line(tmp_path: Path, figure: str) -> None:
    project = translated_project(tmp_path)
    add_start_paragraph(project, f"Du är godkänd med minst {figure} rätt.")
    with pytest.raises(ContentError) as caught:
        check(project)
    [problem] = caught.value.problems
    assert problem.file.endswith("course/content/course.yaml")
    assert problem.line == START_LINE
    shown = " ".join(figure.split())  # Markdown units fold white space, a no-break space too
    assert f"the pass mark written as a figure ({shown!r})" in problem.message
    assert "write %(passing)s" in problem.message
    assert main(["--project", str(project.root), "check"]) == 1, "an error, not a warning: it fails without --strict"


@pytest.mark.parametrize(
    "text", ["Det tar 50 minuter.", "150 % av budgeten.", "Räntan är 0,50 %.", "5 % av svaren.", PASSING_SOURCE]
)
def test_other_figures_and_the_placeholder_are_not_taken_for_the_pass_mark(tmp_path: Path, text: str) -> None:
    project = translated_project(tmp_path)
    add_start_paragraph(project, text)
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    translate_message(project, "course/start", text, f"DE {text}")
    assert check(project).warnings == ()


def test_a_pass_mark_written_as_a_figure_in_a_template_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    template = project.root / "course" / "templates" / "locale.html"
    source = template.read_text(encoding="utf-8")
    template.write_text(source.replace("godkänt från %(score)s rätt", "godkänt från 50 % rätt"), encoding="utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), start=1) if "godkänt från %(score)s" in text)
    with pytest.raises(ContentError) as caught:
        check(project)
    [problem] = caught.value.problems
    assert (problem.file.endswith("course/templates/locale.html"), problem.line) == (True, line)
    assert "the pass mark written as a figure ('50 %')" in problem.message
    assert "`passing`" in problem.message


@pytest.mark.parametrize("figure", ["50 %", "50%", "50 Prozent", "50 prosenttia", ARABIC_50, "50\u066a", "%50"])
def test_a_pass_mark_written_as_a_figure_in_a_translation_is_an_error_at_its_po_line(
    tmp_path: Path, figure: str
) -> None:
    project = translated_project(tmp_path)
    set_translation(project, "lesson/alpha/why", f"DE Man braucht {figure}.")
    with pytest.raises(CatalogError) as caught:
        check(project)
    [problem] = caught.value.problems
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8").splitlines()
    assert problem.file.endswith("locales/de/LC_MESSAGES/messages.po")
    assert po_text[problem.line - 1].startswith("msgid")
    assert "lesson/alpha/why" in problem.message
    assert f"the pass mark written as a figure ({figure!r})" in problem.message


FAILED = (
    "Inte godkänt den här gången. Du hade %(percent)s rätt och behöver %(passing)s. "
    "Läs lektionerna nedan igen och gör om provet."
)


@pytest.mark.parametrize(
    ("context", "msgid", "translation", "errors"),
    [
        ("course/start", PASSING_SOURCE, "DE mindestens %(passing)s richtig.", []),
        ("course/start", PASSING_SOURCE, "DE mindestens die Hälfte richtig.", ["%(passing)s is missing"]),
        (
            "course/start",
            PASSING_SOURCE,
            "DE mindestens 50 % richtig.",
            [
                "the pass mark written as a figure ('50 %'); the LMS may set another one: write %(passing)s",
                "%(passing)s is missing",
            ],
        ),
        (
            "lesson/alpha/why",
            "Därför spelar det roll.",
            "DE Darum, ab %(passing)s.",
            ["%(passing)s is not in the source"],
        ),
        (None, FAILED, "DE Nicht bestanden: %(percent)s.", ["%(passing)s is missing"]),
    ],
)
def test_a_translation_that_drops_or_adds_the_pass_mark_placeholder_is_an_error(
    tmp_path: Path, context: str | None, msgid: str, translation: str, errors: list[str]
) -> None:
    project = passing_project(tmp_path)
    if context != "course/start":
        translate_message(project, "course/start", PASSING_SOURCE, "DE mindestens %(passing)s richtig.")
    translate_message(project, context, msgid, translation)
    if not errors:
        report = check(project)
        assert report.warnings == ()
        assert report.stats[0].untranslated == 0
        return
    with pytest.raises(CatalogError) as caught:
        check(project)
    found = [problem.message.split("”: ", 1)[1] for problem in caught.value.problems]
    assert len(found) == len(errors)
    assert all(text.startswith(error) for text, error in zip(found, errors, strict=True))
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8").splitlines()
    assert all(po_text[problem.line - 1].startswith("msgid") for problem in caught.value.problems)


def test_a_fuzzy_translation_without_the_placeholder_is_left_to_the_fuzzy_warning(tmp_path: Path) -> None:
    """Not shown (the source is), so not an error yet; once the fuzzy flag goes, it is one."""
    project = passing_project(tmp_path)
    translate_message(project, "course/start", PASSING_SOURCE, "DE mindestens die Hälfte.", fuzzy=True)
    warnings = [warning.message for warning in check(project).warnings]
    assert any("fuzzy" in warning for warning in warnings)
    assert not any("placeholders differ" in warning for warning in warnings), "said once, as an error, when shown"
    translate_message(project, "course/start", PASSING_SOURCE, "DE mindestens die Hälfte.")
    with pytest.raises(CatalogError):
        check(project)


NEXT = "Nästa"
UNANSWERED = "%(num)s fråga saknar svar. Svara på alla frågor innan du lämnar in."
SOCIAL = ("lesson/alpha/social", "Så syns det på sociala medier, se [exemplet](https://example.org/).")
INTRO = ("lesson/alpha/intro", "Inledningen till lektion ett.")
# What a translator may write that the page would show wrongly, each with what check says about it; the Swedish
# source of each message has none of it. A plural form is written into msgstr[1].
HOLES = {
    "autolink": (*INTRO, "DE Inledningen <https://evil.example/>.", "an autolink <…>"),
    "mail-autolink": (*INTRO, "DE Schreib <evil@evil.example>.", "an autolink <…>"),
    "link-with-a-title": (*SOCIAL, 'DE Se [exemplet](https://example.org/ "Moodle").', "title"),
    "link-with-a-title-added": (*INTRO, 'DE Inledningen [hier](https://evil.example/ "Moodle").', "Markdown differs"),
    "web-image-with-a-title": (*INTRO, 'DE ![x](https://evil.example/p.png "t").', "not web addresses"),
    "reference-style-link": (*INTRO, "DE [hier][1].\n\n[1]: https://evil.example/", "reference-style link"),
    "javascript-link": (*SOCIAL, "DE Se [exemplet](javascript:alert(1)).", "a link address differs"),
    "changed-link-address": (*SOCIAL, "DE Se [exemplet](https://evil.example/).", "a link address differs"),
    "entity": (None, NEXT, "DE &lt;b&gt;Weiter", "HTML entity"),
    "positional-s-in-a-label": (None, NEXT, "DE %s weiter", "positional placeholder"),
    "positional-d-in-a-label": (None, NEXT, "DE %d weiter", "positional placeholder"),
    "numbered-positional-in-a-label": (None, NEXT, "DE %1$s weiter", "positional placeholder"),
    "raw-html": (None, NEXT, "DE <b>Weiter</b>", "raw HTML"),
    "link-in-a-plural-form": (None, UNANSWERED, "DE [%(num)s](https://evil.example/) Fragen", "Markdown differs"),
    "unknown-placeholder-in-a-plural-form": (None, UNANSWERED, "DE %(num)s %(evil)s Fragen", "unknown %(evil)s"),
    "lost-placeholder-in-a-plural-form": (None, UNANSWERED, "DE einige Fragen", "missing %(num)s"),
}


def translate_form(project: Project, context: str | None, msgid: str, text: str) -> None:
    """Like translate_message; a plural message gets `text` as its last form."""
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = catalog.get(msgid, context)
    assert message is not None, msgid
    forms = message.string
    message.string = (*forms[:-1], text) if isinstance(forms, tuple | list) else text
    write_catalog(path, catalog)


@pytest.mark.parametrize("hole", HOLES)
def test_check_strict_catches_each_translation_hole_at_its_po_line(tmp_path: Path, hole: str) -> None:
    context, msgid, translation, warning = HOLES[hole]
    project = translated_project(tmp_path)
    translate_form(project, context, msgid, translation)
    found = [problem for problem in check(project).warnings if warning in problem.message]
    assert len(found) == 1, check(project).warnings
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8").splitlines()
    assert found[0].file.endswith("locales/de/LC_MESSAGES/messages.po")
    assert po_text[found[0].line - 1] == f'msgid "{msgid}"'
    assert main(["--project", str(project.root), "check", "--strict"]) == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('msgctxt "lesson/alpha/why"', 'msgctxt "lesson/alpha/whyy"'),
        ('msgid "Därför spelar det roll."', 'msgid "Därför spelar det stor roll."'),
    ],
)
def test_an_entry_the_template_does_not_have_is_a_warning_at_its_line(tmp_path: Path, old: str, new: str) -> None:
    """A msgctxt or msgid changed by hand: its translation is never shown, so check says so until it is fixed."""
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    [stray] = [problem for problem in check(project).warnings if "not in messages.pot" in problem.message]
    assert lines[stray.line - 1].startswith("msgid")
    assert new.split(" ", 1)[1].strip('"')[:20] in "\n".join(lines[stray.line - 2 : stray.line])
    assert main(["--project", str(project.root), "check", "--strict"]) == 1


def test_an_obsolete_entry_is_not_taken_for_a_stray_one(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    path.write_text(
        path.read_text(encoding="utf-8") + '\n#~ msgctxt "lesson/gone"\n#~ msgid "Borta."\n#~ msgstr "DE Weg."\n',
        "utf-8",
    )
    assert check(project).warnings == ()


def test_plural_forms_that_disagree_with_cldr_are_a_warning_at_the_header_line_with_the_rule(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("plural=(n != 1);", "plural=(n > 1);"), encoding="utf-8")
    line = next(n for n, value in enumerate(text.splitlines(), start=1) if value.startswith('"Plural-Forms:'))
    [problem] = check(project).warnings
    assert problem.line == line
    assert "CLDR" in problem.message
    assert "`nplurals=2; plural=(n != 1);`" in problem.message
