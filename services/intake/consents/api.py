"""`GET/PUT /v1/me/consents`: a participant's consents per purpose, with their history (README additions)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from services.intake.consents import logic
from services.intake.consents.deps import erasure_requests, now, publisher, store
from services.intake.consents.routing import TAGS, caller, router
from services.intake.consents.schemas import ConsentsView, ConsentsWrite


@router.get("/v1/me/consents", tags=TAGS)
def my_consents() -> ConsentsView:
    return logic.my_consents(caller(), store())


@router.put("/v1/me/consents", tags=TAGS)
def change_consents(body: Annotated[ConsentsWrite, Body()]) -> ConsentsView:
    return logic.change_consents(caller(), body, store(), publisher(), erasure_requests(), now=now())
