"""The canary: a relationship's whole journey where every free-text and contact field holds a string of its
own, while every log line (at DEBUG), every event on the bus, every error body and every metric is kept.
No canary may be found in a log, a metric or an error body; a free-text canary in no event at all; a
contact canary only in events the catalogue marks internal (which no partner can receive)."""

from __future__ import annotations

import io
import json
import logging
import random
import string
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.metrics.metrics import Metrics

from shared.events.catalog.registry import model_for
from shared.observability import QUIET_LIBRARIES
from shared.privacy import export_bucket
from tests.e2e.conftest import Api
from tests.e2e.steps import answer_initial, hold_session, sign_agreement
from tests.e2e.test_matching import accept, matched
from tests.e2e.test_monitoring_questionnaires import ENDS, STARTS
from tests.e2e.test_monitoring_questionnaires import GROUP as MONITORED
from tests.e2e.test_privacy_rights import every_item
from tests.fakes.bodies import applicant

GROUP = {**MONITORED, "name": "Canary"}


class Canaries:
    """Unique strings, each remembered with the field it was put in and whether it is free text or contact."""

    def __init__(self) -> None:
        self.free_text: dict[str, str] = {}
        self.contact: dict[str, str] = {}

    @staticmethod
    def _letters(n: int = 12) -> str:
        # Letters only: names are checked for letters, and nothing else in a run makes 12 of them by chance.
        return "".join(random.choices(string.ascii_lowercase, k=n))

    def text(self, field: str) -> str:
        token = f"Kanarek{self._letters()}"
        self.free_text[token] = field
        return token

    def name(self, field: str) -> str:
        token = f"Kan{self._letters()}"
        self.contact[token] = field
        return token.capitalize()

    def email(self, field: str) -> str:
        local = f"kan{self._letters()}"
        self.contact[local] = field
        return f"{local}@example.org"

    def phone(self, field: str) -> str:
        digits = "".join(random.choices(string.digits, k=9))
        self.contact[f"15{digits}"] = field
        return f"+4915{digits}"

    def found_in(self, text: str, which: dict[str, str]) -> list[str]:
        lowered = text.lower()
        return [f"{field} ({token})" for token, field in which.items() if token.lower() in lowered]

    def all(self) -> dict[str, str]:
        return {**self.free_text, **self.contact}


class _Tee(io.TextIOBase):
    """Writes through to the stream it replaces and keeps a copy."""

    def __init__(self, inner: Any, kept: list[str], lock: threading.Lock) -> None:
        self.inner, self.kept, self.lock = inner, kept, lock

    def write(self, text: str) -> int:
        with self.lock:
            self.kept.append(text)
        return int(self.inner.write(text))

    def flush(self) -> None:
        self.inner.flush()


