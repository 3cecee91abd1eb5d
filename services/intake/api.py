"""Intake's API Lambda: tenants, accounts, programmes, applications, screening, participants, forms."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from services.intake import logic, metrics
from services.intake.deps import directory, publisher, store
from services.intake.models import Tenant, User
from services.intake.schemas import (
    AccountLinkList,
    Application,
    ApplicationDetail,
    ApplicationPage,
    AuditList,
    DecisionCreate,
    InterviewNote,
    NoteCreate,
    Participant,
    ParticipantList,
    Programme,
    ProgrammeCreate,
    ProgrammeList,
    ProgrammePatch,
    ProgrammePresetList,
    TenantCreate,
    TenantList,
    TrainingCreate,
    UserCreate,
)
from services.intake.settings import settings
from shared.http import api_handler, created, make_resolver, principal
from shared.route_parts import include_later, router_of

SERVICE = "intake"
app = make_resolver(SERVICE)


# The parts below join `app` at the first request for one of their paths (shared/route_parts.py
# `include_later`): a cold start loads the JSON routes of this module and only the part its request needs.

# The signed-in pages (`/app/**`): each module of services/intake/web adds its routes to `web.router`.
PAGES = router_of(
    "services.intake.web", "admin", "assessment", "links", "manager", "participants", "screening", "sign_in"
)
include_later(app, ["/app"], PAGES)
# Q-SER's assessed training (services/intake/assessments).
include_later(
    app, ["/v1/programmes/{programme_id}/assessments"], router_of("services.intake.assessments.api")
)
# Q-SER's archive of good practice (services/intake/archive): its routes and pages.
include_later(
    app,
    ["/app/{tenant_slug}/practice", "/v1/practice-case-drafts", "/v1/practice-cases"],
    router_of("services.intake.archive", "api", "web", router_in="routing"),
)
# Privacy parts (issue 14).
include_later(
    app,
    ["/app/{tenant_slug}/me/consents", "/v1/me/consents"],
    router_of("services.intake.consents", "api", "web", router_in="routing"),
)
include_later(
    app,
    ["/v1/tenants/{tenant_id}/retention"],
    router_of("services.intake.retention", "api", router_in="routing"),
)
# The audit trail (services/intake/audit): its API and the participant's audit page.
include_later(
    app,
    ["/app/{tenant_slug}/participants/{participant_id}/audit", "/v1/audit"],
    router_of("services.intake.audit", "api", "web", router_in="routing"),
)
# A person's export and erasure (services/intake/privacy): its routes and pages.
include_later(
    app,
    [
        "/app/{tenant_slug}/erasures",
        "/app/{tenant_slug}/exports",
        "/app/{tenant_slug}/me/privacy",
        "/app/{tenant_slug}/participants/{participant_id}/erasure",
        "/app/{tenant_slug}/participants/{participant_id}/export",
        "/v1/erasures",
        "/v1/exports",
        "/v1/me/export",
        "/v1/people",
    ],
    router_of("services.intake.privacy", "api", "web", router_in="routing"),
)
# Impulse workshops for a programme's mentors and mentees (services/intake/workshops): API and pages.
include_later(
    app,
    [
        "/app/{tenant_slug}/programmes/{programme_id}/workshops",
        "/app/{tenant_slug}/workshops",
        "/v1/programmes/{programme_id}/workshops",
        "/v1/workshops",
    ],
    router_of("services.intake.workshops", "api", "web", router_in="routing"),
)
# Employers' links to mentees (seed 002; services/intake/employers): API, the employer's start page and the
# participant page's forms.
include_later(
    app,
    [
        "/app/{tenant_slug}/employer",
        "/app/{tenant_slug}/participants/{participant_id}/employer-links",
        "/v1/participants/{participant_id}/employer-links",
    ],
    router_of("services.intake.employers", "api", "web", router_in="routing"),
)
# Partner systems' machine clients (services/intake/machine_clients): registration, the partner routes and
# the manager's page.
include_later(
    app,
    ["/app/{tenant_slug}/partner-systems", "/v1/machine-clients", "/v1/partner"],
    router_of("services.intake.machine_clients", "api", "web", router_in="routing"),
)


def _with_links(programme: Programme) -> Programme:
    return programme.model_copy(update={"form_links": logic.form_links(settings.public_base_url, programme)})


@app.post("/v1/tenants", tags=["tenants"], status_code=201, response_description="created")
def create_tenant(body: Annotated[TenantCreate, Body()]) -> Response[Tenant]:
    tenant = logic.create_tenant(principal(app), body, store(), publisher())
    return created(tenant, f"/v1/tenants/{tenant.tenant_id}")


@app.get("/v1/tenants", tags=["tenants"])
def list_tenants() -> TenantList:
    return TenantList(items=logic.list_tenants(principal(app), store()))


@app.get("/v1/tenants/<tenant_id>/audit", tags=["tenants"])
def audit_trail(tenant_id: str) -> AuditList:
    return AuditList(items=logic.audit_trail(principal(app), tenant_id, store()))


@app.post(
    "/v1/users",
    tags=["users"],
    status_code=201,
    response_description="created; `audit` is set when the network admin made a manager",
)
def create_user(body: Annotated[UserCreate, Body()]) -> Response[User]:
    user: User = logic.create_user(principal(app), body, store(), directory(), publisher())
    metrics.count(metrics.ACCOUNTS_CREATED)
    return created(user)


@app.get("/v1/me/links", tags=["users"])
def my_links() -> AccountLinkList:
    return AccountLinkList(items=logic.my_links(principal(app), store()))


@app.post("/v1/me/links/<link_id>/confirm", tags=["users"])
def confirm_link(link_id: str) -> Participant:
    return logic.confirm_link(principal(app), link_id, store(), directory(), publisher())


@app.post("/v1/programmes", tags=["programmes"], status_code=201, response_description="created")
def open_programme(body: Annotated[ProgrammeCreate, Body()]) -> Response[Programme]:
    programme = logic.open_programme(principal(app), body, store(), publisher())
    return created(_with_links(programme), f"/v1/programmes/{programme.programme_id}")


@app.get("/v1/programme-presets", tags=["programmes"])
def programme_presets() -> ProgrammePresetList:
    return ProgrammePresetList(items=logic.programme_presets(principal(app)))


@app.get("/v1/programmes", tags=["programmes"])
def list_programmes() -> ProgrammeList:
    return ProgrammeList(items=[_with_links(p) for p in logic.list_programmes(principal(app), store())])


@app.get("/v1/programmes/<programme_id>", tags=["programmes"])
def get_programme(programme_id: str) -> Programme:
    return _with_links(logic.get_programme(principal(app), programme_id, store()))


@app.patch("/v1/programmes/<programme_id>", tags=["programmes"])
def change_programme(programme_id: str, body: Annotated[ProgrammePatch, Body()]) -> Programme:
    return _with_links(logic.change_programme(principal(app), programme_id, body, store(), publisher()))


# --- screening --------------------------------------------------------------------------------------


@app.get("/v1/applications", tags=["screening"])
def list_applications(
    programme_id: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query(pattern="^(submitted|accepted|rejected|waitlisted)$")] = None,
    role: Annotated[str | None, Query(pattern="^(mentee|mentor)$")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    next_token: Annotated[str | None, Query(max_length=2000)] = None,
) -> ApplicationPage:
    query = logic.ApplicationQuery(
        programme_id=programme_id, status=status, role=role, limit=limit, next_token=next_token
    )
    return logic.list_applications(principal(app), store(), query)


@app.get("/v1/applications/<application_id>", tags=["screening"])
def read_application(application_id: str) -> ApplicationDetail:
    return logic.read_application(principal(app), application_id, store())


@app.post(
    "/v1/applications/<application_id>/notes",
    tags=["screening"],
    status_code=201,
    response_description="noted",
)
def add_note(application_id: str, body: Annotated[NoteCreate, Body()]) -> Response[InterviewNote]:
    note: InterviewNote = logic.add_interview_note(principal(app), application_id, body, store())
    return created(note)


@app.post("/v1/applications/<application_id>/decision", tags=["screening"])
def decide(application_id: str, body: Annotated[DecisionCreate, Body()]) -> Application:
    decided = logic.decide_application(
        principal(app), application_id, body, store(), directory(), publisher()
    )
    metrics.count(metrics.APPLICATIONS_DECIDED)
    return decided


# --- participants and training -------------------------------------------------------------------------


@app.get("/v1/participants", tags=["participants"])
def list_participants(
    programme_id: Annotated[str | None, Query()] = None,
    role: Annotated[str | None, Query(pattern="^(mentee|mentor)$")] = None,
) -> ParticipantList:
    return ParticipantList(
        items=logic.list_participants(principal(app), store(), programme_id=programme_id, role=role)
    )


@app.get("/v1/participants/<participant_id>", tags=["participants"])
def read_participant(participant_id: str) -> Participant:
    return logic.read_participant(principal(app), participant_id, store())


@app.post("/v1/participants/<participant_id>/training", tags=["participants"])
def record_training(participant_id: str, body: Annotated[TrainingCreate, Body()]) -> Participant:
    return logic.record_training(principal(app), participant_id, body, store(), publisher())


handler = api_handler(app, SERVICE)
