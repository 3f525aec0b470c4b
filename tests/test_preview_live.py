"""course.preview_live: a saved content file becomes the changed views alone, from the markup the page holds; a
change beyond views, or one the build would refuse, is not handed over; a saved catalog of the package's languages is
handed over as content is, another one is not; looking for changes sees every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.catalogs import po_path
from course.content import load_course
from course.errors import CatalogError, ContentError
from course.preview import preview_request
from course.preview_live import LiveCourse, ViewChanges, Watched, changed_files, view_changes, view_parts
from course.project import Project
from tests.projects import make_project, real_copy, translated_project

PAGE = """<div class="locale"><header>Rubrik</header><main>
<section class="view" data-view="start"><h1>Start</h1><section class="inner"><p>Inne</p></section></section>
<section class="view lesson" data-view="lesson/a" hidden><p>Ett</p></section>
</main></div>"""


def test_the_views_are_cut_at_their_own_closing_tag_past_sections_inside_them() -> None:
    around, views = view_parts(PAGE)
    assert list(views) == ["start", "lesson/a"]
    assert views["start"].endswith("<p>Inne</p></section></section>")
    assert views["lesson/a"] == '<section class="view lesson" data-view="lesson/a" hidden><p>Ett</p></section>'
    assert "Inne" not in around
    assert "Rubrik" in around


def test_only_the_view_that_changed_is_handed_over() -> None:
    assert view_changes(PAGE, PAGE.replace("Ett", "Två")) == {
        "lesson/a": (
            '<section class="view lesson" data-view="lesson/a" hidden><p>Ett</p></section>',
            '<section class="view lesson" data-view="lesson/a" hidden><p>Två</p></section>',
        )
    }
    assert view_changes(PAGE, PAGE) == {}


@pytest.mark.parametrize(
    "changed",
    [PAGE.replace("Rubrik", "Ny rubrik"), PAGE.replace('data-view="lesson/a"', 'data-view="lesson/b"')],
    ids=["around the views", "a view renamed"],
)
def test_a_change_beyond_the_views_is_not_one_of_views(changed: str) -> None:
    assert view_changes(PAGE, changed) is None


class Live:
    """A LiveCourse of the mini course in Swedish (or with its German test catalog, in both), read as the first full
    build reads it, and what it hands over."""

    def __init__(self, tmp_path: Path, locales: tuple[str, ...] = ("sv",), german: bool = False) -> None:
        self.project: Project = translated_project(tmp_path) if german else make_project(tmp_path)
        self.course = LiveCourse(preview_request(self.project, locales, tmp_path / "out"))
        self.course.refresh(0)
        self.handed: list[tuple[int, list[str], ViewChanges]] = []
        self.generation = 0

    def save(self, old: str, new: str, name: str = "01-alpha.yaml") -> bool:
        path = self.project.content / "lessons" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        self.generation += 1
        return self.course.update({path}, self.generation, ["sv"], self.hand_over)

    def translate(self, old: str, new: str) -> bool:
        """Save the German catalog with `old` replaced; what the page holding German and Swedish is handed."""
        path = po_path(self.project.locales, "de")
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        self.generation += 1
        return self.course.update({path}, self.generation, ["de", "sv"], self.hand_over)

    def hand_over(self, since: int, covered: list[str], changes: ViewChanges) -> None:
        self.handed.append((since, covered, changes))


def test_a_changed_paragraph_hands_over_its_view_alone_and_reuses_the_other_lessons(tmp_path: Path) -> None:
    live = Live(tmp_path)
    assert live.course.base is not None
    other = live.course.base.lessons[1]
    assert live.save("Därför spelar det roll.", "Därför spelar det roll, nu mer än förr.")
    ((since, covered, changes),) = live.handed
    assert (since, covered, list(changes), list(changes["sv"])) == (0, ["sv"], ["sv"], ["lesson/alpha"])
    before, after = changes["sv"]["lesson/alpha"]
    assert "Därför spelar det roll.</p>" in before
    assert "Därför spelar det roll, nu mer än förr.</p>" in after
    assert live.course.base is not None
    assert live.course.base.lessons[1] is other, "the lesson that did not change is not read again"
    assert live.save("nu mer än förr", "mer än någonsin")
    assert live.handed[-1][0] == 1, "the next change is handed over from the markup of the one before"


def test_a_change_beyond_the_views_is_left_to_the_full_build(tmp_path: Path) -> None:
    """The lesson's title is in the menu too: the page reloads for it."""
    live = Live(tmp_path)
    assert not live.save("title: Första principen", "title: En ny första princip")
    assert live.handed == []
    assert not live.course.ready


