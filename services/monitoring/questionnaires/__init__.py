"""Monitoring's questionnaires part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's).

Both are looked up when first asked for: importing the part's `logic` (tests, the seed) must not need the
functions' settings, which the routes' and handlers' adapters read at import.
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
        from services.monitoring.questionnaires import api as _api  # noqa: F401 - its routes join the router
        from services.monitoring.questionnaires.routing import router
        from services.monitoring.questionnaires.web import questionnaires, reviews  # noqa: F401 - pages

        return router
    if name == "HANDLERS":
        from services.monitoring.questionnaires.events import HANDLERS

        return HANDLERS
    raise AttributeError(name)
