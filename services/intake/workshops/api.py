"""The workshops' API: a manager plans, lists, cancels and marks attendance; a participant of the
programme lists their audience's workshops and signs up or withdraws."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from services.intake.deps import publisher
from services.intake.workshops import logic
from services.intake.workshops.models import AttendanceWrite, WorkshopList, WorkshopPlan, WorkshopView
from services.intake.workshops.routing import caller, router
from services.intake.workshops.store import WorkshopsStore
from shared.http import created

TAGS = ["workshops"]


@router.post(
    "/v1/programmes/<programme_id>/workshops", tags=TAGS, status_code=201, response_description="planned"
)
def plan_workshop(programme_id: str, body: Annotated[WorkshopPlan, Body()]) -> Response[WorkshopView]:
    planned = logic.plan_workshop(
        caller(),
        programme_id,
        body,
        WorkshopsStore(),
        publisher(),
        idempotency_key=router.current_event.headers.get("idempotency-key"),
    )
    return created(planned, f"/v1/workshops/{planned.workshop_id}")


@router.get("/v1/programmes/<programme_id>/workshops", tags=TAGS)
def list_workshops(programme_id: str) -> WorkshopList:
    return WorkshopList(items=logic.list_workshops(caller(), programme_id, WorkshopsStore()))


@router.get("/v1/workshops/<workshop_id>", tags=TAGS)
def read_workshop(workshop_id: str) -> WorkshopView:
    return logic.read_workshop(caller(), workshop_id, WorkshopsStore())


@router.post("/v1/workshops/<workshop_id>/cancel", tags=TAGS)
def cancel_workshop(workshop_id: str) -> WorkshopView:
    return logic.cancel_workshop(caller(), workshop_id, WorkshopsStore(), publisher())


@router.put("/v1/workshops/<workshop_id>/sign-up", tags=TAGS)
def sign_up(workshop_id: str) -> WorkshopView:
    return logic.sign_up(caller(), workshop_id, WorkshopsStore())


@router.delete("/v1/workshops/<workshop_id>/sign-up", tags=TAGS)
def withdraw(workshop_id: str) -> WorkshopView:
    return logic.withdraw(caller(), workshop_id, WorkshopsStore())


@router.put("/v1/workshops/<workshop_id>/attendance", tags=TAGS)
def record_attendance(workshop_id: str, body: Annotated[AttendanceWrite, Body()]) -> WorkshopView:
    return logic.record_attendance(caller(), workshop_id, body, WorkshopsStore(), publisher())
