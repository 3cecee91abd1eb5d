"""Q-SER's archive of good practice (issue 16, seed 004), over HTTP and in Chromium: a mentor writes a case;
a text naming a participant (in any inflected form), an e-mail address or a phone number is refused with
the field and the rule; a manager returns it with a reason or approves it; only then do the municipality's
mentors and trainers find it, ranked, across departments and languages; another municipality never does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.steps import open_from_preset
from tests.e2e.test_matching import accept
from tests.fakes.bodies import applicant

TODAY = datetime.now(UTC).date()
CASE = {
    "title": "Behördengang zur Wohnungssuche",
    "situation": "Die Mentee wartete seit Monaten auf eine Antwort vom Wohnungsamt.",
    "what_worked": "Der Mentor begleitete sie zum Amt; nach einer Woche kam die Zusage.",
    "tags": ["Wohnung", "Behörden"],
    "department": "Sozialamt",
    "language": "de",
}


@pytest.fixture(scope="module")
def town(api: Api) -> dict[str, Any]:
    """A Q-SER municipality: its manager, two mentors (one named Bożena Wiśniewska), a mentee named Piotr
    Nowak, a trainer; and another municipality's manager."""
    tenant = api.new_tenant(language="de", languages=["de", "pl", "en"])
    programme = open_from_preset(api, tenant, "q_ser", "Q-SER Mentoring")
    town = {**tenant, "programme_id": programme["programme_id"]}
    writer = accept(api, town, applicant("mentor", "Bożena", family_name="Wiśniewska"))
    reader = accept(api, town, applicant("mentor", "Jonas", family_name="Reader"))
    accept(api, town, applicant("mentee", "Piotr", family_name="Nowak"))
    trainer_email = f"trainer@{town['slug']}.example.org"
    trainer = {
        "email": trainer_email,
        "role": "trainer",
        "given_name": "T",
        "family_name": "T",
        "language": "de",
    }
    assert api.call("POST", "/v1/users", town["manager"], json=trainer).status_code == 201
    api.settle()
    return {
        **town,
        "writer": {**writer, "token": api.token(writer["email"])},
        "reader": {**reader, "token": api.token(reader["email"])},
        "trainer": api.token(trainer_email),
        "other_manager": api.new_tenant()["manager"],
    }


def write(api: Api, token: str, headers: dict[str, str] | None = None, **changes: Any) -> Any:
    return api.call("POST", "/v1/practice-cases", token, json={**CASE, **changes}, headers=headers or {})


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"situation": "Piotr wartete seit Monaten."}, "situation", "participant_name"),
        ({"what_worked": "Rozmowa z Piotrem pomogła."}, "what_worked", "participant_name"),  # inflected
        ({"title": "Hilfe für Familie NOWAK"}, "title", "participant_name"),
        ({"tags": ["Wohnung", "wiśniewska"]}, "tags.1", "participant_name"),
        ({"what_worked": "Schreiben Sie an hilfe@example.org"}, "what_worked", "email_address"),
        ({"situation": "Rückruf unter 0151 2345 6789 vereinbart."}, "situation", "phone_number"),
    ],
)
def test_a_case_that_lets_someone_be_recognised_is_refused_at_its_field(api: Api, town, changes, field, rule):
    refused = write(api, town["writer"]["token"], **changes)
    assert refused.status_code == 422, refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["rule"] == rule
    assert [(e["field"], e["type"]) for e in problem["errors"]] == [(field, rule)]
    assert "Piotr" not in refused.text and "hilfe@" not in refused.text  # the word is never echoed


