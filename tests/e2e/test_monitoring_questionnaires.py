"""Monitoring's questionnaires over HTTP: a signed agreement gives each mentee the initial questionnaire;
answers are checked, saved as a draft and submitted once; the relationship's midpoint (the local clock)
gives the mid-term one; the manager records the mid-term review (pre-filled) and the final review, which
closes the relationship and gives the final questionnaire; outcomes keep their history from the baseline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import PROGRAMME, Api
from tests.e2e.test_matching import accept, matched
from tests.fakes.bodies import applicant

TODAY = datetime.now(UTC).date()
#: The programme runs around today, so its midpoint is tomorrow and the local clock reaches it in 2 days.
STARTS, ENDS = TODAY - timedelta(days=20), TODAY + timedelta(days=22)
GROUP = {
    **PROGRAMME,
    "name": "Monitoring e2e",
    "kind": "group",
    "max_group_size": 4,
    "mentor_training_required": False,
    "matching": {"weights": {}, "min_score": 0},
    "languages": ["en", "de", "pl"],
    "starts_on": STARTS.isoformat(),
    "ends_on": ENDS.isoformat(),
}
INITIAL = {
    "needs": "A job that pays the rent",
    "expectations": "Honest advice",
    "confidence": 5,
    "employment_status": "unemployed",
    "secures_living": "no",
    "share_with_group": "I draw maps",
    "weaknesses": "Interviews",
}


def signed_relationship(api: Api, name: str = "Monitoring") -> dict[str, Any]:
    """Mentor Olga with mentees Piotr and Rosa, their agreement signed by all; another town's manager."""
    town = api.new_town({**GROUP, "name": name})
    mentor = accept(api, town, applicant("mentor", "Olga", capacity=3))
    mentees = [accept(api, town, applicant("mentee", n)) for n in ("Piotr", "Rosa")]
    api.settle()
    match_id = matched(api, town, mentor, *mentees)
    api.settle()
    mentor_token = api.token(mentor["email"])
    tokens = [api.token(m["email"]) for m in mentees]
    body = {"starts_on": STARTS.isoformat(), "ends_on": ENDS.isoformat(), "communication_rules": "Two days."}
    written = api.call("PUT", f"/v1/matches/{match_id}/agreement", mentor_token, json=body)
    assert written.status_code == 200, written.text
    for signer in (mentor_token, *tokens, town["manager"]):
        signature = {"version": written.json()["version"]}
        r = api.call("POST", f"/v1/matches/{match_id}/agreement/signatures", signer, json=signature)
        assert r.status_code == 200, r.text
    api.settle()
    other = api.new_town(GROUP)
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": mentor_token},
        "mentees": [{**m, "token": t} for m, t in zip(mentees, tokens, strict=True)],
        "other_manager": other["manager"],
    }


def mine(api: Api, token: str) -> list[dict[str, Any]]:
    r = api.call("GET", "/v1/me/questionnaires", token)
    assert r.status_code == 200, r.text
    return list(r.json()["questionnaires"])


def of_kind(api: Api, token: str, kind: str) -> dict[str, Any]:
    return next(q for q in mine(api, token) if q["kind"] == kind)


def respond(api: Api, token: str, assignment_id: str, answers: dict[str, Any], submit: bool = False) -> Any:
    body = {"answers": answers, "submit": submit}
    return api.call("POST", f"/v1/questionnaires/{assignment_id}/responses", token, json=body)


@pytest.fixture(scope="module")
def rel(api: Api) -> dict[str, Any]:
    return signed_relationship(api)


def test_the_signed_agreement_gives_each_mentee_the_initial_questionnaire_due_in_a_week(api: Api, rel):
    for mentee in rel["mentees"]:
        initial = of_kind(api, mentee["token"], "initial")
        assert initial["status"] == "assigned"
        # A week from the day it was given: the day the agreement was signed (a run crossing midnight
        # signs on the day after this module was collected).
        assigned_on = date.fromisoformat(initial["assigned_on"])
        assert assigned_on in {TODAY, datetime.now(UTC).date()}
        assert initial["due_on"] == (assigned_on + timedelta(days=7)).isoformat()
    # The programme does not use the mentor's self-assessment unless it says so.
    assert mine(api, rel["mentor"]["token"]) == []


def test_answers_are_checked_saved_as_a_draft_and_submitted_once(api: Api, rel):
    piotr = rel["mentees"][0]["token"]
    qa = of_kind(api, piotr, "initial")["assignment_id"]
    german = api.call("GET", f"/v1/questionnaires/{qa}", piotr)
    assert german.status_code == 200 and german.json()["questions"][0]["label"]
    bad = respond(api, piotr, qa, {"confidence": 11})
    assert bad.status_code == 422 and "confidence" in bad.text
    assert respond(api, piotr, qa, {"needs": "A job"}).json()["status"] == "draft"
    missing = respond(api, piotr, qa, {}, submit=True)
    assert missing.status_code == 422 and "expectations" in missing.text
    done = respond(api, piotr, qa, INITIAL, submit=True)
    assert done.status_code == 200 and done.json()["status"] == "submitted", done.text
    assert respond(api, piotr, qa, {"needs": "x"}, submit=True).status_code == 409


