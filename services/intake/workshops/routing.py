"""The workshops part's router: its API routes (`api.py`) and pages (`web.py`) join it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.auth import Principal

router = APIGatewayRouter()


def caller() -> Principal:
    return Principal.from_event(router.current_event.raw_event)
