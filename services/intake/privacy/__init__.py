"""Intake's privacy part (issue 14): a person's export and erasure across every service.

`router` carries its routes and pages (services/intake/api.py includes it), `HANDLERS` its event handlers
(services/intake/events.py joins them). `router` is looked up when first asked
for; the handlers are named, each imported at the first event of its type (issue 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.privacy import answering_names

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    from shared.events.consumer import HandlerName

    router: APIGatewayRouter

__all__ = ["HANDLERS", "router"]

#: Its event handlers, named (intake's events.py joins them; each is imported at its event's first arrival):
#: intake's own share of an export or erasure, and every service's answers.
HANDLERS: dict[str, HandlerName] = {
    **answering_names("services.intake.privacy.events"),
    "PersonExportWritten": "services.intake.privacy.events:on_export_written",
    "PersonErased": "services.intake.privacy.events:on_erased",
}


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.intake.privacy import api as _api  # noqa: F401 - its routes join the router
        from services.intake.privacy import web as _web  # noqa: F401 - its pages join the router
        from services.intake.privacy.routing import router

        return router
    raise AttributeError(name)
