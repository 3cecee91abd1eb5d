"""Seed 002's employer links: made only where the mentee consents now, the same key answered once, ended by
a manager, and ended with the consent's withdrawal in the very write that withdraws it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.intake.consents import logic as consents
from services.intake.consents.erasure import RecordedErasureRequests
from services.intake.consents.schemas import ConsentsWrite
from services.intake.employers import logic
from services.intake.employers.models import EmployerLinkCreate
from services.intake.models import User
from shared.errors import Forbidden, NotFound, RuleViolation
from shared.events.catalog import EmployerLinked, EmployerLinkEnded
from tests.fakes.principals import signed_in
from tests.fakes.privacy import TENANT, InMemoryPrivacy, application, participant
from tests.fakes.publisher import RecordingPublisher

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
MANAGER = signed_in("u_mgr", "manager", tenant_id=TENANT, person_id="p_mgr")
OLA = signed_in("u_ola", "mentee", tenant_id=TENANT, person_id="p_ola")
ERIKA = User(
    user_id="u_erika",
    person_id="p_erika",
    tenant_id=TENANT,
    email="erika@employer.example",
    role="employer",
    given_name="Erika",
    family_name="Muster",
    language="de",
)
OLA_ID = participant().participant_id


def world(consented: bool) -> tuple[InMemoryPrivacy, RecordingPublisher]:
    store = InMemoryPrivacy(participants=[participant()], applications=[application()])
    store.employers = [ERIKA]
    bus = RecordingPublisher()
    if consented:
        erasure = RecordedErasureRequests(store, bus, lambda: NOW)
        body = ConsentsWrite(privacy_notice_version="2026-11", employer_sharing=True)
        consents.change_consents(OLA, body, store, bus, erasure, now=NOW)
    return store, bus


def link(store: InMemoryPrivacy, bus: RecordingPublisher, key: str | None = None):
    body = EmployerLinkCreate(employer_user_id="u_erika")
    return logic.link_employer(MANAGER, OLA_ID, body, store, bus, now=NOW, idempotency_key=key)


def test_no_link_without_the_mentees_consent_to_share_with_an_employer():
    store, bus = world(consented=False)
    with pytest.raises(RuleViolation) as refused:
        link(store, bus)
    assert refused.value.extensions["rule"] == "employer_sharing_consent_required"
    assert store.links == {}


def test_a_link_is_made_once_per_key_and_tells_sessions_ids_only():
    store, bus = world(consented=True)
    first = link(store, bus, key="k1")
    again = link(store, bus, key="k1")
    assert again == first and first.employer_name == "Erika Muster" and len(store.links) == 1
    assert [e for e in bus.events() if isinstance(e, EmployerLinked)] == [
        EmployerLinked(link_id=first.link_id, participant_id=OLA_ID, employer_user_id="u_erika")
    ]
    with pytest.raises(RuleViolation) as twice:
        link(store, bus)
    assert twice.value.extensions["rule"] == "employer_already_linked"


def test_only_a_manager_of_the_municipality_links_and_only_an_employer_account():
    store, bus = world(consented=True)
    with pytest.raises(Forbidden):
        logic.link_employer(OLA, OLA_ID, EmployerLinkCreate(employer_user_id="u_erika"), store, bus, now=NOW)
    with pytest.raises(NotFound):
        logic.list_links(MANAGER, "pt_someone_else", store)
    with pytest.raises(RuleViolation) as wrong:
        logic.link_employer(
            MANAGER, OLA_ID, EmployerLinkCreate(employer_user_id="u_ola"), store, bus, now=NOW
        )
    assert wrong.value.extensions["rule"] == "employer_account_required"


def test_withdrawing_the_consent_ends_the_link_in_the_same_write():
    store, bus = world(consented=True)
    made = link(store, bus)
    erasure = RecordedErasureRequests(store, bus, lambda: NOW)
    body = ConsentsWrite(privacy_notice_version="2026-11", employer_sharing=False)
    consents.change_consents(OLA, body, store, bus, erasure, now=NOW)
    [ended] = store.employer_links(TENANT, OLA_ID)
    assert (ended.status, ended.end_reason, ended.ended_at) == ("ended", "consent_withdrawn", NOW)
    assert (
        EmployerLinkEnded(
            link_id=made.link_id,
            participant_id=OLA_ID,
            employer_user_id="u_erika",
            reason="consent_withdrawn",
        )
        in bus.events()
    )


def test_a_manager_ends_a_link_and_ending_it_again_changes_nothing():
    store, bus = world(consented=True)
    made = link(store, bus)
    ended = logic.end_link(MANAGER, OLA_ID, made.link_id, store, bus, now=NOW)
    again = logic.end_link(MANAGER, OLA_ID, made.link_id, store, bus, now=NOW)
    assert ended.end_reason == again.end_reason == "unlinked"
    assert sum(isinstance(e, EmployerLinkEnded) for e in bus.events()) == 1
