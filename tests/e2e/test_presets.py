"""The five seed profiles as presets (issue 16): a manager opens a programme from each, over the API and on
the programmes page in Chromium; what the body sends wins over the preset; and each preset runs a small
programme from its opening to its report: applications, training where the preset asks for it, a match,
a signed agreement, a held session with its diary, an answered questionnaire, and the report's counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser

from services.intake.presets import PRESETS
from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.steps import answer_initial, hold_session, sign_agreement
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_monitoring_questionnaires import INITIAL
from tests.fakes.bodies import applicant

TODAY = datetime.now(UTC).date()
STARTS, ENDS = TODAY - timedelta(days=10), TODAY + timedelta(days=80)


def opened(api: Api, manager: str, preset: str, **sent: Any) -> Any:
    body = {
        "preset": preset,
        "name": f"From {preset}",
        "starts_on": STARTS.isoformat(),
        "ends_on": ENDS.isoformat(),
        "languages": ["en", "de"],
        **sent,
    }
    return api.call("POST", "/v1/programmes", manager, json=body)


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    return api.new_tenant()


def test_the_five_seed_profiles_are_offered_to_managers_only(api: Api, town):
    listed = api.call("GET", "/v1/programme-presets", town["manager"])
    assert listed.status_code == 200, listed.text
    presets = {p["key"]: p for p in listed.json()["items"]}
    assert [presets[k]["seed"] for k in PRESETS] == ["000", "001", "002", "003", "004"]
    assert presets["lse_social_mentoring"]["kind"] == "group"
    assert "employer" in presets["work_based_learning"]["roles"]
    assert presets["mentoring_2_0"]["cadence_days"] == 30
    assert api.call("GET", "/v1/programme-presets").status_code == 401


def test_a_preset_fills_in_what_the_body_leaves_out_and_the_body_wins(api: Api, town):
    made = opened(api, town["manager"], "q_ser")
    assert made.status_code == 201, made.text
    programme = made.json()
    assert programme["preset"] == "q_ser"
    assert (programme["kind"], programme["mode"], programme["cadence_days"]) == ("pair", "in_person", 14)
    assert "migration_and_asylum_basics" in programme["required_training_modules"]
    assert programme["matching"]["weights"] == PRESETS["q_ser"].weights

    own = opened(api, town["manager"], "lse_social_mentoring", cadence_days=21, max_group_size=4)
    assert own.status_code == 201, own.text
    assert (own.json()["kind"], own.json()["cadence_days"], own.json()["max_group_size"]) == ("group", 21, 4)

    unknown = opened(api, town["manager"], "chess_club")
    assert unknown.status_code == 422 and "preset" in unknown.text
    # Every setting stays editable afterwards.
    changed = api.call(
        "PATCH", f"/v1/programmes/{programme['programme_id']}", town["manager"], json={"cadence_days": 10}
    )
    assert changed.status_code == 200 and changed.json()["cadence_days"] == 10


def a_small_programme(api: Api, preset: str) -> dict[str, Any]:
    """A new municipality's programme from the preset, run from its opening to its report."""
    tenant = api.new_tenant()
    manager = tenant["manager"]
    made = opened(api, manager, preset, matching={"weights": PRESETS[preset].weights, "min_score": 0})
    assert made.status_code == 201, made.text
    programme = made.json()
    town = {**tenant, "programme_id": programme["programme_id"]}
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    group = programme["kind"] == "group"
    mentees = [
        accept(api, town, applicant("mentee", n)) for n in (("Piotr", "Rosa") if group else ("Piotr",))
    ]
    if programme["mentor_training_required"]:
        for module in programme["required_training_modules"]:
            done = {"module": module, "completed_on": TODAY.isoformat(), "assessment_passed": True}
            trained = api.call(
                "POST", f"/v1/participants/{mentor['participant_id']}/training", manager, json=done
            )
            assert trained.status_code == 200, trained.text
    api.settle()
    match_id = matched(api, town, mentor, *mentees)
    api.settle()

    mentor_token = api.token(mentor["email"])
    tokens = [api.token(m["email"]) for m in mentees]
    agreement = {
        "starts_on": STARTS.isoformat(),
        "ends_on": ENDS.isoformat(),
        "communication_rules": "Two days.",
    }
    sign_agreement(api, match_id, agreement, mentor_token, [mentor_token, *tokens, manager])
    held = {
        "starts_at": (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat(),
        "duration_minutes": 60,
        "topic": "First steps",
        "mode": "in_person",
        "location": "Library",
    }
    session = hold_session(api, match_id, mentor_token, held, [m["participant_id"] for m in mentees])
    writer = next(i for i, m in enumerate(mentees) if m["participant_id"] == session["writer_id"])
    diary = {"summary": "We made a plan.", "topics": ["plan"]}
    path = f"/v1/sessions/{session['session_id']}/diary"
    assert api.call("PUT", path, tokens[writer], json=diary).status_code == 200
    api.settle()
    answer_initial(api, tokens[0], INITIAL)
    api.settle()
    report = api.call("GET", f"/v1/programmes/{programme['programme_id']}/report", manager)
    assert report.status_code == 200, report.text
    return {"programme": programme, "report": report.json(), "mentees": len(mentees)}


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_runs_a_small_programme_from_its_opening_to_its_report(api: Api, preset: str):
    ran = a_small_programme(api, preset)
    assert ran["programme"]["preset"] == preset
    report = ran["report"]
    assert report["applications"] == {"mentees": ran["mentees"], "mentors": 1}
    assert report["matched"] == {"mentees": ran["mentees"], "mentors": 1}
    assert report["relationships"]["active"] == 1
    assert report["sessions"]["held"] == 1
    assert report["questionnaire_completion"]["done"] == 1


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_a_manager_opens_a_programme_from_a_preset_on_the_programmes_page(api: Api, town, browser: Browser):
    page = desktop(browser)
    sign_in(page, api.url, town["slug"], town["manager_email"], next_path=f"/app/{town['slug']}/programmes")
    page.get_by_role("link", name="Work-based learning").click()
    assert "Filled in from: Work-based learning" in page.locator("main").inner_text()
    assert page.locator("#f-cadence_days").input_value() == "7"
    check_axe(page)
    screenshot(page, "intake-30-programme-presets")
    screenshot_phone(page, "intake-30-programme-presets")
    page.fill("#f-name", "Apprentices 2027")
    page.click("main button[type=submit]")
    page.wait_for_url("**/programmes/prg_*")
    made = [
        p
        for p in api.call("GET", "/v1/programmes", town["manager"]).json()["items"]
        if p["name"] == "Apprentices 2027"
    ]
    assert made and made[0]["preset"] == "work_based_learning" and made[0]["cadence_days"] == 7
    for lang in ("de", "pl"):
        page.goto(f"{api.url}/app/{town['slug']}/programmes?preset=q_ser&lang={lang}")
        check_axe(page)
    page.context.close()
