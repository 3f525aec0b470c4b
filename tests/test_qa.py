"""pofilter's checks in `course check`: each kept check finds its problem at the entry's line in our message form,
and stays silent on correct Swedish to English, Finnish and Arabic (their own punctuation, digits and quotation
marks, Markdown, placeholders, the glossary's Swedish names in brackets)."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from course.catalogs import parse_catalog, po_path, read_catalog, write_catalog
from course.cli import main
from course.lint import lint_catalog
from course.paths import display_path
from course.plurals import language_rule
from course.qa import qa_problems
from tests.projects import REPO, real_copy

NAME = "locales/xx/LC_MESSAGES/messages.po"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entry(source: str | tuple[str, str], translation: str | tuple[str, ...], context: str = "", flags: str = "") -> str:
    """One .po entry: a plural one when the source is (singular, plural) and the translation a tuple of forms."""
    lines = [f"#, {flags}"] if flags else []
    lines += [f"msgctxt {quoted(context)}"] if context else []
    if isinstance(source, tuple):
        lines += [f"msgid {quoted(source[0])}", f"msgid_plural {quoted(source[1])}"]
        lines += [f"msgstr[{index}] {quoted(form)}" for index, form in enumerate(translation)]
    else:
        lines += [f"msgid {quoted(source)}", f"msgstr {quoted(str(translation))}"]
    return "\n".join(lines)


def po_text(language: str, *entries: str) -> str:
    header = [
        'msgid ""',
        'msgstr ""',
        quoted("Content-Type: text/plain; charset=UTF-8\n"),
        quoted(f"Language: {language}\n"),
        quoted(f"Plural-Forms: {language_rule(language)}\n"),
    ]
    return "\n\n".join(["\n".join(header), *entries]) + "\n"


def line_of(text: str, source: str) -> int:
    """The line of the entry's msgid, where the check reports it."""
    return text.splitlines().index(f"msgid {quoted(source)}") + 1


def found(language: str, *entries: str) -> list[str]:
    return [
        str(problem)
        for problem in qa_problems(parse_catalog(po_text(language, *entries).encode(), NAME, language), Path(NAME))
    ]


FINDS = [
    (
        "en",
        "Vad gör du nu?",
        "What will you do now",
        "endpunc: the end differs (source: “?”; translation: no punctuation)",
    ),
    (
        "ar",
        "Vad gör du nu?",
        "ماذا ستفعل الآن?",
        "endpunc: the end differs (source: “?”, in Arabic “؟”; translation: “?”)",
    ),
    ("en", "Ja, gärna.", "- Yes, please.", "startpunc: the start differs (source: no punctuation; translation: “-”)"),
    (
        "fi",
        "Ring oss i dag.",
        "Soita meille  tänään.",
        "doublespacing: double spaces differ (source: none; translation: “Soita meille  tänään.”)",
    ),
    (
        "en",
        "Anmäl inom 72 timmar.",
        "Report it within 27 hours.",
        "numbers: figures differ (source: 72; translation: 27)",
    ),
    ("ar", "Anmäl inom 72 timmar.", "أبلغ في غضون ٢٧ ساعة.", "numbers: figures differ (source: 72; translation: 27)"),
    (
        "fi",
        "Det står i lagen (OSL).",
        "Se on laissa (OSL.",
        "brackets: a bracket that does not pair up in the translation (“(” in “Se on laissa (OSL.”)",
    ),
    (
        "en",
        "Läs mer på www.imy.se.",
        "Read more at www.imy.com.",
        "urls: addresses differ (source: www.imy.se; translation: www.imy.com)",
    ),
    (
        "ar",
        "Mejla dataskydd@kommun.se.",
        "راسل dataskydd@kommun.com.",
        "emails: addresses differ (source: dataskydd@kommun.se; translation: dataskydd@kommun.com)",
    ),
    (
        "en",
        "Hon säger ”tack”.",
        "She says “thank you.",
        (
            "doublequoting: a quotation mark without its pair in the translation "
            "(source: 2 quotation marks; translation: 1 quotation mark)"
        ),
    ),
    ("en", "Det är viktigt.", "It is is important.", "doublewords: a word is written twice (“is is”)"),
    ("en", "Hej", "   ", "blank: the translation is only spaces, which the page shows as nothing"),
    (
        "en",
        "Hej",
        "#-#-#-#-#  en.po  #-#-#-#-#\nHi\n#-#-#-#-#  old.po  #-#-#-#-#\nHello",
        "compendiumconflicts: msgcat's conflict marker",
    ),
    ("en", "/", "or", "purepunc: the source is punctuation only (source: “/”; translation: “or”)"),
]


