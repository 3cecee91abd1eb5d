"""Consent per purpose: carried over from the application form, changed by the person with a history,
told to notifications, and a withdrawn processing consent asking for the erasure of every participation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.intake.consents import logic
from services.intake.consents.erasure import RecordedErasureRequests
from services.intake.consents.schemas import ConsentsWrite
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.events.catalog import ConsentChanged, ProcessingConsentWithdrawn
from tests.fakes.principals import signed_in
from tests.fakes.privacy import TENANT, InMemoryPrivacy, application, participant
from tests.fakes.publisher import RecordingPublisher

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
OLA = signed_in("u_ola", "mentee", tenant_id=TENANT, person_id="p_ola")


def world(**app: bool) -> tuple[InMemoryPrivacy, RecordingPublisher, RecordedErasureRequests]:
    store = InMemoryPrivacy(
        participants=[participant(), participant(programme_id="prg_2")], applications=[application(**app)]
    )
    bus = RecordingPublisher()
    return store, bus, RecordedErasureRequests(store, bus, lambda: NOW)


def states(view) -> dict[str, bool]:
    return {p.purpose: p.granted for p in view.purposes}


def test_the_first_consents_are_the_application_forms_answers():
    store, _, _ = world(sms=True, email=False)
    view = logic.my_consents(OLA, store)
    assert states(view) == {"processing": True, "email": False, "sms": True, "employer_sharing": False}
    assert {e.source for e in view.history} == {"application"}
    assert view.purposes[0].privacy_notice_version == "2026-11"


def test_a_withdrawal_is_kept_in_the_history_and_told_to_notifications():
    store, bus, erasure = world(sms=True)
    body = ConsentsWrite(privacy_notice_version="2026-11", sms=False, email=True)
    view = logic.change_consents(OLA, body, store, bus, erasure, now=NOW)
    assert states(view)["sms"] is False
    assert view.history[-1].model_dump() == {
        "purpose": "sms", "granted": False, "privacy_notice_version": "2026-11", "changed_at": NOW,
        "source": "person",
    }  # fmt: skip
    assert bus.events() == [
        ConsentChanged(person_id="p_ola", purpose="sms", granted=False, privacy_notice_version="2026-11")
    ]
    assert store.requests == {}  # e-mail was given already: nothing changed, nothing told


def test_withdrawing_processing_asks_for_the_erasure_of_every_participation_once():
    store, bus, erasure = world()
    body = ConsentsWrite(privacy_notice_version="2026-11", processing=False)
    logic.change_consents(OLA, body, store, bus, erasure, now=NOW)
    logic.change_consents(
        OLA, ConsentsWrite(privacy_notice_version="2026-11", processing=True), store, bus, erasure, now=NOW
    )
    logic.change_consents(OLA, body, store, bus, erasure, now=NOW)
    assert sorted(store.requests) == ["pt_p_ola_prg_1", "pt_p_ola_prg_2"]
    assert {r.reason for r in store.requests.values()} == {"consent_withdrawn"}
    withdrawn = [e for e in bus.events() if isinstance(e, ProcessingConsentWithdrawn)]
    assert sorted(e.participant_id for e in withdrawn) == ["pt_p_ola_prg_1", "pt_p_ola_prg_2"]


def test_a_consent_under_an_old_notice_is_refused_naming_the_field():
    store, bus, erasure = world()
    with pytest.raises(RuleViolation) as refused:
        logic.change_consents(
            OLA, ConsentsWrite(privacy_notice_version="2019-01", sms=True), store, bus, erasure, now=NOW
        )
    assert refused.value.extensions["errors"][0]["field"] == "privacy_notice_version"


def test_only_participants_have_consents_here():
    store, _, _ = world()
    with pytest.raises(Forbidden):
        logic.my_consents(signed_in("m", "manager", tenant_id=TENANT, person_id="p_m"), store)
    with pytest.raises(NotFound):
        logic.my_consents(signed_in("x", "mentor", tenant_id=TENANT, person_id="p_nobody"), store)
