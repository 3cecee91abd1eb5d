"""Intake's retention part: `router` carries its API routes (intake's api.py includes it), `HANDLERS` the
daily sweep's (intake's events.py joins them).

`router` is looked up when first asked for (importing `rules` or `logic` needs no settings); the handlers
are named, each imported at the first event of its type (issue 15).
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
    "TenantCreated": "services.intake.retention.events:on_tenant_created",
    "RetentionSweepDue": "services.intake.retention.events:on_sweep_due",
}


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.retention import api as _api  # noqa: F401 - its routes join the router
        from services.intake.retention.routing import router

        return router
    raise AttributeError(name)
