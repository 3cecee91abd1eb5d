"""Monitoring's reports part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from shared.events.consumer import Handler
from shared.events.envelope import EventData

router = APIGatewayRouter()
HANDLERS: dict[type[EventData], Handler] = {}