def test_a_save_the_build_would_refuse_raises_its_error_and_the_next_good_one_is_handed_over(tmp_path: Path) -> None:
    live = Live(tmp_path)
    with pytest.raises(ContentError) as refused:
        live.save("why:", "whyy:")
    with pytest.raises(ContentError) as built:
        load_course(live.project.content)
    assert str(refused.value) == str(built.value)
    assert "whyy: unknown key" in str(refused.value)
    assert live.save("whyy:", "why:")  # back as it was: the views are the same as the page holds
    assert live.handed == [(0, ["sv"], {})]
    assert live.save("Därför spelar det roll.", "Därför spelar det ännu större roll.")
    assert live.handed[-1][0] == 2


def test_a_content_file_other_than_a_lesson_reads_the_whole_course(tmp_path: Path) -> None:
    live = Live(tmp_path)
    path = live.project.content / "course.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n", encoding="utf-8")
    base = live.course.base
    assert live.course.update({path}, 1, ["sv"], live.hand_over)
    assert live.course.base is not None
    assert base is not None
    assert live.course.base.lessons[0] is not base.lessons[0]


def test_a_saved_catalog_of_the_package_hands_over_the_views_it_changed(tmp_path: Path) -> None:
    live = Live(tmp_path, ("sv", "de"), german=True)
    assert live.translate('msgstr "DE Därför spelar det roll."', 'msgstr "DE Deshalb ist es wichtig."')
    ((since, covered, changes),) = live.handed
    assert (since, covered, list(changes), list(changes["de"])) == (0, ["de", "sv"], ["de"], ["lesson/alpha"])
    assert "DE Deshalb ist es wichtig.</p>" in changes["de"]["lesson/alpha"][1]
    with pytest.raises(CatalogError, match="Plural-Forms"):
        live.translate("plural=(n != 1);", "plural=(n foo);")
    assert live.course.ready, "the page keeps the views it has; the next good save is handed over"


def test_a_catalog_of_a_language_the_package_leaves_out_is_left_to_the_full_build(tmp_path: Path) -> None:
    live = Live(tmp_path, ("sv",), german=True)
    assert not live.translate("DE Därför spelar det roll.", "DE Deshalb ist es wichtig.")
    assert not live.course.ready


def test_looking_again_sees_a_file_changed_added_or_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    watched = Watched(preview_request(project, (), tmp_path / "out"))
    first = watched.look()
    lesson = project.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    added = project.content / "lessons" / "03-gamma.yaml"
    added.write_text("id: gamma\n", encoding="utf-8")
    second = watched.look()
    assert changed_files(first, second) == {lesson, added}
    added.unlink()
    assert changed_files(second, watched.look()) == {added}


def test_an_organisation_s_package_hands_over_a_paragraph_and_leaves_its_profile_to_the_full_build(
    tmp_path: Path,
) -> None:
    project = real_copy(tmp_path)
    live = LiveCourse(preview_request(project, ("sv",), tmp_path / "out", "exempelregion"))
    live.refresh(0)
    lesson = next((project.content / "lessons").glob("01-*.yaml"))
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("växa sig stora.", "växa sig mycket stora."), encoding="utf-8")
    handed: list[ViewChanges] = []
    assert live.update({lesson}, 1, ["sv"], lambda *handed_over: handed.append(handed_over[2]))
    ((name, (before, after)),) = handed[0]["sv"].items()
    assert name.startswith("lesson/")
    assert "Exempelregion" in live.markup["sv"], "the profile is applied"
    assert "växa sig mycket stora." in after
    assert "växa sig mycket stora." not in before
    profile = project.organisations / "exempelregion" / "organisation.yaml"
    assert not live.update({profile}, 2, ["sv"], lambda *handed_over: handed.append(handed_over[2]))
    assert len(handed) == 1