@contextmanager
def everything_written(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every log record (the root and the services' loggers at DEBUG; the AWS SDK's at the level
    shared/observability keeps them at) formatted by each logger's own handlers, so the keys a handler
    adds are there too; everything printed; every metric's name, dimension and metadata."""
    kept: list[str] = []
    lock = threading.Lock()
    loggers = [logging.getLogger()] + [
        one for one in logging.root.manager.loggerDict.values() if isinstance(one, logging.Logger)
    ]
    levels = {one: one.level for one in loggers}
    pinned = {one for one in loggers if one.name.split(".")[0] in QUIET_LIBRARIES}

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            with lock:
                kept.append(self.format(record))

    added: list[tuple[logging.Logger, logging.Handler]] = []
    for one in loggers:
        for existing in list(one.handlers):
            keep = Keep()
            keep.setFormatter(existing.formatter)  # Powertools' JSON formatter: every extra key included
            one.addHandler(keep)
            added.append((one, keep))
        if one not in pinned:
            one.setLevel(logging.DEBUG)
    root_keep = Keep()
    logging.getLogger().addHandler(root_keep)
    added.append((logging.getLogger(), root_keep))

    for method in ("add_metric", "add_dimension", "add_metadata"):
        original = getattr(Metrics, method)

        def spy(self: Metrics, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with lock:
                kept.append(repr((args, kwargs)))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Metrics, method, spy)
    monkeypatch.setattr(sys, "stdout", _Tee(sys.stdout, kept, lock))
    monkeypatch.setattr(sys, "stderr", _Tee(sys.stderr, kept, lock))
    try:
        yield kept
    finally:
        for one, handler in added:
            one.removeHandler(handler)
        for one, level in levels.items():
            one.setLevel(level)


class Recording(Api):
    """The suite's client, keeping the body of every answer of 400 and above."""

    def __init__(self, api: Api) -> None:
        super().__init__(api.runtime)
        self.errors: list[str] = []

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        answer = super().call(method, path, token, **kw)
        if answer.status_code >= 400:
            self.errors.append(answer.text)
        return answer

    def settle(self) -> None:
        # Every logger at DEBUG makes the consumers slower than the suite's usual wait allows for.
        self.runtime.wait_until_idle(timeout=60)


def canary_applicant(canaries: Canaries, role: str) -> dict[str, Any]:
    body = applicant(
        role, canaries.name(f"{role} given_name"), family_name=canaries.name(f"{role} family_name")
    )
    body["person"]["email"] = canaries.email(f"{role} email")
    body["person"]["phone"] = canaries.phone(f"{role} phone")
    body["profile"]["motivation"] = canaries.text(f"{role} motivation")
    body["profile"]["expectations"] = canaries.text(f"{role} expectations")
    if role == "mentee":
        body["needs"] = canaries.text("mentee needs")
    else:
        body["competences"] = canaries.text("mentor competences")
        body["mentoring_experience"] = canaries.text("mentor mentoring_experience")
    return body


def journey(api: Recording, canaries: Canaries) -> dict[str, Any]:
    """From the form to the final review, every free text and contact field a canary; and the bad requests
    a hurried person makes, with canaries in them."""
    town = api.new_town(GROUP)
    manager = town["manager"]
    apply = f"/v1/public/{town['slug']}/programmes/{town['programme_id']}/applications"

    # A form sent with a mistake: the answer names the field, never echoes what was written.
    wrong = canary_applicant(canaries, "mentee")
    wrong["person"]["email"] = f"{canaries.text('a mistyped e-mail')}-at-example.org"
    assert api.call("POST", apply, json=wrong).status_code == 422

    mentor_body = canary_applicant(canaries, "mentor")
    mentee_bodies = [canary_applicant(canaries, "mentee") for _ in range(2)]
    mentor = accept(api, town, mentor_body)
    mentees = [accept(api, town, body) for body in mentee_bodies]
    applications = api.call("GET", f"/v1/applications?programme_id={town['programme_id']}", manager).json()
    for item in applications["items"][:1]:
        note = {"text": canaries.text("interview note")}
        noted = api.call("POST", f"/v1/applications/{item['application_id']}/notes", manager, json=note)
        assert noted.status_code == 201, noted.text
    api.settle()

    match_id = matched(api, town, mentor, *mentees)
    api.settle()
    mentor_token = api.token(mentor["email"])
    tokens = [api.token(m["email"]) for m in mentees]

    agreement = {
        "starts_on": STARTS.isoformat(),
        "ends_on": ENDS.isoformat(),
        "communication_rules": canaries.text("agreement communication_rules"),
    }
    sign_agreement(api, match_id, agreement, mentor_token, [mentor_token, *tokens, manager])

    goals = {"goals": [{"title": canaries.text("goal title"), "tasks": [canaries.text("goal task")]}]}
    own = api.call(
        "PUT", f"/v1/matches/{match_id}/goals/{mentees[0]['participant_id']}", tokens[0], json=goals
    )
    assert own.status_code == 200, own.text
    group_goals = {"goals": [{"title": canaries.text("group goal title")}]}
    assert (
        api.call("PUT", f"/v1/matches/{match_id}/group-goals", mentor_token, json=group_goals).status_code
        == 200
    )

    held_at = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()
    session = {
        "starts_at": held_at,
        "duration_minutes": 60,
        "topic": canaries.text("session topic"),
        "mode": "in_person",
        "location": canaries.text("session location"),
    }
    coming = {
        **session,
        "starts_at": (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat(),
    }
    ahead = api.call("POST", f"/v1/matches/{match_id}/sessions", mentor_token, json=coming).json()
    absence = {"reason": canaries.text("absence reason")}
    assert (
        api.call("POST", f"/v1/sessions/{ahead['session_id']}/absence", tokens[1], json=absence).status_code
        == 200
    )

    held = hold_session(api, match_id, mentor_token, session, [m["participant_id"] for m in mentees])
    session_id = held["session_id"]
    writer = next(i for i, m in enumerate(mentees) if m["participant_id"] == held["writer_id"])
    diary = {
        "summary": canaries.text("diary summary"),
        "topics": [canaries.text("diary topic")],
        "learned": canaries.text("diary learned"),
        "next_steps": canaries.text("diary next_steps"),
    }
    path = f"/v1/sessions/{session_id}/diary"
    # Too long: refused, naming the field, not repeating it.
    too_long = {**diary, "summary": canaries.text("an over-long diary") * 2000}
    assert api.call("PUT", path, tokens[writer], json=too_long).status_code == 422
    assert api.call("PUT", path, tokens[writer], json=diary).status_code == 200
    remark = {"text": canaries.text("diary remark")}
    assert api.call("POST", f"{path}/remarks", mentor_token, json=remark).status_code == 201
    reflection = {"text": canaries.text("mentor reflection"), "shared_with_trainer": True}
    assert (
        api.call("PUT", f"/v1/matches/{match_id}/reflection", mentor_token, json=reflection).status_code
        == 200
    )
    api.settle()

    answers = {
        "needs": canaries.text("answer needs"),
        "expectations": canaries.text("answer expectations"),
        "confidence": 5,
        "employment_status": "unemployed",
        "secures_living": "no",
        "share_with_group": canaries.text("answer share_with_group"),
        "weaknesses": canaries.text("answer weaknesses"),
    }
    answer_initial(api, tokens[0], answers)

    review = {
        "mentees": [
            {
                "mentee_id": m["participant_id"],
                "rating_start": 5,
                "rating_now": 7,
                "next_steps": canaries.text("review next_steps"),
            }
            for m in mentees
        ],
        "topics_until_end": canaries.text("review topics_until_end"),
        "comments": {
            "mentees": canaries.text("review comments mentees"),
            "mentor": canaries.text("review comments mentor"),
            "manager": canaries.text("review comments manager"),
        },
        "improvements": canaries.text("review improvements"),
    }
    reviewed = api.call("POST", f"/v1/matches/{match_id}/midterm-review", manager, json=review)
    assert reviewed.status_code == 201, reviewed.text
    final = {
        "conclusions": [
            {"mentee_id": m["participant_id"], "conclusion": canaries.text("final conclusion")}
            for m in mentees
        ]
    }
    closed = api.call("POST", f"/v1/matches/{match_id}/final-review", mentor_token, json=final)
    assert closed.status_code == 201, closed.text
    api.settle()
    return {**town, "match_id": match_id, "mentees": mentees, "mentor": mentor, "manager": manager}


@pytest.fixture(scope="module")
def canaries() -> Canaries:
    return Canaries()


@pytest.fixture(scope="module")
def recorded(api: Api, canaries: Canaries) -> dict[str, Any]:
    """The journey, once, with everything it made kept."""
    client = Recording(api)
    with pytest.MonkeyPatch.context() as monkeypatch, everything_written(monkeypatch) as written:
        # The capture itself is checked: a service's own logger, at DEBUG, reaches it.
        logging.getLogger("sessions").debug("capture check", extra={"probe": "kanarekcapturecheck"})
        with api.events_seen() as events:
            world = journey(client, canaries)
    return {"world": world, "written": "\n".join(written), "events": events, "errors": client.errors}


def test_the_capture_sees_a_services_log_lines(recorded):
    assert "kanarekcapturecheck" in recorded["written"]


def test_no_canary_is_in_a_log_line_or_a_metric(recorded, canaries: Canaries):
    assert len(recorded["written"]) > 1000  # the journey logged and counted: the capture was not empty
    assert canaries.found_in(recorded["written"], canaries.all()) == []


def test_no_canary_is_in_an_error_body(recorded, canaries: Canaries):
    assert len(recorded["errors"]) >= 2  # the mistyped form and the over-long diary were refused
    for body in recorded["errors"]:
        assert canaries.found_in(body, canaries.all()) == [], body


def test_free_text_travels_in_no_event_and_contact_details_only_in_internal_ones(
    recorded, canaries: Canaries
):
    events = recorded["events"]
    kinds = {e["detail-type"] for e in events}
    assert {"ApplicationSubmitted", "DiaryEntrySubmitted", "QuestionnaireSubmitted"} <= kinds
    carrying_contacts = set()
    for event in events:
        text = str(event)
        assert canaries.found_in(text, canaries.free_text) == [], event["detail-type"]
        if canaries.found_in(text, canaries.contact):
            carrying_contacts.add(event["detail-type"])
            assert model_for(event["detail-type"]).visibility == "internal", event["detail-type"]
    # The directory's own event did carry them (else this test would prove nothing about contacts).
    assert "ContactDetailsRecorded" in carrying_contacts


def test_after_erasing_everyone_the_canaries_are_in_no_table_and_no_export(
    api: Api, recorded, canaries: Canaries
):
    """The relationship's three people are erased at the manager's request: every canary they wrote, or that
    was written about them, is gone from every table (a test-only scan) and from the export bucket."""
    world = recorded["world"]
    people = [world["mentor"], *world["mentees"]]
    exported = api.call("POST", f"/v1/people/{people[1]['participant_id']}/export", world["manager"])
    assert exported.status_code == 202, exported.text
    api.runtime.wait_until_idle(timeout=60)
    for person in people:
        body = {"reason": "person_request"}
        asked = api.call(
            "POST", f"/v1/people/{person['participant_id']}/erasure", world["manager"], json=body
        )
        assert asked.status_code == 202, asked.text
        api.runtime.wait_until_idle(timeout=60)
        done = api.call("GET", f"/v1/erasures/{asked.json()['erasure_id']}", world["manager"]).json()
        assert done["status"] == "done", done

    left = [
        (item["table"], item["pk"]["S"], item["sk"]["S"], canaries.found_in(json.dumps(item), canaries.all()))
        for item in every_item(api)
        if canaries.found_in(json.dumps(item), canaries.all())
    ]
    assert left == [], "\n".join(map(str, left))
    s3 = boto3.client("s3")
    with api.runtime.lock:
        bucket = export_bucket()
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        texts = [s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode() for key in keys]
    assert [k for k, text in zip(keys, texts, strict=True) if canaries.found_in(text, canaries.all())] == []
