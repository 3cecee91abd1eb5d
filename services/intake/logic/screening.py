"""Screening: a manager reads applications, notes the interview, and decides."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake.logic.participants import mentor_eligible, participant_accepted
from services.intake.logic.ports import ApplicationQuery, Directory, ScreeningPort
from services.intake.logic.registry import account_of, contact_details, new_id
from services.intake.models import AccountLink, Application, InterviewNote, Participant
from services.intake.schemas import ApplicationDetail, ApplicationPage, DecisionCreate, NoteCreate
from shared import audit
from shared.auth import Principal, Role
from shared.errors import Conflict, NotFound
from shared.events.catalog import ApplicationDecided
from shared.events.publisher import OutgoingEvent, Publisher


def list_applications(caller: Principal, store: ScreeningPort, query: ApplicationQuery) -> ApplicationPage:
    caller.require(Role.MANAGER)
    items, token = store.applications(caller.require_tenant(), query)
    audit.record_many(caller, "read", "application", [(a.application_id, a.application_id) for a in items])
    return ApplicationPage(items=items, next_token=token)


def read_application(caller: Principal, application_id: str, store: ScreeningPort) -> ApplicationDetail:
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    application = store.application(tenant_id, application_id)
    if application is None:
        raise NotFound("No such application.")
    audit.record(caller, "read", "application", subject_of(application), application_id)
    return ApplicationDetail(application=application, notes=store.notes(tenant_id, application_id))


def subject_of(application: Application) -> str:
    """Whom the audit trail files an application under: its participant once accepted (the participant's
    trail also shows what was read under the application id before)."""
    return application.participant_id or application.application_id


def add_interview_note(
    caller: Principal, application_id: str, body: NoteCreate, store: ScreeningPort
) -> InterviewNote:
    read_application(caller, application_id, store)
    note = InterviewNote(
        note_id=new_id("note"),
        application_id=application_id,
        author_id=caller.person_id or caller.user_id,
        text=body.text,
        written_at=datetime.now(UTC),
    )
    store.add_note(caller.require_tenant(), note)
    audit.record(caller, "change", "interview_notes", application_id, note.note_id)
    return note


#: A wait-listed application may still be accepted or rejected; any other decided one is final.
_DECIDABLE = {"submitted", "waitlisted"}


def decide_application(
    caller: Principal,
    application_id: str,
    body: DecisionCreate,
    store: ScreeningPort,
    directory: Directory,
    publisher: Publisher,
) -> Application:
    application = read_application(caller, application_id, store).application
    tenant_id = application.tenant_id
    if application.status not in _DECIDABLE or application.status == body.decision:
        raise Conflict(f"This application is {application.status} already.", rule="already_decided")
    programme = store.programme(tenant_id, application.programme_id)
    if programme is None:
        raise NotFound("The application's programme no longer exists.")
    now = datetime.now(UTC)
    participant = None
    link = None
    if body.decision == "accepted":
        person = application.person
        tenant = store.tenant(tenant_id)
        if tenant is None:
            raise NotFound("The application's municipality no longer exists.")
        _, account_person_id = directory.ensure_account(account_of(application, tenant.slug))
        # The e-mail may already have an account here. An application proves no one owns that e-mail, so
        # the participation is not joined to the account (nor its contact details changed) until the
        # account's owner confirms it: until then it is the applicant's own person, unknown to matching.
        pending = account_person_id != application.person_id
        participant = Participant(
            participant_id=new_id("pt"),
            person_id=application.person_id,
            tenant_id=tenant_id,
            programme_id=programme.programme_id,
            application_id=application_id,
            role=application.role,
            given_name=person.given_name,
            family_name=person.family_name,
            language=application.language,
            eligible=mentor_eligible(application.role, programme, []),
            accepted_at=now,
            account_link="pending" if pending else None,
        )
        if pending:
            link = AccountLink(
                link_id=new_id("lnk"),
                tenant_id=tenant_id,
                account_person_id=account_person_id,
                email=person.email,
                participant_id=participant.participant_id,
                programme_id=programme.programme_id,
                application_id=application_id,
                role=application.role,
                status="pending",
                created_at=now,
            )
    decided = application.model_copy(
        update={
            "status": body.decision,
            "decided_at": now,
            "decision_reason": body.reason,
            "participant_id": participant.participant_id if participant else None,
        }
    )

    events: list[OutgoingEvent] = [
        OutgoingEvent(
            tenant_id,
            ApplicationDecided(
                application_id=application_id,
                programme_id=programme.programme_id,
                person_id=application.person_id,
                role=application.role,
                decision=body.decision,
                participant_id=participant.participant_id if participant else None,
                account_link_pending=link is not None,
            ),
        )
    ]
    if participant is not None:
        if link is None:
            events.append(OutgoingEvent(tenant_id, participant_accepted(participant, application)))
        events.append(OutgoingEvent(tenant_id, contact_details(application)))
    if link is not None:
        store.add_link(link)
    try:
        with publisher.along(events):
            store.decide(decided, previous_status=application.status, participant=participant)
    except Exception:
        if link is not None:
            store.remove_link(link)
        raise
    audit.record(caller, "change", "application", subject_of(decided), application_id)
    return decided
