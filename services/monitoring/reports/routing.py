"""The reports part's one router: its API routes (api.py) and its pages (web/pages.py) both join it."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()
