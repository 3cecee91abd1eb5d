"""Mentoring 2.0 (seed 001) over HTTP: a programme opened from its preset asks for the skill matrix and the
personality self-assessment; people apply with them (by the JSON API and by the web form); matching
proposes the mentor strong where the mentee wants to grow, and the reasons, on the API and on the run's
page, name the skills and the traits alike. The answers stay in intake: matching learns the traits."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from shared.choices import label
from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone
from tests.e2e.conftest import Api
from tests.e2e.steps import open_from_preset
from tests.fakes.bodies import applicant

TODAY = datetime.now(UTC).date()
#: TIPI answers of someone conscientious and open (items 3, 5 high; 8, 10 reversed, low).
STEADY_AND_OPEN = {"tipi_1": 4, "tipi_2": 3, "tipi_3": 7, "tipi_4": 3, "tipi_5": 6, "tipi_6": 4, "tipi_7": 5,
                   "tipi_8": 1, "tipi_9": 5, "tipi_10": 2}  # fmt: skip
#: And of someone who is neither.
RESTLESS = {"tipi_1": 4, "tipi_2": 3, "tipi_3": 1, "tipi_4": 3, "tipi_5": 2, "tipi_6": 4, "tipi_7": 5,
            "tipi_8": 7, "tipi_9": 5, "tipi_10": 6}  # fmt: skip


def with_assessments(
    body: dict[str, Any], ratings: dict[str, int], answers: dict[str, int]
) -> dict[str, Any]:
    return {**body, "skill_ratings": ratings, "personality": answers}


def decide(api: Api, town: dict[str, Any], application_id: str) -> str:
    r = api.call(
        "POST", f"/v1/applications/{application_id}/decision", town["manager"], json={"decision": "accepted"}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["participant_id"])


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    tenant = api.new_tenant()
    programme = open_from_preset(
        api,
        tenant,
        "mentoring_2_0",
        "Mentoring 2.0",
        days=200,
        started_days_ago=5,
        languages=("en", "de", "pl"),
    )
    api.settle()
    return {**tenant, "programme": programme, "programme_id": programme["programme_id"]}


def test_the_form_asks_for_the_skill_matrix_and_the_personality_test(api: Api, town):
    r = api.http.get(f"{api.url}/forms/{town['slug']}/{town['programme_id']}?role=mentee&lang=en", timeout=30)
    assert r.status_code == 200
    assert 'name="skill_ratings.presenting"' in r.text and "Presenting" in r.text
    assert 'name="personality.tipi_10"' in r.text and "I see myself as: conventional, uncreative" in r.text
    assert "4 \u2013 could teach it" in r.text and "7 \u2013 Agree strongly" in r.text


def test_a_mentor_strong_where_the_mentee_wants_to_grow_is_proposed_and_the_reasons_say_why(api: Api, town):
    apply = f"/v1/public/{town['slug']}/programmes/{town['programme_id']}/applications"
    strong = with_assessments(
        applicant("mentor", "Sofia", ["en"]), {"presenting": 4, "project_management": 4}, STEADY_AND_OPEN
    )
    other = with_assessments(
        applicant("mentor", "Tomasz", ["en"]), {"presenting": 1, "project_management": 0}, RESTLESS
    )
    mentors = []
    for body in (other, strong):
        r = api.call("POST", apply, json=body)
        assert r.status_code == 201, r.text
        mentors.append(decide(api, town, r.json()["application_id"]))
    tomasz, sofia = mentors

    # The mentee applies on the web form: presenting and project management are where she wants to grow.
    # (No interests or times given: those criteria stay neutral and silent, so the reasons show these.)
    email = f"uma.{uuid.uuid4().hex[:8]}@example.org"
    form = {
        "person.given_name": "Uma", "person.family_name": "Test", "person.email": email,
        "person.birth_year": "1990", "person.languages": "en", "needs": "Present my team's work",
        "profile.motivation": "Grow", "profile.expectations": "Monthly feedback",
        "profile.preferred_mode": "blended",
        "consent.privacy_notice_version": "2026-11", "consent.processing": "yes", "website": "",
        "skill_ratings.presenting": "0", "skill_ratings.project_management": "1",
        "skill_ratings.leadership": "4",
        **{f"personality.{k}": str(v) for k, v in STEADY_AND_OPEN.items()},
    }  # fmt: skip
    posted = api.http.post(
        f"{api.url}/forms/{town['slug']}/{town['programme_id']}?role=mentee&lang=en", data=form, timeout=30
    )
    assert posted.status_code == 201, posted.text
    listed = api.call("GET", f"/v1/applications?programme_id={town['programme_id']}", town["manager"]).json()
    (mentee_application,) = [a for a in listed["items"] if a["role"] == "mentee"]
    with api.events_seen() as seen:
        uma = decide(api, town, mentee_application["application_id"])
        api.settle()

    # Matching learns the traits, scored by the TIPI's key, never the answers.
    (accepted,) = [e["detail"] for e in seen if e["detail-type"] == "ParticipantAccepted"]
    profile = accepted["data"]["profile"]
    assert profile["skill_ratings"] == {"presenting": 0, "project_management": 1, "leadership": 4}
    assert profile["personality"]["conscientiousness"] == 7.0 and profile["personality"]["openness"] == 6.0
    assert "tipi_1" not in json.dumps(accepted)

    r = api.call(
        "POST",
        f"/v1/programmes/{town['programme_id']}/matching-runs",
        town["manager"],
        json={"objective": "max_total"},
    )
    assert r.status_code == 202, r.text
    api.settle()
    run = api.call("GET", f"/v1/matching-runs/{r.json()['run_id']}", town["manager"]).json()
    assert run["status"] == "completed", run
    (proposal,) = [p for p in run["proposals"] if uma in p["mentee_ids"]]
    assert proposal["mentor_id"] == sofia != tomasz
    assert proposal["breakdown"]["skills"] > 0 and proposal["breakdown"]["personality"] > 0
    said = " | ".join(proposal["reasons"])
    assert "Presenting" in said and "Project management" in said
    assert "Conscientiousness" in said and "Openness to experience" in said

    # The run's page shows the manager the same reasons, in their language.
    page = api.call(
        "GET",
        f"/app/{town['slug']}/programmes/{town['programme_id']}/matching/runs/{run['run_id']}?lang=de",
        town["manager"],
    )
    assert page.status_code == 200, page.text
    assert "Präsentieren" in page.text and "Gewissenhaftigkeit" in page.text
    assert "Ergänzende Fähigkeiten" in page.text


def test_ratings_outside_the_programmes_matrix_are_not_kept(api: Api, town):
    apply = f"/v1/public/{town['slug']}/programmes/{town['programme_id']}/applications"
    body = with_assessments(
        applicant("mentor", "Vera", ["en"]), {"presenting": 3, "negotiation": 4}, RESTLESS
    )
    r = api.call("POST", apply, json=body)
    assert r.status_code == 201, r.text
    kept = api.call("GET", f"/v1/applications/{r.json()['application_id']}", town["manager"])
    assert kept.status_code == 200, kept.text
    assert kept.json()["application"]["skill_ratings"] == {"presenting": 3}
    # The manager's page shows the rating and the traits scored from the answers (not the ten answers).
    page = api.call("GET", f"/app/{town['slug']}/applications/{r.json()['application_id']}", town["manager"])
    assert page.status_code == 200, page.text
    assert "Presenting 3/4" in page.text and "Conscientiousness 1/7" in page.text


def test_half_a_personality_test_is_refused_on_the_form_with_the_values_kept(api: Api, town):
    form = {
        "person.given_name": "Wim", "person.family_name": "Test",
        "person.email": f"wim.{uuid.uuid4().hex[:8]}@example.org",
        "person.birth_year": "1990", "person.languages": "en", "needs": "n", "profile.motivation": "m",
        "profile.expectations": "e", "consent.privacy_notice_version": "2026-11", "consent.processing": "yes",
        "personality.tipi_1": "5", "personality.tipi_2": "3",
    }  # fmt: skip
    r = api.http.post(
        f"{api.url}/forms/{town['slug']}/{town['programme_id']}?role=mentee&lang=en", data=form, timeout=30
    )
    assert r.status_code == 422
    assert 'id="f-personality-tipi_3"' in r.text and 'aria-invalid="true"' in r.text


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "de", "pl"])
def test_the_form_with_both_self_assessments_is_axe_clean_in_chromium(api: Api, town, lang: str):
    with chromium() as browser:
        page = desktop(browser)
        try:
            page.goto(f"{api.url}/forms/{town['slug']}/{town['programme_id']}?role=mentor&lang={lang}")
            page.get_by_label(label(lang, "matrix_skill", "presenting"), exact=True).select_option("3")
            page.locator("#f-personality-tipi_1").select_option("6")
            check_axe(page)
            screenshot(page, f"skills-form-{lang}")
            screenshot_phone(page, f"skills-form-{lang}")
        finally:
            page.context.close()
