"""Q-SER's assessed training (issue 16, seed 004): a trainer writes a required module's online Q&A
assessment; a mentor takes it in their language, never seeing the right answers; a fail records nothing, a
pass records the module like a trainer's record, and passing the last required module qualifies the mentor
(`MentorQualified`). Over HTTP, and on the mentor's page in Chromium."""

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
MODULE = "migration_and_asylum_basics"
ASSESSMENT = {
    "pass_mark": 75,
    "questions": [
        {
            "question_id": "asylum_office",
            "prompt": {
                "en": "Who decides an asylum application in Germany?",
                "de": "Wer entscheidet über einen Asylantrag in Deutschland?",
                "pl": "Kto rozpatruje wniosek o azyl w Niemczech?",
            },
            "options": [
                {"en": "The BAMF", "de": "Das BAMF", "pl": "BAMF"},
                {"en": "The mentor", "de": "Die Mentorin", "pl": "Mentor"},
            ],
            "correct": [0],
        },
        {
            "question_id": "confidential",
            "prompt": {
                "en": "What stays confidential?",
                "de": "Was bleibt vertraulich?",
                "pl": "Co pozostaje poufne?",
            },
            "options": [
                {"en": "The mentee's status", "de": "Der Aufenthaltsstatus", "pl": "Status podopiecznego"},
                {"en": "The mentee's diary", "de": "Das Tagebuch", "pl": "Dziennik"},
                {"en": "The programme's name", "de": "Der Programmname", "pl": "Nazwa programu"},
            ],
            "correct": [0, 1],
        },
    ],
}
RIGHT = {"asylum_office": [0], "confidential": [1, 0]}


@pytest.fixture(scope="module")
def qser(api: Api) -> dict[str, Any]:
    """A Q-SER programme (four required modules), its mentor with three recorded by the trainer, its trainer,
    a mentee, and another municipality's manager."""
    tenant = api.new_tenant(language="de", languages=["de", "en", "pl"])
    programme = open_from_preset(api, tenant, "q_ser", "Q-SER Mentoring")
    town = {**tenant, "programme_id": programme["programme_id"]}
    mentor = accept(api, town, applicant("mentor", "Olga"))
    mentee = accept(api, town, applicant("mentee", "Piotr"))
    trainer_email = f"trainer@{town['slug']}.example.org"
    trainer = {
        "email": trainer_email,
        "role": "trainer",
        "given_name": "T",
        "family_name": "T",
        "language": "de",
    }
    assert api.call("POST", "/v1/users", town["manager"], json=trainer).status_code == 201
    trainer_token = api.token(trainer_email)
    for module in programme["required_training_modules"]:
        if module != MODULE:
            done = {"module": module, "completed_on": TODAY.isoformat(), "assessment_passed": True}
            path = f"/v1/participants/{mentor['participant_id']}/training"
            assert api.call("POST", path, trainer_token, json=done).status_code == 200
    api.settle()
    return {
        **town,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": api.token(mentee["email"])},
        "trainer": trainer_token,
        "other_manager": api.new_tenant()["manager"],
        "path": f"/v1/programmes/{town['programme_id']}/assessments/{MODULE}",
    }


def attempt(api: Api, qser: dict[str, Any], answers: dict[str, list[int]]) -> Any:
    return api.call("POST", f"{qser['path']}/attempts", qser["mentor"]["token"], json={"answers": answers})


def test_the_trainer_writes_the_assessment_and_only_for_a_required_module(api: Api, qser):
    written = api.call("PUT", qser["path"], qser["trainer"], json=ASSESSMENT)
    assert written.status_code == 200, written.text
    assert written.json()["questions"][1]["correct"] == [0, 1]
    other = f"/v1/programmes/{qser['programme_id']}/assessments/chess"
    refused = api.call("PUT", other, qser["trainer"], json=ASSESSMENT)
    assert refused.status_code == 422 and refused.json()["rule"] == "module_not_required"
    wrong = {**ASSESSMENT, "questions": [{**ASSESSMENT["questions"][0], "correct": [5]}]}
    assert api.call("PUT", qser["path"], qser["trainer"], json=wrong).status_code == 422
    assert api.call("PUT", qser["path"], qser["mentor"]["token"], json=ASSESSMENT).status_code == 403
    assert api.call("GET", qser["path"], qser["other_manager"]).status_code == 404


