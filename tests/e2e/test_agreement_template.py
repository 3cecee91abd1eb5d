"""A programme's own code of ethics (issue 11: "pre-filled and editable per programme"): a manager writes
it, over the API and on its page in Chromium, and the programme's agreements not yet written start from
it; nobody else may write it, and another municipality's manager finds no such programme."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.e2e.browser import check_axe, chromium, desktop, screenshot, screenshot_phone, sign_in
from tests.e2e.conftest import Api
from tests.e2e.test_sessions_api import group_of_three

OWN = {
    "ethics": ["We are on time, or we say so a day before.", "What is said in the group stays in the group."],
    "terms": ["Advice is guidance; each mentee decides."],
    "communication_rules": "We answer within two working days.",
}


@pytest.fixture(scope="module")
def group(api: Api) -> dict[str, Any]:
    return group_of_three(api, "Programme ethics")


def template_path(group: dict[str, Any]) -> str:
    return f"/v1/programmes/{group['programme_id']}/agreement-template"


def test_the_programmes_own_code_of_ethics_pre_fills_an_agreement_nobody_wrote_yet(api: Api, group):
    before = api.call("GET", template_path(group), group["manager"])
    assert before.status_code == 200 and before.json()["version"] == 0  # the seeds' code, until written
    assert (
        before.json()["ethics"]
        == api.call("GET", f"/v1/matches/{group['match_id']}/agreement", group["manager"]).json()["ethics"]
    )

    saved = api.call("PUT", template_path(group), group["manager"], json=OWN)
    assert saved.status_code == 200 and saved.json()["version"] == 1

    draft = api.call("GET", f"/v1/matches/{group['match_id']}/agreement", group["mentor"]["token"]).json()
    assert (draft["version"], draft["ethics"], draft["terms"], draft["communication_rules"]) == (
        0, OWN["ethics"], OWN["terms"], OWN["communication_rules"]
    )  # fmt: skip


def test_only_the_municipalitys_managers_write_it_and_a_bad_one_changes_nothing(api: Api, group):
    for token in (group["mentor"]["token"], group["mentees"][0]["token"], group["trainer"]):
        assert api.call("PUT", template_path(group), token, json=OWN).status_code == 403
    assert api.call("GET", template_path(group), group["other_manager"]).status_code == 404
    refused = api.call("PUT", template_path(group), group["manager"], json={"ethics": []})
    assert refused.status_code == 422 and "ethics" in refused.text
    assert api.call("GET", template_path(group), group["manager"]).json()["ethics"] == OWN["ethics"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_a_manager_edits_the_code_of_ethics_on_its_page(api: Api, group, browser: Browser):
    path = f"/app/{group['slug']}/programmes/{group['programme_id']}/agreement-template"
    page = desktop(browser)
    sign_in(page, api.url, group["slug"], group["manager_email"], next_path=path)
    assert page.locator("h1").inner_text() == "The programme's code of ethics"
    check_axe(page)
    screenshot(page, "sessions-20-programme-ethics")
    screenshot_phone(page, "sessions-20-programme-ethics")

    page.fill("#f-ethics", "")
    page.click("main button[type=submit]")
    assert page.locator("#f-ethics-error").is_visible()  # an empty code is refused at its field
    check_axe(page)

    page.fill("#f-ethics", "Be kind.\nKeep confidences.")
    page.click("main button[type=submit]")
    assert "new agreements of the programme start from this text" in page.locator(".flash").inner_text()
    assert api.call("GET", template_path(group), group["manager"]).json()["ethics"] == [
        "Be kind.",
        "Keep confidences.",
    ]
    for lang in ("de", "pl"):
        page.goto(f"{api.url}{path}?lang={lang}")
        check_axe(page)


def test_the_page_refuses_an_empty_code_at_its_field_and_saves_a_good_one(api: Api, group):
    path = f"/app/{group['slug']}/programmes/{group['programme_id']}/agreement-template"
    refused = api.call("POST", path, group["manager"], data={"ethics": " \n ", "terms": ""})
    assert refused.status_code == 422 and 'id="f-ethics-error"' in refused.text
    saved = api.call(
        "POST", path, group["manager"], data={"ethics": "Be on time.", "terms": "Advice is guidance."}
    )
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/agreement-template")
    assert api.call("GET", template_path(group), group["manager"]).json()["ethics"] == ["Be on time."]
