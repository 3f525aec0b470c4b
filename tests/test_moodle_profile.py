"""The test LMS's Moodle profile (profile="moodle"): it behaves as Moodle 4.5 does (../shared/LMS-QUIRKS.md, M1-M5,
M7, S1; the rules in tests/lms/moodle.js), checked with our mini SCO so that the course's own tests can trust it."""

from __future__ import annotations

import shutil
from typing import Literal

import pytest
from playwright.sync_api import Frame, Page

from course.model import Standard
from tests.browser import (
    StaticServer,
    close_course,
    describe_calls,
    install_mini_sco,
    lms_cmi,
    lms_commits,
    lms_errors,
    lms_log,
    open_in_lms,
    relaunch_data,
    wait_for_call,
)
from tests.packages import SCORM_STANDARDS

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mini-sco" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Mini SCO</title>
      <item identifier="item" identifierref="res">
        <title>Mini SCO</title>
        <imsss:sequencing>
          <imsss:objectives>{objectives}</imsss:objectives>
        </imsss:sequencing>
      </item>
      <item identifier="other" identifierref="res-other">
        <title>Another SCO (the same mini SCO, as other.html)</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="other" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-other" type="webcontent" adlcp:scormType="sco" href="other.html">
      <file href="other.html"/>
    </resource>
    <resource identifier="res" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mini-sco" version="1"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Mini SCO</title>
      <item identifier="item" identifierref="res">
        <title>Mini SCO</title>
        {masteryscore}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""


def objective(tag: str, measure: str | None) -> str:
    """An imsss objective (tag "primaryObjective" or "objective"), with a minNormalizedMeasure unless None."""
    primary = tag == "primaryObjective"
    inner = f"<imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>" if measure is not None else ""
    satisfied = ' satisfiedByMeasure="true"' if primary else ""
    ident = "primary" if primary else f"lesson-{measure or 'x'}"
    return f'<imsss:{tag} objectiveID="{ident}"{satisfied}>{inner}</imsss:{tag}>'


def install_mini_sco_with_manifest(server: StaticServer, standard: str, body: str) -> None:
    """The mini SCO plus a manifest: body is the 2004 item's objectives, or the 1.2 item's masteryscore."""
    install_mini_sco(server)
    shutil.copy(server.root / "course" / "index.html", server.root / "course" / "other.html")
    manifest = MANIFEST_12.format(masteryscore=body) if standard == "scorm12" else MANIFEST_2004.format(objectives=body)
    (server.root / "course" / "imsmanifest.xml").write_text(manifest, encoding="utf-8")


def sco_once(frame: Frame, method: str, *args: str) -> tuple[str, str]:
    """Call the API once from inside the SCO, no retry: (result, GetLastError)."""
    answer = frame.evaluate("([method, args]) => window.sco.once(method, args)", [method, list(args)])
    return str(answer["result"]), str(answer["error"])


# The real course's manifest in LMS-QUIRKS.md M1: a primary objective satisfied by 0.8, and lesson
# objectives without a measure (SCORM ignores them for passing; Moodle takes 1.0 from the last one).
OBJECTIVES_WITHOUT_MEASURE = objective("primaryObjective", "0.8") + objective("objective", None) * 2
OBJECTIVES_ALL_MEASURED = objective("primaryObjective", "0.80") + objective("objective", "0.80") * 2


