"""The audit part's router and adapters (built on first use, like intake's deps)."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.audit.store import TrailStore
from shared.auth import Principal

router = APIGatewayRouter()
TAGS = ["audit"]


@cache
def trail() -> TrailStore:
    return TrailStore()


def caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)
