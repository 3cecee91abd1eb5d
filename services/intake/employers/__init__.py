"""The employer's link to a mentee (seed 002, work-based learning): a manager links an employer's account
to a mentee who consented to share progress with that employer; the link ends at once when the consent is
withdrawn (in the same transaction as the consent change). `router` carries the API and intake's api.py
includes it; the manager's participant page shows the links (services/intake/employers/web.py).

Looked up when first asked for, as the workshops part is: importing `logic` (tests) needs no settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.employers import api as _api  # noqa: F401 - its routes join the router
        from services.intake.employers import web as _web  # noqa: F401 - its pages join the router
        from services.intake.employers.routing import router

        return router
    raise AttributeError(name)
