"""Steps over HTTP that several journeys take: a programme opened from a preset, the agreement written and
signed by everyone, a session held with its attendance, the initial questionnaire answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import Api


def open_from_preset(
    api: Api,
    tenant: dict[str, Any],
    preset: str,
    name: str,
    *,
    days: int = 180,
    started_days_ago: int = 0,
    languages: tuple[str, ...] = ("de", "en", "pl"),
) -> dict[str, Any]:
    """The manager opens a programme from a seed preset in `languages`, running `days` from today (or from
    `started_days_ago`); returns the programme as answered."""
    today = datetime.now(UTC).date()
    body = {
        "preset": preset,
        "name": name,
        "starts_on": (today - timedelta(days=started_days_ago)).isoformat(),
        "ends_on": (today + timedelta(days=days)).isoformat(),
        "languages": list(languages),
    }
    made = api.call("POST", "/v1/programmes", tenant["manager"], json=body)
    assert made.status_code == 201, made.text
    return dict(made.json())


def sign_agreement(
    api: Api, match_id: str, agreement: dict[str, Any], writer: str, signers: list[str]
) -> None:
    """The writer (the mentor) writes the agreement; each signer signs the version written."""
    written = api.call("PUT", f"/v1/matches/{match_id}/agreement", writer, json=agreement)
    assert written.status_code == 200, written.text
    version = {"version": written.json()["version"]}
    for signer in signers:
        signed = api.call("POST", f"/v1/matches/{match_id}/agreement/signatures", signer, json=version)
        assert signed.status_code == 200, signed.text


def hold_session(
    api: Api, match_id: str, mentor: str, session: dict[str, Any], present: list[str]
) -> dict[str, str]:
    """A session planned in the past and its attendance taken: its id and the mentee who writes the diary."""
    planned = api.call("POST", f"/v1/matches/{match_id}/sessions", mentor, json=session)
    assert planned.status_code == 201, planned.text
    session_id = planned.json()["session_id"]
    attended = api.call("POST", f"/v1/sessions/{session_id}/attendance", mentor, json={"present": present})
    assert attended.status_code == 200, attended.text
    return {"session_id": session_id, "writer_id": attended.json()["diary_writer_id"]}


def answer_initial(api: Api, token: str, answers: dict[str, Any]) -> None:
    """The mentee's initial questionnaire, answered and submitted."""
    mine = api.call("GET", "/v1/me/questionnaires", token).json()["questionnaires"]
    initial = next(q for q in mine if q["kind"] == "initial")
    path = f"/v1/questionnaires/{initial['assignment_id']}/responses"
    submitted = api.call("POST", path, token, json={"answers": answers, "submit": True})
    assert submitted.status_code == 200, submitted.text
