"""Impulse workshops (issue 16, seed 000 socialmentoring): the manager plans workshops for the programme's
mentors and, separately, its mentees; each audience sees and joins only its own; places run out; after a
workshop the manager marks attendance, and a mentor's attendance completes the programme's
`impulse_workshop` module (qualifying the mentor when it was the last). Over HTTP, and on the pages in
Chromium (axe-clean in en, de, pl)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.steps import open_from_preset
from tests.e2e.test_matching import accept
from tests.fakes.bodies import applicant

TODAY = datetime.now(UTC).date()
TITLE = "Beziehung auf Augenhöhe 4b2d"
PLACE = "Rathaus, Saal 2"


def when(days: float, hours: int = 3) -> dict[str, str]:
    starts = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=hours)).isoformat()}


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A socialmentoring programme (its modules: mentoring basics, ethics, the impulse workshop), two
    mentors (Anna has every module but the workshop), a mentee, and another municipality's manager."""
    tenant = api.new_tenant(language="de", languages=["de", "en", "pl"])
    programme = open_from_preset(api, tenant, "socialmentoring", "socialmentoring Frühling")
    assert "impulse_workshop" in programme["required_training_modules"]
    place = {**tenant, "programme_id": programme["programme_id"]}
    anna = accept(api, place, applicant("mentor", "Anna"))
    bernd = accept(api, place, applicant("mentor", "Bernd"))
    cem = accept(api, place, applicant("mentee", "Cem"))
    for module in ("mentoring_basics", "ethics_and_confidentiality"):
        done = {"module": module, "completed_on": TODAY.isoformat(), "assessment_passed": True}
        path = f"/v1/participants/{anna['participant_id']}/training"
        assert api.call("POST", path, tenant["manager"], json=done).status_code == 200
    api.settle()
    return {
        **place,
        "anna": {**anna, "token": api.token(anna["email"])},
        "bernd": {**bernd, "token": api.token(bernd["email"])},
        "cem": {**cem, "token": api.token(cem["email"])},
        "other_manager": api.new_tenant()["manager"],
        "list": f"/v1/programmes/{place['programme_id']}/workshops",
    }


def plan(api: Api, town: dict[str, Any], audience: str, days: float, **more: Any) -> dict[str, Any]:
    body = {"title": TITLE, "audience": audience, **when(days), "place": PLACE, **more}
    made = api.call("POST", town["list"], town["manager"], json=body)
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_the_manager_plans_for_each_audience_and_the_event_has_no_words(api: Api, town):
    with api.events_seen() as seen:
        mentors = plan(api, town, "mentors", 7, capacity=1)
        mentees = plan(api, town, "mentees", 8, place=None, online=True)
        api.settle()
    planned = [e["detail"]["data"] for e in seen if e["detail-type"] == "WorkshopPlanned"]
    assert {p["workshop_id"] for p in planned} == {mentors["workshop_id"], mentees["workshop_id"]}
    assert not [e for e in seen if TITLE in str(e) or PLACE in str(e)]  # the title and place stay in intake
    town["mentors_workshop"], town["mentees_workshop"] = mentors["workshop_id"], mentees["workshop_id"]

    refused = api.call(
        "POST", town["list"], town["manager"], json={"title": "x", "audience": "mentors", **when(1)}
    )
    assert refused.status_code == 422  # neither a place nor online
    assert api.call("POST", town["list"], town["other_manager"], json={}).status_code in (404, 422)
    assert api.call("GET", town["list"], town["other_manager"]).status_code == 404
    assert (
        api.call("GET", f"/v1/workshops/{mentors['workshop_id']}", town["other_manager"]).status_code == 404
    )


def test_each_audience_sees_and_joins_only_its_own(api: Api, town):
    seen_by_anna = api.call("GET", town["list"], town["anna"]["token"]).json()["items"]
    seen_by_cem = api.call("GET", town["list"], town["cem"]["token"]).json()["items"]
    assert [w["workshop_id"] for w in seen_by_anna] == [town["mentors_workshop"]]
    assert [w["workshop_id"] for w in seen_by_cem] == [town["mentees_workshop"]]
    mentors_path = f"/v1/workshops/{town['mentors_workshop']}"
    assert api.call("GET", mentors_path, town["cem"]["token"]).status_code == 404
    assert api.call("PUT", f"{mentors_path}/sign-up", town["cem"]["token"]).status_code == 404


def test_places_run_out_and_nobody_sees_who_else_comes(api: Api, town):
    path = f"/v1/workshops/{town['mentors_workshop']}/sign-up"
    anna = api.call("PUT", path, town["anna"]["token"])
    assert anna.status_code == 200 and anna.json()["signed_up"] is True and anna.json()["places_left"] == 0
    full = api.call("PUT", path, town["bernd"]["token"])
    assert full.status_code == 422 and full.json()["rule"] == "workshop_full"
    assert town["anna"]["participant_id"] not in full.text
    assert api.call("DELETE", path, town["anna"]["token"]).json()["signed_up"] is False
    assert api.call("PUT", path, town["bernd"]["token"]).json()["signed_up"] is True
    managed = api.call("GET", f"/v1/workshops/{town['mentors_workshop']}", town["manager"]).json()
    assert [s["participant_id"] for s in managed["sign_ups"]] == [town["bernd"]["participant_id"]]


