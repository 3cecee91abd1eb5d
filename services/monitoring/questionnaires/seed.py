"""Monitoring's part of the demo `make run` starts with: in each of the demo programme's relationships
(sessions' seeder signed their agreements, so each mentee has the initial questionnaire), the mentees
answer it, which records their baseline. Through the real API, as each mentee would."""

from __future__ import annotations

from typing import Any

from shared.seeding import SeedClient, SeedContext, expect_ok

#: A demo answer set of the shipped initial questionnaire (seed 000: from precarious work).
INITIAL = {
    "needs": "Steady work that pays the rent, and someone to talk to about applications.",
    "expectations": "Honest feedback and contacts in my field.",
    "strengths": "Reliable, good with people.",
    "weaknesses": "Job interviews in German.",
    "share_with_group": "I used to run a small café.",
    "confidence": 5,
    "employment_status": "unemployed",
    "secures_living": "no",
}


def _email(client: SeedClient, manager: str, participant_id: str) -> str:
    participant = expect_ok(
        *client.request("GET", f"/v1/participants/{participant_id}", None, manager), "mentee"
    )
    application = expect_ok(
        *client.request("GET", f"/v1/applications/{participant['application_id']}", None, manager),
        "application",
    )
    return str(application["application"]["person"]["email"])


def seed(client: SeedClient, context: SeedContext) -> dict[str, Any]:
    manager = client.token(context.seeded["manager"])
    programme_id = context.seeded["programme_id"]
    listed = expect_ok(
        *client.request("GET", f"/v1/matches?programme_id={programme_id}", None, manager), "matches"
    )
    client.wait_until_idle()
    answered = 0
    for match in listed["items"]:
        for mentee_id in match["mentee_ids"]:
            token = client.token(_email(client, manager, mentee_id))
            mine = expect_ok(*client.request("GET", "/v1/me/questionnaires", None, token), "questionnaires")
            for given in mine["questionnaires"]:
                if given["kind"] != "initial" or given["status"] == "submitted":
                    continue
                body = {"answers": INITIAL, "submit": True}
                path = f"/v1/questionnaires/{given['assignment_id']}/responses"
                expect_ok(*client.request("POST", path, body, token), "initial questionnaire")
                answered += 1
    client.wait_until_idle()
    return {"questionnaires_answered": answered}
