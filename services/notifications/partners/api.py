"""Partners' routes on notifications' API function: subscriptions, their deliveries and replay."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from services.notifications.partners import logic, router
from services.notifications.partners.deps import resolver, routing, store
from services.notifications.partners.schemas import (
    ReplayRequest,
    ReplayStarted,
    SubscriptionCreate,
    SubscriptionList,
    SubscriptionView,
)
from services.notifications.partners.settings import settings
from shared.auth import Principal
from shared.http import answer

TAGS = ["partners"]


def _caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.post(
    "/v1/subscriptions",
    tags=TAGS,
    status_code=201,
    response_description="subscribed: the municipality's public events of these types go to the endpoint",
)
def subscribe(body: Annotated[SubscriptionCreate, Body()]) -> Response[SubscriptionView]:
    view = logic.subscribe(
        _caller(),
        body,
        store(),
        routing(),
        mode=settings().partner_endpoints,
        resolver=resolver(),
        idempotency_key=router.current_event.headers.get("idempotency-key"),
    )
    return answer(201, view, f"/v1/subscriptions/{view.subscription_id}")


@router.get("/v1/subscriptions", tags=TAGS)
def list_subscriptions() -> SubscriptionList:
    return logic.list_subscriptions(_caller(), store())


@router.get("/v1/subscriptions/<subscription_id>", tags=TAGS)
def read_subscription(subscription_id: str) -> SubscriptionView:
    return logic.read_subscription(_caller(), subscription_id, store(), routing())


@router.delete(
    "/v1/subscriptions/<subscription_id>",
    tags=TAGS,
    responses={204: {"description": "unsubscribed: nothing more is delivered", "content": {}}},
)
def unsubscribe(subscription_id: str) -> Response[None]:
    logic.unsubscribe(_caller(), subscription_id, store(), routing())
    return Response(status_code=204)


@router.post(
    "/v1/subscriptions/<subscription_id>/replay",
    tags=TAGS,
    status_code=202,
    response_description="the subscription's events of the range are being sent again from the archive",
)
def replay(subscription_id: str, body: Annotated[ReplayRequest, Body()]) -> Response[ReplayStarted]:
    started = logic.replay(_caller(), subscription_id, body, store(), routing())
    return answer(202, started)
