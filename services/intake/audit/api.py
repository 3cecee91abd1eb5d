"""`GET /v1/audit`: who read or changed a participant's personal data; `GET /v1/audit/network-admin`: what
the network admin did in the municipality. For its managers; thin routes over `logic`."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from services.intake.audit import logic
from services.intake.audit.models import AuditPage
from services.intake.audit.routing import TAGS, caller, router, trail
from services.intake.deps import store

Limit = Annotated[int, Query(ge=1, le=100, description="entries per page")]
Token = Annotated[str | None, Query(max_length=400, description="the next_token of the page before")]


@router.get("/v1/audit", tags=TAGS, summary="Who read or changed a participant's data, newest first")
def participant_audit(
    subject: Annotated[str, Query(min_length=1, max_length=64, description="the participant id")],
    limit: Limit = 50,
    next_token: Token = None,
) -> AuditPage:
    return logic.subject_trail(caller(), subject, store(), trail(), limit=limit, next_token=next_token)


@router.get("/v1/audit/network-admin", tags=TAGS, summary="What the network admin did in this municipality")
def network_admin_audit(limit: Limit = 50, next_token: Token = None) -> AuditPage:
    return logic.network_admin_entries(caller(), trail(), limit=limit, next_token=next_token)
