"""The public face of a programme, and applications to it (from a web form or a partner's)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.intake.form_spec import fields_for
from services.intake.logic.ports import ApplicationsPort
from services.intake.logic.registry import contact_details, new_id
from services.intake.models import (
    PRIVACY_NOTICE_VERSION,
    Application,
    ConsentRecord,
    FormField,
    Programme,
    PurposeConsent,
    Tenant,
)
from services.intake.schemas import ApplicationCreate, ApplicationReceipt, PublicProgramme
from shared.errors import Conflict, NotFound
from shared.events.catalog import ApplicationSubmitted
from shared.events.publisher import OutgoingEvent, Publisher
from shared.idempotency import IdempotencyRace, IdempotentRequest
from shared.languages import SHIPPED, shipped_or_default
from shared.vocabulary import ApplicantRole


def _public_target(tenant_slug: str, programme_id: str, store: ApplicationsPort) -> tuple[Tenant, Programme]:
    tenant = store.tenant_by_slug(tenant_slug)
    programme = store.programme(tenant.tenant_id, programme_id) if tenant else None
    if tenant is None or programme is None:
        raise NotFound("No such programme.")
    return tenant, programme


def public_programme(tenant_slug: str, programme_id: str, store: ApplicationsPort) -> PublicProgramme:
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
        fields={role: programme_fields(programme, role) for role in ("mentee", "mentor")},
    )


def programme_fields(programme: Programme, role: ApplicantRole) -> list[FormField]:
    """The form's fields for a role in this programme: with its skill matrix and personality test if on."""
    return fields_for(
        role,
        skill_matrix=programme.skill_matrix,
        personality_assessment=programme.personality_assessment,
    )


def _asked_for(programme: Programme, body: ApplicationCreate) -> dict[str, Any]:
    """The self-assessments the programme asks for, and nothing else of them (data minimisation): ratings
    of skills outside its matrix, or a personality test it does not use, are not kept."""
    ratings = {k: v for k, v in (body.skill_ratings or {}).items() if k in programme.skill_matrix}
    return {
        "skill_ratings": ratings or None,
        "personality": body.personality if programme.personality_assessment else None,
    }


def new_application_id(now: datetime) -> str:
    """Sorts by submission time (newest first is a reverse key order), unique by its random tail."""
    return f"app_{int(now.timestamp() * 1000):013d}{uuid.uuid4().hex[:8]}"


def submit_application(
    tenant_slug: str,
    programme_id: str,
    body: ApplicationCreate,
    store: ApplicationsPort,
    publisher: Publisher,
    *,
    idempotency_key: str | None = None,
    partner_client_id: str | None = None,
) -> ApplicationReceipt:
    """An application from the programme's form, or from a partner system (`partner_client_id`: its app
    client, which alone may read and update it later; its Idempotency-Keys are its own)."""
    tenant, programme = _public_target(tenant_slug, programme_id, store)
    now = datetime.now(UTC)
    if body.website:
        # A bot filled the trap: answer as usual so it learns nothing, keep and publish nothing.
        return ApplicationReceipt(application_id=new_application_id(now), status="submitted")
    if not programme.intake_open:
        raise Conflict("Applications to this programme are closed.", rule="intake_closed")
    scope = f"{programme_id}#{partner_client_id}" if partner_client_id else programme_id
    request = IdempotentRequest.of(idempotency_key, scope=scope, body=body)
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
        **_asked_for(programme, body),
        consent=consent_record(body, now),
        partner_client_id=partner_client_id,
    )
    receipt = ApplicationReceipt(application_id=application.application_id, status="submitted")
    # The application and its events commit in one transaction (the outbox): none without the other.
    events = [
        OutgoingEvent(tenant.tenant_id, contact_details(application)),
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
    try:
        with publisher.along(events):
            store.add_application(application, idempotency=request.answered(receipt) if request else None)
    except IdempotencyRace:
        assert request is not None  # only a request with a key can race
        earlier = request.recall(store, tenant.tenant_id, ApplicationReceipt)
        assert earlier is not None  # the racing request stored it: that is why we lost
        return earlier
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