@pytest.mark.parametrize(
    ("objectives", "launch", "expected"),
    [
        pytest.param(OBJECTIVES_WITHOUT_MEASURE, "index.html", "1", id="secondary-objectives-without-measure"),
        pytest.param(OBJECTIVES_ALL_MEASURED, "index.html", "0.8", id="every-objective-0.80"),
        pytest.param(
            objective("primaryObjective", "0.6") + objective("objective", "0.9") + objective("objective", "0.7"),
            "index.html",
            "0.7",
            id="the-last-objective-wins",
        ),
        pytest.param(objective("primaryObjective", "0.8"), "index.html", "0.8", id="primary-only"),
        pytest.param("", "index.html", "", id="no-objectives"),
        pytest.param(OBJECTIVES_WITHOUT_MEASURE, "other.html", "0.5", id="the-launched-item-counts"),
    ],
)
def test_moodle_profile_hands_the_passing_score_moodle_derives(
    page: Page, lms_server: StaticServer, objectives: str, launch: str, expected: str
) -> None:
    install_mini_sco_with_manifest(lms_server, "scorm2004", objectives)
    frame = open_in_lms(page, lms_server, "scorm2004", launch=launch, profile="moodle")
    wait_for_call(page, "commit")
    assert sco_once(frame, "GetValue", "cmi.scaled_passing_score")[0] == expected
    assert page.evaluate("() => window.lms.manifestItem.href") == launch
    assert not lms_errors(page), lms_errors(page)


def test_moodle_profile_hands_the_manifests_objectives_as_cmi_objectives(page: Page, lms_server: StaticServer) -> None:
    """get_scorm_default() gives each objective with an objectiveID an entry, primary first, before the SCO starts."""
    objectives = objective("primaryObjective", "0.8") + objective("objective", "0.80") + objective("objective", "0.7")
    install_mini_sco_with_manifest(lms_server, "scorm2004", objectives)
    frame = open_in_lms(page, lms_server, "scorm2004", profile="moodle")
    wait_for_call(page, "commit")
    ids = [sco_once(frame, "GetValue", f"cmi.objectives.{n}.id")[0] for n in range(3)]
    assert (sco_once(frame, "GetValue", "cmi.objectives._count")[0], ids) == (
        "3",
        ["primary", "lesson-0.80", "lesson-0.7"],
    )
    assert not lms_errors(page), lms_errors(page)


def test_moodle_profile_passing_score_gives_way_to_initial_and_needs_the_profile(
    page: Page, lms_server: StaticServer
) -> None:
    install_mini_sco_with_manifest(lms_server, "scorm2004", OBJECTIVES_WITHOUT_MEASURE)
    initial = {"cmi.scaled_passing_score": "0.75"}
    frame = open_in_lms(page, lms_server, "scorm2004", initial=initial, profile="moodle")
    wait_for_call(page, "commit")
    assert sco_once(frame, "GetValue", "cmi.scaled_passing_score")[0] == "0.75"

    plain = page.context.new_page()
    frame = open_in_lms(plain, lms_server, "scorm2004")  # no profile: no manifest read
    wait_for_call(plain, "commit")
    assert sco_once(frame, "GetValue", "cmi.scaled_passing_score")[0] == ""


@pytest.mark.parametrize("profile", ["moodle", None])
def test_moodle_profile_hands_the_scorm12_mastery_score(
    page: Page, lms_server: StaticServer, profile: Literal["moodle"] | None
) -> None:
    install_mini_sco_with_manifest(lms_server, "scorm12", "<adlcp:masteryscore>80</adlcp:masteryscore>")
    frame = open_in_lms(page, lms_server, "scorm12", profile=profile)
    wait_for_call(page, "commit")
    expected = "80" if profile else ""
    assert sco_once(frame, "LMSGetValue", "cmi.student_data.mastery_score")[0] == expected


def test_moodle_profile_without_a_manifest_does_not_launch(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)  # no imsmanifest.xml: Moodle would not have imported the package
    with pytest.raises(RuntimeError, match=r"moodle profile: could not read the manifest .*HTTP 404"):
        open_in_lms(page, lms_server, "scorm2004", profile="moodle")


