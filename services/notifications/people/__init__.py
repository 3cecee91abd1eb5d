"""Notifications' people part of the API: `router` carries its routes and pages (api.py includes it, after
importing `routes` and `web`, whose functions join it)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()