def test_attendance_completes_the_impulse_module_and_qualifies_the_mentor(api: Api, town):
    held = plan(api, town, "mentors", -1)
    path = f"/v1/workshops/{held['workshop_id']}/attendance"
    marks = {"attended": [town["anna"]["participant_id"]], "absent": [town["bernd"]["participant_id"]]}
    assert (
        api.call("PUT", f"/v1/workshops/{held['workshop_id']}/sign-up", town["anna"]["token"]).json()["rule"]
        == "workshop_begun"
    )
    stranger = api.call("PUT", path, town["manager"], json={"attended": [town["cem"]["participant_id"]]})
    assert stranger.status_code == 422 and stranger.json()["rule"] == "not_in_audience"
    with api.events_seen() as seen:
        recorded = api.call("PUT", path, town["manager"], json=marks)
        api.settle()
    assert recorded.status_code == 200, recorded.text
    kinds = [e["detail-type"] for e in seen]
    assert "WorkshopAttendanceRecorded" in kinds and "MentorQualified" in kinds
    anna = api.call("GET", f"/v1/participants/{town['anna']['participant_id']}", town["manager"]).json()
    assert anna["eligible"] is True
    assert any(t["module"] == "impulse_workshop" and t["assessment_passed"] for t in anna["training"])
    bernd = api.call("GET", f"/v1/participants/{town['bernd']['participant_id']}", town["manager"]).json()
    assert not any(t["module"] == "impulse_workshop" for t in bernd["training"])
    ahead = api.call(
        "PUT", f"/v1/workshops/{town['mentors_workshop']}/attendance", town["manager"], json=marks
    )
    assert ahead.status_code == 422 and ahead.json()["rule"] == "workshop_ahead"


def test_a_cancelled_workshop_is_off_for_everyone(api: Api, town):
    path = f"/v1/workshops/{town['mentees_workshop']}"
    assert api.call("PUT", f"{path}/sign-up", town["cem"]["token"]).status_code == 200
    with api.events_seen() as seen:
        assert api.call("POST", f"{path}/cancel", town["manager"]).json()["status"] == "cancelled"
        api.settle()
    [cancelled] = [e["detail"]["data"] for e in seen if e["detail-type"] == "WorkshopCancelled"]
    assert cancelled["signed_up"] == [town["cem"]["participant_id"]]
    assert api.call("DELETE", f"{path}/sign-up", town["cem"]["token"]).json()["rule"] == "workshop_cancelled"
    assert api.call("POST", f"{path}/cancel", town["other_manager"]).status_code == 404
    listed = api.call("GET", town["list"], town["cem"]["token"]).json()["items"]
    assert [w["status"] for w in listed] == ["cancelled"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_the_manager_plans_and_a_mentor_signs_up_on_the_pages(api: Api, town, browser: Browser):
    base = f"/app/{town['slug']}/programmes/{town['programme_id']}/workshops"
    page = desktop(browser)
    sign_in(page, api.url, town["slug"], town["manager_email"], next_path=f"{base}?lang=en")
    assert page.locator("h1").inner_text() == "Workshops"
    check_axe(page)
    page.click("main button[type=submit]")  # nothing filled in: every mistake at its field
    assert page.locator("#f-title-error").is_visible()
    check_axe(page)
    page.fill("#f-title", "Leading without hierarchy")
    page.check("#f-audience")
    page.fill("#f-day", (TODAY + timedelta(days=14)).isoformat())
    page.fill("#f-starts", "17:30")
    page.fill("#f-ends", "20:00")
    page.check("#f-where")
    page.fill("#f-place", PLACE)
    page.fill("#f-capacity", "12")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Leading without hierarchy"
    check_axe(page)
    screenshot(page, "intake-50-workshop")
    for lang in ("de", "pl"):
        page.goto(f"{api.url}{base}?lang={lang}")
        check_axe(page)
    page.context.close()

    mentor = desktop(browser)
    sign_in(
        mentor,
        api.url,
        town["slug"],
        town["anna"]["email"],
        next_path=f"/app/{town['slug']}/workshops?lang=en",
    )
    assert mentor.locator("h1").inner_text() == "My workshops"
    card = mentor.locator(".card", has_text="Leading without hierarchy")
    card.locator("button[type=submit]").click()
    assert "You are signed up" in mentor.locator("main").inner_text()
    check_axe(mentor)
    screenshot(mentor, "intake-51-my-workshops")
    screenshot_phone(mentor, "intake-51-my-workshops")
    for lang in ("de", "pl"):
        mentor.goto(f"{api.url}/app/{town['slug']}/workshops?lang={lang}")
        check_axe(mentor)
    mentor.context.close()


def test_a_plan_retried_with_its_idempotency_key_is_one_workshop_with_one_event(api: Api, town):
    body = {"title": TITLE, "audience": "mentors", **when(20), "place": PLACE}
    key = {"Idempotency-Key": f"plan-{uuid.uuid4().hex}"}
    before = len(api.call("GET", town["list"], town["manager"]).json()["items"])
    with api.events_seen() as seen:
        first = api.call("POST", town["list"], town["manager"], json=body, headers=dict(key))
        again = api.call("POST", town["list"], town["manager"], json=body, headers=dict(key))
        api.settle()
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert len(api.call("GET", town["list"], town["manager"]).json()["items"]) == before + 1
    planned = [e for e in seen if e["detail-type"] == "WorkshopPlanned"]
    assert [e["detail"]["data"]["workshop_id"] for e in planned] == [first.json()["workshop_id"]]
    other = api.call("POST", town["list"], town["manager"], json={**body, "capacity": 3}, headers=dict(key))
    assert other.status_code == 422 and other.json()["rule"] == "idempotency_key_reused"
    cancelled = api.call("POST", f"/v1/workshops/{first.json()['workshop_id']}/cancel", town["manager"])
    assert cancelled.status_code in (200, 204), cancelled.text
