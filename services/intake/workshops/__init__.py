"""Impulse workshops (seed 000, socialmentoring): a manager plans workshops in a programme, separately for
its mentors and for its mentees; the programme's participants of that audience see the upcoming ones, sign
up and withdraw; after a workshop the manager records who attended. A mentor's attendance completes the
programme's `impulse_workshop` training module where the programme requires it. `router` carries the API
and the pages; intake's api.py includes it.

Looked up when first asked for, as the consents part is: importing `logic` (tests) needs no settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.workshops import api as _api  # noqa: F401 - its routes join the router
        from services.intake.workshops import web as _web  # noqa: F401 - its pages join the router
        from services.intake.workshops.routing import router

        return router
    raise AttributeError(name)
