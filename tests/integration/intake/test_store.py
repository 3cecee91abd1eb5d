"""Intake's store on moto: the conditions and transactions the rules rely on, as DynamoDB enforces them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from services.intake import logic
from services.intake.logic import ApplicationQuery
from services.intake.models import Application, AuditEntry, Participant, Programme, Tenant, User
from services.intake.schemas import ApplicationReceipt
from shared.errors import Conflict, RuleViolation
from shared.idempotency import IdempotencyRace, IdempotentRequest
from tests.fakes.intake import account_link
from tests.unit.intake.test_application_rules import application as application_body
from tests.unit.intake.test_application_rules import programme as programme_of


def _tenant(tenant_id: str = "t_1", slug: str = "kiel") -> Tenant:
    return Tenant(
        tenant_id=tenant_id,
        slug=slug,
        name="Kiel",
        default_language="de",
        languages=["de"],
        timezone="Europe/Berlin",
        created_at=datetime.now(UTC),
    )


def _user(person_id: str, email: str = "ola@example.org", tenant_id: str = "t_1") -> User:
    return User(
        user_id="",
        person_id=person_id,
        tenant_id=tenant_id,
        email=email,
        role="mentor",
        given_name="Ola",
        family_name="N",
        language="pl",
    )


def _application(
    n: int, *, email: str | None = None, programme_id: str = "prg_1", **changes: Any
) -> Application:
    body = application_body(email=email or f"a{n}@example.org")
    submitted = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=n)
    fields: dict[str, Any] = {
        "application_id": logic.new_application_id(submitted),
        "tenant_id": "t_1",
        "programme_id": programme_id,
        "person_id": f"p_{n}",
        "role": body.role,
        "language": "pl",
        "status": "submitted",
        "submitted_at": submitted,
        "person": body.person,
        "profile": body.profile,
        "needs": body.needs,
        "consent": logic.consent_record(body, submitted),
    }
    return Application(**{**fields, **changes})


@pytest.fixture
def store(intake_store: ModuleType) -> Any:
    return intake_store.IntakeStore()


# --- the registry -----------------------------------------------------------------------------------


def test_a_slug_is_claimed_once(store: Any) -> None:
    store.add_tenant(_tenant())
    with pytest.raises(Conflict):
        store.add_tenant(_tenant("t_2", slug="kiel"))
    assert [t.tenant_id for t in store.tenants()] == ["t_1"]
    found = store.tenant_by_slug("kiel")
    assert found is not None and found.tenant_id == "t_1"


def test_an_email_is_reserved_once_per_municipality_and_nothing_is_left_of_the_loser(store: Any) -> None:
    store.reserve_account(_user("p_1"))
    with pytest.raises(Conflict) as taken:
        store.reserve_account(_user("p_2", email="OLA@example.org"))  # the e-mail, whatever its case
    assert taken.value.extensions.get("field") == "email"
    # The loser's person record was not written: reserving it under another e-mail works.
    store.reserve_account(_user("p_2", email="other@example.org"))
    # Another municipality may have an account with the same e-mail.
    store.reserve_account(_user("p_3", tenant_id="t_2"))


def test_a_released_reservation_frees_the_email_and_an_activated_one_keeps_its_audit(store: Any) -> None:
    user = _user("p_1")
    store.reserve_account(user)
    store.release_account(user)
    store.reserve_account(_user("p_9"))  # the same e-mail, free again
    audit = AuditEntry(
        audit_id="aud_1",
        tenant_id="t_1",
        action="manager_created",
        actor_id="admin",
        person_id="p_9",
        at=datetime.now(UTC),
    )
    store.activate_account(_user("p_9").model_copy(update={"user_id": "sub-9"}), audit)
    assert [a.audit_id for a in store.audit_entries("t_1")] == ["aud_1"]
    assert store.audit_entries("t_2") == []


def test_a_programme_saved_from_a_stale_version_is_a_conflict_and_changes_nothing(store: Any) -> None:
    first = store.add_programme(programme_of(version=0))
    assert first.version == 1
    renamed = store.replace_programme(first.model_copy(update={"name": "Renamed"}))
    assert renamed.version == 2
    with pytest.raises(Conflict):
        store.replace_programme(first.model_copy(update={"name": "Lost"}))  # still at version 1
    stored: Programme | None = store.programme("t_1", "prg_1")
    assert stored is not None and stored.name == "Renamed" and stored.version == 2
    assert store.programme("t_2", "prg_1") is None  # another tenant's key space


# --- applications -----------------------------------------------------------------------------------


def test_an_application_claims_its_email_per_programme_and_role(store: Any) -> None:
    store.add_application(_application(1, email="ola@example.org"), idempotency=None)
    again = _application(2, email="Ola@Example.org")  # the e-mail, whatever its case
    with pytest.raises(Conflict) as duplicate:
        store.add_application(again, idempotency=None)
    assert duplicate.value.extensions["rule"] == "duplicate_application"
    assert store.application("t_1", again.application_id) is None  # all or nothing
    # The same person may apply to another programme.
    store.add_application(_application(3, email="ola@example.org", programme_id="prg_2"), idempotency=None)


def test_an_idempotent_answer_is_kept_with_its_application_and_a_race_is_told_apart(store: Any) -> None:
    body = application_body(email="ola@example.org")
    request = IdempotentRequest.of("key-1", scope="prg_1", body=body)
    assert request is not None
    first = _application(1, email="ola@example.org")
    receipt = ApplicationReceipt(application_id=first.application_id, status="submitted")
    store.add_application(first, idempotency=request.answered(receipt))
    assert request.recall(store, "t_1", ApplicationReceipt) == receipt

    # A second request with the same key (its answer already kept) loses as a race, not as a duplicate,
    # and writes nothing: the application it carried is not stored.
    racing = _application(2, email="jan@example.org")
    with pytest.raises(IdempotencyRace):
        store.add_application(racing, idempotency=request.answered(receipt))
    assert store.application("t_1", racing.application_id) is None

    # The same key with another body is refused when recalled.
    other = IdempotentRequest.of("key-1", scope="prg_1", body=application_body(email="x@example.org"))
    assert other is not None
    with pytest.raises(RuleViolation):
        other.recall(store, "t_1", ApplicationReceipt)


def test_the_screening_list_pages_newest_first_and_filters_within_a_programme(store: Any) -> None:
    sent = [_application(n) for n in range(5)]
    for each in sent:
        store.add_application(each, idempotency=None)
    store.add_application(_application(9, programme_id="prg_2"), idempotency=None)
    seen: list[str] = []
    items, token = store.applications("t_1", ApplicationQuery(programme_id="prg_1", limit=2))
    while True:
        seen += [i.application_id for i in items]
        if token is None:
            break
        items, token = store.applications(
            "t_1", ApplicationQuery(programme_id="prg_1", limit=2, next_token=token)
        )
    assert seen == [a.application_id for a in reversed(sent)]
    everything, _ = store.applications("t_1", ApplicationQuery(status="submitted", role="mentee", limit=100))
    assert len(everything) == 6
    assert store.applications("t_1", ApplicationQuery(status="accepted")) == ([], None)
    assert store.applications("t_2", ApplicationQuery()) == ([], None)


def _participant(submitted: Application) -> Participant:
    return Participant(
        participant_id="pt_1",
        person_id=submitted.person_id,
        tenant_id="t_1",
        programme_id="prg_1",
        application_id=submitted.application_id,
        role="mentee",
        given_name="Ola",
        family_name="N",
        language="pl",
        eligible=True,
        accepted_at=datetime.now(UTC),
    )


def test_a_decision_is_recorded_once_with_its_participant(store: Any) -> None:
    submitted = _application(1)
    store.add_application(submitted, idempotency=None)
    accepted = submitted.model_copy(update={"status": "accepted", "participant_id": "pt_1"})
    participant = _participant(submitted)
    store.decide(accepted, previous_status="submitted", participant=participant)
    with pytest.raises(Conflict) as again:
        store.decide(accepted, previous_status="submitted", participant=participant)
    assert again.value.extensions["rule"] == "already_decided"
    stored = store.application("t_1", submitted.application_id)
    assert stored is not None and stored.status == "accepted"
    mentees = store.participants("t_1", programme_id="prg_1", role="mentee")
    assert [p.participant_id for p in mentees] == ["pt_1"]
    assert store.participants("t_1", programme_id="prg_1", role="mentor") == []

    saved = store.participant("t_1", "pt_1")
    changed = store.replace_participant(saved.model_copy(update={"eligible": False}))
    assert changed.version == saved.version + 1
    with pytest.raises(Conflict):
        store.replace_participant(saved)  # from the version read before


def test_a_link_is_confirmed_once_and_moves_the_participant_to_the_accounts_person(store: Any) -> None:
    submitted = _application(1)
    store.add_application(submitted, idempotency=None)
    participant = _participant(submitted).model_copy(update={"account_link": "pending"})
    store.decide(
        submitted.model_copy(update={"status": "accepted"}),
        previous_status="submitted",
        participant=participant,
    )
    link = account_link(email=submitted.person.email, application_id=submitted.application_id, role="mentee")
    store.add_link(link)
    assert [x.link_id for x in store.links_of("t_1", "p_owner")] == ["lnk_1"]
    assert store.links_of("t_1", "p_someone_else") == []

    confirmed = link.model_copy(update={"status": "confirmed", "confirmed_at": datetime.now(UTC)})
    read = store.participant("t_1", "pt_1")  # with its stored version, as the rule reads it
    moved = read.model_copy(update={"person_id": "p_owner", "account_link": None})
    store.confirm_link(confirmed, moved)
    with pytest.raises(Conflict) as twice:
        store.confirm_link(confirmed, moved)
    assert twice.value.extensions["rule"] == "link_not_pending"
    stored = store.participant("t_1", "pt_1")
    assert stored is not None and stored.person_id == "p_owner" and stored.account_link is None
    assert store.link("t_1", "lnk_1").status == "confirmed"
