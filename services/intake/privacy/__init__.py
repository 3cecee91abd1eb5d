"""Intake's privacy part (issue 14): a person's export and erasure across every service.

`router` carries its routes and pages (services/intake/api.py includes it), `HANDLERS` its event handlers
(services/intake/events.py joins them). Both are looked up when first asked for, as in monitoring's parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    from shared.events.consumer import Handler
    from shared.events.envelope import EventData

    router: APIGatewayRouter
    HANDLERS: dict[type[EventData], Handler]

__all__ = ["HANDLERS", "router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.privacy import api as _api  # noqa: F401 - its routes join the router
        from services.intake.privacy import web as _web  # noqa: F401 - its pages join the router
        from services.intake.privacy.routing import router

        return router
    if name == "HANDLERS":
        from services.intake.privacy.events import HANDLERS

        return HANDLERS
    raise AttributeError(name)
