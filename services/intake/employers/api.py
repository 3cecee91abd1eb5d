"""`/v1/participants/{participant_id}/employer-links`: a manager links an employer's account to a mentee
(their `employer_sharing` consent given), lists the links and ends one (README additions)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from services.intake.deps import publisher, store
from services.intake.employers import logic
from services.intake.employers.models import EmployerLinkCreate, EmployerLinkList, EmployerLinkView
from services.intake.employers.routing import TAGS, caller, router
from shared.http import created


@router.post(
    "/v1/participants/<participant_id>/employer-links",
    tags=TAGS,
    status_code=201,
    response_description="linked",
)
def link_employer(
    participant_id: str, body: Annotated[EmployerLinkCreate, Body()]
) -> Response[EmployerLinkView]:
    link = logic.link_employer(
        caller(),
        participant_id,
        body,
        store(),
        publisher(),
        now=datetime.now(UTC),
        idempotency_key=router.current_event.headers.get("idempotency-key"),
    )
    return created(link, f"/v1/participants/{participant_id}/employer-links/{link.link_id}")


@router.get("/v1/participants/<participant_id>/employer-links", tags=TAGS)
def list_employer_links(participant_id: str) -> EmployerLinkList:
    return EmployerLinkList(items=logic.list_links(caller(), participant_id, store()))


@router.delete("/v1/participants/<participant_id>/employer-links/<link_id>", tags=TAGS)
def end_employer_link(participant_id: str, link_id: str) -> EmployerLinkView:
    return logic.end_link(caller(), participant_id, link_id, store(), publisher(), now=datetime.now(UTC))
