"""The employer links' router: its API routes (`api.py`) and page forms (`web.py`) join it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.auth import Principal

router = APIGatewayRouter()
TAGS = ["employer links"]


def caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)
