"""shared/audit.py: what a request read or changed leaves as PersonalDataAccessed, batched per request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shared import audit
from shared.events.catalog.audit import PersonalDataAccessed
from tests.fakes.principals import signed_in
from tests.fakes.publisher import RecordingPublisher

MANAGER = signed_in("sub-m", "manager", tenant_id="t_1", person_id="per_m")


def sent(sink: RecordingPublisher) -> list[PersonalDataAccessed]:
    events = sink.events()
    assert all(isinstance(e, PersonalDataAccessed) for e in events)
    return events  # type: ignore[return-value]


def test_a_list_page_leaves_one_event_with_one_entry_per_subject_shown():
    sink = RecordingPublisher()
    with audit.request_trail("intake", sink):
        audit.record_many(MANAGER, "read", "participant", [("par_1", "par_1"), ("par_2", "par_2")])
        audit.record(MANAGER, "read", "participant", "par_1", "par_1")  # shown twice: one entry
    (event,) = sent(sink)
    assert [r.subject_participant_id for r in event.records] == ["par_1", "par_2"]
    assert (event.service, event.actor_role, event.actor_person_id) == ("intake", "manager", "per_m")


def test_reads_and_changes_of_several_kinds_are_separate_events_sent_together_at_the_end():
    sink = RecordingPublisher()
    with audit.request_trail("sessions", sink):
        audit.record(MANAGER, "read", "diary", "par_1", "ses_1")
        audit.record(MANAGER, "change", "goals", "par_1", "mat_1")
        assert sink.sent == []  # nothing leaves before the request ends
    assert [(e.action, e.kind) for e in sent(sink)] == [("read", "diary"), ("change", "goals")]
    assert [tenant for tenant, _ in sink.sent] == ["t_1", "t_1"]


def test_what_was_read_before_an_error_is_still_recorded():
    sink = RecordingPublisher()
    with pytest.raises(RuntimeError), audit.request_trail("intake", sink):
        audit.record(MANAGER, "read", "application", "app_1", "app_1")
        raise RuntimeError("the page failed after reading")
    assert len(sent(sink)) == 1


def test_the_network_admin_is_recorded_in_the_municipality_acted_in():
    admin = signed_in("sub-a", "admin")
    sink = RecordingPublisher()
    with audit.request_trail("intake", sink):
        audit.record(admin, "change", "account", "per_new", "per_new", tenant_id="t_9")
    assert sink.sent[0][0] == "t_9" and sent(sink)[0].actor_role == "admin"


def test_outside_a_request_nothing_is_kept_and_big_pages_split_into_events_of_200():
    audit.record(MANAGER, "read", "diary", "par_1", "ses_1")  # no request: nobody reads on anyone's behalf
    sink = RecordingPublisher()
    with audit.request_trail("intake", sink):
        audit.record_many(MANAGER, "read", "participant", [(f"par_{n}", f"par_{n}") for n in range(450)])
    assert [len(e.records) for e in sent(sink)] == [200, 200, 50]


def test_the_api_handler_opens_the_trail_for_every_request(monkeypatch: Any):
    from shared import http
    from tests.unit import test_http

    opened: list[str] = []

    class Spy:
        def __init__(self, service: str, sink: Any = None) -> None:
            opened.append(service)

        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: Any) -> None:
            return None

    monkeypatch.setattr(http.audit, "request_trail", Spy)
    status, _, _ = test_http.call("POST", "/greetings", json.dumps({"name": "Ada"}))
    assert status == 200 and opened == ["test"]


def test_a_request_whose_trail_cannot_be_sent_hands_nothing_out(monkeypatch: Any):
    from shared import http
    from shared.events.publisher import PublishError
    from tests.unit import test_http

    class Refusing:
        def publish(self, events: Any) -> None:
            raise PublishError("the bus refused")

    @test_http.app.get("/audited")
    def audited() -> dict[str, str]:
        audit.record(MANAGER, "read", "diary", "par_1", "ses_1")
        return {"diary": "what the mentee wrote"}

    monkeypatch.setattr(http.audit, "default_sink", Refusing)
    status, headers, body = test_http.call("GET", "/audited")
    assert status == 500 and "wrote" not in json.dumps(body)
    assert headers["Content-Type"] == "application/problem+json"
