"""Intake's audit part: the trail of every read and change of personal data (issue 14, accountability).

`router` carries its API routes and pages (intake's api.py includes it), `HANDLERS` its event handler
(intake's events.py joins it). `router` is looked up when first asked for; the handlers are
named, each imported at the first event of its type (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    from shared.events.consumer import HandlerName

    router: APIGatewayRouter

__all__ = ["HANDLERS", "router"]

#: Its event handlers, named (intake's events.py joins them; each is imported at its event's first arrival).
HANDLERS: dict[str, HandlerName] = {
    "PersonalDataAccessed": "services.intake.audit.events:on_personal_data_accessed",
}


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.audit import api as _api  # noqa: F401 - its routes join the router
        from services.intake.audit import web as _web  # noqa: F401 - its pages join the router
        from services.intake.audit.routing import router

        return router
    raise AttributeError(name)
