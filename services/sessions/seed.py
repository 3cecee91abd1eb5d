"""Sessions' part of the demo `make run` starts with: the demo programme's matches published (matching
has no seeder: a run is made and published here, as a manager would), and in each relationship a signed
agreement, each mentee's goals, a plan and a held session with its diary and the mentor's remark.

Made through the real API as the manager and the members would (each member's token from their e-mail),
so every rule holds and notifications mails each step, as in a real programme.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shared.seeding import SeedClient, SeedContext, SeedError, expect_ok

#: How often the run's status is read before the seed gives up (each read waits until the queues idle).
RUN_POLLS = 20


def _publish_run(client: SeedClient, manager: str, programme_id: str) -> list[dict[str, Any]]:
    started = expect_ok(
        *client.request("POST", f"/v1/programmes/{programme_id}/matching-runs", {}, manager), "matching run"
    )
    for _ in range(RUN_POLLS):
        client.wait_until_idle()
        run = expect_ok(
            *client.request("GET", f"/v1/matching-runs/{started['run_id']}", None, manager), "run"
        )
        if run["status"] == "completed":
            break
        if run["status"] == "failed":
            raise SeedError(f"seeding failed at the matching run: {run}")
    else:
        raise SeedError("seeding failed: the matching run did not complete")
    published = expect_ok(
        *client.request("POST", f"/v1/matching-runs/{started['run_id']}/publish", {}, manager), "publish"
    )
    client.wait_until_idle()
    return list(published["matches"])


def _email(client: SeedClient, manager: str, participant_id: str) -> str:
    participant = expect_ok(
        *client.request("GET", f"/v1/participants/{participant_id}", None, manager), "member"
    )
    path = f"/v1/applications/{participant['application_id']}"
    return str(
        expect_ok(*client.request("GET", path, None, manager), "application")["application"]["person"][
            "email"
        ]
    )


def _at(days: int, hour: int = 17) -> str:
    day = datetime.now(UTC) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def _relationship(client: SeedClient, manager: str, match: dict[str, Any]) -> dict[str, Any]:
    match_id = match["match_id"]
    mentor = client.token(_email(client, manager, match["mentor_id"]))
    mentees = {m: client.token(_email(client, manager, m)) for m in match["mentee_ids"]}
    base = f"/v1/matches/{match_id}"

    agreement = expect_ok(
        *client.request(
            "PUT",
            f"{base}/agreement",
            {
                "starts_on": "2027-01-11",
                "ends_on": "2027-07-09",
                "communication_rules": "We answer messages within two working days.",
            },
            mentor,
        ),
        "agreement",
    )
    for signer in (mentor, *mentees.values(), manager):
        body = {"version": agreement["version"]}
        expect_ok(*client.request("POST", f"{base}/agreement/signatures", body, signer), "signature")

    for mentee_id, token in mentees.items():
        goals = {
            "goals": [
                {"title": "Find a first job in my field", "tasks": ["Update my CV", "Apply to three firms"]},
                {"title": "Speak German at work with confidence", "tasks": ["Join a conversation group"]},
            ]
        }
        expect_ok(*client.request("PUT", f"{base}/goals/{mentee_id}", goals, token), "goals")

    # Blended: the first and the last sessions face to face (planned first: the rule holds after each
    # step), one in the middle third too.
    plan = [
        (-2, "Getting to know each other", "in_person"),
        (54, "Looking back and ahead", "in_person"),
        (12, "Your CV and the job market", "online"),
        (26, "Visiting a workplace", "in_person"),
        (40, "Interview practice", "online"),
    ]
    sessions = []
    for days, topic, mode in plan:
        body = {"starts_at": _at(days), "duration_minutes": 90, "topic": topic, "mode": mode}
        if mode == "in_person":
            body["location"] = "Stadtbibliothek, Raum 2"
        planned = expect_ok(*client.request("POST", f"{base}/sessions", body, mentor), "session")
        sessions.append(planned["session_id"])

    held = sessions[0]
    attendance = {"present": list(mentees)}
    recorded = expect_ok(
        *client.request("POST", f"/v1/sessions/{held}/attendance", attendance, mentor), "attendance"
    )
    writer = recorded["diary_writer_id"]
    entry = {
        "summary": "We met at the library and talked about what I want to reach.",
        "topics": ["goals", "first steps"],
        "learned": "Which offices can help with recognising my diploma.",
        "next_steps": "Bring my CV to the next session.",
    }
    expect_ok(*client.request("PUT", f"/v1/sessions/{held}/diary", entry, mentees[writer]), "diary")
    remark = {"text": "A good start: clear goals."}
    expect_ok(*client.request("POST", f"/v1/sessions/{held}/diary/remarks", remark, mentor), "remark")
    return {"match_id": match_id, "sessions": len(sessions)}


def seed(client: SeedClient, context: SeedContext) -> dict[str, Any]:
    manager = client.token(context.seeded["manager"])
    programme_id = context.seeded["programme_id"]
    listed = expect_ok(
        *client.request("GET", f"/v1/matches?programme_id={programme_id}", None, manager), "matches"
    )
    matches = [m for m in listed["items"] if m.get("status", "active") == "active"]
    if not matches:
        matches = _publish_run(client, manager, programme_id)
    relationships = [_relationship(client, manager, m) for m in matches]
    client.wait_until_idle()
    return {"relationships": len(relationships)}
