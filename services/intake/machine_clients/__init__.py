"""Machine clients (issue 16, Mentoring 2.0 / seed 001): a partner HR system creates and updates applicants
through the API with an app client of its own (Cognito client credentials), scoped to one municipality.

A manager (or the network admin, for a municipality) registers a partner system: intake creates its app
client in the user pool and keeps which municipality it acts for; the secret is answered once and never
kept. The partner's routes (`/v1/partner/...`) take only its access token. `router` carries the routes;
intake's api.py includes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.machine_clients import api as _api  # noqa: F401 - its routes join the router
        from services.intake.machine_clients import web as _web  # noqa: F401 - its pages join the router
        from services.intake.machine_clients.routing import router

        return router
    raise AttributeError(name)
