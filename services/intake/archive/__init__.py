"""Q-SER's archive of good practice (issue 16, seed 004): cases written by a municipality's mentors and
managers (title, situation, what worked, tags, department, language), checked to name no participant and
no contact details, approved by a manager before anyone else reads them, and found by a full-text search
across the municipality's departments. `router` carries the routes and the pages (looked up when first asked
for); intake's api.py includes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    router: APIGatewayRouter

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.archive import api as _api  # noqa: F401 - its routes join the router
        from services.intake.archive import web as _web  # noqa: F401 - its pages join the router
        from services.intake.archive.routing import router

        return router
    raise AttributeError(name)
