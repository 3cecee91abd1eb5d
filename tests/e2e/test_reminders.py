"""Reminders on the local runtime (issue 13): the scheduler clock is advanced and each reminder arrives
exactly once, none for a cancelled session, a moved session's at its new time only, a diary's two hours
after the session was held, and a questionnaire submitted in time has no overdue reminder.

The clock is the test session's: earlier tests may have moved it on, so every time here is reckoned from
the later of the real time and the clock's.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import pytest

from infra.local.cloud import BUS
from infra.local.runtime import LocalRuntime
from services.notifications.relationships import when
from shared.events.catalog import QuestionnaireAssigned, QuestionnaireSubmitted
from shared.events.publisher import Publisher
from tests.e2e.conftest import Api
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_sessions_api import GROUP
from tests.fakes.bodies import applicant

ZONE = ZoneInfo("Europe/Warsaw")  # the tests' municipalities' (Api.new_tenant)


def consenting(role: str, name: str, **kw: Any) -> dict[str, Any]:
    """An application that ticks "contact me by e-mail": reminders are not transactional."""
    body = applicant(role, name, **kw)
    body["consent"]["contact_email"] = True
    return body


@pytest.fixture(scope="module")
def pair(api: Api) -> dict[str, Any]:
    town = api.new_town({**GROUP, "name": "Reminders", "kind": "pair"})
    mentor = accept(api, town, consenting("mentor", "Olga", capacity=1))
    mentee = accept(api, town, consenting("mentee", "Piotr"))
    api.settle()
    match_id = matched(api, town, mentor, mentee)
    api.settle()
    return {
        **town,
        "match_id": match_id,
        "mentor": {**mentor, "token": api.token(mentor["email"])},
        "mentee": {**mentee, "token": api.token(mentee["email"])},
    }


def base(runtime: LocalRuntime) -> datetime:
    return max(datetime.now(UTC), runtime.clock.now()).replace(microsecond=0)


def advance_to(api: Api, runtime: LocalRuntime, when: datetime) -> None:
    """Moves the clock on to `when` (never back) and waits until what fired is handled."""
    if when > runtime.clock.now():
        runtime.advance_clock(when - runtime.clock.now())
    # The clock is the whole runtime's: what every earlier test planned falls due too (their reminders,
    # digests, risks), so this waits longer than a request's effects take.
    runtime.wait_until_idle(timeout=120)


def plan(api: Api, pair: dict[str, Any], starts: datetime) -> str:
    body = {"starts_at": starts.isoformat(), "duration_minutes": 60, "topic": "T", "mode": "in_person"}
    r = api.call("POST", f"/v1/matches/{pair['match_id']}/sessions", pair["mentor"]["token"], json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


def reminded(
    api: Api, email: str, about: str, subject: str = "Reminder: mentoring session"
) -> list[dict[str, Any]]:
    return [m for m in api.outbox_to(email) if m["subject"].startswith(subject) and about in m["body"]]


def test_a_session_is_reminded_once_to_each_member_and_a_cancelled_one_never(api: Api, runtime, pair):
    start = base(runtime)
    kept = plan(api, pair, start + timedelta(hours=26))
    cancelled = plan(api, pair, start + timedelta(hours=27))
    r = api.call("PATCH", f"/v1/sessions/{cancelled}", pair["mentor"]["token"], json={"status": "cancelled"})
    assert r.status_code == 200, r.text
    api.settle()
    assert reminded(api, pair["mentee"]["email"], kept) == []

    advance_to(api, runtime, start + timedelta(hours=3, minutes=1))
    for person in ("mentor", "mentee"):
        [mail] = reminded(api, pair[person]["email"], kept)
        assert f"/app/{pair['slug']}/sessions/{kept}" in mail["body"]
        assert reminded(api, pair[person]["email"], cancelled) == []

    advance_to(api, runtime, start + timedelta(hours=30))
    assert len(reminded(api, pair["mentee"]["email"], kept)) == 1  # never twice
    assert reminded(api, pair["mentee"]["email"], cancelled) == []


def test_a_moved_session_is_reminded_at_its_new_time_only(api: Api, runtime, pair):
    start = base(runtime)
    session = plan(api, pair, start + timedelta(hours=26))
    later = start + timedelta(hours=30)
    r = api.call(
        "PATCH", f"/v1/sessions/{session}", pair["mentor"]["token"], json={"starts_at": later.isoformat()}
    )
    assert r.status_code == 200, r.text
    api.settle()

    advance_to(api, runtime, start + timedelta(hours=3))  # past the old reminder's time
    assert reminded(api, pair["mentee"]["email"], session) == []
    advance_to(api, runtime, start + timedelta(hours=6, minutes=1))
    [mail] = reminded(api, pair["mentee"]["email"], session)
    starts = " ".join(when(later, "en", "Europe/Warsaw").split())  # a subject is one plain line
    assert mail["subject"] == f"Reminder: mentoring session {starts}"


def test_the_writer_is_asked_for_the_diary_two_hours_after_the_session(api: Api, runtime, pair):
    session = plan(api, pair, datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    held = api.call(
        "POST",
        f"/v1/sessions/{session}/attendance",
        pair["mentor"]["token"],
        json={"present": [pair["mentee"]["participant_id"]]},
    )
    assert held.status_code == 200, held.text
    api.settle()
    advance_to(api, runtime, base(runtime) + timedelta(hours=2, minutes=1))
    [mail] = reminded(api, pair["mentee"]["email"], session, "Your session diary is waiting")
    assert f"/app/{pair['slug']}/sessions/{session}/diary" in mail["body"]
    assert reminded(api, pair["mentor"]["email"], session, "Your session diary") == []
    advance_to(api, runtime, base(runtime) + timedelta(hours=3))
    assert len(reminded(api, pair["mentee"]["email"], session, "Your session diary")) == 1


def publish(runtime: LocalRuntime, tenant_id: str, data: Any) -> None:
    """What monitoring publishes (its questionnaires are built beside this), put on the local bus."""
    with runtime.lock:
        Publisher(boto3.client("events"), BUS).publish_one(tenant_id, data)


def test_questionnaires_are_linked_reminded_before_their_date_and_overdue_only_when_not_submitted(
    api: Api, runtime, pair
):
    # The first 09:00 (the municipality's) ahead is the "due soon" reminder: the date is two days after it.
    now = base(runtime).astimezone(ZONE)
    soon = datetime.combine(now.date(), time(9), ZONE)
    if soon <= now:
        soon += timedelta(days=1)
    due_on = soon.date() + timedelta(days=2)
    ids = {name: f"asg_{name}_{uuid.uuid4().hex[:6]}" for name in ("answered", "forgotten")}
    common = {
        "match_id": pair["match_id"],
        "programme_id": pair["programme_id"],
        "participant_id": pair["mentee"]["participant_id"],
        "template_id": "tpl_1",
        "template_version": 1,
    }
    for name, kind in (("answered", "midterm"), ("forgotten", "satisfaction")):
        publish(
            runtime,
            pair["tenant_id"],
            QuestionnaireAssigned(assignment_id=ids[name], kind=kind, due_on=due_on, **common),
        )
    api.settle()
    email = pair["mentee"]["email"]
    for name in ids.values():
        [link] = reminded(api, email, name, "A questionnaire for you")
        assert f"/app/{pair['slug']}/questionnaires/{name}" in link["body"]

    advance_to(api, runtime, soon + timedelta(minutes=1))
    for name in ids.values():
        assert len(reminded(api, email, name, "Due on")) == 1
    submitted = QuestionnaireSubmitted(
        assignment_id=ids["answered"], kind="midterm", submitted_at=datetime.now(UTC), **common
    )
    publish(runtime, pair["tenant_id"], submitted)
    api.settle()

    advance_to(api, runtime, datetime.combine(due_on + timedelta(days=1), time(9, 1), ZONE))
    assert reminded(api, email, ids["answered"], "Overdue") == []
    assert len(reminded(api, email, ids["forgotten"], "Overdue")) == 1
    assert len(reminded(api, email, ids["answered"], "Due on")) == 1  # each exactly once
