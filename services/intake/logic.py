"""Intake's rules: tenants, accounts and programmes. Plain Python; storage and AWS come in as ports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from services.intake.form_spec import fields_for
from services.intake.schemas import (
    PRIVACY_NOTICE_VERSION,
    AccountLink,
    Application,
    ApplicationCreate,
    ApplicationDetail,
    ApplicationPage,
    ApplicationReceipt,
    ApplicationSummary,
    AuditEntry,
    ConsentRecord,
    DecisionCreate,
    InterviewNote,
    NoteCreate,
    Participant,
    Programme,
    ProgrammeCreate,
    ProgrammePatch,
    PublicProgramme,
    PurposeConsent,
    Tenant,
    TenantCreate,
    TrainingCreate,
    TrainingRecord,
    User,
    UserCreate,
)
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.events.catalog import (
    ApplicationDecided,
    ApplicationSubmitted,
    ContactDetailsRecorded,
    ManagerAdded,
    MatchingFacts,
    MatchingWishes,
    MentorQualified,
    ParticipantAccepted,
    ProgrammeChanged,
    ProgrammeOpened,
    TenantCreated,
)
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import Answer, IdempotencyRace, IdempotentRequest
from shared.languages import SHIPPED, shipped_or_default


class Store(Protocol):
    def add_tenant(self, tenant: Tenant) -> None: ...
    def tenants(self) -> list[Tenant]: ...
    def tenant(self, tenant_id: str) -> Tenant | None: ...
    def reserve_account(self, user: User) -> None: ...
    def release_account(self, user: User) -> None: ...
    def activate_account(self, user: User, audit: AuditEntry | None) -> None: ...
    def audit_entries(self, tenant_id: str) -> list[AuditEntry]: ...
    def add_programme(self, programme: Programme) -> Programme: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def programmes(self, tenant_id: str) -> list[Programme]: ...
    def replace_programme(self, programme: Programme) -> Programme: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...


class Directory(Protocol):
    def create_account(
        self,
        *,
        email: str,
        role: str,
        tenant_id: str,
        person_id: str,
        given_name: str,
        family_name: str,
        language: str,
    ) -> str: ...

    def ensure_account(
        self,
        *,
        email: str,
        role: str,
        tenant_id: str,
        person_id: str,
        given_name: str,
        family_name: str,
        language: str,
    ) -> tuple[str, str]: ...

    def add_role(self, *, email: str, tenant_id: str, role: str) -> None: ...


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


# --- tenants ----------------------------------------------------------------------------------------


def create_tenant(caller: Principal, body: TenantCreate, store: Store, publisher: Publisher) -> Tenant:
    caller.require(Role.ADMIN)
    tenant = Tenant(tenant_id=new_id("t"), created_at=datetime.now(UTC), **body.model_dump())
    store.add_tenant(tenant)
    publisher.publish_one(
        tenant.tenant_id,
        TenantCreated(
            slug=tenant.slug,
            name=tenant.name,
            default_language=tenant.default_language,
            languages=tenant.languages,
        ),
    )
    return tenant


def list_tenants(caller: Principal, store: Store) -> list[Tenant]:
    caller.require(Role.ADMIN)
    return sorted(store.tenants(), key=lambda t: t.slug)


# --- accounts ---------------------------------------------------------------------------------------


def create_user(
    caller: Principal, body: UserCreate, store: Store, directory: Directory, publisher: Publisher
) -> User:
    """The network admin creates managers of any tenant; a manager creates anyone of their own tenant."""
    if caller.has(Role.ADMIN):
        if body.role != "manager":
            raise RuleViolation(
                "The network admin creates managers; managers create the others.",
                rule="admin_creates_managers",
                field="role",
            )
        if not body.tenant_id:
            raise RuleViolation(
                "Say which municipality the manager belongs to.", rule="tenant_required", field="tenant_id"
            )
        if store.tenant(body.tenant_id) is None:
            raise RuleViolation("No such municipality.", rule="tenant_exists", field="tenant_id")
        tenant_id = body.tenant_id
    else:
        caller.require(Role.MANAGER)
        if body.tenant_id is not None:
            # The tenant comes from the token, never from the body.
            raise RuleViolation(
                "Only the network admin names a municipality.", rule="tenant_from_token", field="tenant_id"
            )
        tenant_id = caller.require_tenant()

    # The person id is minted here, never taken from the request: an account can only be a new person.
    user = User(
        user_id="",
        person_id=new_id("p"),
        tenant_id=tenant_id,
        email=body.email,
        role=body.role,
        given_name=body.given_name,
        family_name=body.family_name,
        language=body.language,
    )
    # Claim the e-mail first, so a duplicate is refused before any sign-in exists (no stray account).
    store.reserve_account(user)
    try:
        user_id = directory.create_account(
            email=body.email,
            role=body.role,
            tenant_id=tenant_id,
            person_id=user.person_id,
            given_name=body.given_name,
            family_name=body.family_name,
            language=body.language,
        )
    except Exception:
        store.release_account(user)
        raise
    user = user.model_copy(update={"user_id": user_id})
    audit = None
    if caller.has(Role.ADMIN):
        audit = AuditEntry(
            audit_id=new_id("aud"),
            tenant_id=tenant_id,
            action="manager_created",
            actor_id=caller.user_id,
            person_id=user.person_id,
            at=datetime.now(UTC),
        )
    store.activate_account(user, audit)
    events = [
        OutgoingEvent(
            tenant_id,
            ContactDetailsRecorded(
                person_id=user.person_id,
                role=body.role,
                email=body.email,
                given_name=body.given_name,
                family_name=body.family_name,
                language=body.language,
            ),
        )
    ]
    if audit is not None:
        events.append(
            OutgoingEvent(
                tenant_id,
                ManagerAdded(
                    audit_id=audit.audit_id,
                    person_id=user.person_id,
                    given_name=user.given_name,
                    family_name=user.family_name,
                ),
            )
        )
    publisher.publish(events)
    return user.model_copy(update={"audit": audit})


def audit_trail(caller: Principal, tenant_id: str, store: Store) -> list[AuditEntry]:
    """What the network admin did in a municipality, oldest first."""
    caller.require(Role.ADMIN)
    if store.tenant(tenant_id) is None:
        raise NotFound("No such municipality.")
    return store.audit_entries(tenant_id)


# --- programmes -------------------------------------------------------------------------------------


def _check_dates(programme: Programme) -> None:
    if programme.ends_on <= programme.starts_on:
        raise RuleViolation("A programme ends after it starts.", rule="ends_after_start", field="ends_on")


def form_links(base_url: str, programme: Programme) -> dict[str, str]:
    base = f"{base_url}/forms/{programme.tenant_slug}/{programme.programme_id}"
    return {role: f"{base}?role={role}" for role in ("mentee", "mentor")}


def programme_facts(programme: Programme) -> dict[str, Any]:
    return programme.model_dump(
        include={
            "programme_id",
            "tenant_slug",
            "name",
            "kind",
            "max_group_size",
            "mode",
            "languages",
            "starts_on",
            "ends_on",
            "intake_open",
            "mentor_training_required",
            "matching",
        }
    )


def open_programme(caller: Principal, body: ProgrammeCreate, store: Store, publisher: Publisher) -> Programme:
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    tenant = store.tenant(tenant_id)
    if tenant is None:
        raise Forbidden("Your municipality is not registered.")
    programme = Programme(
        programme_id=new_id("prg"),
        tenant_id=tenant_id,
        tenant_slug=tenant.slug,
        created_at=datetime.now(UTC),
        version=0,
        **body.model_dump(),
    )
    _check_dates(programme)
    programme = store.add_programme(programme)
    publisher.publish_one(
        tenant_id,
        ProgrammeOpened(**programme_facts(programme), opened_by=caller.person_id or caller.user_id),
    )
    return programme


def _own_programme_ids(caller: Principal, store: Store) -> set[str]:
    """The programmes a mentor or mentee takes part in."""
    mine = store.participants(
        caller.require_tenant(), programme_id=None, role=None, person_id=caller.person_id or "-"
    )
    return {p.programme_id for p in mine}


def get_programme(caller: Principal, programme_id: str, store: Store) -> Programme:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    programme = store.programme(caller.require_tenant(), programme_id)
    visible = programme is not None and (
        caller.has(Role.MANAGER) or programme_id in _own_programme_ids(caller, store)
    )
    if programme is None or not visible:
        # Another tenant's programme is indistinguishable from one that does not exist.
        raise NotFound("No such programme.")
    return programme


def list_programmes(caller: Principal, store: Store) -> list[Programme]:
    caller.require(Role.MANAGER, Role.MENTOR, Role.MENTEE)
    programmes = store.programmes(caller.require_tenant())
    if not caller.has(Role.MANAGER):
        own = _own_programme_ids(caller, store)
        programmes = [p for p in programmes if p.programme_id in own]
    return sorted(programmes, key=lambda p: p.created_at, reverse=True)


def change_programme(
    caller: Principal, programme_id: str, patch: ProgrammePatch, store: Store, publisher: Publisher
) -> Programme:
    caller.require(Role.MANAGER)
    current = get_programme(caller, programme_id, store)
    if patch.expected_version is not None and patch.expected_version != current.version:
        raise Conflict("The programme changed since you read it.", current_version=current.version)
    changes = patch.model_dump(exclude_unset=True, exclude={"expected_version"})
    if any(v is None for v in changes.values()):
        nulls = sorted(k for k, v in changes.items() if v is None)
        raise RuleViolation(
            f"These cannot be emptied: {', '.join(nulls)}.", rule="not_nullable", field=nulls[0]
        )
    changed = Programme.model_validate({**current.model_dump(), **changes})
    _check_dates(changed)
    saved = store.replace_programme(changed)
    publisher.publish_one(
        saved.tenant_id, ProgrammeChanged(**programme_facts(saved), programme_version=saved.version)
    )
    return saved


# --- the public face of a programme and its applications --------------------------------------------


class ApplicationStore(Protocol):
    def tenant_by_slug(self, slug: str) -> Tenant | None: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def idempotent_answer(self, tenant_id: str, scope: str) -> Answer | None: ...
    def add_application(self, application: Application, *, idempotency: Answer | None) -> None: ...


def _public_target(tenant_slug: str, programme_id: str, store: ApplicationStore) -> tuple[Tenant, Programme]:
    tenant = store.tenant_by_slug(tenant_slug)
    programme = store.programme(tenant.tenant_id, programme_id) if tenant else None
    if tenant is None or programme is None:
        raise NotFound("No such programme.")
    return tenant, programme


def public_programme(tenant_slug: str, programme_id: str, store: ApplicationStore) -> PublicProgramme:
    tenant, programme = _public_target(tenant_slug, programme_id, store)
    return PublicProgramme(
        programme_id=programme.programme_id,
        tenant_slug=tenant.slug,
        name=programme.name,
        languages=programme.languages,
        default_language=tenant.default_language,
        open=programme.intake_open,
        kind=programme.kind,
        mode=programme.mode,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        fields={"mentee": fields_for("mentee"), "mentor": fields_for("mentor")},
    )


def new_application_id(now: datetime) -> str:
    """Sorts by submission time (newest first is a reverse key order), unique by its random tail."""
    return f"app_{int(now.timestamp() * 1000):013d}{uuid.uuid4().hex[:8]}"


def submit_application(
    tenant_slug: str,
    programme_id: str,
    body: ApplicationCreate,
    store: ApplicationStore,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
    log: Logger | None = None,
) -> ApplicationReceipt:
    tenant, programme = _public_target(tenant_slug, programme_id, store)
    now = datetime.now(UTC)
    if body.website:
        # A bot filled the trap: answer as usual so it learns nothing, keep and publish nothing.
        if log:
            log.info("honeypot filled; application dropped", programme_id=programme_id)
        return ApplicationReceipt(application_id=new_application_id(now), status="submitted")
    if not programme.intake_open:
        raise Conflict("Applications to this programme are closed.", rule="intake_closed")
    request = IdempotentRequest.of(idempotency_key, scope=programme_id, body=body)
    if request and (earlier := request.recall(store, tenant.tenant_id, ApplicationReceipt)):
        return earlier
    application = Application(
        application_id=new_application_id(now),
        tenant_id=tenant.tenant_id,
        programme_id=programme_id,
        person_id=new_id("p"),
        role=body.role,
        language=body.language or _first_shipped(body.person.languages, tenant.default_language),
        status="submitted",
        submitted_at=now,
        person=body.person,
        profile=body.profile,
        needs=body.needs,
        wishes=body.wishes,
        skills=body.skills,
        competences=body.competences,
        mentoring_experience=body.mentoring_experience,
        capacity=body.capacity,
        consent=consent_record(body, now),
    )
    receipt = ApplicationReceipt(application_id=application.application_id, status="submitted")
    try:
        store.add_application(application, idempotency=request.answered(receipt) if request else None)
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, tenant.tenant_id, ApplicationReceipt)
        assert earlier is not None  # the racing request stored it: that is why we lost
        return earlier
    person = application.person
    publisher.publish(
        [
            OutgoingEvent(
                tenant.tenant_id,
                ContactDetailsRecorded(
                    person_id=application.person_id,
                    role=application.role,
                    email=person.email,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    language=application.language,
                    phone=person.phone,
                    contact_email=body.consent.contact_email,
                    contact_sms=body.consent.contact_sms,
                ),
            ),
            OutgoingEvent(
                tenant.tenant_id,
                ApplicationSubmitted(
                    application_id=application.application_id,
                    programme_id=programme_id,
                    person_id=application.person_id,
                    role=application.role,
                ),
            ),
        ]
    )
    return receipt


#: What the consent to processing covers; contact by e-mail and by SMS are asked for on their own.
CONSENT_PURPOSES = ["application_screening", "matching", "programme_delivery", "monitoring"]


def consent_record(body: ApplicationCreate, now: datetime) -> ConsentRecord:
    """Each purpose with its own answer, notice version and time (the schema has refused an old notice)."""
    version = body.consent.privacy_notice_version

    def answer(granted: bool) -> PurposeConsent:
        return PurposeConsent(granted=granted, privacy_notice_version=version, recorded_at=now)

    return ConsentRecord(
        privacy_notice_version=version,
        processing=answer(body.consent.processing),
        contact_email=answer(body.consent.contact_email),
        contact_sms=answer(body.consent.contact_sms),
        processing_covers=CONSENT_PURPOSES,
    )


def _first_shipped(languages: list[str], default: str) -> str:
    return next((lang for lang in languages if lang in SHIPPED), shipped_or_default(default))


# --- screening ------------------------------------------------------------------------------------


class ScreeningStore(Protocol):
    def application(self, tenant_id: str, application_id: str) -> Application | None: ...
    def applications(
        self,
        tenant_id: str,
        *,
        programme_id: str | None,
        status: str | None,
        role: str | None,
        limit: int,
        next_token: str | None,
    ) -> tuple[list[ApplicationSummary], str | None]: ...
    def add_note(self, tenant_id: str, note: InterviewNote) -> None: ...
    def notes(self, tenant_id: str, application_id: str) -> list[InterviewNote]: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...
    def decide(
        self, decided: Application, *, previous_status: str, participant: Participant | None
    ) -> None: ...
    def add_link(self, link: AccountLink) -> None: ...
    def remove_link(self, link: AccountLink) -> None: ...


def list_applications(
    caller: Principal,
    store: ScreeningStore,
    *,
    programme_id: str | None,
    status: str | None,
    role: str | None,
    limit: int,
    next_token: str | None,
) -> ApplicationPage:
    caller.require(Role.MANAGER)
    items, token = store.applications(
        caller.require_tenant(),
        programme_id=programme_id,
        status=status,
        role=role,
        limit=limit,
        next_token=next_token,
    )
    return ApplicationPage(items=items, next_token=token)


def read_application(caller: Principal, application_id: str, store: ScreeningStore) -> ApplicationDetail:
    caller.require(Role.MANAGER)
    tenant_id = caller.require_tenant()
    application = store.application(tenant_id, application_id)
    if application is None:
        raise NotFound("No such application.")
    return ApplicationDetail(application=application, notes=store.notes(tenant_id, application_id))


def add_interview_note(
    caller: Principal, application_id: str, body: NoteCreate, store: ScreeningStore
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
    return note


#: A wait-listed application may still be accepted or rejected; any other decided one is final.
_DECIDABLE = {"submitted", "waitlisted"}


def decide_application(
    caller: Principal,
    application_id: str,
    body: DecisionCreate,
    store: ScreeningStore,
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
        _, account_person_id = directory.ensure_account(
            email=person.email,
            role=application.role,
            tenant_id=tenant_id,
            person_id=application.person_id,
            given_name=person.given_name,
            family_name=person.family_name,
            language=application.language,
        )
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
    if link is not None:
        store.add_link(link)
    try:
        store.decide(decided, previous_status=application.status, participant=participant)
    except Exception:
        if link is not None:
            store.remove_link(link)
        raise

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
            ),
        )
    ]
    if participant is not None:
        if link is None:
            events.append(OutgoingEvent(tenant_id, participant_accepted(participant, application)))
        events += [
            OutgoingEvent(
                tenant_id,
                ContactDetailsRecorded(
                    person_id=participant.person_id,
                    role=participant.role,
                    email=application.person.email,
                    given_name=participant.given_name,
                    family_name=participant.family_name,
                    language=participant.language,
                    phone=application.person.phone,
                    contact_email=application.consent.contact_email.granted,
                    contact_sms=application.consent.contact_sms.granted,
                ),
            ),
        ]
    publisher.publish(events)
    return decided


def participant_accepted(participant: Participant, application: Application) -> ParticipantAccepted:
    return ParticipantAccepted(
        participant_id=participant.participant_id,
        person_id=participant.person_id,
        programme_id=participant.programme_id,
        application_id=application.application_id,
        role=participant.role,
        eligible=participant.eligible,
        profile=matching_facts(application),
    )


def matching_facts(application: Application) -> MatchingFacts:
    """What matching may know: choices and short tags from the form, never the applicant's prose."""
    p, profile = application.person, application.profile
    return MatchingFacts(
        birth_year=p.birth_year,
        gender=p.gender,
        languages=p.languages,
        interests=profile.interests,
        industry=profile.industry,
        education=profile.education,
        life_experience=profile.life_experience,
        values=profile.values,
        communication_style=profile.communication_style,
        availability=profile.availability,
        preferred_mode=profile.preferred_mode,
        wishes=MatchingWishes(**application.wishes.model_dump()) if application.wishes else None,
        skills=application.skills or [],
        capacity=application.capacity,
    )


