"""The privacy part's routes (API.md "privacy"): a person's export and erasure."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from services.intake.deps import directory, publisher, store
from services.intake.privacy import logic
from services.intake.privacy.deps import privacy_store
from services.intake.privacy.routing import router
from services.intake.privacy.schemas import ErasureCreate, ErasureView, ExportView
from shared.auth import Principal
from shared.http import answer

TAGS = ["privacy"]


def _caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


def _key() -> str | None:
    return router.current_event.headers.get("idempotency-key")


@router.post(
    "/v1/people/<participant_id>/export",
    tags=TAGS,
    status_code=202,
    response_description="asked of every service; GET the export for its progress and, when complete, links",
)
def export_person(participant_id: str) -> Response[ExportView]:
    view = logic.request_export(
        _caller(), participant_id, privacy_store(), store(), publisher(), idempotency_key=_key()
    )
    return answer(202, view, f"/v1/exports/{view.export_id}")


@router.post(
    "/v1/me/export",
    tags=TAGS,
    status_code=202,
    response_description="asked of every service; GET the export for its progress and, when complete, links",
)
def export_me() -> Response[ExportView]:
    view = logic.request_export(
        _caller(), None, privacy_store(), store(), publisher(), idempotency_key=_key()
    )
    return answer(202, view, f"/v1/exports/{view.export_id}")


@router.get("/v1/exports/<export_id>", tags=TAGS)
def read_export(export_id: str) -> ExportView:
    return logic.read_export(_caller(), export_id, privacy_store())


@router.post(
    "/v1/people/<participant_id>/erasure",
    tags=TAGS,
    status_code=202,
    response_description="the account deleted, every service asked to erase; GET the erasure for progress",
)
def erase_person(participant_id: str, body: Annotated[ErasureCreate, Body()]) -> Response[ErasureView]:
    view = logic.request_erasure(
        _caller(),
        participant_id,
        body,
        privacy_store(),
        store(),
        directory(),
        publisher(),
        idempotency_key=_key(),
    )
    return answer(202, view, f"/v1/erasures/{view.erasure_id}")


@router.get("/v1/erasures/<erasure_id>", tags=TAGS)
def read_erasure(erasure_id: str) -> ErasureView:
    return logic.read_erasure(_caller(), erasure_id, privacy_store())