def test_a_case_is_approved_by_a_manager_before_others_find_it(api: Api, town):
    with api.events_seen() as seen:
        written = write(api, town["writer"]["token"], headers={"Idempotency-Key": "case-1"})
        again = write(api, town["writer"]["token"], headers={"Idempotency-Key": "case-1"})
        api.settle()
    assert written.status_code == 201, written.text
    case = written.json()
    assert again.json()["case_id"] == case["case_id"]
    assert case["status"] == "pending" and written.headers["Location"].endswith(case["case_id"])
    path = f"/v1/practice-cases/{case['case_id']}"
    # Before approval: its author and the managers read it; the other mentor and the trainer find nothing.
    assert api.call("GET", path, town["writer"]["token"]).json()["status"] == "pending"
    assert api.call("GET", path, town["reader"]["token"]).status_code == 404
    assert api.call("GET", "/v1/practice-cases?q=wohnung", town["trainer"]).json()["total"] == 0
    queue = api.call("GET", "/v1/practice-case-drafts", town["manager"]).json()["items"]
    assert [c["case_id"] for c in queue] == [case["case_id"]]

    returned = api.call(
        "POST", f"{path}/return", town["manager"], json={"version": 1, "reason": "Bitte ohne Datum."}
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    mine = api.call("GET", path, town["writer"]["token"]).json()
    assert mine["return_reason"] == "Bitte ohne Datum."
    stale = api.call("POST", f"{path}/approval", town["manager"], json={"version": 2})
    assert stale.status_code == 422 and stale.json()["rule"] == "case_not_pending"
    not_theirs = api.call("PUT", path, town["reader"]["token"], json={**CASE, "version": 2})
    assert not_theirs.status_code == 404  # the other mentor cannot even see it yet
    edited = api.call(
        "PUT", path, town["writer"]["token"], json={**CASE, "title": "Mit zum Wohnungsamt", "version": 2}
    )
    assert edited.status_code == 200 and edited.json()["status"] == "pending"

    with api.events_seen() as approval:
        approved = api.call("POST", f"{path}/approval", town["manager"], json={"version": 3})
        api.settle()
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    events = {e["detail-type"]: e["detail"]["data"] for e in [*seen, *approval]}
    assert events["PracticeCaseSubmitted"]["case_id"] == case["case_id"]
    assert events["PracticeCaseApproved"] == {
        "case_id": case["case_id"],
        "case_version": 4,
        "first_approval": True,
    }
    assert not any("Wohnungsamt" in str(e["detail"]) for e in [*seen, *approval])  # ids and facts only

    shown = api.call("GET", path, town["reader"]["token"])
    assert shown.status_code == 200 and shown.json()["title"] == "Mit zum Wohnungsamt"
    assert shown.json()["author_id"] is None  # who wrote it could point to their mentee
    found = api.call("GET", "/v1/practice-cases?q=wohnungsamt", town["trainer"]).json()
    assert [f["case_id"] for f in found["items"]] == [case["case_id"]]
    assert api.call("GET", path, town["other_manager"]).status_code == 404
    assert api.call("GET", "/v1/practice-cases?q=wohnungsamt", town["other_manager"]).json()["total"] == 0
    assert api.call("GET", "/v1/practice-cases", town["writer"]["token"]).status_code == 200


def approve(api: Api, town: dict[str, Any], **changes: Any) -> str:
    made = write(api, town["manager"], **changes)
    assert made.status_code == 201, made.text
    case_id = made.json()["case_id"]
    approval = f"/v1/practice-cases/{case_id}/approval"
    assert api.call("POST", approval, town["manager"], json={"version": 1}).status_code == 200
    return str(case_id)


def test_search_ranks_across_departments_and_languages(api: Api, town):
    in_title = approve(
        api, town, title="Deutschkurs für Erwachsene", department="Volkshochschule", tags=["Sprache"]
    )
    in_text = approve(
        api,
        town,
        title="Ein Elternabend",
        situation="Die Eltern verstanden den Deutschkurs der Schule nicht.",
        department="Schulamt",
        tags=["Schule"],
    )
    polish = approve(
        api,
        town,
        title="Kurs języka polskiego",
        situation="Podopieczna zapisała się na kurs językowy w urzędzie.",
        what_worked="Mentorka poszła z nią na pierwsze zajęcia.",
        department="Urząd Pracy",
        tags=["język"],
        language="pl",
    )
    search = "/v1/practice-cases"
    ranked = api.call("GET", f"{search}?q=deutschkurs", town["reader"]["token"]).json()
    assert [f["case_id"] for f in ranked["items"]][:2] == [in_title, in_text]
    assert ranked["items"][0]["score"] > ranked["items"][1]["score"]
    assert {"Volkshochschule", "Schulamt", "Urząd Pracy"} <= set(ranked["departments"])
    assert [
        f["case_id"] for f in api.call("GET", f"{search}?q=JEZYKOWY", town["trainer"]).json()["items"]
    ] == [polish]
    assert [
        f["case_id"]
        for f in api.call("GET", f"{search}?q=kurs&department=urzad%20pracy", town["trainer"]).json()["items"]
    ] == [polish]
    by_tag = api.call("GET", f"{search}?tag=schule", town["trainer"]).json()["items"]
    assert [f["case_id"] for f in by_tag] == [in_text]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_a_mentor_writes_a_manager_approves_and_a_trainer_finds_it_on_the_pages(
    api: Api, town, browser: Browser
):
    slug = town["slug"]
    page = desktop(browser)
    sign_in(page, api.url, slug, town["writer"]["email"], next_path=f"/app/{slug}/practice/new?lang=en")
    assert page.locator("h1").inner_text() == "Write a case of good practice"
    check_axe(page)
    page.fill("#f-title", "Evening course at the job centre")
    page.fill("#f-situation", "Piotr could not follow the course in the evenings.")
    page.fill("#f-what_worked", "The mentor asked for a morning group; call 030 1234 5678 for it.")
    page.fill("#f-tags", "course, work")
    page.fill("#f-department", "Job centre")
    page.select_option("#f-language", "en")
    page.click("main button[type=submit]")
    assert page.locator(".summary").is_visible()
    assert (
        page.locator("#f-situation-error").is_visible() and page.locator("#f-what_worked-error").is_visible()
    )
    check_axe(page)
    page.fill("#f-situation", "The mentee could not follow the course in the evenings.")
    page.fill("#f-what_worked", "The mentor asked the centre for a morning group.")
    page.click("main button[type=submit]")
    assert "sent" in page.locator("[role=status]").inner_text()
    check_axe(page)
    page.context.close()

    manager = desktop(browser)
    sign_in(manager, api.url, slug, town["manager_email"], next_path=f"/app/{slug}/practice/drafts?lang=en")
    check_axe(manager)
    manager.click("text=Evening course at the job centre")
    check_axe(manager)
    manager.click("button:has-text('Approve')")
    assert "approved" in manager.locator("[role=status]").inner_text()
    manager.context.close()

    trainer_email = f"trainer@{slug}.example.org"
    reader = desktop(browser)
    sign_in(reader, api.url, slug, trainer_email, next_path=f"/app/{slug}/practice?q=morning&lang=en")
    assert reader.locator("main li h3").first.inner_text() == "Evening course at the job centre"
    check_axe(reader)
    screenshot(reader, "intake-50-practice-search")
    screenshot_phone(reader, "intake-50-practice-search")
    reader.click("text=Evening course at the job centre")
    check_axe(reader)
    for lang in ("de", "pl"):
        reader.goto(f"{api.url}/app/{slug}/practice?q=kurs&lang={lang}")
        check_axe(reader)
        reader.goto(f"{api.url}/app/{slug}/practice/new?lang={lang}")
        assert reader.locator("h1").count() == 1  # the trainer sees the 403 page, in their language
    reader.context.close()