# --- participants and mentor training ---------------------------------------------------------------


class ParticipantStore(Protocol):
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def participants(
        self, tenant_id: str, *, programme_id: str | None, role: str | None, person_id: str | None = None
    ) -> list[Participant]: ...
    def replace_participant(self, participant: Participant) -> Participant: ...
    def programme(self, tenant_id: str, programme_id: str) -> Programme | None: ...


def mentor_eligible(role: str, programme: Programme, training: list[TrainingRecord]) -> bool:
    """A mentor is matchable once every required module is completed with its assessment passed."""
    if role != "mentor" or not programme.mentor_training_required:
        return True
    passed = {t.module for t in training if t.assessment_passed}
    return set(programme.required_training_modules) <= passed


def list_participants(
    caller: Principal, store: ParticipantStore, *, programme_id: str | None, role: str | None
) -> list[Participant]:
    tenant_id = caller.require_tenant()
    if caller.has(Role.MANAGER):
        return store.participants(tenant_id, programme_id=programme_id, role=role)
    caller.require(Role.TRAINER, Role.MENTOR, Role.MENTEE)
    seen: dict[str, Participant] = {}
    if caller.has(Role.TRAINER) and role in (None, "mentor"):
        # Trainers train mentors: they see mentors (names, programme, training), never mentees.
        for p in store.participants(tenant_id, programme_id=programme_id, role="mentor"):
            seen[p.participant_id] = p
    if caller.has(Role.MENTOR, Role.MENTEE):
        # Mentors and mentees see only their own participations.
        for p in store.participants(
            tenant_id, programme_id=programme_id, role=role, person_id=caller.person_id or "-"
        ):
            seen[p.participant_id] = p
    return list(seen.values())


