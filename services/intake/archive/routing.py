"""The archive's one router: its API (api.py) and its pages (web.py) add their routes to it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()