def test_the_mentor_reads_the_questions_in_their_language_without_the_answers(api: Api, qser):
    got = api.call("GET", f"{qser['path']}/questions?language=pl", qser["mentor"]["token"])
    assert got.status_code == 200, got.text
    taking = got.json()
    assert taking["language"] == "pl" and taking["questions"][0]["prompt"].startswith("Kto rozpatruje")
    assert [q["several"] for q in taking["questions"]] == [False, True]
    assert "correct" not in got.text
    assert api.call("GET", f"{qser['path']}/questions", qser["mentee"]["token"]).status_code == 403


def test_a_fail_records_nothing_and_a_pass_qualifies_the_mentor(api: Api, qser):
    half = attempt(api, qser, {"asylum_office": [0]})
    assert half.status_code == 422 and "answers.confidential" in half.text

    failed = attempt(api, qser, {"asylum_office": [0], "confidential": [0]})  # one right of two: 50 % < 75 %
    assert failed.status_code == 200, failed.text
    assert failed.json() == {
        "module": MODULE,
        "score": 50,
        "pass_mark": 75,
        "passed": False,
        "qualified": False,
    }
    mentor = api.call("GET", f"/v1/participants/{qser['mentor']['participant_id']}", qser["manager"]).json()
    assert MODULE not in {t["module"] for t in mentor["training"]} and mentor["eligible"] is False

    with api.events_seen() as seen:
        passed = attempt(api, qser, RIGHT)
        api.settle()
    assert passed.json()["passed"] is True and passed.json()["qualified"] is True
    assert [e["detail"]["data"]["participant_id"] for e in seen if e["detail-type"] == "MentorQualified"] == [
        qser["mentor"]["participant_id"]
    ]
    mentor = api.call("GET", f"/v1/participants/{qser['mentor']['participant_id']}", qser["manager"]).json()
    record = next(t for t in mentor["training"] if t["module"] == MODULE)
    assert record["assessment_passed"] is True and record["recorded_by"] == "online_assessment"
    assert mentor["eligible"] is True
    with api.events_seen() as again:
        assert attempt(api, qser, RIGHT).json()["passed"] is True  # practice: no second record, no event
        api.settle()
    assert "MentorQualified" not in {e["detail-type"] for e in again}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
def test_a_mentor_takes_the_assessment_on_its_page(api: Api, qser, browser: Browser):
    # A second mentor, who has not passed it yet.
    town = {"slug": qser["slug"], "programme_id": qser["programme_id"], "manager": qser["manager"]}
    second = accept(api, town, applicant("mentor", "Bernd"))
    path = f"/app/{qser['slug']}/programmes/{qser['programme_id']}/assessments/{MODULE}"
    page = desktop(browser)
    sign_in(page, api.url, qser["slug"], second["email"], next_path=f"{path}?lang=en")
    assert page.locator("h1").inner_text().startswith("Assessment")
    check_axe(page)
    page.click("main button[type=submit]")
    assert page.locator("#f-q-asylum_office-error").is_visible()  # each unanswered question is marked
    check_axe(page)
    page.check("#f-q-asylum_office")
    page.check("#f-q-confidential")
    page.check("#f-q-confidential-1")
    page.click("main button[type=submit]")
    assert "Passed" in page.locator("[role=status]").inner_text()
    check_axe(page)
    screenshot(page, "intake-40-assessment")
    screenshot_phone(page, "intake-40-assessment")
    for lang in ("de", "pl"):
        page.goto(f"{api.url}{path}?lang={lang}")
        check_axe(page)
    page.context.close()