def read_participant(caller: Principal, participant_id: str, store: ParticipantStore) -> Participant:
    tenant_id = caller.require_tenant()
    caller.require(Role.MANAGER, Role.TRAINER, Role.MENTOR, Role.MENTEE)
    participant = store.participant(tenant_id, participant_id)
    visible = participant is not None and (
        caller.has(Role.MANAGER)
        or participant.person_id == caller.person_id
        or (caller.has(Role.TRAINER) and participant.role == "mentor")
    )
    if participant is None or not visible:
        # A mentee is, to a trainer, indistinguishable from a participant that does not exist.
        raise NotFound("No such participant.")
    return participant


def record_training(
    caller: Principal,
    participant_id: str,
    body: TrainingCreate,
    store: ParticipantStore,
    publisher: Publisher,
) -> Participant:
    caller.require(Role.MANAGER, Role.TRAINER)
    participant = read_participant(caller, participant_id, store)
    if participant.role != "mentor":
        raise RuleViolation(
            "Mentor training is recorded for mentors.", rule="mentors_only", field="participant_id"
        )
    if body.completed_on > datetime.now(UTC).date():
        raise RuleViolation(
            "A module cannot be completed in the future.", rule="not_in_future", field="completed_on"
        )
    programme = store.programme(participant.tenant_id, participant.programme_id)
    if programme is None:
        raise NotFound("The participant's programme no longer exists.")
    record = TrainingRecord(
        module=body.module,
        completed_on=body.completed_on,
        assessment_passed=body.assessment_passed,
        recorded_by=caller.person_id or caller.user_id,
        recorded_at=datetime.now(UTC),
    )
    was_eligible = participant.eligible
    training = [*participant.training, record]
    changed = participant.model_copy(
        update={"training": training, "eligible": mentor_eligible("mentor", programme, training)}
    )
    saved = store.replace_participant(changed)
    # A participation waiting for its account's owner is not known to matching yet; the confirmation
    # tells matching everything, eligibility included.
    if saved.eligible and not was_eligible and saved.account_link is None:
        publisher.publish_one(
            saved.tenant_id,
            MentorQualified(participant_id=saved.participant_id, programme_id=saved.programme_id),
        )
    return saved


