"""The machine clients' API: a manager registers, lists and revokes their municipality's partner systems
(the network admin any municipality's); a partner system creates, reads and updates its applicants."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from services.intake.deps import publisher
from services.intake.machine_clients import logic
from services.intake.machine_clients.cognito import CognitoAppClients
from services.intake.machine_clients.models import (
    MachineClientCreate,
    MachineClientCreated,
    MachineClientList,
    PartnerApplicant,
    PartnerApplicantCreate,
    PartnerApplicantPatch,
)
from services.intake.machine_clients.routing import authorizer_claims, caller, router
from services.intake.machine_clients.store import MachineClientsStore
from services.intake.schemas import ApplicationReceipt
from services.intake.settings import settings
from shared.auth import Principal
from shared.http import created

TAGS = ["machine clients"]
PARTNER_TAGS = ["partner systems"]


@cache
def app_clients() -> CognitoAppClients:
    import boto3

    return CognitoAppClients(boto3.client("cognito-idp"), settings.user_pool_id)


def _idempotency_key() -> str | None:
    return router.current_event.headers.get("idempotency-key")


@router.post(
    "/v1/machine-clients",
    tags=TAGS,
    status_code=201,
    response_description="registered; the secret is in this answer only",
)
def register_client(body: Annotated[MachineClientCreate, Body()]) -> Response[MachineClientCreated]:
    registered = logic.register_client(
        caller(),
        body,
        app_clients(),
        MachineClientsStore(),
        publisher(),
        token_endpoint=settings.oauth_token_url,
        idempotency_key=_idempotency_key(),
    )
    return created(registered, f"/v1/machine-clients/{registered.client_id}")


@router.get("/v1/machine-clients", tags=TAGS)
def list_clients(
    tenant_id: Annotated[str | None, Query(max_length=64, description="the network admin's choice")] = None,
) -> MachineClientList:
    return MachineClientList(items=logic.list_clients(caller(), tenant_id, MachineClientsStore()))


@router.delete(
    "/v1/machine-clients/<client_id>",
    tags=TAGS,
    responses={204: {"description": "revoked: its tokens are refused from now on", "content": {}}},
)
def revoke_client(client_id: str) -> Response[None]:
    logic.revoke_client(caller(), client_id, app_clients(), MachineClientsStore(), publisher())
    return Response(status_code=204)


# --- the partner system's routes (its access token only) ----------------------------------------------


def _partner(store: MachineClientsStore) -> Principal:
    return logic.partner(authorizer_claims(), store)


@router.post("/v1/partner/applicants", tags=PARTNER_TAGS, status_code=201, response_description="submitted")
def create_applicant(body: Annotated[PartnerApplicantCreate, Body()]) -> Response[ApplicationReceipt]:
    store = MachineClientsStore()
    receipt = logic.create_applicant(
        _partner(store), body, store, publisher(), idempotency_key=_idempotency_key()
    )
    return created(receipt, f"/v1/partner/applicants/{receipt.application_id}")


@router.get("/v1/partner/applicants/<application_id>", tags=PARTNER_TAGS)
def read_applicant(application_id: str) -> PartnerApplicant:
    store = MachineClientsStore()
    return logic.read_applicant(_partner(store), application_id, store)


@router.patch("/v1/partner/applicants/<application_id>", tags=PARTNER_TAGS)
def update_applicant(application_id: str, body: Annotated[PartnerApplicantPatch, Body()]) -> PartnerApplicant:
    store = MachineClientsStore()
    return logic.update_applicant(_partner(store), application_id, body, store, publisher())
