"""`GET/PUT /v1/tenants/{tenant_id}/retention`: the municipality's retention periods (its managers)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from services.intake.deps import store
from services.intake.retention import logic
from services.intake.retention.routing import TAGS, caller, router
from services.intake.retention.schemas import RetentionView, RetentionWrite


@router.get("/v1/tenants/<tenant_id>/retention", tags=TAGS)
def read_retention(tenant_id: str) -> RetentionView:
    return logic.read_retention(caller(), tenant_id, store())


@router.put("/v1/tenants/<tenant_id>/retention", tags=TAGS)
def set_retention(tenant_id: str, body: Annotated[RetentionWrite, Body()]) -> RetentionView:
    return logic.set_retention(caller(), tenant_id, body, store())