# --- a participation joined to an existing account, by that account's owner --------------------------


class LinkStore(Protocol):
    def link(self, tenant_id: str, link_id: str) -> AccountLink | None: ...
    def links_of(self, tenant_id: str, account_person_id: str) -> list[AccountLink]: ...
    def participant(self, tenant_id: str, participant_id: str) -> Participant | None: ...
    def application(self, tenant_id: str, application_id: str) -> Application | None: ...
    def confirm_link(self, link: AccountLink, participant: Participant) -> None: ...


def my_links(caller: Principal, store: LinkStore) -> list[AccountLink]:
    """The participations waiting for the signed-in person to say they are theirs."""
    tenant_id = caller.require_tenant()
    if not caller.person_id:
        return []
    links = store.links_of(tenant_id, caller.person_id)
    return sorted((x for x in links if x.status == "pending"), key=lambda x: x.created_at)


def confirm_link(
    caller: Principal, link_id: str, store: LinkStore, directory: Directory, publisher: Publisher
) -> Participant:
    """The account's owner says the participation is theirs: it moves to their person and account."""
    tenant_id = caller.require_tenant()
    link = store.link(tenant_id, link_id)
    if link is None or not caller.person_id or link.account_person_id != caller.person_id:
        raise NotFound("No such link.")
    if link.status != "pending":
        raise Conflict("This link was confirmed already.", rule="link_not_pending")
    participant = store.participant(tenant_id, link.participant_id)
    application = store.application(tenant_id, link.application_id)
    if participant is None or application is None:
        raise NotFound("The participation no longer exists.")
    linked = participant.model_copy(update={"person_id": link.account_person_id, "account_link": None})
    # The group first: it is idempotent, so a failure after it leaves the link pending and retryable.
    directory.add_role(email=link.email, tenant_id=tenant_id, role=link.role)
    confirmed = link.model_copy(update={"status": "confirmed", "confirmed_at": datetime.now(UTC)})
    store.confirm_link(confirmed, linked)
    saved = store.participant(tenant_id, linked.participant_id) or linked
    publisher.publish([OutgoingEvent(tenant_id, participant_accepted(saved, application))])
    return saved
