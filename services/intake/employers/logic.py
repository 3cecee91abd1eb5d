"""Employers' links to mentees (seed 002): made by a manager only where the mentee's current consent to
share progress with an employer (`employer_sharing`) is given; ended by a manager, or at once — in the
consent change's own transaction — when the mentee withdraws that consent. Plain Python over the port."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from services.intake.consents.models import Consents
from services.intake.employers.models import (
    EmployerLink,
    EmployerLinkCreate,
    EmployerLinkView,
)
from services.intake.models import Participant, User
from shared import audit
from shared.auth import Principal, Role
from shared.errors import NotFound, RuleViolation
from shared.events.catalog import EmployerLinked, EmployerLinkEnded
from shared.events.catalog.intake import EmployerLinkEndReason
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import Answer, IdempotencyRace, IdempotentRequest

_NO_PARTICIPANT = "No such participant."


class LinksOfParticipant(Protocol):
    def employer_links(self, tenant_id: str, participant_id: str) -> list[EmployerLink]: ...


class EmployerLinksPort(LinksOfParticipant, Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def consents(self, tenant_id: str, person_id: str) -> Consents | None: ...
    def accounts(self, tenant_id: str, role: str) -> list[User]: ...
    def add_employer_link(
        self, tenant_id: str, link: EmployerLink, *, idempotency: Answer | None
    ) -> None: ...
    def end_employer_links(self, tenant_id: str, ended: Sequence[EmployerLink]) -> None: ...
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None: ...
    def links_of_employer(self, tenant_id: str, employer_user_id: str) -> list[EmployerLink]: ...


def _mentee(caller: Principal, participant_id: str, store: EmployerLinksPort) -> tuple[str, Participant]:
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    participant = store.participant(tenant_id, participant_id)
    if participant is None:
        raise NotFound(_NO_PARTICIPANT)
    return tenant_id, participant


def _views(tenant_id: str, links: list[EmployerLink], store: EmployerLinksPort) -> list[EmployerLinkView]:
    names = {u.user_id: f"{u.given_name} {u.family_name}" for u in store.accounts(tenant_id, "employer")}
    return [
        EmployerLinkView(**link.model_dump(), employer_name=names.get(link.employer_user_id, ""))
        for link in links
    ]


def employers(caller: Principal, store: EmployerLinksPort) -> list[User]:
    """The municipality's employer contacts, for the manager's choice of whom to link."""
    caller.require(Role.MANAGER)
    return sorted(
        store.accounts(caller.require_tenant(), "employer"), key=lambda u: (u.family_name, u.given_name)
    )


def list_links(caller: Principal, participant_id: str, store: EmployerLinksPort) -> list[EmployerLinkView]:
    tenant_id, participant = _mentee(caller, participant_id, store)
    return _views(tenant_id, store.employer_links(tenant_id, participant.participant_id), store)


def link_employer(
    caller: Principal,
    participant_id: str,
    body: EmployerLinkCreate,
    store: EmployerLinksPort,
    publisher: Publisher,
    *,
    now: datetime,
    idempotency_key: str | None = None,
) -> EmployerLinkView:
    tenant_id, participant = _mentee(caller, participant_id, store)
    request = IdempotentRequest.of(idempotency_key, scope=f"employer-link#{participant_id}", body=body)
    if request and (earlier := request.recall(store, tenant_id, EmployerLinkView)):
        return earlier
    if participant.role != "mentee":
        raise RuleViolation("An employer is linked to a mentee only.", rule="employer_links_mentees")
    employer = next(
        (u for u in store.accounts(tenant_id, "employer") if u.user_id == body.employer_user_id), None
    )
    if employer is None:
        raise RuleViolation(
            "No employer account of this municipality has this id.",
            rule="employer_account_required",
            field="employer_user_id",
        )
    consents = store.consents(tenant_id, participant.person_id)
    if consents is None or not consents.granted("employer_sharing"):
        raise RuleViolation(
            "The mentee has not consented to share their progress with an employer.",
            rule="employer_sharing_consent_required",
        )
    live = store.employer_links(tenant_id, participant.participant_id)
    if any(x.employer_user_id == employer.user_id and x.status == "active" for x in live):
        raise RuleViolation(
            "This employer is already linked to the mentee.",
            rule="employer_already_linked",
            field="employer_user_id",
        )
    link = EmployerLink(
        link_id=f"el_{uuid.uuid4().hex[:20]}",
        participant_id=participant.participant_id,
        programme_id=participant.programme_id,
        employer_user_id=employer.user_id,
        linked_at=now,
        linked_by=caller.user_id,
    )
    view = EmployerLinkView(
        **link.model_dump(), employer_name=f"{employer.given_name} {employer.family_name}"
    )
    linked = EmployerLinked(
        link_id=link.link_id, participant_id=link.participant_id, employer_user_id=link.employer_user_id
    )
    try:
        with publisher.along([OutgoingEvent(tenant_id, linked)]):
            store.add_employer_link(tenant_id, link, idempotency=request.answered(view) if request else None)
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, tenant_id, EmployerLinkView)
        assert earlier is not None
        return earlier
    audit.record(caller, "change", "employer_link", participant.participant_id, link.link_id)
    return view


def ended(
    link: EmployerLink, reason: EmployerLinkEndReason, now: datetime
) -> tuple[EmployerLink, EmployerLinkEnded]:
    """The link as ended, and the event that says so (the caller writes both in one transaction)."""
    done = link.model_copy(update={"status": "ended", "ended_at": now, "end_reason": reason})
    event = EmployerLinkEnded(
        link_id=link.link_id,
        participant_id=link.participant_id,
        employer_user_id=link.employer_user_id,
        reason=reason,
    )
    return done, event


def end_link(
    caller: Principal,
    participant_id: str,
    link_id: str,
    store: EmployerLinksPort,
    publisher: Publisher,
    *,
    now: datetime,
) -> EmployerLinkView:
    tenant_id, participant = _mentee(caller, participant_id, store)
    link = next(
        (x for x in store.employer_links(tenant_id, participant.participant_id) if x.link_id == link_id), None
    )
    if link is None:
        raise NotFound("No such employer link.")
    if link.status == "ended":
        return _views(tenant_id, [link], store)[0]
    done, event = ended(link, "unlinked", now)
    with publisher.along([OutgoingEvent(tenant_id, event)]):
        store.end_employer_links(tenant_id, [done])
    audit.record(caller, "change", "employer_link", participant.participant_id, link_id)
    return _views(tenant_id, [done], store)[0]


def ending_on_withdrawal(
    tenant_id: str, participants: Sequence[Participant], store: LinksOfParticipant, now: datetime
) -> tuple[list[EmployerLink], list[OutgoingEvent]]:
    """The live links of a person's participations, ended because they withdrew `employer_sharing`."""
    links: list[EmployerLink] = []
    events: list[OutgoingEvent] = []
    for participant in participants:
        for link in store.employer_links(tenant_id, participant.participant_id):
            if link.status == "active":
                done, event = ended(link, "consent_withdrawn", now)
                links.append(done)
                events.append(OutgoingEvent(tenant_id, event))
    return links, events


def my_mentees(caller: Principal, store: EmployerLinksPort) -> list[Participant]:
    """The mentees an employer is linked to now (their start page names them; progress is sessions')."""
    caller.require(Role.EMPLOYER)
    tenant_id = caller.require_tenant()
    found = [
        store.participant(tenant_id, x.participant_id)
        for x in store.links_of_employer(tenant_id, caller.user_id)
    ]
    return [p for p in found if p is not None]
