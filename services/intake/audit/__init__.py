"""Intake's audit part: the trail of every read and change of personal data (issue 14, accountability).

`router` carries its API routes and pages (intake's api.py includes it), `HANDLERS` its event handler
(intake's events.py joins it). Both are looked up when first asked for, as monitoring's parts are.
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
        from services.intake.audit import api as _api  # noqa: F401 - its routes join the router
        from services.intake.audit import web as _web  # noqa: F401 - its pages join the router
        from services.intake.audit.routing import router

        return router
    if name == "HANDLERS":
        from services.intake.audit.events import HANDLERS

        return HANDLERS
    raise AttributeError(name)