def test_only_the_assignee_answers_and_the_mentor_reads_only_what_is_shared(api: Api, rel):
    piotr, rosa = (m["token"] for m in rel["mentees"])
    qa = of_kind(api, piotr, "initial")["assignment_id"]
    assert respond(api, rosa, qa, {"needs": "x"}).status_code == 404
    assert respond(api, rel["mentor"]["token"], qa, {"needs": "x"}).status_code == 403
    assert respond(api, rel["manager"], qa, {"needs": "x"}).status_code == 403
    assert api.call("GET", f"/v1/questionnaires/{qa}", rel["other_manager"]).status_code == 404
    mentor_view = api.call("GET", f"/v1/questionnaires/{qa}", rel["mentor"]["token"])
    assert mentor_view.status_code == 200
    assert mentor_view.json()["answers"] == {"share_with_group": "I draw maps"}
    assert "Interviews" not in mentor_view.text
    assert (
        api.call("GET", f"/v1/questionnaires/{qa}", rel["manager"]).json()["answers"]["weaknesses"]
        == "Interviews"
    )


def test_the_initial_answers_are_the_baseline_outcome_and_outcomes_keep_history(api: Api, rel):
    api.settle()
    piotr_id = rel["mentees"][0]["participant_id"]
    path = f"/v1/participants/{piotr_id}/outcome"
    baseline = api.call("GET", path, rel["manager"])
    assert baseline.status_code == 200, baseline.text
    initial = of_kind(api, rel["mentees"][0]["token"], "initial")
    submitted_on = datetime.fromisoformat(initial["submitted_at"]).astimezone(UTC).date()
    assert baseline.json()["history"][0] == {
        "status": "unemployed",
        "secures_living": False,
        "recorded_on": submitted_on.isoformat(),
        "baseline": True,
    }
    later = {"status": "employed", "secures_living": True, "recorded_on": submitted_on.isoformat()}
    recorded = api.call("PUT", path, rel["manager"], json=later)
    assert recorded.status_code == 200, recorded.text
    assert [o["baseline"] for o in recorded.json()["history"]] == [True, False]
    assert api.call("PUT", path, rel["other_manager"], json=later).status_code == 404
    assert api.call("GET", path, rel["mentor"]["token"]).status_code == 403


def test_the_midpoint_gives_the_midterm_and_the_review_is_prefilled_and_recorded_once(api: Api, rel):
    api.runtime.advance_clock(timedelta(days=2))
    api.settle()
    piotr, rosa = rel["mentees"]
    qa = of_kind(api, piotr["token"], "midterm")["assignment_id"]
    rating = respond(api, piotr["token"], qa, {"rating_start": 5, "rating_now": 8}, submit=True)
    assert rating.status_code == 200, rating.text
    page = api.call("GET", f"/app/{rel['slug']}/matches/{rel['match_id']}/midterm-review", rel["manager"])
    assert page.status_code == 200 and 'value="8" checked' in page.text
    review = {
        "mentees": [
            {"mentee_id": piotr["participant_id"], "rating_start": 5, "rating_now": 8, "next_steps": "Apply"},
            {"mentee_id": rosa["participant_id"], "rating_start": 4, "rating_now": 6},
        ],
        "topics_until_end": "Interviews",
        "comments": {"mentees": "Good", "mentor": "Proud", "manager": "On track"},
    }
    path = f"/v1/matches/{rel['match_id']}/midterm-review"
    half = {**review, "mentees": [{**review["mentees"][0], "rating_now": 7.5}, review["mentees"][1]]}
    assert api.call("POST", path, rel["manager"], json=half).status_code == 422
    assert api.call("POST", path, rel["other_manager"], json=review).status_code == 404
    assert api.call("POST", path, rel["mentor"]["token"], json=review).status_code == 403
    assert api.call("POST", path, rel["manager"], json=review).status_code == 201
    assert api.call("POST", path, rel["manager"], json=review).status_code == 409


def test_the_final_review_closes_the_relationship_and_gives_the_final_questionnaire(api: Api, rel):
    piotr, rosa = rel["mentees"]
    path = f"/v1/matches/{rel['match_id']}/final-review"
    body = {
        "conclusions": [
            {"mentee_id": piotr["participant_id"], "conclusion": "Found work."},
            {"mentee_id": rosa["participant_id"], "conclusion": "Starts a course."},
        ]
    }
    assert api.call("POST", path, piotr["token"], json=body).status_code == 403
    closed = api.call("POST", path, rel["mentor"]["token"], json=body)
    assert closed.status_code == 201, closed.text
    api.settle()
    final = of_kind(api, piotr["token"], "final")
    assert final["status"] == "assigned"
    assert {q["kind"] for q in mine(api, rel["mentor"]["token"])} == {"satisfaction"}
    assert api.call("POST", path, rel["manager"], json=body).status_code == 409
    match = api.call("GET", f"/v1/matches/{rel['match_id']}", rel["manager"]).json()
    assert match["status"] in ("active", "completed", "ended")  # matching's reaction is another part's