@pytest.mark.parametrize(
    ("language", "source", "translation", "finding"),
    FINDS,
    ids=[case[3].split(":")[0] + "-" + case[0] for case in FINDS],
)
def test_each_kept_check_finds_its_problem_at_the_entry_line(
    language: str, source: str, translation: str, finding: str
) -> None:
    text = po_text(
        language, entry("Ett annat.", "Something else.", "lesson/a/intro"), entry(source, translation, "lesson/a/why")
    )
    [problem] = qa_problems(parse_catalog(text.encode(), NAME, language), Path(NAME))
    assert (problem.file, problem.line) == (NAME, line_of(text, source))
    assert problem.message.startswith(f"lesson/a/why “{source[:37]}”: {finding}"), problem.message


def test_a_finding_says_what_differs_and_how_to_fix_it() -> None:
    text = po_text("en", entry("Vad gör du nu?", "Next steps"))
    assert [str(problem) for problem in qa_problems(parse_catalog(text.encode(), NAME, "en"), Path(NAME))] == [
        (
            f"{NAME}:{line_of(text, 'Vad gör du nu?')}: template “Vad gör du nu?”: endpunc: the end differs (source: "
            "“?”; translation: no punctuation); end as the source does, in your language's form, unless the sentence "
            "needs otherwise"
        )
    ]


CORRECT = {
    "en": [
        entry(
            "Läs **mer** i [guiden](https://example.org/guide).",
            "Read **more** in the [guide](https://example.org/guide).",
        ),
        entry(
            "Du blir godkänd med minst %(passing)s rätt.",
            "You pass with at least %(passing)s correct.",
            flags="python-format",
        ),
        entry(
            "Författaren säger: ”Ledarskap är att påverka och att påverkas.”",
            "The author says: “Leadership is about influencing and being influenced.”",
        ),
        entry(
            "Det gäller 1,5 timme, 10 000 kronor och 5 kap. 5 §.",
            "It applies to 1.5 hours, 10,000 kronor and Chapter 5, Section 5.",
        ),
        entry(
            "Hon frågar varför rapporten kom först nu. Nu kan nämnden besluta.",
            "She asks why the report has only come now. Now the committee can decide.",
        ),
        entry("Läs mer på www.imy.se.", "Read more at www.imy.se."),
        entry("Mer finns på www.imy.se.", "There is more on www.imy.se, the authority's website."),
        entry("**Du** bestämmer, och det är **viktigt**.", "It is **you** who decides, and that is **important.**"),
        entry(
            "Texten är publicerad under licensen [CC BY](https://creativecommons.org/licenses/).",
            "The text is published under the [CC BY](https://creativecommons.org/licenses/) licence.",
        ),
        entry(
            "Arbetsgivarvarumärket (på engelska *employer brand*) är bilden av er.",
            "The *employer brand* is the picture of you.",
        ),
        entry(("%(num)s fråga", "%(num)s frågor"), ("%(num)s question", "%(num)s questions"), flags="python-format"),
        entry("%(page)s \u2013 %(course)s", "%(page)s \u2013 %(course)s", flags="python-format"),
    ],
    "fi": [
        entry(
            "Du blir godkänd med minst %(passing)s rätt.",
            "Hyväksytty, kun vähintään %(passing)s on oikein.",
            flags="python-format",
        ),
        entry(
            "Det gäller enligt offentlighets- och sekretesslagen.",
            "Se on julkisuus- ja salassapitolain (offentlighets- och sekretesslagen) mukaista.",
        ),
        entry(
            "Den som skriver ”du får besked” utgår från mottagaren.",
            "Joka kirjoittaa ”saat vastauksen”, ajattelee vastaanottajaa.",
        ),
        entry("Läs *mer* om **insyn**.", "Lue *lisää* **avoimuudesta**."),
        entry("Det tar 1,5 timme.", "Se kestää 1,5 tuntia."),
    ],
    "ar": [
        entry("Vad gör du nu?", "ماذا تفعل الآن؟"),
        entry("Ja, nej; kanske.", "نعم، لا؛ ربما."),
        entry(
            "Författaren säger: ”Ledarskap är att påverka och att påverkas.”",
            "يقول المؤلف: «القيادة هي أن تؤثّر وأن تتأثّر».",
        ),
        entry("Anmäl inom 72 timmar.", "أبلغ في غضون ٧٢ ساعة."),
        entry(
            "Du blir godkänd med minst %(passing)s rätt.",
            "تنجح إذا أجبت إجابة صحيحة عن %(passing)s على الأقل.",
            flags="python-format",
        ),
        entry("Läs **mer** om insyn.", "اقرأ **المزيد** عن حق الاطلاع."),
        entry("Anmäl det till IMY.", "أبلغ هيئة حماية الخصوصية (Integritetsskyddsmyndigheten, IMY)."),
        entry(
            ("%(num)s fråga saknar svar.", "%(num)s frågor saknar svar."),
            ("لا إجابة عن %(num)s سؤال.",) * 6,
            flags="python-format",
        ),
    ],
}