@pytest.mark.parametrize("standard", SCORM_STANDARDS)
def test_moodle_profile_launch_data(page: Page, lms_server: StaticServer, standard: Standard) -> None:
    install_mini_sco_with_manifest(lms_server, standard, "")
    open_in_lms(page, lms_server, standard, profile="moodle")
    wait_for_call(page, "commit")
    cmi = lms_cmi(page)
    if standard == "scorm12":
        seen = [cmi[f"cmi.core.{k}"] for k in ("student_name", "credit", "lesson_mode")]
        seen.append(cmi["cmi.student_preference.language"])
    else:
        seen = [cmi[f"cmi.{k}"] for k in ("learner_name", "credit", "mode", "learner_preference.language")]
    assert seen == ["Åsa Öberg-Lindqvist", "credit", "normal", ""]

    language = "cmi.student_preference.language" if standard == "scorm12" else "cmi.learner_preference.language"
    name = "cmi.core.student_name" if standard == "scorm12" else "cmi.learner_name"
    second = page.context.new_page()
    open_in_lms(second, lms_server, standard, initial={language: "fi", name: "Oberg, Asa"}, profile="moodle")
    assert (lms_cmi(second)[language], lms_cmi(second)[name]) == ("fi", "Oberg, Asa")


# (type, a response with a token Moodle refuses, the same response in tokens it takes), from LMS-QUIRKS.md M2.
RESPONSES = [
    ("choice", "examine-own-part", "examine_own_part"),
    ("choice", "examine_own_part[,]ask-first", "examine_own_part[,]ask_first"),
    ("sequencing", "read-and-understand[,]acknowledge-concern", "read_and_understand[,]acknowledge_concern"),
    ("matching", "match-new-input[.]target_a[,]other[.]target_b", "match_new_input[.]target_a[,]other[.]target_b"),
    ("matching", "source_only", "source[.]target"),
    ("likert", "strongly-agree", "strongly_agree"),
]


@pytest.mark.parametrize(("kind", "refused", "accepted"), RESPONSES, ids=[f"{r[0]}-{r[1]}" for r in RESPONSES])
def test_moodle_profile_refuses_response_tokens_moodle_refuses(
    page: Page, lms_server: StaticServer, kind: str, refused: str, accepted: str
) -> None:
    install_mini_sco_with_manifest(lms_server, "scorm2004", "")
    frame = open_in_lms(page, lms_server, "scorm2004", profile="moodle")
    wait_for_call(page, "commit")
    for element, value in (("cmi.interactions.0.id", "q1"), ("cmi.interactions.0.type", kind)):
        assert sco_once(frame, "SetValue", element, value) == ("true", "0")

    response = "cmi.interactions.0.learner_response"
    pattern = "cmi.interactions.0.correct_responses.0.pattern"
    for element in (response, pattern):
        assert sco_once(frame, "SetValue", element, refused) == ("false", "406")
        call = [c for c in lms_log(page, "set_value") if c["args"][0] == element][-1]
        assert call["refused"], describe_calls([call])
        assert call["error"] == "406", describe_calls([call])
        assert lms_cmi(page).get(element, "") == ""  # scorm-again never stored it
        errors = lms_errors(page)
        assert errors
        assert errors[-1]["message"].startswith("moodle profile: SetValue")
        assert element in errors[-1]["message"]
        assert sco_once(frame, "SetValue", element, accepted) == ("true", "0")
    assert sco_once(frame, "Terminate", "") == ("true", "0")
    final = lms_commits(page)[-1]["data"]
    assert (final[response], final[pattern]) == (accepted, accepted)
    assert len(lms_errors(page)) == 2  # the two refusals, nothing else


