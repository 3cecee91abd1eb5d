"""Intake's retention part: `router` carries its API routes (intake's api.py includes it), `HANDLERS` the
daily sweep's (intake's events.py joins them).

Looked up when first asked for, as monitoring's parts are: importing `rules` or `logic` needs no settings.
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
        from services.intake.retention import api as _api  # noqa: F401 - its routes join the router
        from services.intake.retention.routing import router

        return router
    if name == "HANDLERS":
        from services.intake.retention.events import HANDLERS

        return HANDLERS
    raise AttributeError(name)
