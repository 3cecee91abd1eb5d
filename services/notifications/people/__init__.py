"""Notifications' people part of the API: `router` carries its routes and pages (api.py includes it, after
importing `routes` and `web`, whose functions join it).

`router` (routing.py) is looked up when first asked for: the events function imports `feedback` and
`receipts` from here, and Powertools' event handler (asyncio with it) is no part of its cold start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.notifications.people.routing import router

        return router
    raise AttributeError(name)