def test_moodle_profile_leaves_other_responses_and_plain_lms_alone(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco_with_manifest(lms_server, "scorm2004", "")
    frame = open_in_lms(page, lms_server, "scorm2004", profile="moodle")
    wait_for_call(page, "commit")
    for element, value in (
        ("cmi.interactions.0.id", "q-true-false"),
        ("cmi.interactions.0.type", "true-false"),
        ("cmi.interactions.0.learner_response", "true"),
        ("cmi.interactions.1.id", "q-fill-in"),
        ("cmi.interactions.1.type", "fill-in"),
        ("cmi.interactions.1.learner_response", "own-words, with hyphens"),
        ("cmi.interactions.2.id", "q-other"),
        ("cmi.interactions.2.type", "other"),
        ("cmi.interactions.2.learner_response", "free-form-text"),
    ):
        assert sco_once(frame, "SetValue", element, value) == ("true", "0"), element
    assert not lms_errors(page), lms_errors(page)

    plain = page.context.new_page()  # without the profile, scorm-again takes the hyphenated tokens
    frame = open_in_lms(plain, lms_server, "scorm2004")
    wait_for_call(plain, "commit")
    for element, value in (
        ("cmi.interactions.0.id", "q1"),
        ("cmi.interactions.0.type", "choice"),
        ("cmi.interactions.0.learner_response", "examine-own-part"),
        ("cmi.interactions.0.correct_responses.0.pattern", "examine-own-part"),
    ):
        assert sco_once(frame, "SetValue", element, value) == ("true", "0"), element
    assert not any(c["refused"] for c in lms_log(plain))
    assert not lms_errors(plain)


@pytest.mark.parametrize(
    ("standard", "event", "popup"),
    [("scorm12", "pagehide", False), ("scorm2004", "beforeunload", False), ("scorm2004", "pagehide", True)],
)
def test_moodle_profile_commit_fails_during_page_dismissal(
    page: Page, lms_server: StaticServer, standard: Standard, event: str, popup: bool
) -> None:
    install_mini_sco_with_manifest(lms_server, standard, "")
    launch = "index.html?commit-on=beforeunload" if event == "beforeunload" else "index.html"
    open_in_lms(page, lms_server, standard, launch=launch, popup=popup, profile="moodle")
    wait_for_call(page, "commit")
    alive = lms_log(page, "commit")
    assert [(c["result"], c["error"], c["refused"]) for c in alive] == [("true", "0", None)]
    assert [(c["terminate"], c["beacon"]) for c in lms_commits(page)] == [(False, False)]

    close_course(page)  # beforeunload, then pagehide: the SCO commits (3 tries), then finishes
    wait_for_call(page, "terminate")
    code = "101" if standard == "scorm12" else "391"
    dismissed = lms_log(page, "commit")[1:]
    tries = 6 if event == "beforeunload" else 3  # the SCO tries each Commit three times
    assert [(c["result"], c["error"]) for c in dismissed] == [("false", code)] * tries, describe_calls(lms_log(page))
    assert all("Synchronous XHR in page dismissal" in str(c["refused"]) for c in dismissed)
    assert lms_log(page, "terminate")[-1]["result"] == "true"
    assert any(m["message"].startswith("moodle profile: Commit answered false") for m in lms_errors(page))

    commits = lms_commits(page)
    assert [(c["terminate"], c["beacon"]) for c in commits] == [(False, False), (True, True)]
    exit_key, location_key = (
        ("cmi.core.exit", "cmi.core.lesson_location") if standard == "scorm12" else ("cmi.exit", "cmi.location")
    )
    location = "page-3" if event == "beforeunload" else "page-1"
    assert (commits[-1]["data"][exit_key], commits[-1]["data"][location_key]) == ("suspend", location)

    # M7: Moodle hands back the bookmark and suspend data, with entry resume.
    stored = relaunch_data(page)
    entry_key = "cmi.core.entry" if standard == "scorm12" else "cmi.entry"
    assert (stored[entry_key], stored[location_key], stored["cmi.suspend_data"]) == ("resume", location, "v1;visits=1")
    second = page.context.new_page()
    frame = open_in_lms(second, lms_server, standard, initial=stored, profile="moodle")
    wait_for_call(second, "commit")
    assert frame.evaluate("() => [window.sco.entry, window.sco.location]") == ["resume", location]
    assert lms_commits(second)[-1]["data"]["cmi.suspend_data"] == "v1;visits=2"


def test_without_profile_a_commit_during_page_dismissal_is_stored(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    open_in_lms(page, lms_server, "scorm2004")
    wait_for_call(page, "commit")
    close_course(page)
    wait_for_call(page, "terminate")
    assert [(c["result"], c["error"]) for c in lms_log(page, "commit")] == [("true", "0")] * 2
    assert [(c["terminate"], c["beacon"]) for c in lms_commits(page)] == [(False, False), (False, False), (True, False)]
    assert not lms_errors(page), lms_errors(page)
