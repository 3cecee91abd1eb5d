"""The mentoring agreement: written by the mentor or a manager, versioned, signed by every member and a
manager (DOMAIN.md step 5; issue 11, "Agreement")."""

from __future__ import annotations

from datetime import UTC, datetime

from services.sessions.logic.agreement_template import template_of
from services.sessions.logic.common import Caller, caller_in, still_running
from services.sessions.logic.ports import SessionsRecords
from services.sessions.models import Agreement, AgreementTemplate, Relationship, Signature
from services.sessions.schemas import AgreementWrite, SignatureRequest
from shared import audit
from shared.auth import Principal
from shared.errors import Conflict, RuleViolation
from shared.events.catalog import AgreementChanged, AgreementSigned
from shared.events.publisher import OutgoingEvent, Publisher


def draft(relationship: Relationship, template: AgreementTemplate) -> Agreement:
    """The agreement before anyone wrote it: the programme's dates and cadence, and its code of ethics,
    terms and communication rules (its own, or the seeds')."""
    return Agreement(
        match_id=relationship.match_id,
        version=0,
        starts_on=relationship.programme_starts_on,
        ends_on=relationship.programme_ends_on,
        meeting_every_days=relationship.cadence_days,
        ethics=template.ethics,
        communication_rules=template.communication_rules,
        terms=template.terms,
    )


def _template(caller: Caller, store: SessionsRecords) -> AgreementTemplate:
    relationship = caller.relationship
    return template_of(caller.tenant_id, relationship.programme_id, relationship.languages, store)


def _current(caller: Caller, store: SessionsRecords) -> Agreement:
    stored = store.agreement(caller.tenant_id, caller.relationship.match_id)
    return stored if stored is not None else draft(caller.relationship, _template(caller, store))


def read_agreement(principal: Principal, match_id: str, store: SessionsRecords) -> Agreement:
    caller = caller_in(principal, match_id, store)
    agreement = _current(caller, store)
    members = [caller.relationship.mentor_id, *caller.relationship.mentee_ids]
    audit.record_many(principal, "read", "agreement", [(m, match_id) for m in members])
    return agreement


def write_agreement(
    principal: Principal,
    match_id: str,
    body: AgreementWrite,
    store: SessionsRecords,
    publisher: Publisher | None = None,
) -> Agreement:
    caller = caller_in(principal, match_id, store)
    caller.require("mentor", "manager")
    relationship = caller.relationship
    still_running(relationship)
    if body.starts_on > body.ends_on:
        raise RuleViolation(
            "The agreement cannot end before it starts.", rule="dates_in_order", field="ends_on"
        )
    if body.starts_on < relationship.programme_starts_on or body.ends_on > relationship.programme_ends_on:
        raise RuleViolation(
            f"The agreement must lie within the programme's dates ({relationship.programme_starts_on} to "
            f"{relationship.programme_ends_on}).",
            rule="agreement_within_programme",
            field="starts_on" if body.starts_on < relationship.programme_starts_on else "ends_on",
        )
    current = _current(caller, store)
    written = current.model_copy(
        update={
            "version": current.version + 1,
            "starts_on": body.starts_on,
            "ends_on": body.ends_on,
            "meeting_every_days": body.meeting_every_days or relationship.cadence_days,
            "ethics": body.ethics if body.ethics is not None else _template(caller, store).ethics,
            "communication_rules": body.communication_rules,
            "terms": body.terms if body.terms is not None else _template(caller, store).terms,
            # A changed agreement is a new one: whoever signed the old version signs again.
            "signatures": [],
            "signed": False,
            "updated_at": datetime.now(UTC),
        }
    )
    if publisher is None:
        return store.save_agreement(caller.tenant_id, written)
    # Notifications tells the members (and the managers) there is a version to sign.
    changed = AgreementChanged(
        match_id=match_id,
        programme_id=relationship.programme_id,
        agreement_version=written.version,
        signatures_cleared=bool(current.signatures),
    )
    with publisher.along([OutgoingEvent(caller.tenant_id, changed)]):
        return store.save_agreement(caller.tenant_id, written)


def _signer(caller: Caller) -> Signature:
    now = datetime.now(UTC)
    if caller.role is not None:
        return Signature(role=caller.role, participant_id=caller.participant_id, signed_at=now)
    return Signature(role="manager", signed_at=now)


def _complete(agreement: Agreement, relationship: Relationship) -> bool:
    signed_by = {s.participant_id for s in agreement.signatures if s.participant_id}
    members = {relationship.mentor_id, *relationship.mentee_ids}
    return members <= signed_by and any(s.role == "manager" for s in agreement.signatures)


def sign_agreement(
    principal: Principal, match_id: str, body: SignatureRequest, store: SessionsRecords, publisher: Publisher
) -> Agreement:
    caller = caller_in(principal, match_id, store)
    relationship = caller.relationship
    still_running(relationship)
    current = store.agreement(caller.tenant_id, match_id)
    if current is None:
        raise RuleViolation("Nobody has written the agreement yet.", rule="agreement_missing")
    if body.version != current.version:
        raise Conflict(
            f"Version {body.version} is not the current agreement ({current.version}): read it again.",
            rule="agreement_version_outdated",
            current_version=current.version,
        )
    signer = _signer(caller)
    # A member signs as themselves; a manager who is not a member signs for the programme (one suffices).
    already = any(
        (s.participant_id == signer.participant_id if signer.participant_id else s.role == "manager")
        for s in current.signatures
    )
    if already:
        return current
    signed = current.model_copy(update={"signatures": [*current.signatures, signer]})
    signed.signed = _complete(signed, relationship)
    events: list[OutgoingEvent] = []
    if signed.signed:
        complete = AgreementSigned(
            match_id=match_id,
            programme_id=relationship.programme_id,
            agreement_version=signed.version,
            starts_on=signed.starts_on,
            ends_on=signed.ends_on,
        )
        events.append(OutgoingEvent(caller.tenant_id, complete))
    with publisher.along(events):
        return store.save_agreement(caller.tenant_id, signed)