@pytest.mark.parametrize("language", sorted(CORRECT))
def test_correct_translations_are_not_flagged(language: str) -> None:
    assert found(language, *CORRECT[language]) == []


def test_every_plural_form_is_checked_and_a_finding_is_given_once() -> None:
    source = ("Du har %(num)s fråga kvar.", "Du har %(num)s frågor kvar.")
    text = po_text(
        "ar",
        entry(
            source,
            (
                "بقي %(num)s سؤال.",
                "بقي %(num)s سؤال.",
                "بقي %(num)s سؤالان.",
                "بقيت %(num)s أسئلة",  # the few form, and the other one, without the source's full stop
                "بقي %(num)s سؤالًا.",
                "بقي %(num)s سؤال",
            ),
        ),
    )
    [problem] = qa_problems(parse_catalog(text.encode(), NAME, "ar"), Path(NAME))
    assert problem.line == line_of(text, source[0])
    assert "endpunc: the end differs (source: “.”; translation: no punctuation)" in problem.message


def test_fuzzy_and_untranslated_entries_are_left_to_coverage() -> None:
    assert found("en", entry("Vad gör du nu?", "Next steps", flags="fuzzy"), entry("Vad gör du sen?", "")) == []


def test_lint_catalog_includes_the_checks_but_an_entry_lint_flags_has_lint_s_warning_only() -> None:
    text = po_text(
        "en",
        entry("Vad gör du nu?", "Next steps"),
        entry("Se [exemplet](https://example.org/).", "See the example"),
    )
    problems = lint_catalog(parse_catalog(text.encode(), NAME, "en"), Path(NAME))
    assert [(problem.line, problem.message.split(": ")[1]) for problem in problems] == [
        (line_of(text, "Se [exemplet](https://example.org/)."), "Markdown differs from the source (source"),
        (line_of(text, "Vad gör du nu?"), "endpunc"),
    ]


def test_course_check_strict_fails_on_a_finding_and_plain_check_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = real_copy(tmp_path)
    path = po_path(project.locales, "fi")
    catalog = read_catalog(path, "fi")
    message = next(m for m in catalog if m.id and "72 timmar" in str(m.id))
    assert "72" in str(message.string)
    message.string = str(message.string).replace("72", "27")
    write_catalog(path, catalog)
    assert main(["--project", str(project.root), "check"]) == 0
    assert main(["--project", str(project.root), "check", "--strict"]) == 1
    warnings = [line for line in capsys.readouterr().err.splitlines() if "numbers:" in line]
    assert len(warnings) == 2, "once from each run"
    line = next(m.lineno for m in read_catalog(path, "fi") if m.id == message.id)
    assert warnings[0].startswith(f"warning: {display_path(path)}:{line}: "), warnings[0]
    assert "figures differ (source: 72; translation: 27)" in warnings[0]


def shipped_catalogs() -> list[Path]:
    return [
        Path(name)
        for pattern in ("locales/*/LC_MESSAGES/messages.po", "organisations/*/locales/*/LC_MESSAGES/organisation.po")
        for name in sorted(glob.glob(str(REPO / pattern)))
    ]


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda path: str(path.relative_to(REPO)))
def test_the_shipped_catalogs_pass_the_checks(path: Path) -> None:
    code = path.parent.parent.name
    assert [str(problem) for problem in qa_problems(read_catalog(path, code, path.parents[2]), path)] == []
