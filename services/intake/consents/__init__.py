"""Intake's consents part: `router` carries its API routes and page (intake's api.py includes it).

Looked up when first asked for, as monitoring's parts are: importing `logic` (tests) needs no settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.consents import api as _api  # noqa: F401 - its routes join the router
        from services.intake.consents import web as _web  # noqa: F401 - its page joins the router
        from services.intake.consents.routing import router

        return router
    raise AttributeError(name)
