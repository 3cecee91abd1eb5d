"""Monitoring's questionnaires part: `router` carries its API routes and pages (api.py includes it),
`HANDLERS` its event handlers (events.py joins them with the other part's).

`router` is looked up when first asked for, and the handlers are named (issue 15): importing the part's
`logic` (tests, the seed) must not need the functions' settings, which the routes' and handlers' adapters
read at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.router import APIGatewayRouter

    from shared.events.consumer import HandlerName

    router: APIGatewayRouter

__all__ = ["HANDLERS", "router"]

_EVENTS = "services.monitoring.questionnaires.events"
#: Its event handlers, named (events.py joins them; the module is imported at the first event it handles).
HANDLERS: dict[str, HandlerName] = {
    "ProgrammeOpened": f"{_EVENTS}:on_programme_opened",
    "ProgrammeChanged": f"{_EVENTS}:on_programme_changed",
    "ParticipantAccepted": f"{_EVENTS}:on_participant_accepted",
    "MatchConfirmed": f"{_EVENTS}:on_match_confirmed",
    "AgreementSigned": f"{_EVENTS}:on_agreement_signed",
    "QuestionnairesDue": f"{_EVENTS}:on_questionnaires_due",
    "MatchEnded": f"{_EVENTS}:on_match_ended",
    "GoalsSet": f"{_EVENTS}:on_goals_set",
}


def __getattr__(name: str) -> Any:
    if name == "router":
        from services.monitoring.questionnaires import api as _api  # noqa: F401 - its routes join the router
        from services.monitoring.questionnaires.routing import router
        from services.monitoring.questionnaires.web import questionnaires, reviews  # noqa: F401 - pages

        return router
    raise AttributeError(name)
