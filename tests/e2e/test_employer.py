"""Seed 002's employer, over HTTP on the local runtime: a manager makes an employer contact's account and
links it to a mentee only once the mentee consented to share progress with an employer; the employer sets
goals (the relationship sees them, marked as the employer's), and reads the mentee's progress — goal status,
attendance, the mid-term rating trend — but never a word of the diary, the answers or the remarks. The
mentee withdraws the consent: the link ends in the same request, and the employer gets 404 at once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.steps import hold_session
from tests.e2e.test_monitoring_questionnaires import INITIAL, of_kind, respond, signed_relationship
from tests.e2e.test_sessions_api import at

NOTICE = "2026-11"
#: Words written where an employer must never look: the diary, the remarks, the answers, the review.
SECRETS = (
    "Zephyrdiary",
    "Quokkaremark",
    "Marzipananswer",
    "Wombatcomment",
    "Nextstepsecret",
    "Ownmenteegoal",
)


def employer_account(api: Api, manager: str, name: str = "Erika") -> dict[str, Any]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@employer.example"
    body = {"email": email, "role": "employer", "given_name": name, "family_name": "Muster", "language": "en"}
    made = api.call("POST", "/v1/users", manager, json=body)
    assert made.status_code == 201, made.text
    return {"user_id": made.json()["user_id"], "email": email, "token": api.token(email)}


def consent(api: Api, token: str, granted: bool) -> Any:
    body = {"privacy_notice_version": NOTICE, "employer_sharing": granted}
    changed = api.call("PUT", "/v1/me/consents", token, json=body)
    assert changed.status_code == 200, changed.text
    return changed


def link(api: Api, manager: str, participant_id: str, employer_user_id: str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    path = f"/v1/participants/{participant_id}/employer-links"
    return api.call("POST", path, manager, json={"employer_user_id": employer_user_id}, headers=headers)


def progress(api: Api, token: str, participant_id: str) -> Any:
    return api.call("GET", f"/v1/employer/mentees/{participant_id}/progress", token)


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    rel = signed_relationship(api, "Work-based learning")
    rel["employer"] = employer_account(api, rel["manager"])
    rel["stranger"] = employer_account(api, rel["manager"], "Stefan")  # an employer of no one
    other = api.new_tenant()
    rel["other_employer"] = employer_account(api, other["manager"], "Otto")
    rel["other_manager_town"] = other
    return rel


def test_the_whole_story_from_consent_to_withdrawal(api: Api, world):
    piotr, rosa = world["mentees"]
    employer, manager, match_id = world["employer"], world["manager"], world["match_id"]

    # No consent yet: the link is refused, naming the rule.
    refused = link(api, manager, piotr["participant_id"], employer["user_id"])
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["rule"] == "employer_sharing_consent_required"

    consent(api, piotr["token"], True)
    with api.events_seen() as seen:
        first = link(api, manager, piotr["participant_id"], employer["user_id"], key="link-1")
        again = link(api, manager, piotr["participant_id"], employer["user_id"], key="link-1")
        api.settle()
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert first.json()["employer_name"] == "Erika Muster"
    [linked] = [e["detail"] for e in seen if e["detail-type"] == "EmployerLinked"]
    assert linked["metadata"]["visibility"] == "internal"
    assert linked["data"] == {
        "link_id": first.json()["link_id"],
        "participant_id": piotr["participant_id"],
        "employer_user_id": employer["user_id"],
    }
    listed = api.call("GET", "/v1/employer/mentees", employer["token"])
    assert listed.status_code == 200, listed.text
    assert listed.json()["items"] == [
        {
            "participant_id": piotr["participant_id"],
            "programme_id": world["programme_id"],
            "match_id": match_id,
        }
    ]

    # The employer's goals: the relationship sees them, marked as the employer's.
    goals = {"goals": [{"title": "Run the forklift alone", "status": "open"}, {"title": "Safety course"}]}
    set_goals = api.call(
        "PUT", f"/v1/employer/mentees/{piotr['participant_id']}/goals", employer["token"], json=goals
    )
    assert set_goals.status_code == 200, set_goals.text
    assert set_goals.json()["set_by"] == "employer"
    own = {"goals": [{"title": "Ownmenteegoal", "status": "achieved"}]}
    path = f"/v1/matches/{match_id}/goals/{piotr['participant_id']}"
    assert api.call("PUT", path, piotr["token"], json=own).status_code == 200
    for reader in (piotr["token"], world["mentor"]["token"], manager):
        every = api.call("GET", f"/v1/matches/{match_id}/goals", reader).json()
        [theirs] = every["employer"]
        assert theirs["set_by"] == "employer" and theirs["mentee_id"] == piotr["participant_id"]
        assert [g["title"] for g in theirs["goals"]] == ["Run the forklift alone", "Safety course"]
        assert [g["set_by"] for g in every["mentees"]] == ["mentee"]
    page = api.call("GET", f"/app/{world['slug']}/matches/{match_id}/goals", piotr["token"])
    assert "Set by the employer" in page.text and "Run the forklift alone" in page.text

    # Two sessions held: Piotr at the first, not at the second; a diary, a remark, answers, a review.
    first_session = {"starts_at": at(-3), "duration_minutes": 60, "topic": "Warehouse", "mode": "in_person"}
    held = hold_session(api, match_id, world["mentor"]["token"], first_session, [piotr["participant_id"]])
    second = {"starts_at": at(-1), "duration_minutes": 60, "topic": "Loading", "mode": "in_person"}
    hold_session(api, match_id, world["mentor"]["token"], second, [rosa["participant_id"]])
    writer = next(m for m in world["mentees"] if m["participant_id"] == held["writer_id"])
    diary = {"summary": "Zephyrdiary", "topics": ["Zephyrdiary"], "learned": "Zephyrdiary", "next_steps": "x"}
    wrote = api.call("PUT", f"/v1/sessions/{held['session_id']}/diary", writer["token"], json=diary)
    assert wrote.status_code == 200, wrote.text
    remark = {"text": "Quokkaremark"}
    remarked = api.call(
        "POST", f"/v1/sessions/{held['session_id']}/diary/remarks", world["mentor"]["token"], json=remark
    )
    assert remarked.status_code in (200, 201), remarked.text
    initial = of_kind(api, piotr["token"], "initial")["assignment_id"]
    answers = {**INITIAL, "needs": "Marzipananswer", "expectations": "Marzipananswer"}
    assert respond(api, piotr["token"], initial, answers, submit=True).status_code == 200
    review = {
        "mentees": [
            {
                "mentee_id": piotr["participant_id"],
                "rating_start": 5,
                "rating_now": 8,
                "next_steps": "Nextstepsecret",
                "goals": [{"goal": 1, "rating_start": 4, "rating_now": 7}],
            },
            {
                "mentee_id": rosa["participant_id"],
                "rating_start": 6,
                "rating_now": 6,
                "next_steps": "Nextstepsecret",
            },
        ],
        "topics_until_end": "Wombatcomment",
        "comments": {"mentees": "Wombatcomment", "mentor": "Wombatcomment", "manager": "Wombatcomment"},
        "improvements": "Wombatcomment",
    }
    reviewed = api.call(
        "POST",
        f"/v1/matches/{match_id}/midterm-review",
        manager,
        json=review,
        headers={"Idempotency-Key": "mt"},
    )
    assert reviewed.status_code == 201, reviewed.text
    api.settle()

    # The progress: goal status, attendance, the rating trend — and none of the secrets.
    report = progress(api, employer["token"], piotr["participant_id"])
    assert report.status_code == 200, report.text
    shown = report.json()
    assert shown["match_id"] == match_id and shown["relationship_status"] == "active"
    assert [(g["set_by"], g["number"], g["title"], g["status"]) for g in shown["goals"]] == [
        ("employer", 1, "Run the forklift alone", "open"),
        ("employer", 2, "Safety course", "open"),
        ("mentee", 1, None, "achieved"),  # the mentee's own goal: its status, never its words
    ]
    assert shown["attendance"] == {"sessions_held": 2, "attended": 1, "missed": 1, "sessions_planned": 0}
    [point] = shown["ratings"]["overall"]
    assert (point["rating_start"], point["rating_now"]) == (5, 8)
    assert [
        (t["goal"], [(p["rating_start"], p["rating_now"]) for p in t["points"]])
        for t in shown["ratings"]["goals"]
    ] == [(1, [(4, 7)])]
    pages = [
        api.call("GET", f"/app/{world['slug']}/employer", employer["token"]),
        api.call(
            "GET", f"/app/{world['slug']}/employer/mentees/{piotr['participant_id']}", employer["token"]
        ),
    ]
    for answer in (report, listed, *pages):
        assert answer.status_code == 200, answer.text
        for secret in SECRETS:
            assert secret.lower() not in answer.text.lower(), (secret, answer.url)
    assert "Piotr" in pages[0].text and "Run the forklift alone" in pages[1].text

    # Withdrawn: the link ends in the consent's own request; the employer sees nothing from then on.
    with api.events_seen() as seen:
        consent(api, piotr["token"], False)
        links = api.call("GET", f"/v1/participants/{piotr['participant_id']}/employer-links", manager).json()
        assert [(x["status"], x["end_reason"]) for x in links["items"]] == [("ended", "consent_withdrawn")]
        api.settle()
    [ended] = [e["detail"]["data"] for e in seen if e["detail-type"] == "EmployerLinkEnded"]
    assert ended["reason"] == "consent_withdrawn"
    assert progress(api, employer["token"], piotr["participant_id"]).status_code == 404
    assert api.call("GET", "/v1/employer/mentees", employer["token"]).json()["items"] == []
    gone = api.call(
        "GET", f"/app/{world['slug']}/employer/mentees/{piotr['participant_id']}", employer["token"]
    )
    assert gone.status_code == 404
    again_goals = api.call(
        "PUT", f"/v1/employer/mentees/{piotr['participant_id']}/goals", employer["token"], json=goals
    )
    assert again_goals.status_code == 404


def test_a_manager_ends_a_link_and_others_never_see_the_mentee(api: Api, world):
    rosa = world["mentees"][1]
    employer, manager = world["employer"], world["manager"]
    consent(api, rosa["token"], True)
    made = link(api, manager, rosa["participant_id"], employer["user_id"])
    assert made.status_code == 201, made.text
    api.settle()
    assert progress(api, employer["token"], rosa["participant_id"]).status_code == 200
    # An employer not linked, another municipality's employer and manager: 404, not 403.
    assert progress(api, world["stranger"]["token"], rosa["participant_id"]).status_code == 404
    assert progress(api, world["other_employer"]["token"], rosa["participant_id"]).status_code == 404
    other_manager = world["other_manager_town"]["manager"]
    path = f"/v1/participants/{rosa['participant_id']}/employer-links"
    assert api.call("GET", path, other_manager).status_code == 404
    assert link(api, other_manager, rosa["participant_id"], employer["user_id"]).status_code == 404
    # A mentor is not linked to an employer; an account of another role is not an employer.
    mentor_link = link(api, manager, world["mentor"]["participant_id"], employer["user_id"])
    assert mentor_link.status_code == 422 and mentor_link.json()["rule"] == "employer_links_mentees"
    wrong = link(api, manager, rosa["participant_id"], "no-such-account")
    assert wrong.status_code == 422 and wrong.json()["rule"] == "employer_account_required"
    # The employer role reaches no relationship's own routes.
    assert api.call("GET", f"/v1/matches/{world['match_id']}/goals", employer["token"]).status_code == 403

    ended = api.call("DELETE", f"{path}/{made.json()['link_id']}", manager)
    assert ended.status_code == 200 and ended.json()["end_reason"] == "unlinked"
    api.settle()
    assert progress(api, employer["token"], rosa["participant_id"]).status_code == 404
