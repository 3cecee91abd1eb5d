"""Notifications' partners part of the API: `router` carries its routes and pages (api.py includes it)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()

# The modules below add their routes to `router`; imported last because they import it.
from services.notifications.partners import api as _api  # noqa: E402, F401
from services.notifications.partners.web import pages as _pages  # noqa: E402, F401
