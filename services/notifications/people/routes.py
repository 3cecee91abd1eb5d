"""The people part's API: a person's preferences, and the delivery log a manager reads."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from services.notifications.people import logic, router
from services.notifications.people.deps import store
from services.notifications.people.schemas import DeliveryLog, PreferencesRead, PreferencesWrite
from shared.auth import Principal

TAGS = ["notifications"]


def _caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)


@router.get(
    "/v1/me/preferences",
    tags=TAGS,
    summary="How I want to hear from Tandem (defaults: the consent I gave when applying)",
)
def read_preferences() -> PreferencesRead:
    return logic.preferences(_caller(), store())


@router.put(
    "/v1/me/preferences",
    tags=TAGS,
    summary="Choose e-mail, SMS and language (transactional mail is always sent)",
)
def write_preferences(body: Annotated[PreferencesWrite, Body()]) -> PreferencesRead:
    return logic.set_preferences(_caller(), body, store())


@router.get(
    "/v1/notifications",
    tags=TAGS,
    summary="What was sent to a person, on which channel, and how it went (never a message's text)",
)
def read_delivery_log(
    person_id: Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
) -> DeliveryLog:
    return logic.delivery_log(_caller(), person_id, store())
