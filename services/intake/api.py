"""Intake's API Lambda: tenants, accounts, programmes, applications, screening, participants, forms."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from services.intake import (
    audit,
    consents,
    logic,
    machine_clients,
    metrics,
    privacy,
    retention,
    web,
    workshops,
)
from services.intake.archive import api as _archive_api  # noqa: F401 - its routes join the archive's router
from services.intake.archive import web as _archive_web  # noqa: F401 - its pages join the archive's router
from services.intake.archive.routing import router as archive_router
from services.intake.assessments import api as assessment_routes
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
from services.intake.web import admin as _admin  # noqa: F401 - its routes join web.router
from services.intake.web import assessment as _assessment  # noqa: F401 - its routes join web.router
from services.intake.web import links as _links  # noqa: F401 - its routes join web.router
from services.intake.web import manager as _manager  # noqa: F401 - its routes join web.router
from services.intake.web import participants as _participants  # noqa: F401 - its routes join web.router
from services.intake.web import screening as _screening  # noqa: F401 - its routes join web.router
from services.intake.web import sign_in as _sign_in  # noqa: F401 - its routes join web.router
from shared.http import api_handler, created, make_resolver, principal

SERVICE = "intake"
app = make_resolver(SERVICE)
# The signed-in pages (`/app/**`): each module of services/intake/web adds its routes to `web.router`.
app.include_router(web.router)
# Q-SER's assessed training (services/intake/assessments).
app.include_router(assessment_routes.router)
# Q-SER's archive of good practice (services/intake/archive): its routes and pages.
app.include_router(archive_router)
# Privacy parts (issue 14): each package's `router` carries its routes and pages.
app.include_router(consents.router)
app.include_router(retention.router)
# The audit trail (services/intake/audit): its API and the participant's audit page.
app.include_router(audit.router)
# A person's export and erasure (services/intake/privacy): its routes and pages.
app.include_router(privacy.router)
# Impulse workshops for a programme's mentors and mentees (services/intake/workshops): API and pages.
app.include_router(workshops.router)
# Partner systems' machine clients (services/intake/machine_clients): registration and the partner routes.
app.include_router(machine_clients.router)


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
