"""Notifications' partners part of the API: `router` carries its routes and pages (api.py includes it, after
importing `api` and `web.pages`, whose functions join it). Importing the package loads neither: the public
catalogue function (public_api.py) needs only `catalogue` (issue 15, a cold start in 300 ms)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()
