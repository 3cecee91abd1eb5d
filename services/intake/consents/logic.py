"""Consent per purpose: what a participant sees and changes, carried over from the application form, and
what a withdrawal sets off (notifications' ceiling via `ConsentChanged`; erasure via `ErasureRequests`).
Plain Python over the ports below."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol

from services.intake.consents.models import PURPOSES, ConsentChange, Consents, PurposeAnswer
from services.intake.consents.schemas import ConsentsView, ConsentsWrite
from services.intake.employers.logic import ending_on_withdrawal
from services.intake.employers.models import EmployerLink
from services.intake.models import CURRENT_PRIVACY_NOTICES, PRIVACY_NOTICE_VERSION, Application, Participant
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import ConsentChanged, ConsentPurpose
from shared.events.publisher import OutgoingEvent, Publisher

ErasureReason = Literal["consent_withdrawn", "retention_period_ended"]


class ConsentsPort(Protocol):
    def consents(self, tenant_id: str, person_id: str) -> Consents | None: ...
    def save_consents(self, consents: Consents) -> Consents: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...
    def application(self, tenant_id: str, application_id: str) -> Application | None: ...
    def employer_links(self, tenant_id: str, participant_id: str) -> list[EmployerLink]: ...
    def save_consents_ending_links(self, consents: Consents, ended: Sequence[EmployerLink]) -> Consents: ...


class ErasureRequests(Protocol):
    """Starts a participant's erasure (the orchestration across services is built elsewhere)."""

    def request_erasure(self, tenant_id: str, participant_id: str, reason: ErasureReason) -> None: ...


def from_application(application: Application) -> Consents:
    """The form's answers as the first entries of the history; sharing with an employer is not asked there."""
    c = application.consent
    answers: dict[ConsentPurpose, tuple[bool, datetime]] = {
        "processing": (c.processing.granted, c.processing.recorded_at),
        "email": (c.contact_email.granted, c.contact_email.recorded_at),
        "sms": (c.contact_sms.granted, c.contact_sms.recorded_at),
        "employer_sharing": (False, c.processing.recorded_at),
    }
    version = c.privacy_notice_version
    return Consents(
        tenant_id=application.tenant_id,
        person_id=application.person_id,
        purposes=[
            PurposeAnswer(
                purpose=p, granted=answers[p][0], privacy_notice_version=version, changed_at=answers[p][1]
            )
            for p in PURPOSES
        ],
        history=[
            ConsentChange(
                purpose=p,
                granted=answers[p][0],
                privacy_notice_version=version,
                changed_at=answers[p][1],
                source="application",
            )
            for p in PURPOSES
        ],
    )


def _participations(caller: Principal, store: ConsentsPort) -> tuple[str, str, list[Participant]]:
    caller.require(Role.MENTOR, Role.MENTEE)
    tenant_id = caller.require_tenant()
    if not caller.person_id:
        raise NotFound("Tandem holds no consents of this account.")
    mine = store.participants(tenant_id, programme_id=None, role=None, person_id=caller.person_id)
    return tenant_id, caller.person_id, mine


def _current(tenant_id: str, person_id: str, mine: list[Participant], store: ConsentsPort) -> Consents:
    held = store.consents(tenant_id, person_id)
    if held is not None:
        return held
    # Accepted before consents were kept apart from the application: its form's answers stand.
    for participant in sorted(mine, key=lambda p: p.accepted_at, reverse=True):
        application = store.application(tenant_id, participant.application_id)
        if application is not None:
            return store.save_consents(from_application(application))
    raise NotFound("Tandem holds no consents of this account.")


def _view(consents: Consents) -> ConsentsView:
    return ConsentsView(
        purposes=consents.purposes,
        history=consents.history,
        current_privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )


def my_consents(caller: Principal, store: ConsentsPort) -> ConsentsView:
    tenant_id, person_id, mine = _participations(caller, store)
    return _view(_current(tenant_id, person_id, mine, store))


def change_consents(
    caller: Principal,
    body: ConsentsWrite,
    store: ConsentsPort,
    publisher: Publisher,
    erasure: ErasureRequests,
    *,
    now: datetime,
) -> ConsentsView:
    """Each purpose changed becomes a history entry and a `ConsentChanged`; withdrawing processing asks for
    the erasure of every participation of the person (its managers are told through that request)."""
    tenant_id, person_id, mine = _participations(caller, store)
    if body.privacy_notice_version not in CURRENT_PRIVACY_NOTICES:
        raise RuleViolation(
            "Consent counts only for the privacy notice shown now; reload the page.",
            rule="privacy_notice_outdated",
            field="privacy_notice_version",
        )
    consents = _current(tenant_id, person_id, mine, store)
    wanted = {p: getattr(body, p) for p in PURPOSES if getattr(body, p) is not None}
    changed = [p for p in consents.purposes if p.purpose in wanted and p.granted != wanted[p.purpose]]
    if not changed:
        return _view(consents)
    version = body.privacy_notice_version
    updated = {
        p.purpose: PurposeAnswer(
            purpose=p.purpose, granted=wanted[p.purpose], privacy_notice_version=version, changed_at=now
        )
        for p in changed
    }
    entries = [
        ConsentChange(purpose=u.purpose, granted=u.granted, privacy_notice_version=version, changed_at=now,
                      source="person")
        for u in updated.values()
    ]  # fmt: skip
    events = [
        OutgoingEvent(
            tenant_id,
            ConsentChanged(
                person_id=person_id, purpose=u.purpose, granted=u.granted, privacy_notice_version=version
            ),
        )
        for u in updated.values()
    ]
    # Withdrawing the employer's share ends every live link of the person's participations at once: in
    # the consent's own transaction, so no moment exists in which an employer still sees them.
    ended_links: list[EmployerLink] = []
    if "employer_sharing" in updated and not updated["employer_sharing"].granted:
        ended_links, link_events = ending_on_withdrawal(tenant_id, mine, store, now)
        events.extend(link_events)
    with publisher.along(events):
        saved = store.save_consents_ending_links(
            consents.model_copy(
                update={
                    "purposes": [updated.get(p.purpose, p) for p in consents.purposes],
                    "history": [*consents.history, *entries],
                }
            ),
            ended_links,
        )
    if "processing" in updated and not updated["processing"].granted:
        for participant in mine:
            erasure.request_erasure(tenant_id, participant.participant_id, "consent_withdrawn")
    return _view(saved)
